"""The diff for people on a terminal: changes per assistant, then new and fixed findings.

Flow values are quoted and neutralised (control characters and bidi overrides become
visible escapes, as in ``flowlint check``'s text), so a flow cannot drive the terminal.
"""
from __future__ import annotations

from ..diagnostics import Severity
from ..formatters.text import format_line, neutralize
from .model import UNCHANGED, FlowDiff
from .outline import Flow, Part, heading, plural, sections

_COLORS = {"+": "\x1b[32m", "-": "\x1b[31m", "~": "\x1b[33m", ">": "\x1b[36m", "^": "\x1b[36m"}
_BOLD, _RESET = "\x1b[1m", "\x1b[0m"


def join(parts: list[Part]) -> str:
    return "".join((f'"{neutralize(p.text)}"' if p.quoted else neutralize(p.text)) if isinstance(p, Flow)
                   else p for p in parts)


def _paint(text: str, sign: str, color: bool) -> str:
    return f"{_COLORS[sign]}{text}{_RESET}" if color and sign in _COLORS else text


def render(result: FlowDiff, color: bool = False) -> str:
    out = [f"flowlint diff: {neutralize(result.old_label)} -> {neutralize(result.new_label)}"]
    for assistant in result.assistants:
        if assistant.status == UNCHANGED:
            continue
        title = join(heading(assistant))
        out += ["", f"{_BOLD}{title}{_RESET}" if color else title]
        for section in sections(assistant):
            out.append(f"  {section.title}:")
            for line in section.lines:
                out.append("    " + _paint(f"{line.sign} {join(line.parts)}", line.sign, color))
                for diff_line in line.diff:
                    sign = diff_line[:1] if diff_line[:1] in "+-" else ""
                    out.append("        " + _paint(neutralize(diff_line), sign, color))
                if line.omitted:
                    out.append(f"        ... {plural(line.omitted, 'more diff line')}")
    if not result.assistants:
        out += ["", "nothing to compare: no assistant or flow was read from either version"]
    elif not result.changed:
        out += ["", "no change"]
    findings = result.findings
    for title, diagnostics in (("new findings", findings.new),
                               ("fixed findings (lines of the old version)", findings.fixed)):
        if diagnostics:
            out += ["", f"{title}:"]
            out += [f"  {format_line(d, color)}" for d in diagnostics]
    out += ["", summary_line(result)]
    return "\n".join(out) + "\n"


def summary_line(result: FlowDiff) -> str:
    counts = result.counts()
    levels = {level: sum(1 for d in result.findings.new if d.severity is level) for level in Severity}
    worst = ", ".join(f"{count} {level.label}" for level, count in sorted(levels.items(), reverse=True)
                      if count)
    return (f"assistants: {counts['changed']} changed, {counts['added']} added, "
            f"{counts['removed']} removed, {counts['unchanged']} unchanged; findings: "
            f"{len(result.findings.new)} new" + (f" ({worst})" if worst else "")
            + f", {len(result.findings.fixed)} fixed, {result.findings.unchanged} unchanged")
