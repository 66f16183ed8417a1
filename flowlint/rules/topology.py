"""FL3xx: reachability and the shape of the flow graph."""
from __future__ import annotations

from collections import deque
from typing import Iterator

from ..diagnostics import Finding
from .base import FLOW, AssistantContext, id_list, path_text, rule

_ASSISTANT = ('"id": "a-1", "name": "Support", "model": "openai/gpt-4o", '
              '"instructions": "You are a support agent.", "created_at": "2025-01-01T00:00:00Z"')
_HANGUP = '"tools": [{"type": "hangup", "hangup": {"description": "End the call."}}]'


def _llm(edge_id: str, source: str, target: str, prompt: str) -> str:
    return (f'{{"id": "{edge_id}", "start_node_id": "{source}", "condition": {{"type": "llm", '
            f'"prompt": "{prompt}"}}, "target": {{"type": "node", "node_id": "{target}"}}}}')


def _prompt(node_id: str, text: str, extra: str = "") -> str:
    return f'{{"id": "{node_id}", "instructions": "{text}", "instructions_mode": "append"{extra}}}'


@rule("FL301", "unreachable-node", "error", FLOW,
      example='{"start_node_id": "greet", "nodes": ['
              + _prompt("greet", "Greet the caller.") + ", " + _prompt("refund", "Handle refunds.")
              + '], "edges": []}',
      fixed='{"start_node_id": "greet", "nodes": ['
            + _prompt("greet", "Greet the caller.") + ", " + _prompt("refund", "Handle refunds.")
            + '], "edges": [' + _llm("to_refund", "greet", "refund", "The caller wants a refund.") + "]}")
def unreachable_node(ctx: AssistantContext) -> Iterator[Finding]:
    """A node that no path from the start node reaches.

    What it does: walks every edge from the start node and reports each node it never
    reaches. When an unreachable node is only entered from another unreachable node, the
    message names the node that leads into that unreachable region, so one missing edge
    reads as one problem. Not reported when the flow has no valid start node (FL101/FL102
    say so). Global nodes of Retell and Vapi flows, which "can be transitioned to from
    anywhere", count as reachable, and so does what they lead to.

    Why it matters: no caller can ever get there: the platform accepts the flow, and the
    part of the conversation you designed is silently dead.
    """
    flow = ctx.flow
    start = flow.start
    if start is None:
        return
    reachable = flow.reachable
    unreachable = [n for n in flow.node_by_id.values() if n.id not in reachable]
    if not unreachable:
        return
    lost = {n.id for n in unreachable}
    entered_from_lost = {t for s in lost for t in flow.successors(s) if t in lost and t != s}
    region_of: dict[str, str] = {}
    # Roots first (nothing unreachable leads into them), then cycles of unreachable nodes.
    for root in sorted(unreachable, key=lambda n: (n.id in entered_from_lost, n.index)):
        if root.id in region_of:
            continue
        region_of[root.id] = root.id
        queue = deque([root.id])
        while queue:
            for target in flow.successors(queue.popleft()):
                if target in lost and target not in region_of:
                    region_of[target] = root.id
                    queue.append(target)
    for node in unreachable:
        message = f'node "{node.id}" is not reachable from start node "{start.id}"'
        if region_of[node.id] != node.id:
            message += f'; it is only entered from unreachable node "{region_of[node.id]}"'
        yield ctx.node_finding(node, message)


@rule("FL302", "trap-cycle", "warning", FLOW,
      example="{" + _ASSISTANT + ', "tools": [], "conversation_flow": {"start_node_id": "ask", "nodes": ['
              + _prompt("ask", "Ask for the order number.") + ", " + _prompt("confirm", "Confirm it.")
              + '], "edges": [' + _llm("to_confirm", "ask", "confirm", "The caller gave a number.")
              + ", " + _llm("to_ask", "confirm", "ask", "The number was wrong.") + "]}}",
      fixed="{" + _ASSISTANT + ", " + _HANGUP + ', "conversation_flow": {"start_node_id": "ask", "nodes": ['
            + _prompt("ask", "Ask for the order number.") + ", " + _prompt("confirm", "Confirm it.")
            + '], "edges": [' + _llm("to_confirm", "ask", "confirm", "The caller gave a number.")
            + ", " + _llm("to_ask", "confirm", "ask", "The number was wrong.") + "]}}")
def trap_cycle(ctx: AssistantContext) -> Iterator[Finding]:
    """A loop of reachable nodes that, once entered, can never be left or ended.

    What it does: finds closed strongly connected components among the nodes reachable
    from the start (more than one node, or one node with an edge to itself): no edge and no
    hand-off leaves them, and no node in them can end the call (no hangup, transfer,
    refer or handoff tool callable there). The message gives one cycle path. Flagged only
    when the callable tools of every node of the loop are known: a shared tool whose type
    cannot be resolved (without `--tools`) counts as a possible way out.

    Why it matters: a caller who enters the loop goes round it until they hang up; the
    platform accepts such a flow without complaint.
    """
    flow = ctx.flow
    for members in flow.trap_components:
        node = flow.node_by_id[members[0]]
        path = path_text(flow.cycle_path(members))
        names = id_list(members)
        what = f"nodes {names} form a loop" if len(members) > 1 else f'node "{members[0]}" loops on itself'
        yield ctx.node_finding(node, f"{what} that can never be left and where no tool can end "
                               f"the call: {path}")


@rule("FL303", "dead-end-node", "warning", FLOW,
      example="{" + _ASSISTANT + ', "tools": [], "conversation_flow": {"start_node_id": "help", '
              '"nodes": [' + _prompt("help", "Answer the caller's question.") + '], "edges": []}}',
      fixed="{" + _ASSISTANT + ", " + _HANGUP + ', "conversation_flow": {"start_node_id": "help", '
            '"nodes": [' + _prompt("help", "Answer the caller's question.") + '], "edges": []}}')
def dead_end_node(ctx: AssistantContext) -> Iterator[Finding]:
    """A prompt node with no outgoing edge where no hangup, transfer or handoff tool is callable.

    What it does: reports prompt nodes without outgoing edges whose callable tools are
    known and include no call-ending tool (hangup, transfer, refer, handoff). Callable tools
    follow `shared_tool_ids` and `tools_mode` (default `replace`: only the node's shared
    tools). Silent when a tool's type cannot be resolved: pass `--tools` to resolve them.
    In a provider's flow the format says what is callable (a Retell conversation node calls
    nothing, a subagent its `tools`; a Vapi node its `tools`; an ElevenLabs subagent the
    agent's built-in `end_call` and transfers); while the flow has a global node any node may
    leave for it, so nothing is reported.

    Why it matters: a prompt node without outgoing edges stays active for the rest of the
    conversation; if it cannot hang up or transfer either, only the caller can end the
    call.
    """
    flow = ctx.flow
    for node in flow.node_by_id.values():
        if node.type != "prompt" or node.model is None or flow.out_edges.get(node.id):
            continue
        if flow.callable_tools(node).ends_call is False:
            yield ctx.node_finding(node, f'prompt node "{node.id}" has no outgoing edge and no '
                                   "hangup, transfer or handoff tool is callable there")


@rule("FL304", "self-loop", "warning", FLOW,
      example='{"start_node_id": "greet", "nodes": [' + _prompt("greet", "Greet the caller.")
              + '], "edges": [' + _llm("again", "greet", "greet", "The caller did not hear.") + "]}",
      fixed='{"start_node_id": "greet", "nodes": [' + _prompt("greet", "Greet the caller. "
            "If the caller did not hear you, repeat the greeting.") + '], "edges": []}')
def self_loop(ctx: AssistantContext) -> Iterator[Finding]:
    """An edge whose target is its own source node.

    What it does: reports every node edge that leads back to the node it leaves. On Retell
    flows this is FL904 instead, an error: Retell rejects such an edge.

    Why it matters: on a prompt node the node is already active, so the transition does
    nothing but spend a model turn; on a tool or speak node it repeats the step, often
    forever.
    """
    for edge in ctx.flow.edges:
        if edge.is_node_edge and edge.target == edge.source:
            yield ctx.edge_finding(edge, f'edge "{edge.id}" leads from node "{edge.source}" back to itself',
                                   "target", "node_id")
