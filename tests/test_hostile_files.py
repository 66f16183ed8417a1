"""Hostile files, each with its exact outcome: the finding (code, position, message) or the
exit code and the one line on stderr. tests/test_inputs.py has the small cases (a syntax
error, Latin-1 bytes, 3,000 levels); here are the big, odd and unreadable ones."""
from __future__ import annotations

import json
import os
import sys

import pytest

import flowlint

from conftest import run_cli, run_cli_measured

FLOW = {"start_node_id": "a", "nodes": [{"id": "a", "instructions": "Hi.", "instructions_mode": "append"}]}
FLOW_TEXT = json.dumps(FLOW)
UNREACHABLE = {"start_node_id": "a", "nodes": [{"id": "a", "instructions": "Hi.", "instructions_mode": "append"},
                                               {"id": "orphan", "instructions": "Bye.", "instructions_mode": "append"}]}
MB = 1024 * 1024

WIDE = "file is UTF-16 or UTF-32 encoded; JSON must be UTF-8"
NOT_INPUT = ('not a flowlint input: expected an import response {"data": [...]}, a list of assistants, '
             "an assistant or a conversation_flow, got ")

# name -> (bytes, expected findings as (code, line, column, message))
HOSTILE = {
    "empty": (b"", [("FL001", 1, 1, "invalid JSON: Expecting value")]),
    "whitespace-only": (b"  \n\t\r\n   ", [("FL001", 3, 4, "invalid JSON: Expecting value")]),
    "utf8-bom": (b"\xef\xbb\xbf" + FLOW_TEXT.encode(), []),
    "utf8-bom-then-garbage": (b"\xef\xbb\xbf\n{,}", [
        ("FL001", 2, 2, "invalid JSON: Expecting property name enclosed in double quotes")]),
    "utf16-le-bom": (FLOW_TEXT.encode("utf-16"), [("FL001", 1, 1, WIDE)]),
    "utf16-be-bom": (b"\xfe\xff" + FLOW_TEXT.encode("utf-16-be"), [("FL001", 1, 1, WIDE)]),
    "utf16-le-no-bom": (FLOW_TEXT.encode("utf-16-le"), [("FL001", 1, 1, WIDE)]),
    "utf16-be-no-bom": (FLOW_TEXT.encode("utf-16-be"), [("FL001", 1, 1, WIDE)]),
    "utf32-le-no-bom": (FLOW_TEXT.encode("utf-32-le"), [("FL001", 1, 1, WIDE)]),
    "binary": (bytes(range(256)) * 8, [("FL001", 2, 118, "file is not valid UTF-8 (byte 0x80 at line 2, column 118)")]),
    "binary-nul-first": (b"\x00\x00\x00\x00\x00\xff", [
        ("FL001", 1, 6, "file is not valid UTF-8 (byte 0xff at line 1, column 6)")]),
    "png-header": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", [
        ("FL001", 1, 1, "file is not valid UTF-8 (byte 0x89 at line 1, column 1)")]),
    "nan": (b'{"start_node_id": NaN, "nodes": []}', [("FL001", 1, 19, "invalid JSON: NaN is not valid JSON")]),
    "infinity": (b'{"nodes": [],\n "x": Infinity}', [("FL001", 2, 7, "invalid JSON: Infinity is not valid JSON")]),
    "minus-infinity": (b"[-Infinity]", [("FL001", 1, 2, "invalid JSON: -Infinity is not valid JSON")]),
    "nan-inside-a-string-is-text": (b'{"start_node_id": "NaN", "nodes": [{"id": "NaN", "instructions": "Infinity",'
                                    b' "instructions_mode": "append"}]}', []),
    "10000-digit-integer": (b'{"nodes": [], "n": ' + b"7" * 10_000 + b"}", [
        ("FL001", 1, 20, "invalid JSON: number with 10000 digits is too long")]),
    "10000-digit-negative": (b"[-" + b"7" * 10_000 + b"]", [
        ("FL001", 1, 2, "invalid JSON: number with 10001 digits is too long")]),
    # a float with 10,000 digits is a float (it loses precision, as in every JSON parser)
    "10000-digit-float": (b'{"start_node_id": "a", "x": 0.' + b"3" * 10_000 + b', "nodes": '
                          + json.dumps(FLOW["nodes"]).encode() + b"}", []),
    "100000-nested-arrays": (b"[" * 100_000 + b"]" * 100_000, [
        ("FL001", 1, 513, "JSON is nested more than 512 levels deep")]),
    "100000-nested-objects": (b'{"a":' * 100_000 + b"1" + b"}" * 100_000, [
        ("FL001", 1, 5 * 512 + 1, "JSON is nested more than 512 levels deep")]),
    "100000-unclosed-brackets": (b"\n" + b"[" * 100_000, [
        ("FL001", 2, 513, "JSON is nested more than 512 levels deep")]),
    "array-of-numbers": (b"[1, 2, 3]", [("FL004", 1, 1, NOT_INPUT + "an array with no object in it")]),
}


def outcome(report: flowlint.Report) -> list[tuple]:
    return [(d.code, d.line, d.column, d.message) for d in report.diagnostics]


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_file_has_its_exact_outcome(name) -> None:
    data, expected = HOSTILE[name]
    assert outcome(flowlint.lint(data)) == expected


def test_the_command_reports_every_hostile_file_of_a_folder(tmp_path) -> None:
    folder = tmp_path / "hostile"
    folder.mkdir()
    for name, (data, _) in HOSTILE.items():
        (folder / f"{name}.json").write_bytes(data)
    done = run_cli("check", str(folder), "--format", "json")
    assert (done.returncode, done.stderr) == (1, b"")
    found = json.loads(done.stdout)["diagnostics"]
    for name, (_, expected) in HOSTILE.items():
        mine = [(d["code"], d["line"], d["column"], d["message"]) for d in found
                if d["file"] == str(folder / f"{name}.json")]
        assert mine == expected, name


def test_a_10_mb_string_is_just_a_long_string() -> None:
    huge = "x" * (10 * MB)
    flow = {"start_node_id": "a", "nodes": [{"id": "a", "instructions": huge, "instructions_mode": "append"},
                                            {"id": "b" + huge, "instructions": "x"}]}
    text = json.dumps(flow)
    report = flowlint.lint(text)
    column = text.index('{"id": "b') + 1
    assert [(d.code, d.node_id == "b" + huge, d.line, d.column) for d in report.diagnostics] == [
        ("FL301", True, 1, column), ("FL601", True, 1, column)]


def test_a_200_mb_array_gives_one_finding_in_bounded_memory(tmp_path) -> None:
    """200 MB of one array of short strings: one FL004, not two million FL002s; about 4x
    the file in memory (the text, its decoded copy and the parsed strings)."""
    item = b'"' + b"abcdefghij" * 9 + b'",'
    count = 200_000_000 // len(item)
    path = tmp_path / "huge-array.json"
    path.write_bytes(b"[" + item * (count - 1) + item[:-1] + b"]")
    size = path.stat().st_size
    assert size > 190 * MB
    done, peak = run_cli_measured(tmp_path, "check", str(path))
    assert done.returncode == 1 and done.stderr == b""
    assert done.stdout.decode().splitlines() == [
        f"{path}:1:1: FL004 [error] {NOT_INPUT}an array with no object in it",
        "1 error, 0 warnings, 0 info in 1 file (0 assistants)"]
    assert peak < 20 * size + 150 * MB, f"peak RSS {peak / MB:.0f} MB for {size / MB:.0f} MB"


# ------------------------------------------------------------- unreadable files in a folder
def _is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.fixture
def folder_with_unreadable_files(tmp_path):
    """A folder with one good file (an unreachable node), a broken symlink, a symlink loop,
    a file without read permission (when that means anything: not as root) and a FIFO.
    Returns (folder, the unreadable paths and why)."""
    folder = tmp_path / "flows"
    folder.mkdir()
    (folder / "b-good.json").write_text(json.dumps(UNREACHABLE))
    (folder / "a-broken.json").symlink_to(folder / "missing.json")
    (folder / "c-loop.json").symlink_to(folder / "c-loop.json")
    unreadable = {folder / "a-broken.json": "No such file or directory",
                  folder / "c-loop.json": "Too many levels of symbolic links"}
    if not _is_root():  # root reads a chmod 000 file anyway; the symlink loop stands in
        secret = folder / "d-no-permission.json"
        secret.write_text(json.dumps(FLOW))
        secret.chmod(0)
        unreadable[secret] = "Permission denied"
    os.mkfifo(folder / "e-fifo.json")  # no writer: must not hang; read, it is empty
    yield folder, unreadable
    for path in folder.iterdir():
        if not path.is_symlink():
            path.chmod(0o644)


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks and FIFOs are POSIX")
def test_an_unreadable_file_is_named_and_the_others_are_still_reported(folder_with_unreadable_files) -> None:
    folder, unreadable = folder_with_unreadable_files
    done = run_cli("check", str(folder), "--format", "json", "--select", "FL0,FL3")
    assert done.returncode == 2
    assert done.stderr.decode().splitlines() == [f"flowlint: {path}: cannot read: {why}"
                                                 for path, why in sorted(unreadable.items())]
    payload = json.loads(done.stdout)
    assert [f["path"] for f in payload["files"]] == [str(folder / "b-good.json"), str(folder / "e-fifo.json")]
    assert [(d["file"].rsplit("/", 1)[1], d["code"], d["node_id"]) for d in payload["diagnostics"]] == [
        ("b-good.json", "FL301", "orphan"), ("e-fifo.json", "FL001", None)]


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks and FIFOs are POSIX")
def test_the_library_collects_unreadable_files_without_stopping(folder_with_unreadable_files) -> None:
    folder, unreadable = folder_with_unreadable_files
    with pytest.raises(OSError) as raised:
        flowlint.lint(folder)
    assert [str(path) in str(raised.value) for path in unreadable] == [True] * len(unreadable)
    from flowlint.engine import lint_workspace
    from flowlint.loading import load_workspace

    report = lint_workspace(load_workspace([str(folder)]))
    assert len(report.errors) == len(unreadable)
    assert ("FL301", "orphan") in {(d.code, d.node_id) for d in report.diagnostics}


def test_a_missing_path_on_the_command_line_is_named_and_the_rest_runs(tmp_path) -> None:
    (tmp_path / "good.json").write_text(json.dumps(UNREACHABLE))
    done = run_cli("check", "good.json", "gone.json", "--select", "FL301", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.decode() == "flowlint: gone.json: cannot read: No such file or directory\n"
    assert done.stdout.decode().startswith('good.json:1:')
