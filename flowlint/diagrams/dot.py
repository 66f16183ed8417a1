"""DOT text through the ``graphviz`` package (no Graphviz binary needed for text).

Every flow string goes through ``label()``: control characters become spaces, backslashes
are doubled and the result is marked ``nohtml`` so a label like ``<script>`` is never taken
for an HTML-like label; the ``graphviz`` package then quotes it and escapes its quotes.
Node names are the model's synthetic ``n0``/``h0``/``a0`` names.
"""
from __future__ import annotations

from . import style
from .model import Diagram, DrawEdge, DrawNode


def node_element_id(index: int) -> str:
    """The DOT/SVG id of ``diagram.nodes[index]``."""
    return f"fl-node-{index}"


def edge_element_id(index: int) -> str:
    """The DOT/SVG id of ``diagram.edges[index]``."""
    return f"fl-edge-{index}"


def label(lines: list[str]) -> str:
    """Label lines joined by DOT's centred line break, each line escaped."""
    import graphviz

    escaped = [str(graphviz.escape(style.clean_text(line))) for line in lines]
    return graphviz.nohtml("\\n".join(escaped))


def _node_attrs(node: DrawNode) -> dict[str, str]:
    _, shape, shape_style, _, _ = style.SHAPES[node.kind]
    attrs = {"shape": shape, "style": shape_style, "fillcolor": style.FILL[node.kind],
             "color": style.BORDER}
    if node.severity:
        attrs.update(color=style.SEVERITY_COLORS[node.severity], penwidth="2.5",
                     fillcolor=style.SEVERITY_FILLS[node.severity])
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


def _legend(graph, diagram: Diagram) -> None:
    with graph.subgraph(name="cluster_legend") as legend:
        # rank=same puts the entries in one column (the flow runs left to right)
        legend.attr(label="Legend", fontsize="10", color="#dadce0", style="rounded", rank="same")
        for index, (key, text) in enumerate(diagram.legend):
            name = f"legend{index}"
            if key in style.SHAPES:
                attrs = _node_attrs(DrawNode(name, [text], key, text))
            elif key in style.SEVERITY_COLORS:
                attrs = {"shape": "box", "style": "filled", "color": style.SEVERITY_COLORS[key],
                         "fillcolor": style.SEVERITY_FILLS[key], "penwidth": "2.5"}
            elif key == "unreachable":
                attrs = {"shape": "box", "style": "dashed,filled", "color": style.UNREACHABLE_COLOR,
                         "fillcolor": style.UNREACHABLE_FILL, "fontcolor": style.UNREACHABLE_COLOR}
            elif key in style.STATUS_COLORS:
                attrs = {"shape": "box", "style": "filled,dashed" if key == "removed" else "filled",
                         "color": style.STATUS_COLORS[key], "fillcolor": style.STATUS_FILLS[key], "penwidth": "2"}
            elif key == "cycle":
                attrs = {"shape": "plaintext", "fontcolor": style.CYCLE_COLOR}
            elif key == "path":
                attrs = {"shape": "box", "color": style.PATH_COLOR, "penwidth": style.PATH_WIDTH}
            elif key == "faded":
                attrs = {"shape": "box", "style": "filled", "color": style.FADED_COLOR,
                         "fillcolor": style.FADED_FILL, "fontcolor": style.FADED_TEXT}
            else:  # start
                attrs = {"shape": "plaintext"}
            legend.node(name, label(["→ " + text] if key == "start" else [text]), fontsize="9", **attrs)


def to_dot(diagram: Diagram) -> str:
    """The diagram as DOT source text."""
    import graphviz

    graph = graphviz.Digraph("flow" if diagram.kind == "flow" else "handoffs")
    graph.attr(rankdir="LR", label=label([diagram.title]), labelloc="t", fontname="Helvetica",
               fontsize="14")
    graph.attr("node", fontname="Helvetica", fontsize="11", fontcolor=style.TEXT)
    graph.attr("edge", fontname="Helvetica", fontsize="9")
    if diagram.start is not None:
        graph.node("start", label="", shape="point", width="0.15", color=style.TEXT)
        graph.edge("start", diagram.start, color=style.TEXT, penwidth="1.5")
    # Stable element ids (Graphviz copies them to the SVG <g id>): the HTML report links
    # each finding to its node or edge by them (formatters/html_diagrams.py).
    for index, node in enumerate(diagram.nodes):
        graph.node(node.name, label(node.lines), id=node_element_id(index), **_node_attrs(node))
    for index, edge in enumerate(diagram.edges):
        graph.edge(edge.source, edge.target, label=label([edge.label]), id=edge_element_id(index),
                   **_edge_attrs(edge))
    if diagram.legend:
        _legend(graph, diagram)
    return graph.source
