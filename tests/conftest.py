"""Shared helpers: lint a value or a fixture, run the real command."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import flowlint

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"


def codes_and_subjects(report: flowlint.Report, *codes: str) -> set[tuple[str, str | None]]:
    """(code, subject id) pairs: the edge id for edge findings, else node, else assistant."""
    return {(d.code, d.edge_id or d.node_id or d.assistant_id)
            for d in report.diagnostics if not codes or d.code in codes}


def lint_value(value: Any, **options: Any) -> flowlint.Report:
    return flowlint.lint(json.dumps(value, indent=2), **options)


def run_cli(*args: str, stdin: bytes | None = None, cwd: Path = ROOT,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m flowlint`` as a separate process, as a user would."""
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1", **(env or {})}
    environment.pop("GITHUB_ACTIONS", None)
    return subprocess.run([sys.executable, "-m", "flowlint", *args], input=stdin,
                          capture_output=True, cwd=cwd, env=environment, timeout=120)


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


def pytest_terminal_summary(terminalreporter) -> None:
    """How many inputs the property and mutation suites generated (for long runs)."""
    strategies = sys.modules.get("flow_strategies")
    if strategies is not None and strategies.GENERATED:
        counts = strategies.GENERATED
        terminalreporter.write_line(f"flowlint robustness: {sum(counts.values())} generated inputs "
                                    f"({', '.join(f'{k}={v}' for k, v in sorted(counts.items()))})")
