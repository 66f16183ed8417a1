"""Reading the assistants of an indented file straight from its bytes (``flowlint check``'s
path) gives exactly what decoding the file first gives: same values, same report, same
pointers, lines and columns; whatever it cannot read exactly is read from the text."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from flowlint.bytestream import ByteStream, parse_element
from flowlint.engine import lint_streamed, lint_workspace
from flowlint.loading import load_workspace
from flowlint.source import read_path
from flowlint.toplevel import Irregular

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import generate  # noqa: E402


def _report_both_ways(path: Path) -> str:
    whole = lint_workspace(load_workspace([str(path)])).to_json()
    assert lint_streamed([str(path)]).to_json() == whole
    return whole


def _import_text(indent: object = 2, assistants: int = 5) -> str:
    return json.dumps(generate.generate(assistants, 12, seed=7, defect_rate=0.15), indent=indent)


def _read_every_element(path: Path):
    source = read_path(str(path), stream=True)
    elements = list(source.stream) if source.stream else []
    return source, elements


def test_an_indented_import_is_read_from_its_bytes_without_decoding_the_file(tmp_path: Path) -> None:
    path = tmp_path / "import.json"
    text = _import_text()
    path.write_text(text)
    source, elements = _read_every_element(path)
    assert source.data is not None and source.text is None
    assert elements == json.loads(text)["data"]
    report = json.loads(_report_both_ways(path))
    assert report["diagnostics"], "the generated input plants defects"


def test_the_byte_ranges_of_the_assistants_are_those_of_their_text(tmp_path: Path) -> None:
    path = tmp_path / "import.json"
    path.write_text(_import_text(indent=4))
    source, elements = _read_every_element(path)
    data = path.read_bytes()
    for index, element in enumerate(elements):
        start, end = source.stream.stream.extents[f"/data/{index}"]
        assert json.loads(data[start:end]) == element


def _with_non_ascii(text: str) -> str:
    # Multi-byte characters before findings on the same lines and earlier in the file:
    # columns count characters, not bytes.
    return text.replace('"name": "', '"name": "Ünïcødé – 電話 😀 ', 3)


def _crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


def _inner_brace_at_the_assistant_indentation(text: str) -> str:
    # A nested object whose closing brace sits at the assistant's indentation: the first
    # closing line is not the assistant's end, jiter refuses the slice, the text is read.
    changed = text.replace('"hangup": {', '"hangup": {\n    }, "x": {', 1)
    assert changed != text
    return changed


# layout -> (how to write it, whether its bytes are read without decoding the file)
LAYOUTS = {
    "two spaces": (lambda text: text, True),
    "non-ASCII names": (_with_non_ascii, True),
    "CRLF line ends": (_crlf, True),
    "an inner brace at the assistant's indentation": (_inner_brace_at_the_assistant_indentation, False),
}


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_layouts_read_from_bytes_report_what_the_text_reports(tmp_path: Path, layout: str) -> None:
    write, from_bytes = LAYOUTS[layout]
    path = tmp_path / "import.json"
    path.write_text(write(_import_text()), newline="")
    source, _ = _read_every_element(path)
    assert (source.data is not None) == from_bytes
    _report_both_ways(path)


def _bytes_variants() -> dict[str, bytes]:
    text = _import_text()
    data = text.encode()
    last_brace = data.rindex(b"}")
    return {
        "a UTF-8 byte order mark": b"\xef\xbb\xbf" + data,
        "invalid UTF-8 inside an assistant": data.replace(b'"name": "', b'"name": "\xff', 1),
        "invalid UTF-8 after the array": data[:last_brace] + b', "meta": "\xff"\n}',
        "a lone surrogate escape": data.replace(b'"name": "', b'"name": "\\ud800', 1),
        "a repeated key in the third assistant": _repeat_key_in(data, 2),
        "meta and a second data after the array": data[:last_brace] + b', "meta": {"a": 1}, "data": []\n}',
        "minified": json.dumps(json.loads(text), separators=(",", ":")).encode(),
        "UTF-16": text.encode("utf-16"),
        "cut short in the last assistant": data[: last_brace - 40],
    }


def _repeat_key_in(data: bytes, index: int) -> bytes:
    starts = [i for i in range(len(data)) if data.startswith(b'\n    {\n', i)]
    at = data.index(b'"name":', starts[index])
    return data[:at] + b'"name": "twice", ' + data[at:]


@pytest.mark.parametrize("variant", list(_bytes_variants()))
def test_inputs_the_byte_reading_cannot_settle_report_what_the_text_reports(tmp_path: Path, variant: str) -> None:
    path = tmp_path / "input.json"
    path.write_bytes(_bytes_variants()[variant])
    _report_both_ways(path)


def test_a_repeated_key_is_still_reported_as_fl005(tmp_path: Path) -> None:
    path = tmp_path / "input.json"
    path.write_bytes(_bytes_variants()["a repeated key in the third assistant"])
    report = json.loads(_report_both_ways(path))
    assert [d["pointer"] for d in report["diagnostics"] if d["code"] == "FL005"] == ["/data/2/name"]


def test_an_element_ends_only_where_its_slice_parses_whole() -> None:
    data = b'[\n  {\n    "a": {\n  }\n  }\n]'
    with pytest.raises(Irregular):
        parse_element(data, data.index(b"{"))
    data = b'[\n  {\n    "a": {\n    }\n  }\n]'
    value, end = parse_element(data, data.index(b"{"))
    assert value == {"a": {}} and data[end:] == b"\n]"


def test_a_layout_the_byte_reading_does_not_fit_is_known_before_any_assistant_is_handed_out() -> None:
    with pytest.raises(Irregular):
        ByteStream(b'{"data": [{"id": "a"}]}', None, dict)
    with pytest.raises(Irregular):
        ByteStream(b'{\n  "meta": 1,\n  "data": []\n}', None, dict)


def test_lines_learnt_by_another_process_give_the_same_positions(tmp_path: Path) -> None:
    """A worker sends back the lines it counted (``line_marks``); positions found from them
    are those of the text read whole, counted from its start."""
    from flowlint.source import parse_text

    path = tmp_path / "import.json"
    text = _import_text(assistants=9)
    path.write_text(text)
    pointers = [f"/data/{index}/conversation_flow/edges/{index % 3}/target" for index in range(9)]
    worker, _ = _read_every_element(path)
    worker.positions.resolve(pointers[4:7])  # a worker's share, in the middle of the file
    marks = worker.positions.line_marks()
    assert len(marks) == 4  # the start of the file and the three assistants located
    here, _ = _read_every_element(path)
    here.positions.remember({}, marks)
    located = here.positions.resolve(pointers)
    whole = parse_text(text, "import.json").positions.resolve(pointers)
    assert {p: located[p] for p in pointers} == {p: whole[p] for p in pointers}
