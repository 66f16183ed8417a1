"""matplotlib figures of a Diagram; also the in-process SVG/PNG fallback (render.py).

Layout: the editor's ``position`` coordinates when every flow node has one (y flipped:
the editor's y grows downwards), else layers by breadth-first distance from the start node
(nodes the start cannot reach go in a last layer). matplotlib is imported only here, inside
functions, with the Agg backend when nothing else was chosen.
"""
from __future__ import annotations

from collections import deque
from typing import Any

from . import style
from .model import Diagram, DrawNode

LAYER_GAP, ROW_GAP = 3.2, 1.6


def layout(diagram: Diagram) -> dict[str, tuple[float, float]]:
    """Node name -> (x, y) in data units, y growing upwards."""
    if diagram.positioned:
        return _editor_layout(diagram)
    return _layered_layout(diagram)


def _editor_layout(diagram: Diagram) -> dict[str, tuple[float, float]]:
    placed = [n for n in diagram.nodes if n.position is not None]
    xs = [n.position[0] for n in placed]  # type: ignore[index]
    ys = [n.position[1] for n in placed]  # type: ignore[index]
    # Scale so that the closest editor columns (rows) are one layer (row) gap apart: editor
    # units are pixels of small boxes, ours must fit two lines of text.
    sx = LAYER_GAP / _closest(xs)
    sy = ROW_GAP / _closest(ys)
    positions = {n.name: ((n.position[0] - min(xs)) * sx, -(n.position[1] - min(ys)) * sy)  # type: ignore[index]
                 for n in placed}
    right = max(x for x, _ in positions.values())
    for index, node in enumerate(n for n in diagram.nodes if n.position is None):
        positions[node.name] = (right + LAYER_GAP, -index * ROW_GAP)
    return positions


def _closest(values: list[float]) -> float:
    distinct = sorted(set(values))
    span = (distinct[-1] - distinct[0]) if len(distinct) > 1 else 1.0
    gaps = [b - a for a, b in zip(distinct, distinct[1:]) if b - a > span / 50]
    return min(gaps) if gaps else 1.0


def _layered_layout(diagram: Diagram) -> dict[str, tuple[float, float]]:
    successors: dict[str, list[str]] = {}
    for edge in diagram.edges:
        successors.setdefault(edge.source, []).append(edge.target)
    depth: dict[str, int] = {}
    roots = [diagram.start] if diagram.start else []
    roots += [n.name for n in diagram.nodes]  # then every node not reached yet, in order
    for root in roots:
        if root in depth:
            continue
        base = max(depth.values(), default=-1) + 1 if depth else 0
        depth[root] = base
        queue = deque([root])
        while queue:
            current = queue.popleft()
            for target in successors.get(current, ()):
                if target not in depth:
                    depth[target] = depth[current] + 1
                    queue.append(target)
    layers: dict[int, list[str]] = {}
    for node in diagram.nodes:
        layers.setdefault(depth[node.name], []).append(node.name)
    positions = {}
    for layer, names in layers.items():
        for row, name in enumerate(names):
            positions[name] = (layer * LAYER_GAP, ((len(names) - 1) / 2 - row) * ROW_GAP)
    return positions


def _node_colors(node: DrawNode) -> tuple[str, str, str, str]:
    """(fill, border, text colour, line style)."""
    fill, border, text, line = style.FILL[node.kind], style.BORDER, style.TEXT, "solid"
    if node.severity:
        fill, border = style.SEVERITY_FILLS[node.severity], style.SEVERITY_COLORS[node.severity]
    if node.kind in style.DASHED_KINDS:
        border, text, line = style.UNKNOWN_TARGET_COLOR, style.UNKNOWN_TARGET_COLOR, "dashed"
    if node.unreachable:
        fill, text, line = style.UNREACHABLE_FILL, style.UNREACHABLE_COLOR, "dashed"
        border = border if node.severity else style.UNREACHABLE_COLOR
    if node.status:  # diff diagrams: the fill tells the change, the border a new finding
        fill = style.STATUS_FILLS[node.status]
        border = border if node.severity else style.STATUS_COLORS[node.status]
        line = "dashed" if node.status == "removed" else line
    if node.highlight == "path":
        border = style.PATH_COLOR
    elif node.faded:
        fill, border, text = style.FADED_FILL, style.FADED_COLOR, style.FADED_TEXT
    return fill, border, text, line


def draw(diagram: Diagram, ax: Any = None, legend: bool = True) -> Any:
    """Draw the diagram on ``ax`` (a new figure when None) and return the Axes."""
    plt = pyplot()
    positions = layout(diagram)
    if ax is None:
        xs = [x for x, _ in positions.values()] or [0.0]
        ys = [y for _, y in positions.values()] or [0.0]
        width = min(max(6.0, (max(xs) - min(xs)) * 1.1 + 4), 40.0)
        height = min(max(3.5, (max(ys) - min(ys)) * 0.9 + 3), 40.0)
        _, ax = plt.subplots(figsize=(width, height))
    boxes = {}
    for node in diagram.nodes:
        fill, border, text, line = _node_colors(node)
        x, y = positions[node.name]
        boxes[node.name] = ax.text(
            x, y, "\n".join(node.lines), ha="center", va="center", fontsize=8, color=text, zorder=3,
            bbox=dict(boxstyle=style.SHAPES[node.kind][4], facecolor=fill, edgecolor=border,
                      linestyle=line, linewidth=2.6 if node.highlight == "path" else
                      2.2 if node.severity else 1.0))
    seen: dict[tuple[str, str], int] = {}
    for edge in diagram.edges:
        color = (style.PATH_COLOR if edge.highlight == "path" else
                 style.FADED_COLOR if edge.faded else
                 style.SEVERITY_COLORS[edge.severity] if edge.severity else
                 style.CYCLE_COLOR if edge.highlight == "cycle" else
                 style.UNREACHABLE_COLOR if edge.dashed else style.BORDER)
        label_color = color
        if edge.status:  # diff diagrams: the line tells the change, the label colour a new finding
            color = style.STATUS_COLORS[edge.status]
            label_color = label_color if edge.severity else color
        dashed = edge.dashed or edge.status == "removed"
        pair = (edge.source, edge.target)
        bend = 0.15 * seen.get(pair, 0) + (0.3 if edge.source == edge.target else 0.0)
        seen[pair] = seen.get(pair, 0) + 1
        source, target = positions[edge.source], positions[edge.target]
        ax.annotate("", xy=target, xytext=source, zorder=2,
                    arrowprops=dict(arrowstyle="-|>", color=color,
                                    linewidth=2.6 if edge.highlight == "path" else
                                    1.8 if edge.severity or edge.status else 1.0,
                                    linestyle="dashed" if dashed else "solid",
                                    connectionstyle=f"arc3,rad={bend + 0.08}",
                                    patchA=boxes[edge.source], patchB=boxes[edge.target],
                                    shrinkA=4, shrinkB=4))
        middle = ((source[0] + target[0]) / 2, (source[1] + target[1]) / 2 + 0.25 + 0.3 * seen[pair] - 0.3)
        ax.text(*middle, edge.label, fontsize=6.5, color=label_color, ha="center", va="bottom", zorder=4,
                bbox=dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor="none", alpha=0.8))
    if diagram.start is not None:
        x, y = positions[diagram.start]
        ax.annotate("start", xy=(x - 0.5, y), xytext=(x - 2.0, y), fontsize=7, va="center", ha="right",
                    zorder=2, arrowprops=dict(arrowstyle="-|>", color=style.TEXT, linewidth=1.4))
        ax.plot([x - 2.0], [y], marker="o", color=style.TEXT, markersize=5, zorder=2)
    xs = [x for x, _ in positions.values()] or [0.0]
    ys = [y for _, y in positions.values()] or [0.0]
    ax.set_xlim(min(xs) - 2.6, max(xs) + 1.8)
    ax.set_ylim(min(ys) - 1.2, max(ys) + 1.2)
    ax.set_axis_off()
    ax.set_title(diagram.title, fontsize=11)
    if legend and diagram.legend:
        ax.legend(handles=_legend_handles(diagram), loc="upper left", bbox_to_anchor=(1.0, 1.0),
                  fontsize=7, frameon=False)
    return ax


def _legend_handles(diagram: Diagram) -> list[Any]:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles = []
    for key, text in diagram.legend:
        if key in style.DASHED_KINDS:
            handles.append(Patch(facecolor="white", edgecolor=style.UNKNOWN_TARGET_COLOR,
                                 linestyle="dashed", label=text))
        elif key in style.SHAPES:
            handles.append(Patch(facecolor=style.FILL[key], edgecolor=style.BORDER, label=text))
        elif key in style.SEVERITY_COLORS:
            handles.append(Patch(facecolor=style.SEVERITY_FILLS[key], edgecolor=style.SEVERITY_COLORS[key],
                                 linewidth=2, label=text))
        elif key == "unreachable":
            handles.append(Patch(facecolor=style.UNREACHABLE_FILL, edgecolor=style.UNREACHABLE_COLOR,
                                 linestyle="dashed", label=text))
        elif key in style.STATUS_COLORS:
            handles.append(Patch(facecolor=style.STATUS_FILLS[key], edgecolor=style.STATUS_COLORS[key], linewidth=2,
                                 linestyle="dashed" if key == "removed" else "solid", label=text))
        elif key == "cycle":
            handles.append(Line2D([], [], color=style.CYCLE_COLOR, linewidth=2, label=text))
        elif key == "path":
            handles.append(Line2D([], [], color=style.PATH_COLOR, linewidth=3, label=text))
        elif key == "faded":
            handles.append(Patch(facecolor=style.FADED_FILL, edgecolor=style.FADED_COLOR, label=text))
        else:
            handles.append(Line2D([], [], color=style.TEXT, marker="o", markersize=4, label=text))
    return handles


def pyplot() -> Any:
    """``matplotlib.pyplot``, on the Agg backend when no interactive one was chosen."""
    import os

    import matplotlib

    if not os.environ.get("MPLBACKEND") and not _in_notebook():
        matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _in_notebook() -> bool:
    import sys

    shell = sys.modules.get("IPython")
    get = getattr(shell, "get_ipython", None)
    return bool(get and get() is not None)


def save(diagram: Diagram, fmt: str) -> bytes:
    """SVG or PNG bytes drawn by matplotlib (the fallback when there is no ``dot``)."""
    import io
    import warnings

    plt = pyplot()
    import matplotlib

    # Set and restore only our two keys: an rc_context would also undo what the notebook's
    # inline backend sets up when it is first loaded here (interactive mode), and later
    # figures of the user would no longer show.
    settings = {"svg.fonttype": "none", "svg.hashsalt": "flowlint"}  # text stays text in SVG
    saved = {key: matplotlib.rcParams[key] for key in settings}
    matplotlib.rcParams.update(settings)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="Glyph .* missing from font")  # text is kept
            ax = draw(diagram)
            figure = ax.figure
            buffer = io.BytesIO()
            figure.savefig(buffer, format=fmt, bbox_inches="tight", dpi=110,
                           metadata={"Date": None} if fmt == "svg" else None)
            plt.close(figure)
    finally:
        matplotlib.rcParams.update(saved)
    return buffer.getvalue()
