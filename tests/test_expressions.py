"""The expression AST validator behind FL407."""
from __future__ import annotations

import pytest

from flowlint.expressions import MAX_DEPTH, validate, walk

V = {"type": "variable", "name": "tier"}
S = {"type": "string_literal", "value": "gold"}
N = {"type": "number_literal", "value": 2}
B = {"type": "bool_literal", "value": True}
CMP = {"type": "comparison", "op": "==", "left": V, "right": S}


def problems(expression):
    return [("/".join(map(str, p.path)), p.message) for p in validate(expression)]


@pytest.mark.parametrize("expression", [
    CMP, B, V,
    {"type": "bool_op", "op": "not", "operands": [CMP]},
    {"type": "bool_op", "op": "or", "operands": [CMP, B, V]},
    {"type": "comparison", "op": ">=", "left": {"type": "arithmetic", "op": "%", "left": V, "right": N}, "right": N},
    {"type": "comparison", "op": "contains", "left": V, "right": S},
    {"type": "comparison", "op": "<", "left": {"type": "number_literal", "value": 2.5}, "right": N},
], ids=["comparison", "bool", "variable", "not", "or", "arithmetic", "contains", "numbers"])
def test_valid_expressions(expression):
    assert problems(expression) == []


@pytest.mark.parametrize("expression, expected", [
    (None, [("", "missing operand")]),
    ("tier == gold", [("", "an expression must be an object, not a string")]),
    ({"op": "=="}, [("", 'expression without a "type" (known: comparison, bool_op, arithmetic, variable, '
                         'string_literal, number_literal, bool_literal)')]),
    ({"type": "bool_op", "op": "not", "operands": []}, [("operands", '"not" takes exactly 1 operand, got 0')]),
    ({"type": "bool_op", "op": "and", "operands": [CMP]}, [("operands", '"and" takes at least 2 operands, got 1')]),
    ({"type": "bool_op", "op": "xor", "operands": [CMP, B]}, [("op", 'unknown bool_op operator "xor" (known: and not or)')]),
    ({"type": "bool_op", "op": "or"}, [("", 'bool_op needs an "operands" array')]),
    ({"type": "bool_op", "op": "or", "operands": [CMP, N]},
     [("operands/1", "an operand of a boolean operator must be boolean, not number_literal")]),
    ({"type": "arithmetic", "op": "+", "left": N, "right": N},
     [("", "the expression must be boolean, not arithmetic")]),
    ({"type": "comparison", "op": "==", "left": V}, [("", 'comparison has no "right" operand')]),
    ({"type": "comparison", "left": V, "right": S}, [("", 'comparison has no "op" (known: != < <= == > >= contains not_contains)')]),
    ({"type": "comparison", "op": "==", "left": {"type": "variable", "name": ""}, "right": S},
     [("left/name", 'variable needs a non-empty "name"')]),
    ({"type": "comparison", "op": "==", "left": V, "right": {"type": "number_literal", "value": "2"}},
     [("right/value", 'number_literal needs a number "value", got a string')]),
    ({"type": "comparison", "op": "==", "left": V, "right": {"type": "number_literal", "value": True}},
     [("right/value", 'number_literal needs a number "value", got a boolean')]),
    ({"type": "comparison", "op": "==", "left": V, "right": {"type": "string_literal"}},
     [("right", 'string_literal needs a string "value", got none')]),
], ids=lambda value: None)
def test_invalid_expressions(expression, expected):
    assert problems(expression) == expected


def test_deep_nesting_is_a_problem_not_a_recursion_error():
    expression = B
    for _ in range(5000):
        expression = {"type": "bool_op", "op": "not", "operands": [expression]}
    found = validate(expression)
    assert [p.message for p in found] == [f"the expression is nested more than {MAX_DEPTH} levels deep"]
    assert len(found[0].path) == 2 * MAX_DEPTH
    assert sum(1 for _ in walk(expression)) <= MAX_DEPTH + 1


def test_walk_yields_every_object_with_its_path():
    expression = {"type": "bool_op", "op": "and", "operands": [CMP, {"type": "bool_op", "op": "not", "operands": [CMP]}]}
    assert [p for p, _ in walk(expression)] == [(), ("operands", 0), ("operands", 0, "left"), ("operands", 0, "right"),
                                                ("operands", 1), ("operands", 1, "operands", 0),
                                                ("operands", 1, "operands", 0, "left"),
                                                ("operands", 1, "operands", 0, "right")]
