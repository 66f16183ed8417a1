"""What the people formats say about one assistant, independent of the format.

Each line is a sign (``+`` added, ``-`` removed, ``~`` changed, ``>`` renamed, ``^`` moved)
and parts; a part is either our own words or a value from a flow (``Flow``), so that the
text format can quote and neutralise flow values and Markdown can put them in code spans,
where they cannot format, link or mention anything.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Union

from .model import AssistantDiff, ElementDiff, FieldChange

if TYPE_CHECKING:
    from ..documents import AssistantEntry


@dataclass(frozen=True)
class Flow:
    """A value taken from a flow (an id, a name, a prompt): shown quoted or as code.

    Field names are flow text too (an invalid element is compared by its raw keys), shown
    unquoted (``quoted=False``) but escaped all the same.
    """

    text: str
    quoted: bool = True


Part = Union[str, Flow]


@dataclass
class Line:
    sign: str
    parts: list[Part]
    diff: list[str] = field(default_factory=list)   # a text change's unified diff lines
    omitted: int = 0


@dataclass
class Section:
    title: str
    lines: list[Line]


def value_parts(value: Any) -> list[Part]:
    if value is None:
        return ["(none)"]
    if isinstance(value, bool):
        return ["true" if value else "false"]
    return [Flow(str(value))]


def change_parts(change: FieldChange) -> list[Part]:
    """``instructions_mode: (none) -> "append"``, ``instructions: +2 -1 lines`` ..."""
    parts: list[Part] = [Flow(change.name, quoted=False), ": "]
    if change.kind == "value":
        return parts + value_parts(change.old) + [" -> "] + value_parts(change.new)
    if change.kind == "text":
        return parts + [f"+{change.added_lines} -{change.removed_lines} lines"]
    if change.kind == "items":
        pieces: list[Part] = []
        for word, items in (("added", change.added), ("removed", change.removed), ("changed", change.changed)):
            if items:
                pieces += ([", "] if pieces else []) + [f"{word} "] + _listed(items)
        return parts + (pieces or ["reordered"])
    return parts + ["changed"]


def _listed(items: list[str]) -> list[Part]:
    out: list[Part] = []
    for index, item in enumerate(items):
        out += ([", "] if index else []) + [Flow(item)]
    return out


def _node_summary(entry: "AssistantEntry | None", node_id: str) -> list[Part]:
    node = entry.flow.node_by_id.get(node_id) if entry is not None and entry.flow is not None else None
    parts: list[Part] = [Flow(node_id)]
    if node is not None:
        kind = node.type if isinstance(node.type, str) else "?"
        name = getattr(node.model, "name", None)
        parts += [f" ({kind}"] + ([" ", Flow(name)] if isinstance(name, str) and name else []) + [")"]
    return parts


def _edge_summary(entry: "AssistantEntry | None", edge_id: str) -> list[Part]:
    flow = entry.flow if entry is not None else None
    edge = next((e for e in flow.edges if e.id == edge_id), None) if flow is not None else None
    parts: list[Part] = [Flow(edge_id)]
    if edge is not None:
        target = edge.target if edge.target is not None else "?"
        parts += [": ", Flow(str(edge.source))]
        parts += [" -> assistant ", Flow(str(target))] if edge.is_handoff else [" -> ", Flow(str(target))]
        if isinstance(edge.condition_type, str):
            parts.append(f" ({edge.condition_type})")
    return parts


def _element_lines(elements: ElementDiff, old: "AssistantEntry | None", new: "AssistantEntry | None",
                   summary) -> list[Line]:
    lines = [Line("+", summary(new, i)) for i in elements.added]
    lines += [Line("-", summary(old, i)) for i in elements.removed]
    lines += [Line(">", [Flow(a), " renamed to ", Flow(b)]) for a, b in elements.renamed]
    for changed in elements.changed:
        for change in changed.changes:
            lines.append(Line("~", [Flow(changed.id), ": ", *change_parts(change)], change.diff,
                              change.omitted_lines))
    lines += [Line("^", [Flow(i), " moved"]) for i in elements.moved]
    return lines


def sections(assistant: AssistantDiff) -> list[Section]:
    """The sections shown for one assistant, only those with something in them."""
    old, new = assistant.old_entry, assistant.new_entry
    out = []
    if assistant.fields:
        out.append(Section("assistant", [Line("~", change_parts(c), c.diff, c.omitted_lines)
                                         for c in assistant.fields]))
    if assistant.start_node is not None:
        before, after = assistant.start_node
        out.append(Section("start node", [Line("~", value_parts(before) + [" -> "] + value_parts(after))]))
    for title, elements, summary in (("nodes", assistant.nodes, _node_summary),
                                     ("edges", assistant.edges, _edge_summary)):
        lines = _element_lines(elements, old, new, summary)
        if lines:
            out.append(Section(title, lines))
    handoffs = [Line("+", [Flow(t)]) for t in assistant.handoffs_added]
    handoffs += [Line("-", [Flow(t)]) for t in assistant.handoffs_removed]
    if handoffs:
        out.append(Section("hand-offs", handoffs))
    return out


def heading(assistant: AssistantDiff) -> list[Part]:
    """``assistant "a-1" (Front desk): changed`` or ``flow in flows/x.json: added``."""
    if assistant.id is not None:
        parts: list[Part] = ["assistant ", Flow(assistant.id)]
        if assistant.name and assistant.name != assistant.id:
            parts += [" ", Flow(assistant.name)]
    else:
        parts = ["flow in ", Flow(str(assistant.new_file or assistant.old_file))]
    return parts + [f": {assistant.status}"]


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"
