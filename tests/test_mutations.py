"""Mutated fixtures never crash flowlint: the library returns a Report (no internal error)
that every format can render, and the command exits 0 or 1 with nothing on stderr.

Mutations (several per input, drawn by hypothesis): drop a key, swap a value's type, delete
a node or edge, duplicate an id or an element, then on the bytes: truncate, flip bytes,
splice. tests/test_catalogue_robustness.py replaces single values rule by rule; this suite
stacks random damage on every fixture, down to the bytes.
"""
from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import flowlint
from flowlint.diagrams import diagram_of, entry_diagram
from flowlint.diagrams.dot import to_dot
from flowlint.diagrams.mermaid import to_mermaid
from flowlint.formatters import get_formatter
from flowlint.formatters.options import FormatOptions
from flowlint.notebook import report_html

from conftest import FIXTURES, run_cli
from flow_strategies import TOOLS, budget, count

FIXTURE_FILES = sorted([*FIXTURES.glob("*.json"), *(FIXTURES / "clean").glob("*.json"),
                        *(FIXTURES / "rules").glob("*.json"), *(FIXTURES / "providers").glob("*.json")])
ORIGINALS = {p.name: p.read_bytes() for p in FIXTURE_FILES}
PARSED = {}
for _name, _data in ORIGINALS.items():
    try:
        PARSED[_name] = json.loads(_data)
    except ValueError:
        pass  # FL001 fixture: only byte mutations apply

ODD_VALUES = st.sampled_from([
    None, True, 0, -1, 1.5e308, 10 ** 40, "", " ", "x", "\ud800", "\u202e\x1b[31m", "a" * 300,
    [], {}, [None], [[[]]], {"type": None}, {"type": "comparison"}, {"id": 1},
    {"type": "node", "node_id": None}, {"type": "assistant"}, {"type": "expression", "expression": []},
])


def _containers(value: Any, path: tuple = ()) -> list[tuple[tuple, Any]]:
    found = []
    stack = [(path, value)]
    while stack:
        here, item = stack.pop()
        if isinstance(item, dict):
            found.append((here, item))
            stack.extend((here + (k,), v) for k, v in item.items())
        elif isinstance(item, list):
            found.append((here, item))
            stack.extend((here + (i,), v) for i, v in enumerate(item))
    return found


@st.composite
def mutated_value(draw, value: Any) -> Any:
    value = copy.deepcopy(value)
    for _ in range(draw(st.integers(1, 4))):
        containers = _containers(value)
        if not containers:
            break
        _, target = draw(st.sampled_from(containers))
        operation = draw(st.sampled_from(["drop", "swap", "delete", "dup_id", "dup_item"]))
        keys = list(target) if isinstance(target, dict) else list(range(len(target)))
        if not keys:
            continue
        key = draw(st.sampled_from(keys))
        if operation == "drop" or (operation == "delete" and isinstance(target, list)):
            del target[key]
        elif operation == "swap":
            target[key] = copy.deepcopy(draw(ODD_VALUES))  # the pool must stay intact
        elif operation == "dup_id":  # copy an id (node, edge, assistant) onto a sibling
            siblings = [v for v in (target.values() if isinstance(target, dict) else target)
                        if isinstance(v, dict) and "id" in v]
            if len(siblings) >= 2:
                siblings[1]["id"] = siblings[0]["id"]
            elif isinstance(target, dict):
                target["id"] = draw(st.sampled_from(["n_start", "a", "assistant-support", ""]))
        elif isinstance(target, list):
            target.append(copy.deepcopy(target[key]))
        else:
            target[f"{key}_copy"] = copy.deepcopy(target[key])
    return value


@st.composite
def mutated_bytes(draw, data: bytes) -> bytes:
    data = bytearray(data)
    for _ in range(draw(st.integers(0, 3))):
        if not data:
            break
        operation = draw(st.sampled_from(["truncate", "flip", "splice", "insert"]))
        position = draw(st.integers(0, len(data) - 1))
        if operation == "truncate":
            del data[position:]
        elif operation == "flip":
            data[position] ^= draw(st.integers(1, 255))
        elif operation == "splice":  # repeat a slice: unbalanced brackets, duplicate keys
            end = draw(st.integers(position, min(len(data), position + 200)))
            data[position:position] = data[position:end]
        else:
            data[position:position] = draw(st.sampled_from(
                [b"\x00", b"\xef\xbb\xbf", b"\xff\xfe", b"NaN", b"[" * 600, b'"\\ud800"', b"\x1b[2J", b"}"]))
    return bytes(data)


@st.composite
def mutated_fixture(draw) -> tuple[str, bytes]:
    name = draw(st.sampled_from(sorted(ORIGINALS)))
    if name in PARSED and draw(st.integers(0, 3)):
        value = draw(mutated_value(PARSED[name]))
        data = json.dumps(value, indent=draw(st.sampled_from([None, 2])), ensure_ascii=draw(st.booleans()),
                          allow_nan=False).encode("utf-8", "surrogatepass")
        if draw(st.booleans()):
            data = draw(mutated_bytes(data))
    else:
        data = draw(mutated_bytes(ORIGINALS[name]))
    return name, data


FORMATS = ("text", "json", "sarif", "github", "junit")


@budget(150)
@given(mutated_fixture())
def test_the_library_survives_any_mutation(case) -> None:
    count("mutations")
    name, data = case
    report = flowlint.lint(data, assistants=["human-agent"], tools=TOOLS)
    assert isinstance(report, flowlint.Report)
    assert report.errors == [], report.errors  # a rule that crashed is recorded here
    for fmt in FORMATS:
        get_formatter(fmt)(report, FormatOptions()).encode("utf-8")
    json.loads(report.to_json())
    json.loads(report.to_sarif())
    report_html(report).encode("utf-8")
    diagrams = [entry_diagram(e, report.diagnostics) for e in report.workspace.assistants if e.flow]
    for diagram in [*diagrams, diagram_of(report, handoffs=True)]:
        to_dot(diagram).encode("utf-8")
        to_mermaid(diagram).encode("utf-8")


@budget(6, long_share=0.05)
@given(st.lists(mutated_fixture(), min_size=10, max_size=25))
def test_the_command_survives_a_folder_of_mutations(tmp_path_factory, cases) -> None:
    count("mutations", len(cases))
    folder = tmp_path_factory.mktemp("mutants")
    for index, (name, data) in enumerate(cases):
        (folder / f"{index:03d}-{name}").write_bytes(data)
    for fmt in ("json", "text"):
        done = run_cli("check", str(folder), "--format", fmt, "--select", "ALL")
        assert done.returncode in (0, 1), done.stderr.decode(errors="replace")
        assert done.stderr == b""
        if fmt == "json":
            assert len(json.loads(done.stdout)["files"]) == len(cases)
        else:
            assert f" in {len(cases)} files (" in done.stdout.decode("utf-8").splitlines()[-1]
