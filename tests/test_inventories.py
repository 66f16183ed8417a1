"""--assistants / --tools: reading account inventories, on the command line and in Python."""
from __future__ import annotations

import json

import pytest

import flowlint
from flowlint.inventory import InventoryError, assistant_inventory, tool_inventory

from conftest import FIXTURES, codes_and_subjects, run_cli

ASSISTANTS = FIXTURES / "inventories" / "assistants.json"
TOOLS = FIXTURES / "inventories" / "tools.json"
FL501 = FIXTURES / "rules" / "FL501-unknown-handoff-target.json"
FL603 = FIXTURES / "rules" / "FL603-unknown-shared-tool.json"


def test_tool_inventory_maps_ids_to_types():
    assert tool_inventory(str(TOOLS))["tool-hangup"] == "hangup"


@pytest.mark.parametrize("value", [
    str(ASSISTANTS),
    ASSISTANTS,
    json.loads(ASSISTANTS.read_text()),
    json.loads(ASSISTANTS.read_text())["data"],
    {"human-agent": None, "billing-assistant": None, "assistant-human-handoff": None},
    ["human-agent", "billing-assistant", "assistant-human-handoff"],
], ids=["path", "pathlib", "envelope", "list-of-items", "mapping", "ids"])
def test_assistant_inventory_forms(value):
    assert set(assistant_inventory(value)) == {"human-agent", "billing-assistant", "assistant-human-handoff"}
    report = flowlint.lint(FL501, assistants=value)
    assert codes_and_subjects(report) == {("FL501", "to_billing")}


@pytest.mark.parametrize("value", [str(TOOLS), json.loads(TOOLS.read_text()),
                                   {"tool-faq-kb": "retrieval", "tool-crm-lookup": "webhook"}],
                         ids=["path", "envelope", "mapping"])
def test_tool_inventory_forms(value):
    report = flowlint.lint(FL603, tools=value)
    assert codes_and_subjects(report) == {("FL603", "faq"), ("FL603", "lookup")}


@pytest.mark.parametrize("content, message", [
    ("{", "tools inventory is not valid JSON"),
    ('{"items": []}', 'tools inventory must be {"data": [...]} or a list'),
    ('{"data": [{"id": "t1"}]}', 'tools inventory item 0 has no string "type"'),
    ('{"data": ["t1"]}', 'tools inventory item 0 has no string "id"'),
])
def test_bad_tools_inventory_is_exit_2_with_one_line(tmp_path, content, message):
    bad = tmp_path / "tools.json"
    bad.write_text(content)
    result = run_cli("check", str(FL603), "--tools", str(bad))
    assert result.returncode == 2
    assert result.stdout == b""
    lines = result.stderr.decode().splitlines()
    assert lines == [f"flowlint: error: {bad}: {message}"]
    with pytest.raises(InventoryError, match=message.replace("[", r"\[").replace("{", r"\{")):
        tool_inventory(str(bad))


def test_missing_assistants_inventory_is_exit_2(tmp_path):
    result = run_cli("check", str(FL501), "--assistants", str(tmp_path / "nope.json"))
    assert result.returncode == 2
    assert result.stderr.decode().count("\n") == 1
    assert "cannot read" in result.stderr.decode()


def test_inventories_on_the_command_line():
    result = run_cli("check", str(FL501), str(FL603), "--assistants", str(ASSISTANTS),
                     "--tools", str(TOOLS), "--format", "json")
    assert result.returncode == 1
    found = {(d["code"], d["edge_id"] or d["node_id"], d["severity"])
             for d in json.loads(result.stdout)["diagnostics"]}
    assert found == {("FL501", "to_billing", "error"), ("FL603", "faq", "error"),
                     ("FL603", "lookup", "error")}


def test_bad_python_inventory_values_raise():
    with pytest.raises(InventoryError):
        tool_inventory({"tool-1": 3})
    with pytest.raises(InventoryError):
        assistant_inventory([1, 2])
