"""The engine: runs the selected rules, stamps code and severity, locates and sorts."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Mapping, Sequence

from .diagnostics import Diagnostic, Finding, Severity, fingerprint
from .documents import Workspace
from .report import Report
from .rules import ALL_RULES
from .rules.base import ASSISTANT, DOCUMENT, FLOW, RUN, AssistantContext, DocumentContext, Rule, RunContext
from .selection import select_rules


@dataclass
class LintOptions:
    select: Sequence[str] = ()
    ignore: Sequence[str] = ()
    severity: Mapping[str, Severity | None] = field(default_factory=dict)  # None: off
    fail_on: Severity = Severity.ERROR


def run_rules(workspace: Workspace, rules: Sequence[Rule]) -> list[tuple[Rule, Finding]]:
    """Every finding of every rule, each rule called once per subject of its scope."""
    found: list[tuple[Rule, Finding]] = []
    by_scope: dict[str, list[Rule]] = {}
    for rule in rules:
        by_scope.setdefault(rule.scope, []).append(rule)
    def apply(rule: Rule, context: object, where: str) -> None:
        # A crashing rule must not hide the findings of the others: record it, go on.
        try:
            found.extend((rule, f) for f in rule.check(context))
        except Exception as exc:  # noqa: BLE001 - reported as exit 2 with the file named
            workspace.errors.append(f"{where}: internal error in {rule.code} {rule.name}: "
                                    f"{type(exc).__name__}: {exc}")

    # Assistant and flow rules run on the formats they are written for (rules/formats.py).
    by_format: dict[tuple[str, str], list[Rule]] = {}

    def rules_for(scope: str, fmt: str) -> list[Rule]:
        if (scope, fmt) not in by_format:
            by_format[scope, fmt] = [r for r in by_scope.get(scope, ()) if fmt in r.formats]
        return by_format[scope, fmt]

    for document in workspace.documents:
        context = DocumentContext(document, workspace)
        for rule in by_scope.get(DOCUMENT, ()):
            apply(rule, context, document.name)
        for entry in document.assistants:
            entry_context = AssistantContext(entry, workspace)
            for rule in rules_for(ASSISTANT, entry.format):
                apply(rule, entry_context, document.name)
            if entry.flow is not None:
                for rule in rules_for(FLOW, entry.format):
                    apply(rule, entry_context, document.name)
    run_context = RunContext(workspace)
    for rule in by_scope.get(RUN, ()):
        apply(rule, run_context, "run")
    return found


def stamp(found: Iterable[tuple[Rule, Finding]],
          severity: Mapping[str, Severity | None]) -> list[Diagnostic]:
    """Diagnostics with code, severity, position and fingerprint, sorted."""
    kept = []
    for rule, finding in found:
        if rule.code in severity:
            level = severity[rule.code]  # the user's --severity always wins
        elif finding.confirmed and rule.confirmed_severity is not None:
            level = rule.confirmed_severity
        elif finding.doubtful and rule.doubtful_severity is not None:
            level = rule.doubtful_severity
        else:
            level = rule.severity
        if level is not None:
            kept.append((rule, finding, level))
    wanted: dict[int, tuple[object, set[str]]] = {}
    for _, finding, _ in kept:
        source = finding.document
        wanted.setdefault(id(source), (source, set()))[1].add(finding.pointer)
    positions = {key: source.positions.resolve(pointers) if source.positions else {}
                 for key, (source, pointers) in wanted.items()}
    diagnostics = []
    for rule, finding, level in kept:
        source = finding.document
        line, column = positions[id(source)].get(finding.pointer, (0, 0))
        diagnostics.append(Diagnostic(  # 0 from the position index means "no position"
            file=source.name, line=line or None, column=column or None, code=rule.code, pointer=finding.pointer,
            message=finding.message, name=rule.name, severity=level,
            assistant_id=finding.assistant_id, node_id=finding.node_id, edge_id=finding.edge_id,
            fingerprint=fingerprint(rule.code, finding.assistant_id, finding.node_id,
                                    finding.edge_id, finding.key),
        ))
    diagnostics.sort(key=Diagnostic.sort_key)  # the order of Diagnostic.__lt__, without a call per comparison
    return diagnostics


def lint_workspace(workspace: Workspace, options: LintOptions | None = None,
                   rules: Sequence[Rule] = ALL_RULES) -> Report:
    options = options or LintOptions()
    chosen = select_rules(rules, options.select, options.ignore)
    diagnostics = stamp(run_rules(workspace, chosen), options.severity)
    return Report(tuple(diagnostics), workspace, options.fail_on)
