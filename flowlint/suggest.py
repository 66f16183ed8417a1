"""'Did you mean ...?' for ids that name nothing."""
from __future__ import annotations

import difflib
from typing import Iterable

# Beyond this many candidates, difflib is asked about the closest few by shared trigrams
# only: its full ratio costs tens of microseconds per similar-looking id (an account has
# thousands of "asst-..." ids), the trigram overlap a fraction of that.
_SHORTLIST = 25


def closest(name: str, candidates: Iterable[str], cutoff: float = 0.6) -> str | None:
    matches = difflib.get_close_matches(name, list(candidates), n=1, cutoff=cutoff)
    return matches[0] if matches else None


def did_you_mean(name: str, candidates: Iterable[str]) -> str:
    return _hint(closest(name, candidates))


def _hint(match: str | None) -> str:
    return f'; did you mean "{match}"?' if match else ""


def _trigrams(text: str) -> frozenset[str]:
    padded = f"  {text.lower()} "
    return frozenset(padded[i:i + 3] for i in range(len(padded) - 2))


class Suggester:
    """``did_you_mean`` over one large, fixed set of candidates, asked many times."""

    def __init__(self, candidates: Iterable[str]) -> None:
        self._candidates = sorted(set(candidates))
        self._trigrams: list[frozenset[str]] | None = None
        self._answers: dict[str, str] = {}

    def did_you_mean(self, name: str) -> str:
        answer = self._answers.get(name)
        if answer is None:
            answer = self._answers[name] = _hint(closest(name, self._shortlist(name)))
        return answer

    def _shortlist(self, name: str) -> list[str]:
        if len(self._candidates) <= _SHORTLIST:
            return self._candidates
        if self._trigrams is None:
            self._trigrams = [_trigrams(c) for c in self._candidates]
        wanted = _trigrams(name)
        scored = sorted(((len(wanted & grams), index) for index, grams in enumerate(self._trigrams)),
                        reverse=True)[:_SHORTLIST]
        return [self._candidates[index] for _, index in sorted(scored, key=lambda item: item[1])]
