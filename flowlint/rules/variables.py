"""FL8xx: dynamic variables, read by placeholders and expressions, defined by the assistant.

What counts as a placeholder and as a definition is in ``flowlint.dynamic_variables``.
Bare flows are skipped: the assistant that would define their variables is not in the input.
"""
from __future__ import annotations

import weakref
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Callable, Iterator, NamedTuple

from .. import dynamic_variables as dv
from .. import expressions
from ..condition_text import clean_text
from ..diagnostics import Finding
from ..models import ExpressionCondition, LlmCondition, PromptNode, SpeakNode, ToolNode
from .base import ASSISTANT, AssistantContext, id_list, rule

if TYPE_CHECKING:
    from ..graph import FlowGraph

NAME_CHARS = 64  # a variable name in a message (expression names are free text)

_ASSISTANT = ('"id": "a-1", "name": "Support", "model": "openai/gpt-4o", '
              '"created_at": "2025-01-01T00:00:00Z"')
_GREETING = "Hello {{ customer_name }}, how can I help?"


def _example(variables: str, greeting: str = _GREETING) -> str:
    return ("{" + _ASSISTANT + ', "instructions": "You are a support agent.", '
            f'"greeting": "{greeting}"{variables}}}')


# --------------------------------------------------------------------- definitions

def _shared_tools(flow: "FlowGraph | None", inventory: Any) -> tuple[list[Any], list[str]]:
    """The resolved definitions of the shared tools a flow names, and the ids of those whose
    definition is not in the input and whose type (if an inventory tells it) may define
    variables."""
    resolved: list[Any] = []
    unseen: list[str] = []
    for node in flow.nodes if flow is not None else ():
        model = node.model
        if isinstance(model, PromptNode) and model.shared_tool_ids:
            ids, found = model.shared_tool_ids, model.tools
            aligned = isinstance(found, list) and len(found) == len(ids)
            pairs = [(i, found[n] if aligned else None) for n, i in enumerate(ids)]  # type: ignore[index]
        elif isinstance(model, ToolNode):
            pairs = [(model.shared_tool_id, model.tool)]
        else:
            continue
        for tool_id, definitions in pairs:
            if isinstance(definitions, list) and definitions:
                resolved.extend(definitions)
            elif inventory is None or inventory.get(tool_id) in dv.DEFINING_TOOL_TYPES:
                unseen.append(tool_id)
    return resolved, unseen


def _definitions(ctx: AssistantContext) -> dv.Definitions:
    raw = ctx.raw
    inventory = ctx.workspace.tool_inventory
    resolved, unseen = _shared_tools(ctx.entry.flow, inventory)
    tool_ids = raw.get("tool_ids")  # shared tools attached to the assistant itself
    for tool_id in tool_ids if isinstance(tool_ids, list) else ():
        if isinstance(tool_id, str) and (inventory is None or inventory.get(tool_id) in dv.DEFINING_TOOL_TYPES):
            unseen.append(tool_id)
    return dv.definitions(raw, resolved, unseen)


def _is_assistant(ctx: AssistantContext) -> bool:
    return ctx.entry.document.shape != "flow" and isinstance(ctx.raw, dict)


# ----------------------------------------------------------------------- reads

def _name(name: str) -> str:
    text = clean_text(name)
    return text if len(text) <= NAME_CHARS else text[:NAME_CHARS - 3] + "..."


SPOKEN = "it is spoken as written or empty"
READ_BY_MODEL = "the model sees it as written or empty"
COMPARED = "it compares with null"


class Read(NamedTuple):
    """One variable read by one text or expression, and how to report it."""

    name: str
    where: str  # '{{x}} in prompt node "ask" instructions'
    effect: str  # what happens at run time when the variable has no value
    report: Callable[[str], Finding]


# FL801 and FL802 run one after the other on each assistant and both need its read names:
# the last assistant's are kept for the second, as one tuple replaced whole (threads never see
# half of it) holding a weak reference (never another assistant's, never keeping it alive).
_last_reads: tuple[Callable[[], Any], frozenset[str]] = (lambda: None, frozenset())


def _read_names(ctx: AssistantContext) -> frozenset[str]:
    """The names every read of ``_reads`` names, without building a finding maker for each:
    most assistants define all they read, and this is all they cost."""
    global _last_reads
    owner, names = _last_reads
    if owner() is not ctx.entry:
        names = frozenset(_collect_read_names(ctx))
        _last_reads = (weakref.ref(ctx.entry), names)
    return names


def _collect_read_names(ctx: AssistantContext) -> set[str]:
    raw = ctx.raw
    names: set[str] = set()
    for field in ("instructions", "greeting"):
        names.update(dv.placeholders(raw.get(field)))
    flow = ctx.entry.flow
    if flow is None:
        return names
    for node in flow.nodes:
        model = node.model
        text = model.instructions if isinstance(model, PromptNode) else (
            model.message if isinstance(model, (SpeakNode, ToolNode)) else None)
        if text and "{{" in text:
            names.update(dv.placeholders(text))
    for walked in flow.expression_walks.values():
        names.update(_variable_names(walked))
    for edge in flow.edges:
        condition = edge.model.condition if edge.model else None
        if isinstance(condition, LlmCondition) and "{{" in condition.prompt:
            names.update(dv.placeholders(condition.prompt))
    return names


def _variable_names(walked: list[tuple[expressions.Path, dict]]) -> Iterator[str]:
    for _path, item in walked:
        if item.get("type") == "variable":
            name = item.get("name")
            if isinstance(name, str) and name:
                yield name


def _reporter(make: Callable[..., Finding], subject: tuple, tokens: tuple,
              key: str) -> Callable[[str], Finding]:
    """A finding maker for one read: its subject, pointer tokens and key fixed, the message not."""
    return lambda message: make(*subject, message, *tokens, key=key)


def _reads(ctx: AssistantContext) -> Iterator[Read]:
    """Every read FL801 checks, in document order."""
    raw = ctx.raw
    for field in ("instructions", "greeting"):
        for name in dv.placeholders(raw.get(field)):
            yield Read(name, f"{{{{{name}}}}} in the assistant's {field}",
                       SPOKEN if field == "greeting" else READ_BY_MODEL,
                       _reporter(ctx.assistant_finding, (), (field,), key=f"{field}:{name}"))
    flow = ctx.entry.flow
    if flow is None:
        return
    for node in flow.nodes:
        model = node.model
        if isinstance(model, PromptNode):
            field, text = "instructions", model.instructions
        elif isinstance(model, (SpeakNode, ToolNode)):
            field, text = "message", model.message
        else:
            continue
        for name in dv.placeholders(text):
            yield Read(name, f'{{{{{name}}}}} in {node.type} node "{node.id}" {field}',
                       READ_BY_MODEL if field == "instructions" else SPOKEN,
                       _reporter(ctx.node_finding, (node,), (field,), key=f"{field}:{name}"))
    for edge in flow.edges:
        condition = edge.model.condition if edge.model else None
        if isinstance(condition, LlmCondition):
            for name in dv.placeholders(condition.prompt):
                yield Read(name, f'{{{{{name}}}}} in the llm prompt of edge "{edge.id}"', READ_BY_MODEL,
                           _reporter(ctx.edge_finding, (edge,), ("condition", "prompt"),
                                   key=f"prompt:{name}"))
        elif isinstance(condition, ExpressionCondition):
            for path, item in flow.expression_walks[id(edge)]:
                name = item.get("name")
                if item.get("type") == "variable" and isinstance(name, str) and name:
                    where = "expression/" + "/".join(map(str, path))
                    yield Read(name, f'variable "{_name(name)}" in the expression of edge "{edge.id}"',
                               COMPARED,
                               _reporter(ctx.edge_finding, (edge,), ("condition", "expression", *path),
                                       key=f"{where}:{name}"))


# ----------------------------------------------------------------------- rules

@rule("FL801", "undefined-variable", "warning", ASSISTANT,
      doubtful=("info", "when a dynamic variables webhook or a shared tool may supply it"),
      example=_example(', "dynamic_variables": {"customer_id": ""}'),
      fixed=_example(', "dynamic_variables": {"customer_name": "there"}'),
      options="`--tools FILE` (a `GET /ai/tools` export) tells which shared tools are not "
              "webhook or update_dynamic_variables tools, so cannot store variables.")
def undefined_variable(ctx: AssistantContext) -> Iterator[Finding]:
    """An expression variable or a `{{name}}` placeholder that nothing of the assistant defines.

    What it does: reads the `{{name}}` placeholders of the assistant's `instructions` and
    `greeting`, of every prompt node's `instructions`, of every speak and tool node's
    `message` and of every llm condition's `prompt`, and the `variable` names of every
    expression. A placeholder is exactly `\\{\\{\\s*([A-Za-z0-9._-]+)\\s*\\}\\}` (the characters
    the SDK allows in a variable name, spaces allowed inside the braces); other text in braces
    is not read. Each name is reported unless it is defined: a system variable (any name
    starting `telnyx_`, the prefix the platform reserves for them, such as
    `telnyx_conversation_channel` or `telnyx_end_user_target`); a key of the assistant's
    `dynamic_variables`; a `store_fields_as_variables[].name` of one of its webhook tools; an
    `updatable_variables[].name` of an `update_dynamic_variables` tool (the assistant's own
    tools, and shared tools whose definition the API response resolves on the node). When the
    assistant sets `dynamic_variables_webhook_url`, or names shared tools whose definition is
    not in the input (webhook or update_dynamic_variables ones, or any when no `--tools`
    inventory says their type), the value may come from there: the finding is info and the
    message says where. Bare flows are not checked: their assistant is not in the input.

    Why it matters: a variable with no value is null in an expression, so a comparison on it
    silently takes the other branch; a placeholder without a value is spoken literally or as
    nothing ("Hello , how can I help?"). Values passed when a call starts (an outbound call's
    `dynamic_variables`, SIP headers) are not visible in the file: give each such variable a
    default in `dynamic_variables`, which also documents it.
    """
    if not _is_assistant(ctx):
        return
    declared = dv.declared(ctx.raw)
    undefined = {n for n in _read_names(ctx) if not dv.is_system(n) and n not in declared}
    if not undefined:
        return
    defined = _definitions(ctx)  # tools and webhook: only for assistants that still miss one
    undefined = {n for n in undefined if not defined.defines(n)}
    seen: set[tuple[str, str]] = set()
    for read in _reads(ctx) if undefined else ():
        if read.name not in undefined or (read.name, read.where) in seen:
            continue
        seen.add((read.name, read.where))
        sources = (["the dynamic variables webhook may supply it"] if defined.webhook else []) + (
            [f"shared tool {id_list(defined.unseen_tools)} may store it"] if defined.unseen_tools else [])
        message = (f"{read.where}: nothing defines this variable (no system variable, "
                   f"dynamic_variables key or tool-stored variable), so {read.effect}"
                   + (f"; {' and '.join(sources)}" if sources else ""))
        finding = read.report(message)
        yield replace(finding, doubtful=True) if sources else finding


@rule("FL802", "unused-dynamic-variable", "info", ASSISTANT,
      example=_example(', "dynamic_variables": {"customer_name": "there", "account_tier": "basic"}'),
      fixed=_example(', "dynamic_variables": {"customer_name": "there"}'))
def unused_dynamic_variable(ctx: AssistantContext) -> Iterator[Finding]:
    """A key of the assistant's `dynamic_variables` that nothing reads.

    What it does: collects every `{{name}}` placeholder (the pattern of FL801) in any string
    of the assistant (instructions, greeting, tools, settings, the flow's nodes and edges)
    and every expression `variable`, and reports each `dynamic_variables` key that none of
    them names.

    Why it matters: a default nobody reads is usually left over from a renamed placeholder
    (the template now says `{{customer}}`, the default still sets `customer_name`), so the
    text it was meant for gets no value. If the variable is only for a webhook or the call
    logs, this is safe to ignore. The SDK's own example request bodies
    (`assistant_create_with_all_params`) set `"dynamic_variables": {"foo": "bar"}` and read
    `foo` nowhere: this rule reports it, rightly, as info.
    """
    if not _is_assistant(ctx):
        return
    keys = dv.declared(ctx.raw)
    read = _read_names(ctx) if keys else frozenset()
    unread = [k for k in keys if k not in read]
    if unread:  # read elsewhere? the assistant's other fields, then the rest of its flow
        rest = {k: v for k, v in ctx.raw.items() if k != "conversation_flow"}
        elsewhere = dv.json_placeholders(rest)
        unread = [k for k in unread if k not in elsewhere]
    if unread:
        elsewhere = dv.json_placeholders(ctx.raw.get("conversation_flow"))
        unread = [k for k in unread if k not in elsewhere]
    for key in unread:
        yield ctx.assistant_finding(f'dynamic variable "{_name(key)}" has a default in '
                                    "dynamic_variables but nothing reads it: no placeholder "
                                    f"{{{{{_name(key)}}}}} and no expression uses it",
                                    "dynamic_variables", key, key=key)
