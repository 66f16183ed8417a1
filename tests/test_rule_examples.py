"""The documented examples of rules about flowlint's own files fire, their fixes do not.

Most examples are flow documents, linted as they are (tests/test_rule_docs.py). Rules
whose example is a config or baseline file declare ``example_kind`` (so
``example_needs_config`` is true and test_rule_docs leaves them to this file): a ``config``
example is a flowlint.toml and a ``baseline`` example a baseline file, each checked here
against ``rules.gate.DEMO_FLOW`` saved as flow.json.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from flowlint.rules import ALL_RULES
from flowlint.rules.base import EXAMPLE_KINDS, Rule
from flowlint.rules.gate import DEMO_FLOW

from conftest import run_cli


def _codes_with_config(text: str, kind: str, folder: Path) -> set[str]:
    (folder / "flow.json").write_text(DEMO_FLOW, encoding="utf-8")
    args = ["check", "flow.json", "--format", "json"]
    if kind == "config":
        (folder / "flowlint.toml").write_text(text, encoding="utf-8")
    else:
        (folder / "baseline.json").write_text(text, encoding="utf-8")
        args += ["--baseline", "baseline.json"]
    result = run_cli(*args, cwd=folder)
    assert result.returncode in (0, 1), result.stderr
    return {d["code"] for d in json.loads(result.stdout)["diagnostics"]}


def _codes(rule: Rule, text: str, folder: Path) -> set[str]:
    return _codes_with_config(text, rule.example_kind, folder)


@pytest.mark.parametrize("rule", [r for r in ALL_RULES if r.example_needs_config],
                         ids=lambda r: f"{r.code}-{r.name}")
def test_example_fires_and_fixed_does_not(rule: Rule, tmp_path: Path) -> None:
    assert rule.example_kind in EXAMPLE_KINDS
    (tmp_path / "example").mkdir()
    (tmp_path / "fixed").mkdir()
    assert rule.code in _codes(rule, rule.example, tmp_path / "example")
    assert rule.code not in _codes(rule, rule.fixed, tmp_path / "fixed")


def test_only_rules_about_flowlint_files_use_other_example_kinds() -> None:
    assert {r.code for r in ALL_RULES if r.example_kind != "flow"} == {"FL006", "FL007"}
