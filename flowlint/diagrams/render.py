"""SVG, PNG and laid-out JSON through Graphviz: pygraphviz in-process, or a system ``dot``.

Which one runs: ``renderer="auto"`` (default) uses pygraphviz when it imports (its wheels
bundle Graphviz, so ``pip install "telnyx-flowlint[diagrams]"`` is enough) and a ``dot`` on
``PATH`` otherwise; ``"pygraphviz"`` or ``"dot"`` force one. The ``FLOWLINT_RENDERER``
environment variable (``auto``, ``pygraphviz``, ``dot``) sets the default. Both lay out
with Graphviz's ``dot`` engine from the same DOT text, so the pictures are the same.
"""
from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile

from ..extras import install_command
from .model import Diagram

RENDERERS = ("auto", "pygraphviz", "dot")
IMAGE_FORMATS = ("svg", "png")
LAYOUT_FORMAT = "json"  # Graphviz's JSON: positions plus xdot drawing operations (mpl.py)
TIMEOUT_S = 120
# Worded as a missing extra is everywhere: what is missing, then the command that installs it.
NO_RENDERER = ("diagrams need the optional 'diagrams' extra (no module named 'pygraphviz', and no "
               f"Graphviz 'dot' on PATH): {install_command('diagrams')}")


class RenderError(Exception):
    """Rendering failed (no Graphviz at all, or Graphviz rejected its input)."""


def choose_renderer(renderer: str | None = None) -> str:
    """``pygraphviz`` or ``dot``: what ``render_image`` will use."""
    wanted = (renderer or os.environ.get("FLOWLINT_RENDERER") or "auto").strip().lower()
    if wanted not in RENDERERS:
        raise RenderError(f"unknown renderer {wanted!r} (use {', '.join(RENDERERS)})")
    if wanted == "auto":
        if importlib.util.find_spec("pygraphviz") is not None:
            return "pygraphviz"
        if shutil.which("dot"):
            return "dot"
        raise RenderError(NO_RENDERER)
    return wanted


def render_image(diagram: Diagram, fmt: str, renderer: str | None = None) -> bytes:
    """The diagram as SVG or PNG bytes."""
    from .dot import to_dot

    if fmt not in IMAGE_FORMATS:
        raise RenderError(f"cannot render {fmt!r} (use svg or png)")
    return render_source(to_dot(diagram), fmt, renderer)


def render_source(source: str, fmt: str, renderer: str | None = None) -> bytes:
    """DOT text laid out by Graphviz's ``dot`` and written as ``fmt`` (svg, png, json)."""
    if choose_renderer(renderer) == "pygraphviz":
        return run_pygraphviz(source, fmt)
    return run_dot(source, fmt)


def run_pygraphviz(source: str, fmt: str) -> bytes:
    try:
        import pygraphviz
    except ImportError:
        raise RenderError(f"pygraphviz is not installed: {install_command('diagrams')}") from None
    try:
        with _quiet_fontconfig():
            return pygraphviz.AGraph(string=source).draw(format=fmt, prog="dot")
    except (ValueError, OSError, pygraphviz.agraph.DotError) as exc:
        first = str(exc).strip().splitlines()
        raise RenderError(f"Graphviz failed: {first[0] if first else type(exc).__name__}") from None


class _quiet_fontconfig:
    """Drop the bundled fontconfig's complaints about newer system config files (they go
    straight to file descriptor 2, once per process); pass any other message on."""

    def __enter__(self) -> None:
        try:
            sys.stderr.flush()
            self._saved = os.dup(2)
        except OSError:  # no usable fd 2 (some embedded hosts): leave it alone
            self._saved = None
            return
        self._capture = tempfile.TemporaryFile()
        os.dup2(self._capture.fileno(), 2)

    def __exit__(self, *exc: object) -> None:
        if self._saved is None:
            return
        os.dup2(self._saved, 2)
        os.close(self._saved)
        self._capture.seek(0)
        text = self._capture.read().decode("utf-8", "replace")
        self._capture.close()
        kept = [line for line in text.splitlines() if line and not line.startswith("Fontconfig ")]
        if kept:
            print("\n".join(kept), file=sys.stderr)


def run_dot(source: str, fmt: str) -> bytes:
    executable = shutil.which("dot")
    if executable is None:
        raise RenderError("the Graphviz 'dot' program is not on PATH (or use renderer='pygraphviz')")
    try:
        done = subprocess.run([executable, f"-T{fmt}"], input=source.encode("utf-8"),
                              capture_output=True, timeout=TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired:
        raise RenderError(f"dot took longer than {TIMEOUT_S} s") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RenderError(f"dot failed: {message[0] if message else done.returncode}")
    return done.stdout
