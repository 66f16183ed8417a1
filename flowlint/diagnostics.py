"""Severity, the findings rules yield, and the diagnostics every formatter reads."""
from __future__ import annotations

import enum
import functools
import hashlib
from dataclasses import dataclass, field
from typing import Any


class Severity(enum.IntEnum):
    """How bad a finding is; ordered so that ``Severity.ERROR > Severity.INFO``."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> "Severity":
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r} (use error, warning or info)") from None

    def __str__(self) -> str:
        return self.label


@dataclass(frozen=True, slots=True)
class Finding:
    """What a rule reports: a message about one subject, located by a JSON pointer.

    Rules never choose their code or severity; the engine stamps both.
    ``key`` tells apart findings of one rule about the same subject (for example two bad
    fields of one node) so that their fingerprints differ. ``confirmed`` says the finding
    was proven with information from outside the input (an inventory): the engine then
    uses the rule's ``confirmed_severity`` when it declares one. ``doubtful`` says the finding
    may not hold for a reason outside the input that the message names (a webhook may supply
    the variable): the engine then uses the rule's ``doubtful_severity``.
    """

    message: str
    pointer: str
    assistant_id: str | None = None
    node_id: str | None = None
    edge_id: str | None = None
    key: str = ""
    document: Any = field(default=None, compare=False)
    confirmed: bool = field(default=False, compare=False)
    doubtful: bool = field(default=False, compare=False)


def fingerprint(code: str, assistant_id: str | None, node_id: str | None,
                edge_id: str | None, key: str = "") -> str:
    """A stable id for a finding: the code and its subject, never its line or file."""
    parts = (code, assistant_id or "", node_id or "", edge_id or "", key)
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:20]


@functools.total_ordering
@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One reported problem. Sorting orders by file, then position, then code.

    ``line`` and ``column`` (1-based) are None when the finding has no position in its file
    (as ``null`` in the JSON report); such findings sort first in their file."""

    file: str
    line: int | None
    column: int | None
    code: str
    pointer: str
    message: str = field(compare=False)
    name: str = field(compare=False)
    severity: Severity = field(compare=False)
    assistant_id: str | None = field(default=None, compare=False)
    node_id: str | None = field(default=None, compare=False)
    edge_id: str | None = field(default=None, compare=False)
    fingerprint: str = field(default="", compare=False)

    def to_dict(self) -> dict[str, Any]:
        """The diagnostic as in the JSON output contract (version 1)."""
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity.label,
            "message": self.message,
            "file": self.file,
            "pointer": self.pointer,
            "line": self.line,
            "column": self.column,
            "assistant_id": self.assistant_id,
            "node_id": self.node_id,
            "edge_id": self.edge_id,
            "fingerprint": self.fingerprint,
        }

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file, self.line or 0, self.column or 0, self.code, self.pointer)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Diagnostic):
            return NotImplemented
        return self.sort_key() < other.sort_key()
