"""Hypothesis strategies for valid Telnyx flows, and the example budget of the robustness suites.

CI runs a small number of examples per test; ``FLOWLINT_HYPOTHESIS_EXAMPLES=2000`` (or any
number) runs a longer search. Every generated input is counted in ``GENERATED`` and the
total is printed at the end of the run (see conftest.py), so a long run can be reported.
"""
from __future__ import annotations

import collections
import os
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# Tests ask for their CI budget; the environment variable replaces it for a long run.
_LONG = int(os.environ.get("FLOWLINT_HYPOTHESIS_EXAMPLES", "0") or 0)
GENERATED: collections.Counter[str] = collections.Counter()


def budget(ci_examples: int, long_share: float = 1.0) -> settings:
    """Settings for one property: ``ci_examples`` in CI, the env var's count in a long run
    (times ``long_share`` for properties that run the command, a process per example)."""
    examples = max(ci_examples, int(_LONG * long_share)) if _LONG else ci_examples
    return settings(max_examples=examples, deadline=None, derandomize=not _LONG,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.function_scoped_fixture])


def count(test: str, n: int = 1) -> None:
    GENERATED[test] += n


# Ids: mostly tame, sometimes any printable text (spaces, unicode, quotes), never empty.
TAME_ID = st.from_regex(r"[a-z][a-z0-9_]{0,11}", fullmatch=True)
ANY_ID = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=12)
IDS = st.one_of(TAME_ID, TAME_ID, ANY_ID)
WORDS = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40).filter(
    lambda s: s.strip() != "")

EXPRESSIONS = st.sampled_from([
    {"type": "comparison", "left": {"type": "variable", "name": "telnyx_last_tool_status_code"},
     "op": "==", "right": {"type": "number_literal", "value": 200}},
    {"type": "bool_op", "op": "not", "operands": [{"type": "bool_literal", "value": True}]},
    {"type": "comparison", "left": {"type": "variable", "name": "tier"}, "op": "contains",
     "right": {"type": "string_literal", "value": "gold"}},
])


def conditions(source_kind: str, first: bool) -> st.SearchStrategy[dict]:
    """A condition for an edge leaving a node of ``source_kind``: prompt nodes take llm or
    expression conditions; tool and speak nodes take a default on their first edge."""
    llm = WORDS.map(lambda p: {"type": "llm", "prompt": p})
    expression = EXPRESSIONS.map(lambda e: {"type": "expression", "expression": e})
    if source_kind != "prompt" and first:
        return st.just({"type": "default"})
    return st.one_of(llm, expression)


@st.composite
def node(draw, node_id: str) -> dict:
    kind = draw(st.sampled_from(["prompt", "prompt", "tool", "speak"]))
    name = draw(st.none() | WORDS)
    value: dict[str, Any] = {"type": kind, "id": node_id}
    if name is not None:
        value["name"] = name
    if kind == "prompt":
        value.update(instructions=draw(WORDS), instructions_mode=draw(st.sampled_from(["append", "replace"])))
    elif kind == "tool":
        value["shared_tool_id"] = draw(st.sampled_from(["tool-hangup", "tool-lookup"]))
    else:
        value["message"] = draw(WORDS)
    return value


@st.composite
def reachable_flow(draw, max_nodes: int = 8, assistants: tuple[str, ...] = ()) -> dict:
    """A flow whose every node is reachable from the start node: a random spanning tree
    from the start, plus random extra edges to nodes and to assistants."""
    ids = draw(st.lists(IDS, min_size=1, max_size=max_nodes, unique=True))
    nodes = [draw(node(i)) for i in ids]
    edges: list[dict] = []
    out_count = collections.Counter()

    def edge(source: dict, target: dict) -> None:
        condition = draw(conditions(source["type"], out_count[source["id"]] == 0))
        edges.append({"id": f"e{len(edges)}_{draw(TAME_ID)}", "start_node_id": source["id"],
                      "condition": condition, "target": target})
        out_count[source["id"]] += 1

    for index in range(1, len(nodes)):  # the spanning tree: every node has a parent before it
        parent = nodes[draw(st.integers(0, index - 1))]
        edge(parent, {"type": "node", "node_id": nodes[index]["id"]})
    for _ in range(draw(st.integers(0, len(nodes)))):  # extra edges, cycles included
        source = draw(st.sampled_from(nodes))
        if assistants and draw(st.booleans()):
            target = {"type": "assistant", "assistant_id": draw(st.sampled_from(assistants))}
        else:
            target = {"type": "node", "node_id": draw(st.sampled_from(nodes))["id"]}
        edge(source, target)
    draw(st.randoms(use_true_random=False)).shuffle(edges)
    return {"start_node_id": nodes[0]["id"], "nodes": draw(st.permutations(nodes)), "edges": edges}


@st.composite
def envelope(draw, max_assistants: int = 3, max_nodes: int = 8) -> dict:
    """An import response: 1..n assistants, each with a reachable flow that may hand off."""
    names = draw(st.lists(TAME_ID, min_size=1, max_size=max_assistants, unique=True))
    ids = tuple(f"asst-{name}" for name in names) + ("asst-elsewhere",)
    data = []
    for assistant_id in ids[:-1]:
        data.append({"id": assistant_id, "name": draw(WORDS), "model": "openai/gpt-4o",
                     "instructions": draw(WORDS), "created_at": "2025-01-01T00:00:00Z",
                     "tools": [{"type": "hangup", "hangup": {"description": "End the call."}}],
                     "conversation_flow": draw(reachable_flow(max_nodes, ids))})
    return {"data": data}


TOOLS = {"tool-hangup": "hangup", "tool-lookup": "webhook"}
