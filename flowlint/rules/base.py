"""What a rule is: metadata, documentation and a ``check`` that yields findings.

A rule never prints, never reads configuration and never decides its own severity: it
yields ``Finding`` values and the engine stamps the code and the severity.
"""
from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

from ..diagnostics import Finding, Severity

if TYPE_CHECKING:
    from ..documents import AssistantEntry, Document, Workspace
    from ..graph import FlowEdge, FlowGraph, FlowNode

# Scopes: what a rule's check is called with, and how often. FILTER rules are not run by
# the engine: flowlint.filters calls them after suppressions and the baseline are applied.
DOCUMENT, ASSISTANT, FLOW, RUN, FILTER = "document", "assistant", "flow", "run", "filter"

# What a rule's ``example``/``fixed`` are: a flow document linted as is (``flow``), a
# flowlint.toml checked against ``rules.gate.DEMO_FLOW`` (``config``), or a baseline file
# checked against the same flow (``baseline``). tests/test_rule_examples.py runs each kind.
EXAMPLE_KINDS = ("flow", "config", "baseline")

GROUPS = {
    "FL0": "input", "FL1": "start", "FL2": "identity", "FL3": "topology",
    "FL4": "conditions", "FL5": "handoffs", "FL6": "configuration", "FL7": "security",
    "FL8": "variables", "FL9": "provider",
}


SHOWN_IDS = 10  # a message names at most this many ids: a 100,000-node loop is one line


def id_list(ids: Iterable[str], quote: bool = True) -> str:
    """``"a", "b", "c"``; beyond SHOWN_IDS ids, the first ones and ``and N more``."""
    ids = list(ids)
    shown = ", ".join(f'"{i}"' if quote else i for i in ids[:SHOWN_IDS])
    return shown + (f" and {len(ids) - SHOWN_IDS} more" if len(ids) > SHOWN_IDS else "")


def edge_name(edge: "FlowEdge") -> str:
    """How messages name an edge: ``edge "e1"``, or the hand-off a node makes by itself."""
    if edge.is_implied:
        return f'the transfer made by node "{edge.source}"'
    return f'edge "{edge.id}"'


def path_text(path: list[str]) -> str:
    """``a -> b -> a``; a long path keeps its first SHOWN_IDS steps and its end."""
    if len(path) <= SHOWN_IDS + 1:
        return " -> ".join(path)
    return " -> ".join(path[:SHOWN_IDS]) + f" -> ... ({len(path) - SHOWN_IDS - 1} more) -> {path[-1]}"


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    scope: str
    check: Callable[[Any], Iterable[Finding]]
    summary: str
    description: str
    example: str
    fixed: str
    options: str = "None."
    example_kind: str = "flow"

    @property
    def example_needs_config(self) -> bool:
        """The example is a config or baseline file, not a flow: tests/test_rule_examples.py
        checks it against a demo flow instead of linting it directly."""
        return self.example_kind != "flow"

    # The severity of findings proven with an inventory (``Finding.confirmed``), when it
    # differs: FL501 is a warning on its own and an error once --assistants confirms it.
    confirmed_severity: Severity | None = None
    # The flow formats a provider rule (FL9xx) is written for; None for every other rule,
    # whose formats rules/formats.py lists (Telnyx only unless it says otherwise).
    provider_formats: frozenset[str] | None = None
    # The severity of findings the rule marks ``doubtful`` (something outside the input may
    # make them harmless, and the message says what), with the condition as documented.
    doubtful_severity: Severity | None = None
    doubtful_when: str = ""
    # The rule needs every assistant of the run read first (FL501 compares hand-off targets
    # with all their ids): when assistants are checked one at a time, it runs at the end.
    reads_every_assistant: bool = False

    @property
    def formats(self) -> frozenset[str]:
        """The flow formats this rule runs on (``telnyx``, ``retell``, ``elevenlabs``, ``vapi``)."""
        from .formats import ALL_FORMATS, formats_of

        if self.provider_formats is not None:
            return self.provider_formats
        if self.scope not in (ASSISTANT, FLOW):
            return ALL_FORMATS  # input, run-wide and gate rules see every document
        return formats_of(self.code)

    @property
    def severity_label(self) -> str:
        """The default severity as documented: ``warning`` or ``warning (error with an inventory)``."""
        if self.doubtful_severity is not None:
            return f"{self.severity.label} ({self.doubtful_severity.label} {self.doubtful_when})"
        if self.confirmed_severity is None or self.confirmed_severity == self.severity:
            return self.severity.label
        return f"{self.severity.label} ({self.confirmed_severity.label} with an inventory)"

    @property
    def group(self) -> str:
        return GROUPS[self.code[:3]]

    @property
    def source_file(self) -> str:
        return inspect.getsourcefile(self.check) or ""


def rule(code: str, name: str, severity: str, scope: str, *, example: str, fixed: str,
         options: str = "None.", example_kind: str = "flow",
         confirmed_severity: str | None = None,
         provider: str | None = None,
         doubtful: tuple[str, str] | None = None,
         reads_every_assistant: bool = False) -> Callable[[Callable], Rule]:
    """Declare a rule. The docstring's first paragraph is its one-line summary; the rest
    (``What it does`` / ``Why it matters``) is the documentation ``flowlint rule`` prints.
    ``confirmed_severity`` is the level of findings the rule marks ``confirmed`` (proven
    with an inventory); the engine applies it, the rule never sets a severity itself.
    ``provider`` names the one provider format a FL9xx rule checks. ``doubtful`` is
    ``(severity, when)`` for findings the rule marks ``doubtful``: ``("info", "when a
    webhook may supply it")``. ``reads_every_assistant``: the check reads facts of the
    whole run through ``ctx.workspace`` (all assistant ids), so it cannot run on an
    assistant before the others are read."""

    if example_kind not in EXAMPLE_KINDS:
        raise ValueError(f"{code}: example_kind must be one of {EXAMPLE_KINDS}")

    def wrap(check: Callable) -> Rule:
        doc = inspect.cleandoc(check.__doc__ or "")
        summary, _, description = doc.partition("\n\n")
        return Rule(code, name, Severity.parse(severity), scope, check,
                    " ".join(summary.split()), description.strip(),
                    inspect.cleandoc(example), inspect.cleandoc(fixed), options, example_kind,
                    Severity.parse(confirmed_severity) if confirmed_severity else None,
                    frozenset({provider}) if provider else None,
                    Severity.parse(doubtful[0]) if doubtful else None, doubtful[1] if doubtful else "",
                    reads_every_assistant)

    return wrap


# ------------------------------------------------------------------------- contexts

class DocumentContext:
    def __init__(self, document: "Document", workspace: "Workspace") -> None:
        self.document = document
        self.workspace = workspace


class AssistantContext:
    """One assistant (or bare flow) and helpers that make findings about its parts."""

    def __init__(self, entry: "AssistantEntry", workspace: "Workspace") -> None:
        self.entry = entry
        self.workspace = workspace
        self.source = entry.document.source

    @property
    def flow(self) -> "FlowGraph":
        assert self.entry.flow is not None
        return self.entry.flow

    def assistant_finding(self, message: str, *tokens: object, key: str = "") -> Finding:
        from ..positions import join_pointer

        return Finding(message, join_pointer(self.entry.pointer, *tokens), self.entry.id,
                       key=key, document=self.source)

    def flow_finding(self, message: str, *tokens: object, key: str = "") -> Finding:
        from ..positions import join_pointer

        return Finding(message, self.flow.flow_pointer(*tokens), self.entry.id,
                       key=key, document=self.source)

    def node_finding(self, node: "FlowNode", message: str, *tokens: object, key: str = "") -> Finding:
        return Finding(message, self.flow.node_pointer(node, *tokens), self.entry.id, node.id,
                       key=key or "/".join(map(str, tokens)), document=self.source)

    def edge_finding(self, edge: "FlowEdge", message: str, *tokens: object, key: str = "") -> Finding:
        # An edge with no id in its file (Vapi) is named by its ends (Origin.key): no edge_id.
        named = edge.origin is not None and edge.origin.key is not None
        edge_id = edge.id if isinstance(edge.id, str) and not named else None
        # The key keeps two findings on one edge apart (forward and backward condition of an
        # ElevenLabs edge): the path of the value in the edge's own format.
        where = "/".join(map(str, self.flow.edge_tokens(edge, tokens)))
        if edge_id is None and edge.origin is not None:  # id-less edges (Vapi): by their ends
            where = f"{where}@{edge.origin.key or edge.index}"
        return Finding(message, self.flow.edge_pointer(edge, *tokens), self.entry.id, edge.source,
                       edge_id, key=key or where or str(edge.index if edge_id is None else ""),
                       document=self.source)

    @property
    def raw(self) -> Any:
        """The assistant (or bare flow) as parsed JSON, for rules that must see values that
        failed validation or need the index of an element (tools keep no index)."""
        from ..positions import split_pointer

        value = self.source.value
        for token in split_pointer(self.entry.pointer):
            value = value[int(token)] if isinstance(value, list) else value[token]
        return value

    def raw_tools(self) -> list[tuple[int, dict, str]]:
        """``(index, tool, type)`` for every tool object of the assistant with a string type."""
        raw = self.raw
        is_assistant = self.entry.document.shape != "flow"  # a bare flow has no tools
        tools = raw.get("tools") if isinstance(raw, dict) and is_assistant else None
        if not isinstance(tools, list):
            return []
        return [(i, t, t["type"]) for i, t in enumerate(tools)
                if isinstance(t, dict) and isinstance(t.get("type"), str)]

    def where(self) -> str:
        """How messages name the assistant: ' (assistant "a-1")', or '' for a bare flow."""
        return f' (assistant "{self.entry.id}")' if self.entry.id is not None else ""


class RunContext:
    def __init__(self, workspace: "Workspace") -> None:
        self.workspace = workspace


def iter_findings(findings: Iterable[Finding] | None) -> Iterator[Finding]:
    yield from findings or ()
