"""What a diff is: plain values that every diff format reads (text, JSON, Markdown, diagrams).

``FlowDiff.to_dict`` is the versioned JSON contract (``version`` 1). Values printed from a
flow are made safe when they are taken (``content.describe``): redacted, shortened, and never
the content of objects or of tool definitions.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..diagnostics import Diagnostic, Severity

if TYPE_CHECKING:
    from ..documents import AssistantEntry

JSON_VERSION = 1
ADDED, REMOVED, CHANGED, UNCHANGED = "added", "removed", "changed", "unchanged"
RENAMED = "renamed"   # diagrams: a node or edge under a new id


@dataclass
class FieldChange:
    """One field of a node, edge or assistant that differs between the two versions.

    ``kind`` says what is known about it: ``value`` (``old``/``new`` are short printable
    values), ``text`` (long or multi-line text: line counts and a capped unified diff),
    ``items`` (lists of names: ``added``/``removed``/``changed`` items) or ``opaque`` (an
    object or a credential-like field: only that it changed).
    """

    name: str                                          # the field, dotted: condition.prompt
    kind: str = "opaque"
    old: Any = None
    new: Any = None
    added: list[str] = field(default_factory=list)     # items
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    added_lines: int = 0                               # text
    removed_lines: int = 0
    diff: list[str] = field(default_factory=list)
    omitted_lines: int = 0                             # diff lines left out by the cap

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"field": self.name, "kind": self.kind}
        if self.kind == "value":
            out.update(old=self.old, new=self.new)
        elif self.kind == "items":
            out.update(added=self.added, removed=self.removed, changed=self.changed)
        elif self.kind == "text":
            out.update(added_lines=self.added_lines, removed_lines=self.removed_lines,
                       diff=self.diff, omitted_lines=self.omitted_lines)
        return out


@dataclass
class ElementChange:
    """A node or edge present in both versions (same id) whose content differs."""

    id: str
    changes: list[FieldChange]

    @property
    def fields(self) -> list[str]:
        return [c.name for c in self.changes]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "fields": self.fields, "changes": [c.to_dict() for c in self.changes]}


@dataclass
class ElementDiff:
    """Nodes (or edges) of one assistant: what was added, removed, changed, renamed, moved."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[ElementChange] = field(default_factory=list)
    renamed: list[tuple[str, str]] = field(default_factory=list)   # (old id, new id)
    moved: list[str] = field(default_factory=list)                 # only filled with positions

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.renamed or self.moved)

    def to_dict(self, positions: bool) -> dict[str, Any]:
        out: dict[str, Any] = {
            "added": self.added, "removed": self.removed,
            "changed": [c.to_dict() for c in self.changed],
            "renamed": [{"old": old, "new": new} for old, new in self.renamed],
        }
        if positions:
            out["moved"] = self.moved
        return out


@dataclass
class AssistantDiff:
    """One assistant matched across the two versions (either side may be missing)."""

    key: tuple
    id: str | None
    name: str | None
    status: str
    old_file: str | None
    new_file: str | None
    fields: list[FieldChange] = field(default_factory=list)   # the assistant's own fields, tools
    nodes: ElementDiff = field(default_factory=ElementDiff)
    edges: ElementDiff = field(default_factory=ElementDiff)
    start_node: tuple[Any, Any] | None = None                 # (old, new) when it changed
    handoffs_added: list[str] = field(default_factory=list)
    handoffs_removed: list[str] = field(default_factory=list)
    new_findings: list[Diagnostic] = field(default_factory=list)
    fixed_findings: list[Diagnostic] = field(default_factory=list)
    old_entry: "AssistantEntry | None" = field(default=None, repr=False, compare=False)
    new_entry: "AssistantEntry | None" = field(default=None, repr=False, compare=False)
    node_renames: dict[str, str] = field(default_factory=dict, repr=False)   # old id -> new id
    edge_renames: dict[str, str] = field(default_factory=dict, repr=False)

    @property
    def label(self) -> str:
        """How the text formats name the assistant: its id, else its file."""
        if self.id is not None:
            return f'assistant "{self.id}"'
        return f"flow in {self.new_file or self.old_file}"

    def to_dict(self, positions: bool) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "status": self.status,
            "old_file": self.old_file,
            "new_file": self.new_file,
            "fields": [c.name for c in self.fields],
            "changes": [c.to_dict() for c in self.fields],
            "nodes": self.nodes.to_dict(positions),
            "edges": self.edges.to_dict(positions),
            "start_node": None if self.start_node is None else
            {"old": self.start_node[0], "new": self.start_node[1]},
            "handoffs": {"added": self.handoffs_added, "removed": self.handoffs_removed},
        }


@dataclass
class FindingsDiff:
    """Findings split by fingerprint: introduced by the change, fixed by it, or there before."""

    new: list[Diagnostic] = field(default_factory=list)
    fixed: list[Diagnostic] = field(default_factory=list)
    unchanged: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"new": [d.to_dict() for d in self.new], "fixed": [d.to_dict() for d in self.fixed],
                "unchanged": self.unchanged}


@dataclass
class FlowDiff:
    """Everything that differs between two versions, and what it does to the findings."""

    old_label: str
    new_label: str
    assistants: list[AssistantDiff]
    findings: FindingsDiff
    positions: bool = False
    errors: list[str] = field(default_factory=list)   # inputs that could not be read (exit 2)

    @property
    def changed(self) -> bool:
        return any(a.status != UNCHANGED for a in self.assistants)

    def counts(self) -> dict[str, int]:
        counts = {ADDED: 0, REMOVED: 0, CHANGED: 0, UNCHANGED: 0}
        for assistant in self.assistants:
            counts[assistant.status] += 1
        return counts

    def failed(self, fail_on: Severity = Severity.ERROR) -> bool:
        """True when a finding the change introduces reaches ``fail_on``: the gate."""
        return any(d.severity >= fail_on for d in self.findings.new)

    def to_dict(self) -> dict[str, Any]:
        from .._version import __version__

        new_summary = {"error": 0, "warning": 0, "info": 0}
        for diagnostic in self.findings.new:
            new_summary[diagnostic.severity.label] += 1
        return {
            "version": JSON_VERSION,
            "tool": {"name": "flowlint", "version": __version__},
            "old": self.old_label,
            "new": self.new_label,
            "assistants": [a.to_dict(self.positions) for a in self.assistants],
            "findings": self.findings.to_dict(),
            "summary": {"assistants": self.counts(), "new_findings": new_summary,
                        "fixed_findings": len(self.findings.fixed)},
        }

    def to_json(self, indent: int | None = 2) -> str:
        from ..report import dumps

        return dumps(self.to_dict(), indent) + "\n"

    def to_text(self, color: bool = False) -> str:
        from .text import render

        return render(self, color)

    def to_markdown(self) -> str:
        from .markdown import render

        return render(self)
