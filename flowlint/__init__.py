"""flowlint: lint, explain and draw the conversation flows of Telnyx AI Assistants.

Public API::

    import flowlint
    report = flowlint.lint("import.json")      # path, JSON text, dict/list or SDK object
    workspace = flowlint.load("import.json")   # assistants, their flow graphs, hand-offs
    flowlint.draw(workspace, assistant="a-1")  # matplotlib; to_dot / to_mermaid for text
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable, Mapping

from ._version import __version__
from .diagnostics import Diagnostic, Severity

if TYPE_CHECKING:
    from .documents import Workspace
    from .report import Report

__all__ = ["lint", "load", "Report", "Diagnostic", "Severity", "__version__",
           "draw", "to_dot", "to_mermaid"]
_DIAGRAM_FUNCTIONS = ("draw", "to_dot", "to_mermaid")


def load(*inputs: Any, assistants: Mapping[str, Any] | Iterable[str] | None = None,
         tools: Mapping[str, str] | None = None) -> "Workspace":
    """Read inputs into a Workspace: ``.documents``, ``.assistants`` (each with ``.graph``,
    a ``networkx.MultiDiGraph``) and ``.handoff_graph``. Unreadable paths raise ``OSError``."""
    from .loading import load_workspace

    inventory = None if assistants is None else (
        assistants if isinstance(assistants, Mapping) else dict.fromkeys(assistants))
    workspace = load_workspace(inputs, assistants=inventory, tools=tools)
    if workspace.errors:
        raise OSError("; ".join(workspace.errors))
    return workspace


def lint(*inputs: Any, select: Iterable[str] | None = None, ignore: Iterable[str] = (),
         severity: Mapping[str, str] | None = None, fail_on: str = "error",
         assistants: Mapping[str, Any] | Iterable[str] | None = None,
         tools: Mapping[str, str] | None = None) -> "Report":
    """Lint inputs (paths, folders, JSON text, dicts/lists, SDK objects) and return a Report.

    ``select``/``ignore`` take codes, prefixes (``FL3``), names or groups; ``severity`` maps
    codes to ``error``/``warning``/``info``/``off``.
    """
    from .engine import LintOptions, lint_workspace
    from .loading import gc_paused

    levels = {code.upper(): (None if level == "off" else Severity.parse(level))
              for code, level in (severity or {}).items()}
    options = LintOptions(tuple(select or ()), tuple(ignore), levels, Severity.parse(fail_on))
    workspace = load(*inputs, assistants=assistants, tools=tools)
    with gc_paused():
        return lint_workspace(workspace, options)


def __getattr__(name: str) -> Any:
    if name == "Report":
        from .report import Report

        return Report
    if name in _DIAGRAM_FUNCTIONS:  # lazily: drawing pulls in graphviz/matplotlib on use
        from . import diagrams

        return getattr(diagrams, name)
    raise AttributeError(f"module 'flowlint' has no attribute {name!r}")
