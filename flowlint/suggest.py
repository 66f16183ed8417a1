"""'Did you mean ...?' for ids that name nothing."""
from __future__ import annotations

import difflib
from collections import Counter
from itertools import chain, islice
from typing import Iterable

# Beyond this many candidates, difflib is asked about the closest few by shared trigrams
# only: its full ratio costs tens of microseconds per similar-looking id (an account has
# thousands of "asst-..." ids), the trigram overlap a fraction of that.
_SHORTLIST = 25


def closest(name: str, candidates: Iterable[str], cutoff: float = 0.6) -> str | None:
    """``difflib.get_close_matches(name, candidates, n=1, cutoff)``, with its answer (the
    highest ratio, ties to the greatest candidate) and a fraction of its cost: the exact
    ratio, by far the dearest step, is computed from the highest upper bound (quick_ratio)
    down, and not at all once a bound cannot beat the best found."""
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(name)  # seq2 is the one SequenceMatcher prepares: set it once
    bounded = []
    for candidate in candidates:
        matcher.set_seq1(candidate)
        if matcher.real_quick_ratio() >= cutoff:
            bound = matcher.quick_ratio()
            if bound >= cutoff:
                bounded.append((bound, candidate))
    best: tuple[float, str] | None = None
    for bound, candidate in sorted(bounded, reverse=True):
        if best is not None and (bound, candidate) < best:
            break  # ratio <= bound: neither this candidate nor any after it can win
        matcher.set_seq1(candidate)
        ratio = matcher.ratio()
        if ratio >= cutoff and (best is None or (ratio, candidate) > best):
            best = (ratio, candidate)
    return best[1] if best else None


def did_you_mean(name: str, candidates: Iterable[str]) -> str:
    return _hint(closest(name, candidates))


def _hint(match: str | None) -> str:
    return f'; did you mean "{match}"?' if match else ""


def _trigrams(text: str) -> frozenset[str]:
    padded = f"  {text.lower()} "
    return frozenset(padded[i:i + 3] for i in range(len(padded) - 2))


class Suggester:
    """``did_you_mean`` over one large, fixed set of candidates, asked many times.

    The shortlist is the ``_SHORTLIST`` candidates sharing most trigrams with the name (ties:
    the later candidate first). The overlaps are counted from an inverted index, so a
    question costs what the trigrams it shares cost, not a pass over every candidate (an
    account of 10,000 assistants with hundreds of unknown hand-off targets would otherwise
    spend seconds here). A trigram most candidates hold is indexed by the candidates that
    lack it: its count then comes off a common base instead."""

    def __init__(self, candidates: Iterable[str]) -> None:
        self._candidates = sorted(set(candidates))
        self._holding: dict[str, list[int]] | None = None  # trigram -> candidates holding it
        self._lacking: dict[str, list[int]] = {}  # for the trigrams most candidates hold
        self._answers: dict[str, str] = {}

    def did_you_mean(self, name: str) -> str:
        answer = self._answers.get(name)
        if answer is None:
            answer = self._answers[name] = _hint(closest(name, self._shortlist(name)))
        return answer

    def _index(self) -> dict[str, list[int]]:
        if self._holding is None:
            holding: dict[str, list[int]] = {}
            for index, candidate in enumerate(self._candidates):
                for gram in _trigrams(candidate):
                    holding.setdefault(gram, []).append(index)
            everyone, half = range(len(self._candidates)), len(self._candidates) // 2
            for gram in [g for g, held in holding.items() if len(held) > half]:
                held = set(holding.pop(gram))
                self._lacking[gram] = [i for i in everyone if i not in held]
            self._holding = holding
        return self._holding

    def _shortlist(self, name: str) -> list[str]:
        if len(self._candidates) <= _SHORTLIST:
            return self._candidates
        holding, lacking = self._index(), self._lacking
        wanted = _trigrams(name)
        base = sum(1 for gram in wanted if gram in lacking)  # what a candidate touched by nothing scores
        gained: Counter[int] = Counter(chain.from_iterable(holding.get(g, ()) for g in wanted))
        gained.subtract(chain.from_iterable(lacking[g] for g in wanted if g in lacking))
        scored = [(base + delta, index) for index, delta in gained.items()]
        # The untouched all score ``base``; only the latest of them can make the shortlist.
        untouched = (index for index in range(len(self._candidates) - 1, -1, -1) if index not in gained)
        scored += [(base, index) for index in islice(untouched, _SHORTLIST)]
        best = sorted(scored, reverse=True)[:_SHORTLIST]
        return [self._candidates[index] for _, index in sorted(best, key=lambda item: item[1])]
