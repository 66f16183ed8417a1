"""``flowlint check``: lint files, folders or stdin and report.

``add_check_options`` and ``check_paths`` are shared with the commands that lint as part of
their job, so that every check option means the same everywhere.
"""
from __future__ import annotations

import argparse
import glob
import os
import sys
from typing import Any, Mapping, Sequence

from ..diagnostics import Severity
from .common import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, UsageError, say, split_values, write_output
from .options import add_provider_option, provider_of

NAME = "check"
HELP = "lint files, folders (*.json) or - for stdin"
CHECK_FORMATS = ("text", "json", "sarif", "github", "junit", "html", "markdown")
SEVERITY_LEVELS = "error, warning, info or off"
DRAWING_FORMATS = ("html", "markdown")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from .api import add_api_options

    parser.add_argument("paths", nargs="+", metavar="PATH")
    add_check_options(parser)
    parser.add_argument("--fetch-inventories", action="store_true",
                        help="take the assistants and tools inventories from the Telnyx API "
                             "(key in TELNYX_API_KEY) instead of files")
    add_api_options(parser)
    add_provider_option(parser)


def add_check_options(parser: argparse.ArgumentParser, report_options: bool = True) -> None:
    """Every option of ``check`` but its paths.

    ``report_options=False`` leaves out the options about check's own report and run
    (``--format``, ``--output``, ``--quiet``, ``--statistics``, ``--jobs``,
    ``--write-baseline``), for a command that lints as part of its job and writes a report
    of its own (``diff``).
    """
    if report_options:
        parser.add_argument("--format", choices=CHECK_FORMATS,
                            help="output format (default: text; github when GITHUB_ACTIONS=true)")
        parser.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE instead of stdout")
    parser.add_argument("--select", action="append", metavar="RULES",
                        help="only these rules: codes, prefixes (FL3), names or groups, comma-separated")
    parser.add_argument("--ignore", action="append", metavar="RULES", help="skip these rules (same forms)")
    parser.add_argument("--severity", action="append", metavar="CODE=LEVEL",
                        help="re-level a rule: error, warning, info or off")
    parser.add_argument("--fail-on", choices=("error", "warning", "info"),
                        help="lowest severity that makes the exit code 1 (default: error)")
    parser.add_argument("--assistants", metavar="FILE",
                        help="assistants inventory: the JSON of GET /ai/assistants (hand-off targets)")
    parser.add_argument("--tools", metavar="FILE",
                        help="tools inventory: the JSON of GET /ai/tools (shared tool ids and types)")
    parser.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings")
    parser.add_argument("--no-color", action="store_true", help="never colour the text output (also NO_COLOR)")
    if report_options:
        parser.add_argument("-q", "--quiet", action="store_true",
                            help="text: print only findings at or above --fail-on, and the summary")
        parser.add_argument("--statistics", action="store_true",
                            help="print a count per rule after the findings (on stderr for non-text formats)")
        parser.add_argument("-j", "--jobs", type=_jobs, default="auto", metavar="N",
                            help="processes that share the assistants of a large file (1.5 MB or more "
                                 "per process); auto (the default): one per usable CPU; 1: this "
                                 "process only")
    parser.add_argument("--config", metavar="FILE",
                        help="use this config file instead of looking for one from the working folder")
    parser.add_argument("--baseline", metavar="FILE", help="hide the findings recorded in FILE")
    if report_options:
        parser.add_argument("--write-baseline", metavar="FILE",
                            help="record the current findings in FILE (then they are hidden)")
    else:
        parser.set_defaults(write_baseline=None)


def run(args: argparse.Namespace) -> int:
    if not args.fetch_inventories:
        if args.base_url:
            raise UsageError("--base-url is for --fetch-inventories")
        return check_paths(args, args.paths)
    from .api import fetched_inventories

    if args.assistants or args.tools:
        raise UsageError("--fetch-inventories takes the inventories from the API: drop --assistants/--tools")
    load_settings(args)  # a bad config fails before any request
    return check_paths(args, args.paths, fetched_inventories(args, f"{NAME} --fetch-inventories"))


def check_paths(args: argparse.Namespace, paths: Sequence[str],
                inventories: Mapping[str, Any] | None = None) -> int:
    """Lint ``paths`` with the check options in ``args``, print the report, return the exit code.

    ``inventories`` (``{"assistants": ..., "tools": ...}`` as ``load_workspace`` takes them,
    already in memory: fetched from the API) replace the inventory files of the options and
    the config."""
    from ..engine import lint_streamed, lint_workspace
    from ..filters import apply_filters
    from ..formatters import get_formatter
    from ..formatters.options import FormatOptions
    from ..formatters.text import statistics
    from ..loading import gc_paused, load_workspace
    from ..source import InputError

    settings = load_settings(args)
    options = lint_options(settings)
    if list(paths).count("-") > 1:
        raise UsageError("stdin (-) can be read only once")
    name = getattr(args, "format", None) or (
        "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    try:
        own_files = [args.write_baseline, settings.baseline, settings.assistants, settings.tools]
        inputs = expand_paths(paths, own_files)
        read_options = dict(provider=provider_of(args),
                            **(inventories if inventories is not None else _inventories(settings)))
        with gc_paused():
            if name in DRAWING_FORMATS:  # they draw every flow: keep the assistants whole
                report = lint_workspace(load_workspace(inputs, **read_options), options)
            else:  # each assistant checked as it is read, then let go
                report = lint_streamed(inputs, options, jobs=getattr(args, "jobs", 1), **read_options)
    except InputError as exc:
        raise UsageError(str(exc)) from None
    report = apply_filters(report, settings, _baseline(args, report, settings))
    text = get_formatter(name)(report, FormatOptions(
        color=_use_color(args) and name == "text", fail_on=settings.fail_on, quiet=args.quiet,
        statistics=args.statistics and name == "text"))
    write_output(text, args.output)
    if args.statistics and name != "text":
        print("\n".join(statistics(report)), file=sys.stderr)
    for problem in report.errors:
        say(problem)
    if report.errors:
        return EXIT_ERROR
    return EXIT_FINDINGS if report.failed(settings.fail_on) and not args.exit_zero else EXIT_OK


def _jobs(value: str) -> int:
    from ..parallel import available_cpus

    if value == "auto":
        return available_cpus()
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"expected a number of processes (1 or more) or auto, got {value!r}")
    return int(value)


def lint_options(settings):
    """The engine's options from the merged settings; an unknown selector is a usage error."""
    from ..engine import LintOptions
    from ..rules import ALL_RULES
    from ..selection import SelectorError, check_selectors

    options = LintOptions(settings.select or (), settings.ignore, settings.severity, settings.fail_on)
    try:
        check_selectors([*options.select, *options.ignore], ALL_RULES)
    except SelectorError as exc:
        raise UsageError(str(exc)) from None
    return options


def _use_color(args: argparse.Namespace) -> bool:
    if args.no_color or os.environ.get("NO_COLOR") or args.output:
        return False
    return sys.stdout.isatty()


def _severity_overrides(values: Sequence[str] | None) -> dict[str, Severity | None]:
    from ..rules import ALL_RULES, find_rule
    from ..selection import closest_rule

    overrides: dict[str, Severity | None] = {}
    for item in split_values(values):
        code, sep, level = item.partition("=")
        if not sep:
            raise UsageError(f"--severity expects CODE=LEVEL (LEVEL: {SEVERITY_LEVELS}), got {item!r}")
        rule = find_rule(code)
        if rule is None:
            match = closest_rule(code, ALL_RULES)
            raise UsageError(f"--severity {item}: unknown rule {code.strip()!r}"
                             + (f'; did you mean "{match}"?' if match else " (flowlint rules lists them)"))
        if level.strip().lower() == "off":
            overrides[rule.code] = None
            continue
        try:
            overrides[rule.code] = Severity.parse(level)
        except ValueError:
            raise UsageError(f"--severity {item}: unknown level {level.strip()!r} "
                             f"(use {SEVERITY_LEVELS})") from None
    return overrides


def load_settings(args: argparse.Namespace):
    """The config file (found or named) with the command line laid over it."""
    from ..config import ConfigError, discover, merge

    try:
        config = discover(args.config)
    except ConfigError as exc:
        raise UsageError(str(exc)) from None
    return merge(config, select=split_values(args.select), ignore=split_values(args.ignore),
                 severity=_severity_overrides(args.severity),
                 fail_on=Severity.parse(args.fail_on) if args.fail_on else None,
                 assistants=getattr(args, "assistants", None), tools=getattr(args, "tools", None),
                 baseline=args.baseline)


def _inventories(settings) -> dict:
    from ..config import inventories
    from ..source import InputError

    try:
        return inventories(settings)
    except InputError as exc:
        raise UsageError(str(exc)) from None


def _baseline(args: argparse.Namespace, report, settings):
    """The baseline to apply: freshly written with --write-baseline, else --baseline/config."""
    from ..baseline import Baseline, BaselineError, dumps, entries_for, read_baseline
    from ..config import display_path
    from ..filters import apply_filters, baseline_candidates
    from ..source import parse_text

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


def expand_paths(paths: Sequence[str], skip: Sequence[object] = (), allow_empty: bool = False) -> list[str]:
    """Files to lint: folders are searched for *.json. flowlint's own JSON files (``skip``:
    the baseline and the inventories) are left out, also when pre-commit passes them.

    A folder with nothing to lint is a usage error (a gate must never pass on nothing),
    unless ``allow_empty`` (one side of a diff may well be empty)."""
    from ..source import iter_paths

    own = {os.path.realpath(p) for p in skip if p is not None}
    expanded = []
    for path in paths:
        if path != "-" and not os.path.exists(path):
            if not allow_empty and glob.has_magic(path):  # a pattern the shell left unexpanded
                raise UsageError(f"{path}: no file matches this pattern")
            expanded.append(path)  # reported as unreadable, the rest still runs
            continue
        files = [f for f in iter_paths([path]) if f == "-" or os.path.realpath(f) not in own]
        if not files and not allow_empty:
            raise UsageError(f"{path}: no JSON file to lint in this folder (flowlint reads *.json)")
        expanded.extend(files)
    return expanded
