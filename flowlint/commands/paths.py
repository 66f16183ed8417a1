"""``flowlint paths``: a test plan per flow, paths from the start that take every transition.

Exit codes: 0 every transition leaving a reachable node is on a path; 1 the plan is
incomplete (an edge no call can take, a flow without a start node; with ``--to``, only a
node the start cannot reach); 2 flowlint could not make a plan (bad arguments, an unreadable path,
an input that is not a flow, an ``--assistant`` or ``--to`` that names nothing).
"""
from __future__ import annotations

import argparse

from .check import expand_paths
from .common import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, UsageError, say, write_output
from .options import add_provider_option, provider_of

NAME = "paths"
HELP = "a test plan: paths from the start node that take every transition of each flow"
FORMATS = ("text", "markdown", "json")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH")
    parser.add_argument("--assistant", metavar="ID", help="plan only this assistant's flow")
    parser.add_argument("--to", metavar="NODE",
                        help="instead of a plan, the shortest path from the start to this node")
    parser.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    parser.add_argument("-o", "--output", metavar="FILE", help="write the plan to FILE instead of stdout")
    parser.add_argument("--tools", metavar="FILE",
                        help="tools inventory: the JSON of GET /ai/tools (steps name each tool's type)")
    add_provider_option(parser)


def run(args: argparse.Namespace) -> int:
    from ..inventory import tool_inventory
    from ..loading import gc_paused, load_workspace
    from ..source import InputError
    from ..testplan import PlanError, plan_workspace

    if list(args.paths).count("-") > 1:
        raise UsageError("stdin (-) can be read only once")
    try:
        tools = tool_inventory(args.tools)
    except InputError as exc:
        raise UsageError(str(exc)) from None
    with gc_paused():
        workspace = load_workspace(expand_paths(args.paths, [args.tools]), tools=tools,
                                   provider=provider_of(args))
        unread = _unread(workspace)
        if not any(e.flow is not None for e in workspace.assistants):
            problems = workspace.errors + unread
            raise UsageError("; ".join(problems) if problems else "no conversation_flow in the input")
        try:
            plan = plan_workspace(workspace, args.assistant, args.to)
        except PlanError as exc:
            raise UsageError(str(exc)) from None
        if args.format == "json":
            text = plan.to_json() + "\n"
        else:
            text = plan.to_markdown() if args.format == "markdown" else plan.to_text()
    write_output(text, args.output)
    for problem in workspace.errors + unread:
        say(problem)
    if workspace.errors or unread:
        return EXIT_ERROR
    return EXIT_OK if plan.complete else EXIT_FINDINGS


def _unread(workspace) -> list[str]:
    """Inputs that held no assistant to plan because they could not be read as flows."""
    problems = []
    for document in workspace.documents:
        if document.assistants:
            continue
        codes = sorted({code for code, _ in document.problems if code in ("FL001", "FL002", "FL004")})
        if codes:
            problems.append(f"{document.name}: no flow could be read ({', '.join(codes)}); "
                            f"flowlint check {document.name} says why")
    return problems
