"""What an expression AST evaluates to when no variable can change it (FL411, FL412).

``constant_value`` folds an expression the way the platform evaluates it, without knowing
any variable: literals are their value, a comparison or arithmetic of constants is computed,
``x == x`` is true and ``x != x`` false whatever ``x`` holds, and ``and``/``or``/``not`` follow
their constant operands (``false and anything`` is false). Anything that depends on a
variable, or that is malformed (FL407's business), is ``UNKNOWN``: when in doubt, not constant.

Comparisons do not convert between types (FL408: ``"200" == 200`` is false on the
platform), so ``==`` of two constants of different types is false and ``!=`` true;
ordering or ``contains`` across types, and arithmetic on anything but numbers, are
``UNKNOWN`` because the platform's answer is not documented.
"""
from __future__ import annotations

import operator
from typing import Any, Callable

from .expressions import ARITHMETIC_OPS, COMPARISON_OPS, MAX_DEPTH


class _Unknown:
    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Any = _Unknown()

_LITERAL_TYPES: dict[str, tuple[type, ...]] = {
    "string_literal": (str,), "number_literal": (int, float), "bool_literal": (bool,),
}
_ORDER: dict[str, Callable[[Any, Any], bool]] = {
    "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
}
_ARITHMETIC: dict[str, Callable[[Any, Any], Any]] = {
    "+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv,
    "%": operator.mod,
}


def constant_value(expression: Any) -> Any:
    """The value of an expression that no variable can change, or ``UNKNOWN``."""
    return _value(expression, 0)


def constant_truth(expression: Any) -> bool | None:
    """True or False when the expression is a constant boolean; None otherwise."""
    value = constant_value(expression)
    return value if isinstance(value, bool) else None


def same_expression(left: Any, right: Any) -> bool:
    """Two sub-expressions written identically. Plain equality of the parsed JSON: it runs in C
    on every comparison with a variable, where serialising both sides cost several times more.
    Booleans and numbers sit in literals of different ``type``, so ``True == 1`` never meets."""
    try:
        return left == right
    except RecursionError:
        return False


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    return "number" if isinstance(value, (int, float)) else "string"


def _value(node: Any, depth: int) -> Any:
    if depth > MAX_DEPTH or not isinstance(node, dict):
        return UNKNOWN
    kind = node.get("type")
    if kind in _LITERAL_TYPES:
        value = node.get("value")
        expected = _LITERAL_TYPES[kind]
        if not isinstance(value, expected) or (kind == "number_literal" and isinstance(value, bool)):
            return UNKNOWN
        return value
    if kind == "comparison":
        return _comparison(node, depth)
    if kind == "arithmetic":
        return _arithmetic(node, depth)
    if kind == "bool_op":
        return _bool_op(node, depth)
    return UNKNOWN  # a variable, or a type FL407 reports


def _comparison(node: dict, depth: int) -> Any:
    op, left, right = node.get("op"), node.get("left"), node.get("right")
    if op not in COMPARISON_OPS or not isinstance(left, dict) or not isinstance(right, dict):
        return UNKNOWN
    kinds = (left.get("type"), right.get("type"))
    if "variable" in kinds and kinds[0] != kinds[1]:
        return UNKNOWN  # the common case, `tier == "gold"`, without evaluating either side
    a, b = _value(left, depth + 1), _value(right, depth + 1)
    if a is UNKNOWN or b is UNKNOWN:
        # x == x holds whatever x is (an undefined variable is null, and null == null); a
        # constant is never written like a variable's side, so only two unknowns can match.
        if a is b and op in ("==", "!=") and same_expression(left, right):
            return op == "=="
        return UNKNOWN
    same_kind = _kind(a) == _kind(b)
    if op in ("==", "!="):
        equal = same_kind and a == b
        return equal if op == "==" else not equal
    if not same_kind or isinstance(a, bool):
        return UNKNOWN
    if op in _ORDER:
        return _ORDER[op](a, b)
    if not isinstance(a, str):
        return UNKNOWN  # contains on numbers: not documented
    return (b in a) if op == "contains" else (b not in a)


def _arithmetic(node: dict, depth: int) -> Any:
    op = node.get("op")
    if op not in ARITHMETIC_OPS:
        return UNKNOWN
    a, b = _value(node.get("left"), depth + 1), _value(node.get("right"), depth + 1)
    numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (a, b))
    if not numbers or (op in ("/", "%") and b == 0):
        return UNKNOWN
    try:
        return _ARITHMETIC[op](a, b)
    except (OverflowError, ValueError):
        return UNKNOWN


def _bool_op(node: dict, depth: int) -> Any:
    op, operands = node.get("op"), node.get("operands")
    if not isinstance(operands, list):
        return UNKNOWN
    values = [_value(o, depth + 1) for o in operands]
    if op == "not":
        return (not values[0]) if len(values) == 1 and isinstance(values[0], bool) else UNKNOWN
    if op not in ("and", "or") or len(values) < 2:
        return UNKNOWN
    decisive = op == "or"  # the operand value that decides the result on its own
    if any(v is decisive for v in values):
        return decisive
    return (not decisive) if all(isinstance(v, bool) for v in values) else UNKNOWN
