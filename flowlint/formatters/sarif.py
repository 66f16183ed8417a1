"""SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

One run; ``tool.driver.rules`` lists every rule that fired (with its generated
documentation as help); each result has a physical location (artifact URI relative to the
working folder under ``%SRCROOT%``; a region only when the line is known), a logical
location naming the assistant, node or edge, and ``partialFingerprints`` from the
diagnostic's line-independent fingerprint.
"""
from __future__ import annotations

import json
from typing import Any

from .._version import __version__
from ..diagnostics import Diagnostic, Severity
from ..docs import _pretty
from ..report import Report
from ..rules import RULES_BY_CODE
from ..rules.base import Rule
from .options import FormatOptions
from .paths import artifact_uri, clean

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/flowlint/"
FINGERPRINT_KEY = "flowlint/v1"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _fence(text: str, kind: str) -> str:
    try:
        json.loads(text)
        language = "json"
    except ValueError:
        language = "toml" if kind == "config" else ""  # FL001's example is not JSON on purpose
    return f"```{language}\n{_pretty(text)}\n```"


def rule_descriptor(rule: Rule) -> dict[str, Any]:
    text = (f"{rule.summary}\n\n{rule.description}\n\nExample (flagged):\n{_pretty(rule.example)}"
            f"\n\nUse instead:\n{_pretty(rule.fixed)}")
    markdown = (f"**{rule.summary}**\n\n{rule.description}\n\n#### Example (flagged)\n\n"
                f"{_fence(rule.example, rule.example_kind)}\n\n#### Use instead\n\n"
                f"{_fence(rule.fixed, rule.example_kind)}")
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.description},
        "help": {"text": text, "markdown": markdown},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"tags": ["flowlint", rule.group]},
    }


def _message(d: Diagnostic) -> str:
    suffix = f' (assistant "{d.assistant_id}")' if d.assistant_id is not None else ""
    return clean(d.message + suffix)


def _logical_location(d: Diagnostic) -> dict[str, Any] | None:
    parts = [(kind, value) for kind, value in
             (("assistant", d.assistant_id), ("node", d.node_id), ("edge", d.edge_id)) if value is not None]
    if not parts:
        return None
    kind, name = parts[-1]
    return {"name": clean(name), "kind": kind,
            "fullyQualifiedName": clean("/".join(f"{k}:{v}" for k, v in parts))}


def result(d: Diagnostic, rule_index: int, uris: dict[str, tuple[str, bool]]) -> dict[str, Any]:
    if d.file not in uris:
        uris[d.file] = artifact_uri(d.file)
    uri, relative = uris[d.file]
    physical: dict[str, Any] = {"artifactLocation": {"uri": uri, **({"uriBaseId": "%SRCROOT%"} if relative else {})}}
    if d.line:
        physical["region"] = {"startLine": d.line, **({"startColumn": d.column} if d.column else {})}
    location: dict[str, Any] = {"physicalLocation": physical}
    logical = _logical_location(d)
    if logical:
        location["logicalLocations"] = [logical]
    properties = {"pointer": clean(d.pointer), "assistantId": d.assistant_id,
                  "nodeId": d.node_id, "edgeId": d.edge_id}
    return {
        "ruleId": d.code,
        "ruleIndex": rule_index,
        "level": LEVELS[d.severity],
        "message": {"text": _message(d)},
        "locations": [location],
        "partialFingerprints": {FINGERPRINT_KEY: d.fingerprint},
        "properties": {k: clean(v) if isinstance(v, str) else v for k, v in properties.items()},
    }


def sarif_log(report: Report) -> dict[str, Any]:
    """The SARIF log of a report, as a JSON-ready dict."""
    codes = sorted({d.code for d in report.diagnostics})
    index = {code: i for i, code in enumerate(codes)}
    uris: dict[str, tuple[str, bool]] = {}  # one path computation per file, not per result
    invocation: dict[str, Any] = {"executionSuccessful": not report.errors}
    if report.errors:
        invocation["toolExecutionNotifications"] = [
            {"level": "error", "message": {"text": clean(problem)}} for problem in report.errors]
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "flowlint",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": [rule_descriptor(RULES_BY_CODE[code]) for code in codes],
            }},
            "invocations": [invocation],
            "columnKind": "unicodeCodePoints",
            "results": [result(d, index[d.code], uris) for d in report.diagnostics],
        }],
    }


# Indented output is for people; json's indenting encoder is pure Python and would dominate
# a run with a huge number of results, so large logs are written compactly (same content).
INDENT_UP_TO = 5000


def render(report: Report, options: FormatOptions) -> str:
    indent = 2 if len(report.diagnostics) <= INDENT_UP_TO else None
    return report.to_sarif(indent) + "\n"
