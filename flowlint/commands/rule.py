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
    from ..selection import closest_rule

    rule = find_rule(args.rule)
    if rule is None:
        match = closest_rule(args.rule, ALL_RULES)
        hint = f'; did you mean "{match}"?' if match else ""
        raise UsageError(f"no rule {args.rule!r}{hint} (flowlint rules lists them)")
    write_output(explain(rule), None)
    return EXIT_OK
