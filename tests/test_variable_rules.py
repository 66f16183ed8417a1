"""FL801 and FL802: dynamic variables an assistant reads and defines; FL607: the LLM bundle."""
from __future__ import annotations

import copy
import json

import pytest

import flowlint
from flowlint import Severity
from flowlint.dynamic_variables import PLACEHOLDER, placeholders
from flowlint.rules import find_rule

from conftest import FIXTURES, codes_and_subjects, run_cli

RULES = FIXTURES / "rules"


def assistant(**fields) -> dict:
    value = {"id": "a-1", "name": "Desk", "model": "openai/gpt-4o", "created_at": "2025-01-01T00:00:00Z",
             "instructions": "You are the front desk.",
             "tools": [{"type": "hangup", "hangup": {"description": "End the call."}}]}
    value.update(fields)
    return value


def prompt(node_id: str, text: str, **fields) -> dict:
    return {"id": node_id, "instructions": text, "instructions_mode": "append", **fields}


def flow_with(*nodes: dict, edges: list | None = None) -> dict:
    return {"start_node_id": nodes[0]["id"], "nodes": list(nodes), "edges": edges or []}


def variable_edge(name: str, target: str = "b") -> dict:
    return {"id": "check", "start_node_id": "a", "target": {"type": "node", "node_id": target},
            "condition": {"type": "expression", "expression": {
                "type": "comparison", "op": "==", "left": {"type": "variable", "name": name},
                "right": {"type": "string_literal", "value": "gold"}}}}


def lint(value, *codes: str, **options) -> flowlint.Report:
    return flowlint.lint(value, select=list(codes or ("FL801", "FL802")), **options)


# ------------------------------------------------------------------------ placeholders

@pytest.mark.parametrize(("text", "names"), [
    ("Hello {{name}}", ["name"]),
    ("Hello {{ name }} and {{name}} again", ["name"]),
    ("{{customer.first_name}} {{order-id}} {{x1}}", ["customer.first_name", "order-id", "x1"]),
    ("Bearer {{#integration_secret}}token{{/integration_secret}}", []),  # secret references
    ("{{ a | upper }} {{}} {name} {{ two words }}", []),
    ("no braces at all", []),
])
def test_a_placeholder_is_a_variable_name_in_double_braces(text, names) -> None:
    assert placeholders(text) == names


def test_the_documented_pattern_is_the_one_used() -> None:
    assert f"`{PLACEHOLDER.pattern}`" in find_rule("FL801").description


# ----------------------------------------------------------------------------- FL801

def test_what_counts_as_defined() -> None:
    value = assistant(
        greeting="Hi {{customer_name}}, on {{telnyx_conversation_channel}} and {{telnyx_anything}}.",
        dynamic_variables={"customer_name": "there"},
        tools=[{"type": "webhook", "webhook": {"name": "crm", "description": "CRM.", "url": "https://crm.example.com",
                                               "store_fields_as_variables": [{"name": "tier", "value_path": "a.tier"}]}},
               {"type": "update_dynamic_variables", "update_dynamic_variables": {
                   "name": "remember", "description": "Remember.", "updatable_variables": [{"name": "mood"}]}}],
        conversation_flow=flow_with(prompt("a", "Tier {{tier}}, mood {{ mood }}."), prompt("b", "Done."),
                                    edges=[variable_edge("tier")]))
    assert lint(value).diagnostics == ()


def test_each_undefined_read_is_reported_where_it_is() -> None:
    value = assistant(instructions="You help {{caller}}.",
                      conversation_flow=flow_with(prompt("a", "Ask {{caller}}."), prompt("b", "Done."),
                                                  edges=[variable_edge("segment")]))
    report = lint(value)
    assert {(d.pointer, d.severity) for d in report.diagnostics} == {
        ("/instructions", Severity.WARNING),
        ("/conversation_flow/nodes/0/instructions", Severity.WARNING),
        ("/conversation_flow/edges/0/condition/expression/left", Severity.WARNING),
    }
    expression = next(d for d in report.diagnostics if d.edge_id == "check")
    assert expression.message.startswith('variable "segment" in the expression of edge "check"')
    assert "compares with null" in expression.message


def test_a_dynamic_variables_webhook_makes_them_info_and_says_so() -> None:
    value = assistant(greeting="Hi {{caller}}.", dynamic_variables_webhook_url="https://vars.example.com/v1")
    [finding] = lint(value).diagnostics
    assert finding.severity is Severity.INFO and "the dynamic variables webhook may supply it" in finding.message


def test_a_shared_tool_with_an_unknown_definition_may_store_it_until_the_inventory_says_otherwise(tmp_path) -> None:
    tool_node = {"id": "a", "type": "tool", "shared_tool_id": "tool-faq-kb"}
    value = assistant(conversation_flow=flow_with(
        tool_node, prompt("b", "Done."), edges=[variable_edge("tier"),
                                                 {"id": "otherwise", "start_node_id": "a", "condition": {"type": "default"},
                                                  "target": {"type": "node", "node_id": "b"}}]))
    [unknown] = lint(value).diagnostics
    assert unknown.severity is Severity.INFO and 'shared tool "tool-faq-kb" may store it' in unknown.message
    # the inventory says tool-faq-kb is a retrieval tool: it stores nothing
    [known] = lint(value, tools=str(FIXTURES / "inventories" / "tools.json")).diagnostics
    assert known.severity is Severity.WARNING and "shared tool" not in known.message
    # a response that resolves the tool's definition shows what it stores
    resolved = copy.deepcopy(value)
    resolved["conversation_flow"]["nodes"][0]["tool"] = [{"type": "webhook", "webhook": {
        "name": "faq", "description": "FAQ.", "url": "https://faq.example.com",
        "store_fields_as_variables": [{"name": "tier", "value_path": "tier"}]}}]
    assert lint(resolved).diagnostics == ()


def test_bare_flows_and_provider_flows_are_not_checked() -> None:
    bare = flow_with(prompt("a", "Hello {{caller}}."), prompt("b", "Done."), edges=[variable_edge("x")])
    assert lint(bare).diagnostics == ()


def test_an_assistant_without_a_flow_is_still_checked() -> None:
    assert codes_and_subjects(lint(assistant(greeting="Hi {{caller}}."))) == {("FL801", "a-1")}


def test_hostile_variable_names_are_cleaned_in_the_message() -> None:
    value = assistant(conversation_flow=flow_with(prompt("a", "Ask."), prompt("b", "Done."),
                                                  edges=[variable_edge("\u202eevil\nname" + "x" * 300)]))
    [finding] = lint(value).diagnostics
    assert "\n" not in finding.message and "\u202e" not in finding.message and len(finding.message) < 400


def test_flowlint_rule_fl801_explains_what_counts_as_defined() -> None:
    text = run_cli("rule", "FL801").stdout.decode()
    for phrase in ("telnyx_", "dynamic_variables", "store_fields_as_variables", "updatable_variables",
                   "dynamic_variables_webhook_url"):
        assert phrase in text


# ----------------------------------------------------------------------------- FL802

def test_a_default_read_anywhere_in_the_assistant_is_used() -> None:
    value = assistant(
        dynamic_variables={"in_tool": "", "in_expression": "", "unused": "x"},
        tools=[{"type": "transfer", "transfer": {"targets": [{"name": "Desk", "to": "+13125550100"}],
                                                 "custom_headers": [{"name": "X-A", "value": "{{in_tool}}"}]}}],
        conversation_flow=flow_with(prompt("a", "Ask."), prompt("b", "Done."), edges=[variable_edge("in_expression")]))
    report = lint(value)
    assert codes_and_subjects(report) == {("FL802", "a-1")}
    assert report.diagnostics[0].pointer == "/dynamic_variables/unused"


def test_no_dynamic_variables_no_finding() -> None:
    assert lint(assistant(dynamic_variables={})).diagnostics == ()
    assert lint(assistant(dynamic_variables="not a map")).diagnostics == ()


# ----------------------------------------------------------------------------- FL607

BYO = {"model": "acme", "base_url": "https://llm.acme.example/v1", "llm_api_key_ref": "acme_key"}


@pytest.mark.parametrize(("node", "assistant_fields", "drops"), [
    ({"model": "anthropic/claude-sonnet-4"}, {"llm_api_key_ref": "openai_key"}, "llm_api_key_ref"),
    ({"llm_api_key_ref": "k"}, {}, "model"),
    ({"llm_api_key_ref": "k"}, {"external_llm": BYO}, "model or external_llm"),
])
def test_fl607_names_what_the_node_drops(node, assistant_fields, drops) -> None:
    value = assistant(**assistant_fields, conversation_flow=flow_with(prompt("a", "Help.", **node)))
    [finding] = lint(value, "FL607").diagnostics
    assert finding.severity is Severity.INFO and f"the assistant's {drops}" in finding.message


@pytest.mark.parametrize(("node", "assistant_fields"), [
    ({}, {"llm_api_key_ref": "openai_key"}),                                     # nothing set: it cascades
    ({"model": "m", "llm_api_key_ref": "k"}, {"llm_api_key_ref": "openai_key"}),  # model with its own key
    ({"model": "m"}, {}),                                                        # no key to drop
    ({"model": "m"}, {"external_llm": BYO}),                                     # model replaces external_llm
    ({"external_llm": BYO}, {"llm_api_key_ref": "openai_key"}),                  # brings its own key
    ({"model": "m", "external_llm": BYO}, {"llm_api_key_ref": "openai_key"}),    # FL605's business
])
def test_fl607_is_silent_when_nothing_needed_is_dropped(node, assistant_fields) -> None:
    value = assistant(**assistant_fields, conversation_flow=flow_with(prompt("a", "Help.", **node)))
    assert lint(value, "FL607").diagnostics == ()


def test_fl607_needs_the_assistant() -> None:
    assert lint(flow_with(prompt("a", "Help.", model="m")), "FL607").diagnostics == ()


# ------------------------------------------------------------------------ fixed fixtures

@pytest.mark.parametrize(("name", "fix"), [
    ("FL801-undefined-variable", lambda a: a.setdefault("dynamic_variables", {}).update(
        {"customer_name": "there", "caller_first_name": "", "region": "us"})),
    ("FL802-unused-dynamic-variable", lambda a: a["dynamic_variables"].pop("account_tier")),
    ("FL607-partial-llm-bundle", lambda a: [n.update(llm_api_key_ref="anthropic_key") if n["id"] == "billing"
                                            else n.update(model="openai/gpt-4o-mini") if n["id"] == "keyonly"
                                            else None for n in a["conversation_flow"]["nodes"]]),
])
def test_the_fixed_fixture_is_clean_of_its_rule(name, fix) -> None:
    value = json.loads((RULES / f"{name}.json").read_text())
    for item in value["data"]:
        fix(item)
    assert [d for d in flowlint.lint(value).diagnostics if d.code == name[:5]] == []


def test_each_assistant_is_judged_on_its_own_reads() -> None:
    # FL801 and FL802 share the read names of the assistant at hand: never another's
    first = assistant(id="a-1", greeting="Hi {{caller}}.", dynamic_variables={"unused_here": ""})
    second = assistant(id="a-2", greeting="Hi {{unused_here}}.", dynamic_variables={"caller": ""})
    assert codes_and_subjects(lint({"data": [first, second]})) == {
        ("FL801", "a-1"), ("FL802", "a-1"), ("FL801", "a-2"), ("FL802", "a-2")}
