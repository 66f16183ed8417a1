"""Request bodies: assistants as teams keep them in git, the way they are sent to
``POST /ai/assistants`` (create), ``POST /ai/assistants/{id}`` (update) and the version
update. They lack the fields only a response has, so each gets a stand-in id.

The stand-in is the file name without its folder and ``.json`` (``support.json`` ->
``support``), with ``/N`` for the N-th body (from 0) of a list or ``{"data": [...]}``.
Inputs without a file name (stdin, text, objects) use the body's ``name``, else
``request-body``. When a stand-in is already taken in the run (``a/support.json`` and
``b/support.json``), the path as given stands in (``b/support``), then ``#2``, ``#3``.
"""
from __future__ import annotations

import os
from dataclasses import replace
from typing import Any

from .diagnostics import Finding

# Fields the server assigns: a body never has them, a response always does.
RESPONSE_ONLY_FIELDS = ("id", "created_at")

# Top-level fields of a Telnyx assistant that no provider format flowlint reads uses:
# evidence that an object without an id is a Telnyx assistant body.
TELNYX_ASSISTANT_FIELDS = frozenset({
    "instructions", "conversation_flow", "voice_settings", "telephony_settings",
    "enabled_features", "insight_settings", "privacy_settings", "messaging_settings",
    "widget_settings", "tool_ids", "llm_api_key_ref", "dynamic_variables_webhook_url",
    "interruption_settings", "post_conversation_settings", "observability_settings",
    "fallback_config", "version_name"})


def is_request_body(raw: dict) -> bool:
    """An assistant object with none of the fields only responses have."""
    return not any(field in raw for field in RESPONSE_ONLY_FIELDS)


def has_assistant_fields(value: dict) -> bool:
    return not TELNYX_ASSISTANT_FIELDS.isdisjoint(value)


def _without_json(path: str) -> str:
    root, extension = os.path.splitext(path)
    return root if extension.lower() == ".json" else path


class StandInIds:
    """Hands out stand-in ids that are unique within one run."""

    def __init__(self) -> None:
        self.taken: set[str] = set()

    def allocate(self, document_name: str, pointer: str, raw: dict) -> str:
        """The stand-in for the body at ``pointer`` ("", "/3" or "/data/3") of a document."""
        suffix = "/" + pointer.rsplit("/", 1)[1] if pointer else ""
        if document_name.startswith("<"):  # <stdin>, <string>, <object>: no file name
            name = raw.get("name")
            candidates = [(name if isinstance(name, str) and name.strip() else "request-body") + suffix]
        else:
            candidates = [_without_json(os.path.basename(document_name)) + suffix,
                          _without_json(document_name) + suffix]
        chosen = next((c for c in candidates if c not in self.taken), None)
        number = 2
        while chosen is None:
            numbered = f"{candidates[-1]}#{number}"
            chosen, number = (numbered if numbered not in self.taken else None), number + 1
        self.taken.add(chosen)
        return chosen


def name_bodies_in(problems: list[tuple[str, Finding]], entries: list[Any]) -> None:
    """Give the stand-in to findings made while parsing (FL005) inside a request body,
    which were made before the body was recognised."""
    bodies = [(entry.pointer, entry.id) for entry in entries if entry.stand_in]
    for index, (code, finding) in enumerate(problems if bodies else ()):
        if finding.assistant_id is None:
            owner = next((stand_in for pointer, stand_in in bodies
                          if finding.pointer == pointer or finding.pointer.startswith(pointer + "/")), None)
            if owner is not None:
                problems[index] = (code, replace(finding, assistant_id=owner))
