"""Flow graphs and the hand-off graph: networkx views and the facts rules share."""
from __future__ import annotations

import json

import flowlint
from conftest import FIXTURES


def test_each_flow_is_a_multidigraph_keyed_by_edge_id_with_documented_attributes() -> None:
    workspace = flowlint.load(FIXTURES / "clean" / "acme-import.json")
    graph = workspace.assistants[0].graph
    assert graph.nodes["n_greet"]["type"] == "speak" and graph.nodes["n_greet"]["start"] is True
    assert graph.nodes["n_lookup"]["position"] == (600, 0)
    assert set(graph["n_lookup"]) == {"n_order_status", "n_lookup_failed"}
    assert graph.edges["n_greet", "n_triage", "e_greet_triage"]["condition_type"] == "default"
    handoff = ("assistant", "assistant-billing")
    assert graph.nodes[handoff]["kind"] == "assistant"
    assert graph.edges["n_triage", handoff, "e_triage_billing"]["handoff"] is True


def test_parallel_edges_are_kept() -> None:
    flow = {"start_node_id": "a", "nodes": [{"id": "a", "instructions": "x"}, {"id": "b", "instructions": "y"}],
            "edges": [{"id": f"e{i}", "start_node_id": "a", "target": {"type": "node", "node_id": "b"},
                       "condition": {"type": "llm", "prompt": f"p{i}"}} for i in range(3)]}
    graph = flowlint.load(flow).assistants[0].graph
    assert graph.number_of_edges("a", "b") == 3


def test_handoff_graph_spans_all_inputs(tmp_path) -> None:
    acme = json.loads((FIXTURES / "clean" / "acme-import.json").read_text())
    first, second = tmp_path / "one.json", tmp_path / "two.json"
    first.write_text(json.dumps({"data": acme["data"][:1]}))
    second.write_text(json.dumps({"data": acme["data"][1:]}))
    graph = flowlint.load(first, second).handoff_graph
    assert set(graph.nodes) == {"assistant-front-desk", "assistant-billing", "assistant-human-handoff"}
    assert all(graph.nodes[n]["known"] for n in graph)
    assert graph.has_edge("assistant-billing", "assistant-front-desk")


def test_reachability_and_callable_tools_are_facts_of_the_flow() -> None:
    workspace = flowlint.load(FIXTURES / "clean" / "acme-import.json")
    flow = workspace.assistants[0].flow
    assert flow.reachable == set(flow.node_by_id)
    triage = flow.callable_tools(flow.node_by_id["n_triage"])
    assert triage.complete and triage.ends_call is True          # assistant's hangup tool
    order = flow.callable_tools(flow.node_by_id["n_order_number"])
    assert not order.complete and order.ends_call is True        # shared tool unknown, hangup appended


def test_unknown_shared_tools_keep_trap_detection_silent() -> None:
    flow = {"start_node_id": "a", "nodes": [
        {"id": "a", "instructions": "x", "shared_tool_ids": ["tool-maybe-hangup"]},
        {"id": "b", "instructions": "y", "shared_tool_ids": ["tool-maybe-hangup"]}],
        "edges": [{"id": "ab", "start_node_id": "a", "target": {"type": "node", "node_id": "b"},
                   "condition": {"type": "llm", "prompt": "p"}},
                  {"id": "ba", "start_node_id": "b", "target": {"type": "node", "node_id": "a"},
                   "condition": {"type": "llm", "prompt": "q"}}]}
    assistant = {"id": "a-1", "name": "n", "model": "m", "instructions": "i", "created_at": "t",
                 "tools": [], "conversation_flow": flow}
    assert flowlint.lint(assistant, select=["FL3"]).diagnostics == ()
    resolved = flowlint.lint(assistant, select=["FL3"], tools={"tool-maybe-hangup": "webhook"})
    assert [d.code for d in resolved.diagnostics] == ["FL302"]
