"""Human-readable output: one line per finding, then a summary line."""
from __future__ import annotations

import re

from ..diagnostics import Diagnostic, Severity
from ..report import Report
from .options import FormatOptions

_COLORS = {Severity.ERROR: "\x1b[31m", Severity.WARNING: "\x1b[33m", Severity.INFO: "\x1b[36m"}
_BOLD, _RESET = "\x1b[1m", "\x1b[0m"
# C0/C1 controls (terminal escapes, carriage returns), bidi overrides (spoofed text), line
# separators (a line break to editors and splitlines) and lone surrogates (no UTF-8 form).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069"
                     "\ud800-\udfff]")


def neutralize(text: str) -> str:
    """Make flow text harmless on a terminal: controls become visible escapes."""
    return _UNSAFE.sub(lambda m: repr(m.group())[1:-1], text)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 or word == "info" else "s")


def format_line(d: Diagnostic, color: bool = False) -> str:
    where = f"{d.file}:{d.line}:{d.column}:" if d.line else f"{d.file}:"
    label = f"[{d.severity.label}]"
    code = d.code
    if color:
        label = f"{_COLORS[d.severity]}{label}{_RESET}"
        code = f"{_BOLD}{code}{_RESET}"
    message = d.message + (f' (assistant "{d.assistant_id}")' if d.assistant_id is not None else "")
    return f"{neutralize(where)} {code} {label} {neutralize(message)}"


def summary_line(report: Report) -> str:
    counts = report.summary
    files = len(report.workspace.documents)
    assistants = sum(f["assistants"] for f in report.files)
    line = (f"{_plural(counts['error'], 'error')}, {_plural(counts['warning'], 'warning')}, "
            f"{_plural(counts['info'], 'info')} in {_plural(files, 'file')} "
            f"({_plural(assistants, 'assistant')})")
    return line + "".join(f"; {hidden}" for hidden in [hidden_note(report)] if hidden)


def hidden_note(report: Report) -> str:
    """``3 hidden by the baseline, 1 suppressed``: what the gate did not show ("" for none)."""
    parts = []
    if report.hidden["baseline"]:
        parts.append(f"{report.hidden['baseline']} hidden by the baseline")
    if report.hidden["suppressed"]:
        parts.append(f"{report.hidden['suppressed']} suppressed")
    return ", ".join(parts)


def statistics(report: Report) -> list[str]:
    """One line per rule that fired, most frequent first: count, code, name."""
    counts: dict[tuple[str, str], int] = {}
    for d in report.diagnostics:
        counts[(d.code, d.name)] = counts.get((d.code, d.name), 0) + 1
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    width = len(str(max(counts.values(), default=0)))
    return [f"{count:>{width}}  {code}  {name}" for (code, name), count in ranked]


def render(report: Report, options: FormatOptions) -> str:
    lines = [] if options.quiet else [format_line(d, options.color) for d in report.diagnostics]
    if options.quiet:
        lines = [format_line(d, options.color) for d in report.diagnostics
                 if d.severity >= options.fail_on]
    if options.statistics:
        lines.extend(statistics(report))
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"
