"""Every rule documents itself, and its own examples prove it: the failing one fires, the
fixed one does not."""
from __future__ import annotations

import json

import pytest

import flowlint
from flowlint.docs import explain, rules_json, rules_markdown
from flowlint.rules import ALL_RULES, find_rule

from conftest import run_cli

# The contract of rules.md for the groups this catalogue adds: code, name, default severity.
CATALOGUE = """
FL401 empty-condition-prompt error
FL402 duplicate-condition warning
FL403 duplicate-edge warning
FL404 default-on-prompt-node error
FL405 missing-default-edge error
FL406 multiple-default-edges error
FL407 invalid-expression error
FL408 status-code-type warning
FL409 hangup-node-has-edges error
FL410 transfer-node-edges error
FL411 constant-expression warning
FL412 shadowed-edge warning
FL501 unknown-handoff-target warning
FL502 self-handoff error
FL503 handoff-cycle info
FL504 legacy-handoff-tool warning
FL505 implicit-voice-mode info
FL601 implicit-instructions-replace warning
FL602 implicit-tools-replace info
FL603 unknown-shared-tool error
FL604 empty-instructions error
FL605 model-with-external-llm error
FL606 duplicate-single-instance-tool error
FL607 partial-llm-bundle info
FL701 plaintext-secret error
FL702 insecure-webhook-url warning
FL801 undefined-variable warning
FL802 unused-dynamic-variable info
"""


@pytest.mark.parametrize("line", CATALOGUE.split("\n")[1:-1], ids=lambda line: line.split()[0])
def test_codes_names_and_severities_match_the_catalogue(line):
    code, name, severity = line.split()
    rule = find_rule(code)
    assert rule is not None and (rule.name, rule.severity.label) == (name, severity)
    assert find_rule(name) is rule


def test_only_fl501_escalates_with_an_inventory():
    assert {r.code: r.confirmed_severity.label for r in ALL_RULES if r.confirmed_severity} == {"FL501": "error"}
    assert find_rule("FL501").severity_label == "warning (error with an inventory)"
    assert "| FL501 | `unknown-handoff-target` | handoffs | warning (error with an inventory) |" in rules_markdown(ALL_RULES)
    assert json.loads(rules_json(ALL_RULES))[0]["confirmed_severity"] is None


def test_only_fl801_is_lowered_when_something_outside_the_input_may_make_it_harmless():
    assert {r.code: r.doubtful_severity.label for r in ALL_RULES if r.doubtful_severity} == {"FL801": "info"}
    label = "warning (info when a dynamic variables webhook or a shared tool may supply it)"
    assert find_rule("FL801").severity_label == label
    assert f"| FL801 | `undefined-variable` | variables | {label} |" in rules_markdown(ALL_RULES)
    fl801 = next(r for r in json.loads(rules_json(ALL_RULES)) if r["code"] == "FL801")
    assert (fl801["severity"], fl801["doubtful_severity"]) == ("warning", "info")


def test_the_user_severity_wins_over_a_doubtful_one():
    value = {"id": "a-1", "name": "Desk", "model": "m", "instructions": "Hi {{caller}}.",
             "created_at": "2025-01-01T00:00:00Z", "dynamic_variables_webhook_url": "https://v.example.com"}
    assert [d.severity.label for d in flowlint.lint(value, select=["FL801"]).diagnostics] == ["info"]
    raised = flowlint.lint(value, select=["FL801"], severity={"FL801": "error"})
    assert [d.severity.label for d in raised.diagnostics] == ["error"]


# Rules whose example is a config or baseline file: tests/test_rule_examples.py runs them.
@pytest.mark.parametrize("rule", [r for r in ALL_RULES if not r.example_needs_config], ids=lambda r: r.code)
def test_example_fires_and_fixed_does_not(rule):
    fired = flowlint.lint(rule.example, select=[rule.code])
    assert [d.code for d in fired.diagnostics if d.code == rule.code], rule.example
    assert flowlint.lint(rule.fixed, select=[rule.code]).diagnostics == ()


# FL001's example is deliberately not JSON; config-file examples are checked elsewhere.
@pytest.mark.parametrize("rule", [r for r in ALL_RULES if r.code != "FL001" and not r.example_needs_config],
                         ids=lambda r: r.code)
def test_fixed_examples_are_clean_as_a_whole(rule):
    json.loads(rule.example)
    assert [d for d in flowlint.lint(rule.fixed).diagnostics if d.severity >= flowlint.Severity.WARNING] == []


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.code)
def test_every_rule_has_complete_documentation(rule):
    assert rule.summary and not rule.summary.endswith(":")
    assert rule.description.startswith("What it does: ")
    what, _, why = rule.description.partition("\n\nWhy it matters: ")
    assert len(what) > 60 and len(why) > 60
    assert rule.options
    text = explain(rule)
    for part in (f"{rule.code} {rule.name}", "What it does:", "Why it matters:", "Example (flagged):",
                 "Use instead:", "Options:"):
        assert part in text


@pytest.mark.parametrize("query", ["FL409", "hangup-node-has-edges", "fl701"])
def test_flowlint_rule_prints_the_docs(query):
    result = run_cli("rule", query)
    assert result.returncode == 0, result.stderr
    rule = find_rule(query)
    assert result.stdout.decode() == explain(rule)


def test_flowlint_rules_lists_the_whole_catalogue():
    result = run_cli("rules")
    listed = [line.split()[0] for line in result.stdout.decode().splitlines()]
    assert listed == [r.code for r in ALL_RULES]
