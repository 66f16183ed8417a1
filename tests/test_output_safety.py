"""Text from a flow can never drive a terminal, inject a workflow command, break XML, JSON,
DOT, Mermaid, SVG or HTML, and a secret flagged by FL701 never appears in any output.

Every format gets the SAME hostile strings, placed in node ids, edge ids, assistant ids,
names, instructions, condition prompts and hand-off targets. tests/test_diagrams_safety.py
checks the diagrams' grammar on its own strings; its checkers are reused here.
"""
from __future__ import annotations

import html.parser
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest

import flowlint
from flowlint.diagrams import diagram_of, entry_diagram, to_image
from flowlint.diagrams.dot import to_dot
from flowlint.diagrams.mermaid import to_mermaid
from flowlint.diagrams.render import render_source
from flowlint.formatters import get_formatter
from flowlint.formatters.options import FormatOptions
from flowlint.formatters.paths import clean
from flowlint.formatters.text import neutralize
from flowlint.notebook import report_html

from conftest import run_cli
from test_diagrams_safety import (DOT_LINE, MERMAID_EDGE, MERMAID_NODE, MERMAID_OTHER, assert_no_injection,
                                  split_html_label)

HOSTILE = {
    "ansi": "\x1b[31mRED\x1b[0m\x1b[2J",
    "osc8": "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\",
    "cr": "ok\rFAKE OK",
    "lf": "one\ntwo",
    "c0-c1": "a\x00b\x07c\x08d\x7fe\x85f\x9bg\x90h\x9di",
    "bidi": "abc\u202edcba\u2066x\u2069\u200f",
    "line-separators": "p\u2028q\u2029r",
    "workflow": "::error file=x.py,line=1::pwned",
    "workflow-escaped": "x%0A::warning::y%0D%25",
    "workflow-newline": "z\n::set-output name=a::b\r\n::add-mask::c",
    "xml": "<>&\"' ]]> <!-- <![CDATA[",
    "dot": '" \\ {} <> | -> n0 [label="x"] } digraph {',
    "mermaid": 'A-->B; click A "javascript:alert(1)" %%{init: {}}%% #quot; `md` end',
    "script": "</script><script>alert(1)</script>",
    "surrogate": "lone\ud800half",
    "long": "L" * 5000,
}
# FL701: credentials in a tool's headers and URL. None may be printed, in any format.
SECRETS = ["sk-proj-Q7wE9rT2yU4iO6pA8sD0fG1hJ3kL5zX", "ghp_Zq8Wm3Xr7Tn2Bv6Lk9Pd4Hs1Gf5Jc0Ay",
           "4f3e2d1c0b9a8f7e6d5c4b3a29180716", "Hunter2Hunter2xyz", "Zx9Yw8Vu7Ts6Rq5Po4Nm3"]


def assistant(index: int, text: str) -> dict:
    """One assistant whose ids, names, instructions and prompts all carry ``text``."""
    start, orphan, edge = f"n{index}-{text}", f"u{index}-{text}", f"e{index}-{text}"
    return {
        "id": f"a{index}-{text}", "name": text, "model": "m", "instructions": text,
        "created_at": "2025-01-01T00:00:00Z",
        "tools": [{"type": "webhook", "webhook": {
            "name": text[:50], "description": text, "method": "POST",
            "url": f"https://user:{SECRETS[3]}@api.example.org/hook?api_key={SECRETS[4]}",
            "headers": [{"name": "Authorization", "value": f"Bearer {SECRETS[2]}"},
                        {"name": "X-Api-Key", "value": SECRETS[0]}, {"name": SECRETS[1], "value": SECRETS[1]}]}}],
        "conversation_flow": {"start_node_id": start, "nodes": [
            {"type": "prompt", "id": start, "name": text, "instructions": text},
            {"type": "speak", "id": orphan, "name": text, "message": text},
            {"type": "tool", "id": f"t{index}-{text}", "name": text, "shared_tool_id": text},
        ], "edges": [
            {"id": edge, "start_node_id": start, "condition": {"type": "llm", "prompt": text},
             "target": {"type": "node", "node_id": f"t{index}-{text}"}},
            {"id": edge + "-2", "start_node_id": start, "condition": {"type": "llm", "prompt": text},
             "target": {"type": "assistant", "assistant_id": f"h{index}-{text}"}},
            {"id": edge + "-3", "start_node_id": start, "condition": {"type": "llm", "prompt": " "},
             "target": {"type": "node", "node_id": f"missing{index}-{text}"}},
            {"id": edge + "-4", "start_node_id": f"t{index}-{text}", "condition": {"type": "llm", "prompt": text},
             "target": {"type": "node", "node_id": start}},
        ]}}


DOCUMENT = {"data": [assistant(i, text) for i, text in enumerate(HOSTILE.values())]}


@pytest.fixture(scope="module")
def report() -> flowlint.Report:
    return flowlint.lint(json.dumps(DOCUMENT, indent=1))


@pytest.fixture(scope="module")
def cli_outputs(tmp_path_factory) -> dict[str, bytes]:
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "hostile.json").write_text(json.dumps(DOCUMENT, indent=1), encoding="utf-8")
    outputs = {}
    for fmt in ("text", "json", "sarif", "github", "junit"):
        done = run_cli("check", "hostile.json", "--format", fmt, "--fail-on", "info", cwd=folder)
        assert done.returncode == 1 and done.stderr == b"", done.stderr
        outputs[fmt] = done.stdout
    return outputs


def test_the_hostile_input_reaches_every_message_field(report) -> None:
    """The strings really are in the findings: ids in messages, subjects and assistants."""
    codes = {d.code for d in report.diagnostics}
    assert {"FL301", "FL204", "FL205", "FL401", "FL501", "FL701"} <= codes
    for index, text in enumerate(HOSTILE.values()):
        assert any(d.node_id == f"u{index}-{text}" and f"u{index}-{text}" in d.message
                   for d in report.diagnostics if d.code == "FL301")
        assert any(d.edge_id == f"e{index}-{text}" for d in report.diagnostics)
        assert any(d.assistant_id == f"a{index}-{text}" for d in report.diagnostics)


def assert_no_secret(output: str | bytes) -> None:
    text = output.decode("utf-8", "replace") if isinstance(output, bytes) else output
    for secret in SECRETS:
        assert secret not in text
        assert secret[:12] not in text  # nor a recognisable part of it


def fl701_count(report) -> int:
    return sum(d.code == "FL701" for d in report.diagnostics)


# ------------------------------------------------------------------------------ text
UNSAFE_ON_A_TERMINAL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2028\u2029"
                                  "\u2066-\u2069\ud800-\udfff]")


def shown(d) -> str:
    """The message as machine formats show it: with its assistant, lone surrogates replaced."""
    suffix = f' (assistant "{d.assistant_id}")' if d.assistant_id is not None else ""
    return clean(d.message + suffix)


def test_text_output_cannot_drive_a_terminal(report, cli_outputs) -> None:
    text = cli_outputs["text"].decode("utf-8")
    assert not UNSAFE_ON_A_TERMINAL.search(text)
    lines = text.splitlines()
    assert len(lines) == len(report.diagnostics) + 1  # no message added a line
    assert all(line.startswith("hostile.json:") for line in lines[:-1])
    assert "\\x1b[31mRED" in text and "\\u202e" in text and "\\r" in text and "\\ud800" in text
    assert get_formatter("text")(report, FormatOptions()).count("\n") == len(report.diagnostics) + 1
    assert_no_secret(text)


# ------------------------------------------------------------------------ JSON, SARIF
def test_json_output_round_trips_every_string_exactly(report, cli_outputs) -> None:
    raw = cli_outputs["json"].decode("utf-8")
    assert not UNSAFE_ON_A_TERMINAL.search(raw.replace("\n", ""))
    found = json.loads(raw)["diagnostics"]
    library = [{**d.to_dict(), "file": "hostile.json"} for d in report.diagnostics]
    assert found == library  # every id and message, control characters and all
    assert json.loads(report.to_json())["diagnostics"] == [d.to_dict() for d in report.diagnostics]
    assert_no_secret(raw)


def test_sarif_output_round_trips_every_message_and_validates(report, cli_outputs) -> None:
    import jsonschema

    from conftest import ROOT

    raw = cli_outputs["sarif"].decode("utf-8")
    log = json.loads(raw)
    schema = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text())
    jsonschema.validate(log, schema)
    messages = [r["message"]["text"] for r in log["runs"][0]["results"]]
    assert sorted(messages) == sorted(shown(d) for d in report.diagnostics)
    assert [r["message"]["text"] for r in json.loads(report.to_sarif())["runs"][0]["results"]] == messages
    assert_no_secret(raw)


# ---------------------------------------------------------------------------- GitHub
ANNOTATION = re.compile(r"::(error|warning|notice) file=[^:,\r\n]*(,line=\d+(,col=\d+)?)?,title=FL\d{3} [a-z-]+"
                        r"::[^\r\n]*")


def _unescape(text: str) -> str:
    return re.sub("%(25|0D|0A|3A|2C)", lambda m: bytes.fromhex(m.group(1)).decode(), text)


def test_github_output_cannot_inject_a_workflow_command(report, cli_outputs) -> None:
    text = cli_outputs["github"].decode("utf-8")
    assert "\r" not in text
    lines = text.split("\n")
    assert lines.pop() == ""
    assert len(lines) == len(report.diagnostics)
    assert all(ANNOTATION.fullmatch(line) for line in lines)  # one command per line, nothing else
    # the message after the command's own "::" is the finding's (after unescaping), with
    # controls made visible as in text output: nothing can colour or reorder the log
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", text)
    messages = sorted(_unescape(line.split("::", 2)[2]) for line in lines)
    assert messages == sorted("".join(c if c in "\r\n" else neutralize(c) for c in shown(d))
                              for d in report.diagnostics)
    assert_no_secret(text)


# ----------------------------------------------------------------------------- JUnit
def test_junit_output_is_well_formed_xml_with_every_finding(report, cli_outputs) -> None:
    root = ET.fromstring(cli_outputs["junit"])
    failures = root.findall(".//failure")
    assert len(failures) == len(report.diagnostics)
    cases = {case.get("name") for case in root.iter("testcase")}
    assert {f"a{i}-{t}" for i, t in enumerate(HOSTILE.values()) if not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]", t)} <= cases
    assert_no_secret(cli_outputs["junit"])


# -------------------------------------------------------------------------- diagrams
def flow_diagrams(report):
    return [entry_diagram(e, report.diagnostics) for e in report.workspace.assistants] + [
        diagram_of(report, handoffs=True)]


def test_dot_output_is_well_formed_and_parses(report) -> None:
    for diagram in flow_diagrams(report):
        source = to_dot(diagram)
        plain, _ = split_html_label(source)  # the title and legend table: checked in test_diagrams_safety
        assert [line for line in plain.splitlines() if not DOT_LINE.match(line)] == []
        assert_no_secret(source)
        laid_out = json.loads(render_source(source, "json"))  # Graphviz parses it
        names = [o["name"] for o in laid_out.get("objects", []) if "nodes" not in o]
        assert len([n for n in names if re.fullmatch(r"[nhma]\d+", n)]) == len(diagram.nodes)


def test_mermaid_output_keeps_one_node_per_flow_node(report) -> None:
    for diagram in flow_diagrams(report):
        text = to_mermaid(diagram)
        for line in text.splitlines():
            assert MERMAID_NODE.match(line) or MERMAID_EDGE.match(line) or MERMAID_OTHER.match(line), line
        defined = [MERMAID_NODE.match(line).group(1) for line in text.splitlines() if MERMAID_NODE.match(line)]
        assert len(defined) == len(set(defined)) == len(diagram.nodes)
        code = [line for line in text.splitlines() if not line.lstrip().startswith("%%")]  # comments
        assert "javascript:" not in re.sub(r'"[^"]*"', "", "\n".join(code))
        assert_no_secret(text)


@pytest.mark.parametrize("renderer", [
    "pygraphviz",
    pytest.param("dot", marks=pytest.mark.skipif(shutil.which("dot") is None, reason="no Graphviz dot")),
])
def test_svg_output_parses_and_has_no_injected_element(report, renderer) -> None:
    diagrams = flow_diagrams(report)
    for diagram in diagrams:
        svg = to_image(diagram, "svg", renderer=renderer)
        assert_no_injection(svg)
        assert b"\x1b" not in svg
        assert_no_secret(svg)


# ------------------------------------------------------------------- notebook HTML
class _Tags(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.add(tag)
        assert not [name for name, _ in attrs if name.startswith("on")]


def test_notebook_html_escapes_everything(report) -> None:
    page = report._repr_html_()
    page.encode("utf-8")
    parser = _Tags()
    parser.feed(page)
    table = {"p", "b", "table", "thead", "tbody", "tr", "th", "td", "code", "a"}  # a: to a drawn node
    drawing = {"style", "div", "svg", "g", "title", "text", "path", "polygon", "polyline", "ellipse"}
    assert parser.tags <= table | drawing
    assert "</script>" not in page and "&lt;/script&gt;" in page
    assert_no_secret(page)
    assert report_html(report) == page
    workspace = report.workspace
    for shown in [workspace.assistants[0], workspace.assistants[list(HOSTILE).index("script")], workspace]:
        svg = shown._repr_svg_()
        assert svg is not None
        assert_no_injection(svg.encode("utf-8"))
        assert_no_secret(svg)


def test_fl701_fires_without_printing_the_secret(report) -> None:
    assert fl701_count(report) >= 4 * len(HOSTILE)
    for d in report.diagnostics:
        assert_no_secret(d.message)
