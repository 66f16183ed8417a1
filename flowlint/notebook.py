"""Rich display in Jupyter: flows as diagrams, the hand-off overview, reports as tables.

The classes in documents.py, graph.py and report.py define tiny ``_repr_*_`` methods that
call into this module, so nothing here (nor matplotlib, graphviz or IPython) is imported
until a notebook asks for a picture. Every string from the input is escaped with
``html.escape``; diagrams escape their own text (see flowlint/diagrams).
"""
from __future__ import annotations

import hashlib
import html
from typing import Any

_SEVERITY_STYLE = {
    "error": "background:#fce8e6;color:#a50e0e",
    "warning": "background:#fef7e0;color:#8a4b00",
    "info": "background:#e8f0fe;color:#174ea6",
}


def _svg(obj: Any, **options: Any) -> str | None:
    """The diagram as SVG text, or None (the notebook then shows the plain repr)."""
    from .diagrams import to_image

    try:
        return to_image(obj, "svg", **options).decode("utf-8")
    except Exception:  # a picture is a nicety: never break the display of the object
        return None


def entry_svg(entry: Any) -> str | None:
    return _svg(entry) if entry.flow is not None else None


def flow_svg(flow: Any) -> str | None:
    return _svg(flow, findings=False)


def workspace_svg(workspace: Any) -> str | None:
    return _svg(workspace, handoffs=True) if workspace.assistants else None


def _escape(text: str) -> str:
    from .formatters.paths import clean  # lone surrogates cannot be encoded: U+FFFD

    return html.escape(clean(text))


# A finding's link scrolls to its node or edge in the diagram below the table, and the
# :target rule outlines it there (no script: notebooks may not run any).
_REPORT_STYLE = (
    "<style>.flowlint-diagram g:target > path, .flowlint-diagram g:target > polygon,"
    ".flowlint-diagram g:target > ellipse {stroke:#f9ab00 !important;stroke-width:5px}"
    ".flowlint-diagram g:target text {font-weight:bold}"
    ".flowlint-diagram svg {max-width:100%;height:auto}</style>")
MAX_REPORT_DIAGRAMS = 20  # a notebook cell stays light; flowlint.draw or diagram show the rest


def _inline_svg(svg: bytes, prefix: str) -> str:
    """SVG for an HTML page: no XML prologue, and ids unique on the page (``prefix``)."""
    text = svg.decode("utf-8")
    text = text[text.find("<svg"):]  # the page has its own doctype
    # Graphviz escapes every quote in text and attributes, so ' id="' only starts an id
    return text.replace(' id="', f' id="{prefix}')


def _report_diagrams(report: Any, prefix: str) -> tuple[dict[tuple, str], list[str]]:
    """The drawn flows with findings: (assistant, file, node or edge) -> element id, and the SVGs."""
    from .diagrams import entry_diagram, style
    from .diagrams.render import render_image

    targets: dict[tuple, str] = {}
    pictures: list[str] = []
    with_findings = {(d.assistant_id, d.file) for d in report.diagnostics}
    entries = [e for e in report.workspace.assistants
               if e.flow is not None and (e.id, e.document.name) in with_findings]
    for number, entry in enumerate(entries[:MAX_REPORT_DIAGRAMS]):
        diagram = entry_diagram(entry, report.diagnostics)
        try:
            svg = render_image(diagram, "svg")
        except Exception:  # a picture is a nicety: the table still shows every finding
            continue
        mine = f"{prefix}{number}-"
        key = (entry.id, entry.document.name)
        for index, node in reversed(list(enumerate(diagram.nodes))):  # the first one wins
            if node.kind in (style.PROMPT, style.TOOL, style.SPEAK, style.LOGIC, style.UNKNOWN):
                targets[(*key, "node", node.subject)] = f"{mine}fl-node-{index}"
        for index, edge in reversed(list(enumerate(diagram.edges))):
            if edge.subject is not None:
                targets[(*key, "edge", edge.subject)] = f"{mine}fl-edge-{index}"
        pictures.append(f'<div class="flowlint-diagram">{_inline_svg(svg, mine)}</div>')
    return targets, pictures


def report_html(report: Any, diagrams: bool = True) -> str:
    """The report as an HTML table, one row per finding, coloured by severity; under it, each
    flow with findings drawn, and each finding's node or edge linked to its place there."""
    e = _escape
    summary = report.summary
    head = (f"<p><b>flowlint</b>: {summary['error']} errors, {summary['warning']} warnings, "
            f"{summary['info']} info in {len(report.workspace.documents)} files</p>")
    if not report.diagnostics:
        return head
    # ids unique on the page, yet the same for the same report (stable notebook outputs)
    digest = hashlib.sha1("\0".join(f"{d.file}\0{d.assistant_id}\0{d.code}\0{d.message}"
                                    for d in report.diagnostics).encode("utf-8", "replace"))
    prefix = f"flowlint-{digest.hexdigest()[:8]}-"
    targets, pictures = _report_diagrams(report, prefix) if diagrams else ({}, [])
    rows = []
    for d in report.diagnostics:
        where = f"{d.file}:{d.line}:{d.column}" if d.line else d.file
        subject = d.edge_id or d.node_id or ""
        kind = "edge" if d.edge_id else "node"
        target = targets.get((d.assistant_id, d.file, kind, subject))
        shown = f'<a href="#{target}">{e(subject)}</a>' if target else e(subject)
        rows.append(
            f'<tr><td style="{_SEVERITY_STYLE[d.severity.label]};font-weight:bold">{e(d.severity.label)}</td>'
            f"<td><code>{e(d.code)}</code></td><td>{e(d.name)}</td><td>{e(d.message)}</td>"
            f"<td>{e(d.assistant_id or '')}</td><td>{shown}</td><td>{e(where)}</td></tr>")
    header = "".join(f"<th style=\"text-align:left\">{name} &#x25B4;&#x25BE;</th>" for name in
                     ("severity", "code", "rule", "message", "assistant", "node / edge", "location"))
    table = (f"<table class=\"flowlint-report\"><thead><tr>{header}</tr></thead>"
             f"<tbody>{''.join(rows)}</tbody></table>")
    return head + table + (_REPORT_STYLE + "".join(pictures) if pictures else "")
