"""The rule registry: an explicit tuple, in code order."""
from __future__ import annotations

from . import (configuration, constant_expressions, default_edges, expression_edges, gate, handoffs, identity, input,
               llm_edges, provider_elevenlabs, provider_retell, provider_vapi, security, start,
               tool_node_edges, topology, variables)
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
    llm_edges.empty_condition_prompt,
    llm_edges.duplicate_condition,
    llm_edges.duplicate_edge,
    default_edges.default_on_prompt_node,
    default_edges.missing_default_edge,
    default_edges.multiple_default_edges,
    expression_edges.invalid_expression,
    expression_edges.status_code_type,
    tool_node_edges.hangup_node_has_edges,
    tool_node_edges.transfer_node_edges,
    constant_expressions.constant_expression,
    constant_expressions.shadowed_edge,
    handoffs.unknown_handoff_target,
    handoffs.self_handoff,
    handoffs.handoff_cycle,
    handoffs.legacy_handoff_tool,
    handoffs.implicit_voice_mode,
    configuration.implicit_instructions_replace,
    configuration.implicit_tools_replace,
    configuration.unknown_shared_tool,
    configuration.empty_instructions,
    configuration.model_with_external_llm,
    configuration.duplicate_single_instance_tool,
    configuration.partial_llm_bundle,
    security.plaintext_secret,
    security.insecure_webhook_url,
    variables.undefined_variable,
    variables.unused_dynamic_variable,
    provider_retell.retell_missing_else_edge,
    provider_retell.retell_transfer_without_fallback,
    provider_retell.retell_unknown_equation_operator,
    provider_retell.retell_self_loop,
    provider_retell.retell_empty_global_condition,
    provider_elevenlabs.elevenlabs_duplicate_edge,
    provider_elevenlabs.elevenlabs_edge_from_end_node,
    provider_elevenlabs.elevenlabs_standalone_agent_without_target,
    provider_elevenlabs.elevenlabs_empty_expression,
    provider_elevenlabs.elevenlabs_multiple_unconditional_edges,
    provider_vapi.vapi_start_node_count,
    provider_vapi.vapi_no_end_call_node,
    provider_vapi.vapi_workflows_retired,
)

RULES_BY_CODE: dict[str, Rule] = {r.code: r for r in ALL_RULES}
RULES_BY_NAME: dict[str, Rule] = {r.name: r for r in ALL_RULES}


def find_rule(code_or_name: str) -> Rule | None:
    key = code_or_name.strip()
    return RULES_BY_CODE.get(key.upper()) or RULES_BY_NAME.get(key.lower())
