"""``flowlint rule CODE|NAME``: one rule's generated documentation."""
from __future__ import annotations

import argparse

from .common import EXIT_OK, UsageError, write_output

NAME = "rule"
HELP = "explain one rule (by code or name)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("rule", metavar="CODE|NAME")


def run(args: argparse.Namespace) -> int:
    from ..docs import explain
    from ..rules import ALL_RULES, find_rule
    from ..suggest import did_you_mean

    rule = find_rule(args.rule)
    if rule is None:
        hint = did_you_mean(args.rule.upper(), [r.code for r in ALL_RULES]) or did_you_mean(
            args.rule.lower(), [r.name for r in ALL_RULES])
        raise UsageError(f"no rule {args.rule!r}{hint} (flowlint rules lists them)")
    write_output(explain(rule), None)
    return EXIT_OK
