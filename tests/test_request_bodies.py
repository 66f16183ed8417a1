"""Request bodies: assistants as sent to POST /ai/assistants, POST /ai/assistants/{id} and
the version update, kept in git without the fields only responses have (``id``,
``created_at``). They are linted fully, counted as assistants, and named by a stand-in id:
the file name without ``.json`` (see flowlint/bodies.py and the README)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import flowlint
from flowlint.diagnostics import fingerprint
from conftest import FIXTURES, ROOT, run_cli

BODIES = FIXTURES / "request-bodies"
CREATE, UPDATE = BODIES / "billing-create.json", BODIES / "billing-update.json"
INVENTORY = FIXTURES / "inventories" / "assistants.json"
REAL = ROOT.parent / "shared" / "real-flows" / "telnyx-python"


def body_of(path: Path) -> dict:
    return json.loads(path.read_text())


def write(path: Path, value: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value, indent=2))
    return path


def test_a_create_body_has_no_finding_about_id_or_created_at() -> None:
    report = flowlint.lint(CREATE, assistants=INVENTORY)
    assert report.diagnostics == ()
    assert report.files == [{"path": str(CREATE), "assistants": 1}]


def test_the_summary_counts_a_body_as_an_assistant() -> None:
    result = run_cli("check", str(CREATE), "--assistants", str(INVENTORY))
    assert result.returncode == 0
    assert result.stdout.decode().strip().endswith("in 1 file (1 assistant)")


def test_an_update_body_may_send_any_subset_of_fields_and_its_flow_is_still_linted() -> None:
    assert "name" not in body_of(UPDATE) and "model" not in body_of(UPDATE)
    report = flowlint.lint(UPDATE, assistants=INVENTORY)
    assert [(d.code, d.node_id, d.assistant_id) for d in report.diagnostics] == [
        ("FL301", "n_disputes", "billing-update")]


def test_text_output_names_the_body_by_its_stand_in() -> None:
    result = run_cli("check", str(UPDATE), "--assistants", str(INVENTORY))
    assert result.returncode == 1
    assert result.stdout.decode().splitlines()[0].endswith(
        'FL301 [error] node "n_disputes" is not reachable from start node "n_billing" '
        '(assistant "billing-update")')


def test_the_stand_in_id_is_in_the_fingerprint() -> None:
    [diagnostic] = flowlint.lint(UPDATE, assistants=INVENTORY).diagnostics
    assert diagnostic.fingerprint == fingerprint("FL301", "billing-update", "n_disputes", None)


def test_a_body_still_gets_type_errors_for_the_fields_it_sends(tmp_path) -> None:
    path = write(tmp_path / "bad.json", {**body_of(CREATE), "name": 5})
    assert [(d.code, d.pointer) for d in flowlint.lint(path, assistants=INVENTORY).diagnostics] == [
        ("FL002", "/name")]


def test_a_response_without_created_at_is_no_body_and_gets_fl002(tmp_path) -> None:
    path = write(tmp_path / "trimmed.json", {**body_of(CREATE), "id": "a-1"})
    assert [(d.code, d.message) for d in flowlint.lint(path, assistants=INVENTORY).diagnostics] == [
        ("FL002", 'assistant is missing required field "created_at"')]


def test_each_body_of_a_list_gets_the_file_name_and_its_index(tmp_path) -> None:
    path = write(tmp_path / "bodies.json", [body_of(CREATE), body_of(UPDATE)])
    workspace = flowlint.load(path)
    assert [a.id for a in workspace.assistants] == ["bodies/0", "bodies/1"]
    assert all(a.stand_in for a in workspace.assistants)
    assert {d.assistant_id for d in flowlint.lint(path).diagnostics if d.code == "FL301"} == {
        "bodies/1"}


def test_bodies_in_an_envelope_are_bodies_too(tmp_path) -> None:
    path = write(tmp_path / "export.json", {"data": [body_of(CREATE)]})
    assert [a.id for a in flowlint.load(path).assistants] == ["export/0"]
    assert not [d for d in flowlint.lint(path).diagnostics if d.code == "FL002"]


def test_stand_ins_stay_unique_when_two_folders_have_the_same_file_name(tmp_path) -> None:
    first = write(tmp_path / "a" / "billing.json", body_of(CREATE))
    second = write(tmp_path / "b" / "billing.json", body_of(CREATE))
    report = flowlint.lint(tmp_path)
    assert [a.id for a in report.workspace.assistants] == ["billing", str(second)[:-len(".json")]]
    assert first.exists() and not [d for d in report.diagnostics if d.code == "FL206"]


def test_a_body_without_a_file_name_is_named_by_its_name_or_request_body() -> None:
    named = run_cli("check", "-", "--format", "json", "--assistants", str(INVENTORY),
                    stdin=UPDATE.read_bytes())
    assert {d["assistant_id"] for d in json.loads(named.stdout)["diagnostics"]} == {"request-body"}
    billing = flowlint.load(body_of(CREATE))
    assert [a.id for a in billing.assistants] == ["Billing"]


def test_the_handoff_graph_has_the_body_under_its_stand_in() -> None:
    graph = flowlint.load(CREATE).handoff_graph
    assert graph.nodes["billing-create"] == {"known": True, "name": "Billing", "file": str(CREATE),
                                             "stand_in": True}
    assert sorted(graph.successors("billing-create")) == ["assistant-human-handoff", "human-agent"]


def test_a_handoff_to_a_stand_in_is_still_an_unknown_assistant(tmp_path) -> None:
    body = body_of(CREATE)
    body["conversation_flow"]["edges"][1]["target"]["assistant_id"] = "billing-update"
    write(tmp_path / "billing-update.json", body_of(UPDATE))
    write(tmp_path / "billing-create.json", body)
    report = flowlint.lint(tmp_path, assistants=INVENTORY)
    assert [(d.code, d.edge_id) for d in report.diagnostics if d.code == "FL501"] == [
        ("FL501", "e_refund_human")]


def test_a_diagram_of_a_body_is_titled_and_named_by_its_stand_in(tmp_path) -> None:
    result = run_cli("diagram", str(CREATE), "--format", "mermaid", "-o", str(tmp_path))
    assert result.returncode == 0, result.stderr
    [drawn] = tmp_path.iterdir()
    assert drawn.name == "billing-create.mmd"
    assert "Billing #40;billing-create#41;" in drawn.read_text()


def test_a_body_with_only_telnyx_settings_is_an_assistant(tmp_path) -> None:
    path = write(tmp_path / "voice.json", {"voice_settings": {"voice": "Telnyx.KokoroTTS.af_heart"}})
    report = flowlint.lint(path)
    assert report.diagnostics == () and report.files[0]["assistants"] == 1


@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/real-flows is not beside the repository")
@pytest.mark.parametrize("name", ["assistant_create_with_all_params.json",
                                  "assistant_version_update_with_all_params.json"])
def test_the_telnyx_sdk_examples_lint_as_request_bodies(name) -> None:
    report = flowlint.lint(REAL / name)
    stand_in = name[:-len(".json")]
    assert report.files[0]["assistants"] == 1
    assert not [d for d in report.diagnostics if d.code in ("FL002", "FL004")]
    assert {d.assistant_id for d in report.diagnostics} == {stand_in}
    # what is left is real: both prompt nodes set model and external_llm; the hand-off
    # target is not in the input; dynamic variable "foo" is set and never read
    assert sorted((d.code, d.node_id or "") for d in report.diagnostics) == [
        ("FL501", "n_intake"), ("FL605", "n_billing"), ("FL605", "n_intake"), ("FL802", "")]


def test_a_repeated_key_in_a_body_is_named_by_the_stand_in_too(tmp_path) -> None:
    path = tmp_path / "dup.json"
    path.write_text('{"name": "x", "instructions": "a", "instructions": "b"}')
    assert [(d.code, d.assistant_id) for d in flowlint.lint(path).diagnostics] == [("FL005", "dup")]


def test_bodies_without_a_file_name_are_numbered_when_their_names_clash() -> None:
    body = {"name": "Billing", "instructions": "Help."}
    workspace = flowlint.load(dict(body), dict(body), dict(body))
    assert [a.id for a in workspace.assistants] == ["Billing", "Billing#2", "Billing#3"]
