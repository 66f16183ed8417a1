"""ElevenLabs agent workflows in flowlint's flow model.

Read from the types of the official ``elevenlabs`` SDK (``agent_workflow_request_model*.py``,
``workflow_edge_model_input*.py``, ``workflow_standalone_agent_node_model_input.py``):

- an agent config carries the workflow under ``workflow`` (or ``conversation_config.workflow``);
  a bare workflow is ``{"nodes": {...}, "edges": {...}}``, both maps keyed by id;
- node types ``start`` (where the conversation begins), ``override_agent`` (a subagent),
  ``tool``, ``standalone_agent`` (a transfer to another agent: ``agent_id``, or to a node of
  this workflow: ``node_id``), ``phone_number`` (a transfer to a number), ``end``, ``say``
  and ``update_state``;
- edges have ``source``, ``target`` and a ``forward_condition`` and/or
  ``backward_condition`` of type ``llm`` (``condition`` text), ``expression`` (an AST),
  ``result`` (``successful``) or ``unconditional``; a backward condition lets the
  conversation go from the target back to the source, so it is a second edge of the graph.

Whether a subagent can end the call depends on the agent's built-in ``end_call`` and
transfer tools; tool ids say nothing about their type, so with them it is unknown.
"""
from __future__ import annotations

from typing import Any, Optional

from pydantic import TypeAdapter

from ..graph import FlowFormat, FlowGraph, Origin
from ..positions import join_pointer
from ..toolsets import NONE, UNKNOWN, ToolResolver, ToolSet
from ..validation import Problems
from .elements import (END, HANDOFF, LOGIC, PROMPT, SPEAK, TOOL, TOOLS_OF_KIND, TRANSFER,
                       FlowBuilder, ProviderCondition, ProviderNode, llm, position_of, target_fields,
                       tool_set_of)
from .reading import (element, items, new_entry, nodes_field, not_this_format, text, unknown_type,
                      validated, wrong_container)

FORMAT = FlowFormat("elevenlabs", "ElevenLabs workflow", 'a node of type "start"')
KIND = {"start": LOGIC, "override_agent": PROMPT, "tool": TOOL, "standalone_agent": HANDOFF,
        "phone_number": TRANSFER, "end": END, "say": SPEAK, "update_state": TOOL}
BUILT_IN_TOOLS = {"end_call": "hangup", "transfer_to_number": "transfer", "transfer_to_agent": "handoff"}
OPERATORS = {"eq_operator": "==", "neq_operator": "!=", "gt_operator": ">", "gte_operator": ">=",
             "lt_operator": "<", "lte_operator": "<=", "add_operator": "+", "sub_operator": "-",
             "mul_operator": "*", "div_operator": "/"}


@element
class XY:
    x: Optional[float] = None
    y: Optional[float] = None


@element
class Condition:
    type: Optional[str] = None
    label: Optional[str] = None
    condition: Optional[str] = None
    expression: Any = None
    successful: Optional[bool] = None


@element
class WorkflowNode:
    type: Optional[str] = None
    label: Optional[str] = None
    position: Optional[XY] = None
    agent_id: Optional[str] = None
    node_id: Optional[str] = None
    additional_tool_ids: Optional[list[str]] = None


@element
class WorkflowEdge:
    source: Optional[str] = None
    target: Optional[str] = None
    forward_condition: Optional[Condition] = None
    backward_condition: Optional[Condition] = None


_NODE, _EDGE = TypeAdapter(WorkflowNode), TypeAdapter(WorkflowEdge)


def read(document: Any, value: Any, problems: Problems, resolver: ToolResolver) -> None:
    config = value.get("conversation_config") if isinstance(value, dict) else None
    if isinstance(value, dict) and isinstance(value.get("workflow"), dict):
        workflow, pointer = value["workflow"], "/workflow"
    elif isinstance(config, dict) and isinstance(config.get("workflow"), dict):
        workflow, pointer = config["workflow"], "/conversation_config/workflow"
    elif isinstance(value, dict) and ("nodes" in value or "edges" in value):
        workflow, pointer = value, ""
    elif isinstance(config, dict):
        workflow, pointer = None, ""  # an agent without a workflow: nothing to check
    else:
        return not_this_format(problems, "ElevenLabs", 'an agent config with a "workflow", or a '
                               'workflow ("nodes" and "edges" maps)', value)
    entry = new_entry(document, "", value.get("agent_id"), value.get("name"), "elevenlabs")
    if workflow is not None:
        entry.flow = _workflow(workflow, pointer, entry, problems, resolver, _agent_tools(value, pointer))


def _agent_tools(value: dict, pointer: str) -> ToolSet:
    """The tools a subagent inherits from its agent; unknown for a bare workflow."""
    config = value.get("conversation_config")
    prompt = config.get("agent", {}).get("prompt") if isinstance(config, dict) and isinstance(
        config.get("agent"), dict) else None
    if not isinstance(prompt, dict):
        return UNKNOWN
    built_in = prompt.get("built_in_tools")
    types: list[str | None] = [BUILT_IN_TOOLS.get(name, name) for name, setting in built_in.items()
                               if setting] if isinstance(built_in, dict) else []
    for tool in items(prompt.get("tools")):
        name = tool.get("name") if isinstance(tool, dict) else None
        kind = BUILT_IN_TOOLS.get(name) if isinstance(name, str) else None
        kind = kind or (tool.get("type") if isinstance(tool, dict) else None)
        types.append(kind if isinstance(kind, str) else None)
    types.extend(None for _ in items(prompt.get("tool_ids")))  # ids alone do not say the type
    return tool_set_of(types)


def _workflow(raw: dict, pointer: str, entry: Any, problems: Problems, resolver: ToolResolver,
              agent_tools: ToolSet) -> FlowGraph:
    builder = FlowBuilder()
    raw_nodes, raw_edges = raw.get("nodes"), raw.get("edges")
    ids = entry.ids()
    start = None
    if raw_nodes is not None and not isinstance(raw_nodes, dict):
        wrong_container(problems, raw_nodes, f"{pointer}/nodes", "nodes", "an object (a map of nodes by id)", ids)
    for node_id, item in (raw_nodes.items() if isinstance(raw_nodes, dict) else ()):
        node_pointer = join_pointer(f"{pointer}/nodes", node_id)
        model = validated(_NODE, item, node_pointer, {**ids, "node_id": node_id}, problems, "node")
        if model is None:
            continue
        kind = KIND.get(model.type or "")
        if kind is None:
            unknown_type(problems, "ElevenLabs", model.type, node_pointer, {**ids, "node_id": node_id})
        if model.type == "start" and start is None:
            start = node_id
        tools = TOOLS_OF_KIND.get(kind or "") or (
            agent_tools | tool_set_of([None] * len(model.additional_tool_ids or ())) if kind == PROMPT
            else NONE if kind in (SPEAK, LOGIC) or model.type == "update_state" else UNKNOWN)
        builder.node(node_id, ProviderNode(model.type or "?", kind or TOOL, text(model.label),
                                           position_of(model.position), tools, raw=model),
                     node_pointer, {("id",): (), ("name",): ("label",)})
        _transfer(builder, node_id, model, node_pointer)
    if raw_edges is not None and not isinstance(raw_edges, dict):
        wrong_container(problems, raw_edges, f"{pointer}/edges", "edges", "an object (a map of edges by id)", ids)
    for edge_id, item in (raw_edges.items() if isinstance(raw_edges, dict) else ()):
        edge_pointer = join_pointer(f"{pointer}/edges", edge_id)
        model = validated(_EDGE, item, edge_pointer, {**ids, "edge_id": edge_id}, problems, "edge")
        if model is not None:
            _edges(builder, edge_id, model, edge_pointer)
    return FlowGraph(pointer, start, builder.nodes, builder.edges, resolver=resolver,
                     nodes_field=nodes_field(raw_nodes, dict), format=FORMAT)


def _transfer(builder: FlowBuilder, node_id: str, model: WorkflowNode, pointer: str) -> None:
    """A standalone_agent node hands off to ``agent_id``, or moves to ``node_id`` of this workflow."""
    if model.type != "standalone_agent":
        return
    if text(model.agent_id):
        builder.edge(None, node_id, model.agent_id, ProviderCondition("transfer"),
                     Origin(pointer, target_fields(("agent_id",)), "transfer to agent", implied=True),
                     handoff=True)
    elif text(model.node_id):
        builder.edge(None, node_id, model.node_id, ProviderCondition("transfer"),
                     Origin(pointer, target_fields(("node_id",)), "transfer to node", implied=True))


def _edges(builder: FlowBuilder, edge_id: str, model: WorkflowEdge, pointer: str) -> None:
    source, target = text(model.source), text(model.target)
    forward, backward = model.forward_condition, model.backward_condition
    fields = {("start_node_id",): ("source",) if source else (),
              **target_fields(("target",) if target else ()), ("condition",): ("forward_condition",) if forward else (),
              ("condition", "prompt"): ("forward_condition", "condition") if forward else ()}
    condition, label = _condition(forward)
    builder.edge(edge_id, source, target, condition, Origin(pointer, fields, label), model)
    if backward is not None and source and target and source != target:
        fields = {("start_node_id",): ("target",), **target_fields(("source",)),
                  ("condition",): ("backward_condition",),
                  ("condition", "prompt"): ("backward_condition", "condition")}
        condition, label = _condition(backward)
        builder.edge(edge_id, target, source, condition, Origin(pointer, fields, f"back: {label}", reverse=True),
                     model)


def _condition(condition: Condition | None) -> tuple[Any, str]:
    """The condition, and its label (the editor's own ``label`` when it has one)."""
    if condition is None:
        return ProviderCondition("unconditional"), "no condition"
    if condition.type == "llm":
        prompt = condition.condition if isinstance(condition.condition, str) else ""
        return llm(prompt), text(condition.label) or prompt
    if condition.type == "expression":
        shown = expression_text(condition.expression)
    elif condition.type == "result":
        shown = "succeeded" if condition.successful else "failed"
    else:
        shown = condition.type or "no condition"
    return ProviderCondition(condition.type or "unconditional", condition), text(condition.label) or shown


def expression_text(ast: Any, depth: int = 0) -> str:
    """An ElevenLabs expression AST as text: ``tier == "gold"``; ``{}`` or garbage is ``?``."""
    if depth > 20 or not isinstance(ast, dict):
        return "?"
    kind = ast.get("type") if isinstance(ast.get("type"), str) else None
    if kind == "dynamic_variable":
        return str(ast.get("name", "?"))
    if kind == "string_literal":
        return f'"{ast.get("value", "")}"'
    if kind in ("number_literal", "boolean_literal"):
        return str(ast.get("value", "?")).lower()
    if kind == "null_literal":
        return "null"
    if kind in OPERATORS:
        return (f"{_operand(ast.get('left'), depth)} {OPERATORS[kind]} "
                f"{_operand(ast.get('right'), depth)}")
    if kind in ("and_operator", "or_operator"):
        children = ast.get("children") if isinstance(ast.get("children"), list) else []
        return f" {kind[:-9]} ".join(_operand(c, depth) for c in children) or "?"
    if kind == "llm":
        return f"llm: {ast.get('prompt') or '?'}"
    return "?"


def _operand(ast: Any, depth: int) -> str:
    shown = expression_text(ast, depth + 1)
    kind = ast.get("type") if isinstance(ast, dict) and isinstance(ast.get("type"), str) else None
    nested = kind in OPERATORS or kind in ("and_operator", "or_operator")
    return f"({shown})" if nested else shown
