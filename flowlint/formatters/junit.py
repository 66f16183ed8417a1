"""JUnit XML for CI test reports: a testsuite per file, a testcase per assistant.

Findings without an assistant (file-level problems, bare flows) go to a testcase named
``(file)``, which exists only when there are such findings or when the file has no
assistant at all (so that every linted file is a test, passing or not). Each finding at or above ``--fail-on`` is a ``<failure>``; the others are listed
in the testcase's ``<system-out>``. Built with ElementTree, so any message is escaped;
characters XML 1.0 cannot carry are removed first.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ..diagnostics import Diagnostic
from ..report import Report
from .options import FormatOptions
from .paths import relative_path

FILE_CASE = "(file)"
# Everything outside XML 1.0's Char production (controls, surrogates, U+FFFE/U+FFFF).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)


def _line(d: Diagnostic, path: str) -> str:
    where = f"{path}:{d.line}:{d.column}" if d.line else path
    return f"{where}: {d.code} [{d.severity.label}] {d.message}"


def _testsuite(parent: ET.Element, file: str, case_names: list[str],
               diagnostics: list[Diagnostic], options: FormatOptions) -> tuple[int, int]:
    by_case: dict[str, list[Diagnostic]] = {name: [] for name in case_names}
    for d in diagnostics:
        by_case.setdefault(d.assistant_id if d.assistant_id is not None else FILE_CASE, []).append(d)
    failures = sum(1 for d in diagnostics if d.severity >= options.fail_on)
    path = relative_path(file)
    suite = ET.SubElement(parent, "testsuite", name=xml_text(path),
                          tests=str(len(by_case)), failures=str(failures), errors="0", skipped="0")
    for name, found in by_case.items():
        case = ET.SubElement(suite, "testcase", name=xml_text(name),
                             classname=xml_text(path))
        for d in found:
            if d.severity >= options.fail_on:
                failure = ET.SubElement(case, "failure", type=d.code,
                                        message=xml_text(f"{d.code} {d.name}: {d.message}"))
                failure.text = xml_text(_line(d, path))
        below = [_line(d, path) for d in found if d.severity < options.fail_on]
        if below:
            ET.SubElement(case, "system-out").text = xml_text("\n".join(below))
    return len(by_case), failures


def render(report: Report, options: FormatOptions) -> str:
    root = ET.Element("testsuites", name="flowlint")
    by_file: dict[str, list[Diagnostic]] = {}
    for d in report.diagnostics:
        by_file.setdefault(d.file, []).append(d)
    files = {document.name: [a.id for a in document.assistants if a.id is not None]
             for document in report.workspace.documents}
    for file in by_file:  # findings about other files (a config, a baseline)
        files.setdefault(file, [])
    for file, case_names in files.items():
        if not case_names or any(d.assistant_id is None for d in by_file.get(file, ())):
            case_names.insert(0, FILE_CASE)
    tests = failures = 0
    for file, case_names in files.items():
        counted = _testsuite(root, file, list(dict.fromkeys(case_names)), by_file.get(file, []), options)
        tests, failures = tests + counted[0], failures + counted[1]
    root.set("tests", str(tests))
    root.set("failures", str(failures))
    root.set("errors", str(len(report.errors)))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
