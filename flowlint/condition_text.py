"""Flow values as one line of readable text: expressions, conditions, any hostile string.

Shared by the diagrams (edge labels) and the test plans (each step's condition), so an
expression reads the same in a picture and in a plan: ``telnyx_last_tool_status_code == "200"``.
Everything here returns printable text: control characters, line breaks, bidirectional
overrides and lone surrogates become spaces. Callers still escape for their own format.
"""
from __future__ import annotations

from typing import Any

MAX_DEPTH = 20  # deeper expressions print "?" (FL407 reports them); no RecursionError


def clean_text(value: Any) -> str:
    """A one-line, printable version of any flow value (newlines, tabs, controls -> space)."""
    text = value if isinstance(value, str) else ("" if value is None else str(value))
    if not text.isprintable():  # the common case needs no walk over the characters
        text = "".join(ch if ch.isprintable() else " " for ch in text)
    return " ".join(text.split())


def first_line(value: Any, limit: int = 2000) -> str:
    """The first non-blank line of a text, cleaned; at most ``limit`` characters of it are
    read (instructions often run to pages)."""
    if not isinstance(value, str):
        return clean_text(value)[:limit]
    for line in value.lstrip()[:limit].splitlines():
        cleaned = clean_text(line)
        if cleaned:
            return cleaned
    return ""


def expression_text(ast: Any, depth: int = 0) -> str:
    """An expression AST as readable text: ``telnyx_last_tool_status_code == "200"``."""
    if depth > MAX_DEPTH or not isinstance(ast, dict):
        return "?"
    kind = ast.get("type")
    if kind == "variable":
        return clean_text(ast.get("name")) or "?"
    if kind == "string_literal":
        value = ast.get("value")
        return '"' + clean_text(value).replace('"', '\\"') + '"' if isinstance(value, str) else "?"
    if kind == "bool_literal":
        value = ast.get("value")
        return ("true" if value else "false") if isinstance(value, bool) else "?"
    if kind == "number_literal":
        value = ast.get("value")
        return clean_text(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else "?"
    if kind in ("comparison", "arithmetic"):
        left, right = ast.get("left"), ast.get("right")
        return f"{_operand(left, depth)} {clean_text(ast.get('op')) or '?'} {_operand(right, depth)}"
    if kind == "bool_op":
        op = clean_text(ast.get("op")) or "?"
        operands = ast.get("operands") if isinstance(ast.get("operands"), list) else []
        parts = [_operand(o, depth) for o in operands] or ["?"]
        return f"not {parts[0]}" if op == "not" else f" {op} ".join(parts)
    return "?"


def _operand(ast: Any, depth: int) -> str:
    text = expression_text(ast, depth + 1)
    nested = isinstance(ast, dict) and ast.get("type") in ("comparison", "arithmetic", "bool_op")
    return f"({text})" if nested else text


def condition_text(condition: Any, condition_type: Any) -> str:
    """A condition in full, on one line: the llm prompt, the expression as text, ``default``.

    ``condition`` is the validated model (None when the edge failed validation); any object
    with a ``type`` works, so provider conditions read as ``<type> condition``.
    """
    kind = getattr(condition, "type", None) if condition is not None else None
    if kind == "llm":
        return clean_text(getattr(condition, "prompt", "")) or "(blank llm prompt)"
    if kind == "expression":
        return expression_text(getattr(condition, "expression", None))
    if kind == "default":
        return "default"
    return f"{clean_text(kind if kind is not None else condition_type) or 'unknown'} condition"
