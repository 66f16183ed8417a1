"""What the three readers share: lenient element models, entries, and the findings of reading."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import ConfigDict, TypeAdapter
from pydantic.dataclasses import dataclass as pydantic_dataclass

from ..validation import Problems, json_type, short, validate_one

if TYPE_CHECKING:
    from ..documents import AssistantEntry, Document

# The providers' elements carry dozens of settings flowlint does not read: only the fields
# the rules need are modelled (all optional but the ids), the rest is ignored.
element = pydantic_dataclass(config=ConfigDict(extra="ignore", populate_by_name=True),
                             frozen=True, slots=True, kw_only=True)


def text(value: Any) -> str | None:
    """A string value, or None (ids and names that are missing or not strings)."""
    return value if isinstance(value, str) and value else None


def items(value: Any) -> list:
    """A list value, or no items (a field that should be a list and is something else)."""
    return value if isinstance(value, list) else []


def new_entry(document: "Document", pointer: str, entry_id: Any, name: Any, provider: str) -> "AssistantEntry":
    from ..documents import AssistantEntry

    entry = AssistantEntry(document, pointer, text(entry_id), raw_name=text(name))
    entry.format = provider
    document.assistants.append(entry)
    return entry


def nodes_field(raw_nodes: Any, container: type) -> str:
    """How FlowGraph records the nodes field: present, missing, empty or invalid."""
    if raw_nodes is None:
        return "missing"
    if not isinstance(raw_nodes, container):
        return "invalid"
    return "present" if raw_nodes else "empty"


def wrong_container(problems: Problems, raw: Any, pointer: str, what: str, expected: str,
                    ids: dict[str, Any]) -> None:
    problems.add("FL002", f'"{what}" must be {expected}, not {json_type(raw)}', pointer, ids)


def not_this_format(problems: Problems, provider: str, expected: str, value: Any) -> None:
    """The document was read as ``provider`` (forced) but is none of its shapes."""
    problems.add("FL004", f"not a {provider} document: expected {expected}, got {json_type(value)}", "", {})


def unknown_type(problems: Problems, provider: str, kind: Any, pointer: str, ids: dict[str, Any]) -> None:
    problems.add("FL003", f"unknown {provider} node type {short(kind)}; it is kept and checked as "
                 "far as possible", pointer + "/type", ids)


def validated(adapter: TypeAdapter, raw: Any, pointer: str, ids: dict[str, Any], problems: Problems,
              what: str) -> Any:
    """One element validated (FL002 for each bad value), or None."""
    return validate_one(adapter, raw, pointer, ids, problems, what)
