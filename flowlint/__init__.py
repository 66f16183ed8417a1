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


def load(*inputs: Any, assistants: Any = None, tools: Any = None, provider: str = "auto") -> "Workspace":
    """Read inputs into a Workspace: ``.documents``, ``.assistants`` (each with ``.graph``,
    a ``networkx.MultiDiGraph``) and ``.handoff_graph``. Unreadable paths raise ``OSError``.

    Retell, ElevenLabs and Vapi exports are recognised and read into the same model;
    ``provider`` (``telnyx``, ``retell``, ``elevenlabs``, ``vapi``) forces one format for
    every input instead of ``auto``. An unknown one raises ``ValueError``.

    ``assistants`` and ``tools`` are account inventories: a path to the JSON of
    ``GET /ai/assistants`` / ``GET /ai/tools``, that JSON already parsed, or a mapping
    (assistant id -> anything, or an iterable of ids; tool id -> tool type). A bad
    inventory raises ``flowlint.inventory.InventoryError``."""
    from .inventory import assistant_inventory, tool_inventory
    from .loading import load_workspace
    from .providers import CHOICES

    if provider not in CHOICES:
        raise ValueError(f"provider must be one of {', '.join(CHOICES)}, not {provider!r}")
    workspace = load_workspace(inputs, assistants=assistant_inventory(assistants),
                               tools=tool_inventory(tools), provider=provider)
    if workspace.errors:
        raise OSError("; ".join(workspace.errors))
    return workspace


def lint(*inputs: Any, select: Iterable[str] | None = None, ignore: Iterable[str] = (),
         severity: Mapping[str, str] | None = None, fail_on: str = "error",
         assistants: Any = None, tools: Any = None, provider: str = "auto") -> "Report":
    """Lint inputs (paths, folders, JSON text, dicts/lists, SDK objects) and return a Report.

    ``select``/``ignore`` take codes, prefixes (``FL3``), names or groups; ``severity`` maps
    codes to ``error``/``warning``/``info``/``off``; ``assistants``/``tools`` are account
    inventories and ``provider`` the format to read inputs as, as for ``load``.
    """
    from .engine import LintOptions, lint_workspace
    from .loading import gc_paused

    levels = {code.upper(): (None if level == "off" else Severity.parse(level))
              for code, level in (severity or {}).items()}
    options = LintOptions(tuple(select or ()), tuple(ignore), levels, Severity.parse(fail_on))
    workspace = load(*inputs, assistants=assistants, tools=tools, provider=provider)
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
