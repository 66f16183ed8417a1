"""Mermaid ``flowchart`` text that GitHub renders, with a class per severity.

Labels are always double-quoted, and every character that means something to Mermaid
(quotes, brackets, braces, parentheses, pipes, ``<``/``>``, ``#``, ``%``, ``;``, ``&``,
backticks, backslashes) is written as a Mermaid entity code (``#quot;``, ``#91;`` ...), so
flow text can neither close a label nor start an arrow, a comment or a markdown string.
Node ids are the model's synthetic names, so each flow node is exactly one Mermaid node.
"""
from __future__ import annotations

from . import style
from .model import Diagram, DrawNode

_UNSAFE = set('"\'`[]{}()<>|#%;&\\')


def escape(text: str) -> str:
    """One line of flow text, safe inside a double-quoted Mermaid label."""
    text = style.clean_text(text)
    return "".join("#quot;" if ch == '"' else f"#{ord(ch)};" if ch in _UNSAFE else ch for ch in text)


def label(lines: list[str]) -> str:
    return '"' + "<br/>".join(escape(line) for line in lines) + '"'


CLASS_DEFS = {
    "prompt": f"fill:{style.FILL['prompt']},stroke:{style.BORDER}",
    "tool": f"fill:{style.FILL['tool']},stroke:{style.BORDER}",
    "speak": f"fill:{style.FILL['speak']},stroke:{style.BORDER}",
    "unknown": f"fill:{style.FILL['unknown']},stroke:{style.BORDER}",
    "logic": f"fill:{style.FILL['logic']},stroke:{style.BORDER}",
    "assistant": f"fill:{style.FILL['assistant']},stroke:{style.BORDER},stroke-width:2px",
    "unknownassistant": f"fill:#ffffff,stroke:{style.UNKNOWN_TARGET_COLOR},stroke-dasharray:4 3,color:{style.UNKNOWN_TARGET_COLOR}",
    "missing": f"fill:#ffffff,stroke:{style.UNKNOWN_TARGET_COLOR},stroke-dasharray:4 3,color:{style.UNKNOWN_TARGET_COLOR}",
    "error": f"fill:{style.SEVERITY_FILLS['error']},stroke:{style.SEVERITY_COLORS['error']},stroke-width:3px",
    "warning": f"fill:{style.SEVERITY_FILLS['warning']},stroke:{style.SEVERITY_COLORS['warning']},stroke-width:3px",
    "info": f"fill:{style.SEVERITY_FILLS['info']},stroke:{style.SEVERITY_COLORS['info']},stroke-width:3px",
    "unreachable": f"fill:{style.UNREACHABLE_FILL},stroke:{style.UNREACHABLE_COLOR},stroke-dasharray:5 5,color:{style.UNREACHABLE_COLOR}",
    "part": f"fill:{style.FILL['part']},stroke:{style.BORDER}",
    "partlink": f"fill:{style.FILL['part-link']},stroke:{style.BORDER},stroke-dasharray:3 3",
    "startmarker": f"fill:{style.TEXT},stroke:{style.TEXT}",
    "legend": "fill:#ffffff,stroke:#dadce0",
    "path": f"stroke:{style.PATH_COLOR},stroke-width:3px",
    "faded": f"fill:{style.FADED_FILL},stroke:{style.FADED_COLOR},color:{style.FADED_TEXT}",
}
# Diff diagrams: a status class, and a fill-only variant for nodes whose border shows a new finding.
for _status, _color in style.STATUS_COLORS.items():
    _dash = ",stroke-dasharray:5 5" if _status == "removed" else ""
    CLASS_DEFS[_status] = f"fill:{style.STATUS_FILLS[_status]},stroke:{_color},stroke-width:2px{_dash}"
    CLASS_DEFS[f"{_status}fill"] = f"fill:{style.STATUS_FILLS[_status]}{_dash}"


def _classes(node: DrawNode) -> list[str]:
    classes = [node.kind.replace("-", "")]
    if node.unreachable:
        classes.append("unreachable")
    if node.severity:
        classes.append(node.severity)  # last wins: the finding colour shows on a greyed node
    if node.status:
        classes.append(f"{node.status}fill" if node.severity else node.status)
    if node.highlight == "path" or node.faded:
        classes.append("path" if node.highlight == "path" else "faded")  # a drawn path wins
    return classes


def _shape(kind: str, text: str) -> str:
    opening, closing = style.SHAPES[kind][3]
    return f"{opening}{text}{closing}"


def to_mermaid(diagram: Diagram) -> str:
    """The diagram as Mermaid flowchart text."""
    out = ["flowchart LR"]
    out.append(f"    %% {escape(diagram.title)}")
    if diagram.start is not None:
        out.append('    entry(("start")):::startmarker')
    for node in diagram.nodes:
        out.append(f"    {node.name}{_shape(node.kind, label(node.lines))}:::{'_'.join(_classes(node))}")
    if diagram.start is not None:
        out.append(f"    entry --> {diagram.start}")
    link_styles = []
    link = 1 if diagram.start is not None else 0
    for edge in diagram.edges:
        arrow = "-.->" if edge.dashed or edge.status == "removed" else "-->"
        out.append(f"    {edge.source} {arrow}|{label([edge.label])}| {edge.target}")
        color = (style.SEVERITY_COLORS[edge.severity] if edge.severity else
                 style.CYCLE_COLOR if edge.highlight == "cycle" else None)
        width = "2px"
        if edge.highlight == "path" or edge.faded:  # a drawn test-plan path wins
            color, width = ((style.PATH_COLOR, f"{style.PATH_WIDTH}px") if edge.highlight == "path"
                            else (style.FADED_COLOR, "1px"))
            link_styles.append(f"    linkStyle {link} stroke:{color},stroke-width:{width},color:{color}")
        elif edge.status:  # diff diagrams: the line tells the change, the label colour a new finding
            line = style.STATUS_COLORS[edge.status]
            link_styles.append(f"    linkStyle {link} stroke:{line},stroke-width:2px,color:{color or line}")
        elif color:
            link_styles.append(f"    linkStyle {link} stroke:{color},stroke-width:{width},color:{color}")
        link += 1
    if diagram.legend:
        out.append('    subgraph legend["Legend"]')
        out.append("        direction TB")
        for index, (key, text) in enumerate(diagram.legend):
            kind = key if key in style.SHAPES else None
            shape = _shape(kind, label([text])) if kind else f"[{label([text])}]"
            css = key.replace("-", "") if key.replace("-", "") in CLASS_DEFS else "legend"
            out.append(f"        legend{index}{shape}:::{css}")
        out.append("    end")
    out.extend(link_styles)
    used = {c for node in diagram.nodes for c in ["_".join(_classes(node))]}
    for name in sorted(used):
        parts = name.split("_")
        merged = ",".join(CLASS_DEFS[p] for p in parts)
        out.append(f"    classDef {name} {_merge(merged)}")
    for name in ("startmarker", "legend", *sorted({k.replace("-", "") for k, _ in diagram.legend} & CLASS_DEFS.keys())):
        if name not in used and (name != "startmarker" or diagram.start is not None):
            out.append(f"    classDef {name} {CLASS_DEFS[name]}")
    return "\n".join(out) + "\n"


def _merge(css: str) -> str:
    """Later declarations win: ``fill:a,...,fill:b`` -> ``fill:b,...``."""
    values: dict[str, str] = {}
    for declaration in css.split(","):
        key, _, value = declaration.partition(":")
        values.pop(key, None)
        values[key] = value
    return ",".join(f"{k}:{v}" for k, v in values.items())
