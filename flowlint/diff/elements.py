"""Comparing two versions of one flow: nodes, edges, renames, moves, the start node, hand-offs.

Nodes and edges are matched by id. Among the ids that exist on one side only, a node whose
content (everything but its id and position) is the same as a node of the other side is
*renamed*, not removed and added; so is an edge whose content is the same once its
references to renamed nodes are translated. Equal contents pair up in document order, which
keeps the comparison symmetric: diff(B, A) is the inverse of diff(A, B).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable

from .content import Content, changed_fields, describe, model_content, raw_content
from .model import ElementChange, ElementDiff

if TYPE_CHECKING:
    from ..documents import AssistantEntry


def names_a_node(field: str) -> bool:
    """Fields of an edge that name nodes of its flow: its source (``start_node_id``), a node
    target (``target.node_id``), and what a provider format calls them (``destination_node_id``)."""
    return field.rsplit(".", 1)[-1].endswith("node_id")


@dataclass
class Element:
    id: str
    index: int
    content: Content


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
        if node.id in found:
            continue
        if node.model is not None:
            content = model_content(node.model, node=True)
        else:
            content = raw_content(_raw_at(entry, flow.node_pointer(node)), node=True)
            content.fields.setdefault("type", node.type)
        found[node.id] = Element(node.id, node.index, content)
    return found


def flow_edges(entry: "AssistantEntry | None") -> dict[str, Element]:
    """The flow's edges by id; edges without a readable id cannot be matched and are left out."""
    flow = entry.flow if entry is not None else None
    found: dict[str, Element] = {}
    for edge in flow.edges if flow is not None else ():
        if not isinstance(edge.id, str) or edge.id in found:
            continue
        content = (model_content(edge.model) if edge.model is not None
                   else raw_content(_raw_at(entry, flow.edge_pointer(edge))))
        found[edge.id] = Element(edge.id, edge.index, content)
    return found


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
    old_content = {key: _renamed_refs(e.content, renames) for key, e in old.items()}
    only_old = [e for e in old.values() if e.id not in new]
    only_new = [e for e in new.values() if e.id not in old]
    pairs = _pair_by_content(only_old, only_new, old_content)
    paired_old = {o.id for o, _ in pairs}
    paired_new = {n.id for _, n in pairs}
    result = ElementDiff(
        added=[e.id for e in sorted(only_new, key=_order) if e.id not in paired_new],
        removed=[e.id for e in sorted(only_old, key=_order) if e.id not in paired_old],
        renamed=[(o.id, n.id) for o, n in pairs])
    for element in sorted(new.values(), key=_order):
        if element.id not in old:
            continue
        before, after = old_content[element.id].fields, element.content.fields
        names = changed_fields(before, after)
        if names:
            result.changed.append(ElementChange(element.id, [describe(n, before.get(n), after.get(n))
                                                             for n in names]))
    if positions:  # (old, new) of every element in both versions, renamed ones included
        both = [(old[e.id], e) for e in sorted(new.values(), key=_order) if e.id in old] + pairs
        result.moved = [after.id for before, after in both if before.content.layout != after.content.layout]
    return result, {o.id: n.id for o, n in pairs}


def _order(element: Element) -> int:
    return element.index


def _pair_by_content(only_old: list[Element], only_new: list[Element],
                     old_content: dict[str, Content]) -> list[tuple[Element, Element]]:
    waiting: dict[str, list[Element]] = {}
    for element in sorted(only_new, key=_order):
        waiting.setdefault(element.content.signature(), []).append(element)
    pairs = []
    for element in sorted(only_old, key=_order):
        candidates = waiting.get(old_content[element.id].signature())
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
