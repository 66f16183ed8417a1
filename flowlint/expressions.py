"""The expression AST of `expression` conditions: validation (FL407) and walking (FL408).

An expression is a tree of objects discriminated by ``type``:

- ``comparison {left, op, right}``, op in ``== != < <= > >= contains not_contains``
- ``bool_op {op, operands}``: ``not`` takes exactly 1 operand, ``and``/``or`` at least 2
- ``arithmetic {left, op, right}``, op in ``+ - * / %``
- ``variable {name}``, ``string_literal {value}``, ``number_literal {value}``,
  ``bool_literal {value}``

The root, and every operand of a ``bool_op``, must be boolean: a comparison, a bool_op or
a bool_literal (a variable may hold a boolean, so it is accepted: no guessing). Nesting
deeper than ``MAX_DEPTH`` is reported as a problem, never a ``RecursionError``.
Paths are tuples of JSON pointer tokens relative to the expression; a missing field is
reported at the object that lacks it, so every path names a value that exists.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

MAX_DEPTH = 64

COMPARISON_OPS = frozenset({"==", "!=", "<", "<=", ">", ">=", "contains", "not_contains"})
BOOL_OPS = frozenset({"and", "or", "not"})
ARITHMETIC_OPS = frozenset({"+", "-", "*", "/", "%"})
NODE_TYPES = ("comparison", "bool_op", "arithmetic", "variable", "string_literal",
              "number_literal", "bool_literal")
# Types whose value is certainly not a boolean (a variable's type is not known).
NON_BOOLEAN = frozenset({"arithmetic", "string_literal", "number_literal"})

Path = tuple[object, ...]


@dataclass(frozen=True)
class Problem:
    path: Path
    message: str


def _describe(value: Any) -> str:
    from .validation import json_type

    return json_type(value)


def validate(expression: Any, max_depth: int = MAX_DEPTH) -> list[Problem]:
    """Every problem of an expression AST, each with the path of the offending sub-expression."""
    problems: list[Problem] = []
    _check(expression, (), 1, True, problems, max_depth)
    return problems


def _check(node: Any, path: Path, depth: int, boolean: bool, problems: list[Problem],
           max_depth: int) -> None:
    if depth > max_depth:
        problems.append(Problem(path, f"the expression is nested more than {max_depth} levels deep"))
        return
    if node is None:
        problems.append(Problem(path, "missing operand"))
        return
    if not isinstance(node, dict):
        problems.append(Problem(path, f"an expression must be an object, not {_describe(node)}"))
        return
    kind = node.get("type")
    if kind not in NODE_TYPES:
        what = f'unknown expression type "{kind}"' if isinstance(kind, str) else 'expression without a "type"'
        problems.append(Problem(path, f"{what} (known: {', '.join(NODE_TYPES)})"))
        return
    if boolean and kind in NON_BOOLEAN:
        where = "the expression" if not path else "an operand of a boolean operator"
        problems.append(Problem(path, f"{where} must be boolean, not {kind}"))
    if kind in ("comparison", "arithmetic"):
        ops = COMPARISON_OPS if kind == "comparison" else ARITHMETIC_OPS
        _check_op(node, path, kind, ops, problems)
        for side in ("left", "right"):
            if side not in node or node[side] is None:
                problems.append(Problem(path, f'{kind} has no "{side}" operand'))
            else:
                _check(node[side], path + (side,), depth + 1, False, problems, max_depth)
    elif kind == "bool_op":
        op = _check_op(node, path, kind, BOOL_OPS, problems)
        operands = node.get("operands")
        if not isinstance(operands, list):
            problems.append(Problem(path if operands is None else path + ("operands",),
                                    'bool_op needs an "operands" array'
                                    + ("" if operands is None else f", not {_describe(operands)}")))
            return
        if op == "not" and len(operands) != 1:
            problems.append(Problem(path + ("operands",),
                                    f'"not" takes exactly 1 operand, got {len(operands)}'))
        elif op in ("and", "or") and len(operands) < 2:
            problems.append(Problem(path + ("operands",),
                                    f'"{op}" takes at least 2 operands, got {len(operands)}'))
        for index, operand in enumerate(operands):
            _check(operand, path + ("operands", index), depth + 1, True, problems, max_depth)
    elif kind == "variable":
        name = node.get("name")
        if not isinstance(name, str) or not name.strip():
            problems.append(Problem(path + ("name",) if "name" in node else path,
                                    'variable needs a non-empty "name"'))
    else:  # literals
        value = node.get("value")
        expected, label = _LITERALS[kind]
        if "value" not in node or not isinstance(value, expected) or (
                kind == "number_literal" and isinstance(value, bool)):
            got = "none" if "value" not in node else _describe(value)
            problems.append(Problem(path + ("value",) if "value" in node else path,
                                    f'{kind} needs a {label} "value", got {got}'))


_LITERALS: dict[str, tuple[tuple[type, ...], str]] = {
    "string_literal": ((str,), "string"),
    "number_literal": ((int, float), "number"),
    "bool_literal": ((bool,), "boolean"),
}


def _check_op(node: dict, path: Path, kind: str, ops: frozenset[str], problems: list[Problem]) -> Any:
    op = node.get("op")
    if not isinstance(op, str) or op not in ops:
        what = f'unknown {kind} operator "{op}"' if isinstance(op, str) else f'{kind} has no "op"'
        problems.append(Problem(path + ("op",) if "op" in node else path,
                                f"{what} (known: {' '.join(sorted(ops))})"))
    return op


def walk(expression: Any, max_depth: int = MAX_DEPTH) -> list[tuple[Path, dict]]:
    """Every object of an expression tree with its path, in document order, tolerant of
    malformed parts.

    A plain recursive walk: it runs on every expression edge of an export, and a generator
    with a stack of path tuples costs several times more.
    """
    found: list[tuple[Path, dict]] = []
    limit = 2 * max_depth

    def visit(node: dict, path: Path) -> None:
        if len(path) > limit:
            return
        found.append((path, node))
        for side in ("left", "right"):
            child = node.get(side)
            if isinstance(child, dict):
                visit(child, path + (side,))
        operands = node.get("operands")
        if isinstance(operands, list):
            for index, operand in enumerate(operands):
                if isinstance(operand, dict):
                    visit(operand, path + ("operands", index))

    if isinstance(expression, dict):
        visit(expression, ())
    return found


def is_variable(node: Any, name: str) -> bool:
    return isinstance(node, dict) and node.get("type") == "variable" and node.get("name") == name
