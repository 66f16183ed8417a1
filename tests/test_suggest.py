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


def _straightforward_shortlist(name: str, candidates: list[str], size: int = 25) -> list[str]:
    """Every candidate scored by the trigrams it shares with ``name``: the reference."""
    from flowlint.suggest import _trigrams

    ordered = sorted(set(candidates))
    wanted = _trigrams(name)
    scored = sorted(((len(wanted & _trigrams(c)), i) for i, c in enumerate(ordered)), reverse=True)[:size]
    return [ordered[i] for _, i in sorted(scored, key=lambda item: item[1])]


def _random_ids(count: int, seed: int) -> list[str]:
    import random

    rng = random.Random(seed)
    words = ["front", "desk", "billing", "orders", "support", "sales", "après-vente", "日本"]
    return [f"{rng.choice(['asst', 'agent', 'a'])}-{rng.randrange(10 ** rng.randint(1, 6))}-"
            f"{rng.choice(words)}{rng.choice(['', '-2', 'x'])}" for _ in range(count)]


@pytest.mark.parametrize("candidates", [ACCOUNT, _random_ids(3000, 1), _random_ids(60, 2), _random_ids(26, 3)],
                         ids=["account", "random-3000", "random-60", "random-26"])
def test_the_indexed_shortlist_is_the_straightforward_one(candidates: list[str]) -> None:
    names = ["asst-000017-biling", "zzzz", "", "a", "asst", "agent-12-desk", "日本-1", *candidates[:40:7],
             *(c[::-1] for c in candidates[:30:5])]
    suggester = Suggester(candidates)
    for name in names:
        assert suggester._shortlist(name) == _straightforward_shortlist(name, candidates), name


@pytest.mark.parametrize("candidates", [ACCOUNT[:300], _random_ids(400, 4), _random_ids(30, 5),
                                        ["ab", "ba", "abc", "acb", "bca", "", "a"]],
                         ids=["account", "random-400", "random-30", "tiny"])
@pytest.mark.parametrize("cutoff", [0.0, 0.6, 0.8])
def test_closest_answers_exactly_as_difflib_does(candidates: list[str], cutoff: float) -> None:
    from flowlint.suggest import closest

    names = ["asst-000017-biling", "zzzz", "", "a", "ab", "agent-12-desk", "日本-1",
             *candidates[:40:7], *(c[::-1] for c in candidates[:30:5]), *(c[:-2] for c in candidates[:50:9])]
    for name in names:
        expected = difflib.get_close_matches(name, candidates, n=1, cutoff=cutoff)
        assert closest(name, candidates, cutoff) == (expected[0] if expected else None), name
