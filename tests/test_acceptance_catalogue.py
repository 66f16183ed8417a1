"""The issue's acceptance criteria: the seed response and a realistic clean import."""
from __future__ import annotations

import json

import flowlint
from flowlint.diagnostics import Severity

from conftest import FIXTURES, run_cli

SEED = FIXTURES / "seed-import-response.json"
CLEAN = FIXTURES / "clean-import.json"
ASSISTANTS = FIXTURES / "inventories" / "assistants.json"
TOOLS = FIXTURES / "inventories" / "tools.json"


def findings(report):
    return {(d.code, d.edge_id or d.node_id, d.severity.label) for d in report.diagnostics}


# n_billing sets `model` while the assistant sets `llm_api_key_ref` (and `external_llm`): the
# SDK takes the whole LLM bundle from a node that sets any member, so the node drops the key.
SEED_FL607 = ("FL607", "n_billing", "info")


def test_seed_response_reports_exactly_fl601_fl602_fl501_and_fl607():
    report = flowlint.lint(SEED)
    assert findings(report) == {
        ("FL601", "n_intake", "warning"),
        ("FL602", "n_intake", "info"),
        ("FL501", "e_intake_to_escalation_assistant", "warning"),
        SEED_FL607,
    }
    fl501 = next(d for d in report.diagnostics if d.code == "FL501")
    assert fl501.node_id == "n_intake"
    assert '"assistant-human-handoff"' in fl501.message


def test_seed_with_an_assistant_inventory_that_knows_the_target():
    report = flowlint.lint(SEED, assistants=str(ASSISTANTS))
    assert findings(report) == {("FL601", "n_intake", "warning"), ("FL602", "n_intake", "info"),
                                SEED_FL607}


def test_seed_with_a_tools_inventory_makes_fl303_exact():
    # n_billing: tool-billing-lookup (a webhook) plus, with tools_mode append, the assistant's
    # one webhook: no tool can end the call, and the node has no outgoing edge.
    report = flowlint.lint(SEED, tools=str(TOOLS))
    assert ("FL303", "n_billing", "warning") in findings(report)
    assert ("FL303", "n_billing", "warning") not in findings(flowlint.lint(SEED))


def test_seed_on_the_command_line():
    result = run_cli("check", str(SEED), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["summary"] == {"error": 0, "warning": 2, "info": 2}
    result = run_cli("check", str(SEED), "--assistants", str(ASSISTANTS), "--tools", str(TOOLS),
                     "--format", "json")
    assert {d["code"] for d in json.loads(result.stdout)["diagnostics"]} == {"FL601", "FL602", "FL303", "FL607"}


def test_seed_fl607_names_what_the_node_drops():
    fl607 = next(d for d in flowlint.lint(SEED).diagnostics if d.code == "FL607")
    assert "without the assistant's llm_api_key_ref" in fl607.message
    assert fl607.pointer == "/data/0/conversation_flow/nodes/1/model"


def test_realistic_clean_import_has_no_warning_or_error():
    for options in ({}, {"assistants": str(ASSISTANTS), "tools": str(TOOLS)}):
        report = flowlint.lint(CLEAN, **options)
        assert [d for d in report.diagnostics if d.severity >= Severity.WARNING] == [], options
