"""The subcommands of ``flowlint``, one module each, in the order ``--help`` lists them.

Each module has ``NAME``, ``HELP``, ``add_arguments(parser)`` and ``run(args) -> exit code``;
adding a command is one module and one line here.
"""
from __future__ import annotations

from . import check, diagram, diff, import_, paths, pull, rule, rules

COMMANDS = (check, rules, diagram, rule, import_, pull, diff, paths)
