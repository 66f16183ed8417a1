"""The shortcuts of the engine's per-finding path give exactly what the straightforward
code gives: positions from the position walker (one regex per key and separator, a stop at
the last wanted pointer when no key repeats) equal a full walk that records every value,
FL402's ASCII normalisation equals the Unicode one, and sorting by key equals sorting by
``Diagnostic.__lt__``."""
from __future__ import annotations

import json
import random
import string
import sys
import unicodedata
from json.decoder import scanstring
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from flowlint.diagnostics import Diagnostic, Severity
from flowlint.positions import join_pointer, line_col
from flowlint.rules.llm_edges import normalise_prompt
from flowlint.source import parse_text

from conftest import FIXTURES, ROOT, every_pointer, fixture_and_real_files

sys.path.insert(0, str(ROOT / "benchmarks"))
import generate  # noqa: E402

_SCAN = json.JSONDecoder().scan_once
_SPACE = " \t\n\r"


def _skip_space(text: str, index: int) -> int:
    while index < len(text) and text[index] in _SPACE:
        index += 1
    return index


def reference_offsets(text: str) -> dict[str, int]:
    """Where every value starts, by a plain recursive walk of the whole text; a repeated
    key's later value overwrites the earlier one, as parsing does."""
    offsets: dict[str, int] = {}

    def value(index: int, pointer: str) -> int:
        offsets[pointer] = index
        if text[index] == "{":
            index = _skip_space(text, index + 1)
            while text[index] != "}":
                key, index = scanstring(text, index + 1)
                index = _skip_space(text, _skip_space(text, index) + 1)  # past the colon
                index = _skip_space(text, value(index, join_pointer(pointer, key)))
                if text[index] == ",":
                    index = _skip_space(text, index + 1)
            return index + 1
        if text[index] == "[":
            index, position = _skip_space(text, index + 1), 0
            while text[index] != "]":
                index = _skip_space(text, value(index, f"{pointer}/{position}"))
                position += 1
                if text[index] == ",":
                    index = _skip_space(text, index + 1)
            return index + 1
        return _SCAN(text, index)[1]

    value(_skip_space(text, 0), "")
    return offsets


def assert_positions_exact(text: str, sample: int | None = None) -> None:
    source = parse_text(text, "input.json")
    assert source.parsed
    expected = reference_offsets(text)
    pointers = list(every_pointer(source.value))
    if sample is not None and len(pointers) > sample:
        pointers = random.Random(0).sample(pointers, sample)
    # Asked one at a time (each walk stops at its pointer) and all at once (one walk).
    for pointer in pointers[:200]:
        fresh = parse_text(text, "input.json")
        assert fresh.positions.position(pointer) == line_col(text, expected[pointer]), pointer
    resolved = source.positions.resolve(pointers)
    assert {p: resolved[p] for p in pointers} == {p: line_col(text, expected[p]) for p in pointers}



@pytest.mark.parametrize("path", fixture_and_real_files(), ids=lambda p: p.name)
def test_positions_equal_a_full_walk_on_every_fixture_and_real_file(path):
    text = path.read_bytes().decode("utf-8", "replace")
    try:
        json.loads(text)
    except ValueError:
        pytest.skip("not JSON: positions are those of the parse error")
    assert_positions_exact(text, sample=3000)


@pytest.mark.parametrize("findings_per_assistant", [0, 10])
def test_positions_equal_a_full_walk_on_a_generated_import(tmp_path, findings_per_assistant):
    path = tmp_path / "import.json"
    generate.write(path, 12, 30, 0, findings_per_assistant=findings_per_assistant)
    assert_positions_exact(path.read_text(encoding="utf-8"), sample=5000)


@pytest.mark.parametrize("text", [
    pytest.param('{"a": {"b": 1}, "a": {"c": 2}}', id="a repeated key: the later value counts"),
    pytest.param('{"data": [{"id": "x", "id": "y", "n": [1, 2]}]}', id="repeated key in an assistant"),
    pytest.param('{"k\\"ey": 1, "k\\u0065y": [true, {"x\\\\": null}], "": {"": 0}}', id="escaped and empty keys"),
    pytest.param('{"01": [0, 1], "1": {"01": 5}}', id="keys that look like indices"),
    pytest.param('[ {"a" :1 ,"b"\t:\n[ 1 ,2 ]} ,\r\n{ } , [ ] ]', id="odd whitespace"),
    pytest.param('{"data": [{"id": "é", "ünï": {"k": "😀"}}, {"id": "b"}]}', id="non-ASCII"),
    pytest.param('{"data": [\n  {\n    "id": "a",\n    "x": {"y": [1, {"z": 2}]}\n  }\n]}', id="indented"),
])
def test_positions_equal_a_full_walk_on_unusual_texts(text):
    assert_positions_exact(text)


def _general_normalisation(prompt: str) -> str:
    """FL402's normalisation without its ASCII shortcut."""
    text = "".join(" " if unicodedata.category(c)[0] in "PS" else c for c in prompt.casefold())
    return " ".join(text.split())


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_the_ascii_normalisation_of_prompts_equals_the_unicode_one(prompt):
    assert normalise_prompt(prompt) == _general_normalisation(prompt)


def test_every_ascii_character_normalises_as_unicode_says():
    for char in map(chr, range(128)):
        assert normalise_prompt(f"a{char}b") == _general_normalisation(f"a{char}b"), repr(char)


def test_sorting_by_key_is_the_order_of_the_diagnostics_comparison():
    rng = random.Random(1)
    diagnostics = [Diagnostic(file=rng.choice("ab"), line=rng.choice([None, 1, 2]),
                              column=rng.choice([None, 1, 3]), code=rng.choice(["FL1", "FL2"]),
                              pointer=rng.choice(["", "/a", "/b"]), message=str(i), name="n",
                              severity=Severity.ERROR) for i in range(500)]
    assert [d.message for d in sorted(diagnostics)] == \
        [d.message for d in sorted(diagnostics, key=Diagnostic.sort_key)]


@pytest.mark.parametrize("pointer", ["/x/01", "/x/+1", "/x/٣", "/x/3", "/y/0"])
def test_a_pointer_naming_no_element_has_no_position(pointer):
    source = parse_text('{"x": [0, 1, 2, 3], "y": {"1": 0}}', "t.json")
    expected = (1, 17) if pointer == "/x/3" else (0, 0)
    assert source.positions.position(pointer) == expected
