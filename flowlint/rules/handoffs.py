"""FL5xx: hand-offs between assistants, across every input of the run.

Only flow hand-offs (edges with an `assistant` target) are checked here; the legacy
`handoff` tool is reported as a conflict by FL504.
"""
from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING, Iterator

from ..diagnostics import Finding
from .base import ASSISTANT, FLOW, RUN, AssistantContext, RunContext, edge_name, id_list, path_text, rule

if TYPE_CHECKING:
    from ..documents import AssistantEntry
    from ..graph import FlowEdge

_CORE = '"model": "openai/gpt-4o", "created_at": "2025-01-01T00:00:00Z"'


_HANGUP = '{"type": "hangup", "hangup": {"description": "End the call when the caller is done."}}'


def _assistant(assistant_id: str, name: str, flow: str = "", tools: str = _HANGUP) -> str:
    parts = [f'"id": "{assistant_id}"', f'"name": "{name}"', _CORE,
             f'"instructions": "You are the {name.lower()} assistant."', f'"tools": [{tools}]']
    if flow:
        parts.append(f'"conversation_flow": {flow}')
    return "{" + ", ".join(parts) + "}"


def _handoff_flow(edge_id: str, target: str, voice_mode: str | None = "distinct") -> str:
    mode = f', "voice_mode": "{voice_mode}"' if voice_mode else ""
    return ('{"start_node_id": "ask", "nodes": [{"id": "ask", "instructions": "Ask what the '
            'caller needs.", "instructions_mode": "append"}], "edges": [{"id": "' + edge_id
            + '", "start_node_id": "ask", "condition": {"type": "llm", "prompt": "The caller '
            'wants a person."}, "target": {"type": "assistant", "assistant_id": "' + target
            + '"' + mode + "}}]}")


def _plain_flow() -> str:
    return ('{"start_node_id": "help", "nodes": [{"id": "help", "instructions": "Help the '
            'caller.", "instructions_mode": "append"}], "edges": []}')


def _envelope(*assistants: str) -> str:
    return '{"data": [' + ", ".join(assistants) + "]}"


def _handoffs(entry: "AssistantEntry") -> Iterator["FlowEdge"]:
    for edge in entry.flow.edges if entry.flow else ():
        if edge.is_handoff and edge.target is not None:
            yield edge


@rule("FL501", "unknown-handoff-target", "warning", FLOW, confirmed_severity="error", reads_every_assistant=True,
      example=_envelope(_assistant("front-desk", "Front desk", _handoff_flow("to_people", "human-agents"))),
      fixed=_envelope(_assistant("front-desk", "Front desk", _handoff_flow("to_people", "human-agent")),
                      _assistant("human-agent", "Human agent", _plain_flow())),
      options="`--assistants FILE` (a `GET /ai/assistants` export): ids found there count as known, "
              "and a target found neither in the input nor there is an error instead of a warning.")
def unknown_handoff_target(ctx: AssistantContext) -> Iterator[Finding]:
    """A hand-off to an assistant id found neither in the input nor in the assistant
    inventory; the closest known id is suggested.

    What it does: checks the `assistant_id` of every hand-off edge against the ids of all
    assistants of the run (every file read) and, with `--assistants`, the account's
    assistants. Without an inventory the target may simply live elsewhere in the account,
    so the finding is a warning that says it could not be verified; with an inventory it
    is proven and becomes an error.

    Why it matters: the API does not check hand-off targets on write. A hand-off to an
    assistant that does not exist (a typo, an id from another account, an assistant that
    was deleted or re-imported under a new id) fails at the moment the caller asked for
    it. On Retell and ElevenLabs flows the targets are the provider's agent ids (`agent_swap`,
    `standalone_agent`), checked against the agents of the run.
    """
    workspace = ctx.workspace
    known = workspace.known_assistant_ids
    with_inventory = workspace.assistant_inventory is not None
    for edge in _handoffs(ctx.entry):
        if edge.target in known:
            continue
        hint = workspace.assistant_suggester.did_you_mean(edge.target)  # type: ignore[arg-type]
        if ctx.flow.format.is_provider:  # an agent id of the provider: no Telnyx inventory has it
            if ctx.entry.id is not None and hint.endswith(f'"{ctx.entry.id}"?'):
                hint = ""  # its own id is no suggestion: a swap to itself is FL502
            message = (f'{edge_name(edge)} hands off to agent "{edge.target}", which is not in the '
                       "input (lint that agent's export in the same run to check it)")
        elif with_inventory:
            message = (f'edge "{edge.id}" hands off to assistant "{edge.target}", which is neither '
                       "in the input nor in the assistant inventory")
        else:
            message = (f'edge "{edge.id}" hands off to assistant "{edge.target}", which is not in '
                       "the input (pass --assistants to verify it exists)")
        finding = ctx.edge_finding(edge, message + hint, "target", "assistant_id")
        yield Finding(finding.message, finding.pointer, finding.assistant_id, finding.node_id,
                      finding.edge_id, finding.key, finding.document,
                      confirmed=with_inventory and not ctx.flow.format.is_provider)


@rule("FL502", "self-handoff", "error", FLOW,
      example=_envelope(_assistant("front-desk", "Front desk", _handoff_flow("to_people", "front-desk"))),
      fixed=_envelope(_assistant("front-desk", "Front desk", _handoff_flow("to_people", "human-agent")),
                      _assistant("human-agent", "Human agent", _plain_flow())))
def self_handoff(ctx: AssistantContext) -> Iterator[Finding]:
    """An assistant hands off to itself.

    What it does: reports hand-off edges whose `assistant_id` is the id of the assistant
    the flow belongs to.

    Why it matters: a hand-off restarts the target at its own start node; handing off to
    yourself throws away where the conversation was and starts over, usually in a loop.
    Use a node edge to the step you meant.
    """
    own = ctx.entry.id
    if own is None:
        return
    for edge in _handoffs(ctx.entry):
        if edge.target == own:
            yield ctx.edge_finding(edge, f'{edge_name(edge)} hands off to its own assistant',
                                   "target", "assistant_id")


def _has_cycle(adjacency: dict[str, list[tuple[str, "AssistantEntry", "FlowEdge"]]]) -> bool:
    """Whether the hand-offs close any loop. The standard library's topological sort tells
    at a fraction of the cost of importing networkx (0.15-0.2 s), with which the loops are
    then found: most accounts hand off without one."""
    from graphlib import CycleError, TopologicalSorter

    try:
        TopologicalSorter({source: [target for target, _, _ in out]
                           for source, out in adjacency.items()}).prepare()
    except CycleError:
        return True
    return False


@rule("FL503", "handoff-cycle", "info", RUN,
      example=_envelope(_assistant("front-desk", "Front desk", _handoff_flow("to_billing", "billing")),
                        _assistant("billing", "Billing", _handoff_flow("to_front_desk", "front-desk"))),
      fixed=_envelope(_assistant("front-desk", "Front desk", _handoff_flow("to_billing", "billing")),
                      _assistant("billing", "Billing", _plain_flow())))
def handoff_cycle(ctx: RunContext) -> Iterator[Finding]:
    """A cycle in the graph of hand-offs between assistants; the message gives its path.

    What it does: builds the graph of flow hand-offs between the assistants of the run
    (every file read) and reports each group of assistants that can hand the caller round
    in a loop (each strongly connected component of two or more assistants) once, with one
    shortest cycle through its first assistant, as `A -> B -> A`. "Each cycle once" means
    one finding per such group, not one per possible loop inside it (their number can grow
    exponentially). The finding sits on the first hand-off edge of that path. An assistant
    handing off to itself is FL502's.

    Why it matters: often intentional (a specialist hands back to the front desk), but
    each hand-off restarts the target at its start node, so a loop can make the caller
    repeat themselves, or bounce between assistants that each think the other should help.
    """
    workspace = ctx.workspace
    ids = workspace.assistant_ids
    # Only hand-offs between assistants of the input can close a loop; cheap precheck
    # before any graph is built.
    adjacency: dict[str, list[tuple[str, "AssistantEntry", "FlowEdge"]]] = {}
    order: dict[str, int] = {}
    for entry in workspace.assistants:
        if entry.id is None:
            continue
        order.setdefault(entry.id, len(order))
        for edge in _handoffs(entry):
            if edge.target in ids and edge.target != entry.id:
                adjacency.setdefault(entry.id, []).append((edge.target, entry, edge))  # type: ignore[arg-type]
    if len(adjacency) < 2 or not _has_cycle(adjacency):
        return
    import networkx as nx

    graph = nx.DiGraph()
    graph.add_edges_from((source, target) for source, out in adjacency.items() for target, _, _ in out)
    components = [sorted(c, key=order.__getitem__)
                  for c in nx.strongly_connected_components(graph) if len(c) > 1]
    for members in sorted(components, key=lambda c: order[c[0]]):
        path, (entry, edge) = _shortest_cycle(members, adjacency)
        message = f"assistants hand the caller round in a loop: {path_text(path)}"
        rest = [m for m in members if m not in path]
        if rest:
            message += f" ({id_list(rest)} can join the loop too)"
        context = AssistantContext(entry, workspace)
        finding = context.edge_finding(edge, message, "target", "assistant_id")
        yield Finding(finding.message, finding.pointer, finding.assistant_id, finding.node_id,
                      finding.edge_id, "cycle:" + ",".join(sorted(members)), finding.document)


def _shortest_cycle(members: list[str], adjacency: dict) -> tuple[list[str], tuple]:
    """A shortest cycle from the first member back to itself, inside its component, and
    the (entry, edge) of its first hand-off. Breadth-first: linear in the component."""
    inside = set(members)
    start = members[0]
    parent: dict[str, tuple[str, object, object]] = {}
    queue = deque([start])
    while queue:
        current = queue.popleft()
        for target, entry, edge in adjacency.get(current, ()):
            if target == start:
                path = [current]
                while path[-1] != start:
                    path.append(parent[path[-1]][0])
                path = [*reversed(path), start]
                _, first_entry, first_edge = parent[path[1]]
                return path, (first_entry, first_edge)
            if target in inside and target not in parent:
                parent[target] = (current, entry, edge)
                queue.append(target)
    raise ValueError("not a strongly connected component")  # pragma: no cover


@rule("FL504", "legacy-handoff-tool", "warning", ASSISTANT,
      example=_assistant("front-desk", "Front desk", _plain_flow(),
                         _HANGUP + ', {"type": "handoff", "handoff": {"ai_assistants": [{"id": '
                         '"billing", "name": "Billing"}]}}'),
      fixed=_envelope(_assistant("front-desk", "Front desk", _handoff_flow("to_billing", "billing")),
                      _assistant("billing", "Billing", _plain_flow())))
def legacy_handoff_tool(ctx: AssistantContext) -> Iterator[Finding]:
    """An assistant has both a `handoff` tool and a `conversation_flow`.

    What it does: reports every `handoff` tool of an assistant that also has a
    conversation flow.

    Why it matters: an assistant that still has a legacy `handoff` tool is shown in the
    Portal with the legacy hand-off graph instead of the workflow editor, so the flow can
    no longer be edited there, and two hand-off mechanisms compete. Move the hand-offs into
    the flow as edges with an `assistant` target and remove the tool.
    """
    if ctx.entry.flow is None:
        return
    for index, _tool, kind in ctx.raw_tools():
        if kind == "handoff":
            yield ctx.assistant_finding("assistant has a legacy handoff tool and a conversation_flow; "
                                        "use hand-off edges in the flow instead", "tools", index,
                                        key=f"tools/{index}")


@rule("FL505", "implicit-voice-mode", "info", FLOW,
      example=_envelope(_assistant("front-desk", "Front desk", _handoff_flow("to_people", "human-agent", None)),
                        _assistant("human-agent", "Human agent", _plain_flow())),
      fixed=_envelope(_assistant("front-desk", "Front desk", _handoff_flow("to_people", "human-agent", "unified")),
                      _assistant("human-agent", "Human agent", _plain_flow())))
def implicit_voice_mode(ctx: AssistantContext) -> Iterator[Finding]:
    """A hand-off without `voice_mode` (it defaults to `unified`).

    What it does: reports hand-off edges whose target has no `voice_mode`.

    Why it matters: with `unified` (the default) the caller keeps hearing the current
    voice after the hand-off; with `distinct` the target speaks with its own voice. Callers
    handed to "a colleague" often expect a different voice; say which one you mean.
    """
    for edge in _handoffs(ctx.entry):
        if edge.model is not None and getattr(edge.model.target, "voice_mode", None) is None:
            yield ctx.edge_finding(edge, f'hand-off edge "{edge.id}" has no voice_mode; the target '
                                   "keeps the current voice (unified)", "target")
