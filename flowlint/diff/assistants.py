"""Matching assistants across the two versions, and comparing one matched pair.

Assistants are matched by id, whichever file they are in. An assistant without an id (a
bare flow, a request body) is matched by the path of its file relative to the compared
folder (the file itself when a single file is compared), then by its order in that file.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, Iterator

from .content import changed_fields, describe, model_content, raw_content, tool_label
from .elements import _raw_at, compare_elements, flow_edges, flow_nodes, handoff_targets, same_flow, start_node
from .model import ADDED, CHANGED, REMOVED, UNCHANGED, AssistantDiff, FieldChange

if TYPE_CHECKING:
    from ..documents import AssistantEntry, Workspace
    from ..report import Report

# An assistant's own fields that are compared elsewhere (or are its identity).
NOT_OWN_FIELDS = ("id", "tools", "conversation_flow")


@dataclass
class Side:
    """One version: a label for people, what was read, its findings, and where it was read from.

    ``root`` is the compared folder, so that files are matched by their path inside it; None
    when the side is a single input (then its files are matched as that one input).
    """

    label: str
    workspace: "Workspace"
    report: "Report"
    root: str | None = None

    def relative(self, name: str) -> str:
        if self.root is None:
            return ""
        return os.path.relpath(name, self.root).replace(os.sep, "/")

    def keyed(self) -> Iterator[tuple[tuple, "AssistantEntry"]]:
        """(match key, entry) for every assistant, in input order."""
        seen: dict[tuple, int] = {}
        for entry in self.workspace.assistants:
            real_id = entry.id is not None and not entry.stand_in  # a body's stand-in is its file name
            base = ("id", entry.id) if real_id else ("file", self.relative(entry.document.name))
            count = seen.get(base, 0)
            seen[base] = count + 1
            yield (*base, count), entry

    def finding_key(self, file: str, assistant_id: str | None) -> tuple:
        """The key a finding's assistant is matched by (without the order within a file)."""
        real_id = assistant_id is not None and assistant_id not in self.stand_in_ids
        return ("id", assistant_id) if real_id else ("file", self.relative(file))

    @cached_property
    def stand_in_ids(self) -> frozenset[str]:
        return frozenset(a.id for a in self.workspace.assistants if a.stand_in and a.id is not None)


def match(old: Side, new: Side) -> list[tuple[tuple, "AssistantEntry | None", "AssistantEntry | None"]]:
    """Matched pairs: the new version's assistants in order, then those only in the old one."""
    old_entries = dict(old.keyed())
    pairs = [(key, old_entries.pop(key, None), entry) for key, entry in new.keyed()]
    return pairs + [(key, entry, None) for key, entry in old_entries.items()]


def compare_assistant(key: tuple, old: "AssistantEntry | None", new: "AssistantEntry | None",
                      positions: bool) -> AssistantDiff:
    either = new if new is not None else old
    assert either is not None
    result = AssistantDiff(key, None if either.stand_in else either.id, either.name, UNCHANGED,
                           old.document.name if old is not None else None,
                           new.document.name if new is not None else None,
                           old_entry=old, new_entry=new)
    if not same_flow(old, new):
        result.nodes, result.node_renames = compare_elements(flow_nodes(old), flow_nodes(new), positions)
        result.edges, result.edge_renames = compare_elements(flow_edges(old), flow_edges(new), positions,
                                                             result.node_renames)
    old_start, new_start = start_node(old), start_node(new)
    if _start_target(old, result.node_renames) != _start_target(new, {}):
        result.start_node = (old_start, new_start)
    before, after = handoff_targets(old), handoff_targets(new)
    result.handoffs_added = [t for t in after if t not in before]
    result.handoffs_removed = [t for t in before if t not in after]
    result.fields = own_field_changes(old, new)
    if old is None or new is None:
        result.status = ADDED if old is None else REMOVED
    elif (result.fields or not result.nodes.empty or not result.edges.empty
          or result.start_node is not None or result.handoffs_added or result.handoffs_removed):
        result.status = CHANGED
    return result


def _start_target(entry: "AssistantEntry | None", renames: dict[str, str]) -> tuple:
    """What the start node id leads to: a node (under its new id, after renames), or nothing."""
    start = start_node(entry)
    flow = entry.flow if entry is not None else None
    if flow is not None and flow.start is not None:
        return ("node", renames.get(start, start))
    return ("no node", start)


def _own_fields(entry: "AssistantEntry | None") -> dict[str, Any]:
    if entry is None:
        return {}
    if entry.model is not None:
        return model_content(entry.model, NOT_OWN_FIELDS).fields
    return raw_content(_raw_at(entry, entry.pointer), NOT_OWN_FIELDS, nested=()).fields


def own_field_changes(old: "AssistantEntry | None", new: "AssistantEntry | None") -> list[FieldChange]:
    """The assistant's own fields (name, model, instructions, settings) and its tools.

    For an added or removed assistant these are left out: everything about it is new or gone.
    """
    if old is None or new is None:
        return []
    before, after = _own_fields(old), _own_fields(new)
    changes = [describe(name, before.get(name), after.get(name)) for name in changed_fields(before, after)]
    tools = tool_changes(old, new)
    return changes + ([tools] if tools else [])


def _tools(entry: "AssistantEntry") -> list[tuple[str, str]]:
    """(label, content) of each validated tool; the content is compared, never printed."""
    out = []
    for tool in entry.tools:
        data = tool.model_dump(mode="json", exclude_none=True)
        out.append((tool_label(tool), json.dumps(data, sort_keys=True, default=str)))
    return out


def tool_changes(old: "AssistantEntry", new: "AssistantEntry") -> FieldChange | None:
    """Tools added, removed, or changed (same type and name, other definition), by label."""
    before, after = _tools(old), _tools(new)
    unmatched_old = list(before)
    unmatched_new = []
    for tool in after:
        if tool in unmatched_old:
            unmatched_old.remove(tool)
        else:
            unmatched_new.append(tool)
    if not unmatched_old and not unmatched_new:
        return None
    change = FieldChange("tools", "items")
    old_labels = [label for label, _ in unmatched_old]
    for label, _ in unmatched_new:
        if label in old_labels:
            old_labels.remove(label)
            change.changed.append(label)
        else:
            change.added.append(label)
    change.removed = old_labels
    return change
