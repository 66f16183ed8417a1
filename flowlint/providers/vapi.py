"""Vapi workflows in flowlint's flow model.

Read from the types of the official ``vapi_server_sdk`` (``create_workflow_dto.py``,
``conversation_node.py``, ``tool_node.py``, ``edge.py``, ``global_node_plan.py``) and Vapi's
Workflows documentation (docs.vapi.ai/workflows/overview):

- a workflow is ``{"nodes": [...], "edges": [...]}``; nodes are named by ``name`` (the API
  shape, with ``prompt``) or, in the legacy shape, by ``id`` (with ``systemPrompt``), and
  edges go ``from`` one node ``to`` another by that name;
- ``isStart`` marks the start node ("a Workflow must have exactly one");
- an edge's ``condition`` is ``{"type": "ai", "prompt": ...}``, a logic condition
  (``{{ ... }}`` Liquid), or a plain string; an edge without one always applies;
- a ``conversation`` node with ``globalNodePlan.enabled`` is a global node: "routing to this
  node from any point in the workflow";
- ``tool`` nodes run ``tool`` (``endCall`` and ``transferCall`` end the AI's part of the call)
  or a saved tool by ``toolId`` (its type is not in the file); the legacy ``hangup`` and
  ``transfer`` nodes do the same.

Vapi edges have no id: flowlint names them ``from -> to`` in messages, and their findings
carry no edge id.
"""
from __future__ import annotations

from typing import Any, Optional, Union

from pydantic import Field, TypeAdapter

from ..graph import FlowFormat, FlowGraph, Origin
from ..toolsets import NONE, UNKNOWN, ToolResolver
from ..validation import Problems, validate_many
from .elements import (END, HANDOFF, LOGIC, PROMPT, SPEAK, TOOL, TOOLS_OF_KIND, TRANSFER,
                       FlowBuilder, ProviderCondition, ProviderNode, llm, target_fields, tool_set_of)
from .reading import element, items, new_entry, nodes_field, not_this_format, text, unknown_type, wrong_container

FORMAT = FlowFormat("vapi", "Vapi workflow", '"isStart"')
KIND = {"conversation": PROMPT, "tool": TOOL, "say": SPEAK, "gather": TOOL, "apiRequest": TOOL,
        "hangup": END, "endCall": END, "transfer": TRANSFER, "transferCall": TRANSFER, "start": LOGIC}
TOOL_KIND = {"endCall": END, "transferCall": TRANSFER, "handoff": HANDOFF}
TOOL_NAMES = {"endCall": "hangup", "transferCall": "transfer", "handoff": "handoff"}


@element
class GlobalNodePlan:
    enabled: Optional[bool] = None


@element
class VapiNode:
    name: Optional[str] = None
    id: Optional[str] = None
    type: Optional[str] = None
    is_start: Optional[bool] = Field(default=None, alias="isStart")
    tool: Optional[dict[str, Any]] = None
    tool_id: Optional[str] = Field(default=None, alias="toolId")
    tools: Optional[list[Any]] = None
    tool_ids: Optional[list[str]] = Field(default=None, alias="toolIds")
    global_node_plan: Optional[GlobalNodePlan] = Field(default=None, alias="globalNodePlan")


@element
class VapiEdge:
    source: Optional[str] = Field(default=None, alias="from")
    to: Optional[str] = None
    condition: Union[str, dict[str, Any], None] = None


_NODES, _EDGES = TypeAdapter(list[VapiNode]), TypeAdapter(list[VapiEdge])


def read(document: Any, value: Any, problems: Problems, resolver: ToolResolver) -> None:
    if not isinstance(value, dict) or not isinstance(value.get("nodes"), list):
        return not_this_format(problems, "Vapi", 'a workflow ("nodes" and "edges" arrays)', value)
    entry = new_entry(document, "", value.get("id"), value.get("name"), "vapi")
    builder = FlowBuilder()
    ids = entry.ids()

    def node_ids(item: Any) -> dict[str, Any]:
        return {**ids, "node_id": text(item.get("name")) or text(item.get("id")) if isinstance(item, dict) else None}

    models = validate_many(_NODES, value["nodes"], "/nodes", node_ids, problems, "node")
    workflow_tools = _workflow_tools(value.get("model"))
    has_globals = any(m is not None and m.global_node_plan is not None and m.global_node_plan.enabled
                      for m in models)
    alias: dict[str, str] = {}  # legacy ids of named nodes
    starts = []
    for index, model in enumerate(models):
        key = model and (text(model.name) or text(model.id))
        if model is None:
            continue
        if key is None:
            problems.add("FL002", 'node is missing required field "name"', f"/nodes/{index}", ids,
                         key=f"/nodes/{index}/name")
            continue
        if text(model.id) and text(model.name):
            alias[model.id] = model.name  # type: ignore[index]
        if model.is_start:
            starts.append(key)
        _node(builder, key, model, f"/nodes/{index}", workflow_tools, has_globals, problems, ids)
    edges = value.get("edges")
    if edges is not None and not isinstance(edges, list):
        wrong_container(problems, edges, "/edges", "edges", "an array", ids)
    elif edges:
        for index, model in enumerate(validate_many(_EDGES, edges, "/edges", lambda _: ids, problems, "edge")):
            if model is not None:
                _edge(builder, model, f"/edges/{index}", alias)
    entry.flow = FlowGraph("", starts[0] if starts else None, builder.nodes, builder.edges,
                           resolver=resolver, nodes_field=nodes_field(value["nodes"], list), format=FORMAT,
                           global_nodes=frozenset(builder.global_nodes))


def _workflow_tools(model: Any) -> list[str | None]:
    """Tools of the workflow's own model, callable from every conversation node."""
    if not isinstance(model, dict):
        return []
    return [*(_tool_name(t) for t in items(model.get("tools"))), *(None for _ in items(model.get("toolIds")))]


def _tool_name(tool: Any) -> str | None:
    """A Vapi tool's type in flowlint's names (``endCall`` is ``hangup``), or None."""
    kind = tool.get("type") if isinstance(tool, dict) else None
    return TOOL_NAMES.get(kind, kind) if isinstance(kind, str) else None


def _node(builder: FlowBuilder, key: str, model: VapiNode, pointer: str, workflow_tools: list,
          has_globals: bool, problems: Problems, ids: dict) -> None:
    tool_type = text(model.tool.get("type")) if isinstance(model.tool, dict) else None
    kind = TOOL_KIND.get(tool_type or "", TOOL) if model.type == "tool" else KIND.get(model.type or "")
    if kind is None:
        unknown_type(problems, "Vapi", model.type, pointer, {**ids, "node_id": key})
    if kind in TOOLS_OF_KIND:
        tools = TOOLS_OF_KIND[kind]
    elif kind == PROMPT:
        inline = [_tool_name(t) for t in model.tools or ()]
        tools = tool_set_of([*workflow_tools, *inline, *(None for _ in model.tool_ids or ())])
    else:
        tools = UNKNOWN if model.type == "tool" and tool_type is None else NONE
    is_global = bool(model.global_node_plan and model.global_node_plan.enabled)
    if has_globals and kind in (PROMPT, TOOL, SPEAK):
        tools = UNKNOWN  # it may leave for a global node at any turn
    fields = {("id",): ("name",) if text(model.name) else ("id",), ("instructions",): ("prompt",)}
    shown_type = f"{model.type}: {tool_type}" if model.type == "tool" and tool_type else model.type or "?"
    builder.node(key, ProviderNode(shown_type, kind or TOOL, key, None, tools, is_global, model),
                 pointer, fields)


def _edge(builder: FlowBuilder, model: VapiEdge, pointer: str, alias: dict[str, str]) -> None:
    source = text(model.source)
    target = text(model.to)
    source, target = alias.get(source, source), alias.get(target, target)  # type: ignore[arg-type]
    condition = model.condition
    prompt_path: tuple[str, ...] = ("condition",)
    if isinstance(condition, dict) and condition.get("type") == "ai":
        prompt = condition.get("prompt") if isinstance(condition.get("prompt"), str) else ""
        kept, label, prompt_path = llm(prompt), prompt, ("condition", "prompt")
    elif isinstance(condition, dict):
        shown = condition.get("liquid") or condition.get("type") or "condition"
        kept, label = ProviderCondition(str(condition.get("type") or "condition"), condition), str(shown)
    elif isinstance(condition, str) and "{{" in condition:
        kept, label = ProviderCondition("logic", condition), condition  # a Liquid expression
    elif isinstance(condition, str):
        kept, label = llm(condition), condition
    else:
        kept, label = ProviderCondition("always"), ""
    fields = {("start_node_id",): ("from",) if source else (), **target_fields(("to",) if target else ()),
              ("condition",): ("condition",) if condition is not None else (),
              ("condition", "prompt"): prompt_path if condition is not None else ()}
    builder.edge(None, source, target, kept,
                 Origin(pointer, fields, label, key=f"{source or '?'} -> {target or '?'}"), model)
