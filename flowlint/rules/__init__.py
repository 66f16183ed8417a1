"""The rule registry: an explicit tuple, in code order."""
from __future__ import annotations

from . import gate, identity, input, start, topology
from .base import Rule

ALL_RULES: tuple[Rule, ...] = (
    input.invalid_json,
    input.schema_violation,
    input.unknown_type,
    input.unrecognized_document,
    input.duplicate_json_key,
    gate.unused_suppression,
    gate.stale_baseline_entry,
    start.missing_start_node,
    start.unknown_start_node,
    start.empty_flow,
    identity.duplicate_node_id,
    identity.duplicate_edge_id,
    identity.unknown_edge_source,
    identity.unknown_edge_target,
    identity.unsafe_edge_id,
    identity.duplicate_assistant_id,
    topology.unreachable_node,
    topology.trap_cycle,
    topology.dead_end_node,
    topology.self_loop,
)

RULES_BY_CODE: dict[str, Rule] = {r.code: r for r in ALL_RULES}
RULES_BY_NAME: dict[str, Rule] = {r.name: r for r in ALL_RULES}


def find_rule(code_or_name: str) -> Rule | None:
    key = code_or_name.strip()
    return RULES_BY_CODE.get(key.upper()) or RULES_BY_NAME.get(key.lower())
