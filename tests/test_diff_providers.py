"""The diff works on any reader's flow model, not only the Telnyx one.

Provider readers (Retell, ElevenLabs, Vapi) map their formats into the same FlowGraph with
their own node and edge models: dataclasses with a ``raw`` model of the format's fields, which
carry ids, ``display_position`` and, on nodes, the node's own edges. This stand-in has that
shape (a Retell-like conversation node and edge) and the diff must read it as it reads
Telnyx nodes: content by field, ids and positions apart, references following renames.
Also: the two real request bodies of the Telnyx SDK, and the two real revisions of a Retell
agent once Retell files are read (the lead checks that pair after the merge).
"""
from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from typing import Any, Optional

import pytest
from pydantic import BaseModel

from flowlint.diff import Side, compare, diff
from flowlint.documents import AssistantEntry, Document, Workspace
from flowlint.graph import FlowEdge, FlowGraph, FlowNode
from flowlint.models import LlmCondition, NodeTarget, Position
from flowlint.report import Report
from flowlint.source import Source

from conftest import ROOT

REAL = ROOT.parent / "shared" / "real-flows"


class RawPosition(BaseModel):
    x: float
    y: float


class RawEdge(BaseModel):
    id: str
    destination_node_id: str
    transition_condition: dict


class RawInstruction(BaseModel):
    type: str
    text: str


class RawNode(BaseModel):
    id: str
    type: str
    instruction: RawInstruction
    display_position: RawPosition
    edges: list[RawEdge] = []


@dataclass(slots=True)
class StandInNode:
    provider_type: str
    kind: str
    name: Optional[str] = None
    position: Optional[Position] = None
    raw: Any = None


@dataclass(slots=True)
class StandInEdge:
    id: Optional[str]
    start_node_id: Optional[str]
    condition: Any
    target: Any
    raw: Any = None


def agent(nodes: list[dict]) -> Side:
    """One agent read by a stand-in reader: ``nodes`` in the Retell-like shape."""
    document = Document(Source("agent.json"), "provider")
    entry = AssistantEntry(document, "", "agent-1", raw_name="Aubrey")
    flow_nodes, flow_edges = [], []
    for index, raw in enumerate(nodes):
        model = RawNode(**raw)
        flow_nodes.append(FlowNode(model.id, index, "prompt", StandInNode(
            model.type, "prompt",
            position=Position(x=float(model.display_position.x), y=float(model.display_position.y)),
            raw=model)))
        for edge in model.edges:
            prompt = edge.transition_condition["prompt"]
            flow_edges.append(FlowEdge(edge.id, len(flow_edges), model.id, "node", edge.destination_node_id, "llm",
                                       StandInEdge(edge.id, model.id, LlmCondition(type="llm", prompt=prompt),
                                                   NodeTarget(type="node", node_id=edge.destination_node_id), edge)))
    entry.flow = FlowGraph("/conversationFlow", nodes[0]["id"], flow_nodes, flow_edges)
    document.assistants.append(entry)
    workspace = Workspace([document])
    return Side("agent.json", workspace, Report((), workspace))


def retell_node(node_id: str, text: str, x: float = 0, edges: tuple = ()) -> dict:
    return {"id": node_id, "type": "conversation", "instruction": {"type": "prompt", "text": text},
            "display_position": {"x": x, "y": 0},
            "edges": [{"id": e, "destination_node_id": to, "transition_condition": {"type": "prompt", "prompt": p}}
                      for e, to, p in edges]}


BEFORE = [retell_node("start", "Greet.", edges=(("e1", "travel", "Caller mentions travel."),)),
          retell_node("travel", "Take the travel request.", x=300)]


def test_an_instruction_change_is_a_field_of_the_node_not_of_its_edges() -> None:
    after = copy.deepcopy(BEFORE)
    after[1]["instruction"]["text"] = "Take the travel request and confirm the dates."
    assistant = compare(agent(BEFORE), agent(after)).assistants[0]
    assert [(c.id, c.fields) for c in assistant.nodes.changed] == [("travel", ["instruction.text"])]
    assert assistant.edges.empty


def test_an_edge_embedded_in_its_node_is_compared_as_an_edge() -> None:
    after = copy.deepcopy(BEFORE)
    after[0]["edges"][0]["transition_condition"]["prompt"] = "Caller mentions a trip."
    assistant = compare(agent(BEFORE), agent(after)).assistants[0]
    assert assistant.nodes.empty  # the start node itself did not change
    assert [(c.id, c.fields) for c in assistant.edges.changed] == [
        ("e1", ["condition.prompt", "transition_condition"])]


def test_a_renamed_node_is_followed_by_the_format_s_own_references() -> None:
    after = copy.deepcopy(BEFORE)
    after[1]["id"] = "travel-request"
    after[0]["edges"][0]["destination_node_id"] = "travel-request"
    assistant = compare(agent(BEFORE), agent(after)).assistants[0]
    assert assistant.nodes.renamed == [("travel", "travel-request")]
    assert assistant.edges.empty and not assistant.nodes.added and not assistant.nodes.removed


def test_display_positions_are_moves_shown_only_with_positions() -> None:
    after = copy.deepcopy(BEFORE)
    after[1]["display_position"]["x"] = 900
    assert not compare(agent(BEFORE), agent(after)).changed
    assert compare(agent(BEFORE), agent(after), positions=True).assistants[0].nodes.moved == ["travel"]


# ------------------------------------------------------------------------------ real files

def test_the_two_real_request_bodies_differ_only_by_version_name() -> None:
    folder = REAL / "telnyx-python"
    if not folder.is_dir():
        pytest.skip("../shared/real-flows is not beside the repository")
    result = diff(folder / "assistant_create_with_all_params.json",
                  folder / "assistant_version_update_with_all_params.json")
    [assistant] = result.assistants
    assert (assistant.id, assistant.status, [c.name for c in assistant.fields]) == (None, "changed", ["version_name"])
    assert assistant.nodes.empty and assistant.edges.empty and assistant.start_node is None
    assert (result.findings.new, result.findings.fixed) == ([], [])


KEYLINE = REAL / "ubaidlodhi-retell-voice-agents"


def test_the_two_real_revisions_of_a_retell_agent() -> None:
    """Checked by hand against the files: 2 nodes and 6 edges added, one skip-response edge
    replaced by an identical one under a new id, 5 instructions and 27 transition prompts
    reworded, every node moved in the editor."""
    old = KEYLINE / "Keyline_Agent__Aubrey_Agent@1400776.json"
    new = KEYLINE / "Keyline_Agent__Aubrey_Agent@6993da0.json"
    if not old.exists():
        pytest.skip("../shared/real-flows is not beside the repository")
    result = diff(old, new)
    if not any(a.old_entry is not None and a.old_entry.flow is not None for a in result.assistants):
        pytest.skip("Retell exports are not read by this version (the provider readers of issue 13)")
    [assistant] = result.assistants
    assert assistant.status == "changed"
    assert sorted(assistant.nodes.added) == ["node-lookup-tickets-fn", "node-ticket-lookup-global"]
    assert assistant.nodes.removed == []
    changed = {c.id for c in assistant.nodes.changed}
    assert {"start-node-aubrey-opening", "node-travel-request", "node-global-human-request",
            "node-transfer-case-support", "node-1777489883686"} <= changed
    assert changed <= {"start-node-aubrey-opening", "node-caregiver-menu", "node-travel-request",
                       "node-global-human-request", "node-transfer-case-support", "node-1777489883686"}
    assert {"edge-1778704762136-9fw1pv2am", "e-ticket-lookup-has-number", "e-ticket-lookup-transfer",
            "e-ticket-lookup-close"} <= set(assistant.edges.added) | {new for _, new in assistant.edges.renamed}
    assert len(assistant.edges.changed) >= 27
    moved = diff(old, new, positions=True).assistants[0].nodes.moved
    assert len(moved) == 48
    assert json.loads(result.to_json())["assistants"][0]["id"] == assistant.id
