"""FL921-FL929: Vapi workflows, before they are imported (see provider_retell.py for the
numbering of provider rules)."""
from __future__ import annotations

import json
from typing import Iterator

from ..diagnostics import Finding
from .base import FLOW, AssistantContext, rule

RETIREMENT = "2026-08-18"
_ENDING_KINDS = ("end", "transfer", "handoff")  # node kinds of providers/elements.py
_END_CALL = {"type": "tool", "name": "Goodbye", "tool": {"type": "endCall"}}


def _workflow(*nodes: dict, edges: tuple = ()) -> str:
    return json.dumps({"name": "Front desk", "nodes": list(nodes), "edges": list(edges)})


def _talk(name: str, prompt: str, start: bool = False) -> dict:
    return {"type": "conversation", "name": name, "prompt": prompt, **({"isStart": True} if start else {})}


def _to(source: str, target: str, prompt: str = "The caller is done.") -> dict:
    return {"from": source, "to": target, "condition": {"type": "ai", "prompt": prompt}}


_GREET = _talk("Greeting", "Greet the caller and ask how to help.", start=True)
_TO_GOODBYE = _to("Greeting", "Goodbye")


@rule("FL921", "vapi-start-node-count", "error", FLOW, provider="vapi",
      example=_workflow(_talk("Greeting", "Greet the caller."), _END_CALL, edges=(_TO_GOODBYE,)),
      fixed=_workflow(_GREET, _END_CALL, edges=(_TO_GOODBYE,)))
def vapi_start_node_count(ctx: AssistantContext) -> Iterator[Finding]:
    """A Vapi workflow without exactly one start node (`isStart`).

    What it does: reports a workflow where no node has `"isStart": true`, and every start
    node after the first when several have it. (On Vapi flows this takes the place of
    FL101.)

    Why it matters: Vapi's Workflows overview: "a Workflow must have a start node, which is
    the main entry point for the conversation flow ... a Workflow must have exactly one."
    With none the call has nowhere to begin; with several, which one runs is not yours to
    choose. Reachability (FL301) is checked from the first.
    """
    starts = [node for node in ctx.flow.nodes if getattr(getattr(node.model, "raw", None), "is_start", None)]
    if not starts:
        yield ctx.flow_finding('workflow has no start node: no node has "isStart": true', "nodes")
    for node in starts[1:]:
        yield ctx.node_finding(node, f'node "{node.id}" is a second start node (the first is '
                               f'"{starts[0].id}"): a workflow has exactly one', "isStart")


@rule("FL922", "vapi-no-end-call-node", "warning", FLOW, provider="vapi",
      example=_workflow(_GREET, _talk("Billing", "Help with the bill."),
                        edges=(_to("Greeting", "Billing", "The caller asks about a bill."),)),
      fixed=_workflow(_GREET, _talk("Billing", "Help with the bill."), _END_CALL,
                      edges=(_to("Greeting", "Billing", "The caller asks about a bill."),
                             _to("Billing", "Goodbye"))))
def vapi_no_end_call_node(ctx: AssistantContext) -> Iterator[Finding]:
    """A Vapi workflow where no reachable node ends the call.

    What it does: walks the nodes reachable from the start node and reports the workflow
    when none of them ends the call: no End Call node (`hangup`, or a tool node running
    `endCall`), no transfer (`transferCall`, a legacy `transfer` node), no hand-off, and no
    conversation node with an `endCall` or `transferCall` tool. Silent when a reachable
    node uses a saved tool (`toolId`, `toolIds`) whose type the file does not say.

    Why it matters: Vapi's Workflows overview warns that "workflows without a defined End
    Call Node risk unintended minutes usage": the call goes on until the caller hangs up or
    the maximum duration is reached, and every minute is billed.
    """
    flow = ctx.flow
    if flow.start is None:
        return  # FL921 says so
    ends = []
    for node_id in flow.reachable:
        node = flow.node_by_id[node_id]
        ends.append(node.type in _ENDING_KINDS or flow.callable_tools(node).ends_call)
    if not any(ends) and None not in ends:
        yield ctx.flow_finding(f'no node reachable from start node "{flow.start.id}" ends the call '
                               "(no End Call node, transfer or endCall tool): calls run until the "
                               "caller hangs up", "nodes")


@rule("FL923", "vapi-workflows-retired", "info", FLOW, provider="vapi",
      example=_workflow(_GREET, _END_CALL, edges=(_TO_GOODBYE,)),
      fixed=json.dumps({"start_node_id": "greeting", "nodes": [
          {"id": "greeting", "instructions": "Greet the caller and ask how to help.",
           "instructions_mode": "append"}], "edges": []}))
def vapi_workflows_retired(ctx: AssistantContext) -> Iterator[Finding]:
    """Vapi Workflows were retired on 2026-08-18.

    What it does: reports every Vapi workflow read, once, as information: the workflow may be
    perfectly sound, but it has a deadline.

    Why it matters: Vapi's migration guide (docs.vapi.ai/workflows/legacy-migration):
    "Workflows will be retired on August 18, 2026. From August 19, 2026 onward, existing
    workflows will no longer run." A workflow that still exists is something to move
    (to Vapi Squads, or, as the fixed example shows, to a Telnyx conversation flow) rather
    than to keep editing; the other findings say what to fix on the way.
    """
    name = f' "{ctx.entry.name}"' if ctx.entry.name else ""
    yield ctx.flow_finding(f"Vapi workflow{name} uses Vapi Workflows, retired on "
                           f"{RETIREMENT}: from the next day workflows no longer run on Vapi")
