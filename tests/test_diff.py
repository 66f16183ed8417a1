"""``flowlint.diff``: what changed between two versions, and which findings the change adds or fixes.

The acceptance pair of issue 15 is built from the seed fixture: a node removed, a node and an
edge added, an llm prompt reworded, an edge retargeted, ``instructions_mode`` set on a node
that lacked it, an unreachable node added.
"""
from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from flowlint.diff import diff

from conftest import FIXTURES

SEED = FIXTURES / "seed-import-response.json"


def seed() -> dict:
    return json.loads(SEED.read_text(encoding="utf-8"))


def flow_of(value: dict, index: int = 0) -> dict:
    return value["data"][index]["conversation_flow"]


def node(node_id: str, **fields: Any) -> dict:
    return {"type": "prompt", "id": node_id, "instructions": f"Do {node_id}.", "instructions_mode": "append",
            **fields}


def llm_edge(edge_id: str, source: str, target: str, prompt: str = "go") -> dict:
    return {"id": edge_id, "start_node_id": source, "condition": {"type": "llm", "prompt": prompt},
            "target": {"type": "node", "node_id": target}}


def acceptance_pair(tmp_path: Path) -> tuple[Path, Path]:
    """The seed response and the edited version the issue describes, as two files."""
    new = seed()
    flow = flow_of(new)
    flow["nodes"] = [n for n in flow["nodes"] if n["id"] != "n_billing"]            # remove a node
    flow["nodes"][0]["instructions_mode"] = "append"                                # n_intake lacked it
    flow["nodes"].append(node("n_payments", name="Payments"))                       # add a node
    flow["nodes"].append({"type": "speak", "id": "n_orphan", "message": "Nobody hears this."})  # unreachable
    flow["edges"][0]["target"]["node_id"] = "n_payments"                             # retarget an edge
    flow["edges"][1]["condition"]["prompt"] = "The caller asks for a person."        # reword a prompt
    flow["edges"].append(llm_edge("e_payments_to_intake", "n_payments", "n_intake"))  # add an edge
    old_path, new_path = tmp_path / "old.json", tmp_path / "new.json"
    old_path.write_bytes(SEED.read_bytes())
    new_path.write_text(json.dumps(new, indent=2), encoding="utf-8")
    return old_path, new_path


def core(assistant: dict) -> dict:
    """The contract's core of one assistant of the JSON (changed elements by id and fields)."""
    def elements(part: dict) -> dict:
        return {"added": part["added"], "removed": part["removed"], "renamed": part["renamed"],
                "changed": [{"id": c["id"], "fields": c["fields"]} for c in part["changed"]]}
    return {"id": assistant["id"], "status": assistant["status"], "nodes": elements(assistant["nodes"]),
            "edges": elements(assistant["edges"]), "start_node": assistant["start_node"]}


def subjects(diagnostics: list[dict]) -> list[tuple[str, str | None]]:
    return [(d["code"], d["edge_id"] or d["node_id"] or d["assistant_id"]) for d in diagnostics]


def test_the_acceptance_pair_lists_exactly_its_changes(tmp_path) -> None:
    result = diff(*acceptance_pair(tmp_path)).to_dict()
    assert [core(a) for a in result["assistants"]] == [{
        "id": "<string>", "status": "changed",
        "nodes": {"added": ["n_payments", "n_orphan"], "removed": ["n_billing"], "renamed": [],
                  "changed": [{"id": "n_intake", "fields": ["instructions_mode"]}]},
        "edges": {"added": ["e_payments_to_intake"], "removed": [], "renamed": [],
                  "changed": [{"id": "e_intake_to_billing", "fields": ["target.node_id"]},
                              {"id": "e_intake_to_escalation_assistant", "fields": ["condition.prompt"]}]},
        "start_node": None,
    }]
    assert subjects(result["findings"]["new"]) == [("FL301", "n_orphan")]
    # FL607 was about n_billing (its model without the assistant's key): gone with the node
    assert subjects(result["findings"]["fixed"]) == [("FL601", "n_intake"), ("FL607", "n_billing")]
    assert result["findings"]["unchanged"] == 2  # FL501 and FL602 were there before and still are


def test_the_acceptance_pair_tells_the_values_that_changed(tmp_path) -> None:
    assistant = diff(*acceptance_pair(tmp_path)).to_dict()["assistants"][0]
    changes = {(c["id"], x["field"]): x for part in ("nodes", "edges") for c in assistant[part]["changed"]
               for x in c["changes"]}
    assert changes[("n_intake", "instructions_mode")] == {
        "field": "instructions_mode", "kind": "value", "old": None, "new": "append"}
    retarget = changes[("e_intake_to_billing", "target.node_id")]
    assert (retarget["old"], retarget["new"]) == ("n_billing", "n_payments")
    assert changes[("e_intake_to_escalation_assistant", "condition.prompt")]["new"] == "The caller asks for a person."


def test_a_file_diffed_with_itself_has_no_change() -> None:
    result = diff(SEED, SEED)
    assert not result.changed
    assert [a.status for a in result.assistants] == ["unchanged"]
    assert (result.findings.new, result.findings.fixed, result.findings.unchanged) == ([], [], 4)


# ------------------------------------------------------------------------------ renames

def renamed_node_pair() -> tuple[dict, dict]:
    old = seed()
    new = copy.deepcopy(old)
    flow = flow_of(new)
    flow["nodes"][1]["id"] = "n_invoices"            # n_billing, content unchanged
    flow["edges"][0]["target"]["node_id"] = "n_invoices"
    return old, new


def test_a_node_whose_id_alone_changed_is_renamed_and_its_edges_are_unchanged() -> None:
    result = diff(*renamed_node_pair())
    assistant = result.assistants[0]
    assert assistant.nodes.renamed == [("n_billing", "n_invoices")]
    assert (assistant.nodes.added, assistant.nodes.removed, assistant.nodes.changed) == ([], [], [])
    assert assistant.edges.empty  # the edge into it only follows the rename


def test_renaming_the_start_node_is_not_a_start_node_change() -> None:
    old = seed()
    new = copy.deepcopy(old)
    flow = flow_of(new)
    flow["start_node_id"] = flow["nodes"][0]["id"] = "n_welcome"
    for edge in flow["edges"]:
        edge["start_node_id"] = "n_welcome"
    assistant = diff(old, new).assistants[0]
    assert assistant.nodes.renamed == [("n_intake", "n_welcome")]
    assert assistant.start_node is None and assistant.edges.empty


def test_findings_follow_a_renamed_node() -> None:
    old, new = seed(), seed()
    flow = flow_of(new)
    flow["nodes"][0]["id"] = flow["start_node_id"] = "n_welcome"  # n_intake has FL601 and FL602
    for edge in flow["edges"]:
        edge["start_node_id"] = "n_welcome"
    result = diff(old, new)
    assert (result.findings.new, result.findings.fixed, result.findings.unchanged) == ([], [], 4)


def test_an_edge_whose_id_alone_changed_is_renamed() -> None:
    old = seed()
    new = copy.deepcopy(old)
    flow_of(new)["edges"][0]["id"] = "e_to_billing"
    edges = diff(old, new).assistants[0].edges
    assert edges.renamed == [("e_intake_to_billing", "e_to_billing")]
    assert (edges.added, edges.removed, edges.changed) == ([], [], [])


def test_a_renamed_and_edited_node_is_removed_and_added() -> None:
    old = seed()
    new = copy.deepcopy(old)
    flow = flow_of(new)
    flow["nodes"][1].update(id="n_invoices", instructions="Something else.")
    flow["edges"][0]["target"]["node_id"] = "n_invoices"
    assistant = diff(old, new).assistants[0]
    assert (assistant.nodes.added, assistant.nodes.removed, assistant.nodes.renamed) == (
        ["n_invoices"], ["n_billing"], [])
    assert [c.fields for c in assistant.edges.changed] == [["target.node_id"]]


# ------------------------------------------------------------------------ what is compared

def edited(edit) -> tuple[dict, dict]:
    old = seed()
    new = copy.deepcopy(old)
    edit(new["data"][0])
    return old, new


@pytest.mark.parametrize("edit, part, element, fields", [
    pytest.param(lambda a: a["conversation_flow"]["nodes"][1].update(type="speak", message="Hi."),
                 "nodes", "n_billing", ["type", "instructions", "instructions_mode", "shared_tool_ids",
                                        "tools_mode", "model", "message"], id="node-type"),
    pytest.param(lambda a: a["conversation_flow"]["nodes"][0].update(name="Reception"),
                 "nodes", "n_intake", ["name"], id="node-name"),
    pytest.param(lambda a: a["conversation_flow"]["nodes"][1].update(tools_mode="replace"),
                 "nodes", "n_billing", ["tools_mode"], id="tools-mode"),
    pytest.param(lambda a: a["conversation_flow"]["nodes"][1]["shared_tool_ids"].append("tool-refunds"),
                 "nodes", "n_billing", ["shared_tool_ids"], id="node-tools"),
    pytest.param(lambda a: a["conversation_flow"]["nodes"][1].update(model="openai/gpt-4o"),
                 "nodes", "n_billing", ["model"], id="node-model"),
    pytest.param(lambda a: a["conversation_flow"]["edges"][1]["target"].update(voice_mode="unified"),
                 "edges", "e_intake_to_escalation_assistant", ["target.voice_mode"], id="voice-mode"),
    pytest.param(lambda a: a["conversation_flow"]["edges"][0].update(start_node_id="n_billing"),
                 "edges", "e_intake_to_billing", ["start_node_id"], id="edge-source"),
    pytest.param(lambda a: a["conversation_flow"]["edges"][0].update(condition={
        "type": "expression", "expression": {"type": "bool_literal", "value": True}}),
                 "edges", "e_intake_to_billing", ["condition.type", "condition.prompt", "condition.expression"],
                 id="condition-type"),
])
def test_each_compared_field_is_named(edit, part, element, fields) -> None:
    changed = getattr(diff(*edited(edit)).assistants[0], part).changed
    assert [(c.id, c.fields) for c in changed] == [(element, fields)]


def test_items_added_to_a_list_are_named() -> None:
    change = diff(*edited(lambda a: a["conversation_flow"]["nodes"][1]["shared_tool_ids"].append(
        "tool-refunds"))).assistants[0].nodes.changed[0].changes[0]
    assert (change.kind, change.added, change.removed) == ("items", ["tool-refunds"], [])


def test_an_expression_change_is_shown_as_text() -> None:
    def edit(assistant: dict) -> None:
        assistant["conversation_flow"]["edges"][0]["condition"] = {"type": "expression", "expression": {
            "type": "comparison", "left": {"type": "variable", "name": "tier"}, "op": "==",
            "right": {"type": "string_literal", "value": "gold"}}}
    old, new = edited(edit)
    newer = copy.deepcopy(new)
    newer["data"][0]["conversation_flow"]["edges"][0]["condition"]["expression"]["right"]["value"] = "vip"
    change = diff(new, newer).assistants[0].edges.changed[0].changes[0]
    assert (change.name, change.old, change.new) == ("condition.expression", 'tier == "gold"', 'tier == "vip"')


def test_long_instructions_are_summarised_with_a_capped_unified_diff() -> None:
    lines = [f"Rule {i}: be helpful." for i in range(40)]
    old = seed()
    flow_of(old)["nodes"][0]["instructions"] = "\n".join(lines)
    new = copy.deepcopy(old)
    flow_of(new)["nodes"][0]["instructions"] = "\n".join([f"Rule {i}: be brief." for i in range(20)] + lines[20:] +
                                                         ["A new last rule."])
    change = diff(old, new).assistants[0].nodes.changed[0].changes[0]
    assert (change.name, change.kind, change.added_lines, change.removed_lines) == ("instructions", "text", 21, 20)
    assert len(change.diff) == 12 and change.omitted_lines > 0
    assert change.diff[0].startswith("@@") and "-Rule 0: be helpful." in change.diff


def test_hand_offs_added_and_removed() -> None:
    def edit(assistant: dict) -> None:
        assistant["conversation_flow"]["edges"][1]["target"]["assistant_id"] = "assistant-sales"
    assistant = diff(*edited(edit)).assistants[0]
    assert (assistant.handoffs_added, assistant.handoffs_removed) == (["assistant-sales"], ["assistant-human-handoff"])
    assert [c.fields for c in assistant.edges.changed] == [["target.assistant_id"]]


def test_the_start_node_change() -> None:
    assistant = diff(*edited(lambda a: a["conversation_flow"].update(start_node_id="n_billing"))).assistants[0]
    assert assistant.start_node == ("n_intake", "n_billing")


def test_assistant_fields_and_tools() -> None:
    def edit(assistant: dict) -> None:
        assistant["model"] = "openai/gpt-4.1"
        assistant["tools"].append({"type": "hangup", "hangup": {"description": "Bye."}})
        assistant["tools"][0]["webhook"]["url"] = "https://example.com/api/v2/function"
    assistant = diff(*edited(edit)).assistants[0]
    assert assistant.status == "changed"
    assert [c.name for c in assistant.fields] == ["model", "tools"]
    tools = assistant.fields[1]
    assert (tools.added, tools.removed, tools.changed) == (["hangup"], [], ['webhook "<string>"'])


def test_editor_moves_only_with_positions() -> None:
    old, new = edited(lambda a: a["conversation_flow"]["nodes"][0]["position"].update(x=999))
    assert not diff(old, new).changed
    moved = diff(old, new, positions=True)
    assert moved.changed and moved.assistants[0].nodes.moved == ["n_intake"]
    assert moved.to_dict()["assistants"][0]["nodes"]["moved"] == ["n_intake"]
    assert "moved" not in diff(old, new).to_dict()["assistants"][0]["nodes"]


# ------------------------------------------------------------------- matching assistants

def assistant(assistant_id: str, *nodes: dict) -> dict:
    return {"id": assistant_id, "name": assistant_id, "model": "m", "instructions": "i",
            "created_at": "2025-01-01T00:00:00Z", "tools": [],
            "conversation_flow": {"start_node_id": nodes[0]["id"], "nodes": list(nodes), "edges": []}}


def write(path: Path, value: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value), encoding="utf-8")
    return path


def test_folders_are_matched_assistant_by_assistant_across_files(tmp_path) -> None:
    write(tmp_path / "old/all.json", {"data": [assistant("a-1", node("n1")), assistant("a-2", node("n2"))]})
    write(tmp_path / "new/one.json", {"data": [assistant("a-1", node("n1"))]})
    write(tmp_path / "new/two.json", [assistant("a-2", node("n2"), node("n3"))])
    write(tmp_path / "new/three.json", assistant("a-3", node("n4")))
    result = diff(tmp_path / "old", tmp_path / "new")
    assert [(a.id, a.status) for a in result.assistants] == [  # in the new version's file order
        ("a-1", "unchanged"), ("a-3", "added"), ("a-2", "changed")]
    assert result.assistants[2].nodes.added == ["n3"]


def test_flows_without_an_assistant_id_are_matched_by_their_path_in_the_folder(tmp_path) -> None:
    flow = {"start_node_id": "n1", "nodes": [node("n1")], "edges": []}
    write(tmp_path / "old/sub/flow.json", flow)
    write(tmp_path / "old/gone.json", flow)
    write(tmp_path / "new/sub/flow.json", {**flow, "nodes": [node("n1"), node("n2")]})
    result = diff(tmp_path / "old", tmp_path / "new")
    assert [(a.id, a.status, a.old_file and Path(a.old_file).name) for a in result.assistants] == [
        (None, "changed", "flow.json"), (None, "removed", "gone.json")]


def test_two_single_files_without_ids_are_compared_with_each_other(tmp_path) -> None:
    flow = {"start_node_id": "n1", "nodes": [node("n1")], "edges": []}
    old = write(tmp_path / "before.json", flow)
    new = write(tmp_path / "after.json", {**flow, "nodes": [node("n1", name="First")]})
    assert [(a.status, [c.fields for c in a.nodes.changed]) for a in diff(old, new).assistants] == [
        ("changed", [["name"]])]


def test_a_request_body_without_id_is_compared(tmp_path) -> None:
    body = {k: v for k, v in seed()["data"][0].items() if k not in ("id", "created_at")}
    newer = copy.deepcopy(body)
    newer["conversation_flow"]["nodes"][0]["instructions_mode"] = "append"
    result = diff(write(tmp_path / "a.json", body), write(tmp_path / "b.json", newer))
    assert [(a.id, a.status) for a in result.assistants] == [(None, "changed")]
    assert [c.id for c in result.assistants[0].nodes.changed] == ["n_intake"]
    assert [d.code for d in result.findings.fixed] == ["FL601"]


def test_added_and_removed_assistants_list_all_their_nodes_and_edges(tmp_path) -> None:
    empty = write(tmp_path / "empty.json", {"data": []})
    added = diff(empty, SEED).assistants[0]
    assert added.status == "added"
    assert added.nodes.added == ["n_intake", "n_billing"] and added.start_node == (None, "n_intake")
    assert diff(SEED, empty).assistants[0].nodes.removed == ["n_intake", "n_billing"]


def test_lint_options_apply_to_both_sides(tmp_path) -> None:
    old, new = acceptance_pair(tmp_path)
    result = diff(old, new, ignore=["FL301"])
    assert (result.findings.new, [d.code for d in result.findings.fixed]) == ([], ["FL601", "FL607"])
