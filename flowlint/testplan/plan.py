"""The algorithm: a small set of walks from the start node that takes every transition.

Definitions, for one flow with a start node ``s``:

- *reachable*: the nodes some walk from ``s`` reaches (``FlowGraph.reachable``).
- *coverable edges* ``C``: the edges that leave a reachable node and enter a node of the
  flow, or hand off to an assistant. Parallel edges are distinct transitions.
- *uncoverable*: the other edges leaving a reachable node (a target that names no node,
  FL204; a target of an unknown type, FL003; an unreadable target, FL002). Edges leaving
  unreachable nodes (FL301) are out of scope: no call can take them.
- a node's *ways on*: its edges in C, node transitions first, then hand-offs, each group
  in declaration order.
- *global nodes* (Retell, Vapi: a call can jump to them from anywhere, with no edge to
  them): each gets a jump from the start, a stand-in edge with no id that counts as a
  transition of C like the others (``global_jump``).

The plan (``plan_flow``)::

    T := the breadth-first shortest-path tree from s (networkx), children in declaration order
    order C: node transitions before hand-offs, then by the depth of the edge's source in T,
             then by declaration order
    for each edge e of C in that order, if e is not yet covered:
        walk := the tree path from s to e's source, then e
        repeat, until the walk ends:
            if the last edge hands off: the walk ends ("handoff")
            v := the node it entered
            if v has an uncovered way on: take it, preferring a node transition into a node
                that still has an uncovered way on, then any node transition, then a hand-off
            elif a walk over covered node transitions leads from v to a node with an
                uncovered way on: take the shortest such walk (a detour: it repeats only
                covered transitions), then go on from there
            else the walk ends: "terminal" (v has no way on at all), "loop" (the walk had
                passed v before) or "covered" (an earlier walk covers everything from v)

A flow with no coverable edge gets one walk that stays at the start node (``terminal``).

Guarantees, and why they hold:

1. *Every walk is a real walk from the start.* The tree path is made of edges of C from
   ``s``; ``e`` leaves its last node; each later edge (taken or on a detour) leaves the
   node the previous one entered; a hand-off is only ever the last edge.
2. *The union of the walks' edges is exactly C.* Only edges of C are ever used, and the
   outer loop runs until every edge of C is covered.
3. *Never more walks than coverable edges* (for ``|C| >= 1``): each walk covers at least
   one edge no earlier walk covered, its ``e``. The tree path before ``e`` is already
   covered (its edges are node transitions out of shallower nodes, so they come earlier in
   the order): a walk is the shortest way to the first new transition, then new
   transitions with covered detours between them.
4. *Optimal on a tree-shaped flow* (every reachable node but ``s`` entered by exactly one
   coverable node transition, ``s`` by none): exactly one walk per leaf (a reachable node
   with no way on) and per hand-off edge. No plan can do with fewer: a walk that takes
   the edge into a leaf ends there, and a walk takes at most one hand-off. This one needs
   no more: when a walk enters a node ``v`` through an uncovered edge, no earlier walk
   passed ``v`` (that edge is its only entry), so every way on from ``v`` is uncovered;
   hence a walk only stops at a leaf or after a hand-off, its final edge is new, and
   distinct walks end at distinct leaves or hand-offs.
5. *Deterministic*: every choice follows BFS depth and declaration order; no set or hash
   order is involved.

Cost: O(|V| + |E|) for the tree, the ordering (a sort) and the choice of ways on; each
detour is a breadth-first search that skips the nodes from which nothing is left to cover
(once nothing is left, nothing ever is again), plus the length of the walks themselves.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..graph import FlowEdge, FlowGraph

TERMINAL, HANDOFF, LOOP, COVERED, TARGET = "terminal", "handoff", "loop", "covered", "target"
ENDINGS = (TERMINAL, HANDOFF, LOOP, COVERED, TARGET)


@dataclass(frozen=True)
class Walk:
    """Node ids from the start, and the edges taken: ``edges[i]`` leaves ``nodes[i]`` and
    enters ``nodes[i + 1]``; when the walk ends with a hand-off, that edge is one extra."""

    nodes: tuple[str, ...]
    edges: tuple["FlowEdge", ...]
    ends: str


@dataclass
class FlowPlan:
    """The walks of one flow and the edges they could not take."""

    walks: list[Walk] = field(default_factory=list)
    coverable: list["FlowEdge"] = field(default_factory=list)    # declaration order
    uncoverable: list["FlowEdge"] = field(default_factory=list)  # leave a reachable node
    unreachable: list[str] = field(default_factory=list)         # node ids, FL301
    has_start: bool = True
    jumps: list["FlowEdge"] = field(default_factory=list)        # into global nodes (coverable too)


def is_coverable(flow: "FlowGraph", edge: "FlowEdge") -> bool:
    """A transition a call can take: to a node of the flow, or a hand-off."""
    if edge.is_handoff:
        return isinstance(edge.target, str)
    return edge.is_node_edge and edge.target in flow.node_by_id


GLOBAL_JUMP = "global"  # condition type of the step into a global node (no edge of its own)


def global_jump(start: str, node: str, number: int) -> "FlowEdge":
    """A stand-in edge for "the call jumps to global node ``node``" (Retell and Vapi global
    nodes: reachable from anywhere, with no edge to them). Its id is None and its index
    negative, so it is never one of the flow's edges, never covered, never a pointer."""
    from ..graph import FlowEdge

    return FlowEdge(None, -1 - number, start, "node", node, GLOBAL_JUMP, None)


def global_jumps(flow: "FlowGraph", start: str) -> list["FlowEdge"]:
    """One jump from the start into each global node of the flow, in id order."""
    nodes = sorted(n for n in getattr(flow, "global_nodes", ()) if n != start and n in flow.node_by_id)
    return [global_jump(start, node, number) for number, node in enumerate(nodes)]


class _Tree:
    """The breadth-first shortest-path tree from the start, over coverable node edges
    (and a jump from the start into each global node that no edge reaches first)."""

    def __init__(self, flow: "FlowGraph", start: str, jumps: list["FlowEdge"] = ()) -> None:  # type: ignore[assignment]
        import networkx as nx

        first_edge: dict[tuple[str, str], "FlowEdge"] = {}
        for edge in flow.edges:
            if edge.source in flow.node_by_id and edge.is_node_edge and edge.target in flow.node_by_id:
                first_edge.setdefault((edge.source, edge.target), edge)  # type: ignore[arg-type]
        for jump in jumps:
            first_edge.setdefault((start, jump.target), jump)  # type: ignore[arg-type]
        # A lean DiGraph of the node transitions (the flow's MultiDiGraph carries every
        # edge's attributes and costs several times more to build); each node lists its
        # successors in the order their first edge is declared.
        graph = nx.DiGraph()
        graph.add_node(start)
        graph.add_edges_from(first_edge)
        self.parent: dict[str, "FlowEdge"] = {}
        self.depth: dict[str, int] = {start: 0}
        for node, predecessor in nx.bfs_predecessors(graph, start):
            self.parent[node] = first_edge[(predecessor, node)]
            self.depth[node] = self.depth[predecessor] + 1

    def path_to(self, node: str) -> list["FlowEdge"]:
        edges = []
        while node in self.parent:
            edge = self.parent[node]
            edges.append(edge)
            node = edge.source  # type: ignore[assignment]
        edges.reverse()
        return edges


def _nodes_of(start: str, edges: list["FlowEdge"]) -> tuple[str, ...]:
    return (start, *(e.target for e in edges if not e.is_handoff))  # type: ignore[misc]


def plan_flow(flow: "FlowGraph") -> FlowPlan:
    """The test plan of one flow (see the module documentation for what it guarantees)."""
    start = flow.start
    reachable = flow.reachable
    plan = FlowPlan(has_start=start is not None)
    if start is None:
        return plan  # without a start nothing is reachable: the problem says so, not FL301
    plan.unreachable = [n.id for n in flow.node_by_id.values() if n.id not in reachable]
    for edge in flow.edges:
        if edge.source in reachable:
            (plan.coverable if is_coverable(flow, edge) else plan.uncoverable).append(edge)
    plan.jumps = global_jumps(flow, start.id)
    plan.coverable += plan.jumps  # each jump into a global node is a transition to test too
    if not plan.coverable:
        plan.walks.append(Walk((start.id,), (), TERMINAL))
        return plan
    tree = _Tree(flow, start.id, plan.jumps)
    cover = _Coverage(plan.coverable)
    last = len(flow.edges)  # jumps (negative indexes) after the edges of their depth
    order = sorted(plan.coverable, key=lambda e: (e.is_handoff, tree.depth[e.source],  # type: ignore[index]
                                                  e.index if e.index >= 0 else last - e.index))
    for edge in order:
        if not cover.is_covered(edge):
            plan.walks.append(_walk(start.id, tree.path_to(edge.source) + [edge], cover))  # type: ignore[arg-type]
    return plan


def _walk(start: str, edges: list["FlowEdge"], cover: "_Coverage") -> Walk:
    """Extend ``edges`` (the tree path and one uncovered edge) until the walk ends."""
    cover.take(edges[-1])
    passed = {start, *(e.target for e in edges[:-1])}
    while not edges[-1].is_handoff:
        node: str = edges[-1].target  # type: ignore[assignment]
        following = cover.next_way(node)
        if following is None:
            detour = cover.detour(node)
            if detour is None:
                ends = TERMINAL if not cover.ways.get(node) else LOOP if node in passed else COVERED
                return Walk(_nodes_of(start, edges), tuple(edges), ends)
            passed.add(node)
            passed.update(e.target for e in detour)  # type: ignore[misc]
            edges.extend(detour)
            node = edges[-1].target  # type: ignore[assignment]
            following = cover.next_way(node)
            assert following is not None  # a detour ends where a way on is left
        passed.add(node)
        cover.take(following)
        edges.append(following)
    return Walk(_nodes_of(start, edges), tuple(edges), HANDOFF)


class _Coverage:
    """Which coverable edges are covered, and the choice of the next way on.

    Each node's uncovered node transitions sit in one of two queues, "onward" (its target
    may still have an uncovered way on) and "spent" (its target has none, which is final:
    coverage only grows); hand-offs in a third. Every edge moves between queues at most
    once, so choosing the ways on costs O(|E|) in all.
    """

    def __init__(self, coverable: list["FlowEdge"]) -> None:
        from collections import deque

        self.ways: dict[str, list["FlowEdge"]] = {}
        for edge in coverable:
            self.ways.setdefault(edge.source, []).append(edge)  # type: ignore[arg-type]
        self.left = {node: len(ways) for node, ways in self.ways.items()}
        self.covered: set[int] = set()  # edge indexes (edge ids may repeat: FL202)
        self.onward = {n: deque(e for e in w if not e.is_handoff) for n, w in self.ways.items()}
        self.spent: dict[str, deque] = {n: deque() for n in self.ways}
        self.handoffs = {n: deque(e for e in w if e.is_handoff) for n, w in self.ways.items()}
        self.exhausted: set[str] = set()  # nothing left to cover from here, ever

    def is_covered(self, edge: "FlowEdge") -> bool:
        return edge.index in self.covered

    def take(self, edge: "FlowEdge") -> None:
        if edge.index not in self.covered:
            self.covered.add(edge.index)
            self.left[edge.source] -= 1  # type: ignore[index]

    def next_way(self, node: str) -> "FlowEdge | None":
        """The uncovered way on from ``node`` to take next, or None."""
        if not self.left.get(node):
            return None
        onward, spent = self.onward[node], self.spent[node]
        while onward:
            edge = onward[0]
            if edge.index in self.covered:
                onward.popleft()
            elif not self.left.get(edge.target):  # type: ignore[arg-type]
                spent.append(onward.popleft())
            else:
                return edge
        for queue in (spent, self.handoffs[node]):
            while queue and queue[0].index in self.covered:
                queue.popleft()
            if queue:
                return queue[0]
        return None  # pragma: no cover - left[node] > 0 means some queue holds an edge

    def detour(self, node: str) -> list["FlowEdge"] | None:
        """The shortest walk over covered node transitions from ``node`` to a node with an
        uncovered way on (None when there is none: every node searched is then exhausted)."""
        from collections import deque

        if node in self.exhausted:
            return None
        came_by: dict[str, "FlowEdge | None"] = {node: None}
        queue = deque([node])
        while queue:
            current = queue.popleft()
            if self.left.get(current):
                path = []
                while came_by[current] is not None:
                    edge = came_by[current]
                    path.append(edge)
                    current = edge.source  # type: ignore[union-attr,assignment]
                path.reverse()
                return path
            for edge in self.ways.get(current, ()):
                target = edge.target
                if not edge.is_handoff and target not in came_by and target not in self.exhausted:
                    came_by[target] = edge  # type: ignore[index]
                    queue.append(target)
        self.exhausted.update(came_by)
        return None


def walk_to(flow: "FlowGraph", node_id: str) -> Walk | None:
    """The shortest walk from the start to ``node_id`` (None when no walk reaches it)."""
    start = flow.start
    if start is None or node_id not in flow.reachable:
        return None
    edges = _Tree(flow, start.id, global_jumps(flow, start.id)).path_to(node_id)
    return Walk(_nodes_of(start.id, edges), tuple(edges), TARGET)
