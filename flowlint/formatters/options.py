from __future__ import annotations

from dataclasses import dataclass

from ..diagnostics import Severity


@dataclass(frozen=True)
class FormatOptions:
    color: bool = False
    fail_on: Severity = Severity.ERROR
    quiet: bool = False
    statistics: bool = False
