"""The versioned JSON contract (see the README): a document, never partial lines."""
from __future__ import annotations

from ..report import Report
from .options import FormatOptions


def render(report: Report, options: FormatOptions) -> str:
    return report.to_json() + "\n"
