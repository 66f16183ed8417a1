"""Comparing two versions of one flow: nodes, edges, renames, moves, the start node, hand-offs.

Nodes and edges are matched by id. Among the ids that exist on one side only, a node whose
content (everything but its id and position) is the same as a node of the other side is
*renamed*, not removed and added; so is an edge whose content is the same once its
references to renamed nodes are translated. Equal contents pair up in document order, which
keeps the comparison symmetric: diff(B, A) is the inverse of diff(A, B).

An account export has hundreds of thousands of elements and most do not change, so an
element whose model equals the other version's is unchanged without reading its content.
"""
from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any, Callable, Iterable

from .content import Content, changed_fields, describe, model_content, raw_content
from .model import ElementChange, ElementDiff

if TYPE_CHECKING:
    from ..documents import AssistantEntry
    from ..graph import FlowEdge, FlowNode


def names_a_node(field: str) -> bool:
    """Fields of an edge that name nodes of its flow: its source (``start_node_id``), a node
    target (``target.node_id``), and what a provider format calls them (``destination_node_id``)."""
    return field.rsplit(".", 1)[-1].endswith("node_id")


class Element:
    """A node or edge of one version; its comparable content is read only when needed."""

    __slots__ = ("id", "index", "model", "refs", "_read", "_content")

    def __init__(self, element_id: str, index: int, model: Any, read: Callable[[], Content],
                 refs: tuple = ()) -> None:
        self.id, self.index, self.model, self.refs = element_id, index, model, refs
        self._read: Callable[[], Content] = read
        self._content: Content | None = None

    @property
    def content(self) -> Content:
        if self._content is None:
            self._content = self._read()
        return self._content


def _raw_at(entry: "AssistantEntry | None", pointer: str) -> Any:
    """The raw JSON value at ``pointer`` of the entry's document (None when unavailable)."""
    from ..positions import split_pointer

    document = getattr(entry, "document", None)
    source = getattr(document, "source", None)
    value = getattr(source, "value", None)
    for token in split_pointer(pointer):
        if isinstance(value, dict):
            value = value.get(token)
        elif isinstance(value, list) and token.isdigit() and int(token) < len(value):
            value = value[int(token)]
        else:
            return None
    return value


def flow_nodes(entry: "AssistantEntry | None") -> dict[str, Element]:
    """The flow's nodes by id (the first of duplicate ids: FL201 reports the others)."""
    flow = entry.flow if entry is not None else None
    found: dict[str, Element] = {}
    for node in flow.nodes if flow is not None else ():
        if node.id not in found:
            found[node.id] = Element(node.id, node.index, node.model, partial(_node_content, entry, node))
    return found


def _node_content(entry: "AssistantEntry", node: "FlowNode") -> Content:
    if node.model is not None:
        return model_content(node.model, node=True)
    content = raw_content(_raw_at(entry, entry.flow.node_pointer(node)), node=True)
    content.fields.setdefault("type", node.type)
    return content


def flow_edges(entry: "AssistantEntry | None") -> dict[str, Element]:
    """The flow's edges by id; edges without a readable id cannot be matched and are left out."""
    flow = entry.flow if entry is not None else None
    found: dict[str, Element] = {}
    for edge in flow.edges if flow is not None else ():
        if isinstance(edge.id, str) and edge.id not in found:
            found[edge.id] = Element(edge.id, edge.index, edge.model, partial(_edge_content, entry, edge),
                                     (edge.source, edge.target))
    return found


def _edge_content(entry: "AssistantEntry", edge: "FlowEdge") -> Content:
    if edge.model is not None:
        return model_content(edge.model)
    return raw_content(_raw_at(entry, entry.flow.edge_pointer(edge)))


def _same(before: Element, after: Element, renames: dict[str, str]) -> bool:
    """Equal models, and no node rename its references would have to follow: unchanged."""
    return (before.model is not None and before.model == after.model
            and not (renames and any(ref in renames for ref in before.refs)))


def same_flow(old: "AssistantEntry | None", new: "AssistantEntry | None") -> bool:
    """Both flows hold equal nodes and edges in the same order (the common case, decided
    without comparing element by element)."""
    before = old.flow if old is not None else None
    after = new.flow if new is not None else None
    if before is None or after is None:
        return before is after
    if len(before.nodes) != len(after.nodes) or len(before.edges) != len(after.edges):
        return False
    return (all(a.model is not None and a.id == b.id and a.model == b.model
                for a, b in zip(before.nodes, after.nodes))
            and all(a.model is not None and a.id == b.id and a.model == b.model
                    for a, b in zip(before.edges, after.edges)))


def _renamed_refs(content: Content, renames: dict[str, str]) -> Content:
    """An old edge's content with its node references in the new ids."""
    if not renames:
        return content
    fields = {name: renames.get(value, value) if isinstance(value, str) and names_a_node(name) else value
              for name, value in content.fields.items()}
    return Content(fields, content.layout)


def compare_elements(old: dict[str, Element], new: dict[str, Element], positions: bool,
                     renames: dict[str, str] | None = None) -> tuple[ElementDiff, dict[str, str]]:
    """(the diff, old id -> new id of the renamed); ``renames`` translates old node references."""
    renames = renames or {}
    only_old = sorted((e for e in old.values() if e.id not in new), key=_order)
    only_new = sorted((e for e in new.values() if e.id not in old), key=_order)
    pairs = _pair_by_content(only_old, only_new, renames)
    paired_old = {o.id for o, _ in pairs}
    paired_new = {n.id for _, n in pairs}
    result = ElementDiff(added=[e.id for e in only_new if e.id not in paired_new],
                         removed=[e.id for e in only_old if e.id not in paired_old],
                         renamed=[(o.id, n.id) for o, n in pairs])
    both = [(old[e.id], e) for e in sorted(new.values(), key=_order) if e.id in old]
    for earlier, later in both:
        if _same(earlier, later, renames):
            continue
        # References are translated to decide what changed; the old values shown are the file's.
        before, after = earlier.content.fields, later.content.fields
        names = changed_fields(_renamed_refs(earlier.content, renames).fields, after)
        if names:
            result.changed.append(ElementChange(later.id, [describe(n, before.get(n), after.get(n))
                                                           for n in names]))
    if positions:  # every element in both versions, renamed ones included
        result.moved = [after.id for before, after in both + pairs
                        if not _same(before, after, {}) and before.content.layout != after.content.layout]
    return result, {o.id: n.id for o, n in pairs}


def _order(element: Element) -> int:
    return element.index


def _pair_by_content(only_old: list[Element], only_new: list[Element],
                     renames: dict[str, str]) -> list[tuple[Element, Element]]:
    waiting: dict[str, list[Element]] = {}
    for element in only_new:
        waiting.setdefault(element.content.signature(), []).append(element)
    pairs = []
    for element in only_old:
        candidates = waiting.get(_renamed_refs(element.content, renames).signature()) if waiting else None
        if candidates:
            pairs.append((element, candidates.pop(0)))
    return pairs


def start_node(entry: "AssistantEntry | None") -> Any:
    flow = entry.flow if entry is not None else None
    return flow.start_node_id if flow is not None else None


def handoff_targets(entry: "AssistantEntry | None") -> list[str]:
    """Assistants this one hands off to: hand-off edges of its flow and legacy handoff tools."""
    if entry is None:
        return []
    targets: list[str] = []
    for edge in entry.flow.edges if entry.flow is not None else ():
        if edge.is_handoff and isinstance(edge.target, str):
            targets.append(edge.target)
    for tool in entry.tools:
        handoff = getattr(tool, "handoff", None)
        for target in getattr(handoff, "ai_assistants", None) or ():
            targets.append(target.id)
    return _unique(targets)


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))
