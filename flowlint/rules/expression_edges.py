"""FL407-FL408: the expression AST of `expression` conditions, and how it compares."""
from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Iterator

from .. import expressions
from ..diagnostics import Finding
from ..models import ExpressionCondition
from . import condition_examples as ex
from .base import FLOW, AssistantContext, rule
from .condition_examples import STATUS_CODE

if TYPE_CHECKING:
    from ..graph import FlowEdge

CHANNEL = "telnyx_conversation_channel"


@rule("FL407", "invalid-expression", "error", FLOW,
      example=ex.flow(ex.tool("lookup", "tool-crm") + ", " + ex.prompt("ask"),
                    ex.edge("ok", "lookup", "ask", '{"type": "expression", "expression": {"type": "bool_op", '
                          '"op": "and", "operands": [{"type": "comparison", "op": "==", "left": '
                          '{"type": "variable", "name": "tier"}, "right": '
                          '{"type": "string_literal", "value": "gold"}}]}}') + ", "
                    + ex.edge("fallback", "lookup", "ask", ex.DEFAULT), start="lookup"),
      fixed=ex.flow(ex.tool("lookup", "tool-crm") + ", " + ex.prompt("ask"),
                  ex.edge("ok", "lookup", "ask", '{"type": "expression", "expression": {"type": "comparison", '
                        '"op": "==", "left": {"type": "variable", "name": "tier"}, "right": '
                        '{"type": "string_literal", "value": "gold"}}}') + ", "
                  + ex.edge("fallback", "lookup", "ask", ex.DEFAULT), start="lookup"))
def invalid_expression(ctx: AssistantContext) -> Iterator[Finding]:
    """A malformed expression AST: unknown type or operator, wrong operand count, missing
    operand or field, non-boolean root.

    What it does: walks every `expression` condition and reports each offending
    sub-expression at its own pointer: a node `type` other than comparison, bool_op,
    arithmetic, variable, string_literal, number_literal, bool_literal; an operator
    outside the type's set (`== != < <= > >= contains not_contains`, `and or not`,
    `+ - * / %`); `not` without exactly one operand or `and`/`or` with fewer than two; a
    missing `left`/`right`/`name`/`value` or a literal of the wrong JSON type; a root or
    bool_op operand that cannot be boolean (arithmetic or a string/number literal).
    Nesting deeper than 64 levels is reported as such.

    Why it matters: the API stores the expression without evaluating it; at run time a
    malformed expression cannot be evaluated, so the edge never fires and the flow falls
    through to other edges as if the condition were false.
    """
    for edge in ctx.flow.edges:
        condition = edge.model.condition if edge.model else None
        if not isinstance(condition, ExpressionCondition):
            continue
        for problem in expressions.validate(condition.expression):
            where = "/".join(map(str, problem.path))
            yield ctx.edge_finding(edge, f'edge "{edge.id}": {problem.message}'
                                   + (f" (at expression/{where})" if where else ""),
                                   "condition", "expression", *problem.path,
                                   key=f"expression/{where}:{problem.message}")


def _literal_kind(node: Any) -> tuple[str, Any] | None:
    if isinstance(node, dict) and node.get("type") in ("string_literal", "number_literal"):
        return node["type"], node.get("value")
    return None


def _status_comparisons(walked: list[tuple[expressions.Path, dict]]
                        ) -> tuple[list[tuple[tuple, str, Any]], bool]:
    """Status-code comparisons of one walked expression ``(path, literal type, value)``,
    and whether the expression also tests the conversation channel."""
    found = []
    channel_aware = False
    for path, node in walked:
        if node.get("type") != "comparison":
            continue
        left, right = node.get("left"), node.get("right")
        if expressions.is_variable(left, CHANNEL) or expressions.is_variable(right, CHANNEL):
            channel_aware = True
        for a, b in ((left, right), (right, left)):
            literal = _literal_kind(b)
            if literal is not None and expressions.is_variable(a, STATUS_CODE):
                found.append((path, *literal))
    return found, channel_aware


@rule("FL408", "status-code-type", "warning", FLOW,
      example=ex.flow(ex.tool("lookup", "tool-crm") + ", " + ex.prompt("ask") + ", " + ex.prompt("sorry", "Apologise."),
                    ex.edge("ok", "lookup", "ask", ex.status(ex.STR_200)) + ", "
                    + ex.edge("failed", "lookup", "sorry", ex.DEFAULT), start="lookup"),
      fixed=ex.flow(ex.tool("lookup", "tool-crm") + ", " + ex.prompt("ask") + ", " + ex.prompt("sorry", "Apologise."),
                  ex.edge("ok", "lookup", "ask", '{"type": "expression", "expression": {"type": "bool_op", '
                        '"op": "or", "operands": [' + ex.status_cmp(ex.STR_200) + ", "
                        + ex.status_cmp(ex.NUM_200) + "]}}") + ", "
                  + ex.edge("failed", "lookup", "sorry", ex.DEFAULT), start="lookup"))
def status_code_type(ctx: AssistantContext) -> Iterator[Finding]:
    """A comparison of `telnyx_last_tool_status_code` with only a string or only a number literal.

    What it does: looks at every comparison between the variable
    `telnyx_last_tool_status_code` and a string or number literal in the `expression`
    conditions of the edges leaving one node. When that node's edges compare it only with
    string literals, or only with number literals, each such comparison is reported.
    Silent when the node's edges compare it with both types (for example an `or` of
    `== "200"` and `== 200`, or one edge per channel), and for an expression that also tests
    `telnyx_conversation_channel` (it is written for one channel on purpose).

    Why it matters: the variable is the string `"200"` on voice calls and the number `200`
    on chat, and comparisons do not convert: `== "200"` never holds on chat and `== 200`
    never holds on voice, so the flow silently takes its failure path on one channel.
    """
    walks = ctx.flow.expression_walks
    if not walks:
        return
    for _node, edges in ctx.flow.nodes_with_edges:
        found: list[tuple["FlowEdge", tuple, str, Any]] = []
        kinds: set[str] = set()
        for edge in edges:
            walked = walks.get(id(edge))
            if walked is None:
                continue
            comparisons, channel_aware = _status_comparisons(walked)
            for path, kind, value in comparisons:
                kinds.add(kind)
                if not channel_aware:
                    found.append((edge, path, kind, value))
        if len(kinds) != 1:
            continue
        for edge, path, kind, value in found:
            shown = json.dumps(value)[:20]
            other = "number" if kind == "string_literal" else "string"
            channel = "chat" if kind == "string_literal" else "voice calls"
            yield ctx.edge_finding(edge, f'edge "{edge.id}" compares {STATUS_CODE} only with the '
                                   f"{kind.split('_')[0]} {shown}; it is a {other} on {channel}, "
                                   f"where this never matches: compare with both types",
                                   "condition", "expression", *path,
                                   key="expression/" + "/".join(map(str, path)))

