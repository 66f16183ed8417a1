"""Pydantic models of assistants, conversation flows, nodes, edges, conditions, targets, tools.

They follow ``telnyx-flow-schema.md`` (from the official SDK's types). Unknown fields are
tolerated: ignored on the hot flow elements (there are many of them), kept on assistants
and tools. Free-form parts the rules do not read stay ``Any``. Resolved tool definitions on
nodes (``tools``/``tool``) stay raw so that a tool type this version does not know can never
make a node invalid.
"""
from __future__ import annotations

from typing import Annotated, Any, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag
from typing_extensions import TypedDict  # pydantic needs this one before Python 3.12
from pydantic.dataclasses import dataclass as pydantic_dataclass

Mode = Literal["replace", "append"]
VoiceMode = Literal["unified", "distinct"]

NODE_TYPES = ("prompt", "tool", "speak")
CONDITION_TYPES = ("llm", "expression", "default")
TARGET_TYPES = ("node", "assistant")
TOOL_TYPES = (
    "function", "webhook", "client_side_tool", "retrieval", "handoff", "hangup", "transfer",
    "invite", "refer", "send_dtmf", "send_message", "skip_turn", "vision", "pay",
    "update_dynamic_variables",
)
REPEATABLE_TOOL_TYPES = frozenset({"function", "webhook", "client_side_tool"})
# Tools that take the conversation away from the caller's side for good.
CALL_ENDING_TOOL_TYPES = frozenset({"hangup", "transfer", "handoff", "refer"})


# Flow elements are many per file (an account export has millions), so they are slotted
# pydantic dataclasses: validated in Rust like models, but without a per-instance __dict__
# and fields-set, which halves their memory. Extras are tolerated and not kept. Every model
# defers building its validator: the module-level TypeAdapters in documents.py build each
# schema once, inline, instead of once per model and again per adapter (start-up time).
class _Element(BaseModel):
    """The few per-flow models: extras are tolerated, not kept."""

    model_config = ConfigDict(extra="ignore", frozen=True, defer_build=True)


_element = pydantic_dataclass(config=ConfigDict(extra="ignore", defer_build=True), frozen=True, slots=True, kw_only=True)


class _Open(BaseModel):
    """Objects with many optional settings: unknown fields are kept."""

    model_config = ConfigDict(extra="allow", populate_by_name=True, defer_build=True)


class Position(TypedDict):
    """An editor position, ``{"x": .., "y": ..}``. A dict, not an object: a flow has one per
    node, and pydantic validates a typed dict in well under half the time of a dataclass
    (``check`` reads assistants one at a time, so the dict's 136 more bytes never add up
    there; a workspace loaded whole holds them: 136 MB per million nodes)."""

    x: float
    y: float


# ------------------------------------------------------------------------------ nodes

@_element
class PromptNode:
    """An LLM-driven step. ``instructions_mode`` and ``tools_mode`` default to replace."""

    type: Literal["prompt"] = "prompt"
    id: str
    instructions: str
    name: Optional[str] = None
    instructions_mode: Optional[Mode] = None
    shared_tool_ids: Optional[list[str]] = None
    tools_mode: Optional[Mode] = None
    model: Optional[str] = None
    llm_api_key_ref: Optional[str] = None
    external_llm: Optional[dict[str, Any]] = None
    voice_settings: Optional[dict[str, Any]] = None
    transcription: Optional[dict[str, Any]] = None
    position: Optional[Position] = None
    tools: Optional[list[Any]] = None  # response only: resolved definitions, a list per id


@_element
class ToolNode:
    """Runs one shared tool, with no LLM turn, then advances by itself."""

    type: Literal["tool"]
    id: str
    shared_tool_id: str
    name: Optional[str] = None
    message: Optional[str] = None
    position: Optional[Position] = None
    tool: Optional[list[Any]] = None  # response only: the resolved definition


@_element
class SpeakNode:
    """Says a fixed message, with no LLM turn, then advances by itself."""

    type: Literal["speak"]
    id: str
    message: str
    name: Optional[str] = None
    position: Optional[Position] = None


def node_tag(value: Any) -> Any:
    """A node without ``type`` (or with ``null``) is a prompt node, as on the platform."""
    if isinstance(value, dict):
        kind = value.get("type")
        return "prompt" if kind is None else kind
    return getattr(value, "type", None)


def type_tag(value: Any) -> Any:
    if isinstance(value, dict):
        return value.get("type")
    return getattr(value, "type", None)


Node = Annotated[
    Union[
        Annotated[PromptNode, Tag("prompt")],
        Annotated[ToolNode, Tag("tool")],
        Annotated[SpeakNode, Tag("speak")],
    ],
    Discriminator(node_tag),
]


# ------------------------------------------------------------------- conditions, targets

@_element
class LlmCondition:
    type: Literal["llm"]
    prompt: str


@_element
class ExpressionCondition:
    type: Literal["expression"]
    expression: Any = Field(...)  # the AST is checked by a rule, node by node


@_element
class DefaultCondition:
    type: Literal["default"]


Condition = Annotated[
    Union[
        Annotated[LlmCondition, Tag("llm")],
        Annotated[ExpressionCondition, Tag("expression")],
        Annotated[DefaultCondition, Tag("default")],
    ],
    Discriminator("type"),  # a field name: pydantic reads the tag in Rust, no Python call
]


@_element
class NodeTarget:
    type: Literal["node"]
    node_id: str


@_element
class AssistantTarget:
    type: Literal["assistant"]
    assistant_id: str
    position: Optional[Position] = None
    voice_mode: Optional[VoiceMode] = None


Target = Annotated[
    Union[
        Annotated[NodeTarget, Tag("node")],
        Annotated[AssistantTarget, Tag("assistant")],
    ],
    Discriminator("type"),  # a field name: pydantic reads the tag in Rust, no Python call
]


@_element
class Edge:
    """A transition out of ``start_node_id`` (the edge's source), gated by ``condition``."""

    id: str
    start_node_id: str
    condition: Condition
    target: Target


class FlowHeader(_Element):
    """The flow's own fields; nodes and edges are validated one by one, elsewhere."""

    start_node_id: Optional[str] = None
    nodes: Optional[list[Any]] = None
    edges: Optional[list[Any]] = None


class ConversationFlow(_Element):
    """A validated flow: the nodes and edges that passed validation, in document order."""

    start_node_id: Optional[str] = None
    nodes: list[Union[PromptNode, ToolNode, SpeakNode]] = []
    edges: list[Edge] = []


# ------------------------------------------------------------------------------ tools

class Header(_Open):
    name: Optional[str] = None
    value: Optional[str] = None


class WebhookSpec(_Open):
    url: str
    name: Optional[str] = None
    description: Optional[str] = None
    method: Optional[Literal["GET", "POST", "PUT", "DELETE", "PATCH"]] = None
    headers: Optional[list[Header]] = None
    query_parameters: Optional[dict[str, Any]] = None
    path_parameters: Optional[dict[str, Any]] = None
    body_parameters: Optional[dict[str, Any]] = None


class HandoffAssistant(_Open):
    id: str
    name: Optional[str] = None


class HandoffSpec(_Open):
    ai_assistants: list[HandoffAssistant]
    voice_mode: Optional[VoiceMode] = None


class TransferSpec(_Open):
    custom_headers: Optional[list[Header]] = None


class _Tool(_Open):
    shared: Optional[bool] = None


class WebhookTool(_Tool):
    type: Literal["webhook"]
    webhook: WebhookSpec


class HandoffTool(_Tool):
    type: Literal["handoff"]
    handoff: HandoffSpec


class TransferTool(_Tool):
    type: Literal["transfer"]
    transfer: TransferSpec


class FunctionTool(_Tool):
    type: Literal["function"]
    function: dict[str, Any]


class ClientSideTool(_Tool):
    type: Literal["client_side_tool"]
    client_side_tool: dict[str, Any]


class HangupTool(_Tool):
    type: Literal["hangup"]
    hangup: Optional[dict[str, Any]] = None


class OtherTool(_Tool):
    """Tool types whose settings no rule reads; only the type matters."""

    type: Literal[
        "retrieval", "invite", "refer", "send_dtmf", "send_message", "skip_turn", "vision",
        "pay", "update_dynamic_variables",
    ]


def tool_tag(value: Any) -> Any:
    kind = type_tag(value)
    return "other" if isinstance(kind, str) and kind in _OTHER_TOOL_TYPES else kind


_OTHER_TOOL_TYPES = frozenset(OtherTool.model_fields["type"].annotation.__args__)

AssistantTool = Annotated[
    Union[
        Annotated[WebhookTool, Tag("webhook")],
        Annotated[HandoffTool, Tag("handoff")],
        Annotated[TransferTool, Tag("transfer")],
        Annotated[FunctionTool, Tag("function")],
        Annotated[ClientSideTool, Tag("client_side_tool")],
        Annotated[HangupTool, Tag("hangup")],
        Annotated[OtherTool, Tag("other")],
    ],
    Discriminator(tool_tag),
]


# -------------------------------------------------------------------------- assistants

class ImportMetadata(_Open):
    import_id: Optional[str] = None
    import_provider: Optional[str] = None


class Assistant(_Open):
    """An assistant's own fields; its tools and flow are validated separately."""

    id: str
    name: str
    model: str
    instructions: str
    created_at: str
    description: Optional[str] = None
    greeting: Optional[str] = None
    llm_api_key_ref: Optional[str] = None
    external_llm: Optional[dict[str, Any]] = None
    import_metadata: Optional[ImportMetadata] = None


class AssistantBody(_Open):
    """A request body (create, update, version update): no field is required, since an
    update may send any subset and the server assigns ``id`` and ``created_at``."""

    name: Optional[str] = None
    model: Optional[str] = None
    instructions: Optional[str] = None
    description: Optional[str] = None
    greeting: Optional[str] = None
    llm_api_key_ref: Optional[str] = None
    external_llm: Optional[dict[str, Any]] = None
    import_metadata: Optional[ImportMetadata] = None


class ToolInventoryItem(_Open):
    """One item of ``GET /ai/tools``."""

    id: str
    type: str
    display_name: Optional[str] = None
    tool_definition: Optional[dict[str, Any]] = None
