"""What each step of a path says: the node, what it does, and what makes the call go on.

A tester reads a path as a script, so a step gives the node's name and what it does (the
first line of a prompt node's instructions, the tool a tool node runs, what a speak node
says) and the condition of the transition taken (the llm prompt, the expression as text,
``default``). Text is one printable line, cut at ``TEXT_CHARS``; the renderers escape it
for their format. Nodes and conditions of other shapes (provider flows, unknown types) are
read by duck typing, so every flow flowlint reads gets a readable plan.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..condition_text import clean_text, condition_text, first_line

if TYPE_CHECKING:
    from ..graph import FlowEdge, FlowGraph

TEXT_CHARS = 200


def cut(text: str, limit: int = TEXT_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def plain_id(value: Any) -> str | None:
    """An id as the JSON output carries it: the string, or None when it is not one."""
    return value if isinstance(value, str) else None


@dataclass(slots=True)
class Step:
    """One node of a path, and the transition taken from it (None at the path's end).

    Paths share their steps (every path repeats the way from the start): treat as read-only."""

    node: str
    node_type: str
    name: str | None
    does: str
    edge: "FlowEdge | None"
    condition_type: str | None
    when: str | None
    to: str | None          # the node entered, or the assistant handed off to
    handoff: bool = False
    pointer: str | None = None  # JSON Pointer of the edge in the input

    def to_dict(self) -> dict[str, Any]:
        edge = self.edge
        return {"node": self.node, "node_type": self.node_type, "name": self.name, "does": self.does,
                "edge": plain_id(edge.id) if edge is not None else None, "pointer": self.pointer,
                "condition_type": self.condition_type, "when": self.when,
                "to": self.to, "handoff": self.handoff}


def describe_node(flow: "FlowGraph", node_id: str) -> tuple[str, str | None, str]:
    """(type, name, what it does) of a node of ``flow``."""
    node = flow.node_by_id[node_id]
    model = node.model
    node_type = clean_text(node.type) or "prompt"
    name = cut(clean_text(getattr(model, "name", None))) or None
    if model is None:
        return node_type, name, f"{node_type} node (could not be read: run flowlint check)"
    instructions = getattr(model, "instructions", None)
    if instructions is None:  # a provider's node: its reader's own model holds the text
        instructions = _provider_text(getattr(model, "raw", None))
    if isinstance(instructions, str):
        return node_type, name, cut(first_line(instructions)) or "(blank instructions)"
    message = getattr(model, "message", None)
    said = cut(first_line(message)) if isinstance(message, str) else ""
    tool = getattr(model, "shared_tool_id", None)
    if isinstance(tool, str):
        does = f"runs tool {cut(clean_text(tool), 80)}{_tool_type(flow, node)}"
        return node_type, name, f'says "{said}", then {does}' if said else does
    if said:
        return node_type, name, f'says "{said}"'
    return node_type, name, f"{node_type} node"


def _provider_text(raw: Any) -> str | None:
    """A provider node's instructions (Retell ``instruction.text``, a ``prompt``), if any."""
    for field in ("instruction", "prompt", "system_prompt"):
        value = getattr(raw, field, None)
        value = getattr(value, "text", value)
        if isinstance(value, str) and value.strip():
            return value
    return None


def _tool_type(flow: "FlowGraph", node: Any) -> str:
    tools = flow.callable_tools(node)
    if tools.complete and len(tools.types) == 1:
        return f" ({next(iter(tools.types))})"
    return ""


def describe_edge(edge: "FlowEdge", flow: "FlowGraph | None" = None) -> tuple[str, str]:
    """(condition type, the condition as text) of the transition ``edge`` takes."""
    if edge.condition_type == "global" and edge.index < 0:  # plan.global_jump
        raw = getattr(flow.node_by_id[edge.target].model, "raw", None) if flow else None  # type: ignore[index]
        condition = getattr(getattr(raw, "global_node_setting", None), "condition", None)
        text = condition if isinstance(condition, str) else getattr(condition, "prompt", None)
        said = cut(clean_text(text)) if isinstance(text, str) and text.strip() else ""
        return "global", f"jump to global node {cut(clean_text(edge.target), 80)}" + (f": {said}" if said else "")
    model = edge.model
    condition = getattr(model, "condition", None)
    kind = getattr(condition, "type", None) or edge.condition_type
    return clean_text(kind) or "unknown", cut(condition_text(condition, edge.condition_type))


class Describer:
    """Steps of one flow's paths. A step depends only on its node and edge, and paths
    repeat the way from the start, so each step is made once and shared."""

    def __init__(self, flow: "FlowGraph") -> None:
        self.flow = flow
        self._nodes: dict[str, tuple[str, str | None, str]] = {}
        self._steps: dict[tuple[str, int], Step] = {}

    def _node(self, node: str) -> tuple[str, str | None, str]:
        described = self._nodes.get(node)
        if described is None:
            described = self._nodes[node] = describe_node(self.flow, node)
        return described

    def step(self, node: str, edge: "FlowEdge | None") -> Step:
        key = (node, edge.index if edge is not None else -1)
        step = self._steps.get(key)
        if step is None:
            if edge is None:
                step = Step(node, *self._node(node), None, None, None, None)
            else:
                pointer = self.flow.edge_pointer(edge) if edge.index >= 0 else None  # a global jump has none
                step = Step(node, *self._node(node), edge, *describe_edge(edge, self.flow), edge.target,
                            edge.is_handoff, pointer)
            self._steps[key] = step
        return step

    def steps(self, nodes: tuple[str, ...], edges: tuple["FlowEdge", ...]) -> list[Step]:
        """One step per node of a path: ``edges[i]`` is taken at ``nodes[i]``."""
        step = self.step
        return [step(node, edges[i] if i < len(edges) else None) for i, node in enumerate(nodes)]


# Why an edge leaving a reachable node cannot be taken, and the finding that says so.
UNKNOWN_TARGET = ("FL204", "unknown-edge-target")
UNKNOWN_TYPE = ("FL003", "unknown-type")
SCHEMA = ("FL002", "schema-violation")


def why_uncoverable(flow: "FlowGraph", edge: "FlowEdge") -> tuple[str, str, str]:
    """(code, rule name, reason) for an edge no call can take."""
    target_type, target = edge.target_type, edge.target
    if target_type == "node" and isinstance(target, str):
        return (*UNKNOWN_TARGET, f'its target "{cut(clean_text(target), 80)}" names no node')
    if isinstance(target_type, str) and target_type not in ("node", "assistant"):
        return (*UNKNOWN_TYPE, f'its target has the unknown type "{cut(clean_text(target_type), 80)}"')
    return (*SCHEMA, "its target could not be read")
