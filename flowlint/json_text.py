"""``json.dumps(value, indent=N, ensure_ascii=False)``, byte for byte, at the C encoder's speed.

With ``indent`` the standard library falls back to its pure-Python encoder, the largest
cost of a report with many findings. Here only the containers that hold other non-empty
containers are laid out in Python; each innermost one (a diagnostic, a SARIF location) is
written by the C encoder in a single call, its separators carrying the newline and the
indentation. ``tests/test_json_text.py`` checks the identity on random values.
"""
from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

_SCALARS = (str, int, float, bool, type(None))


@lru_cache(maxsize=64)
def _leaf_encoder(pad: str) -> json.JSONEncoder:
    """An encoder whose item separator starts a new line indented by ``pad``."""
    return json.JSONEncoder(ensure_ascii=False, separators=(",\n" + pad, ": "))


_FLAT = json.JSONEncoder(ensure_ascii=False)


_CONTAINERS = (dict, list, tuple)  # json writes a tuple as an array


def _is_leaf(value: dict | list | tuple) -> bool:
    items = value.values() if isinstance(value, dict) else value
    return all(isinstance(item, _SCALARS) or not item for item in items)


def dumps_indented(value: Any, indent: int) -> str:
    """The text ``json.dumps(value, indent=indent, ensure_ascii=False)`` returns."""
    parts: list[str] = []
    _write(value, indent, 0, parts)
    return "".join(parts)


def _write(value: Any, indent: int, level: int, parts: list[str]) -> None:
    if not isinstance(value, _CONTAINERS) or not value:
        parts.append(_FLAT.encode(value))
        return
    pad = " " * (indent * (level + 1))
    closing = "\n" + " " * (indent * level) + ("}" if isinstance(value, dict) else "]")
    if _is_leaf(value):
        # "{"a": 1,\n<pad>"b": 2}" from the C encoder: open a line after the bracket, and
        # one before the closing bracket.
        text = _leaf_encoder(pad).encode(value)
        parts += (text[0], "\n", pad, text[1:-1], closing)
        return
    if isinstance(value, dict):
        parts.append("{")
        separator = "\n"
        for key, item in value.items():
            parts += (separator, pad, _key(key), ": ")
            _write(item, indent, level + 1, parts)
            separator = ",\n"
    else:
        parts.append("[")
        separator = "\n"
        for item in value:
            parts += (separator, pad)
            _write(item, indent, level + 1, parts)
            separator = ",\n"
    parts.append(closing)


def _key(key: Any) -> str:
    """A key as json.dumps writes it (non-string keys are converted as it converts them)."""
    if isinstance(key, str):
        return _FLAT.encode(key)
    return _FLAT.encode({key: 0})[1:-4]
