"""FL6xx: how nodes are configured, and the tools they name."""
from __future__ import annotations

from typing import Any, Iterator

from ..diagnostics import Finding
from ..models import REPEATABLE_TOOL_TYPES, TOOL_TYPES, PromptNode, SpeakNode, ToolNode
from ..suggest import did_you_mean
from .base import ASSISTANT, FLOW, AssistantContext, rule

_ASSISTANT = ('"id": "a-1", "name": "Support", "model": "openai/gpt-4o", '
              '"instructions": "You are a support agent.", "created_at": "2025-01-01T00:00:00Z"')


def _flow(nodes: str) -> str:
    return f'{{"start_node_id": "{_first_id(nodes)}", "nodes": [{nodes}], "edges": []}}'


def _first_id(nodes: str) -> str:
    return nodes.split('"id": "', 1)[1].split('"', 1)[0]


@rule("FL601", "implicit-instructions-replace", "warning", FLOW,
      example=_flow('{"id": "billing", "instructions": "Focus on billing questions."}'),
      fixed=_flow('{"id": "billing", "instructions": "Focus on billing questions.", '
                  '"instructions_mode": "append"}'))
def implicit_instructions_replace(ctx: AssistantContext) -> Iterator[Finding]:
    """A prompt node without `instructions_mode`: its instructions replace the assistant's
    base instructions.

    What it does: reports prompt nodes that do not set `instructions_mode`. Set `append`
    to add the node's instructions to the assistant's, or `replace` to say that dropping
    them is intended.

    Why it matters: `instructions_mode` defaults to `replace`. While the node is active
    the assistant's base instructions (persona, tone, safety and compliance wording) are
    dropped, which is rarely what a migrated flow meant: it is the most common migration
    mistake, and the API accepts it silently.
    """
    for node in ctx.flow.nodes:
        model = node.model
        if isinstance(model, PromptNode) and model.instructions_mode is None:
            yield ctx.node_finding(node, f'prompt node "{node.id}" has no instructions_mode: its '
                                   "instructions replace the assistant's base instructions (set "
                                   '"append" to keep them, or "replace" to say so)')


@rule("FL602", "implicit-tools-replace", "info", FLOW,
      example=_flow('{"id": "billing", "instructions": "Look up the invoice.", "instructions_mode": '
                    '"append", "shared_tool_ids": ["tool-billing-lookup"]}'),
      fixed=_flow('{"id": "billing", "instructions": "Look up the invoice.", "instructions_mode": '
                  '"append", "shared_tool_ids": ["tool-billing-lookup"], "tools_mode": "append"}'))
def implicit_tools_replace(ctx: AssistantContext) -> Iterator[Finding]:
    """A prompt node with `shared_tool_ids` but no `tools_mode`: assistant-level tools are
    not callable there.

    What it does: reports prompt nodes that set `shared_tool_ids` (even an empty list) but
    not `tools_mode`.

    Why it matters: `tools_mode` defaults to `replace`: with `shared_tool_ids` set, only
    those tools are callable at the node, and the assistant's own tools (hangup, transfer,
    the webhooks from the import) are not. Often intended, but easy to miss: a caller at
    that node cannot be transferred or hung up on.
    """
    for node in ctx.flow.nodes:
        model = node.model
        if isinstance(model, PromptNode) and model.shared_tool_ids is not None and model.tools_mode is None:
            yield ctx.node_finding(node, f'prompt node "{node.id}" sets shared_tool_ids without '
                                   "tools_mode: only those tools are callable there, not the "
                                   'assistant\'s own (set "append" to keep them, or "replace" to say so)',
                                   "shared_tool_ids")


def _unresolved(resolved: Any, count: int) -> list[bool] | None:
    """Per shared id, whether the response's resolved definitions for it are empty; None
    when the resolved field is absent or does not line up with the ids."""
    if not isinstance(resolved, list) or len(resolved) != count:
        return None
    return [item == [] for item in resolved]


@rule("FL603", "unknown-shared-tool", "error", FLOW,
      example=_flow('{"id": "billing", "instructions": "Look up the invoice.", "instructions_mode": '
                    '"append", "shared_tool_ids": ["tool-biling-lookup"], "tools_mode": "append", '
                    '"tools": [[]]}'),
      fixed=_flow('{"id": "billing", "instructions": "Look up the invoice.", "instructions_mode": '
                  '"append", "shared_tool_ids": ["tool-billing-lookup"], "tools_mode": "append", '
                  '"tools": [[{"type": "webhook"}]]}'),
      options="`--tools FILE` (a `GET /ai/tools` export): every shared tool id is checked against "
              "it. Without it, only ids whose resolved definition in an API response is empty "
              "are reported.")
def unknown_shared_tool(ctx: AssistantContext) -> Iterator[Finding]:
    """A `shared_tool_ids` entry or `shared_tool_id` that names no tool of the Tools Library.

    What it does: with `--tools`, checks every `shared_tool_ids` entry of prompt nodes and
    the `shared_tool_id` of tool nodes against the tools inventory and suggests the
    closest id. Without an inventory it only uses what an API response proves: a node
    whose resolved `tools` (one list per shared id) or `tool` field is present but empty
    for an id. Otherwise silent: an import response alone cannot prove a tool is missing.

    Why it matters: shared tool ids name tools of the organisation's Tools Library, not
    the assistant's own tools, and the API does not check them on write. A node naming a
    tool that does not exist runs without it: a tool node does nothing, and a prompt node
    cannot make the call it was built for.
    """
    inventory = ctx.flow.resolver.inventory
    for node in ctx.flow.nodes:
        model = node.model
        if isinstance(model, PromptNode) and model.shared_tool_ids is not None:
            ids = model.shared_tool_ids
            empty = _unresolved(model.tools, len(ids))
            for index, tool_id in enumerate(ids):
                if inventory is not None and tool_id not in inventory:
                    yield _unknown(ctx, node, tool_id, inventory, "shared_tool_ids", index)
                elif inventory is None and empty is not None and empty[index]:
                    yield _unknown(ctx, node, tool_id, None, "shared_tool_ids", index)
        elif isinstance(model, ToolNode):
            if inventory is not None and model.shared_tool_id not in inventory:
                yield _unknown(ctx, node, model.shared_tool_id, inventory, "shared_tool_id")
            elif inventory is None and model.tool == []:
                yield _unknown(ctx, node, model.shared_tool_id, None, "shared_tool_id")


def _unknown(ctx: AssistantContext, node: Any, tool_id: str, inventory: Any, *tokens: object) -> Finding:
    if inventory is not None:
        message = f'node "{node.id}" names shared tool "{tool_id}", which is not in the tools inventory'
        message += did_you_mean(tool_id, inventory)
    else:
        message = f'node "{node.id}" names shared tool "{tool_id}", which the response resolved to no tool'
    return ctx.node_finding(node, message, *tokens)


@rule("FL604", "empty-instructions", "error", FLOW,
      example=_flow('{"id": "greet", "instructions": " ", "instructions_mode": "append"}'),
      fixed=_flow('{"id": "greet", "instructions": "Greet the caller by name.", '
                  '"instructions_mode": "append"}'))
def empty_instructions(ctx: AssistantContext) -> Iterator[Finding]:
    """A prompt node with blank instructions, or a speak node with a blank message.

    What it does: reports prompt nodes whose `instructions`, and speak nodes whose
    `message`, is empty or only whitespace.

    Why it matters: a prompt node's instructions are what the model does at that step
    (with the default `replace` mode, blank instructions leave it with none at all); a
    speak node with a blank message says nothing and moves on. The API accepts both.
    """
    for node in ctx.flow.nodes:
        model = node.model
        if isinstance(model, PromptNode) and not model.instructions.strip():
            yield ctx.node_finding(node, f'prompt node "{node.id}" has blank instructions', "instructions")
        elif isinstance(model, SpeakNode) and not model.message.strip():
            yield ctx.node_finding(node, f'speak node "{node.id}" has a blank message', "message")


@rule("FL605", "model-with-external-llm", "error", FLOW,
      example=_flow('{"id": "billing", "instructions": "Help with billing.", "instructions_mode": '
                    '"append", "model": "openai/gpt-4o", "external_llm": {"model": "my-model", '
                    '"base_url": "https://llm.example.com/v1"}}'),
      fixed=_flow('{"id": "billing", "instructions": "Help with billing.", "instructions_mode": '
                  '"append", "external_llm": {"model": "my-model", "base_url": '
                  '"https://llm.example.com/v1"}}'))
def model_with_external_llm(ctx: AssistantContext) -> Iterator[Finding]:
    """A node sets both `model` and `external_llm`.

    What it does: reports prompt nodes that set both fields of the LLM bundle that exclude
    each other.

    Why it matters: `model`, `llm_api_key_ref` and `external_llm` form one bundle in which
    `model` and `external_llm` are mutually exclusive; with both, which LLM answers at that
    node is undefined.
    """
    for node in ctx.flow.nodes:
        model = node.model
        if isinstance(model, PromptNode) and model.model is not None and model.external_llm is not None:
            yield ctx.node_finding(node, f'prompt node "{node.id}" sets both model and external_llm; '
                                   "keep one", "external_llm")


@rule("FL606", "duplicate-single-instance-tool", "error", ASSISTANT,
      example="{" + _ASSISTANT + ', "tools": [{"type": "hangup", "hangup": {}}, '
              '{"type": "hangup", "hangup": {"description": "End the call."}}]}',
      fixed="{" + _ASSISTANT + ', "tools": [{"type": "hangup", "hangup": {"description": '
            '"End the call."}}]}')
def duplicate_single_instance_tool(ctx: AssistantContext) -> Iterator[Finding]:
    """An assistant has two tools of a type that allows one (anything but function,
    webhook, client_side_tool).

    What it does: reports every tool of the assistant whose type an earlier tool already
    has, when that type may appear only once. Tools marked `shared: true` (shared tools
    the response merged in, not written with the assistant) and types this version does
    not know are left out.

    Why it matters: only `function`, `webhook` and `client_side_tool` may appear more than
    once per assistant; the API rejects a second tool of any other type (HTTP 400, error
    code 10015), so re-importing or updating this assistant fails.
    """
    first: dict[str, int] = {}
    for index, tool, kind in ctx.raw_tools():
        if kind in REPEATABLE_TOOL_TYPES or kind not in TOOL_TYPES or tool.get("shared") is True:
            continue
        if kind in first:
            yield ctx.assistant_finding(f'a second "{kind}" tool (the first is tools/{first[kind]}): '
                                        f"an assistant may have only one", "tools", index,
                                        key=f"tools/{index}")
        else:
            first[kind] = index


_BUNDLE_ASSISTANT = ('"id": "a-1", "name": "Support", "model": "openai/gpt-4o", '
                     '"llm_api_key_ref": "openai_key", "instructions": "You are a support agent.", '
                     '"created_at": "2025-01-01T00:00:00Z"')


def _set(value: Any) -> bool:
    return value is not None and value != "" and value != {}


@rule("FL607", "partial-llm-bundle", "info", FLOW,
      example="{" + _BUNDLE_ASSISTANT + ', "conversation_flow": ' + _flow(
          '{"id": "billing", "instructions": "Help with billing.", "instructions_mode": "append", '
          '"model": "anthropic/claude-sonnet-4"}') + "}",
      fixed="{" + _BUNDLE_ASSISTANT + ', "conversation_flow": ' + _flow(
          '{"id": "billing", "instructions": "Help with billing.", "instructions_mode": "append", '
          '"model": "anthropic/claude-sonnet-4", "llm_api_key_ref": "anthropic_key"}') + "}")
def partial_llm_bundle(ctx: AssistantContext) -> Iterator[Finding]:
    """A node sets part of the LLM bundle (`model`, `llm_api_key_ref`, `external_llm`) and so
    drops a member the assistant sets.

    What it does: for each prompt node that sets one or two of the three fields, names the
    assistant's members the node's turns no longer get: the assistant's `llm_api_key_ref`
    when the node sets `model` without its own key; the assistant's `model` and
    `external_llm` when the node sets only `llm_api_key_ref`. Two cases are left out on
    purpose: a node's `model` replacing the assistant's `external_llm` (or the reverse) is
    the point of setting it, the two exclude each other (FL605); and a node's `external_llm`
    carries its own `llm_api_key_ref`, so the assistant's key is not needed there (the SDK:
    the assistant's `llm_api_key_ref` is "only needed when using third-party inference
    providers selected by `model`"). Bare flows are not checked: their assistant is not in
    the input.

    Why it matters: the SDK documents the bundle: "when any of the three is set on the node,
    all three are taken from the node and the assistant-level LLM identity is not
    consulted". A node that sets `model` for a third-party provider but not the key runs
    that model without the assistant's credentials, so its turns fail or fall back; a node
    that sets only a key runs the platform's default model. The seed import response does
    this on `n_billing`: it sets `model` while the assistant sets `llm_api_key_ref` (and
    `external_llm`), so the node runs its model without the assistant's key: info, because
    a Telnyx-hosted model needs no key and the drop may be intended.
    """
    raw = ctx.raw
    if ctx.entry.document.shape == "flow" or not isinstance(raw, dict):
        return
    assistant = {f: _set(raw.get(f)) for f in ("model", "llm_api_key_ref", "external_llm")}
    for node in ctx.flow.nodes:
        model = node.model
        if not isinstance(model, PromptNode) or (
                model.model is None and model.llm_api_key_ref is None and model.external_llm is None):
            continue  # most nodes: none of the bundle, the assistant's cascades unchanged
        sets = {"model": _set(model.model), "llm_api_key_ref": _set(model.llm_api_key_ref),
                "external_llm": _set(model.external_llm)}
        if sets["external_llm"] or not any(sets.values()):
            continue  # its own endpoint and key, or nothing of the bundle (FL605: both LLMs)
        if sets["model"]:
            dropped = ["llm_api_key_ref"] if assistant["llm_api_key_ref"] and not sets["llm_api_key_ref"] else []
            effect = "its turns run the node's model without the assistant's llm_api_key_ref"
        else:
            dropped = [f for f in ("model", "external_llm") if assistant[f]]
            effect = (f"its turns do not use the assistant's {' or '.join(dropped)}: the "
                      "platform's default model answers there")
        if dropped:
            own = " and ".join(f for f, on in sets.items() if on)
            yield ctx.node_finding(node, f'prompt node "{node.id}" sets {own} but not '
                                   f"{' or '.join(f for f in ('model', 'llm_api_key_ref') if not sets[f])}: "
                                   "a node that sets any of model, llm_api_key_ref, external_llm takes "
                                   f"all three from itself, so {effect}", next(f for f, on in sets.items() if on))
