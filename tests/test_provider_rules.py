"""FL9xx: each provider rule's fixture (in that provider's own format) produces exactly the
findings it is built for, at the right place in the file."""
from __future__ import annotations

import pytest

import flowlint
from flowlint.rules import ALL_RULES, RULES_BY_CODE

from conftest import FIXTURES, codes_and_subjects

PROVIDERS = FIXTURES / "providers"

# fixture -> the exact (code, subject id) set: the edge id, else the node id, else the agent
EXPECTED = {
    "FL901-retell-missing-else-edge": {("FL901", "route"), ("FL901", "extract")},
    # the agent swap's target is another agent's export, not in this run: FL501 says so
    "FL902-retell-transfer-without-fallback": {("FL902", "billing_line"), ("FL902", "sales_agent"),
                                               ("FL501", "sales_agent")},
    "FL903-retell-unknown-equation-operator": {("FL903", "is_gold"), ("FL903", "is_silver"),
                                               ("FL903", "vip_line")},
    "FL904-retell-self-loop": {("FL904", "ask_again"), ("FL904", "hold_again")},
    "FL905-retell-empty-global-condition": {("FL905", "empty_text"), ("FL905", "empty_prompt"),
                                            ("FL905", "no_equations")},
    "FL911-elevenlabs-duplicate-edge": {("FL911", "to_orders_again"), ("FL911", "orders_back")},
    "FL912-elevenlabs-edge-from-end-node": {("FL912", "after_done"), ("FL912", "survey_done")},
    "FL913-elevenlabs-standalone-agent-without-target": {("FL913", "billing"), ("FL501", "sales")},
    "FL914-elevenlabs-empty-expression": {("FL914", "to_gold")},
    "FL915-elevenlabs-multiple-unconditional-edges": {("FL915", "to_survey"), ("FL915", "to_help")},
    "FL921-vapi-start-node-count": {("FL921", "Billing"), ("FL921", "Sales"), ("FL923", None)},
    # the loop of the two conversation nodes is the only way the call goes: FL302 too
    "FL922-vapi-no-end-call-node": {("FL922", None), ("FL302", "Greeting"), ("FL301", "Unreached end"),
                                    ("FL923", None)},
    "FL923-vapi-workflows-retired": {("FL923", None)},
}

# fixture -> [(code, pointer, line, column)] of the rule's own findings, in report order
LOCATED = {
    "FL901-retell-missing-else-edge": [("FL901", "/conversationFlow/nodes/1", 35, 7),
                                       ("FL901", "/conversationFlow/nodes/2", 64, 7)],
    "FL903-retell-unknown-equation-operator": [
        ("FL903", "/conversationFlow/nodes/1/edges/0/transition_condition/equations/0/operator", 49, 31),
        ("FL903", "/conversationFlow/nodes/1/edges/1/transition_condition/operator", 60, 27),
        ("FL903", "/conversationFlow/nodes/5/global_node_setting/condition/equations/0/operator", 178, 29)],
    "FL904-retell-self-loop": [("FL904", "/conversationFlow/nodes/0/edges/0/destination_node_id", 31, 36),
                               ("FL904", "/conversationFlow/nodes/2/skip_response_edge/destination_node_id", 94, 34)],
    "FL914-elevenlabs-empty-expression": [
        ("FL914", "/workflow/edges/to_gold/forward_condition/expression", 53, 25),
        ("FL914", "/workflow/edges/to_gold/backward_condition/expression", 57, 25)],
    "FL921-vapi-start-node-count": [("FL921", "/nodes/1/isStart", 14, 18), ("FL921", "/nodes/2/isStart", 20, 18)],
    "FL922-vapi-no-end-call-node": [("FL922", "/nodes", 3, 12)],
}


def lint_fixture(name: str) -> flowlint.Report:
    return flowlint.lint(PROVIDERS / f"{name}.json")


def test_there_is_one_fixture_per_provider_rule_named_after_it():
    rules = {r.code for r in ALL_RULES if r.group == "provider"}
    names = {p.stem for p in PROVIDERS.glob("FL9*.json")}
    assert {n[:5] for n in names} == rules == {n[:5] for n in EXPECTED}
    for name in names:
        assert RULES_BY_CODE[name[:5]].name == name[6:]


def test_provider_codes_are_grouped_by_provider():
    for rule in (r for r in ALL_RULES if r.group == "provider"):
        provider = {"FL90": "retell", "FL91": "elevenlabs", "FL92": "vapi"}[rule.code[:4]]
        assert rule.formats == {provider} and rule.name.startswith(provider + "-")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_reports_exactly_its_findings(name):
    report = lint_fixture(name)
    assert codes_and_subjects(report) == EXPECTED[name]
    rule = RULES_BY_CODE[name[:5]]
    assert {d.severity for d in report.diagnostics if d.code == rule.code} == {rule.severity}


@pytest.mark.parametrize("name", sorted(LOCATED))
def test_findings_point_into_the_provider_file(name):
    report = lint_fixture(name)
    found = [(d.code, d.pointer, d.line, d.column) for d in report.diagnostics if d.code == name[:5]]
    assert found == LOCATED[name]


def test_two_findings_on_one_elevenlabs_edge_keep_distinct_fingerprints():
    report = lint_fixture("FL914-elevenlabs-empty-expression")
    assert len({d.fingerprint for d in report.diagnostics}) == 2


def test_retell_self_loops_are_fl904_not_fl304():
    assert "FL304" not in {d.code for d in lint_fixture("FL904-retell-self-loop").diagnostics}
    assert RULES_BY_CODE["FL304"].formats == {"telnyx", "elevenlabs", "vapi"}


def test_a_vapi_workflow_without_a_start_is_fl921_not_fl101():
    workflow = {"name": "No start", "nodes": [{"type": "conversation", "name": "Greeting", "prompt": "Hi."}],
                "edges": []}
    report = flowlint.lint(workflow)
    assert codes_and_subjects(report, "FL921", "FL101", "FL301") == {("FL921", None)}
    (finding,) = [d for d in report.diagnostics if d.code == "FL921"]
    assert finding.message == 'workflow has no start node: no node has "isStart": true'


def test_a_retell_agent_swap_to_an_agent_of_the_run_is_no_finding(tmp_path):
    import json

    front = json.loads((PROVIDERS / "FL902-retell-transfer-without-fallback.json").read_text())
    sales = {"agent_id": "agent_fl902_sales", "agent_name": "Sales", "response_engine": {"type": "retell-llm"}}
    (tmp_path / "front.json").write_text(json.dumps(front))
    (tmp_path / "sales.json").write_text(json.dumps(sales))
    report = flowlint.lint(tmp_path)
    assert "FL501" not in {d.code for d in report.diagnostics}
    graph = flowlint.load(tmp_path).handoff_graph
    assert graph.has_edge("agent_fl902", "agent_fl902_sales")


@pytest.mark.parametrize("code, formats", [
    ("FL001", "telnyx, retell, elevenlabs, vapi"), ("FL301", "telnyx, retell, elevenlabs, vapi"),
    ("FL304", "telnyx, elevenlabs, vapi"), ("FL101", "telnyx, retell, elevenlabs"),
    ("FL601", "telnyx"), ("FL901", "retell"), ("FL923", "vapi"),
])
def test_each_rule_documents_the_formats_it_runs_on(code, formats):
    import json

    from flowlint.docs import explain, rules_json

    assert f"formats: {formats}\n" in explain(RULES_BY_CODE[code])
    listed = {r["code"]: r["formats"] for r in json.loads(rules_json(ALL_RULES))}
    assert listed[code] == formats.split(", ")
