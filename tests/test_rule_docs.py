"""Every rule documents itself, and its own examples prove it."""
from __future__ import annotations

import re

import pytest

import flowlint
from flowlint.docs import explain, rules_markdown
from flowlint.rules import ALL_RULES
from conftest import ROOT, run_cli


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.code)
def test_rule_documentation_is_complete(rule) -> None:
    assert re.fullmatch(r"FL\d{3}", rule.code) and re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.name)
    assert rule.summary and "What it does:" in rule.description and "Why it matters:" in rule.description
    text = explain(rule)
    assert rule.summary in text and "Example (flagged):" in text and "Use instead:" in text


def test_codes_and_names_are_unique_and_in_order() -> None:
    codes = [r.code for r in ALL_RULES]
    assert codes == sorted(codes) and len(set(codes)) == len(codes)
    assert len({r.name for r in ALL_RULES}) == len(ALL_RULES)


def test_readme_rule_table_matches_the_registry() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start, end = "<!-- rules-table:start -->\n", "<!-- rules-table:end -->"
    table = readme[readme.index(start) + len(start): readme.index(end)]
    assert table == rules_markdown(ALL_RULES), "regenerate: python -m flowlint rules --format markdown"


@pytest.mark.parametrize("query", ["FL301", "unreachable-node", "fl301"])
def test_flowlint_rule_explains_by_code_or_name(query) -> None:
    result = run_cli("rule", query)
    assert result.returncode == 0
    assert result.stdout.decode().startswith("FL301 unreachable-node")


def test_flowlint_rule_with_an_unknown_code_is_exit_2_with_a_hint() -> None:
    result = run_cli("rule", "FL31")
    assert result.returncode == 2
    assert result.stderr.decode().strip().startswith("flowlint: error: no rule 'FL31'")
