"""Hostile provider documents: any value in any place of a Retell, ElevenLabs or Vapi flow
gives findings, never an internal error, and still draws."""
from __future__ import annotations

import copy
import json
import random

import pytest

import flowlint
from flowlint.diagrams import diagram_of
from flowlint.formatters import get_formatter
from flowlint.formatters.options import FormatOptions

from conftest import FIXTURES

PROVIDER_FILES = sorted((FIXTURES / "providers").glob("*.json"))
ODD = [None, True, 7, -1.5, "", "x", "\u202e\x1b[31m", [], {}, [None], [[]], {"type": []},
       {"type": {"a": 1}}, ["a", 1], {"id": []}, {"type": "equation", "equations": "x"}]


def _paths(value, path=()):
    """Every place in the document: (path, value)."""
    yield path, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, path + (index,))


def _replaced(document, path, new):
    changed = copy.deepcopy(document)
    if not path:
        return new
    here = changed
    for token in path[:-1]:
        here = here[token]
    here[path[-1]] = new
    return changed


def _check(value) -> None:
    document = json.dumps(value)  # as JSON text: a string root is a document, not a path
    workspace = flowlint.load(document)
    report = flowlint.lint(document)
    assert not workspace.errors and not report.errors, report.errors
    for name in ("text", "json", "sarif"):
        get_formatter(name)(report, FormatOptions())
    if sum(1 for e in workspace.assistants if e.flow is not None) == 1:
        diagram_of(document)


@pytest.mark.parametrize("path", PROVIDER_FILES, ids=lambda p: p.stem[:5])
def test_every_place_of_a_provider_file_survives_odd_values(path):
    document = json.loads(path.read_text(encoding="utf-8"))
    places = list(_paths(document))
    rng = random.Random(path.stem)  # the same draws on every run
    for place, _ in rng.sample(places, min(len(places), 60)):
        for odd in rng.sample(ODD, 4):
            _check(_replaced(document, place, odd))


@pytest.mark.parametrize("provider", ["retell", "elevenlabs", "vapi"])
def test_any_document_forced_into_a_provider_is_findings_not_a_crash(provider):
    for path in PROVIDER_FILES + sorted((FIXTURES / "rules").glob("FL[1-4]*.json")):
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            continue
        report = flowlint.lint(document, provider=provider)
        assert not report.errors
