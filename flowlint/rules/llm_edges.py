"""FL401-FL403: llm conditions and repeated edges leaving one node."""
from __future__ import annotations

import functools
import json
import string
import unicodedata
from typing import TYPE_CHECKING, Any, Iterator

from ..diagnostics import Finding
from ..models import ExpressionCondition, LlmCondition
from . import condition_examples as ex
from .base import FLOW, AssistantContext, rule

if TYPE_CHECKING:
    from ..graph import FlowEdge


# A bytes table: bytes.translate reads 256 slots, str.translate looks each character up in a dict.
_ASCII_PUNCTUATION = bytes.maketrans(string.punctuation.encode(), b" " * len(string.punctuation))


@functools.lru_cache(maxsize=4096)  # FL402 and FL403 both ask, and an account repeats its prompts
def normalise_prompt(prompt: str) -> str:
    """Case-folded, punctuation and symbols made spaces, whitespace collapsed: how FL402
    compares prompts."""
    if prompt.isascii():  # fast path: string.punctuation is exactly ASCII's P* and S* characters
        text = prompt.encode("ascii").lower().translate(_ASCII_PUNCTUATION).decode("ascii")
    else:
        text = "".join(" " if unicodedata.category(c)[0] in "PS" else c for c in prompt.casefold())
    return " ".join(text.split())



@rule("FL401", "empty-condition-prompt", "error", FLOW,
      example=ex.flow(ex.prompt("ask") + ", " + ex.prompt("billing", "Help with the bill."),
                    ex.edge("to_billing", "ask", "billing", ex.llm("  "))),
      fixed=ex.flow(ex.prompt("ask") + ", " + ex.prompt("billing", "Help with the bill."),
                  ex.edge("to_billing", "ask", "billing", ex.llm("The caller asks about a bill."))))
def empty_condition_prompt(ctx: AssistantContext) -> Iterator[Finding]:
    """An `llm` condition with a blank prompt.

    What it does: reports every edge whose `llm` condition has an empty or whitespace-only
    `prompt`.

    Why it matters: on calls each `llm` edge is offered to the model as a tool
    `transition__<edge id>` whose description is the prompt; with no description the model
    has nothing to decide on, so the transition fires at random or never. The API accepts it.
    """
    for edge in ctx.flow.edges:
        condition = edge.model.condition if edge.model else None
        if isinstance(condition, LlmCondition) and not condition.prompt.strip():
            yield ctx.edge_finding(edge, f'edge "{edge.id}" has an llm condition with an empty prompt',
                                   "condition", "prompt")


@rule("FL402", "duplicate-condition", "warning", FLOW,
      example=ex.flow(ex.prompt("ask") + ", " + ex.prompt("billing", "Help with the bill.") + ", "
                    + ex.prompt("refunds", "Handle the refund."),
                    ex.edge("to_billing", "ask", "billing", ex.llm("The caller asks about a bill.")) + ", "
                    + ex.edge("to_refunds", "ask", "refunds", ex.llm("the caller asks about a bill"))),
      fixed=ex.flow(ex.prompt("ask") + ", " + ex.prompt("billing", "Help with the bill.") + ", "
                  + ex.prompt("refunds", "Handle the refund."),
                  ex.edge("to_billing", "ask", "billing", ex.llm("The caller asks about a bill.")) + ", "
                  + ex.edge("to_refunds", "ask", "refunds", ex.llm("The caller wants a refund."))))
def duplicate_condition(ctx: AssistantContext) -> Iterator[Finding]:
    """Two edges leaving one node with the same llm prompt but different targets.

    What it does: compares the `llm` prompts of the edges that leave each node after
    case-folding, replacing punctuation and symbols by spaces and collapsing whitespace.
    Each later edge whose prompt matches an earlier one that leads somewhere else is
    reported, naming the earlier edge. Edges with the same target as well are FL403's
    business; blank prompts are FL401's.

    Why it matters: the model chooses between transitions by their prompt alone; two
    identical descriptions leading to different places make the routing a coin toss.
    """
    for _node, edges in ctx.flow.nodes_with_edges:
        if len(edges) < 2:
            continue
        first: dict[str, "FlowEdge"] = {}
        for edge in edges:
            condition = edge.model.condition if edge.model else None
            if not isinstance(condition, LlmCondition):
                continue
            key = normalise_prompt(condition.prompt)
            if not key:
                continue
            earlier = first.setdefault(key, edge)
            if earlier is not edge and (earlier.target_type, earlier.target) != (edge.target_type, edge.target):
                yield ctx.edge_finding(edge, f'edge "{edge.id}" has the same llm prompt as edge '
                                       f'"{earlier.id}" but another target: the model cannot tell '
                                       "them apart", "condition", "prompt")


def _condition_key(edge: "FlowEdge") -> str | None:
    condition = edge.model.condition if edge.model else None
    if isinstance(condition, LlmCondition):
        return "llm:" + normalise_prompt(condition.prompt)
    if isinstance(condition, ExpressionCondition):
        try:
            return "expression:" + json.dumps(condition.expression, sort_keys=True)
        except (TypeError, ValueError):
            return None
    return None  # two defaults are FL406's business


@rule("FL403", "duplicate-edge", "warning", FLOW,
      example=ex.flow(ex.prompt("ask") + ", " + ex.prompt("billing", "Help with the bill."),
                    ex.edge("to_billing", "ask", "billing", ex.llm("The caller asks about a bill.")) + ", "
                    + ex.edge("to_billing_2", "ask", "billing", ex.llm("The caller asks about a bill."))),
      fixed=ex.flow(ex.prompt("ask") + ", " + ex.prompt("billing", "Help with the bill."),
                  ex.edge("to_billing", "ask", "billing", ex.llm("The caller asks about a bill."))))
def duplicate_edge(ctx: AssistantContext) -> Iterator[Finding]:
    """Two edges with the same source, target and condition.

    What it does: reports each later edge that repeats an earlier one: same source node,
    same target (node or assistant) and the same condition (`llm` prompts compared as in
    FL402, expressions compared as JSON). Two `default` edges are reported by FL406.

    Why it matters: the copy adds nothing but a second, identical transition tool for the
    model to choose from; it is usually left over from editing.
    """
    for _node, edges in ctx.flow.nodes_with_edges:
        if len(edges) < 2:
            continue
        by_target: dict[tuple[Any, Any], list["FlowEdge"]] = {}
        for edge in edges:
            if edge.model is not None:  # a validated edge: its target is made of strings
                by_target.setdefault((edge.target_type, edge.target), []).append(edge)
        for group in by_target.values():
            group = [e for e in group if e.condition_type != "default"]
            if len(group) < 2:
                continue
            first: dict[str, "FlowEdge"] = {}
            for edge in group:
                key = _condition_key(edge)
                if key is None:
                    continue
                earlier = first.setdefault(key, edge)
                if earlier is not edge:
                    yield ctx.edge_finding(edge, f'edge "{edge.id}" repeats edge "{earlier.id}" '
                                           "(same source, target and condition)")

