"""Nothing is lost: a broken input never hides the findings of the others, ``--output`` is
written atomically (a failed run leaves the old file as it was, and no temporary), and
standard input takes large inputs. tests/test_engine.py covers a crashing rule on one
file; tests/test_cli.py the basic --output and stdin cases."""
from __future__ import annotations

import dataclasses
import json
import os

import pytest

import flowlint
from flowlint import cli

from conftest import FIXTURES, ROOT, run_cli

TEN = FIXTURES / "ten-defects.json"
CLEAN = FIXTURES / "clean" / "acme-import.json"
BROKEN_INPUTS = {
    "invalid.json": b'{"data": [',
    "binary.json": bytes(range(256)),
    "deep.json": b"[" * 5000,
    "not-an-input.json": b'"hello"',
    "schema.json": b'{"data": [{"id": 5, "conversation_flow": {"nodes": "all of them"}}]}',
}


def findings(report_or_payload, file: str) -> list[tuple]:
    """(code, pointer, line, column, message, fingerprint) of one file's findings."""
    items = (report_or_payload["diagnostics"] if isinstance(report_or_payload, dict)
             else [d.to_dict() for d in report_or_payload.diagnostics])
    return [(d["code"], d["pointer"], d["line"], d["column"], d["message"], d["fingerprint"])
            for d in items if d["file"] == file]


@pytest.fixture
def mixed_folder(tmp_path):
    folder = tmp_path / "flows"
    folder.mkdir()
    (folder / "ten.json").write_bytes(TEN.read_bytes())
    (folder / "clean.json").write_bytes(CLEAN.read_bytes())
    for name, data in BROKEN_INPUTS.items():
        (folder / name).write_bytes(data)
    return folder


def test_broken_inputs_never_hide_the_findings_of_the_others_in_the_library(mixed_folder) -> None:
    ten, clean = str(mixed_folder / "ten.json"), str(mixed_folder / "clean.json")
    alone = flowlint.lint(ten, clean)
    together = flowlint.lint(*[str(mixed_folder / n) for n in BROKEN_INPUTS], ten, clean,
                             json.dumps({"start_node_id": "x"}), b"\xff")
    assert findings(together, ten) == findings(alone, ten) != []
    assert findings(together, clean) == findings(alone, clean)
    for name in BROKEN_INPUTS:  # and each broken one says what is wrong with it
        assert [f[0] for f in findings(together, str(mixed_folder / name))][:1] in (
            ["FL001"], ["FL002"], ["FL004"])


def test_broken_inputs_never_hide_the_findings_of_the_others_on_the_command_line(mixed_folder) -> None:
    alone = json.loads(run_cli("check", "ten.json", "clean.json", "--format", "json", cwd=mixed_folder).stdout)
    done = run_cli("check", ".", "missing.json", "--format", "json", cwd=mixed_folder)
    assert done.returncode == 2
    assert done.stderr.decode() == "flowlint: missing.json: cannot read: No such file or directory\n"
    together = json.loads(done.stdout)
    assert len(together["files"]) == 2 + len(BROKEN_INPUTS)
    for name in ("ten.json", "clean.json"):
        assert findings(together, name) == findings(alone, name)


def test_a_rule_crashing_on_one_file_keeps_its_findings_in_the_others(tmp_path) -> None:
    from flowlint.engine import lint_workspace
    from flowlint.loading import load_workspace
    from flowlint.rules import topology

    original = topology.unreachable_node.check

    def fragile(ctx):
        if "a-crash" in ctx.entry.document.name:
            raise RuntimeError("boom")
        yield from original(ctx)

    (tmp_path / "a-crash.json").write_bytes(TEN.read_bytes())
    (tmp_path / "b-fine.json").write_bytes(TEN.read_bytes())
    broken = dataclasses.replace(topology.unreachable_node, check=fragile)
    report = lint_workspace(load_workspace([str(tmp_path)]), rules=(broken, topology.self_loop))
    assert report.errors == [f"{tmp_path / 'a-crash.json'}: internal error in FL301 unreachable-node: "
                             "RuntimeError: boom"]
    assert {(d.file.rsplit("/", 1)[1], d.code) for d in report.diagnostics} == {
        ("a-crash.json", "FL304"), ("b-fine.json", "FL304"), ("b-fine.json", "FL301")}


# ------------------------------------------------------------------------ --output
OLD_REPORT = '{"an": "older report"}\n'


def _run_in_process(monkeypatch, tmp_path, *args: str) -> int:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return cli.main(["check", str(TEN), *args])


def _left_over(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_output_in_a_missing_folder_creates_the_folder_as_diagram_does(tmp_path) -> None:
    target = tmp_path / "no" / "such" / "report.json"
    done = run_cli("check", str(TEN), "--format", "json", "--output", str(target))
    assert done.returncode == 1, done.stderr
    assert json.loads(target.read_text())["summary"]["error"] > 0
    assert _left_over(target.parent) == ["report.json"]


@pytest.mark.parametrize("where", ["formatter", "write", "rename", "interrupt-while-writing"])
def test_a_failing_run_keeps_the_existing_report_intact(monkeypatch, tmp_path, capsys, where) -> None:
    from flowlint import atomic
    from flowlint.formatters import json_format

    target = tmp_path / "report.json"
    target.write_text(OLD_REPORT)
    if where == "formatter":  # a crash before anything is written
        monkeypatch.setattr(json_format, "render", lambda report, options: 1 / 0)
    elif where == "write":  # the disk fills up half-way through the report
        real_open = open

        class HalfFull:
            def __init__(self, *args, **kwargs):
                self.handle = real_open(*args, **kwargs)

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                self.handle.close()

            def write(self, data):
                self.handle.write(data[: len(data) // 2])
                raise OSError(28, "No space left on device")

        monkeypatch.setattr(atomic, "open", HalfFull, raising=False)
    elif where == "rename":
        def refuse(*args):
            raise OSError(13, "Permission denied")
        monkeypatch.setattr(atomic.os, "replace", refuse)
    else:
        def interrupt(*args):
            raise KeyboardInterrupt
        monkeypatch.setattr(atomic.os, "replace", interrupt)
    code = _run_in_process(monkeypatch, tmp_path, "--format", "json", "--output", str(target))
    assert code == 2
    assert target.read_text() == OLD_REPORT
    assert _left_over(tmp_path) == ["report.json"]  # no temporary, no partial file
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith("flowlint: ")


def test_a_successful_run_replaces_the_report_whole(monkeypatch, tmp_path) -> None:
    target = tmp_path / "report.json"
    target.write_text(OLD_REPORT)
    assert _run_in_process(monkeypatch, tmp_path, "--format", "json", "--output", str(target)) == 1
    assert json.loads(target.read_text()) == json.loads(flowlint.lint(TEN).to_json())
    assert _left_over(tmp_path) == ["report.json"]


# ------------------------------------------------------------------------- stdin
def test_stdin_takes_a_large_input(tmp_path) -> None:
    """35 MB through a pipe: the same findings as from a file, positions included."""
    template = json.loads(TEN.read_text())["data"][0]
    assistants = []
    while sum(len(json.dumps(a)) for a in assistants[:1]) * len(assistants) < 35_000_000:
        copy = json.loads(json.dumps(template))
        copy["id"] = f"assistant-{len(assistants)}"
        copy["instructions"] = "Be brief. " * 3000  # big text, few findings: the pipe is tested
        assistants.append(copy)
    data = json.dumps({"data": assistants}, indent=1).encode()
    assert len(data) > 30_000_000
    (tmp_path / "big.json").write_bytes(data)
    from_file = run_cli("check", "big.json", "--format", "json", "--select", "FL2,FL3", cwd=tmp_path)
    from_stdin = run_cli("check", "-", "--format", "json", "--select", "FL2,FL3", stdin=data, cwd=tmp_path)
    assert from_stdin.returncode == from_file.returncode == 1 and from_stdin.stderr == b""
    by_file, by_stdin = json.loads(from_file.stdout), json.loads(from_stdin.stdout)
    assert by_stdin["files"] == [{"path": "<stdin>", "assistants": len(assistants)}]
    assert findings(by_stdin, "<stdin>") == findings(by_file, "big.json")
    assert len(by_stdin["diagnostics"]) > len(assistants)
