"""Each rule fires on its own fixture, on the right subject, pointer, line and column."""
from __future__ import annotations

import pytest

import flowlint
from conftest import FIXTURES, codes_and_subjects

A = "assistant-"
# fixture file -> exact set of (code, subject id) it must produce
EXPECTED = {
    "FL001-invalid-json.json": {("FL001", None)},
    "FL002-schema-violation.json": {("FL002", "greet"), ("FL002", "help")},
    "FL003-unknown-type.json": {("FL003", "menu")},
    "FL004-unrecognized-document.json": {("FL004", None)},
    "FL005-duplicate-json-key.json": {("FL005", "greet")},
    "FL101-missing-start-node.json": {("FL101", None)},
    "FL102-unknown-start-node.json": {("FL102", None)},
    "FL103-empty-flow.json": {("FL103", A + "fl103")},
    "FL201-duplicate-node-id.json": {("FL201", "help")},
    "FL202-duplicate-edge-id.json": {("FL202", "e1")},
    "FL203-unknown-edge-source.json": {("FL203", "from_ghost")},
    "FL204-unknown-edge-target.json": {("FL204", "to_typo")},
    "FL205-unsafe-edge-id.json": {("FL205", "greet → help"), ("FL205", "x" * 60)},
    "FL206-duplicate-assistant-id.json": {("FL206", A + "fl206")},
    "FL301-unreachable-node.json": {("FL301", "refund"), ("FL301", "refund_done")},
    "FL302-trap-cycle.json": {("FL302", "confirm")},
    "FL303-dead-end-node.json": {("FL303", "stuck")},
    "FL304-self-loop.json": {("FL304", "again")},
}

# fixture file -> (code, pointer, line, column) of its first finding
LOCATED = {
    "FL001-invalid-json.json": ("FL001", "", 3, 30),
    "FL002-schema-violation.json": ("FL002", "/data/0/conversation_flow/nodes/0/instructions_mode", 16, 34),
    "FL003-unknown-type.json": ("FL003", "/data/0/conversation_flow/nodes/1/type", 20, 21),
    "FL005-duplicate-json-key.json": ("FL005", "/nodes/0/instructions_mode", 4, 110),
    "FL102-unknown-start-node.json": ("FL102", "/start_node_id", 2, 20),
    "FL201-duplicate-node-id.json": ("FL201", "/nodes/2/id", 17, 13),
    "FL204-unknown-edge-target.json": ("FL204", "/edges/1/target/node_id", 39, 20),
    "FL206-duplicate-assistant-id.json": ("FL206", "/data/1/id", 11, 13),
    "FL301-unreachable-node.json": ("FL301", "/data/0/conversation_flow/nodes/2", 24, 11),
    "FL304-self-loop.json": ("FL304", "/edges/1/target/node_id", 39, 20),
}


@pytest.mark.parametrize("name", sorted(EXPECTED), ids=lambda n: n[:5])
def test_rule_fixture_produces_exactly_its_findings(name: str) -> None:
    report = flowlint.lint(FIXTURES / "rules" / name)
    assert codes_and_subjects(report) == EXPECTED[name]


def test_every_rule_of_the_core_groups_has_a_fixture() -> None:
    from flowlint.rules import ALL_RULES

    core = {r.code for r in ALL_RULES if r.code[:3] in ("FL0", "FL1", "FL2", "FL3")
            and r.code not in ("FL006", "FL007")}
    assert core <= {name[:5] for name in EXPECTED}


@pytest.mark.parametrize("name", sorted(LOCATED), ids=lambda n: n[:5])
def test_findings_carry_pointer_line_and_column(name: str) -> None:
    code, pointer, line, column = LOCATED[name]
    report = flowlint.lint(FIXTURES / "rules" / name)
    first = next(d for d in report.diagnostics if d.code == code)
    assert (first.pointer, first.line, first.column) == (pointer, line, column)


def test_edge_findings_carry_the_edge_and_its_source_node() -> None:
    report = flowlint.lint(FIXTURES / "rules" / "FL204-unknown-edge-target.json")
    (finding,) = report.diagnostics
    assert (finding.edge_id, finding.node_id, finding.assistant_id) == ("to_typo", "help", None)


def test_schema_findings_carry_the_ids_of_their_enclosing_elements() -> None:
    report = flowlint.lint(FIXTURES / "rules" / "FL002-schema-violation.json")
    assert {(d.assistant_id, d.node_id) for d in report.diagnostics} == {
        ("assistant-fl002", "greet"), ("assistant-fl002", "help")}


def test_unreachable_region_names_the_node_that_leads_into_it() -> None:
    report = flowlint.lint(FIXTURES / "rules" / "FL301-unreachable-node.json")
    messages = {d.node_id: d.message for d in report.diagnostics}
    assert messages["refund"] == 'node "refund" is not reachable from start node "greet"'
    assert messages["refund_done"].endswith('it is only entered from unreachable node "refund"')


def test_trap_cycle_message_gives_the_cycle_path() -> None:
    report = flowlint.lint(FIXTURES / "rules" / "FL302-trap-cycle.json")
    assert report.diagnostics[0].message.endswith("confirm -> spin -> confirm")


def test_suggestions_name_the_closest_id() -> None:
    report = flowlint.lint(FIXTURES / "rules" / "FL102-unknown-start-node.json")
    assert report.diagnostics[0].message.endswith('did you mean "greeting"?')


def test_a_flow_with_ten_kinds_of_defect_reports_all_of_them_in_one_run() -> None:
    report = flowlint.lint(FIXTURES / "ten-defects.json")
    assert codes_and_subjects(report) == {
        ("FL002", "n_bad_mode"), ("FL003", "n_menu"), ("FL005", "n_dup_key"),
        ("FL201", "n_end"), ("FL202", "e_end"), ("FL203", "e_ghost"), ("FL204", "e_nowhere"),
        ("FL205", "e to menu"), ("FL301", "n_orphan"), ("FL302", "n_loop_a"),
        ("FL303", "n_end"), ("FL303", "n_orphan"), ("FL303", "n_dup_key"), ("FL304", "e_again"),
    }
