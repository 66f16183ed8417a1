"""The test plan of a run: per assistant, the numbered paths with their steps.

``Plan.to_dict()`` is the JSON contract (version 1)::

    {"version": 1, "tool": {...}, "assistants": [
      {"id", "name", "file", "pointer", "start_node_id", "to", "problem",
       "coverable_edges", "complete",
       "paths": [{"number", "nodes", "edges", "ends", "handoff_to", "steps": [...]}],
       "uncoverable": [edge ids], "uncoverable_details": [{"edge", "pointer", "code", "name", "reason"}],
       "unreachable_nodes": [node ids]}]}

``edges[i]`` leaves ``nodes[i]`` and enters ``nodes[i + 1]``; a path that ends with a
hand-off has one edge more than it has nodes, its last.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .._version import __version__
from .plan import HANDOFF, FlowPlan, Walk, plan_flow, walk_to
from .steps import Describer, Step, plain_id, why_uncoverable

if TYPE_CHECKING:
    from ..diagrams.model import Diagram
    from ..documents import Workspace
    from ..graph import FlowEdge, FlowGraph

JSON_VERSION = 1


class PlanError(ValueError):
    """The request names nothing in the input (an assistant, a node, a path number)."""


@dataclass(frozen=True)
class PlannedPath:
    """One path of a plan, numbered from 1 within its assistant."""

    number: int
    walk: Walk
    steps: list[Step]

    @property
    def nodes(self) -> tuple[str, ...]:
        return self.walk.nodes

    @property
    def edges(self) -> tuple["FlowEdge", ...]:
        return self.walk.edges

    @property
    def ends(self) -> str:
        return self.walk.ends

    @property
    def handoff_to(self) -> str | None:
        return self.walk.edges[-1].target if self.ends == HANDOFF else None

    def to_dict(self) -> dict[str, Any]:
        return {"number": self.number, "nodes": list(self.nodes),
                "edges": [plain_id(e.id) for e in self.edges], "ends": self.ends,
                "handoff_to": self.handoff_to, "steps": [s.to_dict() for s in self.steps]}


@dataclass(frozen=True)
class Uncoverable:
    edge: "FlowEdge"
    code: str
    name: str
    reason: str


@dataclass
class AssistantPlan:
    """The plan of one assistant's flow (``id`` None for a bare flow)."""

    entry: Any
    paths: list[PlannedPath] = field(default_factory=list)
    uncoverable: list[Uncoverable] = field(default_factory=list)
    unreachable: list[str] = field(default_factory=list)
    coverable_edges: int = 0
    global_jumps: int = 0           # jumps into global nodes (Retell, Vapi): on paths, edge id None
    problem: str | None = None
    to: str | None = None

    @property
    def flow(self) -> "FlowGraph":
        return self.entry.flow

    @property
    def id(self) -> str | None:
        return self.entry.id

    @property
    def name(self) -> str | None:
        return self.entry.name

    @property
    def file(self) -> str | None:
        document = self.entry.document
        return document.name if document is not None else None

    @property
    def complete(self) -> bool:
        """True when the paths take every transition a call could take from the start
        (with ``to``: when a path reaches that node)."""
        return self.problem is None and (self.to is not None or not self.uncoverable)

    def path(self, number: int) -> PlannedPath:
        if not 1 <= number <= len(self.paths):
            raise PlanError(f"{self.label()} has {len(self.paths)} path"
                            f"{'s' * (len(self.paths) != 1)}: pick 1 to {len(self.paths)}"
                            if self.paths else f"{self.label()} has no path")
        return self.paths[number - 1]

    def label(self) -> str:
        return f'assistant "{self.id}"' if self.id is not None else f"the flow in {self.file}"

    def to_dict(self) -> dict[str, Any]:
        flow = self.flow
        return {
            "id": self.id, "name": self.name, "file": self.file, "pointer": flow.pointer,
            "start_node_id": plain_id(flow.start_node_id), "to": self.to, "problem": self.problem,
            "coverable_edges": self.coverable_edges, "global_jumps": self.global_jumps,
            "complete": self.complete,
            "paths": [p.to_dict() for p in self.paths],
            "uncoverable": [plain_id(u.edge.id) for u in self.uncoverable],
            "uncoverable_details": [{"edge": plain_id(u.edge.id), "pointer": flow.edge_pointer(u.edge),
                                     "code": u.code, "name": u.name, "reason": u.reason}
                                    for u in self.uncoverable],
            "unreachable_nodes": list(self.unreachable),
        }

    def diagram(self, number: int, findings: bool = True) -> "Diagram":
        """The flow drawn with path ``number`` highlighted (render it with ``flowlint.to_dot``,
        ``to_mermaid``, ``to_image`` or ``draw``)."""
        from .draw import path_diagram

        return path_diagram(self.entry, self.path(number), findings, of=len(self.paths))

    def _repr_markdown_(self) -> str:  # Jupyter
        from .render import assistant_markdown

        return assistant_markdown(self)

    def _repr_html_(self) -> str:  # Jupyter: the table, and each path drawn
        from .notebook import assistant_html

        return assistant_html(self)


class Plan:
    """The result of ``flowlint.paths``: one ``AssistantPlan`` per assistant with a flow."""

    def __init__(self, assistants: list[AssistantPlan]) -> None:
        self.assistants = assistants

    @property
    def complete(self) -> bool:
        return all(a.complete for a in self.assistants)

    def assistant(self, assistant_id: str | None = None) -> AssistantPlan:
        """The plan of one assistant (the only one when ``assistant_id`` is None)."""
        if assistant_id is None:
            if len(self.assistants) != 1:
                ids = ", ".join(str(a.id) for a in self.assistants[:10])
                raise PlanError(f"{len(self.assistants)} flows in the plan ({ids}): name one assistant")
            return self.assistants[0]
        for plan in self.assistants:
            if plan.id == assistant_id:
                return plan
        raise PlanError(f"no assistant {assistant_id!r} in the plan")

    def diagram(self, number: int, assistant: str | None = None, findings: bool = True) -> "Diagram":
        return self.assistant(assistant).diagram(number, findings)

    def to_dict(self) -> dict[str, Any]:
        return {"version": JSON_VERSION, "tool": {"name": "flowlint", "version": __version__},
                "assistants": [a.to_dict() for a in self.assistants]}

    def to_json(self, indent: int | None = 2) -> str:
        """The JSON contract. Indented down to each path, and each path on one line: a
        plan of a large account is hundreds of megabytes, and the compact encoder is
        several times faster than the indenting one (``indent=None``: all on one line)."""
        from ..report import dumps

        if indent is None:
            return dumps(self.to_dict(), None)
        return _layout(self.to_dict(), indent, PATH_DEPTH)

    def to_text(self) -> str:
        from .render import plan_text

        return plan_text(self)

    def to_markdown(self) -> str:
        from .render import plan_markdown

        return plan_markdown(self)

    def __iter__(self):
        return iter(self.assistants)

    def __len__(self) -> int:
        return len(self.assistants)

    def __repr__(self) -> str:
        paths = sum(len(a.paths) for a in self.assistants)
        return f"Plan({len(self.assistants)} assistants, {paths} paths)"

    def _repr_markdown_(self) -> str:  # Jupyter: the tables
        return self.to_markdown()

    def _repr_html_(self) -> str:  # Jupyter: the tables, and each path drawn
        from .notebook import plan_html

        return plan_html(self)


PATH_DEPTH = 4  # plan -> "assistants" -> assistant -> "paths" -> a path


def _layout(value: Any, indent: int, depth: int, level: int = 0) -> str:
    """JSON text indented for ``depth`` levels, each value below that on one line."""
    from ..report import dumps

    if level >= depth or not isinstance(value, (dict, list)) or not value:
        return dumps(value, None)
    inner = " " * (indent * (level + 1))
    if isinstance(value, dict):
        items = [f"{inner}{dumps(key, None)}: {_layout(item, indent, depth, level + 1)}"
                 for key, item in value.items()]
        opening, closing = "{", "}"
    else:
        items = [f"{inner}{_layout(item, indent, depth, level + 1)}" for item in value]
        opening, closing = "[", "]"
    return f"{opening}\n" + ",\n".join(items) + f"\n{' ' * (indent * level)}{closing}"


# ------------------------------------------------------------------------ building
def _no_start(flow: "FlowGraph") -> str:
    if flow.nodes_field != "present" and not flow.node_by_id:
        return "the flow has no nodes (FL103 empty-flow)"
    if not isinstance(flow.start_node_id, str) or not flow.start_node_id:
        return "the flow has no start_node_id (FL101 missing-start-node)"
    return "start_node_id names no node (FL102 unknown-start-node)"


def plan_entry(entry: Any, to: str | None = None) -> AssistantPlan:
    """The plan of one assistant: every transition, or the shortest path ``to`` a node."""
    flow: "FlowGraph" = entry.flow
    found: FlowPlan = plan_flow(flow)
    result = AssistantPlan(entry, unreachable=found.unreachable, global_jumps=len(found.jumps),
                           coverable_edges=len(found.coverable) - len(found.jumps), to=to,
                           uncoverable=[Uncoverable(e, *why_uncoverable(flow, e)) for e in found.uncoverable])
    if not found.has_start:
        result.problem = _no_start(flow)
        return result
    walks = found.walks
    if to is not None:
        walk = walk_to(flow, to)
        if walk is None:
            result.problem = (f'node "{to}" is not reachable from start node '
                              f'"{flow.start_node_id}" (FL301 unreachable-node)')
        walks = [walk] if walk is not None else []
    describer = Describer(flow)
    result.paths = [PlannedPath(n, w, describer.steps(w.nodes, w.edges)) for n, w in enumerate(walks, 1)]
    return result


def plan_workspace(workspace: "Workspace", assistant: str | None = None, to: str | None = None) -> Plan:
    """The plan of every assistant with a flow (or of ``assistant``); ``to``: only the
    assistants that have that node, each with its shortest path to it."""
    entries = [e for e in workspace.assistants if e.flow is not None]
    if assistant is not None:
        chosen = [e for e in workspace.assistants if e.id == assistant]
        if not chosen:
            from ..suggest import did_you_mean

            raise PlanError(f"no assistant {assistant!r} in the input"
                            f"{did_you_mean(assistant, workspace.assistant_ids)}")
        entries = [e for e in chosen if e.flow is not None]
        if not entries:
            raise PlanError(f"assistant {assistant!r} has no conversation_flow")
    return Plan([plan_entry(e, to) for e in _having(entries, to)])


def _having(entries: list[Any], to: str | None) -> list[Any]:
    """The entries whose flow has node ``to`` (all of them without ``to``)."""
    if to is None:
        return entries
    having = [e for e in entries if to in e.flow.node_by_id]
    if not having:
        from ..suggest import Suggester

        hint = Suggester(n for e in entries for n in e.flow.node_by_id).did_you_mean(to)
        where = "the flow" if len(entries) == 1 else "any flow"
        raise PlanError(f"no node {to!r} in {where} of the input{hint}")
    return having


@dataclass
class _FlowOnly:
    """A FlowGraph given alone: no assistant, no document."""

    flow: Any
    id: None = None
    name: None = None
    document: None = None


def plan_of(obj: Any, assistant: str | None = None, to: str | None = None) -> Plan:
    """A plan of whatever the caller has: a path, JSON text, a dict, a ``Workspace``, a
    ``Report``, an ``AssistantEntry`` or a ``FlowGraph``."""
    from ..documents import AssistantEntry, Workspace
    from ..graph import FlowGraph
    from ..report import Report

    if isinstance(obj, (FlowGraph, AssistantEntry)):
        entry = _FlowOnly(obj) if isinstance(obj, FlowGraph) else obj
        if entry.flow is None:
            raise PlanError(f"assistant {entry.id!r} has no conversation_flow")
        return Plan([plan_entry(e, to) for e in _having([entry], to)])
    if isinstance(obj, Report):
        obj = obj.workspace
    if not isinstance(obj, Workspace):
        from .. import load

        obj = load(obj)
    return plan_workspace(obj, assistant, to)
