"""``flowlint diagram``: which diagrams to make and where they go (cli.py only parses)."""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import Sequence

from . import UnknownAssistant, entry_diagram, handoff_diagram, select
from .files import safe_stem, unique_names
from .model import Diagram

FORMATS = ("dot", "svg", "png", "mermaid")
EXTENSIONS = {"dot": "dot", "svg": "svg", "png": "png", "mermaid": "mmd"}


class DiagramError(Exception):
    """Bad arguments or an unwritable output: one line on stderr, exit 2."""


@dataclass
class Request:
    paths: Sequence[str]
    format: str = "svg"
    assistant: str | None = None
    handoffs: bool = False
    output: str | None = None
    findings: bool = True
    renderer: str | None = None
    path: int | None = None         # draw path N of the flow's test plan (flowlint paths)
    split: bool = False             # svg/png of a large flow: an overview and one file per part


def render(diagram: Diagram, fmt: str, renderer: str | None = None) -> bytes:
    if fmt == "dot":
        from .dot import to_dot

        return to_dot(diagram).encode("utf-8")
    if fmt == "mermaid":
        from .mermaid import to_mermaid

        return to_mermaid(diagram).encode("utf-8")
    from .render import RenderError, render_image

    try:
        return render_image(diagram, fmt, renderer)
    except RenderError as exc:
        raise DiagramError(str(exc)) from None


def make_diagrams(request: Request, workspace) -> list[tuple[str, Diagram]]:
    """(file stem, diagram) pairs for the request."""
    try:
        selection = select(workspace, request.assistant, request.findings)
    except UnknownAssistant as exc:
        raise DiagramError(str(exc)) from None
    if request.handoffs:
        return [("handoffs", handoff_diagram(workspace, selection.diagnostics))]
    if not selection.entries:
        raise DiagramError("no conversation_flow to draw in the input (try --handoffs)")
    if request.path is not None:
        from ..testplan import PlanError
        from ..testplan.draw import selected_path_diagram

        try:
            return [selected_path_diagram(selection, request.path)]
        except PlanError as exc:
            raise DiagramError(str(exc)) from None
    return [(safe_stem(entry.id, fallback=safe_stem(os.path.splitext(os.path.basename(
        entry.document.name))[0])), entry_diagram(entry, selection.diagnostics))
        for entry in selection.entries]


def run(request: Request, workspace) -> list[str]:
    """Draw and write; returns the files written (empty when the diagram went to stdout)."""
    return write_diagrams(request, make_diagrams(request, workspace))


def write_diagrams(request: Request, diagrams: list[tuple[str, Diagram]]) -> list[str]:
    """Render (file stem, diagram) pairs to stdout, a file or a folder, as ``request`` says."""
    extension = EXTENSIONS[request.format]
    text_format = request.format in ("dot", "mermaid")
    if request.output is None:
        if len(diagrams) == 1 and text_format:
            sys.stdout.write(render(diagrams[0][1], request.format, request.renderer).decode("utf-8"))
            sys.stdout.flush()
            return []
        if len(diagrams) > 1:
            raise DiagramError(f"{len(diagrams)} diagrams: give --output FOLDER, or --assistant ID")
        raise DiagramError(f"{request.format} is binary or markup for files: give --output FILE")
    output = request.output
    as_folder = len(diagrams) > 1 or output.endswith(("/", os.sep)) or os.path.isdir(output)
    if as_folder:
        try:
            os.makedirs(output, exist_ok=True)
        except OSError as exc:
            raise DiagramError(f"cannot create {output}: {exc.strerror or exc}") from None
        targets = [os.path.join(output, name) for name in unique_names([s for s, _ in diagrams], extension)]
    else:
        targets = [output]
    pictures = [picture for target, (_, diagram) in zip(targets, diagrams)
                for picture in _pictures(request, target, diagram)]
    _refuse_clashes([path for path, _ in pictures])
    written = []
    for path, drawn in pictures:
        write_bytes(path, render(drawn, request.format, request.renderer))
        written.append(path)
    return written


def _refuse_clashes(paths: list[str]) -> None:
    """A part file of a large flow may carry another assistant's file name (an id ending in
    ``-part-2``): say so before writing anything rather than overwrite one with the other."""
    seen: set[str] = set()
    for path in paths:
        key = os.path.normcase(os.path.abspath(path)).lower()
        if key in seen:
            raise DiagramError(f"{path} would be written twice (a large flow's part file has "
                               "another diagram's name): use --whole or --assistant ID")
        seen.add(key)


def _pictures(request: Request, target: str, diagram: Diagram) -> list[tuple[str, Diagram]]:
    """``target`` and its diagram, or for a large flow the overview there and its parts beside it."""
    from .parts import should_split, split

    if not (request.split and request.format in ("svg", "png") and should_split(diagram)):
        return [(target, diagram)]
    root, extension = os.path.splitext(target)
    def part_file(number: int) -> str:
        return f"{root}-part-{number}{extension}"

    drawn = split(diagram, file_of=lambda number: os.path.basename(part_file(number)))
    return [(target, drawn.overview), *((part_file(k), part) for k, part in enumerate(drawn.parts, 1))]


def write_bytes(path: str, data: bytes) -> None:
    """Atomically: a failed run never leaves half a picture."""
    from ..atomic import write_file

    try:
        write_file(path, data)
    except OSError as exc:
        raise DiagramError(f"cannot write {path}: {exc.strerror or exc}") from None
