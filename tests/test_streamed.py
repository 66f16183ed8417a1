"""Checking assistants one at a time (``flowlint check``'s path) reports exactly what
reading the whole input first reports: same findings, pointers, lines and columns."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from flowlint.engine import lint_streamed, lint_workspace
from flowlint.loading import load_workspace

from conftest import FIXTURES, ROOT, fixture_and_real_files

sys.path.insert(0, str(ROOT / "benchmarks"))
import generate  # noqa: E402



def assert_same(paths: list[str], **read_options: object) -> str:
    whole = lint_workspace(load_workspace(paths, **read_options)).to_json()
    streamed = lint_streamed(paths, **read_options)
    assert streamed.to_json() == whole
    return whole



@pytest.mark.parametrize("path", fixture_and_real_files(), ids=lambda p: p.name)
def test_every_fixture_and_real_file_reports_the_same(path: Path) -> None:
    assert_same([str(path)])


def test_a_whole_folder_reports_the_same_across_files() -> None:
    # Hand-off targets and duplicate ids are checked across every file of the run.
    assert_same([str(FIXTURES)])


def _envelope(assistants: int = 6, seed: int = 3) -> dict:
    return generate.generate(assistants, 12, seed=seed, defect_rate=0.1)


@pytest.mark.parametrize("indent", [2, 4, None, "\t"])
def test_generated_inputs_report_the_same_in_every_layout(tmp_path: Path, indent: object) -> None:
    path = tmp_path / "import.json"
    path.write_text(json.dumps(_envelope(), indent=indent))
    report = json.loads(assert_same([str(path)]))
    assert len(report["diagnostics"]) >= 5


def _variants(text: str) -> dict[str, str]:
    body = json.loads(text)
    first = json.dumps(body["data"][0], indent=2)
    return {
        "a bare list": json.dumps(body["data"], indent=2),
        "meta after data": text[:text.rindex("}")] + ', "meta": {"total": 6}\n}',
        "data twice": text[:text.rindex("}")] + ', "data": []\n}',
        "data after another key": '{"meta": 1, ' + text.lstrip()[1:],
        "repeated key in one assistant": text.replace('"name":', '"name": "x", "name":', 1),
        "invalid JSON in the last assistant": text[:text.rindex("]")] + ", {]\n}",
        "trailing text": text + " x",
        "a tool first": '[{"type": "webhook", "id": "t1"}, ' + first + "]",
        "an empty list": '{"data": []}',
        "a string first": '["a", ' + first + "]",
        "NaN inside": text.replace('"name":', '"nan": NaN, "name":', 1),
    }


@pytest.mark.parametrize("variant", list(_variants(json.dumps(_envelope(), indent=2))))
def test_inputs_the_element_reading_cannot_settle_report_the_same(tmp_path: Path, variant: str) -> None:
    path = tmp_path / "input.json"
    path.write_text(_variants(json.dumps(_envelope(), indent=2))[variant])
    assert_same([str(path)])


def test_hand_offs_between_files_are_checked_after_every_file_is_read(tmp_path: Path) -> None:
    body = _envelope(assistants=4)
    first, second = dict(body, data=body["data"][:2]), dict(body, data=body["data"][2:])
    (tmp_path / "a.json").write_text(json.dumps(first, indent=2))
    (tmp_path / "b.json").write_text(json.dumps(second, indent=2))
    assert_same([str(tmp_path / "a.json"), str(tmp_path / "b.json")])


def test_a_checked_assistant_keeps_only_its_hand_offs() -> None:
    path = FIXTURES / "seed-import-response.json"
    report = lint_streamed([str(path)])
    for entry in report.workspace.assistants:
        assert entry.flow is None or (not entry.flow.nodes and all(e.is_handoff for e in entry.flow.edges))
        assert entry.model is None and entry.id is not None  # its own rules read the model
    assert report.workspace.documents[0].source.value["data"] == [None]


@pytest.mark.parametrize("path", [FIXTURES / "rules" / "FL504-legacy-handoff-tool.json",
                                  FIXTURES / "seed-import-response.json"])
def test_the_streamed_workspace_keeps_the_hand_off_graph(path: Path) -> None:
    import networkx as nx

    whole = load_workspace([str(path)])
    streamed = lint_streamed([str(path)]).workspace
    assert nx.utils.graphs_equal(streamed.handoff_graph, whole.handoff_graph)
    assert all(tool.type == "handoff" for entry in streamed.assistants for tool in entry.tools)
    assert any(tool.type == "handoff" for entry in whole.assistants for tool in entry.tools) == (
        any(entry.tools for entry in streamed.assistants))
