"""The drawing model: what every renderer is told to draw."""
from __future__ import annotations

import pytest

import flowlint
from flowlint.diagrams import diagram_of, handoff_diagram
from flowlint.diagrams.files import safe_stem, unique_names
from flowlint.diagrams.style import condition_label, expression_text
from flowlint.models import DefaultCondition, ExpressionCondition, LlmCondition

from conftest import FIXTURES

DEMO = FIXTURES / "diagram-demo.json"


def var(name):
    return {"type": "variable", "name": name}


def cmp(left, op, right):
    return {"type": "comparison", "left": left, "op": op, "right": right}


@pytest.mark.parametrize("ast, text", [
    pytest.param(cmp(var("telnyx_last_tool_status_code"), "==", {"type": "string_literal", "value": "200"}),
                 'telnyx_last_tool_status_code == "200"', id="string-comparison"),
    pytest.param(cmp(var("n"), ">=", {"type": "number_literal", "value": 3}), "n >= 3", id="number"),
    pytest.param({"type": "bool_op", "op": "not", "operands": [var("vip")]}, "not vip", id="not"),
    pytest.param({"type": "bool_op", "op": "or", "operands": [
        cmp(var("a"), "==", {"type": "bool_literal", "value": True}), var("b")]},
        "(a == true) or b", id="or-nests-in-parentheses"),
    pytest.param({"type": "arithmetic", "left": var("x"), "op": "%", "right": {"type": "number_literal", "value": 2}},
                 "x % 2", id="arithmetic"),
    pytest.param({"type": "string_literal", "value": 'say "hi"\nnow'}, '"say \\"hi\\" now"', id="quotes-newline"),
    pytest.param({"type": "mystery"}, "?", id="unknown-node"),
    pytest.param("not an object", "?", id="not-an-object"),
])
def test_expression_text(ast, text):
    assert expression_text(ast) == text


@pytest.mark.parametrize("condition, label", [
    pytest.param(LlmCondition(type="llm", prompt="The caller is asking about a bill or a charge on it."),
                 "The caller is asking about a bill or a…", id="llm-shortened"),
    pytest.param(LlmCondition(type="llm", prompt="  "), "llm: (blank prompt)", id="llm-blank"),
    pytest.param(DefaultCondition(type="default"), "default", id="default"),
    pytest.param(ExpressionCondition(type="expression", expression=cmp(var("x"), "!=", var("y"))),
                 "x != y", id="expression"),
])
def test_condition_label(condition, label):
    assert condition_label(condition, condition.type) == label


def test_flow_diagram_marks_findings_start_and_unreachable():
    diagram = diagram_of(str(DEMO), assistant="asst-front-desk")
    by_subject = {n.subject: n for n in diagram.nodes}
    assert by_subject["n_old_survey"].severity == "error"
    assert by_subject["n_old_survey"].codes == ["FL301"]
    assert {n.subject for n in diagram.nodes if n.unreachable} == {"n_old_survey"}
    assert diagram.start == by_subject["n_greet"].name
    assert {(n.subject, n.kind) for n in diagram.nodes if n.kind == "assistant"} == {
        ("asst-human-desk", "assistant"), ("asst-billing-specialist", "assistant")}
    assert [e.subject for e in diagram.edges if e.dashed] == ["e_survey_greet"]
    assert diagram.positioned
    assert [key for key, _ in diagram.legend] == [
        "prompt", "tool", "speak", "assistant", "start", "error", "warning", "info", "unreachable"]


def test_no_findings_draws_no_severity():
    diagram = diagram_of(str(DEMO), assistant="asst-front-desk", findings=False)
    assert not any(n.severity for n in diagram.nodes)
    assert any(n.unreachable for n in diagram.nodes)  # structure, not a finding


def test_edge_finding_lands_on_the_edge_and_missing_target_is_drawn():
    report = flowlint.lint({"start_node_id": "a", "nodes": [
        {"id": "a", "instructions": "x", "instructions_mode": "append"}],
        "edges": [{"id": "e1", "start_node_id": "a", "condition": {"type": "llm", "prompt": "p"},
                   "target": {"type": "node", "node_id": "ghost"}}]})
    diagram = diagram_of(report)
    edge = diagram.edges[0]
    assert edge.severity == "error" and edge.codes == ["FL204"]
    assert [(n.kind, n.subject) for n in diagram.nodes] == [("prompt", "a"), ("missing", "ghost")]


def test_handoff_overview_highlights_cycle_and_unknown_target():
    workspace = flowlint.load(str(DEMO))
    diagram = handoff_diagram(workspace)
    names = {n.name: n.subject for n in diagram.nodes}
    kinds = {n.subject: n.kind for n in diagram.nodes}
    assert kinds == {"asst-front-desk": "assistant", "asst-billing-specialist": "assistant",
                     "asst-human-desk": "unknown-assistant"}
    cycle = {(names[e.source], names[e.target]) for e in diagram.edges if e.highlight == "cycle"}
    assert cycle == {("asst-front-desk", "asst-billing-specialist"),
                     ("asst-billing-specialist", "asst-front-desk")}
    assert [(names[e.source], names[e.target]) for e in diagram.edges if e.dashed] == [
        ("asst-front-desk", "asst-human-desk")]


def test_handoff_to_an_inventory_assistant_is_not_unknown():
    workspace = flowlint.load(str(DEMO), assistants=["asst-human-desk"])
    kinds = {n.subject: n.kind for n in handoff_diagram(workspace).nodes}
    assert kinds["asst-human-desk"] == "assistant"


def test_graphviz_ranks_follow_the_flow_from_the_start():
    from flowlint.diagrams.mpl import layout_json

    diagram = diagram_of(str(DEMO), assistant="asst-billing-specialist")
    laid_out = {o["name"]: o for o in layout_json(diagram)["objects"] if "pos" in o}
    xs = {n.subject: float(laid_out[n.name]["pos"].split(",")[0]) for n in diagram.nodes}
    assert xs["n_dispute"] < xs["n_refund_done"] < xs["n_wrap_up"] < xs["asst-front-desk"]


def test_several_flows_need_an_assistant():
    with pytest.raises(ValueError, match="2 flows in the input"):
        diagram_of(str(DEMO))


@pytest.mark.parametrize("name, stem", [
    pytest.param("asst-front-desk", "asst-front-desk", id="kept"),
    pytest.param("a/b c", "a_b_c-" , id="replaced-gets-hash"),
    pytest.param("..", "flow-", id="dots-only"),
    pytest.param("CON", "_CON-", id="reserved"),
    pytest.param("x" * 200, "x" * 71 + "-", id="capped"),
])
def test_safe_stem(name, stem):
    result = safe_stem(name)
    assert result.startswith(stem) and len(result) <= 80
    assert set(result) <= set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")


def test_unique_names_never_clash():
    assert unique_names(["a", "A", "a"], "svg") == ["a.svg", "A-2.svg", "a-3.svg"]
