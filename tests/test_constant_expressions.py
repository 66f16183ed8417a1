"""FL411 and FL412: what an expression is worth without any variable, and what it shadows."""
from __future__ import annotations

import pytest

import flowlint
from flowlint.expression_values import UNKNOWN, constant_truth, constant_value

from conftest import codes_and_subjects


def var(name: str) -> dict:
    return {"type": "variable", "name": name}


def s(value: str) -> dict:
    return {"type": "string_literal", "value": value}


def n(value: float) -> dict:
    return {"type": "number_literal", "value": value}


def b(value: bool) -> dict:
    return {"type": "bool_literal", "value": value}


def cmp(left: dict, op: str, right: dict) -> dict:
    return {"type": "comparison", "op": op, "left": left, "right": right}


def arith(left: dict, op: str, right: dict) -> dict:
    return {"type": "arithmetic", "op": op, "left": left, "right": right}


def bop(op: str, *operands: dict) -> dict:
    return {"type": "bool_op", "op": op, "operands": list(operands)}


GOLD = cmp(var("tier"), "==", s("gold"))


@pytest.mark.parametrize(("expression", "truth"), [
    (b(True), True),
    (b(False), False),
    (cmp(s("gold"), "==", s("silver")), False),
    (cmp(n(2), ">", n(1)), True),
    (cmp(arith(n(1), "+", n(1)), "==", n(2)), True),
    (cmp(s("200"), "==", n(200)), False),        # no conversion between types (FL408)
    (cmp(s("200"), "!=", n(200)), True),
    (cmp(b(True), "==", n(1)), False),           # a boolean is not the number 1
    (cmp(s("gold member"), "contains", s("gold")), True),
    (cmp(s("gold"), "not_contains", s("gold")), False),
    (cmp(var("tier"), "==", var("tier")), True),  # x == x whatever x holds, null included
    (cmp(var("tier"), "!=", var("tier")), False),
    (bop("and", b(False), GOLD), False),
    (bop("or", GOLD, b(True)), True),
    (bop("not", b(True)), False),
    (bop("and", b(True), b(True)), True),
])
def test_constant_expressions_fold_to_their_value(expression, truth) -> None:
    assert constant_truth(expression) is truth


@pytest.mark.parametrize("expression", [
    GOLD,
    bop("and", b(True), GOLD),                    # true and x is x
    bop("or", b(False), GOLD),
    cmp(var("tier"), "<", var("tier")),          # ordering of a null with itself: not documented
    cmp(s("a"), "<", n(1)),                      # ordering across types: not documented
    cmp(arith(n(1), "/", n(0)), "==", n(0)),     # division by zero is not folded
    cmp(arith(s("a"), "+", s("b")), "==", s("ab")),
    bop("not", b(True), b(False)),               # malformed: FL407's business
    bop("and", b(False)),
    cmp(s("a"), "~", s("a")),
    {"type": "mystery"},
    "not an object",
])
def test_anything_that_depends_on_a_variable_or_is_malformed_is_not_constant(expression) -> None:
    assert constant_truth(expression) is None


def test_a_non_boolean_constant_has_a_value_but_no_truth() -> None:
    assert constant_value(arith(n(2), "*", n(3))) == 6
    assert constant_truth(n(6)) is None
    assert constant_value(var("x")) is UNKNOWN


def test_deep_nesting_is_not_folded_and_does_not_crash() -> None:
    expression = b(True)
    for _ in range(5000):
        expression = bop("not", expression)
    assert constant_truth(expression) is None


# ------------------------------------------------------------------------------ the rules

def flow(edges: list[dict], source_type: str = "tool") -> dict:
    source = ({"id": "lookup", "type": "tool", "shared_tool_id": "tool-crm"} if source_type == "tool"
              else {"id": "lookup", "instructions": "Ask.", "instructions_mode": "append"})
    nodes = [source] + [{"id": t, "instructions": f"Step {t}.", "instructions_mode": "append"}
                        for t in ("a", "b", "c", "d")]
    return {"start_node_id": "lookup", "nodes": nodes, "edges": edges}


def edge(edge_id: str, target: str, condition: dict) -> dict:
    return {"id": edge_id, "start_node_id": "lookup", "condition": condition,
            "target": {"type": "node", "node_id": target}}


def expr(expression: dict) -> dict:
    return {"type": "expression", "expression": expression}


def llm(prompt: str) -> dict:
    return {"type": "llm", "prompt": prompt}


def lint(value: dict) -> flowlint.Report:
    return flowlint.lint(value, select=["FL411", "FL412"])


def test_an_always_true_expression_shadows_later_expressions_every_llm_edge_and_the_default() -> None:
    report = lint(flow([
        edge("first", "a", expr(GOLD)),
        edge("talk", "b", llm("The caller wants to talk.")),  # declared before, evaluated after
        edge("always", "c", expr(b(True))),
        edge("later", "d", expr(cmp(var("tier"), "==", s("silver")))),
    ], source_type="prompt"))
    assert codes_and_subjects(report) == {("FL411", "always"), ("FL412", "talk"), ("FL412", "later")}
    fl411 = next(d for d in report.diagnostics if d.code == "FL411")
    assert 'wins over "talk", "later"' in fl411.message and "always true (true)" in fl411.message
    assert fl411.pointer == "/edges/2/condition/expression"


def test_a_default_declared_before_an_always_true_expression_is_shadowed_too() -> None:
    report = lint(flow([edge("fallback", "a", {"type": "default"}),
                        edge("always", "b", expr(cmp(n(1), "<", n(2))))]))
    assert codes_and_subjects(report) == {("FL411", "always"), ("FL412", "fallback")}


def test_an_earlier_expression_edge_is_not_shadowed_by_a_later_always_true_one() -> None:
    report = lint(flow([edge("gold", "a", expr(GOLD)), edge("always", "b", expr(b(True)))]))
    assert codes_and_subjects(report) == {("FL411", "always")}
    assert report.diagnostics[0].message.endswith('no other edge of node "lookup" is evaluated after it')


def test_an_always_false_expression_is_a_dead_edge_and_shadows_nothing() -> None:
    report = lint(flow([edge("never", "a", expr(bop("and", b(False), GOLD))),
                        edge("fallback", "b", {"type": "default"})]))
    assert codes_and_subjects(report) == {("FL411", "never")}
    assert "always false (false and (tier == \"gold\")): the edge is never taken" in report.diagnostics[0].message


def test_a_repeated_expression_to_another_target_is_shadowed() -> None:
    report = lint(flow([edge("gold", "a", expr(GOLD)), edge("gold_too", "b", expr(GOLD)),
                        edge("fallback", "c", {"type": "default"})]))
    assert codes_and_subjects(report) == {("FL412", "gold_too")}
    assert 'same as that of edge "gold"' in report.diagnostics[0].message


def test_a_repeated_expression_to_the_same_target_is_left_to_fl403() -> None:
    report = flowlint.lint(flow([edge("gold", "a", expr(GOLD)), edge("gold_again", "a", expr(GOLD)),
                                 edge("fallback", "c", {"type": "default"})]),
                           select=["FL403", "FL411", "FL412"])
    assert codes_and_subjects(report) == {("FL403", "gold_again")}


def test_edges_of_different_nodes_never_shadow_each_other() -> None:
    value = flow([edge("gold", "a", expr(GOLD)), edge("fallback", "b", {"type": "default"})])
    value["edges"].append({"id": "gold_from_a", "start_node_id": "a", "condition": expr(GOLD),
                           "target": {"type": "node", "node_id": "c"}})
    assert lint(value).diagnostics == ()


def test_hostile_literals_are_shown_on_one_line_and_cut() -> None:
    literal = "\u202egold\n" + "x" * 500
    report = lint(flow([edge("odd", "a", expr(cmp(s(literal), "==", s("silver")))),
                        edge("fallback", "b", {"type": "default"})]))
    message = report.diagnostics[0].message
    assert "\n" not in message and "\u202e" not in message and len(message) < 200
