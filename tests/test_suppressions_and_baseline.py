"""The pieces of the gate on their own: glob and subject matching, count-aware baselines,
and baseline files that cannot be used (exit 2)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from flowlint.baseline import Baseline, BaselineEntry, dumps, entries_for
from flowlint.config import SuppressEntry
from flowlint.diagnostics import Diagnostic, Severity
from flowlint.filters import split_by_baseline
from flowlint.suppressions import glob_matches, subject_matches

from conftest import run_cli


def _diagnostic(code: str = "FL301", node: str | None = "n1", edge: str | None = None,
                assistant: str | None = "a-1", fingerprint: str = "f1", line: int = 1) -> Diagnostic:
    return Diagnostic("flows/x.json", line, 1, code, "/p", "message", "name", Severity.ERROR,
                      assistant, node, edge, fingerprint)


@pytest.mark.parametrize(("glob", "file", "matches"), [
    ("legacy/*.json", "legacy/old.json", True),
    ("legacy/*.json", "./legacy/old.json", True),
    ("legacy/*.json", "flows/legacy.json", False),
    ("*.json", "deep/in/here.json", True),
    ("old.json", "legacy/old.json", True),
    ("flows/**/draft-*.json", "flows/a/b/draft-1.json", True),
    ("legacy/*.json", "<stdin>", False),
], ids=["folder-glob", "dot-slash", "other-folder", "star-crosses-folders", "bare-name",
        "double-star", "stdin"])
def test_per_file_glob_matching(glob: str, file: str, matches: bool) -> None:
    assert glob_matches(glob, file, None) is matches


def test_per_file_glob_is_also_tried_relative_to_the_config_folder(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "legacy").mkdir()
    monkeypatch.chdir(tmp_path / "legacy")
    assert glob_matches("legacy/*.json", "old.json", tmp_path)
    assert not glob_matches("legacy/*.json", "old.json", tmp_path / "legacy")


@pytest.mark.parametrize(("entry", "diagnostic", "matches"), [
    (dict(node="n1"), _diagnostic(), True),
    (dict(node="n1"), _diagnostic(edge="e1"), False),
    (dict(edge="e1"), _diagnostic(edge="e1"), True),
    (dict(assistant="a-1"), _diagnostic(node=None), True),
    (dict(assistant="a-2", node="n1"), _diagnostic(), False),
    (dict(node="n1", rule="FL303"), _diagnostic(), False),
], ids=["node", "node-does-not-cover-its-edges", "edge", "whole-assistant", "other-assistant",
        "other-rule"])
def test_suppress_entry_subject_matching(entry: dict, diagnostic: Diagnostic, matches: bool) -> None:
    suppress = SuppressEntry(**{"rule": "FL301", "reason": "why", **entry})
    assert subject_matches(suppress, diagnostic) is matches


def test_baseline_matching_is_count_aware() -> None:
    twice = [_diagnostic(line=3), _diagnostic(line=9), _diagnostic(line=12)]
    entries = entries_for(twice[:2])
    new, unmatched = split_by_baseline(twice, Baseline(entries))
    assert new == [twice[2]] and unmatched == []
    new, unmatched = split_by_baseline(twice[:1], Baseline(entries))
    assert new == [] and unmatched == [1]


def test_baseline_file_is_sorted_and_stable() -> None:
    diagnostics = [_diagnostic(code="FL304", fingerprint="b"), _diagnostic(code="FL201", fingerprint="a")]
    text = dumps(entries_for(diagnostics))
    assert text == dumps(entries_for(reversed(diagnostics)))
    document = json.loads(text)
    assert [e["code"] for e in document["entries"]] == ["FL201", "FL304"]
    assert set(document["entries"][0]) == set(BaselineEntry.model_fields)


@pytest.mark.parametrize(("content", "named"), [
    (None, "cannot read baseline"),
    ("{not json", "not valid JSON"),
    ('{"entries": []}', "not a flowlint baseline"),
    ('{"version": 7, "entries": []}', "version 7"),
], ids=["missing", "not-json", "no-version", "future-version"])
def test_unusable_baseline_is_exit_2(tmp_path: Path, content: str | None, named: str) -> None:
    (tmp_path / "flow.json").write_text('{"start_node_id": "a", "nodes": [{"id": "a", "instructions": "x"}],'
                                        ' "edges": []}', encoding="utf-8")
    if content is not None:
        (tmp_path / "base.json").write_text(content, encoding="utf-8")
    result = run_cli("check", "flow.json", "--baseline", "base.json", cwd=tmp_path)
    assert result.returncode == 2
    assert named in result.stderr.decode() and "base.json" in result.stderr.decode()


def test_the_summary_says_how_many_findings_the_baseline_and_suppressions_hid(tmp_path: Path) -> None:
    """As ruff does: a gate that hides findings says how many, in text and in JSON."""
    (tmp_path / "flow.json").write_text((Path(__file__).parent.parent / "fixtures" / "ten-defects.json").read_text())
    run_cli("check", "flow.json", "--select", "FL3", "--write-baseline", "baseline.json", cwd=tmp_path)
    (tmp_path / "flowlint.toml").write_text(
        '[[suppress]]\nrule = "FL301"\nnode = "n_orphan"\nreason = "kept for the next release"\n')
    text = run_cli("check", "flow.json", "--baseline", "baseline.json", cwd=tmp_path).stdout.decode()
    summary = text.splitlines()[-1]
    recorded = len(json.loads((tmp_path / "baseline.json").read_text())["entries"])
    assert summary.endswith(f"; {recorded - 1} hidden by the baseline, 1 suppressed"), summary
    report = json.loads(run_cli("check", "flow.json", "--baseline", "baseline.json", "--format", "json",
                                cwd=tmp_path).stdout)
    assert report["hidden"] == {"baseline": recorded - 1, "suppressed": 1}


def test_nothing_hidden_leaves_the_summary_as_it_was(tmp_path: Path) -> None:
    (tmp_path / "flow.json").write_text('{"start_node_id": "a", "nodes": [{"id": "a", "instructions": "Hi."}]}')
    result = run_cli("check", "flow.json", "--ignore", "FL6", cwd=tmp_path)
    assert result.stdout.decode().splitlines()[-1] == "0 errors, 0 warnings, 0 info in 1 file (0 assistants)"
    report = json.loads(run_cli("check", "flow.json", "--format", "json", cwd=tmp_path).stdout)
    assert report["hidden"] == {"baseline": 0, "suppressed": 0}
