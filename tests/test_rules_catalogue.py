"""FL4xx-FL8xx: each rule's fixture produces exactly the findings it is built for."""
from __future__ import annotations

import json

import pytest

import flowlint
from flowlint.diagnostics import Severity
from flowlint.rules import ALL_RULES, RULES_BY_CODE

from conftest import FIXTURES, codes_and_subjects

RULES = FIXTURES / "rules"
ASSISTANTS = FIXTURES / "inventories" / "assistants.json"
TOOLS = FIXTURES / "inventories" / "tools.json"

# fixture -> the exact (code, subject id) set of a run without inventories
EXPECTED = {
    "FL401-empty-condition-prompt": {("FL401", "to_billing"), ("FL401", "to_refunds")},
    "FL402-duplicate-condition": {("FL402", "to_refunds")},
    "FL403-duplicate-edge": {("FL403", "to_billing_again"), ("FL403", "is_gold_again")},
    "FL404-default-on-prompt-node": {("FL404", "to_billing")},
    "FL405-missing-default-edge": {("FL405", "hold"), ("FL405", "lookup")},
    "FL406-multiple-default-edges": {("FL406", "to_help"), ("FL406", "to_sales")},
    "FL407-invalid-expression": {("FL407", "unknown_type"), ("FL407", "not_two"),
                                 ("FL407", "number_root"), ("FL407", "bad_comparison")},
    "FL408-status-code-type": {("FL408", "ok_voice_only")},
    "FL409-hangup-node-has-edges": {("FL409", "bye")},
    "FL410-transfer-node-edges": {("FL410", "agent")},
    # an always-true expression is FL411's and each edge it shadows FL412's: both fire
    "FL411-constant-expression": {("FL411", "is_gold"), ("FL411", "never"), ("FL411", "always"),
                                  ("FL412", "after_hold")},
    "FL412-shadowed-edge": {("FL412", "is_gold"), ("FL412", "otherwise"), ("FL412", "gold_again"),
                            ("FL411", "ok")},
    "FL501-unknown-handoff-target": {("FL501", "to_billing"), ("FL501", "to_human")},
    "FL502-self-handoff": {("FL502", "to_self")},
    "FL503-handoff-cycle": {("FL503", "desk_to_sales"), ("FL503", "support_to_refunds")},
    "FL504-legacy-handoff-tool": {("FL504", "front-desk")},
    "FL505-implicit-voice-mode": {("FL505", "to_people")},
    "FL601-implicit-instructions-replace": {("FL601", "greet")},
    "FL602-implicit-tools-replace": {("FL602", "faq")},
    "FL603-unknown-shared-tool": {("FL603", "lookup")},
    "FL604-empty-instructions": {("FL604", "greet"), ("FL604", "bye")},
    "FL605-model-with-external-llm": {("FL605", "billing")},
    "FL606-duplicate-single-instance-tool": {("FL606", "a-fl606")},
    "FL607-partial-llm-bundle": {("FL607", "billing"), ("FL607", "keyonly")},
    "FL701-plaintext-secret": {("FL701", "a-fl701")},
    "FL702-insecure-webhook-url": {("FL702", "a-fl702")},
    # both assistants read the same variables; the second has a dynamic variables webhook
    "FL801-undefined-variable": {("FL801", "a-fl801"), ("FL801", "greet"), ("FL801", "hold"),
                                 ("FL801", "to_hold"), ("FL801", "is_gold"),
                                 ("FL801", "a-fl801-webhook")},
    "FL802-unused-dynamic-variable": {("FL802", "a-fl802")},
}

# fixture -> the exact set with both inventories
WITH_INVENTORIES = {
    "FL409-hangup-node-has-edges": {("FL409", "bye"), ("FL409", "bye_shared")},
    "FL501-unknown-handoff-target": {("FL501", "to_billing")},
    "FL603-unknown-shared-tool": {("FL603", "faq"), ("FL603", "lookup")},
}


def lint_fixture(name: str, **options) -> flowlint.Report:
    return flowlint.lint(RULES / f"{name}.json", **options)


def test_there_is_one_fixture_per_rule_of_groups_4_to_8():
    rules = {r.code for r in ALL_RULES if r.code[:3] in ("FL4", "FL5", "FL6", "FL7", "FL8")}
    names = {p.stem for p in RULES.glob("FL[4-8]*.json")}
    assert {n[:5] for n in names} == rules == {n[:5] for n in EXPECTED}
    for name in names:  # the file is named after the rule
        assert RULES_BY_CODE[name[:5]].name == name[6:]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_reports_exactly_its_findings(name):
    report = lint_fixture(name)
    assert codes_and_subjects(report) == EXPECTED[name]
    rule = RULES_BY_CODE[name[:5]]
    # a rule with a doubtful severity (FL801) shows both in its fixture
    expected = {rule.severity} | ({rule.doubtful_severity} if rule.doubtful_severity else set())
    assert {d.severity for d in report.diagnostics} == expected


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_with_inventories(name):
    report = lint_fixture(name, assistants=str(ASSISTANTS), tools=str(TOOLS))
    assert codes_and_subjects(report) == WITH_INVENTORIES.get(name, EXPECTED[name])


def test_edge_findings_carry_edge_and_source_node():
    report = lint_fixture("FL406-multiple-default-edges")
    assert {(d.edge_id, d.node_id, d.assistant_id) for d in report.diagnostics} == {
        ("to_help", "hold", "a-fl406"), ("to_sales", "hold", "a-fl406")}


@pytest.mark.parametrize("name, expected", [
    ("FL401-empty-condition-prompt", [("/data/0/conversation_flow/edges/0/condition/prompt", 45, 25),
                                      ("/data/0/conversation_flow/edges/1/condition/prompt", 57, 25)]),
    ("FL407-invalid-expression", [("/data/0/conversation_flow/edges/0/condition/expression", 38, 29),
                                  ("/data/0/conversation_flow/edges/1/condition/expression/operands", 56, 29),
                                  ("/data/0/conversation_flow/edges/2/condition/expression", 94, 29),
                                  ("/data/0/conversation_flow/edges/3/condition/expression", 109, 29),
                                  ("/data/0/conversation_flow/edges/3/condition/expression/op", 111, 23)]),
    ("FL408-status-code-type", [("/data/0/conversation_flow/edges/0/condition/expression", 53, 29)]),
    ("FL606-duplicate-single-instance-tool", [("/data/0/tools/3", 36, 9)]),
    ("FL702-insecure-webhook-url", [("/data/0/tools/1/webhook/url", 21, 20),
                                    ("/data/0/tools/2/webhook/url", 31, 20),
                                    ("/data/0/tools/3/webhook/url", 41, 20)]),
])
def test_pointer_line_and_column(name, expected):
    report = lint_fixture(name)
    assert [(d.pointer, d.line, d.column) for d in report.diagnostics] == expected


def test_fl402_compares_prompts_after_normalising():
    from flowlint.rules.llm_edges import normalise_prompt

    assert normalise_prompt("The caller,  asks about a BILL!!") == normalise_prompt("the caller asks about a bill")
    assert normalise_prompt("refund—now?") == "refund now"


def test_fl403_and_fl402_do_not_both_report_one_copy():
    report = lint_fixture("FL403-duplicate-edge")
    assert "FL402" not in {d.code for d in report.diagnostics}


def test_fl407_reports_the_offending_sub_expression_once_per_problem():
    report = lint_fixture("FL407-invalid-expression")
    messages = sorted(d.message for d in report.diagnostics if d.edge_id == "bad_comparison")
    assert messages == ['edge "bad_comparison": comparison has no "right" operand',
                        'edge "bad_comparison": unknown comparison operator "=~" (known: != < <= == > >= '
                        'contains not_contains) (at expression/op)']
    assert len({d.fingerprint for d in report.diagnostics}) == len(report.diagnostics)


def test_fl408_is_silent_when_the_node_compares_both_types_or_checks_the_channel():
    report = lint_fixture("FL408-status-code-type")
    # ok_both (an or of both), ok_on_voice (channel-aware), ok_voice + ok_chat (one edge each)
    assert {d.edge_id for d in report.diagnostics} == {"ok_voice_only"}
    assert "number on chat" in report.diagnostics[0].message


def test_fl408_reports_number_only_comparisons_too():
    flow = json.loads((RULES / "FL408-status-code-type.json").read_text())
    edge = flow["data"][0]["conversation_flow"]["edges"][0]
    edge["condition"]["expression"]["right"] = {"type": "number_literal", "value": 200}
    report = flowlint.lint(flow, select=["FL408"])
    assert codes_and_subjects(report) == {("FL408", "ok_voice_only")}
    assert "string on voice calls" in report.diagnostics[0].message


def test_fl501_is_an_error_with_an_assistant_inventory_and_a_warning_without():
    without = lint_fixture("FL501-unknown-handoff-target")
    assert {d.severity for d in without.diagnostics} == {Severity.WARNING}
    assert 'did you mean "billing-assistant"?' in without.diagnostics[0].message
    with_inventory = lint_fixture("FL501-unknown-handoff-target", assistants=str(ASSISTANTS))
    assert [d.severity for d in with_inventory.diagnostics] == [Severity.ERROR]
    assert "assistant inventory" in with_inventory.diagnostics[0].message


def test_severity_override_wins_over_the_inventory_escalation():
    report = lint_fixture("FL501-unknown-handoff-target", assistants=str(ASSISTANTS),
                          severity={"FL501": "info"})
    assert [d.severity for d in report.diagnostics] == [Severity.INFO]


def test_fl501_uses_assistants_from_every_input_of_the_run(tmp_path):
    front = json.loads((RULES / "FL505-implicit-voice-mode.json").read_text())
    only_front = {"data": front["data"][:1]}
    human = {"data": front["data"][1:]}
    (tmp_path / "front.json").write_text(json.dumps(only_front))
    (tmp_path / "human.json").write_text(json.dumps(human))
    alone = flowlint.lint(tmp_path / "front.json", select=["FL501"])
    assert codes_and_subjects(alone) == {("FL501", "to_people"), ("FL501", "to_billing")}
    together = flowlint.lint(tmp_path, select=["FL501"])
    assert together.diagnostics == ()


def test_fl503_reports_each_group_once_with_a_path():
    report = lint_fixture("FL503-handoff-cycle")
    assert sorted(d.message for d in report.diagnostics) == [
        'assistants hand the caller round in a loop: desk -> sales -> desk ("billing" can join the loop too)',
        "assistants hand the caller round in a loop: support -> refunds -> support",
    ]
    assert {(d.assistant_id, d.node_id) for d in report.diagnostics} == {("desk", "ask"), ("support", "ask")}


def test_fl503_stays_linear_on_a_dense_handoff_graph():
    # 40 assistants all handing off to each other have astronomically many simple cycles.
    ids = [f"a{i:02}" for i in range(40)]
    assistants = [{
        "id": a, "name": a, "model": "m", "instructions": "x", "created_at": "2025-01-01T00:00:00Z",
        "conversation_flow": {"start_node_id": "n", "nodes": [{"id": "n", "instructions": "x"}], "edges": [
            {"id": f"{a}_{b}", "start_node_id": "n", "condition": {"type": "llm", "prompt": b},
             "target": {"type": "assistant", "assistant_id": b, "voice_mode": "unified"}}
            for b in ids if b != a]}} for a in ids]
    report = flowlint.lint({"data": assistants}, select=["FL503"])
    assert codes_and_subjects(report) == {("FL503", "a00_a01")}
    assert "a00 -> a01 -> a00" in report.diagnostics[0].message


def test_self_handoff_is_fl502_not_a_cycle():
    report = lint_fixture("FL502-self-handoff")
    assert {d.code for d in report.diagnostics} == {"FL502"}


def test_fl606_ignores_merged_shared_tools_and_repeatable_types():
    report = lint_fixture("FL606-duplicate-single-instance-tool")
    assert [d.pointer for d in report.diagnostics] == ["/data/0/tools/3"]


def test_fl409_and_fl410_are_silent_without_a_known_tool_type():
    fixture = json.loads((RULES / "FL409-hangup-node-has-edges.json").read_text())
    for node in fixture["data"][0]["conversation_flow"]["nodes"]:
        node.pop("tool", None)
    assert flowlint.lint(fixture, select=["FL409", "FL405"]).diagnostics == ()


@pytest.mark.parametrize("edge_id", ["", "a", "a" * 52, "a" * 53, "greet → help", "a b", "ok-1_2",
                                     "x\n", "é"])
def test_fl205_judges_an_edge_id_as_the_full_tool_name_would(edge_id: str) -> None:
    from flowlint.rules.identity import _SAFE_ID, _TOOL_NAME, _TRANSITION

    assert bool(_SAFE_ID.fullmatch(edge_id)) == bool(_TOOL_NAME.fullmatch(_TRANSITION + edge_id))
