"""Builders for the documented examples of the FL4xx rules: small flow documents as JSON text.

Each rule's ``example`` and ``fixed`` are flows built from these, so the examples stay short
and tests/test_rule_examples.py can lint them as they are.
"""
from __future__ import annotations

STATUS_CODE = "telnyx_last_tool_status_code"


def flow(nodes: str, edges: str, start: str = "ask") -> str:
    return f'{{"start_node_id": "{start}", "nodes": [{nodes}], "edges": [{edges}]}}'


def prompt(node_id: str, text: str = "Ask what the caller needs.") -> str:
    return f'{{"id": "{node_id}", "instructions": "{text}", "instructions_mode": "append"}}'


def tool(node_id: str, tool_id: str, resolved_type: str | None = None) -> str:
    resolved = f', "tool": [{{"type": "{resolved_type}"}}]' if resolved_type else ""
    return f'{{"id": "{node_id}", "type": "tool", "shared_tool_id": "{tool_id}"{resolved}}}'


def speak(node_id: str, text: str = "One moment please.") -> str:
    return f'{{"id": "{node_id}", "type": "speak", "message": "{text}"}}'


def edge(edge_id: str, source: str, target: str, condition: str) -> str:
    return (f'{{"id": "{edge_id}", "start_node_id": "{source}", "condition": {condition}, '
            f'"target": {{"type": "node", "node_id": "{target}"}}}}')


def llm(prompt: str) -> str:
    return f'{{"type": "llm", "prompt": "{prompt}"}}'


DEFAULT = '{"type": "default"}'


def status_cmp(literal: str) -> str:
    return ('{"type": "comparison", "op": "==", '
            f'"left": {{"type": "variable", "name": "{STATUS_CODE}"}}, "right": {literal}}}')


def status(literal: str) -> str:
    return f'{{"type": "expression", "expression": {status_cmp(literal)}}}'


STR_200 = '{"type": "string_literal", "value": "200"}'
NUM_200 = '{"type": "number_literal", "value": 200}'
