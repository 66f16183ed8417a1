"""FL404-FL406: `default` conditions, the fallback of tool and speak nodes."""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from ..diagnostics import Finding
from . import condition_examples as ex
from .base import FLOW, AssistantContext, rule
from .tool_node_edges import tool_type

if TYPE_CHECKING:
    from ..graph import FlowEdge


@rule("FL404", "default-on-prompt-node", "error", FLOW,
      example=ex.flow(ex.prompt("ask") + ", " + ex.prompt("billing", "Help with the bill."),
                    ex.edge("to_billing", "ask", "billing", ex.DEFAULT)),
      fixed=ex.flow(ex.prompt("ask") + ", " + ex.prompt("billing", "Help with the bill."),
                  ex.edge("to_billing", "ask", "billing", ex.llm("The caller asks about a bill."))))
def default_on_prompt_node(ctx: AssistantContext) -> Iterator[Finding]:
    """A `default` condition on an edge leaving a prompt node.

    What it does: reports every `default` edge whose source is a prompt node.

    Why it matters: `default` edges are only valid on tool and speak nodes, which advance
    by themselves when their step completes. A prompt node advances only when an `llm` or
    `expression` edge fires, so a `default` edge there is never taken as intended.
    """
    flow = ctx.flow
    on_prompt_nodes: list["FlowEdge"] = []
    for source, edges in flow.default_edges.items():
        node = flow.node_by_id.get(source)
        if node is not None and node.type == "prompt":
            on_prompt_nodes.extend(edges)
    for edge in sorted(on_prompt_nodes, key=lambda e: e.index):  # in document order
        yield ctx.edge_finding(edge, f'edge "{edge.id}" has a default condition but leaves prompt '
                               f'node "{edge.source}"; use an llm or expression condition', "condition")


@rule("FL405", "missing-default-edge", "error", FLOW,
      example=ex.flow(ex.speak("hold") + ", " + ex.prompt("ask"),
                    ex.edge("after_hold", "hold", "ask", ex.llm("The message was said.")), start="hold"),
      fixed=ex.flow(ex.speak("hold") + ", " + ex.prompt("ask"),
                  ex.edge("after_hold", "hold", "ask", ex.DEFAULT), start="hold"))
def missing_default_edge(ctx: AssistantContext) -> Iterator[Finding]:
    """A tool or speak node with outgoing edges but no `default` edge.

    What it does: reports tool and speak nodes that have outgoing edges, none of them
    `default`. A tool or speak node with no outgoing edge at all is a valid final step
    (the SDK says so; the documentation says a speak node always needs one default edge:
    flowlint follows the SDK) and is not reported; neither is a tool node whose tool is
    known to be a hangup tool (FL409 says to remove its edges instead).

    Why it matters: tool and speak nodes do not wait for the caller; when none of their
    conditions hold, only a `default` edge moves the conversation on, and without one it
    stops there.
    """
    flow = ctx.flow
    defaults = flow.default_edges
    for node, _edges in flow.nodes_with_edges:
        if node.type not in ("tool", "speak") or node.id in defaults:
            continue
        if node.type == "tool" and tool_type(flow, node) == "hangup":
            continue
        yield ctx.node_finding(node, f'{node.type} node "{node.id}" has outgoing edges but no '
                               "default edge to follow when no other condition holds")


@rule("FL406", "multiple-default-edges", "error", FLOW,
      example=ex.flow(ex.speak("hold") + ", " + ex.prompt("ask") + ", " + ex.prompt("help", "Help the caller."),
                    ex.edge("to_ask", "hold", "ask", ex.DEFAULT) + ", " + ex.edge("to_help", "hold", "help", ex.DEFAULT),
                    start="hold"),
      fixed=ex.flow(ex.speak("hold") + ", " + ex.prompt("ask") + ", " + ex.prompt("help", "Help the caller."),
                  ex.edge("to_ask", "hold", "ask", ex.DEFAULT) + ", " + ex.edge("to_help", "ask", "help",
                                                                           ex.llm("The caller needs help.")),
                  start="hold"))
def multiple_default_edges(ctx: AssistantContext) -> Iterator[Finding]:
    """A node with more than one `default` edge.

    What it does: reports every `default` edge of a node after its first one, naming the
    first.

    Why it matters: a `default` edge is the single fallback taken when nothing else
    fires; with several, only one can ever be taken and which one is not something to rely
    on.
    """
    every_default = ctx.flow.default_edges
    for node, _edges in ctx.flow.nodes_with_edges:
        defaults = every_default.get(node.id, ())
        for edge in defaults[1:]:
            yield ctx.edge_finding(edge, f'edge "{edge.id}" is a second default edge of node '
                                   f'"{edge.source}" (the first is "{defaults[0].id}")', "condition")

