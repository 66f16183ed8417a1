"""SARIF output: schema-valid for every fixture, positions equal to the JSON output's.

The official SARIF 2.1.0 schema (OASIS, errata 01) is vendored in tests/data/ so the test
runs anywhere; a missing copy is a failure, never a skip.
"""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

import flowlint

from conftest import FIXTURES, ROOT, run_cli

SCHEMA_PATH = ROOT / "tests" / "data" / "sarif-schema-2.1.0.json"
INPUTS = sorted([*FIXTURES.rglob("*.json"), *(ROOT / "tests" / "golden" / "inputs").glob("*.json")])


@pytest.fixture(scope="module")
def validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def _run(path: Path, fmt: str) -> dict:
    result = run_cli("check", str(path.relative_to(ROOT)), "--format", fmt, "--fail-on", "info")
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


def test_there_are_fixtures_to_check() -> None:
    assert len(INPUTS) >= 3


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.name)
def test_sarif_of_every_fixture_validates_and_matches_json(path: Path, validator) -> None:
    sarif = _run(path, "sarif")
    errors = sorted(validator.iter_errors(sarif), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])
    diagnostics = _run(path, "json")["diagnostics"]
    run = sarif["runs"][0]
    results = run["results"]
    assert len(results) == len(diagnostics)
    for result, diagnostic in zip(results, diagnostics):
        physical = result["locations"][0]["physicalLocation"]
        assert physical["artifactLocation"]["uri"] == diagnostic["file"]
        region = physical.get("region", {})
        assert (region.get("startLine"), region.get("startColumn")) == (diagnostic["line"], diagnostic["column"])
        assert result["ruleId"] == diagnostic["code"]
        assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == diagnostic["code"]
        assert result["partialFingerprints"] == {"flowlint/v1": diagnostic["fingerprint"]}
    fired = sorted({d["code"] for d in diagnostics})
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == fired
    assert run["columnKind"] == "unicodeCodePoints"


def test_rule_descriptors_carry_the_rule_documentation() -> None:
    sarif = json.loads(flowlint.lint('{"start_node_id": "a", "nodes": [{"id": "a"}, {"id": "b"}], '
                                     '"edges": []}').to_sarif())
    (rule,) = [r for r in sarif["runs"][0]["tool"]["driver"]["rules"] if r["id"] == "FL301"]
    assert rule["name"] == "unreachable-node"
    assert rule["shortDescription"]["text"].startswith("A node that no path")
    assert "What it does" in rule["fullDescription"]["text"]
    assert "Use instead" in rule["help"]["markdown"] and "```json" in rule["help"]["markdown"]
    assert rule["defaultConfiguration"]["level"] == "error"


def test_unknown_line_omits_the_region_and_stays_valid(validator) -> None:
    report = flowlint.lint({"start_node_id": "a", "nodes": [{"id": "a"}, {"id": "b"}], "edges": []})
    sarif = json.loads(report.to_sarif())
    assert not list(validator.iter_errors(sarif))
    (result,) = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "FL301"]
    assert "region" not in result["locations"][0]["physicalLocation"]
    assert result["locations"][0]["logicalLocations"] == [
        {"name": "b", "kind": "node", "fullyQualifiedName": "node:b"}]


def test_unreadable_path_is_an_execution_notification(validator, tmp_path: Path) -> None:
    result = run_cli("check", str(tmp_path / "missing.json"), "--format", "sarif")
    assert result.returncode == 2
    sarif = json.loads(result.stdout)
    assert not list(validator.iter_errors(sarif))
    assert sarif["runs"][0]["invocations"][0]["executionSuccessful"] is False
