"""Which format a parsed document is in, from its structure alone.

A document is a provider's only with evidence of that provider's format, and never when it
looks like a Telnyx shape (an envelope, an assistant, a flow whose nodes have
``instructions`` or whose edges have ``start_node_id``): those stay Telnyx's, with their own
findings. Documents that are flows of no format flowlint reads get a description for their
FL004 finding instead.
"""
from __future__ import annotations

from typing import Any

AUTO, TELNYX = "auto", "telnyx"
RETELL, ELEVENLABS, VAPI = "retell", "elevenlabs", "vapi"
PROVIDERS = (RETELL, ELEVENLABS, VAPI)
NOT_A_FLOW = "not-a-flow"  # recognised as something else: FL004 says what

# Node types only Retell has (Vapi also has "conversation" and "tool", Telnyx "tool").
RETELL_ONLY_TYPES = frozenset({
    "subagent", "end", "function", "code", "transfer_call", "press_digit", "branch", "sms",
    "extract_dynamic_variables", "agent_swap", "mcp", "component", "bridge_transfer",
    "cancel_transfer"})
RETELL_EDGE_FIELDS = ("edges", "else_edge", "always_edge", "skip_response_edge", "edge",
                      "success_edge", "failed_edge")
ELEVENLABS_TYPES = frozenset({"start", "override_agent", "tool", "standalone_agent",
                              "phone_number", "end", "say", "update_state"})
_RETELL_FLOW_KEYS = ("conversation_flow_id", "global_prompt", "start_speaker", "model_choice",
                     "begin_tag_display_position", "is_transfer_cf")


def detect(value: Any, provider: str = AUTO) -> str | None:
    """``retell``, ``elevenlabs``, ``vapi``, NOT_A_FLOW, or None for the Telnyx shapes."""
    if provider in PROVIDERS:
        return provider
    if provider == TELNYX or not isinstance(value, dict) or _telnyx_like(value):
        return None
    if describe(value):
        return NOT_A_FLOW
    if _elevenlabs(value):
        return ELEVENLABS
    if _retell(value):
        return RETELL
    return VAPI if _vapi(value) else None


def describe(value: Any) -> str | None:
    """What a document that is no flow flowlint reads looks like, for its FL004 finding."""
    if not isinstance(value, dict):
        return None
    if "nodes_to_add_to_flow" in value:
        return ('it looks like a fragment of a Retell conversation flow ("nodes_to_add_to_flow"): '
                "its nodes are meant to be pasted into a flow; check the agent export they end up in")
    nodes = value.get("nodes")
    if "initial_node" in value and isinstance(nodes, dict):
        return ('it looks like a Pipecat Flows configuration ("initial_node", nodes by name), '
                "a format flowlint does not read")
    if "entry_node" in value and "start_node_id" not in value and isinstance(nodes, list) and any(
            isinstance(n, dict) and ("next" in n or "branches" in n) for n in nodes):
        return ('it looks like a Telnyx Conversational Workflows blueprint ("entry_node", nodes '
                'linked by "next"), not the conversation_flow an assistant stores (start_node_id, '
                "nodes, edges)")
    return None


def _type(item: dict) -> str | None:
    kind = item.get("type")
    return kind if isinstance(kind, str) else None


def _dicts(items: Any) -> list[dict]:
    values = items.values() if isinstance(items, dict) else items if isinstance(items, list) else ()
    return [item for item in values if isinstance(item, dict)]


def _telnyx_like(value: dict) -> bool:
    if "data" in value or "conversation_flow" in value or "instructions" in value:
        return True
    nodes = value.get("nodes")
    if isinstance(nodes, list) and any(
            "instructions" in n or "shared_tool_id" in n or _type(n) in ("prompt", "speak")
            for n in _dicts(nodes)):
        return True
    edges = value.get("edges")
    return isinstance(edges, list) and any(
        "start_node_id" in e or isinstance(e.get("target"), dict) for e in _dicts(edges))


def _elevenlabs(value: dict) -> bool:
    config = value.get("conversation_config")
    if isinstance(value.get("workflow"), dict) or (
            isinstance(config, dict) and ("workflow" in config or "agent" in config)):
        return True
    nodes, edges = value.get("nodes"), value.get("edges")
    return (isinstance(nodes, dict) and any(_type(n) in ELEVENLABS_TYPES for n in _dicts(nodes))) or (
        isinstance(edges, dict) and any("source" in e or "forward_condition" in e for e in _dicts(edges)))


def _retell(value: dict) -> bool:
    engine = value.get("response_engine")
    if "conversationFlow" in value or (isinstance(engine, dict) and "type" in engine):
        return True
    if isinstance(value.get("states"), list) or "starting_state" in value or "llm_id" in value:
        return True  # a Retell LLM (multi-prompt states, or a single prompt)
    if not isinstance(value.get("nodes"), list) or isinstance(value.get("edges"), list):
        return False  # Retell edges live inside the nodes
    if any(key in value for key in _RETELL_FLOW_KEYS):
        return True
    return any(isinstance(n.get("instruction"), dict) or _type(n) in RETELL_ONLY_TYPES
               or any(field in n for field in RETELL_EDGE_FIELDS) for n in _dicts(value["nodes"]))


def _vapi(value: dict) -> bool:
    if not isinstance(value.get("nodes"), list):
        return False
    if "globalPrompt" in value or any("from" in e and "to" in e for e in _dicts(value.get("edges"))):
        return True
    return any("isStart" in n or ("name" in n and "id" not in n) for n in _dicts(value["nodes"]))
