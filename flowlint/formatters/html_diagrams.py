"""The pictures of the HTML report: every assistant's flow and the hand-off overview as
inline SVG, and which diagram element each finding is about.

The renderer (flowlint.diagrams.render) is imported only here, when a report is drawn, so
``flowlint check`` in any other format never loads matplotlib or Graphviz. Each SVG is
parsed and written back with ElementTree (which escapes every text and attribute), with
its ids prefixed by the diagram's number so that the ids of one page are unique: DOT gives
node ``i`` the id ``fl-node-i`` and edge ``i`` ``fl-edge-i`` (diagrams/dot.py), which the
page then knows as ``d<k>-fl-node-i``.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable

from ..extras import install_command

if TYPE_CHECKING:
    from ..diagnostics import Diagnostic
    from ..diagrams.model import Diagram
    from ..documents import AssistantEntry
    from ..report import Report

# A page stays quick to open and to write: beyond these, flows are listed but not drawn.
MAX_DIAGRAMS = 40
MAX_NODES = 400
INSTALL_HINT = install_command("diagrams")

SVG_NS, XLINK_NS = "http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"
_DROPPED = {"script", "foreignObject", "iframe", "image"}
_URL_REF = re.compile(r"url\(#([^)\s]+)\)")


@dataclass
class DrawnDiagram:
    anchor: str                 # page id of the diagram's section
    title: str
    svg: str | None = None      # inline SVG, or None with a note saying why
    note: str | None = None
    findings: int = 0


@dataclass
class ReportDiagrams:
    sections: list[DrawnDiagram] = field(default_factory=list)
    targets: dict[int, str] = field(default_factory=dict)  # finding index -> element id
    notes: list[str] = field(default_factory=list)         # what the page leaves out, and why
    unavailable: str | None = None                          # set when nothing can be drawn


class _Unavailable(Exception):
    """The diagrams extra is not installed."""


def inline_svg(svg: bytes, prefix: str) -> str:
    """SVG bytes as an ``<svg>`` element for an HTML page, every id prefixed with ``prefix``."""
    return inline_svg_and_ids(svg, prefix)[0]


def inline_svg_and_ids(svg: bytes, prefix: str) -> tuple[str, set[str]]:
    """The inline ``<svg>`` and the (prefixed) ids it has."""
    ids: set[str] = set()
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", XLINK_NS)
    root = ET.fromstring(svg)  # our own renderer's output: no external entities to fetch
    for metadata in root.findall(f"{{{SVG_NS}}}metadata"):  # matplotlib's RDF: not for a page
        root.remove(metadata)
    # Defence in depth (the renderers make none of these): no script, foreign content, event
    # handler, no link that leaves the picture.
    for parent in root.iter():
        for child in list(parent):
            if child.tag.rpartition("}")[2] in _DROPPED:
                parent.remove(child)
    for element in root.iter():
        for name, value in list(element.attrib.items()):
            if name.lower().startswith("on") or (name.endswith("href") and not value.startswith("#")):
                del element.attrib[name]
            elif name == "id":
                element.set(name, prefix + value)
                ids.add(prefix + value)
            elif name.endswith("href") and value.startswith("#"):
                element.set(name, "#" + prefix + value[1:])
            elif "url(#" in value:
                element.set(name, _URL_REF.sub(lambda m: f"url(#{prefix}{m.group(1)})", value))
    root.set("class", "fl-svg")
    return ET.tostring(root, encoding="unicode"), ids


def _render(diagram: "Diagram", prefix: str) -> tuple[str, set[str]]:
    try:
        from ..diagrams.render import render_image

        svg = render_image(diagram, "svg")
    except ImportError as exc:
        raise _Unavailable(f"diagrams need the diagrams extra ({INSTALL_HINT}): {exc}") from None
    return inline_svg_and_ids(svg, prefix)


def flow_targets(diagram: "Diagram", found: Iterable[tuple[int, "Diagnostic"]],
                  prefix: str, drawn: set[str]) -> dict[int, str]:
    """Finding index -> element id, for the elements the renderer gave an id (Graphviz does;
    the matplotlib fallback does not: its findings are then listed without a link)."""
    from ..diagrams.dot import edge_element_id, node_element_id

    # Flow nodes are n0, n1...; hand-off targets and missing nodes have other names and
    # may share a subject with a flow node, so they are never what a finding points at.
    nodes = {n.subject: i for i, n in enumerate(diagram.nodes) if n.name.startswith("n")}
    edges = {e.subject: i for i, e in enumerate(diagram.edges) if e.subject is not None}
    targets = {}
    for index, d in found:
        if d.edge_id is not None and d.edge_id in edges:
            targets[index] = prefix + edge_element_id(edges[d.edge_id])
        elif d.node_id is not None and d.node_id in nodes:
            targets[index] = prefix + node_element_id(nodes[d.node_id])
    return {index: target for index, target in targets.items() if target in drawn}


def _chosen(entries: list["AssistantEntry"], with_findings: set[tuple[str, str | None]]) -> list:
    """At most MAX_DIAGRAMS entries, those with findings first, in input order."""
    if len(entries) <= MAX_DIAGRAMS:
        return entries
    ranked = sorted(range(len(entries)),
                    key=lambda i: (_key(entries[i]) not in with_findings, i))[:MAX_DIAGRAMS]
    return [entries[i] for i in sorted(ranked)]


def _key(entry: "AssistantEntry") -> tuple[str, str | None]:
    return (entry.document.name if entry.document is not None else "", entry.id)


def _title(entry: "AssistantEntry") -> str:
    """The heading of a flow left undrawn (a drawn one takes its diagram's title)."""
    if entry.id is not None:
        return f"{entry.name} ({entry.id})" if entry.name and entry.name != entry.id else entry.id
    return entry.name or (f"flow in {entry.document.name}" if entry.document is not None else "flow")


def draw_report(report: "Report") -> ReportDiagrams:
    """Every assistant's flow (with its findings) and the hand-off overview, as inline SVG."""
    from ..diagrams import entry_diagram

    result = ReportDiagrams()
    by_entry: dict[tuple[str, str | None], list[tuple[int, Diagnostic]]] = {}
    for index, d in enumerate(report.diagnostics):
        by_entry.setdefault((d.file, d.assistant_id), []).append((index, d))
    entries = [e for e in report.workspace.assistants if e.flow is not None]
    chosen = _chosen(entries, set(by_entry))
    if len(chosen) < len(entries):
        result.notes.append(f"{len(entries) - len(chosen)} of {len(entries)} flows are not drawn "
                            f"(at most {MAX_DIAGRAMS} per page, those with findings first).")
    try:
        for entry in chosen:
            number = len(result.sections)
            prefix = f"d{number}-"
            found = by_entry.get(_key(entry), [])
            section = DrawnDiagram(f"fl-diagram-{number}", _title(entry), findings=len(found))
            result.sections.append(section)
            size = len(entry.flow.node_by_id)
            if size > MAX_NODES:
                section.note = f"not drawn: {size} nodes (at most {MAX_NODES} per diagram)"
                continue
            diagram = entry_diagram(entry, [d for _, d in found])
            section.title = diagram.title
            try:
                section.svg, drawn = _render(diagram, prefix)
            except _Unavailable:
                raise
            except Exception as exc:  # one bad picture never costs the report
                section.note = f"could not draw this flow: {exc}"
                continue
            result.targets.update(flow_targets(diagram, found, prefix, drawn))
        if any(e.id is not None for e in report.workspace.assistants):
            _draw_overview(report, result)
    except _Unavailable as exc:
        result.unavailable = str(exc)
        for section in result.sections:
            section.svg, section.note = None, "not drawn: the diagrams extra is not installed"
        result.targets.clear()
    return result


def _draw_overview(report: "Report", result: ReportDiagrams) -> None:
    from ..diagrams.dot import node_element_id
    from ..diagrams.model import handoff_diagram

    number = len(result.sections)
    prefix = f"d{number}-"
    section = DrawnDiagram(f"fl-diagram-{number}", "Hand-off overview")
    result.sections.append(section)
    diagram = handoff_diagram(report.workspace, report.diagnostics)
    if len(diagram.nodes) > MAX_NODES:
        section.note = f"not drawn: {len(diagram.nodes)} assistants (at most {MAX_NODES})"
        return
    try:
        section.svg, drawn = _render(diagram, prefix)
    except _Unavailable:
        raise
    except Exception as exc:
        section.note = f"could not draw the overview: {exc}"
        return
    # A finding about an assistant as a whole (no node, no edge) points at it in the overview.
    assistants = {n.subject: i for i, n in enumerate(diagram.nodes)}
    for index, d in enumerate(report.diagnostics):
        if (index not in result.targets and d.node_id is None and d.edge_id is None
                and d.assistant_id in assistants
                and prefix + node_element_id(assistants[d.assistant_id]) in drawn):
            result.targets[index] = prefix + node_element_id(assistants[d.assistant_id])
            section.findings += 1
