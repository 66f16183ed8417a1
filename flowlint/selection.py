"""Which rules run: --select/--ignore by code, code prefix, name, group or ALL.

As in ruff, the most specific selector wins (a code beats a prefix, a longer prefix beats
a shorter one, any prefix beats a group, and ``ALL`` is the least specific); on a tie,
ignore wins.
"""
from __future__ import annotations

from typing import Iterable, Sequence

from .rules.base import GROUPS, Rule


class SelectorError(ValueError):
    pass


def specificity(selector: str, rule: Rule) -> int:
    """How specifically ``selector`` names ``rule``: 0 when it does not name it at all."""
    text = selector.strip()
    if text.upper() == "ALL":
        return 1
    if text.lower() in GROUPS.values():
        return 2 if rule.group == text.lower() else 0
    if text.lower() == rule.name:
        return 100
    upper = text.upper()
    if rule.code.startswith(upper) and upper.startswith("FL"):
        return 10 + len(upper)
    return 0


def closest_rule(text: str, rules: Sequence[Rule]) -> str | None:
    """The rule code or name ``text`` most likely meant (as ``flowlint rule`` suggests)."""
    from .suggest import closest

    # Codes are short: FL3O1 is FL301 mistyped, FL999 is no code (0.6 would offer FL923).
    return closest(text.strip().upper(), [r.code for r in rules], cutoff=0.8) or closest(
        text.strip().lower(), [r.name for r in rules])


def closest_selector(text: str, rules: Sequence[Rule]) -> str | None:
    """The selector ``text`` most likely meant: a rule code or name, or a group."""
    from .suggest import closest

    return closest_rule(text, rules) or closest(text.strip().lower(), sorted(set(GROUPS.values())))


def check_selectors(selectors: Iterable[str], rules: Sequence[Rule]) -> None:
    unknown = [s for s in selectors if not any(specificity(s, r) for r in rules)]
    if unknown:
        named = []
        for selector in unknown:
            match = closest_selector(selector, rules)
            named.append(f"{selector!r}" + (f' (did you mean "{match}"?)' if match else ""))
        raise SelectorError("unknown rule selector" + ("s" if len(unknown) > 1 else "") + ": "
                            + ", ".join(named)
                            + "; use a code like FL301, a prefix like FL3, a rule name, a group or ALL")


def select_rules(rules: Sequence[Rule], select: Sequence[str] | None = None,
                 ignore: Sequence[str] = ()) -> list[Rule]:
    select = list(select) if select else ["ALL"]
    check_selectors([*select, *ignore], rules)
    chosen = []
    for rule in rules:
        selected = max((specificity(s, rule) for s in select), default=0)
        ignored = max((specificity(s, rule) for s in ignore), default=0)
        if selected and selected > ignored:
            chosen.append(rule)
    return chosen
