"""The fast reading path (each assistant parsed by jiter in Rust, its extent taken from the
layout) gives exactly what the straightforward path (the C scanner with a duplicate-key hook
on every object) gives: the same values, findings, pointers, lines, columns and duplicate
keys, on every fixture, on the real files and on generated inputs, including the inputs
made to defeat the shortcut."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

import flowlint
from flowlint import toplevel as toplevel_module
from flowlint.source import parse_text

from conftest import FIXTURES, ROOT, fixture_and_real_files

sys.path.insert(0, str(ROOT / "benchmarks"))
import generate  # noqa: E402



def _read_both(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[object, object, int]:
    """(fast source, straightforward source, elements the fast path parsed)."""
    parsed = []
    fast_element = toplevel_module.fast_element

    def spy(text: str, index: int):
        result = fast_element(text, index)
        if result is not None and result is not toplevel_module.DUPLICATE_KEYS:
            parsed.append(index)
        return result

    with monkeypatch.context() as patch:
        patch.setattr(toplevel_module, "fast_element", spy)
        fast = parse_text(text, "input.json")
    with monkeypatch.context() as patch:
        patch.setattr(toplevel_module, "fast_element", lambda text, index: None)
        plain = parse_text(text, "input.json")
    return fast, plain, len(parsed)


def _report(text: str) -> str:
    return flowlint.lint(text.encode("utf-8")).to_json()


def assert_same(text: str, monkeypatch: pytest.MonkeyPatch) -> int:
    """Both paths agree on the value, the anchors and every finding; returns the number of
    elements the fast path read."""
    fast, plain, fast_elements = _read_both(text, monkeypatch)
    assert fast.parsed == plain.parsed
    assert repr(fast.value) == repr(plain.value)  # repr: also float vs int, -0.0, key order
    assert fast.positions._anchors == plain.positions._anchors
    assert [(code, f.message, f.pointer) for code, f in fast.problems] == \
        [(code, f.message, f.pointer) for code, f in plain.problems]
    with_fast = _report(text)
    with monkeypatch.context() as patch:
        patch.setattr(toplevel_module, "fast_element", lambda text, index: None)
        assert _report(text) == with_fast  # pointers, lines, columns, messages: byte for byte
    return fast_elements



@pytest.mark.parametrize("path", fixture_and_real_files(), ids=lambda p: str(p.relative_to(p.parents[1])))
def test_every_fixture_and_real_file_reads_the_same_both_ways(path, monkeypatch):
    assert_same(path.read_text(encoding="utf-8", errors="surrogateescape"), monkeypatch)


def test_the_seed_fixture_takes_the_fast_path(monkeypatch):
    text = (FIXTURES / "seed-import-response.json").read_text(encoding="utf-8")
    assert assert_same(text, monkeypatch) == len(json.loads(text)["data"])


@pytest.mark.parametrize("findings_per_assistant", [0, 10])
def test_a_generated_import_reads_the_same_and_fast(findings_per_assistant, monkeypatch):
    document = generate.generate(12, 60, seed=3, defect_rate=0.05,
                                 findings_per_assistant=findings_per_assistant)
    text = json.dumps(document, indent=2)
    assert assert_same(text, monkeypatch) == 12


def _generated(indent=2, **dumps) -> tuple[str, list[str]]:
    """A small generated import and the text of each of its assistants."""
    data = generate.generate(6, 20, seed=9, defect_rate=0.1)["data"]
    return json.dumps({"data": data}, indent=indent, **dumps), data


def _in_assistant(text: str, number: int, old: str, new: str) -> str:
    """``text`` with the first ``old`` inside assistant ``number`` (0-based) replaced."""
    start = 0
    for _ in range(number + 1):
        start = text.index('"id": "asst-', start) + 1
    at = text.index(old, start)
    return text[:at] + new + text[at + len(old):]


MUTATIONS = {
    "duplicate key in one assistant": lambda t: _in_assistant(t, 2, '"name": ', '"name": "first", "name": '),
    "duplicate key in a nested object": lambda t: _in_assistant(t, 4, '"type": ', '"type": "x",\n "type": '),
    "NaN": lambda t: _in_assistant(t, 1, '"x": 0', '"x": NaN'),
    "Infinity": lambda t: _in_assistant(t, 3, '"y": 0', '"y": -Infinity'),
    "lone surrogate escape": lambda t: _in_assistant(t, 1, '"name": "', '"name": "\\ud800'),
    "raw tab in a string": lambda t: _in_assistant(t, 0, '"name": "', '"name": "\t'),
    "nesting deeper than jiter allows": lambda t: _in_assistant(
        t, 2, '"x": 0', '"x": ' + "[" * 300 + "]" * 300),
    "a huge integer": lambda t: _in_assistant(t, 2, '"x": 0', '"x": 1' + "0" * 5000),
    "a long integer": lambda t: _in_assistant(t, 2, '"x": 0', '"x": 123456789012345678901234567890'),
    "floats and exponents": lambda t: _in_assistant(t, 5, '"y": 0', '"y": -0.0, "z": 1E2, "w": 1e400'),
    "CRLF newlines": lambda t: t.replace("\n", "\r\n"),
    "a closing brace at an assistant's indentation inside it": lambda t: _in_assistant(
        t, 1, '"name": ', '"deep": {\n    }, "name": '),
    "an assistant that is not an object": lambda t: t.replace('{\n  "data": [\n', '{\n  "data": [\n    "text",\n', 1),
    "a truncated file": lambda t: t[: len(t) * 2 // 3],
    "a trailing comma": lambda t: t.replace("\n  ]\n}", ",\n  ]\n}"),
    "escaped keys that repeat": lambda t: _in_assistant(t, 0, '"name": ', '"n\\u0061me": "a", "name": '),
}


@pytest.mark.parametrize("mutation", list(MUTATIONS), ids=list(MUTATIONS))
def test_inputs_made_to_defeat_the_shortcut_read_the_same(mutation, monkeypatch):
    text, _ = _generated()
    assert_same(MUTATIONS[mutation](text), monkeypatch)


@pytest.mark.parametrize("layout", [
    pytest.param({"indent": 2}, id="indent 2"),
    pytest.param({"indent": 4, "ensure_ascii": False}, id="indent 4, UTF-8"),
    pytest.param({"indent": "\t"}, id="tabs"),
    pytest.param({"indent": None}, id="compact: the C scanner reads it"),
    pytest.param({"indent": None, "separators": (",", ":")}, id="minified"),
])
def test_every_layout_reads_the_same(layout, monkeypatch):
    data = generate.generate(5, 15, seed=2, defect_rate=0.1)["data"]
    data[0]["name"] = "Zoë ☎ 电话 \U0001F4DE"
    fast_elements = assert_same(json.dumps({"data": data}, **layout), monkeypatch)
    assert fast_elements == (5 if layout["indent"] is not None else 0)


def test_a_bare_list_of_assistants_reads_the_same(monkeypatch):
    data = generate.generate(4, 15, seed=5, defect_rate=0.1)["data"]
    assert assert_same(json.dumps(data, indent=2), monkeypatch) == 4


def test_a_duplicate_key_is_reported_with_its_position_on_the_fast_path(monkeypatch):
    text = _in_assistant(_generated()[0], 3, '"name": ', '"name": "first", "name": ')
    report = flowlint.lint(text.encode("utf-8"))
    duplicates = [d for d in report.diagnostics if d.code == "FL005"]
    assert len(duplicates) == 1 and duplicates[0].pointer == "/data/3/name"
    line = text.splitlines()[duplicates[0].line - 1]
    assert line[duplicates[0].column - 1:].startswith('"Contoso')  # the value that is used
    # The elements after the one with the duplicate are still read by the fast path.
    _, _, fast_elements = _read_both(text, monkeypatch)
    assert fast_elements == 5
