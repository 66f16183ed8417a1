"""The ``flowlint`` command: argument parsing and exit codes, no logic of its own.

Exit codes: 0 clean (or --exit-zero), 1 findings at or above --fail-on, 2 flowlint could
not do its job (bad arguments, unreadable input, internal error). Never a traceback.
"""
from __future__ import annotations

import argparse
import gc
import os
import sys
from typing import Sequence

from ._version import __version__
from .diagnostics import Severity

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
CHECK_FORMATS = ("text", "json", "sarif", "github", "junit")


class UsageError(Exception):
    """A problem with the arguments or their files: one line on stderr, exit 2."""


def _split(values: Sequence[str] | None) -> list[str]:
    return [part.strip() for value in values or () for part in value.split(",") if part.strip()]


def _severity_overrides(values: Sequence[str] | None) -> dict[str, Severity | None]:
    from .rules import find_rule

    overrides: dict[str, Severity | None] = {}
    for item in _split(values):
        code, sep, level = item.partition("=")
        rule = find_rule(code)
        if not sep or rule is None:
            raise UsageError(f"--severity expects CODE=LEVEL with a known rule, got {item!r}")
        try:
            overrides[rule.code] = None if level.strip().lower() == "off" else Severity.parse(level)
        except ValueError as exc:
            raise UsageError(f"--severity {item}: {exc}") from None
    return overrides


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="flowlint",
        description="Lint, explain and draw the conversation flows of Telnyx AI Assistants.")
    parser.add_argument("--version", action="version", version=f"flowlint {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = commands.add_parser("check", help="lint files, folders (*.json) or - for stdin")
    check.add_argument("paths", nargs="+", metavar="PATH")
    check.add_argument("--format", choices=CHECK_FORMATS,
                       help="output format (default: text; github when GITHUB_ACTIONS=true)")
    check.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE instead of stdout")
    check.add_argument("--select", action="append", metavar="RULES",
                       help="only these rules: codes, prefixes (FL3), names or groups, comma-separated")
    check.add_argument("--ignore", action="append", metavar="RULES", help="skip these rules (same forms)")
    check.add_argument("--severity", action="append", metavar="CODE=LEVEL",
                       help="re-level a rule: error, warning, info or off")
    check.add_argument("--fail-on", choices=("error", "warning", "info"),
                       help="lowest severity that makes the exit code 1 (default: error)")
    check.add_argument("--assistants", metavar="FILE",
                       help="assistants inventory: the JSON of GET /ai/assistants (hand-off targets)")
    check.add_argument("--tools", metavar="FILE",
                       help="tools inventory: the JSON of GET /ai/tools (shared tool ids and types)")
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings")
    check.add_argument("--no-color", action="store_true", help="never colour the text output (also NO_COLOR)")
    check.add_argument("-q", "--quiet", action="store_true",
                       help="text: print only findings at or above --fail-on, and the summary")
    check.add_argument("--statistics", action="store_true",
                       help="print a count per rule after the findings (on stderr for non-text formats)")
    check.add_argument("--config", metavar="FILE",
                       help="use this config file instead of looking for one from the working folder")
    check.add_argument("--baseline", metavar="FILE", help="hide the findings recorded in FILE")
    check.add_argument("--write-baseline", metavar="FILE",
                       help="record the current findings in FILE (then they are hidden)")

    rules = commands.add_parser("rules", help="list every rule: code, name, group, default severity")
    rules.add_argument("--format", choices=("text", "json", "markdown"), default="text")

    diagram = commands.add_parser("diagram", help="draw flows or the hand-offs: dot, svg, png, mermaid")
    diagram.add_argument("paths", nargs="+", metavar="PATH")
    diagram.add_argument("--format", choices=("dot", "svg", "png", "mermaid"), default="svg",
                         help="output format (default: svg)")
    diagram.add_argument("--assistant", metavar="ID", help="draw only this assistant's flow")
    diagram.add_argument("--handoffs", action="store_true",
                         help="draw one overview of all assistants and the hand-offs between them")
    diagram.add_argument("-o", "--output", metavar="FILE_OR_FOLDER",
                         help="a file for one diagram, else a folder (one file per assistant)")
    diagram.add_argument("--no-findings", action="store_true", help="do not lint; draw the flow only")

    explain = commands.add_parser("rule", help="explain one rule (by code or name)")
    explain.add_argument("rule", metavar="CODE|NAME")
    return parser


def _use_color(args: argparse.Namespace) -> bool:
    if args.no_color or os.environ.get("NO_COLOR") or args.output:
        return False
    return sys.stdout.isatty()


def write_output(text: str, path: str | None) -> None:
    """Write to stdout, or atomically to a file (a failed run never leaves half a report)."""
    if path is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from .atomic import write_atomically

    try:
        # newline="\n" as before: the report's bytes are the same on every platform
        write_atomically(path, text.encode("utf-8"))
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None


def run_check(args: argparse.Namespace) -> int:
    from .engine import LintOptions, lint_workspace
    from .filters import apply_filters
    from .formatters import get_formatter
    from .formatters.options import FormatOptions
    from .formatters.text import statistics
    from .loading import gc_paused, load_workspace
    from .rules import ALL_RULES
    from .selection import SelectorError, check_selectors
    from .source import InputError

    settings = _settings(args)
    options = LintOptions(settings.select or (), settings.ignore, settings.severity, settings.fail_on)
    try:
        check_selectors([*options.select, *options.ignore], ALL_RULES)
    except SelectorError as exc:
        raise UsageError(str(exc)) from None
    if args.paths.count("-") > 1:
        raise UsageError("stdin (-) can be read only once")
    try:
        own_files = [args.write_baseline, settings.baseline, settings.assistants, settings.tools]
        workspace = load_workspace(_expand(args.paths, own_files), **_inventories(settings))
    except InputError as exc:
        raise UsageError(str(exc)) from None
    with gc_paused():
        report = lint_workspace(workspace, options)
    report = apply_filters(report, settings, _baseline(args, report, settings))
    name = args.format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    text = get_formatter(name)(report, FormatOptions(
        color=_use_color(args) and name == "text", fail_on=settings.fail_on, quiet=args.quiet,
        statistics=args.statistics and name == "text"))
    write_output(text, args.output)
    if args.statistics and name != "text":
        print("\n".join(statistics(report)), file=sys.stderr)
    for problem in report.errors:
        _say(problem)
    if report.errors:
        return EXIT_ERROR
    return EXIT_FINDINGS if report.failed(settings.fail_on) and not args.exit_zero else EXIT_OK


def _settings(args: argparse.Namespace):
    """The config file (found or named) with the command line laid over it."""
    from .config import ConfigError, discover, merge

    try:
        config = discover(args.config)
    except ConfigError as exc:
        raise UsageError(str(exc)) from None
    return merge(config, select=_split(args.select), ignore=_split(args.ignore),
                 severity=_severity_overrides(args.severity),
                 fail_on=Severity.parse(args.fail_on) if args.fail_on else None,
                 assistants=getattr(args, "assistants", None), tools=getattr(args, "tools", None),
                 baseline=args.baseline)


def _inventories(settings) -> dict:
    from .config import inventories
    from .source import InputError

    try:
        return inventories(settings)
    except InputError as exc:
        raise UsageError(str(exc)) from None


def _baseline(args: argparse.Namespace, report, settings):
    """The baseline to apply: freshly written with --write-baseline, else --baseline/config."""
    from .baseline import BaselineError, dumps, entries_for, read_baseline, Baseline
    from .config import display_path
    from .filters import apply_filters, baseline_candidates
    from .source import parse_text

    if args.write_baseline:
        entries = entries_for(baseline_candidates(apply_filters(report, settings)))
        text = dumps(entries)
        write_output(text, args.write_baseline)
        print(f"flowlint: wrote {len(entries)} finding{'s' * (len(entries) != 1)} "
              f"to {args.write_baseline}", file=sys.stderr)
        return Baseline(entries, parse_text(text, display_path(args.write_baseline)))
    if settings.baseline is None:
        return None
    try:
        return read_baseline(settings.baseline, display_path(settings.baseline))
    except BaselineError as exc:
        raise UsageError(str(exc)) from None


def _expand(paths: Sequence[str], skip: Sequence[object] = ()) -> list[str]:
    """Files to lint: folders are searched for *.json. flowlint's own JSON files (``skip``:
    the baseline and the inventories) are left out, also when pre-commit passes them."""
    from .source import iter_paths

    own = {os.path.realpath(p) for p in skip if p is not None}
    expanded = []
    for path in paths:
        if path != "-" and not os.path.exists(path):
            expanded.append(path)  # reported as unreadable, the rest still runs
            continue
        files = list(iter_paths([path]))
        expanded.extend(f for f in files if f == "-" or os.path.realpath(f) not in own)
    return expanded


def run_diagram(args: argparse.Namespace) -> int:
    from .diagrams.command import DiagramError, Request, run
    from .loading import load_workspace

    workspace = load_workspace(_expand(args.paths))
    if workspace.errors:
        raise UsageError("; ".join(workspace.errors))
    request = Request(args.paths, args.format, args.assistant, args.handoffs, args.output,
                      not args.no_findings)
    try:
        for path in run(request, workspace):
            print(f"wrote {path}", file=sys.stderr)
    except DiagramError as exc:
        raise UsageError(str(exc)) from None
    return EXIT_OK


def run_rules_command(args: argparse.Namespace) -> int:
    from .docs import rules_json, rules_markdown, rules_table
    from .rules import ALL_RULES

    render = {"text": rules_table, "json": rules_json, "markdown": rules_markdown}[args.format]
    write_output(render(ALL_RULES), None)
    return EXIT_OK


def run_rule_command(args: argparse.Namespace) -> int:
    from .docs import explain
    from .rules import ALL_RULES, find_rule
    from .suggest import did_you_mean

    rule = find_rule(args.rule)
    if rule is None:
        hint = did_you_mean(args.rule.upper(), [r.code for r in ALL_RULES]) or did_you_mean(
            args.rule.lower(), [r.name for r in ALL_RULES])
        raise UsageError(f"no rule {args.rule!r}{hint} (flowlint rules lists them)")
    write_output(explain(rule), None)
    return EXIT_OK


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


def _say(message: str) -> None:
    """One line on stderr, whatever a path or a flow's text in it contains."""
    from .formatters.text import neutralize

    print(f"flowlint: {neutralize(message)}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    commands = {"check": run_check, "diagram": run_diagram, "rules": run_rules_command,
                "rule": run_rule_command}
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_ERROR
    try:
        return commands[args.command](args)
    except UsageError as exc:
        _say(f"error: {exc}")
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
    except Exception as exc:  # never a traceback: one line, exit 2
        _say(f"internal error: {type(exc).__name__}: {exc}")
        return EXIT_ERROR
