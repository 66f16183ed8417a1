"""Reading inputs: the four shapes, the API's input kinds, and broken bytes."""
from __future__ import annotations

import json

import pytest

import flowlint
from conftest import FIXTURES, codes_and_subjects, lint_value

FLOW = {"start_node_id": "a", "nodes": [{"id": "a", "instructions": "Hi.", "instructions_mode": "append"}]}
ASSISTANT = {"id": "a-1", "name": "A", "model": "m", "instructions": "i",
             "created_at": "2025-01-01T00:00:00Z", "conversation_flow": FLOW}


@pytest.mark.parametrize("value, shape, count", [
    ({"data": [ASSISTANT, {**ASSISTANT, "id": "a-2"}]}, "envelope", 2),
    ([ASSISTANT], "assistant-list", 1),
    (ASSISTANT, "assistant", 1),
    (FLOW, "flow", 1),
], ids=["envelope", "list", "assistant", "bare-flow"])
def test_the_four_input_shapes_are_recognised(value, shape, count) -> None:
    workspace = flowlint.load(json.dumps(value))
    assert workspace.documents[0].shape == shape
    assert len(workspace.assistants) == count
    assert lint_value(value).diagnostics == ()


@pytest.mark.parametrize("value", [42, "text", None, {"hello": "world"}, True],
                         ids=["number", "string", "null", "other-object", "bool"])
def test_anything_else_is_an_unrecognized_document(value) -> None:
    assert codes_and_subjects(lint_value(value)) == {("FL004", None)}


def test_api_accepts_text_dicts_lists_paths_and_sdk_objects() -> None:
    class SdkObject:  # what the official telnyx SDK returns
        def to_dict(self):
            return {"data": [ASSISTANT]}

    class PydanticLike:
        def model_dump(self, mode="python"):
            return ASSISTANT

    for item in (json.dumps(FLOW), FLOW, [ASSISTANT], SdkObject(), PydanticLike(),
                 FIXTURES / "seed-import-response.json", str(FIXTURES / "seed-import-response.json")):
        report = flowlint.lint(item)
        assert report.ok, item


def test_in_memory_values_have_pointers_but_no_positions() -> None:
    """No position is None in Python, as it is null in the JSON report (never 0)."""
    report = flowlint.lint({"start_node_id": "x", "nodes": [{"id": "a", "instructions": "i"}]})
    (finding,) = [d for d in report.diagnostics if d.code == "FL102"]
    assert (finding.pointer, finding.line, finding.column) == ("/start_node_id", None, None)
    assert (finding.to_dict()["line"], finding.to_dict()["column"]) == (None, None)


def test_findings_without_a_position_reach_every_format_without_one() -> None:
    import xml.etree.ElementTree as ET

    from flowlint.formatters import get_formatter
    from flowlint.formatters.options import FormatOptions

    report = flowlint.lint({"start_node_id": "x", "nodes": [{"id": "a", "instructions": "i"}]})
    assert all(d.line is None and d.column is None for d in report.diagnostics)
    assert sorted(report.diagnostics) == list(report.diagnostics)  # None sorts, never raises
    out = {name: get_formatter(name)(report, FormatOptions()) for name in ("text", "github", "junit", "sarif")}
    assert out["text"].splitlines()[0] == '<object>: FL102 [error] start node "x" is not a node of this flow'
    assert "None" not in out["text"] and ":0:" not in out["text"]
    assert "line=" not in out["github"] and "None" not in out["github"]
    assert ":None" not in out["junit"] and ":0:" not in out["junit"]
    ET.fromstring(out["junit"])
    results = json.loads(out["sarif"])["runs"][0]["results"]
    assert results and all("region" not in r["locations"][0]["physicalLocation"] for r in results)


def test_a_folder_is_read_recursively(tmp_path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "flow.json").write_text(json.dumps(FLOW))
    (tmp_path / "notes.txt").write_text("not json")
    workspace = flowlint.load(tmp_path)
    assert [d.name for d in workspace.documents] == [str(tmp_path / "sub" / "flow.json")]


@pytest.mark.parametrize("data, message, position", [
    (b'{"a": [1, 2,]}', "invalid JSON", (1, 13)),
    (b'{\n  "a": "caf\xe9"\n}', "not valid UTF-8", (2, 12)),
    (b"\xff\xfe{\x00}\x00", "UTF-16", (1, 1)),
    (b'{"a": NaN}', "NaN is not valid JSON", (1, 7)),
    (b'{"a": -Infinity}', "-Infinity is not valid JSON", (1, 7)),
    (b"[" * 3000 + b"]" * 3000, "nested more than 512 levels", (1, 513)),
    (b"", "invalid JSON", (1, 1)),
], ids=["syntax", "latin-1", "utf-16", "nan", "infinity", "deep", "empty"])
def test_broken_bytes_are_fl001_with_the_position_of_the_problem(data, message, position) -> None:
    (finding,) = flowlint.lint(data).diagnostics
    assert finding.code == "FL001"
    assert message in finding.message
    assert (finding.line, finding.column) == position


def test_a_utf8_bom_is_ignored() -> None:
    assert flowlint.lint(b"\xef\xbb\xbf" + json.dumps(FLOW).encode()).diagnostics == ()


def test_every_duplicate_key_is_reported_once_at_its_last_occurrence() -> None:
    text = '{"start_node_id": "a",\n "nodes": [{"id": "a", "instructions": "x", "instructions": "y",\n "instructions": "z", "instructions_mode": "append"}]}'
    (finding,) = flowlint.lint(text).diagnostics
    assert (finding.code, finding.node_id, finding.line, finding.column) == ("FL005", "a", 3, 18)
    assert "appears 3 times" in finding.message


@pytest.mark.parametrize("position, message", [
    ("top left", "position must be an object, not a string"),
    ({"x": 10}, 'position is missing required field "y"'),
    ({"x": "ten", "y": 0}, '"x" is invalid: input should be a valid number'),
])
def test_a_bad_node_position_is_a_schema_violation_that_names_it(position, message) -> None:
    flow = {"start_node_id": "greet", "nodes": [{"id": "greet", "instructions": "Hi.", "position": position}],
            "edges": []}
    found = [d for d in lint_value(flow).diagnostics if d.code == "FL002"]
    assert len(found) == 1 and found[0].message.startswith(message), found


def test_a_node_position_keeps_its_numbers_and_ignores_other_fields() -> None:
    flow = {"start_node_id": "greet", "edges": [],
            "nodes": [{"id": "greet", "instructions": "Hi.", "position": {"x": 1, "y": 2.5, "z": 3}}]}
    entry = flowlint.load(json.dumps(flow)).assistants[0]
    assert entry.flow.nodes[0].model.position == {"x": 1.0, "y": 2.5}
    assert entry.graph.nodes["greet"]["position"] == (1.0, 2.5)
