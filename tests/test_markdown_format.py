"""`flowlint check --format markdown`: a GitHub step summary or pull-request comment.

The Mermaid blocks are checked with the real Mermaid parser from npm (tests/js: run
``npm ci --prefix tests/js`` once; .ci/run does). Without node or that install the parser
tests are skipped, except in CI (``CI=true``), where they fail.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given

import flowlint
from conftest import FIXTURES, ROOT, run_cli
from devtools import in_ci
from flow_strategies import budget, count
from flowlint.diagrams import to_mermaid
from flowlint.formatters import get_formatter, markdown
from flowlint.formatters.options import FormatOptions
from hostile_flows import hostile_flows
from test_mutations import mutated_fixture

PARSER = ROOT / "tests" / "js" / "parse-mermaid.mjs"
MERMAID_BLOCK = re.compile(r"^```mermaid\n(.*?)^```$", re.S | re.M)


def summary_of(report: flowlint.Report) -> str:
    return get_formatter("markdown")(report, FormatOptions())


def mermaid_parse(diagrams: list[str]) -> list[dict]:
    """Each diagram through ``mermaid.parse`` (the npm package), in one node process."""
    node = shutil.which("node")
    installed = (ROOT / "tests" / "js" / "node_modules" / "mermaid").is_dir()
    if node is None or not installed:
        if in_ci():
            pytest.fail("CI=true but node or tests/js/node_modules is missing (npm ci --prefix tests/js)")
        pytest.skip("the Mermaid parser is not installed (npm ci --prefix tests/js)")
    done = subprocess.run([node, str(PARSER)], input=json.dumps(diagrams), capture_output=True,
                          text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def assert_valid_mermaid(diagrams: list[str]) -> None:
    results = mermaid_parse(diagrams)
    bad = [(text[:200], r["error"]) for text, r in zip(diagrams, results) if not r["ok"]]
    assert bad == []
    assert all(r["type"] == "flowchart-v2" for r in results)


def table_cells(line: str) -> list[str]:
    """The cells of a GFM table row (``|`` inside a cell is escaped as ``\\|``)."""
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", line.strip())[1:-1]]


def test_the_command_prints_a_summary_and_exits_as_check_does() -> None:
    done = run_cli("check", str(FIXTURES / "ten-defects.json"), "--format", "markdown")
    assert done.returncode == 1, done.stderr
    text = done.stdout.decode("utf-8")
    report = flowlint.lint(str(FIXTURES / "ten-defects.json"))
    counts = report.summary
    assert text.startswith(f"## flowlint\n\n{counts['error']} errors, {counts['warning']} warnings, "
                           f"{counts['info']} info in 1 file (1 assistant).\n")
    dead_ends = sum(1 for d in report.diagnostics if d.code == "FL303")
    assert f"| FL303 `dead-end-node` | warning | {dead_ends} |" in text
    rows = [line for line in text.splitlines() if re.match(r"\| (error|warning|info) \| FL\d+ \|", line)]
    assert len(rows) == len(report.diagnostics)
    assert len(MERMAID_BLOCK.findall(text)) == 1
    assert "#### `Ten defects (assistant-ten-defects)`" in text


def test_a_clean_run_says_so() -> None:
    done = run_cli("check", str(FIXTURES / "clean"), "--ignore", "FL503", "--format", "markdown")
    assert done.returncode == 0
    assert done.stdout.decode().endswith("No findings.\n") and b"```" not in done.stdout


def test_only_flows_with_findings_are_drawn_and_the_mermaid_is_valid() -> None:
    report = flowlint.lint(str(FIXTURES / "diagram-demo.json"), str(FIXTURES / "ten-defects.json"),
                           str(FIXTURES / "seed-import-response.json"))
    text = summary_of(report)
    blocks = MERMAID_BLOCK.findall(text)
    with_findings = {(d.file, d.assistant_id) for d in report.diagnostics}
    drawn = [e for e in report.workspace.assistants if e.flow is not None and (e.document.name, e.id) in with_findings]
    assert len(blocks) == len(drawn) < len([e for e in report.workspace.assistants if e.flow is not None])
    assert_valid_mermaid(blocks)


def test_hostile_strings_stay_inside_their_cells_and_the_mermaid_stays_valid() -> None:
    report = flowlint.lint(hostile_flows())
    text = summary_of(report)
    rows = [line for line in text.splitlines() if re.match(r"\| (error|warning|info) \| FL\d+ \|", line)]
    assert len(rows) == len(report.diagnostics)
    assert all(len(table_cells(row)) == 6 for row in rows), "a | in flow text never adds a column"
    outside_code = re.sub(r"(`+)(?:(?!\1).)*?\1", "", "\n".join(rows))  # drop the code spans
    assert "<" not in outside_code and "@" not in outside_code and "](" not in outside_code
    assert "\x00" not in text and "\u202e" not in text and "\\u202eevil" in text
    blocks = MERMAID_BLOCK.findall(text)
    assert len(blocks) == 2
    assert_valid_mermaid(blocks + [to_mermaid(report, handoffs=True)])
    for block in blocks:
        assert "<script" not in block and "<img" not in block and "`" not in block


def test_the_golden_and_fixture_diagrams_parse() -> None:
    diagrams = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "tests/golden/diagrams").glob("*.mmd"))]
    for path in sorted((FIXTURES / "providers").rglob("*.json")):
        report = flowlint.lint(str(path))
        diagrams += MERMAID_BLOCK.findall(summary_of(report))
    assert len(diagrams) > 6
    assert_valid_mermaid(diagrams)


def big_run(flows: int, nodes: int) -> str:
    """An import response of ``flows`` assistants, each a chain of ``nodes`` prompt nodes with
    long names and no instructions_mode (FL601 on every node)."""
    data = []
    for a in range(flows):
        chain = [{"type": "prompt", "id": f"node_{i}", "name": f"Step {i} " + "x" * 40, "instructions": "i"}
                 for i in range(nodes)]
        edges = [{"id": f"e_{i}", "start_node_id": f"node_{i}", "condition": {"type": "llm", "prompt": "go on " * 8},
                  "target": {"type": "node", "node_id": f"node_{i + 1}"}} for i in range(nodes - 1)]
        data.append({"id": f"assistant-{a}", "name": f"Assistant {a}", "created_at": "2026-01-01T00:00:00Z",
                     "model": "m", "instructions": "i",
                     "conversation_flow": {"start_node_id": "node_0", "nodes": chain, "edges": edges}})
    return json.dumps({"data": data})


def test_a_huge_run_stays_within_githubs_limits_and_says_what_it_left_out() -> None:
    report = flowlint.lint(big_run(flows=30, nodes=60))
    text = summary_of(report)
    assert len(text) <= markdown.LIMIT  # a comment's limit; a step summary allows 1 MiB
    assert len(text.encode("utf-8")) <= 1024 * 1024
    shown = sum(1 for line in text.splitlines() if line.startswith("| warning | FL601"))
    assert 0 < shown < len(report.diagnostics)
    assert f"- {len(report.diagnostics) - shown} more findings not shown" in text
    blocks = MERMAID_BLOCK.findall(text)
    assert 0 < len(blocks) < 30
    assert f"- {30 - len(blocks)} diagrams left out to stay within GitHub's size limit: " in text
    assert all(len(block) <= markdown.MERMAID_MAX_TEXT for block in blocks)


def test_a_flow_too_big_for_mermaid_is_named_not_drawn() -> None:
    report = flowlint.lint(big_run(flows=1, nodes=markdown.MERMAID_MAX_EDGES + 5))
    text = summary_of(report)
    assert not MERMAID_BLOCK.findall(text)
    assert (f"- not drawn, too large for Mermaid: `assistant-0`: {markdown.MERMAID_MAX_EDGES + 4} edges "
            f"(Mermaid draws at most {markdown.MERMAID_MAX_EDGES})." in text)
    assert len(text) <= markdown.LIMIT


def test_unreadable_inputs_are_listed(tmp_path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    done = run_cli("check", str(broken), str(tmp_path / "missing.json"), "--format", "markdown")
    assert done.returncode == 2
    text = done.stdout.decode()
    assert "**Inputs that could not be read:**\n\n- `" in text and "missing.json: cannot read" in text
    assert "| error | FL001 |" in text  # the broken file is read, and is a finding




def test_markdown_never_imports_the_renderer(tmp_path: Path) -> None:
    script = ("import sys; from flowlint.cli import main\n"
              "code = main(['check', sys.argv[1], '--format', 'markdown', '-o', sys.argv[2]])\n"
              "bad = [m for m in ('matplotlib', 'graphviz', 'pygraphviz', 'flowlint.diagrams.render') if m in sys.modules]\n"
              "print(bad, file=sys.stderr); sys.exit(3 if bad else 0)")
    done = subprocess.run([sys.executable, "-c", script, str(FIXTURES / "ten-defects.json"),
                           str(tmp_path / "summary.md")], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr


REAL_FLOWS = ROOT.parent / "shared" / "real-flows"


@pytest.mark.skipif(not REAL_FLOWS.is_dir(), reason="../shared/real-flows is not beside the repository")
def test_real_flows_give_a_summary_with_valid_mermaid() -> None:
    done = run_cli("check", str(REAL_FLOWS), "--format", "markdown", "--exit-zero")
    assert done.returncode in (0, 2), done.stderr  # 2: a file there that is no flow at all
    text = done.stdout.decode("utf-8")
    blocks = MERMAID_BLOCK.findall(text)
    assert blocks and len(text) <= markdown.LIMIT
    assert_valid_mermaid(blocks)


@budget(60)
@given(mutated_fixture())
def test_any_mutated_fixture_gives_a_well_formed_summary(case) -> None:
    count("markdown mutations")
    _, data = case
    report = flowlint.lint(data)
    text = summary_of(report)
    rows = [line for line in text.splitlines() if re.match(r"\| (error|warning|info) \| FL\d+ \|", line)]
    assert len(rows) == len(report.diagnostics)
    assert all(len(table_cells(row)) == 6 for row in rows)
    assert len(text) <= markdown.LIMIT
