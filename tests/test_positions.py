"""Source positions: the shortcut through the top-level array finds exactly what a full
walk from the root finds."""
from __future__ import annotations

import json

import pytest

from flowlint.positions import PositionIndex
from flowlint.source import parse_text

from conftest import FIXTURES, every_pointer


@pytest.mark.parametrize("name", ["seed-import-response.json", "clean/acme-import.json",
                                  "diagram-demo.json", "ten-defects.json"])
def test_anchored_positions_equal_a_walk_from_the_root(name):
    source = parse_text((FIXTURES / name).read_text(encoding="utf-8"), name)
    pointers = list(every_pointer(source.value))
    assert source.positions._anchors, "the top level was read element by element"
    assert source.positions.resolve(pointers) == PositionIndex(source.text).resolve(pointers)


@pytest.mark.parametrize("text, pointer, expected", [
    pytest.param('[{"id": "a"},\n {"id": "b"}]', "/1/id", (2, 9), id="list of assistants"),
    pytest.param('{"data": [1], "data": [{"id": "a"},\n  {"id": "b"}]}', "/data/1/id", (2, 10),
                 id="repeated data key: the last one counts"),
    pytest.param('{"data": {"x": 1}}', "/data/x", (1, 16), id="data that is not an array"),
    pytest.param('  "just a string"  ', "", (1, 3), id="a scalar document"),
])
def test_positions_of_unusual_top_levels(text, pointer, expected):
    source = parse_text(text, "t.json")
    assert source.parsed
    assert source.positions.position(pointer) == expected
    assert source.value == json.loads(text)


@pytest.mark.parametrize("text", ['[1, 2', '{"data": [1,, 2]}', '{"data": [1]} x', '', '[1] [2]'])
def test_broken_top_levels_still_report_the_parsers_error(text):
    source = parse_text(text, "t.json")
    assert not source.parsed
    with pytest.raises(json.JSONDecodeError) as raised:
        json.loads(text)
    [(code, finding)] = source.problems
    assert code == "FL001" and finding.message == f"invalid JSON: {raised.value.msg}"
    assert source.positions.position("") == (raised.value.lineno, raised.value.colno)
