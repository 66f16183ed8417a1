"""A plan as text (a terminal) or Markdown (a test-plan table per assistant); JSON is
``Plan.to_json``.

Flow text is hostile. In text every line goes through ``neutralize`` (control characters,
bidi overrides and line separators shown as escapes). In Markdown, prose from the flow has
every character that means something to Markdown or HTML (``\\ ` * _ [ ] < > | ~ $ &``)
backslash-escaped and ``@`` written as ``&#64;`` (no mention); ids and expressions go in
code spans, whose fence outgrows any backtick run inside and whose pipes are escaped (a
pipe ends a table cell even in a code span). So a flow can neither break the table nor
add markup, a tag or a link.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Callable

from ..condition_text import clean_text
from ..formatters.text import neutralize
from .plan import COVERED, HANDOFF, LOOP, TARGET, TERMINAL

if TYPE_CHECKING:
    from .result import AssistantPlan, PlannedPath, Plan
    from .steps import Step

_MARKDOWN_ESCAPES = {**{ord(ch): f"\\{ch}" for ch in "\\`*_[]<>|~$&"}, ord("@"): "&#64;"}
_BACKTICKS = re.compile("`+")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' * (count != 1)}"


def _quoted(value: object) -> str:
    return f'"{value}"' if isinstance(value, str) else "(no id)"


def ending(path: "PlannedPath") -> str:
    """How a path ends, in words."""
    last = path.nodes[-1]
    if path.ends == HANDOFF:
        return f"hand-off to assistant {_quoted(path.handoff_to)}"
    if path.ends == TERMINAL:
        return f"ends at {_quoted(last)}, which has no way on"
    if path.ends == LOOP:
        return f"loops back to {_quoted(last)}; every way on from there is covered"
    if path.ends == COVERED:
        return f"reaches {_quoted(last)}; every way on from there an earlier path covers"
    if path.ends == TARGET:
        return f"reaches {_quoted(last)}"
    return path.ends



def headline(plan: "AssistantPlan", ident: Callable[[object], str] = _quoted,
             prose: Callable[[object], str] = str) -> str:
    """One sentence: how many paths take how many transitions (ids written by ``ident``,
    flow text by ``prose``)."""
    if plan.problem is not None and not plan.paths:
        return f"no path: {prose(plan.problem)}"
    if plan.to is not None:
        return f"the shortest path from the start to {ident(plan.to)}"
    done = "all" if not plan.uncoverable else f"{plan.coverable_edges} of"
    total = plan.coverable_edges + len(plan.uncoverable)
    verb = "takes" if len(plan.paths) == 1 else "take"
    jumps = f" and {_plural(plan.global_jumps, 'jump')} into global nodes" if plan.global_jumps else ""
    return (f"{_plural(len(plan.paths), 'path')} {verb} {done} {_plural(total, 'transition')}{jumps} "
            f"from start node {ident(plan.flow.start_node_id)}")


def _title(plan: "AssistantPlan") -> str:
    if plan.id is None:
        return f"flow in {plan.file}" if plan.file else "flow"
    return f"{plan.id} ({plan.name})" if plan.name and plan.name != plan.id else str(plan.id)


def _transition(step: "Step") -> str:
    edge = step.edge
    where = f"hand-off to assistant {_quoted(step.to)}" if step.handoff else _quoted(step.to)
    when = "otherwise (default)" if step.condition_type == "default" else f"when ({step.condition_type}) {step.when}"
    taken = "jump" if edge is not None and edge.index < 0 else f"edge {_quoted(edge.id if edge else None)}"
    return f"{when}  [{taken} -> {where}]"


def _node(step: "Step") -> str:
    name = f' "{step.name}"' if step.name else ""
    return f"{_quoted(step.node)}{name} [{step.node_type}]: {step.does}"


# ------------------------------------------------------------------------------ text
def assistant_text(plan: "AssistantPlan") -> list[str]:
    lines = [f"{_title(plan)}: {headline(plan)}"]
    for path in plan.paths:
        lines.append(f"  path {path.number}: {ending(path)}")
        for index, step in enumerate(path.steps, 1):
            lines.append(f"    {index}. {_node(step)}")
            if step.edge is not None:
                lines.append(f"       {_transition(step)}")
    for item in plan.uncoverable:
        lines.append(f"  not coverable: edge {_quoted(item.edge.id)}: {item.reason} ({item.code} {item.name})")
    if plan.unreachable:
        shown = ", ".join(_quoted(n) for n in plan.unreachable[:10])
        more = f" and {len(plan.unreachable) - 10} more" if len(plan.unreachable) > 10 else ""
        lines.append(f"  not reachable from the start (FL301), so not planned: {shown}{more}")
    return lines


def summary(plan: "Plan") -> str:
    paths = sum(len(a.paths) for a in plan.assistants)
    missing = sum(len(a.uncoverable) for a in plan.assistants)
    without = sum(1 for a in plan.assistants if a.problem is not None and not a.paths)
    text = f"{_plural(paths, 'path')} for {_plural(len(plan.assistants), 'flow')}"
    if missing:
        text += f"; {_plural(missing, 'edge')} cannot be covered"
    if without:
        text += f"; {_plural(without, 'flow')} without a path"
    return text


def plan_text(plan: "Plan") -> str:
    lines: list[str] = []
    for assistant in plan.assistants:
        lines.extend(assistant_text(assistant))
        lines.append("")
    lines.append(summary(plan))
    return "\n".join(neutralize(line) for line in lines) + "\n"


# -------------------------------------------------------------------------- markdown
def md(value: object) -> str:
    """Flow prose as inert Markdown on one line: special characters backslash-escaped."""
    return clean_text(value).translate(_MARKDOWN_ESCAPES)


def code(value: object, in_table: bool = True) -> str:
    """An id or an expression as a Markdown code span (nothing inside one is markup).

    The fence is longer than any run of backticks in the text; in a table a pipe must
    still be escaped, even inside a code span (GitHub Flavored Markdown tables)."""
    text = clean_text(value) or "(blank)"
    if in_table:
        text = text.replace("|", "\\|")
    longest = max((len(run) for run in _BACKTICKS.findall(text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _md_id(value: object, in_table: bool = True) -> str:
    return code(value, in_table) if isinstance(value, str) else "(no id)"


def _md_when(step: "Step") -> str:
    if step.condition_type == "default":
        return "*otherwise* (default)"
    if step.condition_type == "llm":
        return f"*when* {md(step.when)}"
    return f"*when* {code(step.when)}"


def _md_step(step: "Step") -> str:
    name = f"**{md(step.name)}** " if step.name else ""
    text = f"{name}{_md_id(step.node)} ({md(step.node_type)}): {md(step.does)}"
    if step.edge is not None:
        target = f"hand-off to {_md_id(step.to)}" if step.handoff else _md_id(step.to)
        taken = "jump" if step.edge.index < 0 else _md_id(step.edge.id)  # a global node's jump has no edge
        text += f" → {_md_when(step)} ({taken} → {target})"
    return text


def _md_ending(path: "PlannedPath") -> str:
    last = _md_id(path.nodes[-1])
    return {HANDOFF: f"hand-off to {_md_id(path.handoff_to)}",
            TERMINAL: f"at {last}: no way on",
            LOOP: f"back at {last}: the rest is covered",
            COVERED: f"at {last}: the rest is covered by an earlier path",
            TARGET: f"at {last}"}.get(path.ends, md(path.ends))


def assistant_markdown(plan: "AssistantPlan", level: int = 3) -> str:
    lines = [f"{'#' * level} Test plan: {md(_title(plan))}", "",
             f"{headline(plan, lambda v: _md_id(v, False), md)}."]
    if plan.file:
        lines[-1] += f" File: {code(plan.file, in_table=False)}."
    if plan.paths:
        lines += ["", "| path | steps | ends |", "|---:|---|---|"]
        rendered: dict[int, str] = {}  # paths share their steps: each is written once
        for path in plan.paths:
            for step in path.steps:
                if id(step) not in rendered:
                    rendered[id(step)] = _md_step(step)
            steps = "<br>".join(f"{i}. {rendered[id(s)]}" for i, s in enumerate(path.steps, 1))
            lines.append(f"| {path.number} | {steps} | {_md_ending(path)} |")
    notes = [f"- Not coverable: edge {_md_id(u.edge.id, False)}: {md(u.reason)} ({u.code} {u.name})."
             for u in plan.uncoverable]
    if plan.unreachable:
        notes.append("- Not reachable from the start (FL301), so not planned: "
                     + ", ".join(_md_id(n, False) for n in plan.unreachable[:10])
                     + (f" and {len(plan.unreachable) - 10} more" if len(plan.unreachable) > 10 else "") + ".")
    if notes:
        lines += [""] + notes
    return "\n".join(lines) + "\n"


def plan_markdown(plan: "Plan") -> str:
    parts = [assistant_markdown(a) for a in plan.assistants]
    return "\n".join(parts) + f"\n{md(summary(plan))}.\n"
