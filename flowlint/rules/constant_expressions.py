"""FL411-FL412: expression conditions that can never or always fire, and the edges they shadow.

How the platform picks the edge that leaves a node: `expression` conditions first, in
declaration order, the first true one wins, before the model's turn; then the model may
call an `llm` edge's transition; `default` last. An always-true expression therefore wins
over every later expression edge, every llm edge and the default edge of its node.
"""
from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Any, Callable, Iterator

from ..condition_text import expression_text
from ..diagnostics import Finding
from ..expression_values import constant_truth, same_expression
from ..models import ExpressionCondition
from . import condition_examples as ex
from .base import FLOW, AssistantContext, id_list, rule

if TYPE_CHECKING:
    from ..graph import FlowEdge, FlowGraph

SHOWN_CHARS = 80  # an expression in a message: enough to recognise it, one line


def _expression(edge: "FlowEdge") -> Any:
    condition = edge.model.condition if edge.model else None
    return condition.expression if isinstance(condition, ExpressionCondition) else None


ConstantEdges = dict[str, list[tuple["FlowEdge", Any, "bool | None"]]]

# FL411 and FL412 run one after the other on each flow and both need its constant edges: the
# last flow's are kept for the second, as one tuple replaced whole (threads never see half of
# it) holding a weak reference (never another flow's, never keeping a flow alive).
_last: tuple[Callable[[], Any], ConstantEdges] = (lambda: None, {})


def _constant_edges(flow: "FlowGraph") -> ConstantEdges:
    """Per source node, its expression edges in order with ``(edge, expression, truth)``;
    only nodes with an expression edge appear (most have none: this is all they cost)."""
    global _last
    owner, found = _last
    if owner() is not flow:
        found = _collect_constant_edges(flow)
        _last = (weakref.ref(flow), found)
    return found


def _collect_constant_edges(flow: "FlowGraph") -> ConstantEdges:
    found: ConstantEdges = {}
    for edge in flow.edges:
        if edge.condition_type == "expression" and isinstance(edge.source, str):
            expression = _expression(edge)
            if expression is not None:
                found.setdefault(edge.source, []).append((edge, expression, constant_truth(expression)))
    return found


def _shown(expression: Any) -> str:
    text = expression_text(expression)
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS - 3] + "..."


def _evaluated_after(edges: list["FlowEdge"], index: int) -> list["FlowEdge"]:
    """The edges of a node that the expression edge at ``index`` is evaluated before: later
    expression edges, and every llm and default edge (they come after all expressions)."""
    return [e for i, e in enumerate(edges) if i != index
            and (i > index or e.condition_type != "expression")]


_TRUE = '{"type": "expression", "expression": {"type": "bool_literal", "value": true}}'
_GOLD = ('{"type": "expression", "expression": {"type": "comparison", "op": "==", '
         '"left": {"type": "variable", "name": "tier"}, "right": {"type": "string_literal", "value": "gold"}}}')
_LITERALS_ONLY = ('{"type": "expression", "expression": {"type": "comparison", "op": "==", '
                  '"left": {"type": "string_literal", "value": "gold"}, '
                  '"right": {"type": "string_literal", "value": "silver"}}}')
_NODES = ex.tool("lookup", "tool-crm") + ", " + ex.prompt("vip", "Serve the gold member.") + ", " + ex.prompt("ask")


@rule("FL411", "constant-expression", "warning", FLOW,
      example=ex.flow(_NODES, ex.edge("is_gold", "lookup", "vip", _LITERALS_ONLY) + ", "
                      + ex.edge("other", "lookup", "ask", ex.DEFAULT), start="lookup"),
      fixed=ex.flow(_NODES, ex.edge("is_gold", "lookup", "vip", _GOLD) + ", "
                    + ex.edge("other", "lookup", "ask", ex.DEFAULT), start="lookup"))
def constant_expression(ctx: AssistantContext) -> Iterator[Finding]:
    """An expression condition whose value never depends on a variable: always false, a dead
    edge; always true, it shadows the node's later edges.

    What it does: folds every `expression` condition without knowing any variable: a
    `bool_literal`; a comparison or arithmetic of literals only (`"gold" == "silver"`,
    `2 > 1`, `1 + 1 == 2`); a comparison of a sub-expression with itself (`x == x` is true and
    `x != x` false, whatever `x` holds); `and`/`or`/`not` whose constant operands decide the
    result (`false and x`). Comparisons do not convert types, so `"200" == 200` is false.
    When the result is always false the edge is reported as never taken; when always true,
    the message names the edges it shadows (FL412 reports each of them). Malformed
    expressions are FL407's, and parts whose value the platform does not document (ordering
    across types, arithmetic on strings) are never called constant.

    Why it matters: expressions are evaluated in declaration order before the model's turn,
    and the first true one wins. An always-false condition is an edge that never fires (often
    a literal typed where a variable was meant); an always-true one takes the conversation
    down that edge every time, so the node's llm edges, later expressions and default are
    never used.
    """
    flow = ctx.flow
    for source, found in _constant_edges(flow).items():
        for edge, expression, truth in found:
            if truth is None:
                continue
            if truth is False:
                message = (f'edge "{edge.id}" has an expression that is always false '
                           f"({_shown(expression)}): the edge is never taken")
            else:
                edges = flow.out_edges[source]
                shadowed = _evaluated_after(edges, edges.index(edge))
                what = (f"it wins over {id_list(e.id for e in shadowed)}, which can never fire"
                        if shadowed else f'no other edge of node "{source}" is evaluated after it')
                message = (f'edge "{edge.id}" has an expression that is always true '
                           f"({_shown(expression)}): it is taken every time node "
                           f'"{source}" is left; {what}')
            yield ctx.edge_finding(edge, message, "condition", "expression")


@rule("FL412", "shadowed-edge", "warning", FLOW,
      example=ex.flow(_NODES, ex.edge("is_gold", "lookup", "vip", _GOLD) + ", "
                      + ex.edge("is_gold_too", "lookup", "ask", _GOLD) + ", "
                      + ex.edge("other", "lookup", "ask", ex.DEFAULT), start="lookup"),
      fixed=ex.flow(_NODES, ex.edge("is_gold", "lookup", "vip", _GOLD) + ", "
                    + ex.edge("other", "lookup", "ask", ex.DEFAULT), start="lookup"))
def shadowed_edge(ctx: AssistantContext) -> Iterator[Finding]:
    """An edge that an earlier edge of the same node always wins over: after an always-true
    expression, or with the same expression as an earlier edge.

    What it does: for each node, in the order the platform evaluates its edges (expressions
    in declaration order, then llm edges, then the default), reports: every edge evaluated
    after an always-true expression (see FL411), naming it; and every expression edge whose
    expression is written exactly like an earlier one of the same node (compared as JSON)
    but leads elsewhere, naming the earlier edge. Identical expressions to the same target
    are FL403's business, constant ones FL411's.

    Why it matters: the first true expression wins. After an always-true one nothing else of
    the node is ever taken; and a repeated expression is true exactly when the earlier copy
    is, so the later edge can never fire: the branch it was meant for is unreachable by
    that route.
    """
    flow = ctx.flow
    for source, found in _constant_edges(flow).items():
        reported: set[int] = set()
        for edge, _, truth in found:
            if truth is not True:
                continue
            edges = flow.out_edges[source]
            for later in _evaluated_after(edges, edges.index(edge)):
                if id(later) not in reported:
                    reported.add(id(later))
                    yield ctx.edge_finding(later, f'edge "{later.id}" is never taken: edge '
                                           f'"{edge.id}" of node "{source}" is always true and is '
                                           "evaluated first", "condition")
        if len(found) < 2:
            continue
        earlier: list[tuple["FlowEdge", Any]] = []  # a node has a few expression edges: compare all
        for edge, expression, truth in found:
            if id(edge) in reported or truth is not None:
                continue
            twin = next((e for e, x in earlier if same_expression(x, expression)), None)
            earlier.append((edge, expression))
            if twin is None or (twin.target_type, twin.target) == (edge.target_type, edge.target):
                continue
            yield ctx.edge_finding(edge, f'edge "{edge.id}" is never taken: its expression is the '
                                   f'same as that of edge "{twin.id}", evaluated first from node '
                                   f'"{source}"', "condition", "expression")
