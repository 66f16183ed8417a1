"""Which tools are callable at a node, and whether that can be known.

Rules that say "no way to end the call here" (FL302, FL303) must never guess: a tool whose
type cannot be resolved makes the set incomplete, and an incomplete set never proves that
the call cannot end.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from .models import CALL_ENDING_TOOL_TYPES, PromptNode, ToolNode


@dataclass(frozen=True, slots=True)
class ToolSet:
    """The types of the tools callable somewhere; ``complete`` when every type is known."""

    types: frozenset[str]
    complete: bool

    @property
    def ends_call(self) -> bool | None:
        """True if a call-ending tool is callable, False if provably none is, else None."""
        if self.types & CALL_ENDING_TOOL_TYPES:
            return True
        return False if self.complete else None

    def __or__(self, other: "ToolSet") -> "ToolSet":
        return ToolSet(self.types | other.types, self.complete and other.complete)


UNKNOWN = ToolSet(frozenset(), False)
NONE = ToolSet(frozenset(), True)


def resolved_types(resolved: Any) -> list[str] | None:
    """Tool types from a resolved ``tool``/``tools`` list on a node, or None if unreadable."""
    if not isinstance(resolved, list):
        return None
    types = []
    for item in resolved:
        if isinstance(item, list):  # prompt nodes: one list of definitions per shared id
            inner = resolved_types(item)
            if inner is None:
                return None
            types.extend(inner)
        elif isinstance(item, dict) and isinstance(item.get("type"), str):
            types.append(item["type"])
        else:
            return None
    return types


class ToolResolver:
    """Resolves shared tool ids to types with a tools inventory (``GET /ai/tools``)."""

    def __init__(self, inventory: Mapping[str, str] | None = None) -> None:
        self.inventory = inventory

    def shared_tools(self, ids: Iterable[str], resolved: Any = None) -> ToolSet:
        ids = list(ids)
        if self.inventory is not None:
            types = [self.inventory.get(i) for i in ids]
            if all(t is not None for t in types):
                return ToolSet(frozenset(types), True)  # type: ignore[arg-type]
        from_node = resolved_types(resolved)
        if from_node is not None and len(resolved) == len(ids):
            return ToolSet(frozenset(from_node), True)
        return UNKNOWN if ids else NONE

    def prompt_node(self, node: PromptNode, assistant_tools: ToolSet) -> ToolSet:
        if node.shared_tool_ids is None:
            return assistant_tools
        shared = self.shared_tools(node.shared_tool_ids, node.tools)
        return shared | assistant_tools if node.tools_mode == "append" else shared

    def tool_node(self, node: ToolNode) -> ToolSet:
        return self.shared_tools([node.shared_tool_id], node.tool)
