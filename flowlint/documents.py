"""Documents: the four input shapes, validated into assistants with their flow graphs."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Mapping

from pydantic import TypeAdapter

from . import nonflow, providers
from .bodies import StandInIds, has_assistant_fields, is_request_body, name_bodies_in
from .graph import FlowEdge, FlowGraph, FlowNode
from .models import (Assistant, AssistantBody, AssistantTool, ConversationFlow, Edge, FlowHeader, Node,
                     REPEATABLE_TOOL_TYPES, node_tag, type_tag)
from .positions import split_pointer
from .source import Source
from .toolsets import ToolResolver, ToolSet, UNKNOWN
from .validation import Problems, validate_many, validate_one, json_type

if TYPE_CHECKING:
    from .streamed import AssistantChecks
    from .suggest import Suggester
    import networkx

ENVELOPE, ASSISTANT_LIST, ASSISTANT, FLOW = "envelope", "assistant-list", "assistant", "flow"

_ASSISTANT = TypeAdapter(Assistant)
_BODY = TypeAdapter(AssistantBody)
_TOOLS = TypeAdapter(list[AssistantTool])
_HEADER = TypeAdapter(FlowHeader)
_NODES = TypeAdapter(list[Node])
_EDGES = TypeAdapter(list[Edge])


def detect_shape(value: Any, provider: str = providers.AUTO) -> str | None:
    """Which of the four shapes a parsed document has, a provider's format (``retell``,
    ``elevenlabs``, ``vapi``; ``provider`` forces one, or ``telnyx`` none), or None (FL004)."""
    read_as = providers.detect(value, provider)  # never a Telnyx shape, unless forced
    if read_as is not None:
        return None if read_as == providers.NOT_A_FLOW else read_as
    if provider != providers.TELNYX and nonflow.describe(value):
        return None  # a tools inventory, other records, loose nodes: one FL004
    if isinstance(value, list):
        return ASSISTANT_LIST
    if not isinstance(value, dict):
        return None
    if "data" in value:
        return ENVELOPE
    if "nodes" in value or "start_node_id" in value:
        return FLOW
    if has_assistant_fields(value) or ("id" in value and ("model" in value or "created_at" in value)):
        return ASSISTANT  # an "id" alone is in every other JSON too
    return None


def assistant_pointers(value: Any, shape: str | None) -> list[str]:
    if shape == ENVELOPE and isinstance(value.get("data"), list):
        return [f"/data/{i}" for i in range(len(value["data"]))]
    if shape == ASSISTANT_LIST:
        return [f"/{i}" for i in range(len(value))]
    if shape == ASSISTANT:
        return [""]
    return []


def enclosing_ids(root: Any, pointer: str) -> dict[str, str]:
    """Ids of the assistant, node and edge that enclose ``pointer`` in a raw document."""
    ids: dict[str, str] = {}
    shape = detect_shape(root)
    tokens = split_pointer(pointer)
    depth_of_assistant = {ENVELOPE: 2, ASSISTANT_LIST: 1, ASSISTANT: 0}.get(shape or "")
    value = root
    trail: list[str] = []
    for token in [None, *tokens]:
        if token is not None:
            if isinstance(value, dict):
                value = value.get(token)
            elif isinstance(value, list) and token.isdigit() and int(token) < len(value):
                value = value[int(token)]
            else:
                break
            trail.append(token)
        if not isinstance(value, dict):
            continue
        if len(trail) == depth_of_assistant and isinstance(value.get("id"), str):
            ids["assistant_id"] = value["id"]
        if len(trail) >= 2 and trail[-2] == "nodes" and isinstance(value.get("id"), str):
            ids["node_id"] = value["id"]
        if len(trail) >= 2 and trail[-2] == "edges":
            if isinstance(value.get("id"), str):
                ids["edge_id"] = value["id"]
            if isinstance(value.get("start_node_id"), str):
                ids["node_id"] = value["start_node_id"]
    return ids


@dataclass
class AssistantEntry:
    """One assistant of a document (or the stand-in for a bare flow: ``id`` None).

    A request body has no id: ``id`` is then its stand-in (``flowlint.bodies``) and
    ``stand_in`` is True."""

    document: "Document"
    pointer: str
    id: str | None
    raw_name: Any = None
    model: Assistant | None = None
    tools: list[Any] = field(default_factory=list)
    tool_types: list[str] = field(default_factory=list)
    tools_complete: bool = True
    flow: FlowGraph | None = None
    format: str = "telnyx"  # or the provider whose format it was read from
    stand_in: bool = False

    @property
    def name(self) -> str | None:
        return self.raw_name if isinstance(self.raw_name, str) else None

    @property
    def graph(self) -> "networkx.MultiDiGraph | None":
        """The flow's networkx graph, or None when the assistant has no flow."""
        return self.flow.graph if self.flow else None

    @property
    def tool_set(self) -> ToolSet:
        if self.id is None and self.model is None:
            return UNKNOWN  # a bare flow: the assistant's tools are not in the input
        return ToolSet(frozenset(self.tool_types), self.tools_complete)

    def ids(self) -> dict[str, Any]:
        return {"assistant_id": self.id}

    def __repr__(self) -> str:
        return f"AssistantEntry(id={self.id!r}, file={self.document.name!r}, pointer={self.pointer!r})"

    def _repr_svg_(self) -> str | None:  # Jupyter: the flow as its diagram, with findings
        from .notebook import entry_svg

        return entry_svg(self)


@dataclass
class Document:
    """One input (a file, stdin, a string or an object) and what was read from it."""

    source: Source
    shape: str | None = None
    assistants: list[AssistantEntry] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.source.name

    @property
    def problems(self) -> list:
        return self.source.problems


def build_document(source: Source, resolver: ToolResolver, provider: str = providers.AUTO,
                   stand_ins: StandInIds | None = None, checks: "AssistantChecks | None" = None) -> Document:
    if source.stream is not None and checks is not None:
        from .streamed import build_streamed  # each assistant checked, then let go

        return build_streamed(source, resolver, provider, stand_ins or StandInIds(), checks)
    document = Document(source)
    if not source.parsed:
        return document
    value = source.value
    document.shape = detect_shape(value, provider)
    problems = Problems(source)
    got = json_type(value)
    items = value.get("data") if document.shape == ENVELOPE else value
    if document.shape in (ASSISTANT_LIST, ENVELOPE) and isinstance(items, list) and items and not any(
            isinstance(v, dict) for v in items):
        # An array with no object is no list of assistants: one finding, not one per item
        # (a 200 MB array of strings would otherwise make millions).
        document.shape, got = None, f"{json_type(items)} with no object in it"
    if document.shape is None:
        looks_like = providers.describe(value) or nonflow.describe(value)
        problems.add("FL004", f"not a flow flowlint can check: {looks_like}" if looks_like else
                     "not a flowlint input: expected an import response "
                     '{"data": [...]}, a list of assistants, an assistant or a '
                     f"conversation_flow, got {got}", "", {})
    elif document.shape in providers.PROVIDERS:
        providers.read(document, value, problems, resolver)
    elif document.shape == ENVELOPE and not isinstance(value["data"], list):
        problems.add("FL002", f'"data" must be an array of assistants, not {json_type(value["data"])}',
                     "/data", {})
    elif document.shape == FLOW:
        entry = AssistantEntry(document, "", None)
        entry.flow = build_flow(value, "", entry, problems, resolver)
        document.assistants.append(entry)
    else:
        stand_ins = stand_ins or StandInIds()
        for pointer in assistant_pointers(value, document.shape):
            raw = value["data"][int(pointer[6:])] if document.shape == ENVELOPE else (
                value[int(pointer[1:])] if document.shape == ASSISTANT_LIST else value)
            if not isinstance(raw, dict):
                problems.add("FL002", f"an assistant must be an object, not {json_type(raw)}",
                             pointer, {})
                continue
            document.assistants.append(build_assistant(raw, pointer, document, problems, resolver,
                                                       stand_ins))
        name_bodies_in(source.problems, document.assistants)
    source.problems.extend(problems.items)
    return document


def build_assistant(raw: dict, pointer: str, document: Document, problems: Problems,
                    resolver: ToolResolver, stand_ins: StandInIds | None = None) -> AssistantEntry:
    body = is_request_body(raw)  # no id yet: a stand-in names it in findings and graphs
    assistant_id = (stand_ins or StandInIds()).allocate(document.name, pointer, raw) if body else (
        raw.get("id") if isinstance(raw.get("id"), str) else None)
    entry = AssistantEntry(document, pointer, assistant_id, raw_name=raw.get("name"), stand_in=body)
    ids = entry.ids()
    core = {k: v for k, v in raw.items() if k not in ("tools", "conversation_flow")}
    entry.model = validate_one(_BODY if body else _ASSISTANT, core, pointer, ids, problems,
                               "assistant")
    raw_tools = raw.get("tools")
    # Without a "tools" key the input may simply be trimmed: the tools are unknown, not none.
    entry.tools_complete = "tools" in raw
    if raw_tools is not None:
        if isinstance(raw_tools, list):
            tools = validate_many(_TOOLS, raw_tools, f"{pointer}/tools", lambda _: ids, problems, "tool")
            entry.tools = [t for t in tools if t is not None]
            for raw_tool, tool in zip(raw_tools, tools):
                kind = type_tag(raw_tool)
                if isinstance(kind, str):
                    entry.tool_types.append(kind)
                entry.tools_complete &= tool is not None and kind is not None
        else:
            problems.add("FL002", f'"tools" must be an array, not {json_type(raw_tools)}',
                         f"{pointer}/tools", ids)
            entry.tools_complete = False
    flow = raw.get("conversation_flow")
    if flow is not None:
        entry.flow = build_flow(flow, f"{pointer}/conversation_flow", entry, problems, resolver)
    return entry


def build_flow(raw: Any, pointer: str, entry: AssistantEntry, problems: Problems,
               resolver: ToolResolver) -> FlowGraph | None:
    ids = entry.ids()
    header = validate_one(_HEADER, raw, pointer, ids, problems, "conversation_flow")
    if header is None and not isinstance(raw, dict):
        return None
    raw_nodes = raw.get("nodes")
    raw_edges = raw.get("edges")
    nodes = _read_nodes(raw_nodes, pointer, entry, problems) if isinstance(raw_nodes, list) else []
    edges = _read_edges(raw_edges, pointer, entry, problems) if isinstance(raw_edges, list) else []
    nodes_field = ("missing" if raw_nodes is None else "invalid" if not isinstance(raw_nodes, list)
                   else "empty" if not raw_nodes else "present")
    return FlowGraph(pointer, raw.get("start_node_id"), nodes, edges, entry.tool_set, resolver,
                     nodes_field)


def _read_nodes(raw_nodes: list, pointer: str, entry: AssistantEntry,
                problems: Problems) -> list[FlowNode]:
    def ids_of(raw: Any) -> dict[str, Any]:
        node_id = raw.get("id") if isinstance(raw, dict) else None
        return {"assistant_id": entry.id, "node_id": node_id if isinstance(node_id, str) else None}

    models = validate_many(_NODES, raw_nodes, f"{pointer}/nodes", ids_of, problems, "node")
    nodes = []
    for index, (raw, model) in enumerate(zip(raw_nodes, models)):
        if model is not None:
            nodes.append(FlowNode(model.id, index, model.type, model))
        elif isinstance(raw, dict) and isinstance(raw.get("id"), str):
            nodes.append(FlowNode(raw["id"], index, node_tag(raw), None))
    return nodes


def _read_edges(raw_edges: list, pointer: str, entry: AssistantEntry,
                problems: Problems) -> list[FlowEdge]:
    def ids_of(raw: Any) -> dict[str, Any]:
        if not isinstance(raw, dict):
            return {"assistant_id": entry.id}
        edge_id, source = raw.get("id"), raw.get("start_node_id")
        return {"assistant_id": entry.id,
                "edge_id": edge_id if isinstance(edge_id, str) else None,
                "node_id": source if isinstance(source, str) else None}

    models = validate_many(_EDGES, raw_edges, f"{pointer}/edges", ids_of, problems, "edge")
    edges = []
    for index, (raw, model) in enumerate(zip(raw_edges, models)):
        if model is not None:
            target = model.target
            edges.append(FlowEdge(model.id, index, model.start_node_id, target.type,
                                  target.node_id if target.type == "node" else target.assistant_id,
                                  model.condition.type, model))
        elif isinstance(raw, dict):
            edges.append(_readable_edge(raw, index))
    return edges


def _readable_edge(raw: dict, index: int) -> FlowEdge:
    """The parts of an invalid edge that can still be read, for the graph checks."""
    def text(value: Any) -> str | None:
        return value if isinstance(value, str) else None

    target = raw.get("target") if isinstance(raw.get("target"), dict) else {}
    condition = raw.get("condition") if isinstance(raw.get("condition"), dict) else {}
    target_type = target.get("type")
    target_id = text(target.get("node_id")) if target_type == "node" else (
        text(target.get("assistant_id")) if target_type == "assistant" else None)
    return FlowEdge(raw.get("id"), index, text(raw.get("start_node_id")), target_type,
                    target_id, condition.get("type"), None)


def flow_model(flow: FlowGraph) -> ConversationFlow:
    """The validated parts of a flow as one pydantic model."""
    return ConversationFlow.model_construct(
        start_node_id=flow.start_node_id if isinstance(flow.start_node_id, str) else None,
        nodes=[n.model for n in flow.nodes if n.model is not None],
        edges=[e.model for e in flow.edges if e.model is not None],
    )


class Workspace:
    """Everything read in one run: documents, their assistants, and the hand-off graph."""

    def __init__(self, documents: list[Document], assistant_inventory: Mapping[str, Any] | None = None,
                 tool_inventory: Mapping[str, str] | None = None,
                 unreadable: list[str] | None = None) -> None:
        self.documents = documents
        self.assistant_inventory = assistant_inventory
        self.tool_inventory = tool_inventory
        self.errors: list[str] = unreadable or []  # unreadable inputs, internal errors

    @property
    def assistants(self) -> list[AssistantEntry]:
        return [a for d in self.documents for a in d.assistants]

    @cached_property
    def assistant_ids(self) -> frozenset[str]:
        return frozenset(a.id for a in self.assistants if a.id is not None)

    @cached_property
    def known_assistant_ids(self) -> frozenset[str]:
        """Real assistant ids of the input (no stand-ins: a hand-off cannot name a body
        before the server gives it an id) and of the assistant inventory (when given)."""
        return (frozenset(a.id for a in self.assistants if a.id is not None and not a.stand_in)
                | frozenset(self.assistant_inventory or ()))

    @cached_property
    def assistant_suggester(self) -> "Suggester":
        """'Did you mean' over the known assistant ids, shared by every hand-off check."""
        from .suggest import Suggester

        return Suggester(self.known_assistant_ids)

    @cached_property
    def handoff_graph(self) -> "networkx.MultiDiGraph":
        """Assistants (by id) and the hand-offs between them, across every document.

        Nodes: assistant ids, ``known`` (in the input or the inventory), ``name``, ``file``.
        Edges keyed by the flow edge id, with ``node_id`` (the source node), ``voice_mode``,
        ``file`` and ``pointer``; legacy ``handoff`` tools add edges with ``kind="tool"``.
        """
        import networkx as nx

        graph = nx.MultiDiGraph()
        for entry in self.assistants:
            if entry.id is not None and entry.id not in graph:
                graph.add_node(entry.id, known=True, name=entry.name, file=entry.document.name,
                               stand_in=entry.stand_in)
        for entry in self.assistants:
            source = entry.id if entry.id is not None else f"<flow in {entry.document.name}>"
            for edge in entry.flow.edges if entry.flow else ():
                if edge.is_handoff and edge.target is not None:
                    self._add_target(graph, edge.target)
                    graph.add_edge(source, edge.target, key=edge.id, kind="flow", node_id=edge.source,
                                   voice_mode=getattr(edge.model.target, "voice_mode", None) if edge.model else None,
                                   file=entry.document.name, pointer=entry.flow.edge_pointer(edge))
            for tool in entry.tools:
                if tool.type == "handoff":
                    for target in tool.handoff.ai_assistants:
                        self._add_target(graph, target.id)
                        graph.add_edge(source, target.id, kind="tool", file=entry.document.name)
        return graph

    def _add_target(self, graph: Any, assistant_id: str) -> None:
        if assistant_id not in graph:
            known = self.assistant_inventory is not None and assistant_id in self.assistant_inventory
            graph.add_node(assistant_id, known=known, name=None, file=None, stand_in=False)

    def __repr__(self) -> str:
        return f"Workspace({len(self.documents)} documents, {len(self.assistants)} assistants)"

    def _repr_svg_(self) -> str | None:  # Jupyter: the hand-off overview
        from .notebook import workspace_svg

        return workspace_svg(self)


__all__ = ["AssistantEntry", "Document", "Workspace", "build_document", "flow_model",
           "REPEATABLE_TOOL_TYPES"]
