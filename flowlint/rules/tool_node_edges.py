"""FL409-FL410: the edges of tool nodes whose tool ends the call or transfers it."""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from ..diagnostics import Finding
from ..models import ToolNode
from . import condition_examples as ex
from .base import FLOW, AssistantContext, id_list, rule

if TYPE_CHECKING:
    from ..graph import FlowEdge, FlowGraph, FlowNode


def tool_type(flow: "FlowGraph", node: "FlowNode") -> str | None:
    """The type of the shared tool a tool node runs, when the inventory or the node's
    resolved ``tool`` field says it; None when it cannot be known."""
    if not isinstance(node.model, ToolNode):
        return None
    tools = flow.resolver.tool_node(node.model)
    return next(iter(tools.types)) if tools.complete and len(tools.types) == 1 else None



def _names(edges: list["FlowEdge"]) -> str:
    return id_list(e.id for e in edges)



@rule("FL409", "hangup-node-has-edges", "error", FLOW,
      example=ex.flow(ex.prompt("ask") + ", " + ex.tool("bye", "tool-hangup", "hangup") + ", " + ex.prompt("survey", "Ask for feedback."),
                    ex.edge("to_bye", "ask", "bye", ex.llm("The caller is done.")) + ", "
                    + ex.edge("after_bye", "bye", "survey", ex.DEFAULT)),
      fixed=ex.flow(ex.prompt("ask") + ", " + ex.tool("bye", "tool-hangup", "hangup") + ", " + ex.prompt("survey", "Ask for feedback."),
                  ex.edge("to_survey", "ask", "survey", ex.llm("The caller is done.")) + ", "
                  + ex.edge("to_bye", "survey", "bye", ex.llm("The feedback was given."))),
      options="`--tools FILE` (a `GET /ai/tools` export) tells the tool type of every tool node; "
              "without it only nodes with a resolved `tool` field are checked.")
def hangup_node_has_edges(ctx: AssistantContext) -> Iterator[Finding]:
    """A tool node whose tool is a hangup tool has outgoing edges.

    What it does: reports tool nodes whose shared tool is a `hangup` tool (known from the
    tools inventory, or from the node's resolved `tool` field in an API response) and that
    have outgoing edges, naming them. Silent when the tool's type is unknown.

    Why it matters: a hangup tool node ends the call and accepts no outgoing edges: they
    can never fire, and whatever they lead to (a survey, a goodbye) never happens.
    """
    flow = ctx.flow
    for node, edges in flow.nodes_with_edges:
        if node.type == "tool" and tool_type(flow, node) == "hangup":
            yield ctx.node_finding(node, f'hangup tool node "{node.id}" has outgoing edges '
                                   f"({_names(edges)}) that can never fire: the call ends there")


@rule("FL410", "transfer-node-edges", "error", FLOW,
      example=ex.flow(ex.prompt("ask") + ", " + ex.tool("agent", "tool-transfer", "transfer") + ", " + ex.prompt("sorry", "Apologise."),
                    ex.edge("to_agent", "ask", "agent", ex.llm("The caller wants a person.")) + ", "
                    + ex.edge("after_agent", "agent", "ask", ex.llm("The caller has more questions.")) + ", "
                    + ex.edge("failed", "agent", "sorry", ex.DEFAULT)),
      fixed=ex.flow(ex.prompt("ask") + ", " + ex.tool("agent", "tool-transfer", "transfer") + ", " + ex.prompt("sorry", "Apologise."),
                  ex.edge("to_agent", "ask", "agent", ex.llm("The caller wants a person.")) + ", "
                  + ex.edge("failed", "agent", "sorry", ex.DEFAULT)),
      options="`--tools FILE` (a `GET /ai/tools` export) tells the tool type of every tool node; "
              "without it only nodes with a resolved `tool` field are checked.")
def transfer_node_edges(ctx: AssistantContext) -> Iterator[Finding]:
    """A transfer tool node with more than one outgoing edge or a non-default one.

    What it does: reports tool nodes whose shared tool is a `transfer` tool (known from
    the tools inventory or the node's resolved `tool` field) when they have any outgoing
    edge that is not `default`, or more than one edge. Silent when the tool's type is
    unknown.

    Why it matters: a transfer tool node accepts at most one outgoing `default` edge,
    followed only when the transfer fails; any other edge never fires, so the flow you
    drew after a transfer does not happen.
    """
    flow = ctx.flow
    for node, edges in flow.nodes_with_edges:
        if node.type != "tool" or tool_type(flow, node) != "transfer":
            continue
        others = [e for e in edges if e.condition_type != "default"]
        if others or len(edges) > 1:
            detail = f"{len(others)} not default" if others else "all default"
            yield ctx.node_finding(node, f'transfer tool node "{node.id}" has {len(edges)} outgoing '
                                   f"edge{'s' if len(edges) > 1 else ''} ({detail}: {_names(others or edges)}); "
                                   "it accepts one default edge, followed when the transfer fails")

