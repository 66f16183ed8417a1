"""FL1xx: the flow's start node."""
from __future__ import annotations

from typing import Iterator

from ..diagnostics import Finding
from ..suggest import did_you_mean
from .base import FLOW, AssistantContext, rule

_TWO_NODES = ('"nodes": [{"id": "greet", "instructions": "Greet the caller.", "instructions_mode": "append"}, '
              '{"id": "help", "instructions": "Help the caller.", "instructions_mode": "append"}], '
              '"edges": [{"id": "to_help", "start_node_id": "greet", '
              '"condition": {"type": "llm", "prompt": "The caller asked for help."}, '
              '"target": {"type": "node", "node_id": "help"}}]')


@rule("FL101", "missing-start-node", "error", FLOW,
      example='{"start_node_id": "", ' + _TWO_NODES + "}",
      fixed='{"start_node_id": "greet", ' + _TWO_NODES + "}")
def missing_start_node(ctx: AssistantContext) -> Iterator[Finding]:
    """The flow has no (or an empty) `start_node_id`.

    What it does: reports a flow whose `start_node_id` is absent, null or blank. (A value of
    the wrong type is FL002.) A Retell LLM names its start `starting_state`; an ElevenLabs
    workflow starts at its node of type `start`.

    Why it matters: the conversation has nowhere to begin. Reachability (FL301) cannot be
    checked either, so it is not reported for this flow.
    """
    flow = ctx.flow
    start = flow.start_node_id
    if flow.nodes_field in ("missing", "empty"):
        return
    if start is None or (isinstance(start, str) and not start.strip()):
        yield ctx.flow_finding(f"flow has no start node: {flow.format.start_field} is "
                               + ("missing" if start is None else "empty"),
                               *(() if start is None else ("start_node_id",)))


@rule("FL102", "unknown-start-node", "error", FLOW,
      example='{"start_node_id": "gret", ' + _TWO_NODES + "}",
      fixed='{"start_node_id": "greet", ' + _TWO_NODES + "}")
def unknown_start_node(ctx: AssistantContext) -> Iterator[Finding]:
    """`start_node_id` names no node of the flow; the closest id is suggested.

    What it does: compares `start_node_id` with the ids of the flow's nodes.

    Why it matters: the API refuses such a flow on write; in a file about to be imported it
    is usually a renamed or deleted node.
    """
    flow = ctx.flow
    start = flow.start_node_id
    if flow.nodes_field != "present" or not isinstance(start, str) or not start.strip():
        return
    if start not in flow.node_by_id:
        yield ctx.flow_finding(f'start node "{start}" is not a node of this flow'
                               + did_you_mean(start, flow.node_by_id), "start_node_id")


@rule("FL103", "empty-flow", "error", FLOW,
      example='{"start_node_id": "greet", "nodes": []}',
      fixed='{"start_node_id": "greet", "nodes": [{"id": "greet", "instructions": "Greet the caller.", "instructions_mode": "append"}]}')
def empty_flow(ctx: AssistantContext) -> Iterator[Finding]:
    """A `conversation_flow` with no nodes.

    What it does: reports a flow whose `nodes` is missing, null or an empty list.

    Why it matters: a flow needs at least its start node; the API rejects an empty one.
    Remove `conversation_flow` if the assistant should not use a flow.
    """
    flow = ctx.flow
    if flow.nodes_field in ("missing", "empty"):
        yield ctx.flow_finding(f"{flow.format.flow_name} has no nodes",
                               *(("nodes",) if flow.nodes_field == "empty" else ()))
