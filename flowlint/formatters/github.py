"""GitHub Actions workflow commands: one annotation per finding.

``::error file=F,line=L,col=C,title=FL301 unreachable-node::message`` (``warning`` and
``notice`` for the other levels). Values are escaped as the Actions runner unescapes them:
in the message ``%``, CR and LF; in properties also ``:`` and ``,``. Other control and
bidirectional characters are shown as escapes (``\x1b``), as in text output.
"""
from __future__ import annotations

from ..diagnostics import Diagnostic, Severity
from ..report import Report
from .options import FormatOptions
from .paths import clean, relative_path
from .text import neutralize

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    # CR and LF as the runner expects; every other control (ESC, bidi overrides...) shown
    # as a visible escape, as in text output, so a flow cannot colour or reorder the log.
    escaped = clean(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return neutralize(escaped)


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(d: Diagnostic, path: str | None = None) -> str:
    properties = [("file", path if path is not None else relative_path(d.file))]
    if d.line:
        properties.append(("line", str(d.line)))
        if d.column:
            properties.append(("col", str(d.column)))
    properties.append(("title", f"{d.code} {d.name}"))
    message = d.message + (f' (assistant "{d.assistant_id}")' if d.assistant_id is not None else "")
    joined = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    return f"::{COMMANDS[d.severity]} {joined}::{escape_data(message)}"


def render(report: Report, options: FormatOptions) -> str:
    shown = [d for d in report.diagnostics if not options.quiet or d.severity >= options.fail_on]
    paths = {file: relative_path(file) for file in {d.file for d in shown}}
    return "".join(annotation(d, paths[d.file]) + "\n" for d in shown)
