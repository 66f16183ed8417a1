"""The ``flowlint`` command: argument parsing and exit codes, no logic of its own.

Exit codes: 0 clean (or --exit-zero), 1 findings at or above --fail-on, 2 flowlint could
not do its job (bad arguments, unreadable input, internal error). Never a traceback.
Each subcommand lives in its own module of ``flowlint.commands``.
"""
from __future__ import annotations

import argparse
import gc
import os
import sys
from typing import Sequence

from ._version import __version__
from .commands import COMMANDS
from .commands.common import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, UsageError, say, write_output

__all__ = ["main", "run", "build_parser", "UsageError", "write_output",
           "EXIT_OK", "EXIT_FINDINGS", "EXIT_ERROR"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="flowlint",
        description="Lint, explain and draw the conversation flows of Telnyx AI Assistants.")
    parser.add_argument("--version", action="version", version=f"flowlint {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS:
        command.add_arguments(subparsers.add_parser(command.NAME, help=command.HELP))
    return parser


def run() -> None:
    """The ``flowlint`` command: ``main`` in a process that is about to end.

    A run builds millions of small acyclic objects (parsed JSON, models, indexes). The
    cyclic garbage collector would walk them over and over for nothing, and tearing them
    down one by one at exit costs as much again; so the collector stays off and, once
    every byte of output is flushed, the process ends without that teardown.
    """
    gc.disable()
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, OSError):
        code = code or EXIT_ERROR
    os._exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    runners = {command.NAME: command.run for command in COMMANDS}
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_ERROR
    try:
        return runners[args.command](args)
    except UsageError as exc:
        say(f"error: {exc}")
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("flowlint: interrupted", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        # The reader went away (flowlint check ... | head); nothing left to tell.
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return EXIT_ERROR
    except ModuleNotFoundError as exc:  # an optional extra is not installed
        from .extras import missing_extra_message

        say(f"error: {missing_extra_message(exc)}" if missing_extra_message(exc)
            else f"internal error: {type(exc).__name__}: {exc}")
        return EXIT_ERROR
    except Exception as exc:  # never a traceback: one line, exit 2
        say(f"internal error: {type(exc).__name__}: {exc}")
        return EXIT_ERROR
