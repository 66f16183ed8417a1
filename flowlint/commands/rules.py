"""``flowlint rules``: the catalogue as a table, JSON or Markdown."""
from __future__ import annotations

import argparse

from .common import EXIT_OK, write_output

NAME = "rules"
HELP = "list every rule: code, name, group, default severity"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("text", "json", "markdown"), default="text")


def run(args: argparse.Namespace) -> int:
    from ..docs import rules_json, rules_markdown, rules_table
    from ..rules import ALL_RULES

    render = {"text": rules_table, "json": rules_json, "markdown": rules_markdown}[args.format]
    write_output(render(ALL_RULES), None)
    return EXIT_OK
