"""'Did you mean' stays right when the candidates are many (a whole account's assistants)."""
from __future__ import annotations

import difflib

import pytest

from flowlint.suggest import Suggester, did_you_mean

ACCOUNT = [f"asst-{i:06d}-{role}" for i, role in
           enumerate(["front-desk", "billing", "orders", "retention", "technical-support"] * 400)]


def _similarity(hint: str, typo: str) -> float:
    suggested = hint.split('"')[1]
    return difflib.SequenceMatcher(None, typo, suggested).ratio()


@pytest.mark.parametrize("typo", ["asst-000017-biling", "asst-001234-order", "asst-1999-tech-support"])
def test_a_large_account_gets_a_suggestion_as_close_as_a_full_search(typo):
    # Many ids are equally close; any of the closest is a right answer.
    full, fast = did_you_mean(typo, ACCOUNT), Suggester(ACCOUNT).did_you_mean(typo)
    assert full and fast
    assert _similarity(fast, typo) == _similarity(full, typo)


def test_nothing_close_suggests_nothing():
    assert Suggester(ACCOUNT).did_you_mean("zzzz") == ""


def test_small_sets_are_searched_in_full():
    assert Suggester(["front-desk", "billing"]).did_you_mean("biling") == '; did you mean "billing"?'
