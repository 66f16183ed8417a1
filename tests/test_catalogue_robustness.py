"""No rule of the catalogue crashes on a damaged input: every damaged value is a finding
or is ignored, never an exception."""
from __future__ import annotations

import copy
import json
import random

import pytest

import flowlint

from conftest import FIXTURES

REPLACEMENTS = [None, 0, -1.5, True, "", "x", [], {}, [None], {"type": None}, {"type": "comparison"}]


def _paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, path + (index,))


def _replace(value, path, new):
    if not path:
        return new
    parent = value
    for token in path[:-1]:
        parent = parent[token]
    parent[path[-1]] = new
    return value


# The FL001 fixture is deliberately not JSON, so there is nothing to damage.
JSON_FIXTURES = sorted(p.name for p in (FIXTURES / "rules").glob("*.json") if not p.name.startswith("FL001"))


@pytest.mark.parametrize("fixture", JSON_FIXTURES)
def test_damaged_fixture_never_raises(fixture):
    original = json.loads((FIXTURES / "rules" / fixture).read_text())
    paths = list(_paths(original))[1:]  # the document itself stays an input
    chooser = random.Random(fixture)  # deterministic per fixture
    for _ in range(120):
        path = chooser.choice(paths)
        damaged = _replace(copy.deepcopy(original), path, chooser.choice(REPLACEMENTS))
        report = flowlint.lint(damaged, assistants=["human-agent"], tools={"tool-hangup": "hangup"})
        assert all(d.code.startswith("FL") for d in report.diagnostics)
