"""What a provider's node or edge becomes in flowlint's flow model.

A reader (retell.py, elevenlabs.py, vapi.py) validates the provider's own JSON with small
pydantic models of the fields flowlint reads, then builds ``FlowNode``/``FlowEdge`` values
whose ``model`` is one of the classes below. The rules that run on every format only read
what these share with the Telnyx models: a node's ``name``, ``position`` and callable tools
(``tool_set``), an edge's ``condition`` (an ``LlmCondition`` when a model decides it) and
``target`` (a ``NodeTarget`` or an ``AssistantTarget``).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from ..graph import FlowEdge, FlowNode, Origin, Tokens
from ..models import AssistantTarget, LlmCondition, NodeTarget, Position
from ..toolsets import NONE, UNKNOWN, ToolSet

# Node kinds: what a provider's node does, in Telnyx terms. ``FlowNode.type`` is the kind,
# the provider's own type is ``ProviderNode.provider_type``.
PROMPT, TOOL, SPEAK = "prompt", "tool", "speak"      # as a Telnyx prompt, tool, speak node
END, TRANSFER, HANDOFF = "end", "transfer", "handoff"  # ends the call, transfers it, hands off
LOGIC = "logic"                                        # routes without a turn (start, branch)
KINDS = (PROMPT, TOOL, SPEAK, END, TRANSFER, HANDOFF, LOGIC)

# Tool types that end the call, by the name flowlint uses for them (toolsets.py).
HANGUP_TOOLS = ToolSet(frozenset({"hangup"}), True)
TRANSFER_TOOLS = ToolSet(frozenset({"transfer"}), True)
HANDOFF_TOOLS = ToolSet(frozenset({"handoff"}), True)
TOOLS_OF_KIND = {END: HANGUP_TOOLS, TRANSFER: TRANSFER_TOOLS, HANDOFF: HANDOFF_TOOLS}


@dataclass(slots=True)
class ProviderNode:
    """A provider's node: its own type, what it does, and what it can call."""

    provider_type: str
    kind: str
    name: str | None = None
    position: Position | None = None
    tool_set: ToolSet = UNKNOWN   # tools callable while it is active (FL302, FL303)
    is_global: bool = False       # reachable from anywhere (Retell, Vapi global nodes)
    raw: Any = None               # the reader's validated model of the node


@dataclass(slots=True)
class ProviderCondition:
    """A condition no model decides: an equation, ``else``, ``unconditional``, a tool result."""

    type: str
    raw: Any = None


@dataclass(slots=True)
class ProviderEdge:
    """A provider's edge, with a Telnyx-shaped condition and target for the shared rules."""

    id: str | None
    start_node_id: str | None
    condition: LlmCondition | ProviderCondition
    target: NodeTarget | AssistantTarget | None
    raw: Any = None


def target_fields(path: Tokens) -> dict[Tokens, Tokens]:
    """Where a format keeps an edge's target (``()``: nowhere, the edge itself)."""
    return {("target",): path, ("target", "node_id"): path, ("target", "assistant_id"): path}


def position_of(raw: Any) -> Position | None:
    """An editor position from ``{"x": .., "y": ..}``, when both are numbers."""
    x, y = getattr(raw, "x", None), getattr(raw, "y", None)
    if isinstance(x, (int, float)) and isinstance(y, (int, float)):
        return Position(x=float(x), y=float(y))
    return None


def llm(prompt: str) -> LlmCondition:
    return LlmCondition(type="llm", prompt=prompt)


def tool_set_of(types: Iterable[str | None]) -> ToolSet:
    """The tools of a node from their types (already in flowlint's names); None: unknown."""
    kinds = list(types)
    known = frozenset(k for k in kinds if k is not None)
    return ToolSet(known, len(known) == len(kinds)) if kinds else NONE


class FlowBuilder:
    """Collects the nodes and edges of one provider flow, in document order."""

    def __init__(self) -> None:
        self.nodes: list[FlowNode] = []
        self.edges: list[FlowEdge] = []
        self.global_nodes: set[str] = set()

    def node(self, node_id: str, model: ProviderNode, pointer: str,
             fields: Mapping[Tokens, Tokens] | None = None) -> FlowNode:
        node = FlowNode(node_id, len(self.nodes), model.kind, model, Origin(pointer, fields or {}))
        self.nodes.append(node)
        if model.is_global:
            self.global_nodes.add(node_id)
        return node

    def edge(self, edge_id: str | None, source: str | None, target: str | None,
             condition: LlmCondition | ProviderCondition, origin: Origin, raw: Any = None,
             handoff: bool = False) -> FlowEdge:
        """An edge to a node (or, with ``handoff``, to an assistant id). An edge with no id
        of its own is named by its ends, and ``origin.key`` says so."""
        if handoff:
            target_model: Any = AssistantTarget(type="assistant", assistant_id=target) if target else None
        else:
            target_model = NodeTarget(type="node", node_id=target) if target else None
        name = edge_id if edge_id is not None or origin.implied else origin.key
        model = ProviderEdge(edge_id, source, condition, target_model, raw)
        kind = condition.type
        edge = FlowEdge(name, len(self.edges), source, "assistant" if handoff else "node", target,
                        kind, model, origin)
        self.edges.append(edge)
        return edge
