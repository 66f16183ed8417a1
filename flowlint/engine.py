"""The engine: runs the selected rules, stamps code and severity, locates and sorts."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Mapping, Sequence

from .diagnostics import Diagnostic, Finding, Severity, fingerprint
from .documents import AssistantEntry, Workspace
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


class RuleRun:
    """The chosen rules of one run, called once per subject of their scope, and their findings.

    ``finish`` runs every rule over the workspace. When assistants are read one at a time
    (``flowlint.streamed``), ``assistant_built`` runs an assistant's own rules as soon as it
    is built; ``finish`` then runs on it only the rules that read every assistant."""

    def __init__(self, workspace: Workspace, rules: Sequence[Rule], jobs: int = 1) -> None:
        self.workspace = workspace
        self.jobs = jobs  # processes that may check one large file's assistants (flowlint.parallel)
        self.found: list[tuple[Rule, Finding]] = []
        self.by_scope: dict[str, list[Rule]] = {}
        for rule in rules:
            self.by_scope.setdefault(rule.scope, []).append(rule)
        # Assistant and flow rules run on the formats they are written for (rules/formats.py).
        self._by_format: dict[tuple[str, str, bool], list[Rule]] = {}
        # The entries whose own rules already ran (by id()), with the source they came from.
        self._checked: dict[int, object] = {}
        self._crashes: list[tuple[object, str]] = []  # (source, message): exit 2

    def _apply(self, rule: Rule, context: object, where: str, source: object = None) -> None:
        # A crashing rule must not hide the findings of the others: record it, go on.
        try:
            self.found.extend((rule, f) for f in rule.check(context))
        except Exception as exc:  # noqa: BLE001 - reported as exit 2 with the file named
            self._crashes.append((source, f"{where}: internal error in {rule.code} {rule.name}: "
                                          f"{type(exc).__name__}: {exc}"))

    def _rules_for(self, scope: str, fmt: str, run_wide: bool | None) -> list[Rule]:
        """The rules of ``scope`` for ``fmt``: those that read every assistant (True), the
        others (False), or all (None)."""
        key = (scope, fmt, run_wide)
        if key not in self._by_format:
            self._by_format[key] = [r for r in self.by_scope.get(scope, ()) if fmt in r.formats
                                    and (run_wide is None or r.reads_every_assistant == run_wide)]
        return self._by_format[key]

    def _check_entry(self, entry: AssistantEntry, run_wide: bool | None) -> None:
        context = AssistantContext(entry, self.workspace)
        where, source = entry.document.name, entry.document.source
        for rule in self._rules_for(ASSISTANT, entry.format, run_wide):
            self._apply(rule, context, where, source)
        if entry.flow is not None:
            for rule in self._rules_for(FLOW, entry.format, run_wide):
                self._apply(rule, context, where, source)

    def assistant_built(self, entry: AssistantEntry) -> None:
        self._check_entry(entry, False)
        self._checked[id(entry)] = entry.document.source

    # What a worker process (flowlint.parallel) sends back, and its adoption here.
    def mark(self) -> tuple[int, int]:
        return len(self.found), len(self._crashes)

    def since(self, mark: tuple[int, int]) -> tuple[list[tuple[str, Finding]], list[str]]:
        """The findings (by rule code) and crash messages recorded after ``mark``."""
        return ([(rule.code, finding) for rule, finding in self.found[mark[0]:]],
                [message for _, message in self._crashes[mark[1]:]])

    def adopt(self, entries: Sequence[AssistantEntry], found: Sequence[tuple[str, Finding]],
              crashes: Sequence[str], source: object) -> None:
        """Record what a worker found on ``entries``, as if ``assistant_built`` ran here."""
        by_code = {rule.code: rule for rules in self.by_scope.values() for rule in rules}
        self.found.extend((by_code[code], finding) for code, finding in found)
        self._crashes.extend((source, message) for message in crashes)
        for entry in entries:
            self._checked[id(entry)] = source

    def forget(self, source: object) -> None:
        self.found = [(rule, f) for rule, f in self.found if f.document is not source]
        self._checked = {key: s for key, s in self._checked.items() if s is not source}
        self._crashes = [(s, message) for s, message in self._crashes if s is not source]

    def finish(self) -> list[tuple[Rule, Finding]]:
        workspace = self.workspace
        for document in workspace.documents:
            context = DocumentContext(document, workspace)
            for rule in self.by_scope.get(DOCUMENT, ()):
                self._apply(rule, context, document.name)
            for entry in document.assistants:
                self._check_entry(entry, True if id(entry) in self._checked else None)
        run_context = RunContext(workspace)
        for rule in self.by_scope.get(RUN, ()):
            self._apply(rule, run_context, "run")
        workspace.errors.extend(message for _, message in self._crashes)
        return self.found


def run_rules(workspace: Workspace, rules: Sequence[Rule]) -> list[tuple[Rule, Finding]]:
    """Every finding of every rule, each rule called once per subject of its scope."""
    return RuleRun(workspace, rules).finish()


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


def lint_streamed(inputs: Iterable[object], options: LintOptions | None = None, *,
                  assistants: Mapping[str, object] | None = None, tools: Mapping[str, str] | None = None,
                  provider: str = "auto", jobs: int = 1) -> Report:
    """``lint_workspace(load_workspace(inputs, ...))`` with each assistant of a file checked
    as soon as it is read, then let go: the same report, in a fraction of the memory. The
    report's workspace keeps of each assistant only what run-wide rules read (ids, tools,
    hand-off edges): it is for reports, not for diagrams. ``jobs`` processes may share the
    assistants of a large file (``flowlint.parallel``); the report is the same."""
    from .loading import read_into

    options = options or LintOptions()
    workspace = Workspace([], assistants, tools, [])
    run = RuleRun(workspace, select_rules(ALL_RULES, options.select, options.ignore), jobs)
    read_into(workspace, inputs, provider, run)
    return Report(tuple(stamp(run.finish(), options.severity)), workspace, options.fail_on)


def lint_workspace(workspace: Workspace, options: LintOptions | None = None,
                   rules: Sequence[Rule] = ALL_RULES) -> Report:
    options = options or LintOptions()
    chosen = select_rules(rules, options.select, options.ignore)
    diagnostics = stamp(run_rules(workspace, chosen), options.severity)
    return Report(tuple(diagnostics), workspace, options.fail_on)
