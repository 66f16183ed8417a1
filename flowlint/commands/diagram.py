"""``flowlint diagram``: parse the arguments and hand them to ``diagrams.command``."""
from __future__ import annotations

import argparse
import sys

from .check import expand_paths
from .common import EXIT_OK, UsageError, say
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
    parser.add_argument("--diff", action="store_true",
                        help="PATH is OLD NEW: draw what changed (added green, removed red, changed orange)")
    add_provider_option(parser)
    parser.add_argument("--path", type=int, metavar="N",
                        help="highlight path N of the flow's test plan (see flowlint paths)")
    parser.add_argument("--whole", action="store_true",
                        help="draw a large flow as one picture (default above 150 nodes in svg/png: "
                             "an overview FILE plus FILE-part-K, one per part)")


def run(args: argparse.Namespace) -> int:
    from ..diagrams.command import DiagramError, Request, run as draw
    from ..loading import load_workspace

    if args.path is not None and (args.handoffs or args.diff):
        raise UsageError(f"--path draws one flow; it cannot be combined with --{'handoffs' if args.handoffs else 'diff'}")
    if args.diff:
        return _draw_diff(args)
    workspace = load_workspace(expand_paths(args.paths), provider=provider_of(args))
    if workspace.errors:
        raise UsageError("; ".join(workspace.errors))
    request = Request(args.paths, args.format, args.assistant, args.handoffs, args.output,
                      not args.no_findings, path=args.path,
                      split=not args.whole and args.path is None)
    try:
        for path in draw(request, workspace):
            print(f"wrote {path}", file=sys.stderr)
    except DiagramError as exc:
        raise UsageError(str(exc)) from None
    return EXIT_OK


def _draw_diff(args: argparse.Namespace) -> int:
    """``--diff OLD NEW``: one picture per changed flow (or the one of ``--assistant``)."""
    import os

    from ..diagrams.command import DiagramError, Request, write_diagrams
    from ..diagrams.files import safe_stem
    from ..diff import diff
    from ..diff.diagram import NothingToDraw, diff_diagrams

    if len(args.paths) != 2 or args.handoffs:
        raise UsageError("--diff draws the flows of two versions: flowlint diagram --diff OLD NEW")
    for path in args.paths:
        if path != "-" and not os.path.exists(path):
            raise UsageError(f"{path}: no such file or folder")
    try:
        result = diff(*args.paths, provider=provider_of(args))
        drawn = diff_diagrams(result, args.assistant, not args.no_findings)
    except (OSError, NothingToDraw) as exc:
        raise UsageError(str(exc)) from None
    if not drawn:
        say("no flow changed: nothing to draw")
        return EXIT_OK
    named = [(safe_stem(a.id, fallback=safe_stem(os.path.splitext(os.path.basename(
        a.new_file or a.old_file or "flow"))[0])), diagram) for a, diagram in drawn]
    request = Request(args.paths, args.format, args.assistant, False, args.output)
    try:
        for path in write_diagrams(request, named):
            print(f"wrote {path}", file=sys.stderr)
    except DiagramError as exc:
        raise UsageError(str(exc)) from None
    return EXIT_OK
