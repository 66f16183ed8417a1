"""Realistic, correct inputs produce no warning and no error."""
from __future__ import annotations

import pytest

import flowlint
from flowlint import Severity
from conftest import FIXTURES

CLEAN = sorted((FIXTURES / "clean").glob("*.json"))


@pytest.mark.parametrize("path", CLEAN, ids=lambda p: p.name)
def test_clean_fixture_has_no_warning_or_error(path) -> None:
    report = flowlint.lint(path)
    assert [d for d in report.diagnostics if d.severity >= Severity.WARNING] == []


def test_clean_import_covers_every_node_condition_and_target_type() -> None:
    workspace = flowlint.load(FIXTURES / "clean" / "acme-import.json")
    node_types = {n.type for a in workspace.assistants if a.flow for n in a.flow.nodes}
    conditions = {e.condition_type for a in workspace.assistants if a.flow for e in a.flow.edges}
    targets = {e.target_type for a in workspace.assistants if a.flow for e in a.flow.edges}
    assert node_types == {"prompt", "tool", "speak"}
    assert conditions == {"llm", "expression", "default"}
    assert targets == {"node", "assistant"}
    assert len(workspace.assistants) == 3


def test_seed_response_has_no_error() -> None:
    report = flowlint.lint(FIXTURES / "seed-import-response.json")
    assert report.ok
    assert not [d for d in report.diagnostics if d.severity is Severity.ERROR]


@pytest.mark.parametrize("path", CLEAN, ids=lambda p: p.name)
def test_clean_fixture_is_clean_with_the_bundled_inventories(path) -> None:
    report = flowlint.lint(path, assistants=FIXTURES / "inventories" / "assistants.json",
                           tools=FIXTURES / "inventories" / "tools.json")
    assert [d for d in report.diagnostics if d.severity >= Severity.WARNING] == []
