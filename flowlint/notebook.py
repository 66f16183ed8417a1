"""Rich display in Jupyter: flows as diagrams, the hand-off overview, reports as tables.

The classes in documents.py, graph.py and report.py define tiny ``_repr_*_`` methods that
call into this module, so nothing here (nor matplotlib, graphviz or IPython) is imported
until a notebook asks for a picture. Every string from the input is escaped with
``html.escape``; diagrams escape their own text (see flowlint/diagrams).
"""
from __future__ import annotations

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


def report_html(report: Any) -> str:
    """The report as an HTML table, one row per finding, coloured by severity."""
    e = _escape
    summary = report.summary
    head = (f"<p><b>flowlint</b>: {summary['error']} errors, {summary['warning']} warnings, "
            f"{summary['info']} info in {len(report.workspace.documents)} files</p>")
    if not report.diagnostics:
        return head
    rows = []
    for d in report.diagnostics:
        where = f"{d.file}:{d.line}:{d.column}" if d.line else d.file
        subject = d.edge_id or d.node_id or ""
        rows.append(
            f'<tr><td style="{_SEVERITY_STYLE[d.severity.label]};font-weight:bold">{e(d.severity.label)}</td>'
            f"<td><code>{e(d.code)}</code></td><td>{e(d.name)}</td><td>{e(d.message)}</td>"
            f"<td>{e(d.assistant_id or '')}</td><td>{e(subject)}</td><td>{e(where)}</td></tr>")
    header = "".join(f"<th style=\"text-align:left\">{name} &#x25B4;&#x25BE;</th>" for name in
                     ("severity", "code", "rule", "message", "assistant", "node / edge", "location"))
    return (f"{head}<table class=\"flowlint-report\"><thead><tr>{header}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")
