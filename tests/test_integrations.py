"""The pre-commit hook definition and the README's CI snippets are real and work."""
from __future__ import annotations

import json
import re

import yaml

from conftest import ROOT, run_cli


def _readme_section(title: str) -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index(f"## {title}\n")
    end = readme.find("\n## ", start + 1)
    return readme[start:end if end > 0 else None]


def test_pre_commit_hook_definition() -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "flowlint"
    assert hook["entry"] == "flowlint check"
    assert hook["language"] == "python"
    assert hook["types"] == ["json"]


def test_readme_ci_snippets_are_valid_yaml_with_the_documented_steps() -> None:
    blocks = re.findall(r"```yaml\n(.*?)```", _readme_section("Use in CI"), re.S)
    parsed = [yaml.safe_load(block) for block in blocks]
    workflow = parsed[0]
    steps = workflow["jobs"]["flowlint"]["steps"]
    uses = [s.get("uses", "") for s in steps]
    assert uses[0].startswith("actions/checkout@") and uses[1].startswith("actions/setup-python@")
    assert any(u.startswith("github/codeql-action/upload-sarif@") for u in uses)
    assert workflow["permissions"]["security-events"] == "write"
    lint = next(s for s in steps if s.get("id") == "lint")
    assert lint["run"].startswith("flowlint check --format sarif --output flowlint.sarif")
    hooks = next(p for p in parsed if isinstance(p, dict) and "repos" in p)["repos"][0]["hooks"]
    assert hooks[0]["id"] == "flowlint"


def test_the_readme_sarif_command_works_on_the_fixtures(tmp_path) -> None:
    result = run_cli("check", "--format", "sarif", "--output", str(tmp_path / "flowlint.sarif"), "fixtures/")
    assert result.returncode == 1, result.stderr  # fixtures/ holds deliberate defects
    sarif = json.loads((tmp_path / "flowlint.sarif").read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0" and sarif["runs"][0]["results"]
