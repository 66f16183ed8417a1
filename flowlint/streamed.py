"""Reading a list of assistants one at a time: each is built, checked and let go.

An account export of thousands of assistants need not be held in memory at once: only ids
and hand-offs cross assistants. ``build_streamed`` reads the elements of a source opened
with ``read_path(stream=True)``; after each assistant is built, ``checks.assistant_built``
runs its own rules, then the assistant keeps only what the run-wide rules read (its id,
name, tools and hand-off edges) and its parsed JSON is released. Whatever the element-wise
reading cannot settle exactly (a shape decided by later items, a parse error, a second
``"data"``) makes the document be read whole instead, as ``build_document`` reads it, with
the findings of the streamed attempt forgotten. With ``checks.jobs`` above 1, a large file
read from its bytes is shared out among forked workers (``flowlint.parallel``).
"""
from __future__ import annotations

from typing import Protocol

from . import nonflow, parallel, providers
from .bodies import StandInIds, name_bodies_in
from .documents import ASSISTANT_LIST, ENVELOPE, AssistantEntry, Document, build_assistant, build_document
from .graph import FlowGraph
from .source import Elements, Source
from .toolsets import ToolResolver
from .toplevel import Irregular
from .validation import Problems, json_type


class AssistantChecks(Protocol):
    jobs: int  # processes that may check the assistants of one large file (flowlint.parallel)

    def assistant_built(self, entry: AssistantEntry) -> None:
        """Run the rules of one assistant that need no other assistant."""

    def forget(self, source: Source) -> None:
        """Drop every finding made so far on ``source`` (it is about to be read again)."""


def build_streamed(source: Source, resolver: ToolResolver, provider: str, stand_ins: StandInIds,
                   checks: AssistantChecks) -> Document:
    elements = source.stream
    assert elements is not None
    taken = set(stand_ins.taken)
    document = Document(source)
    try:
        _read(document, elements, resolver, provider, stand_ins, checks)
    except Irregular:
        checks.forget(source)
        stand_ins.taken = taken
        elements.restart()
        return build_document(source, resolver, provider, stand_ins)
    return document


def _read(document: Document, elements: Elements, resolver: ToolResolver, provider: str,
          stand_ins: StandInIds, checks: AssistantChecks) -> None:
    source = document.source
    problems = Problems(source)

    def check_one(index: int, raw: object) -> None:
        if index == 0:
            if provider in providers.PROVIDERS or not nonflow.describes_no_list_starting_with(raw):
                raise Irregular  # the shape depends on the items that follow: read it whole
            document.shape = ENVELOPE if elements.pointer else ASSISTANT_LIST
        pointer = f"{elements.pointer}/{index}"
        if isinstance(raw, dict):
            entry = build_assistant(raw, pointer, document, problems, resolver, stand_ins)
            document.assistants.append(entry)
            checks.assistant_built(entry)
            keep_run_facts(entry)
        else:
            problems.add("FL002", f"an assistant must be an object, not {json_type(raw)}", pointer, {})
        elements.release(index)

    cut = parallel.plan(elements, getattr(checks, "jobs", 1))
    if cut is None:
        for index, raw in enumerate(elements):
            check_one(index, raw)
    else:
        check_one(0, cut.first)  # its shape decides whether the element reading goes on
        runs = [cut.runs[0][1:], *cut.runs[1:]]
        parallel.check(runs, cut.ranges, elements, document, problems, resolver, checks, check_one)
    if document.shape is None:
        raise Irregular  # an empty array: read whole, where its shape is decided
    elements.finish()
    name_bodies_in(source.problems, document.assistants)
    source.problems.extend(problems.items)


def keep_run_facts(entry: AssistantEntry) -> None:
    """Keep of a checked assistant what the run-wide rules and the hand-off graph read: its
    hand-off edges and hand-off tools, not its model, nodes, other tools and the facts
    computed on them (a worker of ``flowlint.parallel`` sends back only that much)."""
    entry.model = None  # its own rules have read it; no run-wide rule does
    entry.tools = [tool for tool in entry.tools if tool.type == "handoff"]
    flow = entry.flow
    if flow is not None:
        entry.flow = FlowGraph(flow.pointer, flow.start_node_id, [], [e for e in flow.edges if e.is_handoff],
                               flow.assistant_tools, flow.resolver, flow.nodes_field, flow.format,
                               flow.global_nodes)


__all__ = ["AssistantChecks", "build_streamed"]
