"""One path of a plan drawn on its flow: the path's nodes and edges highlighted (bold,
green, each edge labelled with its step numbers), everything else faded.

It marks a ``Diagram`` of the drawing model, so every renderer (DOT, Mermaid, SVG/PNG,
matplotlib) draws it. Edges are matched by (edge id, source node, target); parallel edges
with one id (FL202) are both highlighted.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..diagrams import style
from .render import ending

if TYPE_CHECKING:
    from ..diagrams.model import Diagram
    from .result import PlannedPath

FLOW_KINDS = (style.PROMPT, style.TOOL, style.SPEAK, style.UNKNOWN)


def highlight(diagram: "Diagram", path: "PlannedPath", of: int | None = None) -> "Diagram":
    """Mark ``path`` on ``diagram`` (the flow's diagram from ``flow_diagram``), in place."""
    flow_names = {n.subject: n.name for n in diagram.nodes if n.kind in FLOW_KINDS}
    assistant_names = {n.subject: n.name for n in diagram.nodes if n.kind == style.ASSISTANT}
    on_path = {flow_names[node] for node in path.nodes if node in flow_names}
    steps: dict[tuple[Any, str, str], list[int]] = {}
    for number, edge in enumerate(path.edges, 1):
        source = flow_names.get(edge.source)  # type: ignore[arg-type]
        target = (assistant_names.get(edge.target) if edge.is_handoff  # type: ignore[arg-type]
                  else flow_names.get(edge.target))  # type: ignore[arg-type]
        if source is None or target is None:
            continue
        on_path.add(target)
        subject = edge.id if isinstance(edge.id, str) else None
        steps.setdefault((subject, source, target), []).append(number)
    for node in diagram.nodes:
        node.highlight, node.faded = ("path", False) if node.name in on_path else (None, True)
    for drawn in diagram.edges:
        numbers = steps.get((drawn.subject, drawn.source, drawn.target))
        if numbers:
            drawn.highlight, drawn.faded = "path", False
            drawn.label = f"{', '.join(map(str, numbers))}: {drawn.label}"
        else:
            drawn.highlight, drawn.faded = None, True
    total = f" of {of}" if of else ""
    diagram.title = style.shorten(f"{diagram.title}: path {path.number}{total}, {ending(path)}", 120)
    if not any(key == "path" for key, _ in diagram.legend):
        diagram.legend.append(("path", style.LEGEND_TEXTS["path"]))
        if any(item.faded for item in [*diagram.nodes, *diagram.edges]):
            diagram.legend.append(("faded", style.LEGEND_TEXTS["faded"]))
    return diagram


def path_diagram(entry: Any, path: "PlannedPath", findings: bool = True, of: int | None = None) -> "Diagram":
    """The flow of ``entry`` (an ``AssistantEntry``, or a bare flow) with ``path`` drawn on it."""
    from ..diagrams import entry_diagram, flow_diagram, select

    if entry.document is None:  # a FlowGraph alone: no findings to draw
        diagram = flow_diagram(entry.flow)
    else:
        diagram = entry_diagram(entry, select(entry, findings=findings).diagnostics)
    return highlight(diagram, path, of)



def selected_path_diagram(selection: Any, number: int) -> tuple[str, "Diagram"]:
    """(file stem, diagram) for ``flowlint diagram --path N``: the one selected flow with
    its plan's path ``number`` drawn. Raises ``PlanError`` when that is not one flow."""
    import os

    from ..diagrams import entry_diagram
    from ..filenames import safe_stem
    from .result import PlanError, plan_entry

    if len(selection.entries) != 1:
        ids = ", ".join(str(e.id) for e in selection.entries[:10])
        raise PlanError(f"--path draws one flow: {len(selection.entries)} in the input ({ids}); "
                        "give --assistant ID")
    entry = selection.entries[0]
    plan = plan_entry(entry)
    path = plan.path(number)
    stem = safe_stem(entry.id, fallback=safe_stem(os.path.splitext(os.path.basename(entry.document.name))[0]))
    diagram = highlight(entry_diagram(entry, selection.diagnostics), path, len(plan.paths))
    return f"{stem}-path-{number}", diagram
