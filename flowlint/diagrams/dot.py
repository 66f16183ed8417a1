"""DOT text through the ``graphviz`` package (no Graphviz binary needed for text).

Every flow string goes through ``label()``: control characters become spaces, backslashes
are doubled and the result is marked ``nohtml`` so a label like ``<script>`` is never taken
for an HTML-like label; the ``graphviz`` package then quotes it and escapes its quotes.
The one HTML-like label is the title with its legend (``_title_and_legend``), and every
string in it goes through ``html.escape`` (``& < > "``). Node names are the model's
synthetic ``n0``/``h0``/``a0`` names; each node and edge also has an ``id``
(``fl-node-<index>``, ``fl-edge-<index>``) that Graphviz keeps in the SVG, so a report can
point at it.

Readability (Graphviz places every label, so none overlap): long label lines are wrapped,
the legend is a small table under the title, and ``rankdir`` follows the flow's shape.
"""
from __future__ import annotations

import html
import textwrap

from . import style
from .model import Diagram, DrawEdge, DrawNode

NODE_WRAP, EDGE_WRAP = 28, 26  # characters per label line
LEGEND_COLUMNS = 3
LONG_FLOW = 6  # more layers than this from the start, and deeper than wide: top to bottom

def node_element_id(index: int) -> str:
    """The DOT/SVG id of ``diagram.nodes[index]``."""
    return f"fl-node-{index}"


def edge_element_id(index: int) -> str:
    """The DOT/SVG id of ``diagram.edges[index]``."""
    return f"fl-edge-{index}"


def label(lines: list[str], wrap: int | None = None) -> str:
    """Label lines joined by DOT's centred line break, each line escaped (and wrapped)."""
    import graphviz

    cleaned = [style.clean_text(line) for line in lines]
    if wrap:
        cleaned = [part for line in cleaned for part in (textwrap.wrap(line, wrap, break_long_words=False, break_on_hyphens=False) or [""])]
    escaped = [str(graphviz.escape(line)) for line in cleaned]
    return graphviz.nohtml("\\n".join(escaped))


def _node_attrs(node: DrawNode) -> dict[str, str]:
    _, shape, shape_style, _, _ = style.SHAPES[node.kind]
    attrs = {"shape": shape, "style": shape_style, "fillcolor": style.FILL[node.kind],
             "color": style.BORDER}
    if shape == "hexagon":  # Graphviz pads a hexagon's label a lot: keep hand-off targets compact
        attrs["margin"] = "0.04,0.03"
    if node.severity:
        attrs.update(color=style.SEVERITY_COLORS[node.severity], penwidth="2.5",
                     fillcolor=style.SEVERITY_FILLS[node.severity])
    if node.kind == style.PART_LINK:
        attrs["color"] = style.UNREACHABLE_COLOR
    if node.kind in style.DASHED_KINDS:
        attrs.update(color=style.UNKNOWN_TARGET_COLOR, fontcolor=style.UNKNOWN_TARGET_COLOR, penwidth="2")
    if node.unreachable:
        attrs.update(style=shape_style.replace("bold", "") + ",dashed", fillcolor=style.UNREACHABLE_FILL,
                     fontcolor=style.UNREACHABLE_COLOR)
        if not node.severity:
            attrs["color"] = style.UNREACHABLE_COLOR
    if node.status:  # diff diagrams: the fill tells the change, the border a new finding
        attrs["fillcolor"] = style.STATUS_FILLS[node.status]
        if not node.severity:
            attrs.update(color=style.STATUS_COLORS[node.status], penwidth="2")
        if node.status == "removed":
            attrs["style"] += ",dashed"
    if node.highlight == "path":
        attrs.update(color=style.PATH_COLOR, penwidth=style.PATH_WIDTH)
    elif node.faded:
        attrs.update(color=style.FADED_COLOR, fillcolor=style.FADED_FILL, fontcolor=style.FADED_TEXT)
    attrs["style"] = ",".join(part for part in attrs["style"].split(",") if part)
    if node.link:  # a part of a split flow: the SVG box opens that part's file
        attrs.update(href=node.link, target="_top")
    return attrs


def _edge_attrs(edge: DrawEdge) -> dict[str, str]:
    attrs = {"color": style.BORDER, "fontcolor": style.TEXT}
    if edge.highlight == "cycle":
        attrs.update(color=style.CYCLE_COLOR, penwidth="2.5")
    if edge.severity:
        attrs.update(color=style.SEVERITY_COLORS[edge.severity],
                     fontcolor=style.SEVERITY_COLORS[edge.severity], penwidth="2")
    if edge.dashed:
        attrs["style"] = "dashed"
        if not edge.severity and not edge.highlight:
            attrs.update(color=style.UNREACHABLE_COLOR, fontcolor=style.UNREACHABLE_COLOR)
    if edge.status:  # diff diagrams: the line tells the change, the label colour a new finding
        attrs.update(color=style.STATUS_COLORS[edge.status], penwidth="2")
        if not edge.severity:
            attrs["fontcolor"] = style.STATUS_COLORS[edge.status]
        if edge.status == "removed":
            attrs["style"] = "dashed"
    if edge.highlight == "path":
        attrs.update(color=style.PATH_COLOR, fontcolor=style.PATH_COLOR, penwidth=style.PATH_WIDTH)
    elif edge.faded:
        attrs.update(color=style.FADED_COLOR, fontcolor=style.FADED_TEXT)
    return attrs


def _swatch(fill: str, border: str, dashed: bool = False) -> str:
    # No STYLE="dashed" on the cell: Graphviz 14's JSON writer crashes on it (mpl.py reads
    # that JSON); a dashed look is said by a few dashes in the border colour instead.
    dashes = f'<FONT COLOR="{border}" POINT-SIZE="6">- -</FONT>' if dashed else ""
    return (f'<TD BGCOLOR="{fill}" COLOR="{border}" BORDER="1" WIDTH="18" HEIGHT="12" '
            f'FIXEDSIZE="TRUE">{dashes}</TD>')


def _arrow(color: str) -> str:
    return f'<TD WIDTH="18"><FONT COLOR="{color}"><B>→</B></FONT></TD>'


def _legend_cells(key: str, text: str) -> str:
    """One legend entry: a swatch (or an arrow) and its text, as two table cells."""
    if key in style.SHAPES:
        border = style.UNKNOWN_TARGET_COLOR if key in style.DASHED_KINDS else style.BORDER
        if key == style.PART_LINK:
            border = style.UNREACHABLE_COLOR
        swatch = _swatch(style.FILL[key], border, key in (*style.DASHED_KINDS, style.PART_LINK))
        text = f"{text} ({style.SHAPES[key][4]})"
    elif key in style.SEVERITY_COLORS:
        swatch = _swatch(style.SEVERITY_FILLS[key], style.SEVERITY_COLORS[key])
    elif key == "unreachable":
        swatch = _swatch(style.UNREACHABLE_FILL, style.UNREACHABLE_COLOR, dashed=True)
    elif key in style.STATUS_COLORS:
        swatch = _swatch(style.STATUS_FILLS[key], style.STATUS_COLORS[key], key == "removed")
    elif key == "faded":
        swatch = _swatch(style.FADED_FILL, style.FADED_COLOR)
    else:  # an edge: start, cycle, path
        swatch = _arrow({"cycle": style.CYCLE_COLOR, "path": style.PATH_COLOR}.get(key, style.TEXT))
    return f'{swatch}<TD ALIGN="LEFT">{html.escape(style.clean_text(text), quote=True)}</TD>'


def _title_and_legend(diagram: Diagram, legend: bool) -> str:
    """The graph label: the title, and under it the legend in a few short rows."""
    width = 2 * LEGEND_COLUMNS
    title = html.escape(style.clean_text(diagram.title), quote=True)
    rows = [f'<TR><TD COLSPAN="{width}"><FONT POINT-SIZE="14">{title}</FONT></TD></TR>']
    entries = diagram.legend if legend else []
    if entries:
        rows.append(f'<TR><TD COLSPAN="{width}" ALIGN="LEFT"><FONT COLOR="{style.UNREACHABLE_COLOR}">'
                    'Legend</FONT></TD></TR>')
    for first in range(0, len(entries), LEGEND_COLUMNS):
        cells = "".join(_legend_cells(key, text) for key, text in entries[first:first + LEGEND_COLUMNS])
        rows.append(f"<TR>{cells}</TR>")
    return (f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="3" CELLPADDING="1">'
            f'{"".join(rows)}</TABLE>>')


def rankdir(diagram: Diagram) -> str:
    """``LR`` for short or bushy flows; ``TB`` for long chains, which would be very wide."""
    successors: dict[str, list[str]] = {}
    for edge in diagram.edges:
        successors.setdefault(edge.source, []).append(edge.target)
    depth: dict[str, int] = {}
    roots = ([diagram.start] if diagram.start else []) + [n.name for n in diagram.nodes]
    for root in roots:  # breadth first from the start, then from whatever it missed
        if root in depth:
            continue
        depth[root] = 0
        frontier = [root]
        while frontier:
            following = []
            for current in frontier:
                for target in successors.get(current, ()):
                    if target not in depth:
                        depth[target] = depth[current] + 1
                        following.append(target)
            frontier = following
    if not depth:
        return "LR"
    layers = max(depth.values()) + 1
    widest = max(list(depth.values()).count(level) for level in set(depth.values()))
    return "TB" if layers > LONG_FLOW and layers > widest else "LR"


def to_dot(diagram: Diagram, legend: bool = True) -> str:
    """The diagram as DOT source text (``legend=False``: the title alone above the graph)."""
    import graphviz

    graph = graphviz.Digraph("flow" if diagram.kind == "flow" else "handoffs")
    graph.attr(rankdir=rankdir(diagram), label=_title_and_legend(diagram, legend), labelloc="t",
               labeljust="l", fontname="Helvetica", fontsize="9", nodesep="0.3", ranksep="0.45")
    graph.attr("node", fontname="Helvetica", fontsize="11", fontcolor=style.TEXT, margin="0.12,0.06")
    graph.attr("edge", fontname="Helvetica", fontsize="9", arrowsize="0.8")
    if diagram.start is not None:
        graph.node("start", label="", shape="point", width="0.12", color=style.TEXT, id="fl-start")
        graph.edge("start", diagram.start, color=style.TEXT, penwidth="1.5", id="fl-start-edge")
    # Stable element ids (Graphviz copies them to the SVG <g id>): the HTML report links
    # each finding to its node or edge by them (formatters/html_diagrams.py).
    for index, node in enumerate(diagram.nodes):
        graph.node(node.name, label(node.lines, NODE_WRAP),
                   **{"id": node_element_id(index), **_node_attrs(node)})
    for index, edge in enumerate(diagram.edges):
        graph.edge(edge.source, edge.target, label=label([edge.label], EDGE_WRAP),
                   **{"id": edge_element_id(index), **_edge_attrs(edge)})
    return graph.source
