"""A large flow drawn in parts: an overview of the parts, and one legible picture per part.

Graphviz lays a 1,000-node flow out without overlaps, but as a poster nobody can read on a
screen, and it takes tens of seconds. Above ``SPLIT_ABOVE`` flow nodes, ``split`` cuts the
flow into connected regions of at most ``PART_NODES`` nodes, grown from the start in
breadth-first order, so part 1 holds the start and each part is a neighbourhood of the flow.
Each part is a Diagram of its own: its nodes and the edges between them, hand-off and
missing targets it points at, one "continues in part K" box per node of another part that
an edge leads to, and one "from part K" box per part that leads into it. The overview draws
each part as one box (node count, first node, findings) and the transitions between parts.
Everything here works on the drawing model, so findings, colours and labels are the ones
the whole picture would show, and every renderer can draw the result.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable

from . import style
from .model import Diagram, DrawEdge, DrawNode, legend_of

SPLIT_ABOVE = 150   # flow nodes: up to this many, one picture reads well (about 0.4 s)
PART_NODES = 60     # flow nodes per part at most
MERGE_BELOW = 8     # a region this small joins the neighbouring part it is most linked to
_FLOW_KINDS = (style.PROMPT, style.TOOL, style.SPEAK, style.LOGIC, style.UNKNOWN)


@dataclass
class Parts:
    overview: Diagram
    parts: list[Diagram]


def flow_node_count(diagram: Diagram) -> int:
    return sum(1 for node in diagram.nodes if node.kind in _FLOW_KINDS)


def should_split(diagram: Diagram, above: int = SPLIT_ABOVE) -> bool:
    """Only flow diagrams are split (a hand-off overview stays one picture)."""
    return diagram.kind == "flow" and flow_node_count(diagram) > above


def regions(diagram: Diagram, size: int = PART_NODES) -> list[list[str]]:
    """Flow node names grouped into regions of at most ``size``, the start's region first.

    The regions are the flow's communities (networkx's Louvain method, seeded, so the same
    flow always splits the same way): groups of nodes with many transitions inside and few
    between, which is what a reader takes for "a part of the conversation". A community
    that is too big is split the same way again; a tiny one joins the part it is most
    linked to. Parts and the nodes in them follow breadth-first order from the start.
    """
    import networkx as nx

    graph = nx.DiGraph()
    graph.add_nodes_from(n.name for n in diagram.nodes if n.kind in _FLOW_KINDS)
    graph.add_edges_from((e.source, e.target) for e in diagram.edges
                         if e.source in graph and e.target in graph and e.source != e.target)
    order = _reading_order(graph, diagram.start)
    rank = {name: index for index, name in enumerate(order)}
    undirected = graph.to_undirected()
    groups = _communities(undirected, set(graph), size, rank)
    groups = _merge_small(groups, undirected, size)
    groups = [sorted(group, key=rank.__getitem__) for group in groups]
    return sorted(groups, key=lambda group: rank[group[0]])


def _reading_order(graph, start: str | None) -> list[str]:
    """Breadth first from the start, then from each node it does not reach (in drawing order)."""
    import networkx as nx

    seen: dict[str, None] = {}
    for root in ([start] if start in graph else []) + list(graph):
        if root not in seen:
            for name in nx.bfs_tree(graph, root):  # its nodes come in breadth-first order
                seen.setdefault(name, None)
    return list(seen)


def _communities(graph, names: set[str], size: int, rank: dict[str, int]) -> list[list[str]]:
    import networkx as nx

    if len(names) <= size:
        return [list(names)]
    found = nx.community.louvain_communities(graph.subgraph(names), seed=0)
    if len(found) == 1:  # no community structure left: cut it in reading order
        ordered = sorted(names, key=rank.__getitem__)
        return [ordered[i:i + size] for i in range(0, len(ordered), size)]
    return [group for community in found for group in _communities(graph, set(community), size, rank)]


def _merge_small(groups: list[list[str]], graph, size: int) -> list[list[str]]:
    """Fold tiny regions into the linked part with room that they share most transitions with."""
    groups = sorted(groups, key=len)
    part_of = {name: index for index, group in enumerate(groups) for name in group}
    for index, group in enumerate(groups):
        if not group or len(group) >= MERGE_BELOW:
            continue
        links: dict[int, int] = {}
        for name in group:
            for other in graph.neighbors(name):
                target = part_of[other]
                if target != index and len(groups[target]) + len(group) <= size:
                    links[target] = links.get(target, 0) + 1
        if links:
            into = max(sorted(links), key=links.__getitem__)
            groups[into].extend(group)
            for name in group:
                part_of[name] = into
            groups[index] = []
    # What links to no part with room (isolated nodes, mostly) goes together, not alone.
    alone = [name for group in groups if 0 < len(group) < MERGE_BELOW for name in group]
    kept = [group for group in groups if len(group) >= MERGE_BELOW]
    return kept + [alone[i:i + size] for i in range(0, len(alone), size)]


def split(diagram: Diagram, size: int = PART_NODES,
          file_of: Callable[[int], str | None] = lambda number: None) -> Parts:
    """The overview and the parts; ``file_of(K)`` names part K's file (a link in the SVG)."""
    groups = regions(diagram, size)
    part_of = {name: index for index, group in enumerate(groups) for name in group}
    by_name = {node.name: node for node in diagram.nodes}
    parts = [_part(diagram, index, groups, part_of, by_name, file_of) for index in range(len(groups))]
    return Parts(_overview(diagram, groups, part_of, by_name, file_of), parts)


def _part(diagram: Diagram, index: int, groups: list[list[str]], part_of: dict[str, int],
          by_name: dict[str, DrawNode], file_of: Callable[[int], str | None]) -> Diagram:
    mine = set(groups[index])
    nodes = [replace(by_name[name]) for name in groups[index]]
    extras: dict[str, DrawNode] = {}   # hand-off and missing targets, copied where used
    links: dict[str, DrawNode] = {}    # "continues in part K" boxes, by target node
    entries: dict[int, DrawNode] = {}  # "from part K" boxes, by source part
    edges: list[DrawEdge] = []
    for edge in diagram.edges:
        source_here, target_here = edge.source in mine, edge.target in mine
        if source_here and (target_here or edge.target not in part_of):
            if not target_here and edge.target not in extras:
                extras[edge.target] = replace(by_name[edge.target])
            edges.append(replace(edge))
        elif source_here:  # leaves the part
            if edge.target not in links:
                target = by_name[edge.target]
                number = part_of[edge.target] + 1
                links[edge.target] = DrawNode(f"p{len(links)}", [f"continues in part {number}", *target.lines[:1]],
                                              style.PART_LINK, target.subject, link=file_of(number))
            edges.append(replace(edge, target=links[edge.target].name))
        elif target_here and edge.source in part_of:  # enters the part from another
            number = part_of[edge.source] + 1
            if number not in entries:
                entries[number] = DrawNode(f"q{len(entries)}", [f"from part {number}"], style.PART_LINK,
                                           "", link=file_of(number))
            entry = entries[number]
            if not any(e.source == entry.name and e.target == edge.target for e in edges):
                edges.append(DrawEdge(entry.name, edge.target, "", dashed=True))
    drawn = nodes + list(extras.values()) + list(links.values()) + list(entries.values())
    start = diagram.start if diagram.start in mine else None
    title = style.shorten(f"{diagram.title}: part {index + 1} of {len(groups)}", 100)
    return Diagram(title, "flow", drawn, edges, start, legend_of(drawn, edges, start))


def _overview(diagram: Diagram, groups: list[list[str]], part_of: dict[str, int],
              by_name: dict[str, DrawNode], file_of: Callable[[int], str | None]) -> Diagram:
    nodes: list[DrawNode] = []
    for index, group in enumerate(groups):
        members = [by_name[name] for name in group]
        codes = sorted({code for node in members for code in node.codes})
        first = members[0].lines[0] if members[0].lines else members[0].subject
        lines = [f"part {index + 1}: {len(group)} nodes", f"from {first}"]
        found = sum(1 for node in members if node.severity)
        if found:
            lines.append(f"{found} with findings: {', '.join(codes[:4])}{', …' if len(codes) > 4 else ''}")
        unreachable = sum(1 for node in members if node.unreachable)
        if unreachable:
            lines.append(f"{unreachable} unreachable")
        item = DrawNode(f"n{index}", lines, style.PART, f"part {index + 1}",
                        severity=style.worst([n.severity for n in members if n.severity]),
                        unreachable=unreachable == len(group), link=file_of(index + 1))
        nodes.append(item)
    between: dict[tuple[int, int], list[DrawEdge]] = {}
    for edge in diagram.edges:
        if edge.source in part_of and edge.target in part_of:
            key = (part_of[edge.source], part_of[edge.target])
            if key[0] != key[1]:
                between.setdefault(key, []).append(edge)
    edges = []
    for (source, target), crossing in sorted(between.items()):
        worst = style.worst([e.severity for e in crossing if e.severity])
        count = len(crossing)
        edges.append(DrawEdge(f"n{source}", f"n{target}", f"{count} transition{'s' if count != 1 else ''}",
                              severity=worst, dashed=all(e.dashed for e in crossing)))
    start = f"n{part_of[diagram.start]}" if diagram.start in part_of else None
    total = sum(len(group) for group in groups)
    title = style.shorten(f"{diagram.title}: {total} nodes in {len(groups)} parts", 100)
    return Diagram(title, "flow", nodes, edges, start, legend_of(nodes, edges, start))
