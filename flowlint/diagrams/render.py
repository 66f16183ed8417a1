"""SVG and PNG: the system ``dot`` when present, else matplotlib in-process.

Which one runs: ``renderer="auto"`` (default) uses ``dot`` when ``shutil.which("dot")``
finds it and matplotlib otherwise; ``"dot"`` or ``"matplotlib"`` force one. The
``FLOWLINT_RENDERER`` environment variable (``auto``, ``dot``, ``matplotlib``) sets the
default, so tests and users can force the fallback on a machine that has Graphviz.
"""
from __future__ import annotations

import os
import shutil
import subprocess

from .model import Diagram

RENDERERS = ("auto", "dot", "matplotlib")
IMAGE_FORMATS = ("svg", "png")


class RenderError(Exception):
    """Rendering failed (a missing ``dot``, or ``dot`` rejected its input)."""


def choose_renderer(renderer: str | None = None) -> str:
    """``dot`` or ``matplotlib``: what ``render_image`` will use."""
    wanted = (renderer or os.environ.get("FLOWLINT_RENDERER") or "auto").strip().lower()
    if wanted not in RENDERERS:
        raise RenderError(f"unknown renderer {wanted!r} (use {', '.join(RENDERERS)})")
    if wanted == "auto":
        return "dot" if shutil.which("dot") else "matplotlib"
    return wanted


def render_image(diagram: Diagram, fmt: str, renderer: str | None = None) -> bytes:
    """The diagram as SVG or PNG bytes."""
    if fmt not in IMAGE_FORMATS:
        raise RenderError(f"cannot render {fmt!r} (use svg or png)")
    if choose_renderer(renderer) == "dot":
        from .dot import to_dot

        return run_dot(to_dot(diagram), fmt)
    from .mpl import save

    return save(diagram, fmt)


def run_dot(source: str, fmt: str) -> bytes:
    executable = shutil.which("dot")
    if executable is None:
        raise RenderError("the Graphviz 'dot' program is not installed (or use renderer='matplotlib')")
    try:
        done = subprocess.run([executable, f"-T{fmt}"], input=source.encode("utf-8"),
                              capture_output=True, timeout=120, check=False)
    except subprocess.TimeoutExpired:
        raise RenderError("dot took longer than 120 s") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RenderError(f"dot failed: {message[0] if message else done.returncode}")
    return done.stdout
