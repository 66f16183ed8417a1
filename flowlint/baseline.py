"""Baselines: accept today's findings, fail only on new ones.

A baseline records findings by fingerprint (code plus assistant, node and edge ids and the
finding's key, never a line number), so moving nodes around or editing other assistants
keeps it valid. Matching is count-aware: two identical fingerprints hide two findings.
File format (sorted, stable, diff-friendly)::

    {"version": 1, "entries": [{"fingerprint", "code", "file", "assistant_id",
                                "node_id", "edge_id", "message"}, ...]}
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable

from pydantic import BaseModel, ConfigDict, ValidationError

from .diagnostics import Diagnostic
from .source import Source, parse_text

BASELINE_VERSION = 1


class BaselineError(Exception):
    """A baseline file that cannot be used: exit 2."""


class BaselineEntry(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True, defer_build=True)

    fingerprint: str
    code: str
    file: str = ""
    assistant_id: str | None = None
    node_id: str | None = None
    edge_id: str | None = None
    message: str = ""


class BaselineFile(BaseModel):
    model_config = ConfigDict(extra="ignore", defer_build=True)  # built when a baseline is read

    version: int
    entries: list[BaselineEntry]


class Baseline:
    """The entries of a baseline file plus the Source that locates them (for FL007)."""

    def __init__(self, entries: list[BaselineEntry], source: Source | None = None) -> None:
        self.entries = entries
        self.source = source


def _sort_key(entry: BaselineEntry) -> tuple:
    return (entry.file, entry.code, entry.assistant_id or "", entry.node_id or "",
            entry.edge_id or "", entry.fingerprint)


def entries_for(diagnostics: Iterable[Diagnostic]) -> list[BaselineEntry]:
    entries = [BaselineEntry(fingerprint=d.fingerprint, code=d.code, file=d.file.replace("\\", "/"),
                             assistant_id=d.assistant_id, node_id=d.node_id, edge_id=d.edge_id,
                             message=d.message) for d in diagnostics]
    return sorted(entries, key=_sort_key)


def dumps(entries: list[BaselineEntry]) -> str:
    document = {"version": BASELINE_VERSION, "entries": [e.model_dump() for e in entries]}
    from .report import dumps as json_text  # lone surrogates stay escaped

    return json_text(document, 2) + "\n"


def read_baseline(path: Path, name: str | None = None) -> Baseline:
    """Read and validate a baseline file; any problem is a BaselineError naming the file."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise BaselineError(f"cannot read baseline {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise BaselineError(f"{path}: baseline is not UTF-8") from None
    source = parse_text(text, name or str(path))
    if not source.parsed:
        raise BaselineError(f"{path}: baseline is not valid JSON")
    try:
        document = BaselineFile.model_validate(source.value)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(map(str, first["loc"]))
        raise BaselineError(f"{path}: not a flowlint baseline ({where}: {first['msg']})") from None
    if document.version != BASELINE_VERSION:
        raise BaselineError(f"{path}: baseline version {document.version} is not supported "
                            f"(this flowlint writes version {BASELINE_VERSION})")
    return Baseline(document.entries, source)
