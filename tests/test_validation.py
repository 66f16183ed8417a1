"""Schema validation: one FL002 per offending value, and broken elements still count."""
from __future__ import annotations

import pytest

from conftest import codes_and_subjects, lint_value


def prompt(node_id: str, **fields):
    return {"id": node_id, "instructions": f"Do {node_id}.", "instructions_mode": "append", **fields}


def edge(edge_id: str, source: str, target: str, **fields):
    return {"id": edge_id, "start_node_id": source, "target": {"type": "node", "node_id": target},
            "condition": {"type": "llm", "prompt": f"Go to {target}."}, **fields}


def flow(nodes, edges=(), start="a"):
    return {"start_node_id": start, "nodes": list(nodes), "edges": list(edges)}


@pytest.mark.parametrize("node, pointer, words", [
    (prompt("a", instructions=5), "/nodes/0/instructions", '"instructions" is invalid'),
    (prompt("a", tools_mode="merge"), "/nodes/0/tools_mode", "'replace' or 'append'"),
    (prompt("a", position={"x": "left", "y": 1}), "/nodes/0/position/x", '"x" is invalid'),
    (prompt("a", shared_tool_ids=["t1", 7]), "/nodes/0/shared_tool_ids/1", '"1" is invalid'),
    ({"id": "a", "type": "tool"}, "/nodes/0", 'missing required field "shared_tool_id"'),
    ({"id": "a", "type": 5, "instructions": "x"}, "/nodes/0/type", '"type" must be a string'),
], ids=["wrong-type", "bad-enum", "nested", "list-item", "missing", "type-not-string"])
def test_each_offending_value_is_one_fl002_with_its_pointer(node, pointer, words) -> None:
    report = lint_value(flow([node]))
    (finding,) = [d for d in report.diagnostics if d.code == "FL002"]
    assert finding.pointer == pointer
    assert words in finding.message
    assert finding.node_id == "a"


def test_two_bad_values_in_one_node_are_two_findings() -> None:
    report = lint_value(flow([prompt("a", instructions_mode="x", tools_mode="y")]))
    assert sorted(d.pointer for d in report.diagnostics) == [
        "/nodes/0/instructions_mode", "/nodes/0/tools_mode"]
    assert len({d.fingerprint for d in report.diagnostics}) == 2


@pytest.mark.parametrize("where, value", [
    ("condition", {"type": "vibes"}), ("target", {"type": "queue", "queue_id": "q"}),
], ids=["condition", "target"])
def test_unknown_condition_and_target_types_are_fl003(where, value) -> None:
    broken = edge("e1", "a", "b")
    broken[where] = value
    report = lint_value(flow([prompt("a"), prompt("b")], [broken]))
    assert ("FL003", "e1") in codes_and_subjects(report)
    assert [d.pointer for d in report.diagnostics if d.code == "FL003"] == [f"/edges/0/{where}/type"]


def test_unknown_tool_type_is_fl003_and_the_assistant_is_still_checked() -> None:
    assistant = {"id": "a-1", "name": "n", "model": "m", "instructions": "i", "created_at": "t",
                 "tools": [{"type": "teleport", "teleport": {}}],
                 "conversation_flow": flow([prompt("a")], [edge("e1", "a", "zz")])}
    assert codes_and_subjects(lint_value(assistant)) == {("FL003", "a-1"), ("FL204", "e1")}


def test_an_invalid_node_still_takes_part_in_the_graph_checks() -> None:
    nodes = [prompt("a"), {"id": "b", "type": "tool"}, prompt("c")]  # b lacks shared_tool_id
    edges = [edge("e1", "a", "b"), {**edge("e2", "b", "c"), "condition": {"type": "default"}}]
    report = lint_value(flow(nodes, edges))
    # no FL204 for the edge into b, and c is reachable through b
    assert codes_and_subjects(report) == {("FL002", "b")}


def test_an_invalid_edge_still_links_its_nodes() -> None:
    nodes = [prompt("a"), prompt("b")]
    edges = [{**edge("e1", "a", "b"), "condition": {"type": "llm"}}]  # prompt missing
    assert codes_and_subjects(lint_value(flow(nodes, edges))) == {("FL002", "e1")}


def test_assistant_fields_are_validated() -> None:
    report = lint_value({"data": [{"id": "a-1", "name": 3, "conversation_flow": flow([prompt("a")])}]})
    assert sorted(d.message for d in report.diagnostics) == [
        '"name" is invalid: input should be a valid string, got a number 3',
        'assistant is missing required field "created_at"',
        'assistant is missing required field "instructions"',
        'assistant is missing required field "model"',
    ]
    assert {d.assistant_id for d in report.diagnostics} == {"a-1"}


def test_unknown_fields_are_tolerated() -> None:
    assert lint_value(flow([prompt("a", future_setting={"x": 1})], [])).diagnostics == ()
