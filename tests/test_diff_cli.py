"""``flowlint diff OLD NEW`` end to end: formats, the pull-request gate, usage errors, safety."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, run_cli
from test_diff import acceptance_pair, seed, write

V1, V2 = "fixtures/diff/v1", "fixtures/diff/v2"


def out(done: subprocess.CompletedProcess) -> str:
    return done.stdout.decode("utf-8")


def test_the_acceptance_pair_from_the_command(tmp_path) -> None:
    old, new = acceptance_pair(tmp_path)
    done = run_cli("diff", str(old), str(new), "--format", "json")
    assert done.returncode == 1, done.stderr  # a new error: FL301
    result = json.loads(done.stdout)
    assert result["version"] == 1
    assert [d["code"] for d in result["findings"]["new"]] == ["FL301"]
    assert [d["code"] for d in result["findings"]["fixed"]] == ["FL601", "FL607"]


def test_a_file_diffed_with_itself_exits_0_with_no_change() -> None:
    done = run_cli("diff", "fixtures/seed-import-response.json", "fixtures/seed-import-response.json")
    assert done.returncode == 0, done.stderr
    assert "\nno change\n" in out(done)
    assert out(done).endswith("findings: 0 new, 0 fixed, 4 unchanged\n")


def test_the_text_format_on_the_bundled_pair() -> None:
    done = run_cli("diff", V1, V2)
    assert done.returncode == 0, done.stderr  # the one new finding is a warning
    text = out(done)
    for line in ['assistant "asst-front-desk" "Front Desk": changed',
                 '    + "n_payments" (prompt "Payments")',
                 '    > "n_billing" renamed to "n_invoices"',
                 '    ~ "n_greet": instructions_mode: (none) -> "append"',
                 '    ~ "n_goodbye": instructions: +1 -1 lines',
                 "        -Ask if there is anything else.",
                 "        +Offer to send a summary by SMS.",
                 '    + "e_greet_human": "n_greet" -> assistant "asst-human-desk" (llm)',
                 '    + "asst-human-desk"']:
        assert line in text.splitlines(), line
    assert "asst-billing" not in text.split("new findings:")[0]  # unchanged assistants are not listed
    assert text.splitlines()[-1] == ("assistants: 1 changed, 0 added, 0 removed, 1 unchanged; findings: "
                                     "1 new (1 warning), 1 fixed, 0 unchanged")


@pytest.mark.parametrize("options, code", [
    pytest.param([], 0, id="default-fail-on-error"),
    pytest.param(["--fail-on", "warning"], 1, id="fail-on-warning"),
    pytest.param(["--fail-on", "warning", "--exit-zero"], 0, id="exit-zero"),
    pytest.param(["--severity", "FL501=error"], 1, id="severity-override"),
    pytest.param(["--fail-on", "warning", "--ignore", "FL501"], 0, id="ignored-on-both-sides"),
    pytest.param(["--fail-on", "warning", "--select", "FL6"], 0, id="selected-on-both-sides"),
])
def test_the_gate_fails_only_on_new_findings_at_fail_on(options, code) -> None:
    done = run_cli("diff", V1, V2, *options)
    assert done.returncode == code, out(done) + done.stderr.decode()


def test_inventories_apply_to_both_sides(tmp_path) -> None:
    inventory = write(tmp_path / "assistants.json", {"data": [{"id": "asst-human-desk"}, {"id": "asst-billing"}]})
    done = run_cli("diff", V1, V2, "--fail-on", "warning", "--assistants", str(inventory), "--format", "json")
    assert done.returncode == 0, done.stdout  # the new hand-off target exists: no FL501
    assert json.loads(done.stdout)["findings"]["new"] == []


def test_the_config_applies_to_both_sides(tmp_path) -> None:
    config = tmp_path / "flowlint.toml"
    config.write_text('fail-on = "warning"\nignore = ["FL501"]\n', encoding="utf-8")
    assert run_cli("diff", V1, V2, "--config", str(config)).returncode == 0
    config.write_text('fail-on = "warning"\n', encoding="utf-8")
    assert run_cli("diff", V1, V2, "--config", str(config)).returncode == 1


def test_markdown_for_a_pull_request_comment() -> None:
    done = run_cli("diff", V1, V2, "--format", "markdown")
    assert done.returncode == 0, done.stderr
    text = out(done)
    assert text.startswith("### flowlint diff\n")
    assert "| warning | FL501 `unknown-handoff-target` | `fixtures/diff/v2/front-desk.json:123:31` |" in text
    assert "#### Fixed findings" in text and "FL601" in text.split("#### Fixed findings")[1]
    assert "<summary>assistant <code>asst-front-desk</code> <code>Front Desk</code>: changed</summary>" in text
    assert "  - renamed: `n_billing` renamed to `n_invoices`" in text
    assert "    ```diff\n    @@ -1,3 +1,3 @@\n" in text


def test_output_file(tmp_path) -> None:
    target = tmp_path / "diff.md"
    done = run_cli("diff", V1, V2, "--format", "markdown", "-o", str(target))
    assert done.returncode == 0 and done.stdout == b""
    assert target.read_text(encoding="utf-8").startswith("### flowlint diff")


def test_stdin_as_the_old_version() -> None:
    seed_bytes = (FIXTURES / "seed-import-response.json").read_bytes()
    done = run_cli("diff", "-", "fixtures/seed-import-response.json", stdin=seed_bytes)
    assert done.returncode == 0 and "no change" in out(done)


@pytest.mark.parametrize("args, message", [
    pytest.param(["fixtures/seed-import-response.json"], "diff needs OLD and NEW", id="one-path"),
    pytest.param(["a.json", "b.json", "c.json"], "diff needs OLD and NEW", id="three-paths"),
    pytest.param(["nowhere.json", V2], "nowhere.json: no such file or folder", id="missing-old"),
    pytest.param(["-", "-"], "stdin (-) can be read only once", id="stdin-twice"),
    pytest.param([V1, V2, "--select", "FL999"], "FL999", id="unknown-rule"),
])
def test_usage_errors_are_one_line_and_exit_2(args, message) -> None:
    done = run_cli("diff", *args)
    assert done.returncode == 2 and done.stdout == b""
    error = done.stderr.decode()
    assert message in error and len(error.strip().splitlines()) == 1 and "Traceback" not in error


def test_an_unreadable_file_is_named_and_exits_2_after_the_diff(tmp_path) -> None:
    old = write(tmp_path / "old/a.json", seed())
    (tmp_path / "new").mkdir()
    write(tmp_path / "new/a.json", seed())
    (tmp_path / "new/broken.json").symlink_to(tmp_path / "nowhere")
    done = run_cli("diff", str(old.parent), str(tmp_path / "new"))
    assert done.returncode == 2
    assert "no change" in out(done) and "broken.json: cannot read" in done.stderr.decode()


HOSTILE = 'n_\x1b[31mred\u202e"]; <script>alert(1)</script> @everyone |x| ``` #1'


def _outside_code_spans(markdown: str) -> str:
    """The Markdown with every code span and fenced block removed (fences of any length)."""
    without_blocks = re.sub(r"^( *)(`{3,})diff\n.*?^\1\2$", "", markdown, flags=re.S | re.M)
    return re.sub(r"(`+)(?:(?!\1).)+?\1", "", without_blocks)


def test_hostile_flow_text_is_neutralised_in_every_format(tmp_path) -> None:
    old = seed()
    new = json.loads(json.dumps(old))
    flow = new["data"][0]["conversation_flow"]
    flow["nodes"].append({"type": "speak", "id": HOSTILE, "message": HOSTILE})
    flow["edges"][0]["condition"]["prompt"] = HOSTILE
    flow["nodes"][0]["instructions"] = "\n".join([HOSTILE] * 5)
    old_path, new_path = write(tmp_path / "old.json", old), write(tmp_path / "new.json", new)
    text = out(run_cli("diff", str(old_path), str(new_path)))
    assert "\x1b" not in text and "\u202e" not in text and "n_\\x1b[31mred\\u202e" in text
    markdown = out(run_cli("diff", str(old_path), str(new_path), "--format", "markdown"))
    assert "\x1b" not in markdown and "\u202e" not in markdown
    prose = _outside_code_spans(markdown)
    for danger in ("<script>", "@everyone", "#1", "red"):
        assert danger not in prose, danger
    assert "n_\\x1b[31mred" in markdown  # still there, inside code
    data = json.loads(run_cli("diff", str(old_path), str(new_path), "--format", "json").stdout)
    assert data["assistants"][0]["nodes"]["added"] == [HOSTILE]  # JSON keeps the exact text


SECRET = "sk-proj-" + "Ab3" * 10
BEARER = "Bearer " + "Zq9" * 8


def test_secrets_appear_in_no_output(tmp_path) -> None:
    old = seed()
    new = json.loads(json.dumps(old))
    assistant = new["data"][0]
    assistant["tools"][0]["webhook"]["headers"] = [{"name": "Authorization", "value": BEARER}]
    assistant["tools"][0]["webhook"]["url"] = "https://example.com/hook?api_key=" + "Kk7" * 8
    assistant["instructions"] = f"Use the key {SECRET} when asked.\n" * 3
    assistant["conversation_flow"]["nodes"][0]["instructions"] = f"Key: {SECRET}"
    assistant["conversation_flow"]["nodes"][1]["llm_api_key_ref"] = "Xy7" * 9
    old_path, new_path = write(tmp_path / "old.json", old), write(tmp_path / "new.json", new)
    for fmt in ("text", "json", "markdown"):
        done = run_cli("diff", str(old_path), str(new_path), "--format", fmt)
        both = out(done) + done.stderr.decode()
        for secret in (SECRET, BEARER.split()[1], "Kk7" * 8, "Xy7" * 9):
            assert secret not in both, (fmt, secret)
        assert "[redacted]" in both


def test_diff_never_imports_drawing_modules(tmp_path) -> None:
    code = ("import sys, flowlint.cli as c; c.main(['diff', 'fixtures/diff/v1', 'fixtures/diff/v2', "
            f"'--format', 'markdown', '-o', {str(tmp_path / 'diff.md')!r}]); print(sorted(m for m in sys.modules "
            "if m.split('.')[0] in ('matplotlib', 'graphviz', 'IPython')))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True)
    assert done.stdout.decode().strip().splitlines()[-1] == "[]"


def test_help_lists_diff() -> None:
    assert "diff" in out(run_cli("--help")) + run_cli("--help").stderr.decode()
    assert Path(ROOT / "fixtures/diff/v2/front-desk.json").exists()


def test_inputs_with_no_assistant_say_there_is_nothing_to_compare(tmp_path) -> None:
    other = write(tmp_path / "other.json", {"something": "else"})
    done = run_cli("diff", str(other), str(other))
    assert done.returncode == 0  # its FL004 is on both sides: not new
    assert "\nnothing to compare: no assistant or flow was read from either version\n" in out(done)
    assert "findings: 0 new, 0 fixed, 1 unchanged" in out(done)
