"""``flowlint diff OLD NEW`` / ``flowlint diff --git REV [PATH...]``: what changed, and the gate.

Both versions are linted with the same check options, config, inventories and baseline;
the exit code is 1 only when the change introduces a finding at ``--fail-on``.
"""
from __future__ import annotations

import argparse
import os
from typing import Any, Sequence

from .check import (_baseline, _inventories, _use_color, add_check_options, expand_paths, lint_options,
                    load_settings)
from .options import add_provider_option, provider_of
from .common import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, UsageError, say, write_output

NAME = "diff"
HELP = "what changed between two versions of flows, and which findings the change adds or fixes"
DIFF_FORMATS = ("text", "json", "markdown")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="OLD NEW (files or folders); with --git, the paths to compare (default: .)")
    parser.add_argument("--git", metavar="REV",
                        help="the old version from git at REV (no checkout), the new one from the work tree")
    parser.add_argument("--format", choices=DIFF_FORMATS, default="text",
                        help="output format (default: text)")
    parser.add_argument("-o", "--output", metavar="FILE", help="write the diff to FILE instead of stdout")
    parser.add_argument("--positions", action="store_true",
                        help="also report nodes moved in the editor (positions only)")
    add_check_options(parser, report_options=False)
    add_provider_option(parser)


def run(args: argparse.Namespace) -> int:
    from ..diff import compare

    settings = load_settings(args)
    options = lint_options(settings)
    inventories = _inventories(settings)
    own_files = [settings.baseline, settings.assistants, settings.tools]
    if args.git is not None:
        versions = _git_inputs(args.git, args.paths, own_files)
    else:
        versions = _path_inputs(args.paths, own_files)
    old, new = (_side(args, settings, options, inventories, *version) for version in versions)
    result = compare(old, new, args.positions)
    if args.format == "json":
        text = result.to_json()
    elif args.format == "markdown":
        text = result.to_markdown()
    else:
        text = result.to_text(color=_use_color(args))
    write_output(text, args.output)
    for problem in result.errors:
        say(problem)
    if result.errors:
        return EXIT_ERROR
    return EXIT_FINDINGS if result.failed(settings.fail_on) and not args.exit_zero else EXIT_OK


Version = tuple[str, Sequence[Any], "str | None"]   # (label, inputs to read, folder they are relative to)


def _path_inputs(paths: Sequence[str], own_files: Sequence[Any]) -> tuple[Version, Version]:
    if len(paths) != 2:
        raise UsageError("diff needs OLD and NEW (two files or folders), or --git REV [PATH...]")
    if list(paths).count("-") > 1:
        raise UsageError("stdin (-) can be read only once")
    sides = []
    for path in paths:
        if path != "-" and not os.path.exists(path):
            raise UsageError(f"{path}: no such file or folder")
        root = path if path != "-" and os.path.isdir(path) else None
        sides.append((path, expand_paths([path], own_files, allow_empty=True), root))
    return sides[0], sides[1]


def _git_inputs(rev: str, paths: Sequence[str], own_files: Sequence[Any]) -> tuple[Version, Version]:
    from ..diff.git import GitError, check_revision, read_old, work_tree_files

    paths = list(paths) or ["."]
    own = {os.path.realpath(p) for p in own_files if p is not None}
    try:
        commit = check_revision(rev)
        old = [s for s in read_old(commit, paths) if os.path.realpath(s.name) not in own]
        new = [n for n in work_tree_files(paths) if os.path.realpath(n) not in own]
    except GitError as exc:
        raise UsageError(str(exc)) from None
    if not old and not new:
        raise UsageError(f"--git: no JSON file under {' '.join(paths)} at {rev} nor in the work tree")
    return (f"{rev} ({commit[:12]})", old, "."), ("work tree", new, ".")


def _side(args: argparse.Namespace, settings: Any, options: Any, inventories: dict, label: str,
          inputs: Sequence[Any], root: str | None):
    """One version read, linted and filtered exactly as ``flowlint check`` would."""
    from ..diff import Side
    from ..engine import lint_workspace
    from ..filters import apply_filters
    from ..loading import gc_paused, load_workspace
    from ..source import InputError

    try:
        workspace = load_workspace(inputs, provider=provider_of(args), **inventories)
    except InputError as exc:
        raise UsageError(str(exc)) from None
    with gc_paused():
        report = lint_workspace(workspace, options)
    report = apply_filters(report, settings, _baseline(args, report, settings))
    return Side(label, workspace, report, root)

