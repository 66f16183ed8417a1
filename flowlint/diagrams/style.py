"""The one palette every renderer draws with: shapes, colours, labels, legend texts.

Renderers never choose a colour or a shape themselves; they look it up here, so a DOT file,
a Mermaid chart, an SVG or PNG and a matplotlib figure of one flow tell the same story.
"""
from __future__ import annotations

from typing import Any

from ..condition_text import clean_text, expression_text  # noqa: F401 (re-exported)

# Node kinds of the drawing model: the flow's node types, plus what the picture adds.
PROMPT, TOOL, SPEAK, UNKNOWN = "prompt", "tool", "speak", "unknown"
LOGIC = "logic"  # a provider's node that routes without a turn (ElevenLabs start, Retell branch)
ASSISTANT, MISSING, UNKNOWN_ASSISTANT = "assistant", "missing", "unknown-assistant"
# A large flow drawn in parts (parts.py): a part in the overview, and a link to another part.
PART, PART_LINK = "part", "part-link"

# kind -> (legend text, DOT shape, DOT style, Mermaid (open, close), the shape said in the legend)
SHAPES: dict[str, tuple[str, str, str, tuple[str, str], str]] = {
    PROMPT: ("prompt node", "box", "rounded,filled", ("(", ")"), "rounded box"),
    TOOL: ("tool node", "component", "filled", ("[[", "]]"), "box with tabs"),
    SPEAK: ("speak node", "note", "filled", (">", "]"), "note"),
    UNKNOWN: ("node of unknown type", "octagon", "filled", ("[", "]"), "octagon"),
    LOGIC: ("start or routing node", "diamond", "filled", ("{", "}"), "diamond"),
    ASSISTANT: ("hand-off target assistant", "hexagon", "filled,bold", ("{{", "}}"), "hexagon"),
    MISSING: ("target that names no node", "box", "dashed,filled", ("[/", "/]"), "dashed box"),
    UNKNOWN_ASSISTANT: ("assistant not in the input", "hexagon", "dashed,filled", ("{{", "}}"),
                        "dashed hexagon"),
    PART: ("part of the flow (its own picture)", "folder", "filled", ("[", "]"), "folder"),
    PART_LINK: ("continues in another part", "box", "dashed,filled", (">", "]"), "grey dashed box"),
}
DASHED_KINDS = (MISSING, UNKNOWN_ASSISTANT)  # drawn with a red dashed border
FILL = {PROMPT: "#e8f0fe", TOOL: "#fef3e2", SPEAK: "#e6f4ea", UNKNOWN: "#f1f3f4", LOGIC: "#fff8e1",
        ASSISTANT: "#f3e8fd", MISSING: "#ffffff", UNKNOWN_ASSISTANT: "#ffffff",
        PART: "#e8f0fe", PART_LINK: "#f1f3f4"}
BORDER = "#5f6368"
TEXT = "#202124"

# Severity colours (border and edge colour), strongest first.
SEVERITY_COLORS = {"error": "#d93025", "warning": "#e37400", "info": "#1a73e8"}
SEVERITY_FILLS = {"error": "#fce8e6", "warning": "#fef7e0", "info": "#e8f0fe"}
SEVERITY_ORDER = ("error", "warning", "info")
UNREACHABLE_FILL, UNREACHABLE_COLOR = "#eeeeee", "#9aa0a6"
CYCLE_COLOR = "#c5221f"
UNKNOWN_TARGET_COLOR = "#d93025"
# One test-plan path drawn on its flow: the path bold and green, the rest faded.
PATH_COLOR, PATH_WIDTH = "#137333", "3"
FADED_COLOR, FADED_FILL, FADED_TEXT = "#dadce0", "#fafafa", "#a0a4a8"

# Diff diagrams: what a change did to a node or edge (fill and line colour; removed is dashed).
STATUS_COLORS = {"added": "#188038", "removed": "#d93025", "changed": "#e37400", "renamed": "#007b83"}
STATUS_FILLS = {"added": "#c6efce", "removed": "#f8d0cc", "changed": "#fde3b0", "renamed": "#c9eef2"}

LEGEND_TEXTS = {
    "start": "start (entry arrow)",
    "unreachable": "unreachable (greyed, dashed)",
    "error": "error finding",
    "warning": "warning finding",
    "info": "info finding",
    "cycle": "hand-off in a cycle",
    "path": "the path (steps numbered)",
    "faded": "not on the path",
    "added": "added",
    "removed": "removed (dashed)",
    "changed": "changed",
    "renamed": "renamed",
}

LLM_PROMPT_CHARS = 40
LABEL_CHARS = 48


def shorten(text: str, limit: int = LABEL_CHARS) -> str:
    text = clean_text(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def worst(severities: list[str]) -> str | None:
    for level in SEVERITY_ORDER:
        if level in severities:
            return level
    return None


def condition_label(condition: Any, condition_type: Any) -> str:
    """The edge label: llm prompt shortened, expression as text, ``default``."""
    if condition is not None:
        kind = getattr(condition, "type", None)
        if kind == "llm":
            return shorten(condition.prompt, LLM_PROMPT_CHARS) or "llm: (blank prompt)"
        if kind == "expression":
            return shorten(expression_text(condition.expression), LABEL_CHARS)
        if kind == "default":
            return "default"
    return shorten(f"{clean_text(condition_type) or 'unknown'} condition", LABEL_CHARS)
