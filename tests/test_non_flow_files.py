"""Files that are not flows get exactly one FL004 that says what they look like and what
to do, never a schema finding per item; an assistants list without flows is fine.

The walk over ../shared/real-flows (files written by others; skipped when absent) is the
acceptance of issue 11: the Telnyx SDK request bodies lint as bodies, every other file that
is no flow gets at most one finding, provider files are read by their readers."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import flowlint
from conftest import FIXTURES, ROOT, run_cli

REAL = ROOT.parent / "shared" / "real-flows"
TOOLS = FIXTURES / "inventories" / "tools.json"
ASSISTANTS = FIXTURES / "inventories" / "assistants.json"


def write(path: Path, value: object) -> Path:
    path.write_text(json.dumps(value, indent=2))
    return path


def only_finding(path: Path) -> flowlint.Diagnostic:
    report = flowlint.lint(path)
    assert report.files[0]["assistants"] == 0
    [diagnostic] = report.diagnostics
    assert (diagnostic.code, diagnostic.pointer) == ("FL004", "")
    return diagnostic


def test_a_tools_inventory_is_one_finding_that_says_pass_it_with_tools() -> None:
    message = only_finding(TOOLS).message
    assert "tools inventory (6 tools, as GET /ai/tools returns)" in message
    assert "pass it with --tools" in message


def test_a_bare_list_of_inventory_tools_is_the_same(tmp_path) -> None:
    tools = json.loads(TOOLS.read_text())["data"]
    assert "pass it with --tools" in only_finding(write(tmp_path / "tools.json", tools)).message


def test_a_list_of_assistant_tools_without_ids_is_one_finding(tmp_path) -> None:
    tools = [{"type": "hangup", "hangup": {}}, {"type": "webhook", "webhook": {"name": "x"}}]
    message = only_finding(write(tmp_path / "tools.json", tools)).message
    assert "a list of 2 assistant tools, not assistants" in message


def test_an_assistants_list_without_flows_is_read_as_assistants() -> None:
    report = flowlint.lint(ASSISTANTS)
    assert report.diagnostics == () and report.files[0]["assistants"] == 3


def test_loose_nodes_and_edges_are_one_finding(tmp_path) -> None:
    elements = [{"id": "n1", "type": "prompt", "instructions": "Hi."},
                {"id": "e1", "start_node_id": "n1", "condition": {"type": "llm", "prompt": "x"},
                 "target": {"type": "node", "node_id": "n1"}}]
    assert "2 loose flow elements" in only_finding(write(tmp_path / "part.json", elements)).message


def test_other_telnyx_records_are_one_finding(tmp_path) -> None:
    numbers = {"data": [{"id": f"n{i}", "record_type": "phone_number"} for i in range(50)]}
    message = only_finding(write(tmp_path / "numbers.json", numbers)).message
    assert 'a list of Telnyx "phone_number" records' in message


@pytest.mark.parametrize("value", [{"data": [1, 2, 3]}, {"id": 5, "version": "1.0"},
                                   {"initial_node": "greet", "nodes": {"greet": {}}}],
                         ids=["data-without-objects", "object-with-an-id", "pipecat"])
def test_other_json_is_one_finding(tmp_path, value) -> None:
    only_finding(write(tmp_path / "other.json", value))


def test_in_a_folder_the_inventory_gets_one_finding_and_the_flows_are_linted(tmp_path) -> None:
    folder = tmp_path / "flows"
    folder.mkdir()
    (folder / "tools.json").write_bytes(TOOLS.read_bytes())
    (folder / "acme.json").write_bytes((FIXTURES / "clean" / "acme-import.json").read_bytes())
    result = run_cli("check", str(folder), "--tools", str(TOOLS), "--assistants", str(ASSISTANTS))
    lines = result.stdout.decode().splitlines()
    assert result.returncode == 1
    codes = [line.split(": ")[1].split(" [")[0] for line in lines[:-1]]
    assert codes == ["FL503", "FL004"]  # the clean import's one info: a deliberate loop
    assert lines[-1] == "1 error, 0 warnings, 1 info in 2 files (3 assistants)"


def real_files() -> list[Path]:
    return sorted(REAL.rglob("*.json")) if REAL.is_dir() else []


@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/real-flows is not beside the repository")
@pytest.mark.parametrize("path", real_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_real_file_is_a_body_a_provider_file_or_one_finding(path: Path) -> None:
    report = flowlint.lint(path)
    entries = report.workspace.assistants
    codes = [d.code for d in report.diagnostics]
    if path.parent.name == "telnyx-python":
        assert [(a.format, a.stand_in, a.id) for a in entries] == [("telnyx", True, path.stem)]
        assert not [d for d in report.diagnostics if d.code == "FL002"
                    and ("id" in d.message or "created_at" in d.message)]
        assert "FL004" not in codes
    elif entries:  # read by a provider reader: its findings are tested in test_real_provider_flows
        assert {a.format for a in entries} <= {"retell", "elevenlabs", "vapi"}
        assert not {"FL001", "FL002", "FL003", "FL004"} & set(codes)
    else:
        assert codes == ["FL004"]


@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/real-flows is not beside the repository")
def test_the_whole_real_folder_from_the_command_line() -> None:
    result = run_cli("check", str(REAL), "--format", "json")
    assert result.returncode == 1 and result.stderr == b""
    output = json.loads(result.stdout)
    per_file = {f["path"]: f["assistants"] for f in output["files"]}
    assert len(per_file) == len(real_files())
    bodies = [p for p in per_file if "/telnyx-python/" in p]
    assert len(bodies) == 2 and all(per_file[p] == 1 for p in bodies)
