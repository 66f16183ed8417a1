"""FL2xx: ids and the references between them."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterator

from ..diagnostics import Finding
from ..suggest import did_you_mean
from .base import FLOW, RUN, AssistantContext, RunContext, edge_name, rule

if TYPE_CHECKING:
    from ..graph import FlowEdge

_TOOL_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")
_TRANSITION = "transition__"
# An id makes a valid tool name exactly when it matches this (the prefix is valid and
# 12 characters long): one C call per edge, without building the name.
_SAFE_ID = re.compile(r"[A-Za-z0-9_-]{0,%d}" % (64 - len(_TRANSITION)))


def _flow(nodes: str, edges: str = "", start: str = "greet") -> str:
    return f'{{"start_node_id": "{start}", "nodes": [{nodes}], "edges": [{edges}]}}'


_GREET = '{"id": "greet", "instructions": "Greet the caller.", "instructions_mode": "append"}'
_HELP = '{"id": "help", "instructions": "Help the caller.", "instructions_mode": "append"}'


def _edge(edge_id: str, source: str, target: str, prompt: str = "The caller asked for help.") -> str:
    return (f'{{"id": "{edge_id}", "start_node_id": "{source}", "condition": '
            f'{{"type": "llm", "prompt": "{prompt}"}}, "target": {{"type": "node", "node_id": "{target}"}}}}')


@rule("FL201", "duplicate-node-id", "error", FLOW,
      example=_flow(f'{_GREET}, {{"id": "greet", "instructions": "Help the caller.", "instructions_mode": "append"}}'),
      fixed=_flow(f"{_GREET}, {_HELP}", _edge("to_help", "greet", "help")))
def duplicate_node_id(ctx: AssistantContext) -> Iterator[Finding]:
    """Two nodes share an id.

    What it does: reports every node whose id an earlier node of the same flow already
    uses. Edges and the start node resolve to the first one.

    Why it matters: the API rejects the flow on write; in a hand-edited export it means
    edges may lead somewhere else than intended.
    """
    seen: dict[str, int] = {}
    for node, first in ctx.flow.duplicate_nodes:
        seen[node.id] = seen.get(node.id, 1) + 1
        yield ctx.node_finding(node, f'node id "{node.id}" is already used by node #{first.index}',
                               "id", key=f"#{seen[node.id]}")


@rule("FL202", "duplicate-edge-id", "error", FLOW,
      example=_flow(f"{_GREET}, {_HELP}", _edge("e1", "greet", "help") + ", "
                    + _edge("e1", "help", "greet", "The caller wants to start over.")),
      fixed=_flow(f"{_GREET}, {_HELP}", _edge("e1", "greet", "help") + ", "
                  + _edge("e2", "help", "greet", "The caller wants to start over.")))
def duplicate_edge_id(ctx: AssistantContext) -> Iterator[Finding]:
    """Two edges share an id.

    What it does: reports every edge whose id an earlier edge of the same flow uses.

    Why it matters: the API rejects the flow on write, and on calls both edges would be
    offered to the model as the same transition tool `transition__<id>`.
    """
    first: dict[str, "FlowEdge"] = {}
    count: dict[str, int] = {}
    for edge in ctx.flow.edges:
        if not isinstance(edge.id, str) or edge.is_reverse or (edge.origin and edge.origin.key):
            continue  # a backward ElevenLabs edge is its forward edge; id-less edges have no id
        if edge.id in first:
            count[edge.id] = count.get(edge.id, 1) + 1
            earlier = first[edge.id]
            where = f"the edge at {earlier.origin.pointer}" if earlier.origin else f"edge #{earlier.index}"
            yield ctx.edge_finding(edge, f'edge id "{edge.id}" is already used by {where}',
                                   "id", key=f"#{count[edge.id]}")
        else:
            first[edge.id] = edge


@rule("FL203", "unknown-edge-source", "error", FLOW,
      example=_flow(f"{_GREET}, {_HELP}", _edge("to_help", "gret", "help")),
      fixed=_flow(f"{_GREET}, {_HELP}", _edge("to_help", "greet", "help")))
def unknown_edge_source(ctx: AssistantContext) -> Iterator[Finding]:
    """An edge's `start_node_id` (its source) names no node; the closest id is suggested.

    What it does: checks the source of every edge against the flow's node ids. In a flow
    read from a provider's format (ElevenLabs `source`, Vapi `from`), an edge with no source
    at all is reported too.

    Why it matters: an edge hangs off its source node, so an edge from a node that does not
    exist can never fire. The API rejects such a flow on write; in a file about to be
    imported it is usually a renamed or deleted node.
    """
    flow = ctx.flow
    for edge in flow.edges:
        if edge.source is not None and edge.source not in flow.node_by_id:
            yield ctx.edge_finding(edge, f'{edge_name(edge)} starts at unknown node "{edge.source}"'
                                   + did_you_mean(edge.source, flow.node_by_id), "start_node_id")
        elif edge.source is None and flow.format.is_provider:  # no FL002 says so there
            yield ctx.edge_finding(edge, f"{edge_name(edge)} has no source node", "start_node_id")


@rule("FL204", "unknown-edge-target", "error", FLOW,
      example=_flow(f"{_GREET}, {_HELP}", _edge("to_help", "greet", "hlep")),
      fixed=_flow(f"{_GREET}, {_HELP}", _edge("to_help", "greet", "help")))
def unknown_edge_target(ctx: AssistantContext) -> Iterator[Finding]:
    """A node target's `node_id` names no node; the closest id is suggested.

    What it does: checks the `node_id` of every edge with a `node` target. In a flow read
    from a provider's format it also reports an edge with no destination at all: a Retell
    edge without `destination_node_id` (Retell's editor adds an unconnected edge for every
    condition, and for the "Else" or "Transfer failed" way out of a node), an ElevenLabs edge
    without `target`, a Vapi edge without `to`.

    Why it matters: the transition leads nowhere, so the caller would be stuck the moment
    its condition matched. The API rejects such a flow on write; in a file about to be
    imported it is usually a typo or a node that was deleted.
    """
    flow = ctx.flow
    for edge in flow.edges:
        if edge.is_node_edge and edge.target not in flow.node_by_id:
            yield ctx.edge_finding(edge, f'{edge_name(edge)} leads to unknown node "{edge.target}"'
                                   + did_you_mean(edge.target, flow.node_by_id), "target", "node_id")
        elif edge.target is None and flow.format.is_provider and not edge.is_reverse:
            # In a provider's flow an edge may simply not be connected yet (Retell draws
            # one for every condition you add): no FL002 reports it, this does.
            yield ctx.edge_finding(edge, f"{edge_name(edge)} has no destination node: it leads nowhere",
                                   "target", "node_id")


@rule("FL205", "unsafe-edge-id", "warning", FLOW,
      example=_flow(f"{_GREET}, {_HELP}", _edge("greet → help", "greet", "help")),
      fixed=_flow(f"{_GREET}, {_HELP}", _edge("greet_to_help", "greet", "help")))
def unsafe_edge_id(ctx: AssistantContext) -> Iterator[Finding]:
    """`transition__<edge id>` is not a valid tool name (`^[A-Za-z0-9_-]{1,64}$`).

    What it does: checks that every edge id, prefixed with `transition__`, is at most 64
    letters, digits, `_` or `-`.

    Why it matters: on calls, each outgoing `llm` edge is offered to the model as a tool
    named `transition__<edge id>`. Model providers commonly reject tool names outside that
    pattern, so the transition can fail to be offered at all (an inference from provider
    limits, not documented by Telnyx).
    """
    for edge in ctx.flow.edges:
        if isinstance(edge.id, str) and not _SAFE_ID.fullmatch(edge.id):
            length = len(_TRANSITION + edge.id)
            reason = (f"{length} characters, more than 64" if length > 64
                      else "characters other than letters, digits, '_' and '-'")
            yield ctx.edge_finding(edge, f'edge id "{edge.id}" makes an invalid transition tool name '
                                   f"({reason})", "id")


@rule("FL206", "duplicate-assistant-id", "error", RUN,
      example='{"data": [{"id": "a-1", "name": "Front desk", "model": "openai/gpt-4o", '
              '"instructions": "Help.", "created_at": "2025-01-01T00:00:00Z"}, '
              '{"id": "a-1", "name": "Billing", "model": "openai/gpt-4o", '
              '"instructions": "Billing.", "created_at": "2025-01-01T00:00:00Z"}]}',
      fixed='{"data": [{"id": "a-1", "name": "Front desk", "model": "openai/gpt-4o", '
            '"instructions": "Help.", "created_at": "2025-01-01T00:00:00Z"}, '
            '{"id": "a-2", "name": "Billing", "model": "openai/gpt-4o", '
            '"instructions": "Billing.", "created_at": "2025-01-01T00:00:00Z"}]}')
def duplicate_assistant_id(ctx: RunContext) -> Iterator[Finding]:
    """Two assistants of the run share an id.

    What it does: compares the ids of all assistants of all inputs of one run and reports
    every assistant whose id an earlier one already has.

    Why it matters: hand-offs name assistants by id, so it is ambiguous which one a
    hand-off reaches; an import of both would overwrite one with the other.
    """
    first: dict[str, str] = {}
    count: dict[str, int] = {}
    for entry in ctx.workspace.assistants:
        if entry.id is None or entry.stand_in:  # stand-ins are unique by construction
            continue
        where = f"{entry.pointer or '/'} in {entry.document.name}"
        if entry.id in first:
            count[entry.id] = count.get(entry.id, 1) + 1
            yield Finding(f'assistant id "{entry.id}" is already used by {first[entry.id]}',
                          f"{entry.pointer}/id", entry.id, key=f"#{count[entry.id]}",
                          document=entry.document.source)
        else:
            first[entry.id] = f"the assistant at {where}"
