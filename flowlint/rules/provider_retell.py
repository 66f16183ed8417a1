"""FL901-FL909: Retell conversation flows, before they are imported.

Provider rules are numbered by provider: FL901-FL909 Retell, FL911-FL919 ElevenLabs,
FL921-FL929 Vapi. They say what the provider itself rejects or what silently breaks its
calls; the rules about the graph itself (FL1xx-FL4xx) run on these flows too.
"""
from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Iterator

from ..diagnostics import Finding
from .base import FLOW, AssistantContext, edge_name, rule

if TYPE_CHECKING:
    from ..graph import FlowNode

# The operators of the SDK's equation conditions (retell-sdk, conversation_flow_response.py).
EQUATION_OPERATORS = ("==", "!=", ">", ">=", "<", "<=", "contains", "not_contains", "exists",
                      "not_exist")
COMBINATORS = ("||", "&&")
_ELSE_REQUIRED = ("branch", "code", "extract_dynamic_variables")
_FALLBACK_REQUIRED = ("transfer_call", "agent_swap")


def _flow(*nodes: dict, start: str = "ask") -> str:
    return json.dumps({"start_node_id": start, "nodes": list(nodes)})


def _talk(node_id: str, text: str, *edges: dict, **extra: Any) -> dict:
    node = {"id": node_id, "type": "conversation", "instruction": {"type": "prompt", "text": text}}
    return {**node, **({"edges": list(edges)} if edges else {}), **extra}


def _to(edge_id: str, target: str, prompt: str = "The caller is done.") -> dict:
    return {"id": edge_id, "transition_condition": {"type": "prompt", "prompt": prompt},
            "destination_node_id": target}


def _equation(edge_id: str, target: str, operator: str = "==") -> dict:
    return {"id": edge_id, "destination_node_id": target, "transition_condition": {
        "type": "equation", "operator": "&&",
        "equations": [{"left": "{{plan}}", "operator": operator, "right": "gold"}]}}


_BYE = {"id": "bye", "type": "end"}
_ASK = _talk("ask", "Ask for the caller's plan.", _to("to_route", "route", "The caller named a plan."))
_TRANSFER = {"id": "agent", "type": "transfer_call",
             "transfer_destination": {"type": "predefined", "number": "+15550100"},
             "transfer_option": {"type": "cold_transfer"}}


def _retell_nodes(ctx: AssistantContext, types: tuple[str, ...]) -> Iterator[tuple["FlowNode", str, Any]]:
    """(node, Retell node type, the node's validated Retell model) of the nodes of ``types``."""
    for node in ctx.flow.nodes:
        kind = getattr(node.model, "provider_type", None)
        raw = getattr(node.model, "raw", None)
        if kind in types and raw is not None:  # None: the node failed validation (FL002)
            yield node, kind, raw


@rule("FL901", "retell-missing-else-edge", "error", FLOW, provider="retell",
      example=_flow(_ASK, {"id": "route", "type": "branch", "edges": [_equation("is_gold", "bye")]}, _BYE),
      fixed=_flow(_ASK, {"id": "route", "type": "branch", "edges": [_equation("is_gold", "bye")],
                         "else_edge": _to("otherwise", "bye", "Else")}, _BYE))
def retell_missing_else_edge(ctx: AssistantContext) -> Iterator[Finding]:
    """A Retell logic split (`branch`), `code` or `extract_dynamic_variables` node without an
    `else_edge`.

    What it does: reports each such node that has no `else_edge` object. (An `else_edge`
    that is there but not connected to a node is FL204.)

    Why it matters: these nodes take no turn of their own: they evaluate their conditions
    (or run their code) and move on at once. Retell's documentation of the logic split node
    says there is always an else condition, "the default destination if none of the
    conditions are met, because this node is designed to be a split point and you want to
    make sure the conversation flow is not stuck here" (docs.retellai.com, Logic Split
    Node), and the SDK's `branch` node requires `else_edge`; for code and extraction nodes
    the SDK calls it the "fallback transition used when no conditional edge matches".
    Without it, a call whose values match no condition stops in the node.
    """
    for node, kind, raw in _retell_nodes(ctx, _ELSE_REQUIRED):
        if raw.else_edge is None:
            yield ctx.node_finding(node, f'{kind} node "{node.id}" has no else_edge: when no '
                                   "condition matches, the call is stuck there")


@rule("FL902", "retell-transfer-without-fallback", "error", FLOW, provider="retell",
      example=_flow(_talk("ask", "Offer to connect the caller.", _to("to_agent", "agent", "The caller wants a person.")),
                    _TRANSFER),
      fixed=_flow(_talk("ask", "Offer to connect the caller.", _to("to_agent", "agent", "The caller wants a person.")),
                  {**_TRANSFER, "edge": _to("failed", "sorry", "Transfer failed")},
                  _talk("sorry", "Apologise and offer a call back.", _to("done", "bye")), _BYE))
def retell_transfer_without_fallback(ctx: AssistantContext) -> Iterator[Finding]:
    """A Retell `transfer_call` or `agent_swap` node without the `edge` followed when the
    transfer fails.

    What it does: reports each transfer or agent swap node that has no `edge` object. (An
    `edge` that is there but leads to no node is FL204.)

    Why it matters: the SDK requires `edge` on both node types: it is the "transition
    followed by a transfer_call or agent_swap node when the transfer fails", and Retell's
    Call Transfer Node page says transition happens when transfer fails, through a
    pre-populated edge "to handle transfer failure". Without it a busy or unanswered
    destination leaves the caller in a node with nowhere to go.
    """
    for node, kind, raw in _retell_nodes(ctx, _FALLBACK_REQUIRED):
        if raw.edge is None:
            what = "transfer" if kind == "transfer_call" else "agent swap"
            yield ctx.node_finding(node, f'{kind} node "{node.id}" has no edge to follow when the '
                                   f"{what} fails")


def _equations(condition: Any) -> Iterator[tuple[tuple, str, str]]:
    """(path in the condition, what, operator) of each operator an equation condition uses."""
    if condition is None or getattr(condition, "type", None) != "equation":
        return
    if condition.operator is not None:
        yield ("operator",), "combining operator", condition.operator
    for index, equation in enumerate(condition.equations or ()):
        if equation.operator is not None:
            yield ("equations", index, "operator"), "operator", equation.operator


@rule("FL903", "retell-unknown-equation-operator", "error", FLOW, provider="retell",
      example=_flow(_ASK, {"id": "route", "type": "branch", "edges": [_equation("is_gold", "bye", "equals")],
                           "else_edge": _to("otherwise", "bye", "Else")}, _BYE),
      fixed=_flow(_ASK, {"id": "route", "type": "branch", "edges": [_equation("is_gold", "bye", "==")],
                         "else_edge": _to("otherwise", "bye", "Else")}, _BYE))
def retell_unknown_equation_operator(ctx: AssistantContext) -> Iterator[Finding]:
    """A Retell equation condition with an operator Retell does not know.

    What it does: checks every equation of `equation` conditions (on edges and on global
    nodes) against the operators of the SDK, `== != > >= < <= contains not_contains
    exists not_exist`, and the operator that combines them against `||` and `&&`.

    Why it matters: the API accepts only those operators (its schema enumerates them), so
    the flow cannot be saved or imported as it is; a hand-edited `equals` or `AND`, or
    the dashboard's spelling `CONTAINS`, is the usual cause.
    """
    known = {"combining operator": COMBINATORS, "operator": EQUATION_OPERATORS}
    for edge in ctx.flow.edges:
        condition = getattr(getattr(edge.model, "condition", None), "raw", None)
        for path, what, operator in _equations(condition):
            if operator not in known[what]:
                yield ctx.edge_finding(edge, f'{edge_name(edge)}: unknown equation {what} "{operator}" '
                                       f"(known: {' '.join(known[what])})", "transition_condition", *path)
    for node in ctx.flow.nodes:
        setting = getattr(getattr(node.model, "raw", None), "global_node_setting", None)
        for path, what, operator in _equations(getattr(setting, "condition", None)):
            if operator not in known[what]:
                yield ctx.node_finding(node, f'global node "{node.id}": unknown equation {what} '
                                       f'"{operator}" (known: {" ".join(known[what])})',
                                       "global_node_setting", "condition", *path)


@rule("FL904", "retell-self-loop", "error", FLOW, provider="retell",
      example=_flow(_talk("ask", "Ask for the order number.", _to("again", "ask", "The caller did not hear."),
                          _to("to_bye", "bye")), _BYE),
      fixed=_flow(_talk("ask", "Ask for the order number; repeat it if the caller did not hear.",
                        _to("to_bye", "bye")), _BYE))
def retell_self_loop(ctx: AssistantContext) -> Iterator[Finding]:
    """A Retell edge whose destination is the node it leaves.

    What it does: reports every edge (in `edges[]` or a singular edge field) whose
    `destination_node_id` is its own node's id. On Retell flows this replaces FL304.

    Why it matters: Retell rejects an edge whose source is its destination (the validator
    that ships with the ubaidlodhi/retell-voice-agents flows checks it for that reason), and
    it is never needed: a conversation node already waits for the caller's next turn, so
    "stay here" is what the node does when no edge fires.
    """
    for edge in ctx.flow.edges:
        if edge.is_node_edge and edge.target == edge.source and not edge.is_implied:
            yield ctx.edge_finding(edge, f'{edge_name(edge)} leads from node "{edge.source}" back to '
                                   "itself; Retell rejects self-loops", "target", "node_id")


def _blank(condition: Any) -> bool:
    if condition is None:
        return True
    if isinstance(condition, str):
        return not condition.strip()
    if condition.type == "equation":
        return not condition.equations
    return not (condition.prompt or "").strip()


@rule("FL905", "retell-empty-global-condition", "error", FLOW, provider="retell",
      example=_flow(_talk("ask", "Help the caller.", _to("to_bye", "bye")), _BYE,
                    {**_TRANSFER, "global_node_setting": {"condition": ""},
                     "edge": _to("failed", "bye", "Transfer failed")}),
      fixed=_flow(_talk("ask", "Help the caller.", _to("to_bye", "bye")), _BYE,
                  {**_TRANSFER, "global_node_setting": {"condition": "The caller asks for a person."},
                   "edge": _to("failed", "bye", "Transfer failed")}))
def retell_empty_global_condition(ctx: AssistantContext) -> Iterator[Finding]:
    """A Retell global node whose condition is empty.

    What it does: reports each node with a `global_node_setting` whose `condition` is
    missing, a blank string, a prompt condition with a blank prompt, or an equation
    condition with no equations.

    Why it matters: a global node is entered from anywhere when its condition holds
    (docs.retellai.com, Global Node); the SDK says a string condition "is a prompt
    condition and cannot be empty". With nothing to decide on, the node is either refused
    or entered at random, and a global node usually transfers or ends the call.
    """
    for node in ctx.flow.nodes:
        setting = getattr(getattr(node.model, "raw", None), "global_node_setting", None)
        if setting is not None and _blank(setting.condition):
            yield ctx.node_finding(node, f'global node "{node.id}" has an empty condition: nothing '
                                   "says when to jump to it", "global_node_setting",
                                   *(("condition",) if setting.condition is not None else ()))

