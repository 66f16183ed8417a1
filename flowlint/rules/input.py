"""FL0xx: problems with the input itself, found while reading and validating it."""
from __future__ import annotations

from typing import Iterator

from ..diagnostics import Finding
from .base import DOCUMENT, DocumentContext, rule


def _problems(ctx: DocumentContext, code: str) -> Iterator[Finding]:
    return (finding for c, finding in ctx.document.problems if c == code)


@rule("FL001", "invalid-json", "error", DOCUMENT,
      example='{"start_node_id": "greet", "nodes": [',
      fixed='{"start_node_id": "greet", "nodes": [{"id": "greet", "instructions": "Say hello.", "instructions_mode": "append"}]}')
def invalid_json(ctx: DocumentContext) -> Iterator[Finding]:
    """The file is not valid JSON (or not UTF-8, or nested beyond a safe depth).

    What it does: reports where the file stops being readable JSON: the line and column of
    the syntax error, of the first byte that is not UTF-8, or of the first bracket nested
    deeper than 512 levels. `NaN`, `Infinity` and integers longer than 4,000 digits are
    rejected too, since other JSON parsers reject them.

    Why it matters: nothing else in the file can be checked, and the Telnyx API would
    reject the same bytes. Other files of the run are still checked.
    """
    return _problems(ctx, "FL001")


@rule("FL002", "schema-violation", "error", DOCUMENT,
      example='{"start_node_id": "greet", "nodes": [{"id": "greet", "instructions_mode": "merge"}]}',
      fixed='{"start_node_id": "greet", "nodes": [{"id": "greet", "instructions": "Say hello.", '
            '"instructions_mode": "append"}]}')
def schema_violation(ctx: DocumentContext) -> Iterator[Finding]:
    """A required field is missing, or a value has the wrong type or an invalid enum value.

    What it does: validates assistants, flows, nodes, edges, conditions, targets and tools
    against the schema of the Telnyx API, and reports one finding per offending value with
    its pointer and the ids of the assistant, node and edge around it. Fields this version
    does not know are tolerated.

    Why it matters: the API rejects such a document on write, or a client that reads it
    with the official SDK fails. An element that fails validation still takes part in the
    graph checks as far as its ids can be read, so one run reports every problem.
    """
    return _problems(ctx, "FL002")


@rule("FL003", "unknown-type", "warning", DOCUMENT,
      example='{"start_node_id": "greet", "nodes": [{"id": "greet", "type": "dtmf_menu"}]}',
      fixed='{"start_node_id": "greet", "nodes": [{"id": "greet", "type": "speak", "message": "Hi!"}]}')
def unknown_type(ctx: DocumentContext) -> Iterator[Finding]:
    """A node, condition, target or tool `type` this version does not know.

    What it does: reports the unknown `type` value. The element is kept: a node with an
    unknown type is still a node of the graph, so edges to it resolve and reachability is
    still checked.

    Why it matters: either the input comes from a newer API than this flowlint (upgrade),
    or the type is misspelled and the platform will reject or ignore the element.
    """
    return _problems(ctx, "FL003")


@rule("FL004", "unrecognized-document", "error", DOCUMENT,
      example='"just a string"',
      fixed='{"data": []}')
def unrecognized_document(ctx: DocumentContext) -> Iterator[Finding]:
    """The file is none of the shapes flowlint reads (it may be an inventory or another file).

    What it does: accepts an import or list response `{"data": [...]}`, a list of
    assistants, one assistant (an object with `id` and `model` or `created_at`, or with
    `instructions`, `conversation_flow` or another field only Telnyx assistants have), a
    request body (an assistant without `id` and `created_at`), a bare `conversation_flow`
    (an object with `nodes` or `start_node_id`), or a provider's export. Anything else is
    reported once per file, saying what it looks like when that can be told: a tools
    inventory (pass it with `--tools`), a list of tools, other Telnyx records, loose nodes
    or edges, another product's fragment, blueprint or configuration.

    Why it matters: a file that is none of these was probably passed by mistake (an
    inventory, an error response); linting it silently would hide that nothing was
    checked, and one finding per item would bury the one thing to do.
    """
    return _problems(ctx, "FL004")


@rule("FL005", "duplicate-json-key", "warning", DOCUMENT,
      example='{"start_node_id": "greet", "start_node_id": "menu", '
              '"nodes": [{"id": "greet", "instructions": "Hi.", "instructions_mode": "append"}, {"id": "menu", "instructions": "Menu.", "instructions_mode": "append"}], '
              '"edges": [{"id": "e1", "start_node_id": "greet", "condition": {"type": "llm", '
              '"prompt": "Caller wants the menu."}, "target": {"type": "node", "node_id": "menu"}}]}',
      fixed='{"start_node_id": "greet", '
            '"nodes": [{"id": "greet", "instructions": "Hi.", "instructions_mode": "append"}, {"id": "menu", "instructions": "Menu.", "instructions_mode": "append"}], '
            '"edges": [{"id": "e1", "start_node_id": "greet", "condition": {"type": "llm", '
            '"prompt": "Caller wants the menu."}, "target": {"type": "node", "node_id": "menu"}}]}')
def duplicate_json_key(ctx: DocumentContext) -> Iterator[Finding]:
    """The same key appears twice in one JSON object.

    What it does: reports every repeated key once, at its last occurrence (the value that
    Python, and flowlint, use).

    Why it matters: JSON parsers disagree on which value wins; the platform may read a
    different start node, instruction or tool than the one you reviewed.
    """
    return _problems(ctx, "FL005")
