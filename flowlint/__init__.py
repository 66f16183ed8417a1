"""flowlint: lint, explain and draw the conversation flows of Telnyx AI Assistants.

Public API::

    import flowlint
    report = flowlint.lint("import.json")      # path, JSON text, dict/list or SDK object
    workspace = flowlint.load("import.json")   # assistants, their flow graphs, hand-offs
    flowlint.draw(workspace, assistant="a-1")  # matplotlib; to_dot / to_mermaid for text
    plan = flowlint.paths("import.json")       # test plans: paths covering every transition
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable, Mapping

from ._version import __version__
from .diagnostics import Diagnostic, Severity

if TYPE_CHECKING:
    from .documents import Workspace
    from .report import Report
    from .testplan import Plan

__all__ = ["lint", "load", "paths", "Report", "Diagnostic", "Severity", "__version__",
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

    levels = {code.upper(): _level(code, level) for code, level in (severity or {}).items()}
    options = LintOptions(tuple(select or ()), tuple(ignore), levels, Severity.parse(fail_on))
    workspace = load(*inputs, assistants=assistants, tools=tools, provider=provider)
    with gc_paused():
        return lint_workspace(workspace, options)


def _level(code: str, level: str) -> "Severity | None":
    if str(level).strip().lower() == "off":
        return None
    try:
        return Severity.parse(level)
    except ValueError:
        raise ValueError(f"severity of {code}: unknown level {level!r} (use error, warning, info or off)") from None


def paths(*inputs: Any, assistant: str | None = None, to: str | None = None,
          assistants: Any = None, tools: Any = None, provider: str = "auto") -> "Plan":
    """Test plans: for each assistant with a flow, paths from the start node that together
    take every transition (``to=NODE``: the shortest path to that node instead).

    ``inputs`` are what ``load`` takes, or one ``Workspace``, ``Report``, assistant
    (``workspace.assistants[i]``) or ``FlowGraph``. Returns a ``Plan``: ``.assistants``
    (each with ``.paths``, ``.uncoverable``, ``.diagram(N)``), ``.to_dict()`` (the JSON
    contract), ``.to_json()``, ``.to_text()``, ``.to_markdown()``. An ``assistant`` or
    ``to`` that names nothing raises ``flowlint.testplan.PlanError``. ``provider`` reads
    the inputs as one format, as for ``load``."""
    from .testplan import plan_of

    if len(inputs) == 1 and assistants is None and tools is None and provider == "auto":
        return plan_of(inputs[0], assistant, to)
    return plan_of(load(*inputs, assistants=assistants, tools=tools, provider=provider), assistant, to)


def __getattr__(name: str) -> Any:
    if name == "Report":
        from .report import Report

        return Report
    if name in _DIAGRAM_FUNCTIONS:  # lazily: drawing pulls in graphviz/matplotlib on use
        from . import diagrams

        return getattr(diagrams, name)
    raise AttributeError(f"module 'flowlint' has no attribute {name!r}")
