"""The indented JSON writer gives exactly the bytes of ``json.dumps(indent=N,
ensure_ascii=False)``, on random values and on real reports with many findings."""
from __future__ import annotations

import json

from hypothesis import given, settings, strategies as st

import flowlint
from flowlint.json_text import dumps_indented
from flowlint.report import dumps

from conftest import FIXTURES

scalars = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True)
           | st.text())
keys = st.text() | st.integers() | st.booleans() | st.none() | st.floats(allow_nan=False)
values = st.recursive(scalars, lambda children: (
    st.lists(children, max_size=5) | st.tuples(children, children)
    | st.dictionaries(keys, children, max_size=5)), max_leaves=40)


@settings(max_examples=400, deadline=None)
@given(values, st.sampled_from([0, 1, 2, 4]))
def test_the_bytes_are_those_of_json_dumps(value, indent):
    assert dumps_indented(value, indent) == json.dumps(value, indent=indent, ensure_ascii=False)


def test_empty_and_nested_empty_containers_are_written_as_json_dumps_writes_them():
    for value in ({}, [], {"a": {}}, {"a": []}, [[], {}], {"a": [{}], "b": [[]]}, [1, [2, [3, []]]]):
        assert dumps_indented(value, 2) == json.dumps(value, indent=2, ensure_ascii=False)


def test_a_report_with_many_findings_is_written_byte_for_byte_as_before():
    report = flowlint.lint(FIXTURES / "ten-defects.json")
    value = report.to_dict()
    value["diagnostics"][0]["message"] = "hostile \u202e\u2028\x7f\ud800 \"quoted\" \\ </script>"
    assert dumps(value, 2) == json.dumps(value, indent=2, ensure_ascii=False).replace(
        "\u202e", "\\u202e").replace("\u2028", "\\u2028").replace("\x7f", "\\u007f").replace(
        "\ud800", "\\ud800")
    assert json.loads(dumps(value, 2)) == value
