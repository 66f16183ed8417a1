"""Which dynamic variables an assistant defines and which of its texts read (FL801, FL802).

A text reads a variable through a placeholder ``{{name}}``, spaces allowed inside the braces:
exactly ``PLACEHOLDER`` below, whose name characters are those the SDK allows for a variable
(``UpdatableVariable.name``: ``^[a-zA-Z0-9._-]+$``). Anything else between braces (``{{ a |
b }}``, ``{{#if}}``) is not a placeholder flowlint reads. An expression reads a variable
through ``{"type": "variable", "name": ...}``.

A variable is defined when it is a system variable (any ``telnyx_`` name: the prefix is
reserved for them), a key of the assistant's ``dynamic_variables``, stored by a webhook tool
(``store_fields_as_variables[].name``) or written by an ``update_dynamic_variables`` tool
(``updatable_variables[].name``), whether the tool is the assistant's own or a shared tool
whose definition the input resolves.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z0-9._-]+)\s*\}\}")
SYSTEM_PREFIX = "telnyx_"
# Shared tool types that can define variables: a shared tool of another known type cannot.
DEFINING_TOOL_TYPES = frozenset({"webhook", "update_dynamic_variables"})


def placeholders(text: Any) -> list[str]:
    """The variable names a text reads, in order, each once; free for text without ``{{``."""
    if not isinstance(text, str) or "{{" not in text:
        return []
    return list(dict.fromkeys(PLACEHOLDER.findall(text)))


def is_system(name: str) -> bool:
    return name.startswith(SYSTEM_PREFIX)


def tool_variables(tool: Any) -> list[str]:
    """The variables one tool definition stores or writes (``{"type": ..., type: {...}}``)."""
    if not isinstance(tool, dict):
        return []
    kind = tool.get("type")
    body = tool.get(kind) if isinstance(kind, str) else None
    if not isinstance(body, dict):
        return []
    if kind == "webhook":
        items = body.get("store_fields_as_variables")
    elif kind == "update_dynamic_variables":
        items = body.get("updatable_variables")
    else:
        return []
    if not isinstance(items, list):
        return []
    return [i["name"] for i in items if isinstance(i, dict) and isinstance(i.get("name"), str)]


def json_placeholders(value: Any) -> set[str]:
    """Every placeholder in any string of a JSON value, found in its serialised text (one C
    pass instead of a Python walk). JSON escapes no character a variable name may hold."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError, RecursionError):
        return set()
    return set(PLACEHOLDER.findall(text)) if "{{" in text else set()


@dataclass(frozen=True)
class Definitions:
    """What an assistant defines, and what may define more without the input showing it."""

    names: frozenset[str]
    webhook: bool  # a dynamic_variables_webhook_url may supply any variable at call start
    unseen_tools: tuple[str, ...]  # shared tools whose definition is not known

    def defines(self, name: str) -> bool:
        return is_system(name) or name in self.names


def declared(assistant: Mapping[str, Any]) -> dict[str, Any]:
    """The assistant's ``dynamic_variables`` map, or an empty one."""
    variables = assistant.get("dynamic_variables")
    return variables if isinstance(variables, dict) else {}


def definitions(assistant: Mapping[str, Any], resolved_tools: Iterable[Any],
                unseen_tools: Iterable[str]) -> Definitions:
    """What ``assistant`` (raw JSON) defines, with the resolved definitions of the shared
    tools its flow names and the ids of the shared tools whose definition is not known."""
    names = set(declared(assistant))
    tools = assistant.get("tools")
    for tool in [*(tools if isinstance(tools, list) else ()), *resolved_tools]:
        names.update(tool_variables(tool))
    url = assistant.get("dynamic_variables_webhook_url")
    return Definitions(frozenset(names), isinstance(url, str) and bool(url.strip()),
                       tuple(dict.fromkeys(unseen_tools)))
