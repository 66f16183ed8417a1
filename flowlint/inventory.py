"""Account inventories: the assistants (``GET /ai/assistants``) and shared tools
(``GET /ai/tools``) of an account, which tell rules what the input alone cannot.

An inventory may be given as a path to the JSON the endpoint returns (``{"data": [...]}``
or a bare list), as that value already parsed, or, in Python, as a mapping (assistant id
to anything, tool id to tool type) or an iterable of assistant ids. A bad inventory is an
``InventoryError`` (exit 2 on the command line), never a finding.
"""
from __future__ import annotations

import os
from typing import Any, Iterable, Mapping

from .source import InputError


class InventoryError(InputError):
    """An inventory that cannot be used: one line saying which file and why."""


def _items(value: Any, where: str, what: str) -> list[Any]:
    items = value.get("data") if isinstance(value, dict) else value
    if not isinstance(items, list):
        raise InventoryError(f'{where}: {what} inventory must be {{"data": [...]}} or a list')
    return items


def _field(item: Any, index: int, key: str, where: str, what: str) -> str:
    value = item.get(key) if isinstance(item, dict) else None
    if not isinstance(value, str) or not value:
        raise InventoryError(f'{where}: {what} inventory item {index} has no string "{key}"')
    return value


def _read(value: Any, what: str) -> tuple[list[Any], str]:
    """The items of an inventory given as a path or as parsed JSON, and how to name it."""
    if isinstance(value, (str, os.PathLike)):
        from .loading import read_inventory

        path = os.fspath(value)
        try:
            return read_inventory(path, what), path
        except InventoryError:
            raise
        except InputError as exc:  # unreadable or not JSON: the same one-line error
            raise InventoryError(str(exc)) from None
    return _items(value, f"<{what} inventory>", what), f"<{what} inventory>"


def assistant_inventory(value: Any) -> dict[str, Any] | None:
    """Assistant id -> item (or None) from a path, a ``GET /ai/assistants`` value, a
    mapping of ids or an iterable of ids."""
    if value is None:
        return None
    if isinstance(value, Mapping) and not _is_envelope(value):
        return dict(value)
    if isinstance(value, (str, os.PathLike, Mapping)) or _is_item_list(value):
        items, where = _read(value, "assistants")
        return {_field(item, i, "id", where, "assistants"): item for i, item in enumerate(items)}
    return dict.fromkeys(_ids(value))


def tool_inventory(value: Any) -> dict[str, str] | None:
    """Tool id -> tool type from a path, a ``GET /ai/tools`` value or a mapping."""
    if value is None:
        return None
    if isinstance(value, Mapping) and not _is_envelope(value):
        bad = [k for k, v in value.items() if not isinstance(k, str) or not isinstance(v, str)]
        if bad:
            raise InventoryError("tools inventory must map tool ids to tool types (strings)")
        return dict(value)
    items, where = _read(value, "tools")
    return {_field(item, i, "id", where, "tools"): _field(item, i, "type", where, "tools")
            for i, item in enumerate(items)}


def _is_envelope(value: Mapping) -> bool:
    return isinstance(value.get("data"), list)


def _is_item_list(value: Any) -> bool:
    return isinstance(value, list) and any(isinstance(item, dict) for item in value)


def _ids(value: Iterable[Any]) -> list[str]:
    ids = list(value)
    if not all(isinstance(i, str) for i in ids):
        raise InventoryError("assistants inventory must be assistant ids (strings)")
    return ids
