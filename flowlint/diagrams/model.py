"""The neutral drawing description every renderer consumes.

``flow_diagram`` and ``handoff_diagram`` decide *what* is drawn (nodes, edges, labels,
severities, the start marker, the legend); dot.py, mermaid.py and mpl.py decide only *how*.
Node names are synthetic (``n0``, ``h0``, ``m0``, ``a0``) so no renderer ever puts flow text
in an identifier; the real ids live in the labels.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable

from . import style

if TYPE_CHECKING:
    from ..diagnostics import Diagnostic
    from ..documents import Workspace
    from ..graph import FlowGraph


@dataclass
class DrawNode:
    name: str                       # synthetic, safe in every format
    lines: list[str]                # label lines (plain text; renderers escape)
    kind: str                       # style.PROMPT, TOOL, SPEAK, LOGIC, UNKNOWN, ASSISTANT, MISSING
    subject: str                    # the real id
    severity: str | None = None     # worst finding on this node
    codes: list[str] = field(default_factory=list)
    unreachable: bool = False
    position: tuple[float, float] | None = None  # editor coordinates (y grows downwards)
    status: str | None = None       # diff diagrams: style.STATUS_COLORS key (added, removed...)
    highlight: str | None = None    # "path": on the test-plan path drawn (testplan/draw.py)
    faded: bool = False             # off that path
    link: str | None = None         # a file this node stands for (a part of a split flow: parts.py)


@dataclass
class DrawEdge:
    source: str
    target: str
    label: str
    subject: str | None = None      # the real edge id
    severity: str | None = None
    codes: list[str] = field(default_factory=list)
    dashed: bool = False            # leaves an unreachable node, or hands off to an unknown assistant
    highlight: str | None = None    # "cycle" in the hand-off overview; "path" on a test-plan path
    status: str | None = None       # diff diagrams: style.STATUS_COLORS key (added, removed...)
    faded: bool = False             # off the test-plan path drawn


@dataclass
class Diagram:
    title: str
    kind: str                       # "flow" or "handoffs"
    nodes: list[DrawNode]
    edges: list[DrawEdge]
    start: str | None = None        # name of the node the entry arrow points at
    legend: list[tuple[str, str]] = field(default_factory=list)  # (key, text)

    @property
    def positioned(self) -> bool:
        """True when every flow node carries an editor position (hand-off targets may not)."""
        flow_nodes = [n for n in self.nodes if n.kind in _FLOW_KINDS]
        return bool(flow_nodes) and all(n.position is not None for n in flow_nodes)


_FLOW_KINDS = (style.PROMPT, style.TOOL, style.SPEAK, style.LOGIC, style.UNKNOWN)
# A provider's node kinds (providers/elements.py) as drawn: what ends, transfers or hands off
# is a tool node on Telnyx too; the provider's own type is a line of the label.
_PROVIDER_KINDS = {"prompt": style.PROMPT, "speak": style.SPEAK, "logic": style.LOGIC}


def _kind_and_type_line(node: Any) -> tuple[str, str | None]:
    provider_type = getattr(node.model, "provider_type", None)
    if provider_type is not None:
        line = f"{provider_type} (global)" if node.model.is_global else provider_type
        return _PROVIDER_KINDS.get(node.type, style.TOOL), line
    if node.type in (style.PROMPT, style.TOOL, style.SPEAK):
        return node.type, None
    return style.UNKNOWN, f"type: {style.clean_text(node.type) or '?'}"


def _findings(diagnostics: Iterable["Diagnostic"]) -> tuple[dict, dict]:
    by_node: dict[str, list] = {}
    by_edge: dict[str, list] = {}
    for diagnostic in diagnostics:
        if diagnostic.edge_id is not None:
            by_edge.setdefault(diagnostic.edge_id, []).append(diagnostic)
        elif diagnostic.node_id is not None:
            by_node.setdefault(diagnostic.node_id, []).append(diagnostic)
    return by_node, by_edge


def _mark(item: DrawNode | DrawEdge, found: list) -> None:
    if found:
        item.severity = style.worst([d.severity.label for d in found])
        item.codes = sorted({d.code for d in found})


def flow_diagram(flow: "FlowGraph", title: str = "flow",
                 diagnostics: Iterable["Diagnostic"] = ()) -> Diagram:
    """One flow as a Diagram; ``diagnostics`` are that assistant's findings (by node/edge id)."""
    by_node, by_edge = _findings(diagnostics)
    has_start = flow.start is not None
    reachable = flow.reachable
    nodes: list[DrawNode] = []
    names: dict[str, str] = {}
    for node in flow.node_by_id.values():
        model = node.model
        kind, type_line = _kind_and_type_line(node)
        name = style.clean_text(getattr(model, "name", None))
        lines = [style.shorten(name)] if name else []
        lines.append(style.shorten(node.id) if name != node.id else "")
        if type_line:
            lines.append(style.shorten(type_line))
        position = getattr(model, "position", None)
        item = DrawNode(f"n{len(nodes)}", [line for line in lines if line] or ["(blank id)"], kind,
                        node.id, unreachable=has_start and node.id not in reachable,
                        position=(position["x"], position["y"]) if position else None)
        _mark(item, by_node.get(node.id, []))
        if item.codes:
            item.lines.append(", ".join(item.codes))
        names[node.id] = item.name
        nodes.append(item)
    extra: dict[tuple[str, str], DrawNode] = {}
    stubs: dict[str, int] = {}  # unconnected edges drawn so far, per source node
    edges: list[DrawEdge] = []
    for edge in flow.edges:
        source = names.get(edge.source) if edge.source is not None else None
        if source is None or (edge.target is None and edge.origin is None):
            continue  # nothing to draw from: FL203 says so
        if edge.target is None:  # a provider's edge that is not connected (FL204): a stub
            key = (style.MISSING, f"#{edge.index}")
        elif edge.is_handoff:
            key = (style.ASSISTANT, edge.target)
        elif edge.is_node_edge and edge.target in names:
            key = None
        elif edge.is_node_edge:
            key = (style.MISSING, edge.target)
        else:
            continue
        if key is None:
            target = names[edge.target]
        else:
            if key not in extra:
                prefix = "h" if key[0] == style.ASSISTANT else "m"
                count = sum(1 for k in extra if k[0] == key[0])
                label = "hand-off to" if key[0] == style.ASSISTANT else "missing node"
                position = getattr(getattr(edge.model, "target", None), "position", None)
                lines = [label, style.shorten(edge.target)] if edge.target else ["not connected"]
                at = (position["x"], position["y"]) if position else None
                if edge.target is None:  # a stub sits beside the node it leaves
                    stubs[source] = stubs.get(source, -1) + 1
                    at = _beside(nodes[int(source[1:])].position, stubs[source])
                extra[key] = DrawNode(f"{prefix}{count}", lines, key[0], edge.target or "", position=at)
            target = extra[key].name
        model = edge.model
        if edge.origin is not None:  # a provider's edge: its reader made the label
            label = style.shorten(edge.origin.label or "", style.LLM_PROMPT_CHARS)
        else:
            label = style.condition_label(model.condition if model else None, edge.condition_type)
        item = DrawEdge(source, target, label,
                        subject=edge.id if isinstance(edge.id, str) else None,
                        dashed=has_start and edge.source not in reachable)
        _mark(item, by_edge.get(edge.id, []) if isinstance(edge.id, str) else [])
        if item.codes:
            item.label = f"{item.label} [{', '.join(item.codes)}]"
        edges.append(item)
    for node in extra.values():
        node.unreachable = has_start and not any(
            e.target == node.name and not e.dashed for e in edges)
    drawn = nodes + list(extra.values())
    start = names.get(flow.start.id) if flow.start is not None else None
    return Diagram(style.shorten(title, 80), "flow", drawn, edges, start, legend_of(drawn, edges, start))


def _beside(position: tuple[float, float] | None, index: int) -> tuple[float, float] | None:
    """Where a stub for an unconnected edge goes: right of and below the node it leaves."""
    if position is None:
        return None
    return position[0] + 160.0, position[1] + 90.0 + 50.0 * index


def legend_of(nodes: list[DrawNode], edges: list[DrawEdge], start: str | None) -> list[tuple[str, str]]:
    """Only what the picture uses, in a fixed order (so golden files stay stable)."""
    kinds = {n.kind for n in nodes}
    legend = [(kind, style.SHAPES[kind][0]) for kind in style.SHAPES if kind in kinds]
    if start is not None:
        legend.append(("start", style.LEGEND_TEXTS["start"]))
    severities = {x.severity for x in [*nodes, *edges] if x.severity}
    legend += [(level, style.LEGEND_TEXTS[level]) for level in style.SEVERITY_ORDER if level in severities]
    if any(n.unreachable for n in nodes):
        legend.append(("unreachable", style.LEGEND_TEXTS["unreachable"]))
    if any(e.highlight == "cycle" for e in edges):
        legend.append(("cycle", style.LEGEND_TEXTS["cycle"]))
    return legend


def handoff_diagram(workspace: "Workspace", diagnostics: Iterable["Diagnostic"] = (),
                    title: str = "hand-offs") -> Diagram:
    """All assistants of a run and the hand-offs between them; cycles and unknown targets stand out."""
    import networkx as nx

    graph = workspace.handoff_graph
    by_assistant: dict[str, list] = {}
    for diagnostic in diagnostics:
        if diagnostic.assistant_id is not None:
            by_assistant.setdefault(diagnostic.assistant_id, []).append(diagnostic)
    in_input = workspace.assistant_ids
    nodes: list[DrawNode] = []
    names: dict[Any, str] = {}
    for assistant_id, data in graph.nodes(data=True):
        known_here = assistant_id in in_input
        if known_here:
            lines = [style.shorten(data.get("name") or ""), style.shorten(assistant_id)]
            kind = style.ASSISTANT
        elif data.get("known"):
            lines = ["in the inventory", style.shorten(assistant_id)]
            kind = style.ASSISTANT
        elif isinstance(assistant_id, str) and assistant_id.startswith("<flow in "):
            lines = [style.shorten(assistant_id)]
            kind = style.ASSISTANT
        else:
            lines = ["not in the input", style.shorten(assistant_id)]
            kind = style.UNKNOWN_ASSISTANT
        item = DrawNode(f"a{len(nodes)}", [line for line in lines if line], kind, str(assistant_id))
        _mark(item, by_assistant.get(assistant_id, []) if known_here else [])
        names[assistant_id] = item.name
        nodes.append(item)
    in_cycle: set[tuple[Any, Any]] = set()
    simple = nx.DiGraph(graph)
    for component in nx.strongly_connected_components(simple):
        for source in component:
            for target in simple.successors(source):
                if target in component and (len(component) > 1 or target == source):
                    in_cycle.add((source, target))
    edges = []
    for source, target, key, data in graph.edges(keys=True, data=True):
        if data.get("kind") == "tool":
            label = "handoff tool"
        else:
            label = f"from {style.clean_text(data.get('node_id'))}"
            if data.get("voice_mode"):
                label += f" ({data['voice_mode']})"
        edges.append(DrawEdge(names[source], names[target], style.shorten(label),
                              subject=key if isinstance(key, str) else None,
                              dashed=graph.nodes[target].get("known") is False and target not in in_input,
                              highlight="cycle" if (source, target) in in_cycle else None))
    return Diagram(style.shorten(title, 80), "handoffs", nodes, edges, None, legend_of(nodes, edges, None))
