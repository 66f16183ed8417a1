"""Diagrams of flows and hand-offs: one drawing model (model.py, style.py), several renderers.

``to_dot``, ``to_mermaid``, ``to_image`` and ``draw`` take whatever the caller has: a path,
JSON text, a dict, a ``Workspace``, a ``Report`` (its findings are drawn), an
``AssistantEntry`` or a ``FlowGraph``. Findings are drawn unless ``findings=False``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Sequence

from .model import Diagram, flow_diagram, handoff_diagram

if TYPE_CHECKING:
    from ..diagnostics import Diagnostic
    from ..documents import AssistantEntry, Workspace

__all__ = ["Diagram", "Selection", "select", "diagram_of", "to_dot", "to_mermaid", "to_image",
           "draw", "entry_diagram", "flow_diagram", "handoff_diagram", "UnknownAssistant"]


class UnknownAssistant(ValueError):
    """``assistant=`` names no assistant of the input."""


@dataclass
class Selection:
    """What to draw: a workspace, its findings, and the assistants asked for."""

    workspace: "Workspace | None"
    entries: list["AssistantEntry"]
    diagnostics: Sequence["Diagnostic"]


def select(obj: Any, assistant: str | None = None, findings: bool = True) -> Selection:
    """Resolve any accepted input into a Selection (linting it when findings are wanted)."""
    from ..documents import AssistantEntry, Workspace
    from ..graph import FlowGraph
    from ..report import Report

    diagnostics: Sequence[Diagnostic] = ()
    if isinstance(obj, FlowGraph):
        return Selection(None, [_bare_entry(obj)], ())
    if isinstance(obj, Report):
        workspace, diagnostics = obj.workspace, obj.diagnostics if findings else ()
    elif isinstance(obj, AssistantEntry):
        workspace = Workspace([obj.document])
        entries = [obj]
        return Selection(workspace, entries, _lint(workspace) if findings else ())
    elif isinstance(obj, Workspace):
        workspace = obj
        diagnostics = _lint(workspace) if findings else ()
    else:
        from .. import load

        workspace = load(obj)
        diagnostics = _lint(workspace) if findings else ()
    entries = [e for e in workspace.assistants if e.flow is not None]
    if assistant is not None:
        chosen = [e for e in workspace.assistants if e.id == assistant]
        if not chosen:
            known = ", ".join(sorted(workspace.assistant_ids)[:10]) or "none"
            raise UnknownAssistant(f"no assistant {assistant!r} in the input (ids: {known})")
        entries = [e for e in chosen if e.flow is not None]
        if not entries:
            raise UnknownAssistant(f"assistant {assistant!r} has no conversation_flow to draw")
    return Selection(workspace, entries, diagnostics)


def _lint(workspace: "Workspace") -> Sequence["Diagnostic"]:
    from ..engine import lint_workspace

    return lint_workspace(workspace).diagnostics


def _bare_entry(flow: Any) -> Any:
    class _Entry:  # a FlowGraph alone: no assistant, no document
        id = None
        name = None
        document = None

    entry = _Entry()
    entry.flow = flow  # type: ignore[attr-defined]
    return entry


def entry_diagram(entry: "AssistantEntry", diagnostics: Sequence["Diagnostic"] = ()) -> Diagram:
    """One assistant's flow, with the findings that are about it."""
    document = entry.document
    mine = [d for d in diagnostics
            if d.assistant_id == entry.id and (document is None or d.file == document.name)]
    if entry.id is not None:
        title = f"{entry.name} ({entry.id})" if entry.name and entry.name != entry.id else entry.id
    elif entry.name:  # a provider's export: the agent or workflow has a name, maybe no id
        title = entry.name
    else:
        title = f"flow in {document.name}" if document is not None else "flow"
    return flow_diagram(entry.flow, title, mine)


def diagram_of(obj: Any, assistant: str | None = None, handoffs: bool = False,
               findings: bool = True) -> Diagram:
    """The one diagram ``obj`` stands for: a single flow, or the hand-off overview."""
    selection = select(obj, assistant, findings)
    if handoffs:
        if selection.workspace is None:
            raise ValueError("a FlowGraph alone has no hand-off overview: pass a workspace or a path")
        return handoff_diagram(selection.workspace, selection.diagnostics)
    if len(selection.entries) != 1:
        ids = ", ".join(str(e.id) for e in selection.entries[:10]) or "none with a flow"
        raise ValueError(f"{len(selection.entries)} flows in the input ({ids}): "
                         "pass assistant=ID, or handoffs=True for the overview")
    return entry_diagram(selection.entries[0], selection.diagnostics)


def to_dot(obj: Any, assistant: str | None = None, handoffs: bool = False, findings: bool = True) -> str:
    """DOT source of a flow (or of the hand-off overview)."""
    from .dot import to_dot as render

    return render(obj if isinstance(obj, Diagram) else diagram_of(obj, assistant, handoffs, findings))


def to_mermaid(obj: Any, assistant: str | None = None, handoffs: bool = False,
               findings: bool = True) -> str:
    """Mermaid flowchart text of a flow (or of the hand-off overview)."""
    from .mermaid import to_mermaid as render

    return render(obj if isinstance(obj, Diagram) else diagram_of(obj, assistant, handoffs, findings))


def to_image(obj: Any, fmt: str = "svg", assistant: str | None = None, handoffs: bool = False,
             findings: bool = True, renderer: str | None = None) -> bytes:
    """SVG or PNG bytes laid out by Graphviz (pygraphviz, or a system ``dot``; see render.py)."""
    from .render import render_image

    diagram = obj if isinstance(obj, Diagram) else diagram_of(obj, assistant, handoffs, findings)
    return render_image(diagram, fmt, renderer)


def draw(obj: Any, assistant: str | None = None, handoffs: bool = False, findings: bool = True,
         ax: Any = None, legend: bool = True) -> Any:
    """A matplotlib drawing of Graphviz's layout: returns the Figure, or ``ax`` when one was given."""
    from .mpl import draw as render

    diagram = obj if isinstance(obj, Diagram) else diagram_of(obj, assistant, handoffs, findings)
    drawn = render(diagram, ax=ax, legend=legend)
    return drawn if ax is not None else drawn.figure
