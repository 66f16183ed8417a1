"""Validation with pydantic, turned into FL002/FL003 findings with exact JSON pointers.

Lists of flow elements are validated in one call (fast path); only when that fails are the
bad elements isolated, so one broken node costs one finding and the rest still validate.
"""
from __future__ import annotations

from typing import Any, Callable, Sequence, TypeVar

from pydantic import TypeAdapter, ValidationError

from .diagnostics import Finding
from .models import node_tag, tool_tag
from .positions import join_pointer

T = TypeVar("T")

# Error types that mean "a discriminator named a type this version does not know".
_UNKNOWN_TAG = "union_tag_invalid"
_JSON_TYPES = {dict: "an object", list: "an array", str: "a string", bool: "a boolean",
               int: "a number", float: "a number", type(None): "null"}


def json_type(value: Any) -> str:
    return _JSON_TYPES.get(type(value), type(value).__name__)


def short(value: Any, limit: int = 40) -> str:
    """A value quoted for a message, cut to ``limit`` characters."""
    text = value if isinstance(value, str) else repr(value)
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return f'"{text}"' if isinstance(value, str) else text


class Problems:
    """Collects (code, Finding) pairs for one document."""

    def __init__(self, document: Any) -> None:
        self.document = document
        self.items: list[tuple[str, Finding]] = []

    def add(self, code: str, message: str, pointer: str, ids: dict[str, Any], key: str = "") -> None:
        self.items.append((code, Finding(message, pointer, key=key or pointer,
                                         document=self.document, **ids)))


def validate_one(adapter: TypeAdapter[T], raw: Any, pointer: str, ids: dict[str, Any],
                 problems: Problems, what: str) -> T | None:
    try:
        return adapter.validate_python(raw)
    except ValidationError as exc:
        report_errors(exc.errors(include_url=False), raw, pointer, ids, problems, what)
        return None


def validate_many(list_adapter: TypeAdapter[list[T]], raw_items: Sequence[Any], pointer: str,
                  ids_of: Callable[[Any], dict[str, Any]], problems: Problems,
                  what: str) -> list[T | None]:
    """Validate a list; return one model (or None where invalid) per raw item."""
    try:
        return list_adapter.validate_python(raw_items)
    except ValidationError as exc:
        errors_by_index: dict[int, list[dict]] = {}
        for error in exc.errors(include_url=False):
            errors_by_index.setdefault(error["loc"][0], []).append(error)
    good = [i for i in range(len(raw_items)) if i not in errors_by_index]
    models: list[T | None] = [None] * len(raw_items)
    for i, model in zip(good, list_adapter.validate_python([raw_items[i] for i in good])):
        models[i] = model
    for i, errors in errors_by_index.items():
        for error in errors:
            error["loc"] = error["loc"][1:]
        raw = raw_items[i]
        report_errors(errors, raw, f"{pointer}/{i}", ids_of(raw), problems, what)
    return models


def report_errors(errors: list[dict], raw: Any, pointer: str, ids: dict[str, Any],
                  problems: Problems, what: str) -> None:
    for error in errors:
        tokens, value, parent = _follow(raw, error["loc"])
        kind = error["type"]
        here = join_pointer(pointer, *tokens)
        field = tokens[-1] if tokens else what
        if kind == _UNKNOWN_TAG and isinstance(error.get("input"), dict):
            tag = error["input"].get("type")  # pydantic's ctx holds it stringified
            element = _element_name(tokens, what)
            if isinstance(tag, str):
                problems.add("FL003", f'unknown {element} type {short(tag)}; '
                             "it is kept and checked as far as possible",
                             join_pointer(here, "type"), ids)
            else:
                problems.add("FL002", f'{element} "type" must be a string, not {json_type(tag)}',
                             join_pointer(here, "type"), ids)
        elif kind == "missing":
            owner = join_pointer(pointer, *tokens[:-1])
            problems.add("FL002", f'{_element_name(tokens[:-1], what)} is missing required field "{field}"',
                         owner, ids, key=here)
        elif kind == "union_tag_not_found":
            problems.add("FL002", f'{_element_name(tokens, what)} is missing required field "type"',
                         here, ids, key=join_pointer(here, "type"))
        elif kind in ("model_type", "model_attributes_type", "dict_type"):
            problems.add("FL002", f'{_element_name(tokens, what)} must be an object, not {json_type(value)}',
                         here, ids)
        else:
            message = error["msg"][0].lower() + error["msg"][1:]
            problems.add("FL002", f'"{field}" is invalid: {message}, got {json_type(value)}'
                         + (f" {short(value)}" if isinstance(value, (str, int, float)) else ""),
                         here, ids)


def _follow(raw: Any, loc: tuple) -> tuple[list[str], Any, Any]:
    """Map a pydantic error location to JSON pointer tokens, dropping union tags.

    Tagged unions put the tag in the location (``('condition', 'llm', 'prompt')``); a
    component is a tag when it equals the tag of the object it stands on and no tag has been
    consumed at that object yet.
    """
    tokens: list[str] = []
    value: Any = raw
    parent: Any = None
    tag_consumed = False
    for part in loc:
        if isinstance(value, dict):
            if not tag_consumed and isinstance(part, str) and part in (node_tag(value), tool_tag(value)):
                tag_consumed = True
                continue
            parent, value = value, value.get(part) if isinstance(part, str) else None
            # pydantic reports fields by their Python name; "from" is aliased "from_"
            tokens.append(str(part))
        elif isinstance(value, list) and isinstance(part, int):
            parent, value = value, value[part] if 0 <= part < len(value) else None
            tokens.append(str(part))
        else:
            tokens.append(str(part))
            parent, value = value, None
        tag_consumed = False
    return tokens, value, parent


_ELEMENT_BY_FIELD = {"condition": "condition", "target": "target", "position": "position",
                     "expression": "expression"}


def _element_name(tokens: list[str], what: str) -> str:
    for token in reversed(tokens):
        if token in _ELEMENT_BY_FIELD:
            return _ELEMENT_BY_FIELD[token]
        if not token.isdigit():
            return f'"{token}"' if token not in _ELEMENT_BY_FIELD else token
    return what
