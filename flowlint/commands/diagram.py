"""``flowlint diagram``: parse the arguments and hand them to ``diagrams.command``."""
from __future__ import annotations

import argparse
import sys

from .check import expand_paths
from .common import EXIT_OK, UsageError
from .options import add_provider_option, provider_of

NAME = "diagram"
HELP = "draw flows or the hand-offs: dot, svg, png, mermaid"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH")
    parser.add_argument("--format", choices=("dot", "svg", "png", "mermaid"), default="svg",
                        help="output format (default: svg)")
    parser.add_argument("--assistant", metavar="ID", help="draw only this assistant's flow")
    parser.add_argument("--handoffs", action="store_true",
                        help="draw one overview of all assistants and the hand-offs between them")
    parser.add_argument("-o", "--output", metavar="FILE_OR_FOLDER",
                        help="a file for one diagram, else a folder (one file per assistant)")
    parser.add_argument("--no-findings", action="store_true", help="do not lint; draw the flow only")
    add_provider_option(parser)


def run(args: argparse.Namespace) -> int:
    from ..diagrams.command import DiagramError, Request, run as draw
    from ..loading import load_workspace

    workspace = load_workspace(expand_paths(args.paths), provider=provider_of(args))
    if workspace.errors:
        raise UsageError("; ".join(workspace.errors))
    request = Request(args.paths, args.format, args.assistant, args.handoffs, args.output,
                      not args.no_findings)
    try:
        for path in draw(request, workspace):
            print(f"wrote {path}", file=sys.stderr)
    except DiagramError as exc:
        raise UsageError(str(exc)) from None
    return EXIT_OK
