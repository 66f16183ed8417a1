"""FlowGraph: one flow's nodes and edges, indexed once, with the facts rules share.

Indexes are plain dicts built in one pass. The ``networkx.MultiDiGraph`` (``.graph``) and
every derived fact (reachable set, trap components, callable tools) are computed on first
use and cached, so a rule that needs a fact pays for it once and a run that needs none of
them pays nothing.

``.graph`` nodes are the flow's node ids (str) with attributes ``kind="node"``, ``type``,
``name``, ``position`` (``(x, y)`` or None), ``start`` (bool) and ``model``; every hand-off
target is a separate node keyed ``("assistant", assistant_id)`` with ``kind="assistant"``.
Edges are keyed by edge id, with ``condition`` (the model), ``condition_type``,
``target_type`` (``node`` or ``assistant``), ``handoff`` (bool), ``voice_mode`` and ``model``.
Edges whose endpoints name no node are left out (FL203/FL204 report them).

Flows read from a provider's format (Retell, ElevenLabs, Vapi: see ``flowlint.providers``)
use the same structures: each node and edge carries an ``Origin`` saying where it sits in
the original file and what the format calls the fields flowlint knows by their Telnyx names,
so every finding points into the file the user wrote. Their nodes' ``model`` is a
``ProviderNode`` and their edges' a ``ProviderEdge``; nodes get ``provider_type`` in
``.graph``.
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Iterator, Mapping

from .expressions import Path, walk
from .models import Edge, ExpressionCondition, PromptNode, SpeakNode, ToolNode
from .positions import join_pointer
from .toolsets import UNKNOWN, ToolResolver, ToolSet

if TYPE_CHECKING:
    import networkx
    from .providers.elements import ProviderEdge, ProviderNode

Tokens = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a provider's node or edge sits in its file, and what the format calls its fields.

    ``fields`` maps a path of flowlint (Telnyx) field names, such as ``("target", "node_id")``,
    to the path of the same value in this element (``("destination_node_id",)``), or to
    ``()`` for the element itself; paths not in it are used as they are. ``reverse`` marks
    the backward traversal of an ElevenLabs edge (the same edge read the other way),
    ``implied`` a hand-off that a node makes by itself, with no edge object in the file.
    ``label`` is how a diagram labels the edge; ``key`` names an edge that has no id of its
    own (Vapi ``from -> to``), so its findings keep their fingerprints when others move.
    """

    pointer: str
    fields: Mapping[Tokens, Tokens] = field(default_factory=dict)
    label: str | None = None
    reverse: bool = False
    implied: bool = False
    key: str | None = None

    def locate(self, tokens: tuple) -> Tokens:
        parts = tuple(map(str, tokens))
        for end in range(len(parts), 0, -1):
            mapped = self.fields.get(parts[:end])
            if mapped is not None:
                return mapped + parts[end:]
        return parts


@dataclass(frozen=True, slots=True)
class FlowFormat:
    """The format a flow was read from, and how messages name its parts."""

    name: str = "telnyx"                 # telnyx, retell, elevenlabs, vapi
    flow_name: str = "conversation_flow"  # how messages call the flow
    start_field: str = "`start_node_id`"  # how messages call what names the start node
    fields: Mapping[Tokens, Tokens] = field(default_factory=dict)  # flow-level, as Origin.fields

    @property
    def is_provider(self) -> bool:
        return self.name != "telnyx"


TELNYX = FlowFormat()


@dataclass(slots=True)
class FlowNode:
    """A node that has a readable id; ``model`` is None when it failed validation."""

    id: str
    index: int
    type: Any
    model: "PromptNode | ToolNode | SpeakNode | ProviderNode | None"
    origin: Origin | None = None  # set for nodes read from a provider's format


@dataclass(slots=True)
class FlowEdge:
    """An edge as far as it could be read; ``model`` is None when it failed validation."""

    id: Any
    index: int
    source: str | None
    target_type: Any
    target: str | None  # a node id, or an assistant id for hand-offs
    condition_type: Any
    model: "Edge | ProviderEdge | None"
    origin: Origin | None = None  # set for edges read from a provider's format

    @property
    def is_reverse(self) -> bool:
        return self.origin is not None and self.origin.reverse

    @property
    def is_implied(self) -> bool:
        return self.origin is not None and self.origin.implied

    @property
    def is_handoff(self) -> bool:
        return self.target_type == "assistant"

    @property
    def is_node_edge(self) -> bool:
        return self.target_type == "node" and self.target is not None


class FlowGraph:
    """One conversation flow, its indexes and its shared facts."""

    def __init__(self, pointer: str, start_node_id: Any, nodes: list[FlowNode],
                 edges: list[FlowEdge], assistant_tools: ToolSet = UNKNOWN,
                 resolver: ToolResolver | None = None, nodes_field: str = "present",
                 format: FlowFormat = TELNYX, global_nodes: frozenset[str] = frozenset()) -> None:
        self.pointer = pointer
        self.format = format
        # Nodes any node can jump to (Retell and Vapi global nodes): reachable whenever
        # the start is, without an edge to them.
        self.global_nodes = global_nodes
        self.start_node_id = start_node_id
        self.nodes = nodes
        self.edges = edges
        self.assistant_tools = assistant_tools
        self.resolver = resolver or ToolResolver()
        # "present", "missing" (absent or null), "empty" ([]) or "invalid" (not an array)
        self.nodes_field = nodes_field
        self.node_by_id: dict[str, FlowNode] = {}
        self.duplicate_nodes: list[tuple[FlowNode, FlowNode]] = []
        for node in nodes:
            first = self.node_by_id.setdefault(node.id, node)
            if first is not node:
                self.duplicate_nodes.append((node, first))
        self.out_edges: dict[str, list[FlowEdge]] = {}
        for edge in edges:
            if edge.source is not None:
                self.out_edges.setdefault(edge.source, []).append(edge)

    # ------------------------------------------------------------------ pointers
    def flow_pointer(self, *tokens: object) -> str:
        fields = self.format.fields
        return join_pointer(self.pointer, *(Origin("", fields).locate(tokens) if fields else tokens))

    def node_pointer(self, node: FlowNode, *tokens: object) -> str:
        origin = node.origin
        if origin is None:
            return join_pointer(f"{self.pointer}/nodes/{node.index}", *tokens)
        return join_pointer(origin.pointer, *origin.locate(tokens))

    def edge_tokens(self, edge: FlowEdge, tokens: tuple) -> tuple:
        """``tokens`` (flowlint field names) as this edge's format names them."""
        return tokens if edge.origin is None else edge.origin.locate(tokens)

    def edge_pointer(self, edge: FlowEdge, *tokens: object) -> str:
        origin = edge.origin
        if origin is None:
            return join_pointer(f"{self.pointer}/edges/{edge.index}", *tokens)
        return join_pointer(origin.pointer, *origin.locate(tokens))

    # ------------------------------------------------------------------- facts
    @property
    def start(self) -> FlowNode | None:
        """The start node, when ``start_node_id`` names a node of this flow."""
        if isinstance(self.start_node_id, str):
            return self.node_by_id.get(self.start_node_id)
        return None

    @cached_property
    def nodes_with_edges(self) -> list[tuple[FlowNode, list[FlowEdge]]]:
        """Nodes that have outgoing edges, with those edges (many rules walk exactly this)."""
        node_by_id = self.node_by_id
        return [(node_by_id[source], edges) for source, edges in self.out_edges.items()
                if source in node_by_id]

    @cached_property
    def default_edges(self) -> dict[str, list[FlowEdge]]:
        """Per source node id, its ``default`` edges in order; only nodes that have one
        (one pass shared by FL404-FL406, instead of one per rule over every edge)."""
        found: dict[str, list[FlowEdge]] = {}
        for edge in self.edges:
            if edge.condition_type == "default" and edge.source is not None:
                found.setdefault(edge.source, []).append(edge)
        return found

    @cached_property
    def expression_walks(self) -> dict[int, list[tuple[Path, dict]]]:
        """Every edge with an expression condition (by ``id()``), with every object of its
        expression tree and that object's path (``expressions.walk``): one walk shared by
        FL408 and FL801, where each rule walked each expression again."""
        found: dict[int, list[tuple[Path, dict]]] = {}
        for edge in self.edges:
            condition = edge.model.condition if edge.model is not None else None
            if isinstance(condition, ExpressionCondition):
                found[id(edge)] = walk(condition.expression)
        return found

    @cached_property
    def _successor_lists(self) -> dict[str, list[str]]:
        node_by_id = self.node_by_id
        return {source: [e.target for e in edges
                         if e.target_type == "node" and e.target in node_by_id]  # type: ignore[misc]
                for source, edges in self.out_edges.items()}

    def successors(self, node_id: str) -> list[str]:
        """Ids of the nodes that ``node_id``'s edges lead to (edges to unknown nodes left out)."""
        return self._successor_lists.get(node_id, [])

    @cached_property
    def reachable(self) -> frozenset[str]:
        """Ids of the nodes some path from the start node reaches (empty without a start)."""
        start = self.start
        if start is None:
            return frozenset()
        successors = self._successor_lists
        seen = {start.id, *self.global_nodes}
        queue = deque(seen)
        while queue:
            for target in successors.get(queue.popleft(), ()):
                if target not in seen:
                    seen.add(target)
                    queue.append(target)
        return frozenset(seen)

    def callable_tools(self, node: "FlowNode | str") -> ToolSet:
        """The tools callable while ``node`` (a node or its id) is active (or run by it, for
        a tool node). An id the flow does not have is a KeyError that names it."""
        if isinstance(node, str):
            if node not in self.node_by_id:
                raise KeyError(f"no node {node!r} in this flow")
            node = self.node_by_id[node]
        model = node.model
        if isinstance(model, PromptNode):
            return self.resolver.prompt_node(model, self.assistant_tools)
        if isinstance(model, ToolNode):
            return self.resolver.tool_node(model)
        if isinstance(model, SpeakNode):
            return ToolSet(frozenset(), True)
        return getattr(model, "tool_set", UNKNOWN)  # a provider's node: its reader decided

    @cached_property
    def trap_components(self) -> list[list[str]]:
        """Closed sets of reachable nodes that no caller can leave and no tool can end.

        A reverse search from every possible way out (a node with no outgoing edge, a
        hand-off, an edge we cannot resolve, a node that can or may end the call) finds the
        nodes that can still get out; networkx then splits the rest into strongly connected
        components, and the closed ones among them are the traps.
        """
        reachable = self.reachable
        predecessors: dict[str, list[str]] = {}
        successors = self._successor_lists
        for source in reachable:
            for target in successors.get(source, ()):
                predecessors.setdefault(target, []).append(source)
        # Structural ways out first (they need only the edges); the tools of a node are
        # looked at only for the few nodes that cannot get out structurally.
        can_leave: set[str] = set()
        out_edges = self.out_edges
        # A way out structurally: no edge at all (a final step), or an edge that is not to a
        # node of this flow (a hand-off, an unknown target: when in doubt, a way out), that
        # is, fewer successors than edges.
        exits = [n for n in reachable if n not in out_edges or len(successors[n]) != len(out_edges[n])]
        self._spread_back(exits, predecessors, can_leave)
        trapped = reachable - can_leave
        if trapped:
            self._spread_back([n for n in trapped if self._tools_may_end_call(n)], predecessors, can_leave)
            trapped = reachable - can_leave
        if not trapped:
            return []
        import networkx as nx

        sub = nx.DiGraph()
        sub.add_nodes_from(trapped)
        sub.add_edges_from((s, t) for s in trapped for t in self.successors(s))
        condensed = nx.condensation(sub)
        order = {node.id: node.index for node in self.nodes}
        traps = []
        for component in condensed.nodes:
            if condensed.out_degree(component) == 0:
                members = sorted(condensed.nodes[component]["members"], key=order.__getitem__)
                traps.append(members)
        return sorted(traps, key=lambda members: order[members[0]])

    @staticmethod
    def _spread_back(exits: list[str], predecessors: dict[str, list[str]], can_leave: set[str]) -> None:
        """Add ``exits`` and every node with a path to one of them to ``can_leave``."""
        queue = deque(n for n in exits if n not in can_leave)
        can_leave.update(queue)
        while queue:
            for source in predecessors.get(queue.popleft(), ()):
                if source not in can_leave:
                    can_leave.add(source)
                    queue.append(source)

    def _tools_may_end_call(self, node_id: str) -> bool:
        return self.callable_tools(self.node_by_id[node_id]).ends_call is not False

    def cycle_path(self, members: list[str]) -> list[str]:
        """One cycle through a trap component, as a node id path that returns to its start."""
        inside = set(members)
        path = [members[0]]
        seen = {members[0]: 0}
        while True:
            following = next(t for t in self.successors(path[-1]) if t in inside)
            if following in seen:
                return path[seen[following]:] + [following]
            seen[following] = len(path)
            path.append(following)

    # ---------------------------------------------------------------- networkx
    @cached_property
    def graph(self) -> "networkx.MultiDiGraph":
        """The flow as a ``networkx.MultiDiGraph`` (built on first use; see module doc)."""
        import networkx as nx

        graph = nx.MultiDiGraph(pointer=self.pointer, start_node_id=self.start_node_id)
        start = self.start
        for node in self.node_by_id.values():
            model = node.model
            position = getattr(model, "position", None)
            graph.add_node(node.id, kind="node", type=node.type,
                           provider_type=getattr(model, "provider_type", None),
                           name=getattr(model, "name", None),
                           position=(position["x"], position["y"]) if position else None,
                           start=start is node, model=model)
        for edge in self.edges:
            if edge.source not in self.node_by_id or edge.target is None:
                continue
            if edge.is_handoff:
                target: Any = ("assistant", edge.target)
                if target not in graph:
                    graph.add_node(target, kind="assistant", assistant_id=edge.target)
            elif edge.is_node_edge and edge.target in self.node_by_id:
                target = edge.target
            else:
                continue
            model = edge.model
            graph.add_edge(edge.source, target, key=edge.id,
                           condition=model.condition if model else None,
                           condition_type=edge.condition_type, target_type=edge.target_type,
                           handoff=edge.is_handoff,
                           voice_mode=getattr(model.target, "voice_mode", None) if model else None,
                           model=model)
        return graph

    def _repr_svg_(self) -> str | None:  # Jupyter: the flow as its diagram
        from .notebook import flow_svg

        return flow_svg(self)
