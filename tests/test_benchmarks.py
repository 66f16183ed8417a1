"""The benchmark suite cannot rot: the generator makes inputs flowlint reads exactly as
intended (clean unless a defect was planted, one finding per defect), and the runner runs
end to end on a tiny size. Timings are never asserted: the runner reports targets."""
from __future__ import annotations

import collections
import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

import flowlint
from conftest import ROOT

BENCHMARKS = ROOT / "benchmarks"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"flowlint_benchmarks_{name}", BENCHMARKS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


generate = _load("generate")
runner = _load("run")


def _lint(document: dict) -> flowlint.Report:
    return flowlint.lint(json.dumps(document, indent=2))


def _findings(report: flowlint.Report) -> collections.Counter:
    return collections.Counter((d.code, d.assistant_id, d.edge_id or d.node_id or d.assistant_id)
                               for d in report.diagnostics)


def _expected(defects: list) -> collections.Counter:
    return collections.Counter((d.code, d.assistant_id, d.subject) for d in defects)


def _walk(value):
    yield value
    if isinstance(value, dict):
        for item in value.values():
            yield from _walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item)


# ------------------------------------------------------------------------------ generator

def test_the_same_seed_gives_the_same_response_and_another_seed_another():
    assert generate.generate(4, 30, seed=7) == generate.generate(4, 30, seed=7)
    assert generate.generate(4, 30, seed=7) != generate.generate(4, 30, seed=8)


@pytest.mark.parametrize("assistants, nodes", [(0, 1), (1, 1), (3, 5), (6, 40)],
                         ids=["no-assistants", "one-node", "tiny", "small"])
def test_the_streamed_file_is_exactly_what_json_dump_indent_2_writes(tmp_path, assistants, nodes):
    path = tmp_path / "import.json"
    size, _ = generate.write(path, assistants, nodes, seed=3)
    expected = json.dumps(generate.generate(assistants, nodes, seed=3), indent=2)
    assert path.read_text() == expected
    assert size == len(expected)
    assert [p.name for p in tmp_path.iterdir()] == ["import.json"]  # no temporary file left


def test_the_command_line_writes_the_file(tmp_path):
    path = tmp_path / "out.json"
    done = subprocess.run([sys.executable, str(BENCHMARKS / "generate.py"), "--assistants", "2",
                           "--nodes", "10", "--seed", "1", "-o", str(path)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(path.read_text()) == generate.generate(2, 10, seed=1)
    assert "2 assistants x 10 nodes" in done.stderr


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_without_defects_the_response_lints_clean(seed):
    report = _lint(generate.generate(25, 60, seed=seed, defect_rate=0))
    assert [(d.code, d.assistant_id, d.edge_id or d.node_id) for d in report.diagnostics] == []


def test_the_shape_is_read_as_an_envelope_of_assistants_with_flows():
    document, defects = generate.generate_with_defects(10, 50, seed=5, defect_rate=0.05)
    report = _lint(document)
    assert not {d.code for d in report.diagnostics} & {"FL001", "FL002", "FL003", "FL004", "FL005"}
    workspace = flowlint.load(json.dumps(document))
    assert [entry.id for entry in workspace.assistants] == [a["id"] for a in document["data"]]
    assert all(len(a["conversation_flow"]["nodes"]) == 50 for a in document["data"])


def test_every_node_condition_target_expression_and_tool_type_occurs():
    document = generate.generate(30, 100, seed=0, defect_rate=0.02)
    flows = [a["conversation_flow"] for a in document["data"]]
    nodes = [n for f in flows for n in f["nodes"]]
    edges = [e for f in flows for e in f["edges"]]
    assert {n["type"] for n in nodes} == {"prompt", "tool", "speak"}
    assert {e["condition"]["type"] for e in edges} == {"llm", "expression", "default"}
    assert {e["target"]["type"] for e in edges} == {"node", "assistant"}
    ast = [item for e in edges if e["condition"]["type"] == "expression"
           for item in _walk(e["condition"]["expression"]) if isinstance(item, dict)]
    assert {item["type"] for item in ast} == {"comparison", "bool_op", "arithmetic", "variable",
                                              "string_literal", "number_literal", "bool_literal"}
    assert {item["op"] for item in ast if item["type"] == "bool_op"} == {"and", "or", "not"}
    nested = [item for item in ast if item["type"] == "bool_op"
              and any(o.get("type") == "bool_op" for o in item["operands"])]
    assert nested, "and/or/not nested in one another"
    tools = {t["type"] for a in document["data"] for t in a["tools"]}
    assert {"hangup", "webhook", "transfer", "function", "handoff"} <= tools
    assert all("position" in n for n in nodes)
    prompts = [n for n in nodes if n["type"] == "prompt"]
    assert {n.get("instructions_mode") for n in prompts} >= {"append", "replace"}
    assert any("shared_tool_ids" in n and "tools_mode" in n for n in prompts)
    assert any("shared_tool_id" in n for n in nodes)


def test_hand_offs_point_at_other_generated_assistants():
    document = generate.generate(20, 80, seed=2, defect_rate=0)
    ids = [a["id"] for a in document["data"]]
    handoffs = [(a["id"], e["target"]["assistant_id"]) for a in document["data"]
                for e in a["conversation_flow"]["edges"] if e["target"]["type"] == "assistant"]
    assert len({source for source, _ in handoffs}) > 5
    assert all(target in ids and ids.index(target) > ids.index(source) for source, target in handoffs)


def test_each_planted_defect_causes_exactly_its_finding():
    document, defects = generate.generate_with_defects(30, 100, seed=11, defect_rate=0.05)
    assert {d.kind for d in defects} == set(generate.DEFECT_KINDS)
    assert _findings(_lint(document)) == _expected(defects)


def test_the_many_findings_input_plants_k_more_findings_in_every_assistant():
    plain, plain_defects = generate.generate_with_defects(20, 100, seed=4)
    many, defects = generate.generate_with_defects(20, 100, seed=4, findings_per_assistant=10)
    per_assistant = collections.Counter(d.assistant_id for d in defects)
    assert len(defects) == len(plain_defects) + 20 * 10
    assert all(count >= 10 for count in per_assistant.values()) and len(per_assistant) == 20
    assert sum(d.code == "FL408" for d in defects) >= 20 * 3  # the commonest real mistake first
    assert _findings(_lint(many)) == _expected(defects)


def test_the_default_rate_gives_a_few_hundred_findings_per_hundred_thousand_nodes():
    document, defects = generate.generate_with_defects(100, 100, seed=0)
    per_100k = len(defects) * 100_000 / (100 * 100)
    assert 200 <= per_100k <= 700
    assert _findings(_lint(document)) == _expected(defects)


# --------------------------------------------------------------------------------- runner

@pytest.mark.parametrize("text, sizes", [("100x100", [(100, 100)]),
                                         ("100x100,1000X100", [(100, 100), (1000, 100)]),
                                         (" 3x5 , 4x6", [(3, 5), (4, 6)])])
def test_sizes_are_read_as_assistants_by_nodes(text, sizes):
    assert runner.parse_sizes(text) == sizes


@pytest.mark.parametrize("text", ["100", "100x", "x100", "0x10", "10x0", "axb", "1x2x3"])
def test_a_malformed_size_is_refused(text):
    with pytest.raises(Exception, match="size"):
        runner.parse_sizes(text)


def test_the_runner_prints_the_table_and_writes_the_figures(tmp_path):
    figures = tmp_path / "figures.json"
    done = subprocess.run([sys.executable, str(BENCHMARKS / "run.py"), "--sizes", "3x5,6x5",
                           "--many-findings", "3x5", "--findings-per-assistant", "2",
                           "--runs", "1", "--cache-dir", str(tmp_path / "cache"),
                           "--json", str(figures)],
                          capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    assert header == ["input", "file MB", "findings", "flowlint wall s", "json.load wall s",
                      "wall ratio", "flowlint peak RSS MB", "json.load peak RSS MB", "RSS ratio",
                      "target", "result"]
    assert any(line.startswith("| 3 x 5 |") for line in lines)
    assert any(line.startswith("| 6 x 5 |") for line in lines)
    assert any(line.startswith("| 3 x 5, +2 findings per assistant |") for line in lines)
    assert any(line.startswith("| 6 x 5: user script (pydantic + networkx) |") for line in lines)
    assert any(line.startswith("| startup: seed fixture") for line in lines)
    assert any(line.startswith("| 3 x 5 -> 6 x 5 |") for line in lines)
    assert any("Check path on the seed fixture: imports none of matplotlib, graphviz, IPython" in line
               for line in lines)
    assert any(line.startswith("- Machine: ") and "Python" in line for line in lines)
    raw = json.loads(figures.read_text())
    assert [row["case"] for row in raw["sizes"]] == ["3 x 5", "6 x 5"]
    assert all(row["flowlint_wall"] > 0 and row["baseline_rss"] > 0 for row in raw["sizes"])
    assert len(raw["samples"]["3 x 5"]["flowlint"]) == 1
    assert [row["case"] for row in raw["extra"]] == [
        "3 x 5: user script (pydantic + networkx)", "6 x 5: user script (pydantic + networkx)",
        "3 x 5, +2 findings per assistant"]
    many = next(row for row in raw["extra"] if "findings per assistant" in row["case"])
    plain = next(row for row in raw["sizes"] if row["case"] == "3 x 5")
    assert many["findings"] == plain["findings"] + 2 * 3
    assert sorted(p.name.split("-seed")[0] for p in (tmp_path / "cache").iterdir()) == [
        "import-3x5", "import-3x5-findings2", "import-6x5"]


def test_the_users_script_finds_the_unreachable_nodes_and_missing_targets_flowlint_finds(tmp_path):
    """The yardstick does real work: it reports exactly the planted FL301 and FL204 defects."""
    document, defects = generate.generate_with_defects(30, 100, seed=11, defect_rate=0.05)
    path = tmp_path / "import.json"
    path.write_text(json.dumps(document))
    done = subprocess.run([sys.executable, str(BENCHMARKS / "user_script.py"), str(path)],
                          capture_output=True, text=True, timeout=120)
    found = [line for line in done.stdout.splitlines() if line]
    planted = [d for d in defects if d.code in ("FL301", "FL204")]
    assert done.returncode == 1 and len(found) == len(planted) > 0
    assert {line.split(":")[0] for line in found} == {d.assistant_id for d in planted}


def test_a_crashing_flowlint_aborts_the_benchmark(tmp_path):
    with pytest.raises(runner.BenchmarkError, match="exited with code 3"):
        runner.measure([sys.executable, "-c", "import sys; sys.exit(3)"], (0, 1))
    with pytest.raises(runner.BenchmarkError, match="ZeroDivisionError"):
        runner.measure([sys.executable, "-c", "1 / 0"], (0, 1))
    sample = runner.measure([sys.executable, "-c", "import sys; sys.exit(1)"], (0, 1))
    assert sample.wall > 0 and sample.rss > 1


def test_from_the_target_size_up_one_process_and_the_reading_floor_are_measured_too(tmp_path, monkeypatch):
    """Where the targets apply, the runner also times ``--jobs 1`` and ``--select FL001``
    (every assistant read and validated, no rule run: what the design costs before any rule)."""
    monkeypatch.setattr(runner, "TARGET_MIN_NODES", 1)
    results = runner.run([(3, 5)], 1, 0, tmp_path / "cache")
    assert [case.name for case in results["extra"]] == [
        "3 x 5: one process (`--jobs 1`)", "3 x 5: reading and validating only (`--select FL001`)",
        "3 x 5: user script (pydantic + networkx)"]
    assert all(case.yardstick and case.flowlint and case.baseline for case in results["extra"])
