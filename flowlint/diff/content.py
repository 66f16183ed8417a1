"""The comparable content of a node, edge, assistant or tool, and safe descriptions of changes.

Content is read from the validated models (pydantic dataclasses or models, whatever reader
produced them: Telnyx shapes or a provider mapped into the same model), field by field:
nested elements (an edge's ``condition`` and ``target``) are flattened into dotted names
(``condition.prompt``, ``target.node_id``) and ``None`` counts as absent. Some fields are
not content: ``id`` at any depth is identity; ``position`` (and ``*_position``) is editor
layout, kept apart (a move is not a change); a node's own edges (``edges``, ``*_edge``, as
a provider format embeds them) are compared as edges. A field named ``raw`` (the element
as its format wrote it) is compared as the element's own fields. An element that failed
validation is compared by its raw JSON, flattened the same way.

Printing: a flow's text may hold a pasted credential, so values are redacted (keys in
well-known formats, ``Bearer ...`` tokens), fields whose name says credential
(``llm_api_key_ref``...) and objects (tool definitions, settings) are only named, never
printed.
"""
from __future__ import annotations

import dataclasses
import difflib
import json
import re
from typing import Any

from pydantic import BaseModel
from pydantic_core import to_jsonable_python

from ..rules.security import KNOWN_PREFIXES, SECRET_NAME
from .model import FieldChange

LAYOUT = "position"
RAW_NESTED = ("condition", "target")   # raw edges: the parts that are elements of their own
VALUE_CHARS = 120                      # longer (or multi-line) text is shown as a line diff
DIFF_LINES = 12                        # unified diff lines kept per text change
DIFF_LINE_CHARS = 160
_BEARER = re.compile(r"\b(bearer|basic|token)(\s+)[A-Za-z0-9._~+/=-]{8,}", re.IGNORECASE)
_URL_USER = re.compile(r"(\b[a-z][a-z0-9+.-]*://)[^/@\s]+@", re.IGNORECASE)
_URL_QUERY = re.compile(r"(\b[a-z][a-z0-9+.-]*://[^\s?#]*)\?[^\s#]*", re.IGNORECASE)


@dataclasses.dataclass
class Content:
    """Comparable fields (dotted names -> JSON values) and the layout fields, apart."""

    fields: dict[str, Any]
    layout: dict[str, Any]

    def signature(self) -> str:
        """The fields as one hashable text (rename detection groups by it)."""
        return json.dumps(self.fields, sort_keys=True, default=str)


def _is_model(value: Any) -> bool:
    return isinstance(value, BaseModel) or (dataclasses.is_dataclass(value) and not isinstance(value, type))


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}   # per dataclass: looked up once, not per element


def _model_items(model: Any) -> list[tuple[str, Any]]:
    if isinstance(model, BaseModel):
        items = [(name, getattr(model, name)) for name in type(model).model_fields]
        return items + list((model.model_extra or {}).items())
    names = _FIELD_NAMES.get(type(model))
    if names is None:
        names = _FIELD_NAMES[type(model)] = tuple(f.name for f in dataclasses.fields(model))
    return [(name, getattr(model, name)) for name in names]


def is_layout(name: str) -> bool:
    return name == LAYOUT or name.endswith("_" + LAYOUT)


def is_own_edge(name: str) -> bool:
    """A node's embedded edges (provider formats): compared as edges, not as node content."""
    return name == "edges" or name.endswith(("_edge", "_edges"))


def model_content(model: Any, skip: tuple[str, ...] = ("id",), node: bool = False) -> Content:
    """A validated element's content (see module doc); ``node``: leave its own edges out."""
    content = Content({}, {})
    _flatten_model(model, "", content, skip, node)
    return content


def _flatten_model(model: Any, prefix: str, content: Content, skip: tuple[str, ...], node: bool) -> None:
    for name, value in _model_items(model):
        if value is None or name == "id" or (not prefix and name in skip) or (node and is_own_edge(name)):
            continue
        dotted = f"{prefix}{name}"
        if is_layout(name):
            content.layout[dotted] = to_jsonable_python(value, fallback=str)
        elif name == "raw" and _is_model(value):
            own = Content({}, {})
            _flatten_model(value, prefix, own, skip, node)
            for key, item in own.fields.items():
                content.fields.setdefault(key, item)   # the element's own reading wins
            for key, item in own.layout.items():
                content.layout.setdefault(key, item)
        elif _is_model(value):
            _flatten_model(value, f"{dotted}.", content, skip, node)
        else:
            content.fields[dotted] = to_jsonable_python(value, fallback=str)


def raw_content(raw: Any, skip: tuple[str, ...] = ("id",), nested: tuple[str, ...] = RAW_NESTED,
                node: bool = False) -> Content:
    """An element's content from its raw JSON object (when it failed validation)."""
    content = Content({}, {})
    if not isinstance(raw, dict):
        return content
    for name, value in raw.items():
        if value is None or name in skip or (node and is_own_edge(name)):
            continue
        if is_layout(name):
            content.layout[name] = value
        elif name in nested and isinstance(value, dict):
            for inner, inner_value in value.items():
                if inner_value is None or inner == "id":
                    continue
                target = content.layout if is_layout(inner) else content.fields
                target[f"{name}.{inner}"] = inner_value
        else:
            content.fields[name] = value
    return content


def changed_fields(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Names of the fields that differ, in the old field order, then the new-only ones."""
    names = list(old) + [name for name in new if name not in old]
    return [name for name in names if old.get(name) != new.get(name)]


# ------------------------------------------------------------------------ describing

def redact(text: str) -> str:
    """Text with credential-looking parts replaced (they must appear in no output): keys in
    well-known formats, ``Bearer``/``Basic``/``Token`` values, and the user info and query of
    URLs (where webhook tokens live)."""
    text = KNOWN_PREFIXES.sub("[redacted]", text)
    text = _BEARER.sub(lambda m: f"{m.group(1)}{m.group(2)}[redacted]", text)
    text = _URL_USER.sub(lambda m: f"{m.group(1)}[redacted]@", text)
    return _URL_QUERY.sub(lambda m: f"{m.group(1)}?[redacted]", text)


def safe_value(value: Any, limit: int = VALUE_CHARS) -> Any:
    """A scalar fit to print: strings redacted and shortened; anything else as is."""
    if isinstance(value, str):
        text = redact(value)
        return text if len(text) <= limit else text[: limit - 1] + "…"
    return value


def _scalar(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))


def _names(value: Any) -> list[str] | None:
    """A list of strings (``shared_tool_ids``), or None for anything else."""
    if value is None:
        return []
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return value
    return None


def describe(name: str, old: Any, new: Any) -> FieldChange:
    """How one changed field is shown (see ``FieldChange``), safe to print."""
    leaf = name.rsplit(".", 1)[-1]
    if SECRET_NAME.search(leaf):
        return FieldChange(name)
    if leaf == "expression":
        from ..diagrams.style import expression_text

        return FieldChange(name, "value", *(None if v is None else safe_value(expression_text(v))
                                            for v in (old, new)))
    if _scalar(old) and _scalar(new):
        texts = [v for v in (old, new) if isinstance(v, str)]
        if any(len(t) > VALUE_CHARS or "\n" in t for t in texts):
            return text_change(name, old if isinstance(old, str) else "", new if isinstance(new, str) else "")
        return FieldChange(name, "value", safe_value(old), safe_value(new))
    old_names, new_names = _names(old), _names(new)
    if old_names is not None and new_names is not None:
        return FieldChange(name, "items", added=[safe_value(n) for n in new_names if n not in old_names],
                           removed=[safe_value(n) for n in old_names if n not in new_names])
    return FieldChange(name)


def text_change(name: str, old: str, new: str) -> FieldChange:
    """Long text: how many lines came and went, and the first lines of a unified diff."""
    lines = list(difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=1))[2:]
    added = sum(1 for line in lines if line.startswith("+"))
    removed = sum(1 for line in lines if line.startswith("-"))
    kept = [_clip(redact(line)) for line in lines[:DIFF_LINES]]
    return FieldChange(name, "text", added_lines=added, removed_lines=removed, diff=kept,
                       omitted_lines=max(0, len(lines) - DIFF_LINES))


def _clip(line: str) -> str:
    return line if len(line) <= DIFF_LINE_CHARS else line[: DIFF_LINE_CHARS - 1] + "…"


def tool_label(tool: Any) -> str:
    """A tool as people know it: its type and, when it has a harmless one, its name."""
    data = tool.model_dump(mode="json", exclude_none=True) if isinstance(tool, BaseModel) else tool
    if not isinstance(data, dict):
        return "tool"
    kind = data.get("type") if isinstance(data.get("type"), str) else "tool"
    spec = data.get(kind) if isinstance(data.get(kind), dict) else {}
    name = spec.get("name")
    if isinstance(name, str) and name.strip() and len(name) <= 60 and not KNOWN_PREFIXES.search(name):
        return f'{kind} "{" ".join(name.split())}"'
    return kind
