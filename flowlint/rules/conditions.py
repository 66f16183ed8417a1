"""FL4xx: edges and their conditions."""
from __future__ import annotations

import json
import string
import unicodedata
from typing import TYPE_CHECKING, Any, Iterator

from .. import expressions
from ..diagnostics import Finding
from ..models import ExpressionCondition, LlmCondition, ToolNode
from .base import FLOW, AssistantContext, id_list, rule

if TYPE_CHECKING:
    from ..graph import FlowEdge, FlowGraph, FlowNode

STATUS_CODE = "telnyx_last_tool_status_code"
CHANNEL = "telnyx_conversation_channel"


# ------------------------------------------------------------------ example builders

def _flow(nodes: str, edges: str, start: str = "ask") -> str:
    return f'{{"start_node_id": "{start}", "nodes": [{nodes}], "edges": [{edges}]}}'


def _prompt(node_id: str, text: str = "Ask what the caller needs.") -> str:
    return f'{{"id": "{node_id}", "instructions": "{text}", "instructions_mode": "append"}}'


def _tool(node_id: str, tool_id: str, resolved_type: str | None = None) -> str:
    resolved = f', "tool": [{{"type": "{resolved_type}"}}]' if resolved_type else ""
    return f'{{"id": "{node_id}", "type": "tool", "shared_tool_id": "{tool_id}"{resolved}}}'


def _speak(node_id: str, text: str = "One moment please.") -> str:
    return f'{{"id": "{node_id}", "type": "speak", "message": "{text}"}}'


def _edge(edge_id: str, source: str, target: str, condition: str) -> str:
    return (f'{{"id": "{edge_id}", "start_node_id": "{source}", "condition": {condition}, '
            f'"target": {{"type": "node", "node_id": "{target}"}}}}')


def _llm(prompt: str) -> str:
    return f'{{"type": "llm", "prompt": "{prompt}"}}'


_DEFAULT = '{"type": "default"}'


def _status_cmp(literal: str) -> str:
    return ('{"type": "comparison", "op": "==", '
            f'"left": {{"type": "variable", "name": "{STATUS_CODE}"}}, "right": {literal}}}')


def _status(literal: str) -> str:
    return f'{{"type": "expression", "expression": {_status_cmp(literal)}}}'


_STR_200 = '{"type": "string_literal", "value": "200"}'
_NUM_200 = '{"type": "number_literal", "value": 200}'


# ------------------------------------------------------------------------- helpers

def tool_type(flow: "FlowGraph", node: "FlowNode") -> str | None:
    """The type of the shared tool a tool node runs, when the inventory or the node's
    resolved ``tool`` field says it; None when it cannot be known."""
    if not isinstance(node.model, ToolNode):
        return None
    tools = flow.resolver.tool_node(node.model)
    return next(iter(tools.types)) if tools.complete and len(tools.types) == 1 else None


_ASCII_PUNCTUATION = str.maketrans(dict.fromkeys(string.punctuation, " "))


def normalise_prompt(prompt: str) -> str:
    """Case-folded, punctuation and symbols made spaces, whitespace collapsed: how FL402
    compares prompts."""
    if prompt.isascii():  # fast path: string.punctuation is exactly ASCII's P* and S* characters
        text = prompt.lower().translate(_ASCII_PUNCTUATION)
    else:
        text = "".join(" " if unicodedata.category(c)[0] in "PS" else c for c in prompt.casefold())
    return " ".join(text.split())


def _names(edges: list["FlowEdge"]) -> str:
    return id_list(e.id for e in edges)


# -------------------------------------------------------------------------- rules

@rule("FL401", "empty-condition-prompt", "error", FLOW,
      example=_flow(_prompt("ask") + ", " + _prompt("billing", "Help with the bill."),
                    _edge("to_billing", "ask", "billing", _llm("  "))),
      fixed=_flow(_prompt("ask") + ", " + _prompt("billing", "Help with the bill."),
                  _edge("to_billing", "ask", "billing", _llm("The caller asks about a bill."))))
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
      example=_flow(_prompt("ask") + ", " + _prompt("billing", "Help with the bill.") + ", "
                    + _prompt("refunds", "Handle the refund."),
                    _edge("to_billing", "ask", "billing", _llm("The caller asks about a bill.")) + ", "
                    + _edge("to_refunds", "ask", "refunds", _llm("the caller asks about a bill"))),
      fixed=_flow(_prompt("ask") + ", " + _prompt("billing", "Help with the bill.") + ", "
                  + _prompt("refunds", "Handle the refund."),
                  _edge("to_billing", "ask", "billing", _llm("The caller asks about a bill.")) + ", "
                  + _edge("to_refunds", "ask", "refunds", _llm("The caller wants a refund."))))
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
      example=_flow(_prompt("ask") + ", " + _prompt("billing", "Help with the bill."),
                    _edge("to_billing", "ask", "billing", _llm("The caller asks about a bill.")) + ", "
                    + _edge("to_billing_2", "ask", "billing", _llm("The caller asks about a bill."))),
      fixed=_flow(_prompt("ask") + ", " + _prompt("billing", "Help with the bill."),
                  _edge("to_billing", "ask", "billing", _llm("The caller asks about a bill."))))
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


@rule("FL404", "default-on-prompt-node", "error", FLOW,
      example=_flow(_prompt("ask") + ", " + _prompt("billing", "Help with the bill."),
                    _edge("to_billing", "ask", "billing", _DEFAULT)),
      fixed=_flow(_prompt("ask") + ", " + _prompt("billing", "Help with the bill."),
                  _edge("to_billing", "ask", "billing", _llm("The caller asks about a bill."))))
def default_on_prompt_node(ctx: AssistantContext) -> Iterator[Finding]:
    """A `default` condition on an edge leaving a prompt node.

    What it does: reports every `default` edge whose source is a prompt node.

    Why it matters: `default` edges are only valid on tool and speak nodes, which advance
    by themselves when their step completes. A prompt node advances only when an `llm` or
    `expression` edge fires, so a `default` edge there is never taken as intended.
    """
    flow = ctx.flow
    for edge in flow.edges:
        if edge.condition_type != "default" or edge.source is None:
            continue
        node = flow.node_by_id.get(edge.source)
        if node is not None and node.type == "prompt":
            yield ctx.edge_finding(edge, f'edge "{edge.id}" has a default condition but leaves prompt '
                                   f'node "{node.id}"; use an llm or expression condition', "condition")


@rule("FL405", "missing-default-edge", "error", FLOW,
      example=_flow(_speak("hold") + ", " + _prompt("ask"),
                    _edge("after_hold", "hold", "ask", _llm("The message was said.")), start="hold"),
      fixed=_flow(_speak("hold") + ", " + _prompt("ask"),
                  _edge("after_hold", "hold", "ask", _DEFAULT), start="hold"))
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
    for node, edges in flow.nodes_with_edges:
        if node.type not in ("tool", "speak") or any(e.condition_type == "default" for e in edges):
            continue
        if node.type == "tool" and tool_type(flow, node) == "hangup":
            continue
        yield ctx.node_finding(node, f'{node.type} node "{node.id}" has outgoing edges but no '
                               "default edge to follow when no other condition holds")


@rule("FL406", "multiple-default-edges", "error", FLOW,
      example=_flow(_speak("hold") + ", " + _prompt("ask") + ", " + _prompt("help", "Help the caller."),
                    _edge("to_ask", "hold", "ask", _DEFAULT) + ", " + _edge("to_help", "hold", "help", _DEFAULT),
                    start="hold"),
      fixed=_flow(_speak("hold") + ", " + _prompt("ask") + ", " + _prompt("help", "Help the caller."),
                  _edge("to_ask", "hold", "ask", _DEFAULT) + ", " + _edge("to_help", "ask", "help",
                                                                           _llm("The caller needs help.")),
                  start="hold"))
def multiple_default_edges(ctx: AssistantContext) -> Iterator[Finding]:
    """A node with more than one `default` edge.

    What it does: reports every `default` edge of a node after its first one, naming the
    first.

    Why it matters: a `default` edge is the single fallback taken when nothing else
    fires; with several, only one can ever be taken and which one is not something to rely
    on.
    """
    for _node, edges in ctx.flow.nodes_with_edges:
        defaults = [e for e in edges if e.condition_type == "default"]
        for edge in defaults[1:]:
            yield ctx.edge_finding(edge, f'edge "{edge.id}" is a second default edge of node '
                                   f'"{edge.source}" (the first is "{defaults[0].id}")', "condition")


@rule("FL407", "invalid-expression", "error", FLOW,
      example=_flow(_tool("lookup", "tool-crm") + ", " + _prompt("ask"),
                    _edge("ok", "lookup", "ask", '{"type": "expression", "expression": {"type": "bool_op", '
                          '"op": "and", "operands": [{"type": "comparison", "op": "==", "left": '
                          '{"type": "variable", "name": "tier"}, "right": '
                          '{"type": "string_literal", "value": "gold"}}]}}') + ", "
                    + _edge("fallback", "lookup", "ask", _DEFAULT), start="lookup"),
      fixed=_flow(_tool("lookup", "tool-crm") + ", " + _prompt("ask"),
                  _edge("ok", "lookup", "ask", '{"type": "expression", "expression": {"type": "comparison", '
                        '"op": "==", "left": {"type": "variable", "name": "tier"}, "right": '
                        '{"type": "string_literal", "value": "gold"}}}') + ", "
                  + _edge("fallback", "lookup", "ask", _DEFAULT), start="lookup"))
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


def _status_comparisons(expression: Any) -> tuple[list[tuple[tuple, str, Any]], bool]:
    """Status-code comparisons of one expression ``(path, literal type, value)``, and
    whether the expression also tests the conversation channel."""
    found = []
    channel_aware = False
    for path, node in expressions.walk(expression):
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
      example=_flow(_tool("lookup", "tool-crm") + ", " + _prompt("ask") + ", " + _prompt("sorry", "Apologise."),
                    _edge("ok", "lookup", "ask", _status(_STR_200)) + ", "
                    + _edge("failed", "lookup", "sorry", _DEFAULT), start="lookup"),
      fixed=_flow(_tool("lookup", "tool-crm") + ", " + _prompt("ask") + ", " + _prompt("sorry", "Apologise."),
                  _edge("ok", "lookup", "ask", '{"type": "expression", "expression": {"type": "bool_op", '
                        '"op": "or", "operands": [' + _status_cmp(_STR_200) + ", "
                        + _status_cmp(_NUM_200) + "]}}") + ", "
                  + _edge("failed", "lookup", "sorry", _DEFAULT), start="lookup"))
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
    for _node, edges in ctx.flow.nodes_with_edges:
        found: list[tuple["FlowEdge", tuple, str, Any]] = []
        kinds: set[str] = set()
        for edge in edges:
            condition = edge.model.condition if edge.model else None
            if not isinstance(condition, ExpressionCondition):
                continue
            comparisons, channel_aware = _status_comparisons(condition.expression)
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


@rule("FL409", "hangup-node-has-edges", "error", FLOW,
      example=_flow(_prompt("ask") + ", " + _tool("bye", "tool-hangup", "hangup") + ", " + _prompt("survey", "Ask for feedback."),
                    _edge("to_bye", "ask", "bye", _llm("The caller is done.")) + ", "
                    + _edge("after_bye", "bye", "survey", _DEFAULT)),
      fixed=_flow(_prompt("ask") + ", " + _tool("bye", "tool-hangup", "hangup") + ", " + _prompt("survey", "Ask for feedback."),
                  _edge("to_survey", "ask", "survey", _llm("The caller is done.")) + ", "
                  + _edge("to_bye", "survey", "bye", _llm("The feedback was given."))),
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
      example=_flow(_prompt("ask") + ", " + _tool("agent", "tool-transfer", "transfer") + ", " + _prompt("sorry", "Apologise."),
                    _edge("to_agent", "ask", "agent", _llm("The caller wants a person.")) + ", "
                    + _edge("after_agent", "agent", "ask", _llm("The caller has more questions.")) + ", "
                    + _edge("failed", "agent", "sorry", _DEFAULT)),
      fixed=_flow(_prompt("ask") + ", " + _tool("agent", "tool-transfer", "transfer") + ", " + _prompt("sorry", "Apologise."),
                  _edge("to_agent", "ask", "agent", _llm("The caller wants a person.")) + ", "
                  + _edge("failed", "agent", "sorry", _DEFAULT)),
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
