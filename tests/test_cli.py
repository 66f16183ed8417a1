"""The real command, end to end: outputs, options and exit codes."""
from __future__ import annotations

import json
import shutil
import sys

import pytest

from conftest import FIXTURES, ROOT, run_cli

SEED = "fixtures/seed-import-response.json"
TEN = "fixtures/ten-defects.json"


def test_clean_input_exits_0_with_a_summary() -> None:
    result = run_cli("check", SEED, "fixtures/clean")
    assert result.returncode == 0
    assert result.stdout.decode().splitlines()[-1].endswith("in 2 files (4 assistants)")


def test_findings_exit_1_and_print_one_line_each() -> None:
    result = run_cli("check", TEN)
    lines = result.stdout.decode().splitlines()
    assert result.returncode == 1
    assert lines[0].startswith("fixtures/ten-defects.json:14:11: FL302 [warning] nodes")
    assert lines[-1] == "6 errors, 8 warnings, 0 info in 1 file (1 assistant)"
    assert "\x1b[" not in result.stdout.decode()


@pytest.mark.parametrize("args, code", [
    (["--fail-on", "warning", "fixtures/rules/FL304-self-loop.json"], 1),
    (["fixtures/rules/FL304-self-loop.json"], 0),
    (["--exit-zero", TEN], 0),
    (["--select", "FL304", TEN], 0),
    (["--ignore", "FL0,FL2,FL301", TEN], 0),
    (["--severity", "FL304=error", "--select", "FL304", TEN], 1),
], ids=["fail-on-warning", "warning-passes", "exit-zero", "select", "ignore", "severity"])
def test_gate_options_decide_the_exit_code(args, code) -> None:
    assert run_cli("check", *args).returncode == code


@pytest.mark.parametrize("args, message", [
    (["check", "--select", "FL999", SEED], "unknown rule selector: 'FL999'"),
    (["check", "--severity", "FL301=fatal", SEED],
     "--severity FL301=fatal: unknown level 'fatal' (use error, warning, info or off)"),
    (["check", "--format", "yaml", SEED], "invalid choice: 'yaml'"),
    (["check"], "the following arguments are required: PATH"),
], ids=["selector", "severity", "format", "no-path"])
def test_bad_arguments_exit_2_with_one_message_and_no_traceback(args, message) -> None:
    result = run_cli(*args)
    assert result.returncode == 2
    assert message in result.stderr.decode() and "Traceback" not in result.stderr.decode()


@pytest.mark.parametrize("args, message", [
    (["--ignore", "topolgy"], "unknown rule selector: 'topolgy' (did you mean \"topology\"?)"),
    (["--select", "unreachble-node"], "'unreachble-node' (did you mean \"unreachable-node\"?)"),
    (["--select", "FL3O1"], "'FL3O1' (did you mean \"FL301\"?)"),
    (["--ignore", "secrity,FL0"], "'secrity' (did you mean \"security\"?)"),
    (["--severity", "unreachable-nod=off"],
     "--severity unreachable-nod=off: unknown rule 'unreachable-nod'; did you mean \"unreachable-node\"?"),
    (["--severity", "FL3O1=info"], "unknown rule 'FL3O1'; did you mean \"FL301\"?"),
], ids=["group", "name", "code", "one-of-two", "severity-name", "severity-code"])
def test_a_mistyped_selector_gets_a_did_you_mean(args, message) -> None:
    result = run_cli("check", *args, SEED)
    assert result.returncode == 2
    (line,) = result.stderr.decode().splitlines()
    assert message in line


def test_a_config_file_gets_the_same_did_you_mean(tmp_path) -> None:
    (tmp_path / "flowlint.toml").write_text('ignore = ["topolgy"]\n[severity]\nFL301 = "info"\n')
    result = run_cli("check", str(ROOT / SEED), cwd=tmp_path)
    assert result.returncode == 2
    assert "ignore: unknown rule selector: 'topolgy' (did you mean \"topology\"?)" in result.stderr.decode()
    (tmp_path / "flowlint.toml").write_text('[severity]\nunreachable-nod = "off"\n')
    result = run_cli("check", str(ROOT / SEED), cwd=tmp_path)
    assert "unknown rule 'unreachable-nod'; did you mean \"unreachable-node\"?" in result.stderr.decode()


def test_the_python_api_lists_off_among_the_levels() -> None:
    import flowlint

    with pytest.raises(ValueError, match="use error, warning, info or off"):
        flowlint.lint(ROOT / SEED, severity={"FL301": "fatal"})


@pytest.mark.parametrize("command", ["check", "paths", "diagram"])
def test_a_folder_with_no_json_file_is_exit_2_naming_it(tmp_path, command) -> None:
    """A gate must never pass on nothing: an empty folder (or one without *.json) is an error."""
    (tmp_path / "flows").mkdir()
    (tmp_path / "flows" / "notes.txt").write_text("not a flow")
    result = run_cli(command, "flows", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.decode() == ("flowlint: error: flows: no JSON file to lint in this folder "
                                      "(flowlint reads *.json)\n")
    assert result.stdout == b""


def test_a_folder_holding_only_the_baseline_is_nothing_to_lint(tmp_path) -> None:
    (tmp_path / "flows").mkdir()
    (tmp_path / "flows" / "baseline.json").write_text('{"version": 1, "entries": []}')
    result = run_cli("check", "flows", "--baseline", "flows/baseline.json", cwd=tmp_path)
    assert result.returncode == 2 and "flows: no JSON file to lint" in result.stderr.decode()


def test_a_glob_that_matched_nothing_is_exit_2_naming_it(tmp_path) -> None:
    result = run_cli("check", "flows/*.json", cwd=tmp_path)  # no shell: the pattern arrives as is
    assert result.returncode == 2
    assert result.stderr.decode() == "flowlint: error: flows/*.json: no file matches this pattern\n"


def test_diff_still_takes_an_empty_folder_as_one_side(tmp_path) -> None:
    (tmp_path / "old").mkdir()
    result = run_cli("diff", str(tmp_path / "old"), str(ROOT / "fixtures" / "clean"))
    assert result.returncode == 0, result.stderr


def test_an_unreadable_path_exits_2_but_the_other_files_are_still_reported() -> None:
    result = run_cli("check", "missing.json", TEN)
    assert result.returncode == 2
    assert result.stderr.decode() == "flowlint: missing.json: cannot read: No such file or directory\n"
    assert "FL302" in result.stdout.decode()


def test_json_output_follows_the_contract() -> None:
    result = run_cli("check", "--format", "json", TEN)
    report = json.loads(result.stdout)
    assert report["version"] == 1 and report["tool"]["name"] == "flowlint"
    assert report["files"] == [{"path": TEN, "assistants": 1}]
    assert report["summary"] == {"error": 6, "warning": 8, "info": 0}
    first = report["diagnostics"][0]
    assert set(first) == {"code", "name", "severity", "message", "file", "pointer", "line", "column",
                          "assistant_id", "node_id", "edge_id", "fingerprint"}
    assert (first["code"], first["pointer"], first["line"], first["column"]) == (
        "FL302", "/data/0/conversation_flow/nodes/1", 14, 11)
    edge = next(d for d in report["diagnostics"] if d["code"] == "FL204")
    assert (edge["edge_id"], edge["node_id"], edge["assistant_id"]) == (
        "e_nowhere", "n_start", "assistant-ten-defects")


def test_output_file_and_stdin(tmp_path) -> None:
    out = tmp_path / "report.json"
    data = (ROOT / TEN).read_bytes()
    result = run_cli("check", "-", "--format", "json", "--output", str(out), stdin=data)
    assert result.returncode == 1 and result.stdout == b""
    report = json.loads(out.read_text())
    assert report["files"][0]["path"] == "<stdin>"
    assert report["diagnostics"][0]["line"] == 14
    assert list(tmp_path.iterdir()) == [out]  # no temporary file left behind


def test_output_to_an_unwritable_place_is_exit_2(tmp_path) -> None:
    (tmp_path / "a-file").write_text("kept")
    target = tmp_path / "a-file" / "dir" / "r.json"
    result = run_cli("check", SEED, "--output", str(target))
    assert result.returncode == 2
    assert result.stderr.decode() == f"flowlint: error: cannot write {target}: Not a directory\n"
    assert (tmp_path / "a-file").read_text() == "kept"


def test_colour_only_on_request_of_a_terminal_and_never_with_no_color() -> None:
    from flowlint.formatters.text import format_line
    from flowlint import lint

    diagnostic = lint(ROOT / TEN).diagnostics[0]
    assert "\x1b[" in format_line(diagnostic, color=True)
    assert "\x1b[" not in run_cli("check", TEN, env={"NO_COLOR": "1"}).stdout.decode()


def test_terminal_escapes_in_flow_text_are_neutralised() -> None:
    flow = {"start_node_id": "a\x1b[2Jx", "nodes": [{"id": "a", "instructions": "x"}]}
    result = run_cli("check", "-", stdin=json.dumps(flow).encode())
    out = result.stdout.decode()
    assert "\x1b" not in out and "\\x1b[2Jx" in out


def test_version_rules_and_python_m() -> None:
    from flowlint import __version__

    assert run_cli("--version").stdout.decode().strip() == f"flowlint {__version__}"
    listing = run_cli("rules").stdout.decode()
    assert listing.splitlines()[0].startswith("FL001  invalid-json")


def test_the_console_script_is_installed() -> None:
    script = shutil.which("flowlint") or shutil.which("flowlint", path=str(ROOT / ".venv" / "bin"))
    assert script, "pip install -e . installs the flowlint command"


def test_check_never_imports_heavy_modules() -> None:
    code = ("import sys, flowlint.cli as c; rc = c.main(['check', 'fixtures/ten-defects.json']); "
            "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
            "('matplotlib', 'graphviz', 'IPython')); print(heavy)")
    import subprocess

    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True)
    assert result.stdout.decode().strip().splitlines()[-1] == "[]"
