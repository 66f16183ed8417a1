"""Retell AI: agent exports, conversation flows and Retell LLM states in flowlint's flow model.

Read from the types of the official ``retell-sdk`` (``conversation_flow_response.py``,
``llm_response.py``) and Retell's conversation-flow documentation:

- an agent export is the agent's settings with the flow under ``conversationFlow``; the
  conversation-flow API object is that flow alone (``nodes``, ``start_node_id``, ``tools``);
  a Retell LLM has ``states`` (``name``, ``edges[].destination_state_name``) and
  ``starting_state``;
- edges live inside nodes: ``edges[]`` (``transition_condition`` of type ``prompt`` or
  ``equation``), ``always_edge``, ``skip_response_edge``, ``else_edge``, the single ``edge``
  of ``transfer_call`` and ``agent_swap`` (taken when the transfer or swap fails), and the
  ``success_edge``/``failed_edge`` of ``sms`` nodes;
- a node with ``global_node_setting`` "can be transitioned to from anywhere in the
  conversation flow" (docs.retellai.com/build/conversation-flow/global-node): it is
  reachable, and since any node may leave for it, whether a node can end the call is
  unknown while the flow has one;
- ``agent_swap`` nodes (and ``agent_swap`` tools of subagent nodes and states) hand the call
  to another agent: a hand-off to that ``agent_id``.

Go-back conditions of global nodes have no destination (they return to the node the caller
came from) and are not edges of the graph. Components' inner nodes are not read.
"""
from __future__ import annotations

from typing import Any, Optional, Union

from pydantic import TypeAdapter

from ..graph import FlowFormat, FlowGraph, Origin
from ..toolsets import NONE, UNKNOWN, ToolResolver
from ..validation import Problems, validate_many
from .elements import (END, HANDOFF, LOGIC, PROMPT, TOOL, TOOLS_OF_KIND, TRANSFER, FlowBuilder,
                       ProviderCondition, ProviderNode, llm, position_of, target_fields, tool_set_of)
from .reading import (element, items, new_entry, nodes_field, not_this_format, text, unknown_type,
                      validated, wrong_container)

FLOW_FORMAT = FlowFormat("retell", "Retell conversation flow")
LLM_FORMAT = FlowFormat("retell", "Retell LLM", "`starting_state`",
                        {("start_node_id",): ("starting_state",), ("nodes",): ("states",)})

KIND = {"conversation": PROMPT, "subagent": PROMPT, "end": END, "transfer_call": TRANSFER,
        "bridge_transfer": TRANSFER, "agent_swap": HANDOFF, "branch": LOGIC, "function": TOOL,
        "code": TOOL, "extract_dynamic_variables": TOOL, "sms": TOOL, "mcp": TOOL,
        "press_digit": TOOL, "component": TOOL, "cancel_transfer": TOOL}
# Nodes that provably call nothing that ends the call (a conversation node "cannot call
# tools"); press_digit may call end_call, components and cancel_transfer are not read.
CALLS_NOTHING = frozenset({"conversation", "branch", "function", "code", "extract_dynamic_variables",
                           "sms", "mcp"})
TOOL_NAMES = {"end_call": "hangup", "transfer_call": "transfer", "agent_swap": "handoff"}
# Singular edge fields, in the order Retell evaluates a node's ways out, and their roles.
SINGLE_EDGES = (("always_edge", "always"), ("skip_response_edge", "skip response"),
                ("else_edge", "else"), ("edge", "failed"), ("success_edge", "sent"),
                ("failed_edge", "not sent"))


@element
class Equation:
    left: Optional[str] = None
    operator: Optional[str] = None
    right: Optional[Union[str, int, float, bool]] = None


@element
class Condition:
    type: Optional[str] = None
    prompt: Optional[str] = None
    equations: Optional[list[Equation]] = None
    operator: Optional[str] = None


@element
class RetellEdge:
    id: Optional[str] = None
    transition_condition: Optional[Condition] = None
    destination_node_id: Optional[str] = None


@element
class Instruction:
    type: Optional[str] = None
    text: Optional[str] = None


@element
class GlobalSetting:
    condition: Union[str, Condition, None] = None


@element
class XY:
    x: Optional[float] = None
    y: Optional[float] = None


@element
class RetellNode:
    id: str
    type: Optional[str] = None
    name: Optional[str] = None
    instruction: Optional[Instruction] = None
    global_node_setting: Optional[GlobalSetting] = None
    display_position: Optional[XY] = None
    agent_id: Optional[str] = None
    tool_ids: Optional[list[str]] = None
    tools: Optional[list[Any]] = None
    edges: Optional[list[Any]] = None  # each edge is validated on its own: one bad edge,
    always_edge: Any = None            # one finding, and the node and its other edges stay
    skip_response_edge: Any = None
    else_edge: Any = None
    edge: Any = None
    success_edge: Any = None
    failed_edge: Any = None


@element
class StateEdge:
    description: Optional[str] = None
    destination_state_name: Optional[str] = None


@element
class State:
    name: str
    state_prompt: Optional[str] = None
    edges: Optional[list[Any]] = None
    tools: Optional[list[Any]] = None


_NODES = TypeAdapter(list[RetellNode])
_EDGE = TypeAdapter(RetellEdge)
_STATES = TypeAdapter(list[State])
_STATE_EDGE = TypeAdapter(StateEdge)
_NODE_FIELDS = {("instructions",): ("instruction", "text")}
_STATE_FIELDS = {("id",): ("name",), ("instructions",): ("state_prompt",)}
_SWAP_FIELDS = target_fields(("agent_id",))


def _edge_fields(has_destination: bool) -> dict:
    return {("start_node_id",): (), ("condition",): ("transition_condition",),
            **target_fields(("destination_node_id",) if has_destination else ())}


_WITH_DESTINATION, _NO_DESTINATION = _edge_fields(True), _edge_fields(False)


def read(document: Any, value: Any, problems: Problems, resolver: ToolResolver) -> None:
    if not isinstance(value, dict):
        return not_this_format(problems, "Retell", 'an agent export, a conversation flow or a Retell LLM', value)
    if "conversationFlow" in value or isinstance(value.get("response_engine"), dict):
        entry = new_entry(document, "", value.get("agent_id"), value.get("agent_name"), "retell")
        flow = value.get("conversationFlow")
        if isinstance(flow, dict):
            entry.flow = _conversation_flow(flow, "/conversationFlow", entry, problems, resolver)
        elif flow is not None:
            wrong_container(problems, flow, "/conversationFlow", "conversationFlow", "an object", entry.ids())
    elif "states" in value or "starting_state" in value or "llm_id" in value:
        entry = new_entry(document, "", None, None, "retell")
        if value.get("states") is not None:  # without states, a single prompt: no flow
            entry.flow = _retell_llm(value, entry, problems, resolver)
    elif "nodes" in value or "start_node_id" in value:
        entry = new_entry(document, "", None, None, "retell")
        entry.flow = _conversation_flow(value, "", entry, problems, resolver)
    else:
        not_this_format(problems, "Retell", 'an agent export ("conversationFlow"), a conversation '
                        'flow ("nodes", "start_node_id") or a Retell LLM ("states")', value)


def _conversation_flow(raw: dict, pointer: str, entry: Any, problems: Problems,
                       resolver: ToolResolver) -> FlowGraph:
    raw_nodes = raw.get("nodes")
    builder = FlowBuilder()
    if raw_nodes is not None and not isinstance(raw_nodes, list):
        wrong_container(problems, raw_nodes, f"{pointer}/nodes", "nodes", "an array", entry.ids())
    elif raw_nodes:
        def ids_of(item: Any) -> dict[str, Any]:
            return {"assistant_id": entry.id, "node_id": text(item.get("id")) if isinstance(item, dict) else None}

        models = validate_many(_NODES, raw_nodes, f"{pointer}/nodes", ids_of, problems, "node")
        flow_tools = {t["tool_id"]: _tool_name(t) for t in items(raw.get("tools"))
                      if isinstance(t, dict) and isinstance(t.get("tool_id"), str)}
        has_globals = any(m is not None and m.global_node_setting is not None for m in models)
        for index, (item, model) in enumerate(zip(raw_nodes, models)):
            node_pointer = f"{pointer}/nodes/{index}"
            if model is not None:
                _node(builder, model, node_pointer, entry, problems, flow_tools, has_globals)
            elif isinstance(item, dict) and text(item.get("id")):  # still a node of the graph
                builder.node(item["id"], ProviderNode(str(item.get("type")), TOOL), node_pointer)
    return FlowGraph(pointer, raw.get("start_node_id"), builder.nodes, builder.edges,
                     resolver=resolver, nodes_field=nodes_field(raw_nodes, list), format=FLOW_FORMAT,
                     global_nodes=frozenset(builder.global_nodes))


def _node(builder: FlowBuilder, model: RetellNode, pointer: str, entry: Any, problems: Problems,
          flow_tools: dict, has_globals: bool) -> None:
    kind = KIND.get(model.type or "")
    if kind is None:
        unknown_type(problems, "Retell", model.type, pointer, {"assistant_id": entry.id, "node_id": model.id})
    tools = _tools(model, kind, flow_tools)
    if has_globals and kind in (PROMPT, TOOL, LOGIC):
        tools = UNKNOWN  # it may leave for a global node at any turn
    node = ProviderNode(model.type or "?", kind or TOOL, model.name, position_of(model.display_position),
                        tools, model.global_node_setting is not None, model)
    builder.node(model.id, node, pointer, _NODE_FIELDS)
    ids = {"assistant_id": entry.id, "node_id": model.id}
    for index, raw_edge in enumerate(model.edges or ()):
        _edge(builder, model, raw_edge, f"{pointer}/edges/{index}", None, ids, problems)
    for field, role in SINGLE_EDGES:
        raw_edge = getattr(model, field)
        if raw_edge is not None:
            label = f"{model.type.replace('_', ' ')} {role}" if role == "failed" and model.type else role
            _edge(builder, model, raw_edge, f"{pointer}/{field}", label, ids, problems)
    if model.type == "agent_swap" and text(model.agent_id):
        builder.edge(None, model.id, model.agent_id, ProviderCondition("agent_swap"),
                     Origin(pointer, _SWAP_FIELDS, "agent swap", implied=True), handoff=True)
    _swap_tools(builder, model.id, model.tools, f"{pointer}/tools")


def _edge(builder: FlowBuilder, node: RetellNode, raw: Any, pointer: str, role: str | None,
          ids: dict, problems: Problems) -> None:
    model = validated(_EDGE, raw, pointer, {**ids, "edge_id": text(raw.get("id")) if isinstance(raw, dict) else None},
                      problems, "edge")
    if model is None:
        return
    target = text(model.destination_node_id)
    condition, label = _condition(model.transition_condition, role)
    origin = Origin(pointer, _WITH_DESTINATION if target else _NO_DESTINATION, label,
                    key=None if model.id else f"{node.id} {role or 'edge'}")
    builder.edge(model.id, node.id, target, condition, origin, model)


def _condition(condition: Condition | None, role: str | None) -> tuple[Any, str]:
    """The edge's condition and its label. Only ``edges[]`` prompts are decided by the model:
    the singular edges' prompts are fixed words ("Else", "Always", "Transfer failed")."""
    if role is not None:
        return ProviderCondition(role, condition), role
    if condition is not None and condition.type == "prompt" and isinstance(condition.prompt, str):
        return llm(condition.prompt), condition.prompt
    if condition is not None and condition.type == "equation":
        return ProviderCondition("equation", condition), equation_text(condition)
    kind = condition.type if condition is not None and condition.type else "no condition"
    return ProviderCondition(kind, condition), kind


def equation_text(condition: Condition) -> str:
    parts = [" ".join(str(p) for p in (e.left, e.operator, e.right) if p is not None)
             for e in condition.equations or ()]
    return f" {condition.operator or '&&'} ".join(parts) or "equation"


def _tools(model: RetellNode, kind: str | None, flow_tools: dict) -> Any:
    if kind in TOOLS_OF_KIND:
        return TOOLS_OF_KIND[kind]
    if model.type == "subagent":
        inline = [_tool_name(t) for t in model.tools or ()]
        return tool_set_of([*inline, *(flow_tools.get(i) for i in model.tool_ids or ())])
    return NONE if model.type in CALLS_NOTHING else UNKNOWN


def _tool_name(tool: Any) -> str | None:
    """A Retell tool's type in flowlint's names (``end_call`` is ``hangup``), or None."""
    kind = tool.get("type") if isinstance(tool, dict) else None
    return TOOL_NAMES.get(kind, kind) if isinstance(kind, str) else None


def _swap_tools(builder: FlowBuilder, node_id: str, tools: Any, pointer: str) -> None:
    """``agent_swap`` tools (subagent nodes, states) hand off to their ``agent_id``."""
    for index, tool in enumerate(tools if isinstance(tools, list) else ()):
        if isinstance(tool, dict) and tool.get("type") == "agent_swap" and text(tool.get("agent_id")):
            builder.edge(None, node_id, tool["agent_id"], ProviderCondition("agent_swap"),
                         Origin(f"{pointer}/{index}", _SWAP_FIELDS, "agent swap", implied=True),
                         handoff=True)


def _retell_llm(value: dict, entry: Any, problems: Problems, resolver: ToolResolver) -> FlowGraph:
    states = value.get("states")
    builder = FlowBuilder()
    if not isinstance(states, list):
        wrong_container(problems, states, "/states", "states", "an array", entry.ids())
    else:
        def ids_of(item: Any) -> dict[str, Any]:
            return {"assistant_id": entry.id, "node_id": text(item.get("name")) if isinstance(item, dict) else None}

        general = [_tool_name(t) for t in items(value.get("general_tools"))]
        for index, model in enumerate(validate_many(_STATES, states, "/states", ids_of, problems, "state")):
            if model is not None:
                _state(builder, model, f"/states/{index}", general, entry, problems)
    return FlowGraph("", value.get("starting_state"), builder.nodes, builder.edges, resolver=resolver,
                     nodes_field=nodes_field(states, list), format=LLM_FORMAT)


def _state(builder: FlowBuilder, model: State, pointer: str, general: list, entry: Any,
           problems: Problems) -> None:
    tools = [_tool_name(t) for t in model.tools or ()]
    builder.node(model.name, ProviderNode("state", PROMPT, model.name, None, tool_set_of([*general, *tools]),
                                          raw=model), pointer, _STATE_FIELDS)
    ids = {"assistant_id": entry.id, "node_id": model.name}
    for index, raw in enumerate(model.edges or ()):
        edge = validated(_STATE_EDGE, raw, f"{pointer}/edges/{index}", ids, problems, "edge")
        if edge is None:
            continue
        target = text(edge.destination_state_name)
        fields = {("start_node_id",): (), ("condition",): ("description",),
                  ("condition", "prompt"): ("description",),
                  **target_fields(("destination_state_name",) if target else ())}
        description = edge.description if isinstance(edge.description, str) else ""
        builder.edge(None, model.name, target, llm(description),
                     Origin(f"{pointer}/edges/{index}", fields, description,
                            key=f"{model.name} -> {target or '?'}"), edge)
    _swap_tools(builder, model.name, model.tools, f"{pointer}/tools")
