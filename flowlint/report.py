"""Report: the sorted diagnostics of one run, with the files they came from."""
from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any, Mapping

from ._version import __version__
from .diagnostics import Diagnostic, Severity
from .json_text import dumps_indented

if TYPE_CHECKING:
    from .documents import Workspace

JSON_VERSION = 1
# Kept as \u escapes (json.dumps escapes only C0): lone surrogates (from "\ud800" in a
# flow) have no UTF-8 form; DEL and C1 controls, bidi overrides and line separators would
# act on a terminal that shows the report (`cat report.json`) or on a JavaScript reader.
_ESCAPE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069\ud800-\udfff]")


def dumps(value: Any, indent: int | None) -> str:
    """JSON text that is always encodable as UTF-8, inert on a terminal, and that loads
    back to exactly ``value``."""
    # Indented: the same bytes as json.dumps(indent=...), written by the C encoder.
    text = json.dumps(value, ensure_ascii=False) if indent is None else dumps_indented(value, indent)
    return _ESCAPE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class Report:
    """The result of ``flowlint.lint``: immutable diagnostics plus what was read."""

    def __init__(self, diagnostics: tuple[Diagnostic, ...], workspace: "Workspace",
                 fail_on: Severity = Severity.ERROR, hidden: Mapping[str, int] | None = None) -> None:
        self.diagnostics = diagnostics
        self.workspace = workspace
        self.fail_on = fail_on
        # How many findings the filters took out: matched by a baseline entry, or silenced
        # by the config (per-file-ignores, [[suppress]]). Counted, so a gate says what it hid.
        self.hidden = {"baseline": 0, "suppressed": 0, **(hidden or {})}

    @property
    def files(self) -> list[dict[str, Any]]:
        # A bare Telnyx flow is no assistant; a provider's agent or workflow is one, id or not.
        return [{"path": d.name, "assistants": sum(1 for a in d.assistants
                                                   if a.id is not None or a.format != "telnyx")}
                for d in self.workspace.documents]

    @property
    def errors(self) -> list[str]:
        """Inputs that could not be read at all (exit code 2)."""
        return list(self.workspace.errors)

    @property
    def summary(self) -> dict[str, int]:
        counts = {"error": 0, "warning": 0, "info": 0}
        for diagnostic in self.diagnostics:
            counts[diagnostic.severity.label] += 1
        return counts

    @property
    def ok(self) -> bool:
        """True when no finding is an error (whatever ``fail_on`` says)."""
        return not any(d.severity is Severity.ERROR for d in self.diagnostics)

    def failed(self, fail_on: Severity | None = None) -> bool:
        level = fail_on or self.fail_on
        return any(d.severity >= level for d in self.diagnostics)

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": JSON_VERSION,
            "tool": {"name": "flowlint", "version": __version__},
            "files": self.files,
            "diagnostics": [d.to_dict() for d in self.diagnostics],
            "summary": self.summary,
            "hidden": dict(self.hidden),  # added in 0.1 without a version change: additive
        }

    def to_json(self, indent: int | None = 2) -> str:
        return dumps(self.to_dict(), indent)

    def to_sarif(self, indent: int | None = 2) -> str:
        """SARIF 2.1.0 (see flowlint.formatters.sarif), as GitHub code scanning accepts it."""
        from .formatters.sarif import sarif_log

        return dumps(sarif_log(self), indent)

    def __iter__(self):
        return iter(self.diagnostics)

    def __len__(self) -> int:
        return len(self.diagnostics)

    def __repr__(self) -> str:
        s = self.summary
        return (f"<Report {s['error']} errors, {s['warning']} warnings, {s['info']} info "
                f"in {len(self.workspace.documents)} files>")

    def _repr_html_(self) -> str:  # Jupyter: a table with severity colours
        from .notebook import report_html

        return report_html(self)
