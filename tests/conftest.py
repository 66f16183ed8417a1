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
REAL_FLOWS = ROOT.parent / "shared" / "real-flows"  # others' files: read in place, never copied


def fixture_and_real_files() -> list[Path]:
    """Every JSON fixture, then every real file of ../shared/real-flows when it is there."""
    files = sorted(FIXTURES.rglob("*.json"))
    if REAL_FLOWS.is_dir():
        files += sorted(REAL_FLOWS.rglob("*.json"))
    return files


def every_pointer(value: Any, pointer: str = ""):
    """Every JSON pointer of a parsed value, the root first, in document order."""
    from flowlint.positions import join_pointer

    yield pointer
    if isinstance(value, dict):
        for key, item in value.items():
            yield from every_pointer(item, join_pointer(pointer, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from every_pointer(item, join_pointer(pointer, index))


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


_MEASURE = """
import resource, subprocess, sys
with open(sys.argv[1], "wb") as out, open(sys.argv[2], "wb") as err:
    code = subprocess.run(sys.argv[3:], stdout=out, stderr=err).returncode
print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def run_cli_measured(tmp_path: Path, *args: str) -> tuple[subprocess.CompletedProcess, int]:
    """``run_cli`` plus the peak resident memory of the flowlint process, in bytes.

    A wrapper process runs flowlint as its only child, so RUSAGE_CHILDREN is flowlint's own
    peak, whatever other children the test process had. Output goes to files, not pipes.
    """
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    environment.pop("GITHUB_ACTIONS", None)
    out, err = tmp_path / "measured.out", tmp_path / "measured.err"
    done = subprocess.run([sys.executable, "-c", _MEASURE, str(out), str(err),
                           sys.executable, "-m", "flowlint", *args],
                          capture_output=True, cwd=ROOT, env=environment, timeout=120, check=True)
    code, peak = map(int, done.stdout.split())
    result = subprocess.CompletedProcess(args, code, out.read_bytes(), err.read_bytes())
    return result, peak * (1 if sys.platform == "darwin" else 1024)  # ru_maxrss: KiB on Linux


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
