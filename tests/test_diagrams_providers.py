"""Provider flows are drawn through the same drawing model: node kinds from what the node
does, the provider's own type on the label, edge labels from each format's conditions."""
from __future__ import annotations

import pytest

import flowlint
from flowlint.diagrams import diagram_of, to_dot, to_image, to_mermaid

from conftest import FIXTURES

RETELL = {"start_node_id": "ask", "nodes": [
    {"id": "ask", "type": "conversation", "name": "Ask", "instruction": {"type": "prompt", "text": "Ask."},
     "display_position": {"x": 0, "y": 0},
     "edges": [{"id": "p", "transition_condition": {"type": "prompt", "prompt": "The caller named a plan."},
                "destination_node_id": "route"},
               {"id": "loose", "transition_condition": {"type": "prompt", "prompt": "Describe the transition"}}]},
    {"id": "route", "type": "branch", "display_position": {"x": 300, "y": 0},
     "edges": [{"id": "q", "destination_node_id": "human", "transition_condition": {
         "type": "equation", "operator": "||", "equations": [{"left": "{{plan}}", "operator": "==", "right": "gold"},
                                                              {"left": "{{vip}}", "operator": "exists"}]}}],
     "else_edge": {"id": "r", "transition_condition": {"type": "prompt", "prompt": "Else"}, "destination_node_id": "bye"}},
    {"id": "human", "type": "transfer_call", "display_position": {"x": 600, "y": 0},
     "global_node_setting": {"condition": "The caller asks for a person."},
     "edge": {"id": "s", "transition_condition": {"type": "prompt", "prompt": "Transfer failed"}, "destination_node_id": "bye"}},
    {"id": "bye", "type": "end", "display_position": {"x": 900, "y": 0}}]}

ELEVENLABS = {"nodes": {"start": {"type": "start"}, "triage": {"type": "override_agent", "label": "Triage"},
                        "lookup": {"type": "tool"}, "say": {"type": "say", "label": "Hold on"}, "done": {"type": "end"}},
              "edges": {"a": {"source": "start", "target": "triage", "forward_condition": {"type": "unconditional"}},
                        "b": {"source": "triage", "target": "lookup", "forward_condition": {
                            "type": "llm", "label": "order number", "condition": "The caller gave an order number."}},
                        "c": {"source": "lookup", "target": "say", "forward_condition": {"type": "result", "successful": True}},
                        "d": {"source": "say", "target": "done", "forward_condition": {"type": "expression", "expression": {
                            "type": "eq_operator", "left": {"type": "dynamic_variable", "name": "tier"},
                            "right": {"type": "string_literal", "value": "gold"}}},
                              "backward_condition": {"type": "llm", "condition": "The caller wants more."}}}}

VAPI = {"name": "Desk", "nodes": [{"type": "conversation", "name": "Greeting", "prompt": "Hi.", "isStart": True},
                                  {"type": "tool", "name": "Goodbye", "tool": {"type": "endCall"}},
                                  {"type": "conversation", "name": "Gold", "prompt": "Gold desk."}],
        "edges": [{"from": "Greeting", "to": "Goodbye", "condition": {"type": "ai", "prompt": "The caller is done."}},
                  {"from": "Greeting", "to": "Gold", "condition": "{{ tier == 'gold' }}"},
                  {"from": "Gold", "to": "Goodbye", "condition": "The gold question is answered."}]}


def _nodes(diagram) -> dict:
    return {n.subject: (n.kind, n.lines[-1]) for n in diagram.nodes}


def _labels(diagram) -> list[str]:
    return [e.label.split(" [")[0] for e in diagram.edges]


def test_retell_nodes_and_conditions():
    diagram = diagram_of(RETELL)
    assert _nodes(diagram) == {"ask": ("prompt", "conversation"), "route": ("logic", "branch"),
                               "human": ("tool", "transfer_call (global)"), "bye": ("tool", "end"),
                               "": ("missing", "not connected")}
    assert _labels(diagram) == ["The caller named a plan.", "Describe the transition",
                                "{{plan}} == gold || {{vip}} exists", "else", "transfer call failed"]
    assert diagram.positioned and diagram.start == "n0"
    stub = next(n for n in diagram.nodes if n.kind == "missing")
    assert stub.position == (160.0, 90.0)  # beside the node its edge leaves


def test_elevenlabs_nodes_and_conditions():
    diagram = diagram_of(ELEVENLABS)
    assert _nodes(diagram) == {"start": ("logic", "start"), "triage": ("prompt", "override_agent"),
                               "lookup": ("tool", "tool"), "say": ("speak", "say"), "done": ("tool", "end")}
    assert _labels(diagram) == ["unconditional", "order number", "succeeded", 'tier == "gold"',
                                "back: The caller wants more."]


def test_vapi_nodes_and_conditions():
    diagram = diagram_of(VAPI)
    assert _nodes(diagram) == {"Greeting": ("prompt", "conversation"), "Goodbye": ("tool", "tool: endCall"),
                               "Gold": ("prompt", "conversation")}
    assert _labels(diagram) == ["The caller is done.", "{{ tier == 'gold' }}", "The gold question is answered."]


@pytest.mark.parametrize("flow", [RETELL, ELEVENLABS, VAPI], ids=["retell", "elevenlabs", "vapi"])
def test_every_renderer_draws_provider_flows(flow):
    assert "digraph" in to_dot(flow)
    assert to_mermaid(flow).startswith("flowchart LR")
    assert to_image(flow, "svg", renderer="pygraphviz").lstrip().startswith(b"<?xml")


def test_findings_are_drawn_on_provider_elements():
    diagram = diagram_of(FIXTURES / "providers" / "FL904-retell-self-loop.json")
    marked = {e.subject: e.codes for e in diagram.edges if e.codes}
    assert marked == {"ask_again": ["FL904"], "hold_again": ["FL904"]}
    assert diagram.title == "Order desk (agent_fl904)"


def test_a_provider_flow_draws_from_the_python_api():
    workspace = flowlint.load(VAPI)
    assert workspace.assistants[0]._repr_svg_() is not None
