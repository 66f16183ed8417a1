"""The engine: selection, severity, ordering, fingerprints."""
from __future__ import annotations

import dataclasses

import pytest

import flowlint
from flowlint.rules import ALL_RULES
from flowlint.selection import SelectorError, select_rules
from conftest import FIXTURES

TEN = FIXTURES / "ten-defects.json"


@pytest.mark.parametrize("select, ignore, expected", [
    (["FL301"], [], {"FL301"}),
    (["unreachable-node"], [], {"FL301"}),
    (["FL30"], ["FL303", "FL302"], {"FL301", "FL304"}),
    (["topology"], ["FL3"], set()),
    (["FL3"], ["topology"], {"FL301", "FL302", "FL303", "FL304"}),  # a prefix beats a group
    (["ALL"], ["FL0", "FL2", "FL3"], set()),
], ids=["code", "name", "prefix-minus-codes", "group-minus-prefix", "prefix-beats-group", "all"])
def test_select_and_ignore(select, ignore, expected) -> None:
    chosen = {r.code for r in select_rules(ALL_RULES, select, ignore)}
    assert chosen & {"FL301", "FL302", "FL303", "FL304"} == expected


def test_unknown_selectors_are_named() -> None:
    with pytest.raises(SelectorError, match="'FL999', 'nope'"):
        select_rules(ALL_RULES, ["FL999", "nope"])


def test_severity_overrides_and_off() -> None:
    report = flowlint.lint(TEN, severity={"FL303": "error", "FL304": "off"})
    levels = {d.code: d.severity.label for d in report.diagnostics}
    assert levels["FL303"] == "error" and "FL304" not in levels


def test_diagnostics_are_frozen_sorted_by_file_and_position() -> None:
    report = flowlint.lint(TEN)
    assert list(report.diagnostics) == sorted(report.diagnostics)
    positions = [(d.line, d.column) for d in report.diagnostics]
    assert positions == sorted(positions)
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.diagnostics[0].code = "X"  # type: ignore[misc]


def test_fingerprints_ignore_positions_and_files(tmp_path) -> None:
    text = TEN.read_text()
    moved = tmp_path / "moved.json"
    moved.write_text("\n\n" + text.replace('"tools": [],', '"tools": [], "description": "edited",'))
    before = {d.fingerprint for d in flowlint.lint(TEN).diagnostics}
    after = {d.fingerprint for d in flowlint.lint(moved).diagnostics}
    assert before == after and len(before) == len(flowlint.lint(TEN).diagnostics)


def test_a_crashing_rule_is_reported_and_does_not_hide_the_others() -> None:
    from flowlint.rules import topology

    def explode(ctx):
        raise RuntimeError("boom")
        yield

    broken = dataclasses.replace(topology.self_loop, check=explode)
    from flowlint.engine import lint_workspace
    from flowlint.loading import load_workspace

    workspace = load_workspace([str(TEN)])
    report = lint_workspace(workspace, rules=(broken, topology.unreachable_node))
    assert [d.code for d in report.diagnostics] == ["FL301"]
    assert report.errors == [f"{TEN}: internal error in FL304 self-loop: RuntimeError: boom"]
