"""FL911-FL919: ElevenLabs agent workflows, before they are imported (see provider_retell.py
for the numbering of provider rules)."""
from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Iterator

from ..diagnostics import Finding
from .base import FLOW, AssistantContext, rule

if TYPE_CHECKING:
    from ..graph import FlowEdge


def _workflow(nodes: dict, edges: dict) -> str:
    start = {"start": {"type": "start", "edge_order": [e for e, v in edges.items() if v["source"] == "start"]}}
    return json.dumps({"nodes": {**start, **nodes}, "edges": edges})


def _agent(label: str) -> dict:
    return {"type": "override_agent", "label": label, "additional_prompt": f"{label}: help the caller."}


def _edge(source: str, target: str, kind: str = "unconditional", **condition: Any) -> dict:
    return {"source": source, "target": target, "forward_condition": {"type": kind, **condition}}


def _llm(source: str, target: str, text: str) -> dict:
    return _edge(source, target, "llm", condition=text)


_BEGIN = {"begin": _edge("start", "triage")}
_TRIAGE = {"triage": _agent("Triage"), "done": {"type": "end"}}
_IS_GOLD = {"type": "eq_operator", "left": {"type": "dynamic_variable", "name": "tier"},
            "right": {"type": "string_literal", "value": "gold"}}


def _forward(edge: "FlowEdge") -> bool:
    return edge.origin is not None and not edge.origin.reverse and not edge.origin.implied


def _kind(ctx: AssistantContext, node_id: str | None) -> str | None:
    node = ctx.flow.node_by_id.get(node_id) if node_id is not None else None
    return getattr(node.model, "provider_type", None) if node is not None else None


@rule("FL911", "elevenlabs-duplicate-edge", "error", FLOW, provider="elevenlabs",
      example=_workflow(_TRIAGE, {**_BEGIN, "to_done": _llm("triage", "done", "The caller is done."),
                                  "to_done_again": _llm("triage", "done", "The caller says goodbye.")}),
      fixed=_workflow(_TRIAGE, {**_BEGIN, "to_done": _llm("triage", "done", "The caller is done or says goodbye.")}))
def elevenlabs_duplicate_edge(ctx: AssistantContext) -> Iterator[Finding]:
    """Two ElevenLabs edges between the same pair of nodes.

    What it does: reports every edge after the first that connects the same two nodes, in
    either direction (`source` and `target` swapped counts too).

    Why it matters: ElevenLabs refuses such a workflow when the agent is saved or
    deployed ("Duplicate edge found"): between two nodes there is one edge, whose
    `forward_condition` leads from source to target and whose `backward_condition` leads
    back. Merge the conditions into that one edge.
    """
    first: dict[frozenset, "FlowEdge"] = {}
    for edge in ctx.flow.edges:
        if not _forward(edge) or edge.source is None or edge.target is None:
            continue
        pair = frozenset((edge.source, edge.target))
        earlier = first.setdefault(pair, edge)
        if earlier is not edge:
            yield ctx.edge_finding(edge, f'edge "{edge.id}" connects "{edge.source}" and "{edge.target}" '
                                   f'like edge "{earlier.id}": ElevenLabs allows one edge per pair of nodes')


@rule("FL912", "elevenlabs-edge-from-end-node", "error", FLOW, provider="elevenlabs",
      example=_workflow({**_TRIAGE, "survey": _agent("Survey")},
                        {**_BEGIN, "to_done": _llm("triage", "done", "The caller is done."),
                         "to_survey": _edge("done", "survey")}),
      fixed=_workflow({**_TRIAGE, "survey": _agent("Survey")},
                      {**_BEGIN, "to_survey": _llm("triage", "survey", "The caller is done."),
                       "to_done": _llm("survey", "done", "The caller answered the survey.")}))
def elevenlabs_edge_from_end_node(ctx: AssistantContext) -> Iterator[Finding]:
    """An ElevenLabs edge that leaves an `end` node.

    What it does: reports every edge whose `source` is a node of type `end` (and every
    `backward_condition` that would lead back out of one).

    Why it matters: reaching an End node ends the conversation (the SDK: "whether reaching
    this End node ends the conversation as a success or a failure"), so an edge out of it
    never fires and what it leads to never happens. Put that step before the End node.
    """
    for edge in ctx.flow.edges:
        if edge.origin is not None and not edge.origin.implied and _kind(ctx, edge.source) == "end":
            if edge.origin.reverse:
                what, where = f'edge "{edge.id}" leads back out of end node "{edge.source}" (its backward_condition)', "backward_condition"
            else:
                what, where = f'edge "{edge.id}" leaves end node "{edge.source}"', "source"
            yield ctx.edge_finding(edge, f"{what}: the conversation has ended there, so it never fires", where)


@rule("FL913", "elevenlabs-standalone-agent-without-target", "error", FLOW, provider="elevenlabs",
      example=_workflow({**_TRIAGE, "billing": {"type": "standalone_agent"}},
                        {**_BEGIN, "to_billing": _llm("triage", "billing", "The caller asks about a bill."),
                         "to_done": _llm("triage", "done", "The caller is done.")}),
      fixed=_workflow({**_TRIAGE, "billing": {"type": "standalone_agent", "node_id": "done"}},
                      {**_BEGIN, "to_billing": _llm("triage", "billing", "The caller asks about a bill.")}))
def elevenlabs_standalone_agent_without_target(ctx: AssistantContext) -> Iterator[Finding]:
    """An ElevenLabs `standalone_agent` (agent transfer) node with neither `agent_id` nor
    `node_id`.

    What it does: reports each `standalone_agent` node that names no agent to transfer to
    and no node to continue at.

    Why it matters: the node exists to move the conversation elsewhere: to another agent
    (`agent_id`) or to a node (`node_id`). The SDK reads an absent `agent_id` as "transfer
    within the current agent", starting at "the default entry node" when no `node_id` is
    set: the caller is sent back to the beginning of this same agent, which is never what
    an agent transfer was drawn for.
    """
    for node in ctx.flow.nodes:
        raw = getattr(node.model, "raw", None)
        if getattr(node.model, "provider_type", None) == "standalone_agent" and not (
                getattr(raw, "agent_id", None) or getattr(raw, "node_id", None)):
            yield ctx.node_finding(node, f'standalone_agent node "{node.id}" has neither agent_id nor '
                                   "node_id: the transfer starts this same agent over")


def _conditions(edge: "FlowEdge") -> Iterator[tuple[str, Any]]:
    condition = getattr(getattr(edge.model, "condition", None), "raw", None)
    if condition is not None:
        yield ("backward_condition" if edge.is_reverse else "forward_condition"), condition


@rule("FL914", "elevenlabs-empty-expression", "error", FLOW, provider="elevenlabs",
      example=_workflow(_TRIAGE, {**_BEGIN, "to_done": _edge("triage", "done", "expression", expression={})}),
      fixed=_workflow(_TRIAGE, {**_BEGIN, "to_done": _edge("triage", "done", "expression", expression=_IS_GOLD)}))
def elevenlabs_empty_expression(ctx: AssistantContext) -> Iterator[Finding]:
    """An ElevenLabs `expression` condition whose expression is `{}` or missing.

    What it does: reports every forward or backward condition of type `expression` whose
    `expression` is an empty object, null or absent.

    Why it matters: the expression is the AST the condition evaluates (the SDK requires
    it: `AstNodeInput`); an empty one evaluates to nothing, so the edge is dead. The
    editor leaves `{}` behind when an expression condition is added but never filled in.
    """
    for edge in ctx.flow.edges:
        for field, condition in _conditions(edge):
            if getattr(condition, "type", None) == "expression" and not condition.expression:
                yield ctx.edge_finding(edge, f'edge "{edge.id}" has an empty expression in its {field}: '
                                       "the edge never fires", field, "expression")


@rule("FL915", "elevenlabs-multiple-unconditional-edges", "warning", FLOW, provider="elevenlabs",
      example=_workflow({**_TRIAGE, "survey": _agent("Survey")},
                        {**_BEGIN, "to_done": _edge("triage", "done"), "to_survey": _edge("triage", "survey"),
                         "survey_done": _edge("survey", "done")}),
      fixed=_workflow({**_TRIAGE, "survey": _agent("Survey")},
                      {**_BEGIN, "to_done": _edge("triage", "done"),
                       "to_survey": _llm("triage", "survey", "The caller agrees to a survey."),
                       "survey_done": _edge("survey", "done")}))
def elevenlabs_multiple_unconditional_edges(ctx: AssistantContext) -> Iterator[Finding]:
    """An ElevenLabs node with more than one `unconditional` edge out of it.

    What it does: for each node, takes its outgoing edges whose forward condition is
    `unconditional` in the node's `edge_order` (the order ElevenLabs evaluates them in;
    file order when there is none) and reports every one after the first.

    Why it matters: an unconditional edge is always taken, so the first one in evaluation
    order wins every time and the others never fire: the paths behind them are dead.
    """
    for node, edges in ctx.flow.nodes_with_edges:
        order = getattr(getattr(node.model, "raw", None), "edge_order", None) or []
        rank = {edge_id: index for index, edge_id in enumerate(order)}
        always = [e for e in edges if _forward(e) and e.condition_type == "unconditional"
                  and getattr(e.model.condition, "raw", None) is not None]  # said so, not absent
        always.sort(key=lambda e: rank.get(e.id, len(rank) + e.index))
        for edge in always[1:]:
            yield ctx.edge_finding(edge, f'edge "{edge.id}" is a second unconditional edge of node '
                                   f'"{node.id}"; "{always[0].id}" is always taken first', "forward_condition")
