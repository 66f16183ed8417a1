"""Readers for the providers' own flow formats: Retell, ElevenLabs and Vapi.

Each reader maps one provider document into flowlint's flow model (``AssistantEntry`` with a
``FlowGraph`` of ``FlowNode``/``FlowEdge``), so the provider-independent rules run on it
unchanged and pointers point into the original file. ``detect`` recognises a format (or
says the document is something else: ``describe``); ``read`` runs the reader. This package
is imported by documents.py on every run: readers are imported only when a document needs
them.
"""
from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from .detect import AUTO, NOT_A_FLOW, PROVIDERS, TELNYX, describe, detect

if TYPE_CHECKING:
    from ..documents import Document
    from ..toolsets import ToolResolver
    from ..validation import Problems

CHOICES = (AUTO, TELNYX, *PROVIDERS)

__all__ = ["AUTO", "CHOICES", "NOT_A_FLOW", "PROVIDERS", "TELNYX", "describe", "detect", "read"]


def read(document: "Document", value: Any, problems: "Problems", resolver: "ToolResolver") -> None:
    """Read ``value``, in the format ``document.shape`` names, into ``document.assistants``."""
    reader = import_module(f"{__name__}.{document.shape}")
    reader.read(document, value, problems, resolver)
