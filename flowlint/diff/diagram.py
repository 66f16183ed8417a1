"""Diff diagrams: one flow drawn with what the change did to it.

The new version is drawn as usual (``flow_diagram``), the nodes and edges that only the old
version had are added back from its drawing, and each node and edge gets a ``status``:
added (green), removed (red, dashed), changed (orange), renamed (teal, with its old id).
Only the findings the change introduces are marked, in their severity colour on the border
(edges: on the label) and named in the label as ``new: FL301``.
"""
from __future__ import annotations

from typing import Sequence

from ..diagrams import style
from ..diagrams.model import Diagram, DrawEdge, DrawNode, flow_diagram, legend_of
from .model import ADDED, CHANGED, REMOVED, RENAMED, UNCHANGED, AssistantDiff, FlowDiff


FLOW_KINDS = (style.PROMPT, style.TOOL, style.SPEAK, style.UNKNOWN)  # not hand-off or missing targets


class NothingToDraw(ValueError):
    """No flow to draw (unknown assistant, or an assistant without a flow on either side)."""


def _title(assistant: AssistantDiff) -> str:
    if assistant.id is None:
        return f"flow in {assistant.new_file or assistant.old_file}: {assistant.status}"
    name = assistant.name if assistant.name and assistant.name != assistant.id else None
    return f"{name} ({assistant.id}): {assistant.status}" if name else f"{assistant.id}: {assistant.status}"


def _mark_new_findings(nodes: list[DrawNode], edges: list[DrawEdge], diagnostics: Sequence) -> None:
    for node in nodes:
        found = [d for d in diagnostics if d.node_id == node.subject and d.edge_id is None]
        if found and node.kind in FLOW_KINDS:
            node.severity = style.worst([d.severity.label for d in found])
            node.codes = sorted({d.code for d in found})
            node.lines.append(style.shorten("new: " + ", ".join(node.codes)))
    for edge in edges:
        found = [d for d in diagnostics if edge.subject is not None and d.edge_id == edge.subject]
        if found:
            edge.severity = style.worst([d.severity.label for d in found])
            edge.codes = sorted({d.code for d in found})
            edge.label = f"{edge.label} [new: {', '.join(edge.codes)}]"


def assistant_diagram(assistant: AssistantDiff, findings: bool = True) -> Diagram:
    """The diff diagram of one assistant's flow (see module doc)."""
    old_flow = assistant.old_entry.flow if assistant.old_entry is not None else None
    new_flow = assistant.new_entry.flow if assistant.new_entry is not None else None
    if old_flow is None and new_flow is None:
        raise NothingToDraw(f"{assistant.label} has no conversation_flow in either version")
    title = _title(assistant)
    old = flow_diagram(old_flow, title) if old_flow is not None else None
    drawn = flow_diagram(new_flow, title) if new_flow is not None else None
    for diagram in (old, drawn):
        for item in diagram.nodes if diagram is not None else ():
            item.unreachable = False  # the picture is about the change: FL301 shows as a new finding
        for edge in diagram.edges if diagram is not None else ():
            edge.dashed = False
    if drawn is None:  # the assistant or its flow is gone
        assert old is not None
        for item in [*old.nodes, *old.edges]:
            item.status = REMOVED
        return _finish(old, ())
    if old is None:
        for item in [*drawn.nodes, *drawn.edges]:
            item.status = ADDED
    else:
        _mark_statuses(drawn, old, assistant)
        _add_removed(drawn, old, assistant)
    return _finish(drawn, assistant.new_findings if findings else ())


def _statuses(elements) -> dict[str, str]:
    status = {i: ADDED for i in elements.added}
    status.update({c.id: CHANGED for c in elements.changed})
    status.update({new: RENAMED for _, new in elements.renamed})
    return status


def _mark_statuses(drawn: Diagram, old: Diagram, assistant: AssistantDiff) -> None:
    node_status, edge_status = _statuses(assistant.nodes), _statuses(assistant.edges)
    changed_fields = {c.id: c.fields for c in assistant.nodes.changed}
    old_ids = {new: old_id for old_id, new in assistant.nodes.renamed}
    old_extras = {(n.kind, n.subject) for n in old.nodes if n.kind not in FLOW_KINDS}
    for node in drawn.nodes:
        if node.kind not in FLOW_KINDS:  # a hand-off target or a missing node
            node.status = None if (node.kind, node.subject) in old_extras else ADDED
            continue
        node.status = node_status.get(node.subject)
        if node.subject in old_ids:
            node.lines.append(style.shorten(f"was {style.clean_text(old_ids[node.subject])}"))
        if node.subject in changed_fields:
            node.lines.append(style.shorten("~ " + ", ".join(changed_fields[node.subject])))
    for edge in drawn.edges:
        edge.status = edge_status.get(edge.subject) if edge.subject is not None else None


def _add_removed(drawn: Diagram, old: Diagram, assistant: AssistantDiff) -> None:
    """Put back what only the old version had, wired to the new drawing's nodes."""
    renames = dict(assistant.nodes.renamed)
    removed_nodes = set(assistant.nodes.removed)
    by_subject = {n.subject: n.name for n in drawn.nodes if n.kind in FLOW_KINDS}
    by_extra = {(n.kind, n.subject): n.name for n in drawn.nodes if n.kind not in FLOW_KINDS}
    merged_name: dict[str, str] = {}   # the old drawing's name -> the name in the merged one
    count = 0
    for node in old.nodes:
        if node.kind in FLOW_KINDS:
            merged = None if node.subject in removed_nodes else \
                by_subject.get(renames.get(node.subject, node.subject))
        else:
            merged = by_extra.get((node.kind, node.subject))
        old_name = node.name
        if merged is None:
            merged, count = f"x{count}", count + 1
            node.name, node.status = merged, REMOVED
            drawn.nodes.append(node)
        merged_name[old_name] = merged
    removed_edges = set(assistant.edges.removed)
    for edge in old.edges:
        if edge.subject in removed_edges:
            edge.source, edge.target = merged_name[edge.source], merged_name[edge.target]
            edge.status = REMOVED
            drawn.edges.append(edge)


def _finish(drawn: Diagram, new_findings: Sequence) -> Diagram:
    _mark_new_findings(drawn.nodes, drawn.edges, new_findings)
    legend = legend_of(drawn.nodes, drawn.edges, drawn.start)
    statuses = {x.status for x in [*drawn.nodes, *drawn.edges] if x.status}
    drawn.legend = legend + [(s, style.LEGEND_TEXTS[s]) for s in (ADDED, REMOVED, CHANGED, RENAMED)
                             if s in statuses]
    return drawn


def diff_diagrams(result: FlowDiff, assistant: str | None = None,
                  findings: bool = True) -> list[tuple[AssistantDiff, Diagram]]:
    """A diagram per changed assistant with a flow (or the one asked for, changed or not)."""
    if assistant is not None:
        chosen = [a for a in result.assistants if a.id == assistant]
        if not chosen:
            known = ", ".join(sorted({a.id for a in result.assistants if a.id})[:10]) or "none"
            raise NothingToDraw(f"no assistant {assistant!r} in either version (ids: {known})")
    else:
        chosen = [a for a in result.assistants if a.status != UNCHANGED and _has_flow(a)]
    return [(a, assistant_diagram(a, findings)) for a in chosen]


def _has_flow(assistant: AssistantDiff) -> bool:
    return any(e is not None and e.flow is not None for e in (assistant.old_entry, assistant.new_entry))
