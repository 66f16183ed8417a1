"""A plan in Jupyter: per assistant a table of its paths, each path drawn on its flow.

Every string from the flow is HTML-escaped here; the pictures escape their own text (see
flowlint/diagrams). A picture that cannot be made (no renderer) is left out, never an
error. Only the first ``MAX_DRAWN`` paths of an assistant are drawn, so a plan of a large
flow stays a page, not hundreds of pictures.
"""
from __future__ import annotations

import html
from typing import TYPE_CHECKING

from ..formatters.paths import clean
from .render import ending, headline

if TYPE_CHECKING:
    from .result import AssistantPlan, Plan

MAX_DRAWN = 12


def _e(value: object) -> str:
    return html.escape(clean(value if isinstance(value, str) else str(value)))


def _svg(plan: "AssistantPlan", number: int) -> str:
    from ..diagrams import to_image

    try:
        svg = to_image(plan.diagram(number), "svg").decode("utf-8")
    except Exception:  # a picture is a nicety: the table still shows
        return ""
    start = svg.find("<svg")  # drop the XML prologue and doctype: the page has its own
    return f'<div class="flowlint-path-picture">{svg[start:] if start >= 0 else ""}</div>'


def _steps(plan: "AssistantPlan", number: int) -> str:
    items = []
    for step in plan.paths[number - 1].steps:
        name = f"<b>{_e(step.name)}</b> " if step.name else ""
        text = f"{name}<code>{_e(step.node)}</code> ({_e(step.node_type)}): {_e(step.does)}"
        if step.edge is not None:
            text += f" &rarr; <i>when</i> ({_e(step.condition_type)}) {_e(step.when)}"
        items.append(f"<li>{text}</li>")
    return f"<ol>{''.join(items)}</ol>"


def assistant_html(plan: "AssistantPlan", draw: bool = True) -> str:
    title = plan.id if plan.id is not None else f"flow in {plan.file}"
    parts = [f"<h4>Test plan: {_e(title)}</h4><p>{_e(headline(plan))}</p>"]
    if plan.paths:
        rows = "".join(f'<tr><td style="vertical-align:top">{p.number}</td><td>{_steps(plan, p.number)}</td>'
                       f'<td style="vertical-align:top">{_e(ending(p))}</td></tr>' for p in plan.paths)
        parts.append(f'<table class="flowlint-plan"><thead><tr><th>path</th><th>steps</th><th>ends</th>'
                     f"</tr></thead><tbody>{rows}</tbody></table>")
    for item in plan.uncoverable:
        parts.append(f"<p>Not coverable: edge <code>{_e(item.edge.id)}</code>: {_e(item.reason)} "
                     f"({_e(item.code)} {_e(item.name)})</p>")
    if draw:
        for path in plan.paths[:MAX_DRAWN]:
            parts.append(f"<p><b>Path {path.number}</b></p>{_svg(plan, path.number)}")
        if len(plan.paths) > MAX_DRAWN:
            parts.append(f"<p>{len(plan.paths) - MAX_DRAWN} more paths not drawn: "
                         "<code>plan.diagram(N, assistant=...)</code> draws any of them.</p>")
    return "".join(parts)


def plan_html(plan: "Plan") -> str:
    return "".join(assistant_html(a) for a in plan.assistants) or "<p>flowlint: no flow to plan</p>"
