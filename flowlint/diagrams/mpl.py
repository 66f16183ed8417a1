"""A Diagram drawn on a matplotlib Axes exactly where Graphviz laid it out.

Graphviz (render.py: pygraphviz, or a system ``dot``) lays the DOT of dot.py out and writes
it as JSON with xdot drawing operations: every node outline, edge spline, arrowhead, label
and legend cell with its coordinates, colours, line style and font. This module replays
those operations as matplotlib artists, so ``flowlint.draw(..., ax=)`` shows the same
picture as the SVG, on the user's own Axes. matplotlib is imported only here, inside
functions, with the Agg backend when nothing else was chosen.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from .model import Diagram

POINTS_PER_INCH = 72.0
MAX_FIGURE_INCHES = 60.0  # matplotlib refuses figures much larger than this at 100 dpi
# Draw order: clusters, then edges, then node shapes, then every text on top.
Z_GRAPH, Z_EDGE, Z_NODE, Z_TEXT = 0.5, 1.0, 2.0, 3.0
_DRAW_KEYS = ("_draw_", "_hdraw_", "_tdraw_")
_LABEL_KEYS = ("_ldraw_", "_hldraw_", "_tldraw_", "_xldraw_")


def layout_json(diagram: Diagram, legend: bool = True) -> dict[str, Any]:
    """Graphviz's layout of the diagram: its JSON output (``bb``, ``objects``, ``edges``)."""
    from .dot import to_dot
    from .render import LAYOUT_FORMAT, render_source

    return json.loads(render_source(to_dot(diagram, legend=legend), LAYOUT_FORMAT))


@dataclass
class _Pen:
    """The drawing state an xdot operation list carries from one operation to the next."""

    color: str = "#000000"
    fill: str = "#000000"
    width: float = 1.0
    dash: str = "solid"
    font: str = "sans-serif"
    size: float = 14.0
    bold: bool = False


def _color(value: Any) -> str:
    text = str(value.get("color", "#000000")) if isinstance(value, dict) else str(value)
    return "none" if text in ("transparent", "invis", "none") else text


def _bounding_box(layout: dict[str, Any]) -> tuple[float, float, float, float]:
    left, bottom, right, top = (float(v) for v in str(layout.get("bb", "0,0,1,1")).split(","))
    return left, bottom, max(right, left + 1.0), max(top, bottom + 1.0)


class _Replay:
    """Turns xdot operation lists into artists on one Axes; ``scale`` maps points to points."""

    def __init__(self, ax: Any, scale: float) -> None:
        self.ax, self.scale = ax, scale

    def run(self, operations: list[dict[str, Any]], zorder: float) -> None:
        pen = _Pen()
        for op in operations:
            kind = op.get("op")
            if kind == "c":
                pen.color = _color(op)
            elif kind == "C":
                pen.fill = _color(op)
            elif kind == "S":
                self._style(pen, str(op.get("style", "")))
            elif kind == "F":
                pen.size, pen.font = float(op.get("size", 14.0)), str(op.get("face", "sans-serif"))
            elif kind == "t":
                pen.bold = bool(int(op.get("fontchar", 0)) & 1)
            elif kind == "T":
                self._text(op, pen)
            elif kind in ("P", "p", "L", "B", "b"):
                self._path(kind, op.get("points", []), pen, zorder)
            elif kind in ("E", "e"):
                self._ellipse(kind == "E", op.get("rect", [0, 0, 0, 0]), pen, zorder)

    @staticmethod
    def _style(pen: _Pen, style: str) -> None:
        width = re.fullmatch(r"setlinewidth\(([\d.]+)\)", style)
        if width:
            pen.width = float(width.group(1))
        elif style in ("dashed", "dotted", "solid"):
            pen.dash = {"dashed": "--", "dotted": ":", "solid": "solid"}[style]
        elif style == "bold":
            pen.width = 2.0

    def _path(self, kind: str, points: list[list[float]], pen: _Pen, zorder: float) -> None:
        from matplotlib.patches import PathPatch
        from matplotlib.path import Path

        if len(points) < 2:
            return
        if kind in ("B", "b"):  # cubic B-spline as Graphviz writes it: start, then 3 per segment
            codes = [Path.MOVETO] + [Path.CURVE4] * (len(points) - 1)
        else:
            codes = [Path.MOVETO] + [Path.LINETO] * (len(points) - 1)
        # Graphviz's JSON writes a filled B-spline as "B" and an open one as "b" (xdot text
        # has them the other way round); polygons are "P" filled and "p" outlined in both.
        filled = kind in ("P", "B")
        if kind in ("P", "p", "B"):
            points, codes = [*points, points[0]], [*codes, Path.CLOSEPOLY]
        self.ax.add_patch(PathPatch(
            Path(points, codes), facecolor=pen.fill if filled else "none", edgecolor=pen.color,
            linewidth=max(pen.width * self.scale, 0.3), linestyle=pen.dash, zorder=zorder,
            capstyle="round", joinstyle="round"))

    def _ellipse(self, filled: bool, rect: list[float], pen: _Pen, zorder: float) -> None:
        from matplotlib.patches import Ellipse

        x, y, half_width, half_height = rect
        self.ax.add_patch(Ellipse((x, y), 2 * half_width, 2 * half_height,
                                  facecolor=pen.fill if filled else "none", edgecolor=pen.color,
                                  linewidth=max(pen.width * self.scale, 0.3), linestyle=pen.dash,
                                  zorder=zorder))

    def _text(self, op: dict[str, Any], pen: _Pen) -> None:
        x, y = op.get("pt", [0.0, 0.0])
        align = {"l": "left", "r": "right"}.get(str(op.get("align", "c")), "center")
        # Graphviz measured the text in its font; matplotlib's sans-serif is close enough
        # at the same size, and usetex/mathtext are off so "$" in a flow is plain text.
        self.ax.text(x, y, str(op.get("text", "")), ha=align, va="baseline", color=pen.color,
                     fontsize=max(pen.size * self.scale, 1.0), fontfamily="sans-serif",
                     fontweight="bold" if pen.bold else "normal", zorder=Z_TEXT, usetex=False,
                     parse_math=False, clip_on=True)


def draw(diagram: Diagram, ax: Any = None, legend: bool = True) -> Any:
    """Draw the diagram on ``ax`` (a new figure when None) and return the Axes."""
    layout = layout_json(diagram, legend)
    left, bottom, right, top = _bounding_box(layout)
    width_pt, height_pt = right - left, top - bottom
    if ax is None:
        plt = pyplot()
        inches = max(width_pt, height_pt) / POINTS_PER_INCH
        shrink = min(1.0, MAX_FIGURE_INCHES / inches) if inches else 1.0
        _, ax = plt.subplots(figsize=(max(width_pt / POINTS_PER_INCH * shrink, 1.0),
                                      max(height_pt / POINTS_PER_INCH * shrink, 1.0)))
        ax.set_position((0.0, 0.0, 1.0, 1.0))
    ax.set_xlim(left, right)
    ax.set_ylim(bottom, top)
    ax.set_aspect("equal", adjustable="box")
    ax.set_axis_off()
    replay = _Replay(ax, _points_scale(ax, width_pt, height_pt))
    _replay_all(replay, layout)
    return ax


def _points_scale(ax: Any, width_pt: float, height_pt: float) -> float:
    """How many of the Axes' points one Graphviz point is (fonts and lines follow the zoom)."""
    figure = ax.figure
    box = ax.get_position()  # figure fraction, before the aspect adjustment
    width_in, height_in = figure.get_size_inches()
    available_w = box.width * width_in * POINTS_PER_INCH
    available_h = box.height * height_in * POINTS_PER_INCH
    return min(available_w / width_pt, available_h / height_pt)


def _replay_all(replay: _Replay, layout: dict[str, Any]) -> None:
    for key in _DRAW_KEYS:
        replay.run(layout.get(key, []), Z_GRAPH)
    objects = layout.get("objects", [])
    clusters = [o for o in objects if "nodes" in o or "edges" in o or "_subgraph_cnt" in o]
    nodes = [o for o in objects if o not in clusters]
    for cluster in clusters:
        replay.run(cluster.get("_draw_", []), Z_GRAPH)
    for edge in layout.get("edges", []):
        for key in _DRAW_KEYS:
            replay.run(edge.get(key, []), Z_EDGE)
    for node in nodes:
        replay.run(node.get("_draw_", []), Z_NODE)
    for item in [layout, *clusters, *layout.get("edges", []), *nodes]:
        for key in _LABEL_KEYS:
            replay.run(item.get(key, []), Z_TEXT)


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
