"""Telnyx JSON that is not an assistant or a flow: tools inventories, lists of tools,
other API records and loose flow elements. Each gets one FL004 that says what the file
looks like and what to do with it, instead of a schema finding per item.
"""
from __future__ import annotations

from typing import Any

from .bodies import has_assistant_fields
from .models import NODE_TYPES, TOOL_TYPES


def _items(value: Any) -> list[Any] | None:
    items = value.get("data") if isinstance(value, dict) else value
    return items if isinstance(items, list) else None


def _is_tool(item: dict) -> bool:
    kind = item.get("type")
    return (isinstance(kind, str) and (kind in TOOL_TYPES or "tool_definition" in item)
            and "conversation_flow" not in item and not has_assistant_fields(item))


def _is_node(item: dict) -> bool:
    return item.get("type") in NODE_TYPES and "created_at" not in item and "model" not in item


def _is_edge(item: dict) -> bool:
    return "start_node_id" in item and "target" in item


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def describe(value: Any) -> str | None:
    """What a list or ``{"data": [...]}`` of things other than assistants looks like."""
    items = _items(value)
    if not items or not all(isinstance(item, dict) for item in items):
        return None
    count = len(items)
    if all(_is_tool(item) for item in items):
        if all(isinstance(item.get("id"), str) for item in items):
            return (f"it looks like a tools inventory ({_plural(count, 'tool')}, as GET /ai/tools "
                    "returns), not assistants: pass it with --tools so that rules can resolve the "
                    "shared_tool_ids of nodes")
        return (f"it looks like a list of {_plural(count, 'assistant tool')}, not assistants: "
                'tools belong in an assistant\'s "tools"; lint the assistant they belong to')
    if all(_is_node(item) or _is_edge(item) for item in items):
        return (f"it looks like {_plural(count, 'loose flow element')} (nodes or edges), not a "
                "whole conversation_flow: lint the flow or assistant they belong to")
    kind = items[0].get("record_type")  # Telnyx API objects say what they are
    if isinstance(kind, str) and kind != "assistant" and all(
            item.get("record_type") == kind for item in items):
        return (f'it looks like a list of Telnyx "{kind}" records, not assistants: flowlint '
                "checks assistants and their conversation flows")
    return None


def describes_no_list_starting_with(first: Any) -> bool:
    """True when ``describe`` is None for every list (or ``{"data": [...]}``) whose first
    item is ``first``, whatever follows: each of its descriptions needs every item to be
    a tool, a loose flow element, or a record of the first item's non-assistant type."""
    if not isinstance(first, dict) or _is_tool(first) or _is_node(first) or _is_edge(first):
        return False
    kind = first.get("record_type")
    return not isinstance(kind, str) or kind == "assistant"
