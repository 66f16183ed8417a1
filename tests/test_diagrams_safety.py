"""Text from a flow can never break or inject into DOT, Mermaid, SVG or HTML."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

import flowlint
from flowlint.diagrams import diagram_of, to_image
from flowlint.diagrams.dot import to_dot
from flowlint.diagrams.mermaid import to_mermaid
from flowlint.notebook import report_html

HOSTILE = [
    'say "hi" \\" \\',
    "<script>alert('x')</script>",
    'a"] ; n0 -> n1 [label="pwn"] }\n{ digraph',
    "A --> B | C ]] [[ {{ }} ((x)) %% comment `code` #quot; &amp; ;",
    "line one\nline two\r\ttabbed\x00nul",
    "<b>bold</b>",
    "<<html>>",
    "Ærøskøbing — 日本語 — emoji 🚀",
    "\\",
    "trailing backslash \\",
]


def hostile_import() -> dict:
    nodes, edges = [], []
    for index, text in enumerate(HOSTILE):
        node_id = f"{text}#{index}"
        kind = ("prompt", "tool", "speak")[index % 3]
        node = {"type": kind, "id": node_id, "name": text}
        node.update({"prompt": {"instructions": text, "instructions_mode": "append"},
                     "tool": {"shared_tool_id": text}, "speak": {"message": text}}[kind])
        nodes.append(node)
        if index:
            condition = ({"type": "llm", "prompt": text} if nodes[index - 1]["type"] == "prompt" else
                         {"type": "default"})
            edges.append({"id": f"e{index}{text}", "start_node_id": nodes[index - 1]["id"],
                          "condition": condition, "target": {"type": "node", "node_id": node_id}})
    edges.append({"id": "ex", "start_node_id": nodes[0]["id"], "condition": {
        "type": "expression", "expression": {"type": "comparison", "left": {"type": "variable", "name": HOSTILE[2]},
                                             "op": HOSTILE[3], "right": {"type": "string_literal", "value": HOSTILE[1]}}},
        "target": {"type": "assistant", "assistant_id": HOSTILE[4]}})
    edges.append({"id": "eg", "start_node_id": nodes[0]["id"], "condition": {"type": "llm", "prompt": HOSTILE[0]},
                  "target": {"type": "node", "node_id": HOSTILE[6]}})  # a target that names no node
    nodes.append({"type": "prompt", "id": HOSTILE[7], "name": HOSTILE[5], "instructions": "x"})  # unreachable
    return {"data": [{"id": HOSTILE[2], "name": HOSTILE[1], "created_at": "2026-01-01T00:00:00Z",
                      "model": "m", "instructions": "i",
                      "conversation_flow": {"start_node_id": nodes[0]["id"], "nodes": nodes, "edges": edges}}]}


@pytest.fixture(scope="module")
def report():
    return flowlint.lint(json.dumps(hostile_import()))


@pytest.fixture(scope="module", params=["flow", "handoffs"])
def diagram(request, report):
    return diagram_of(report, handoffs=request.param == "handoffs")


def flow_node_count(report) -> int:
    return len(report.workspace.assistants[0].flow.node_by_id)


# ----------------------------------------------------------------------------- DOT
QUOTED = r'"(?:[^"\\\n]|\\.)*"'
VALUE = rf'(?:{QUOTED}|[A-Za-z0-9_.#-]+)'
ATTRS = rf'(?:\[(?:\s*[a-z]+={VALUE})*\s*\])'
NAME = r'(?:[nhma]\d+|start|legend\d+)'
DOT_LINE = re.compile(rf'^\s*(?:(?:{NAME})(?:\s*->\s*{NAME})?\s*{ATTRS}?'
                      rf'|(?:graph|node|edge)\s*{ATTRS}|(?:[a-z]+={VALUE}\s*)+'
                      rf'|digraph (?:flow|handoffs) \{{|subgraph cluster_legend \{{|\}})\s*$')


HTML_LABEL_TAGS = {"TABLE", "TR", "TD", "FONT", "B"}


def split_html_label(source: str) -> tuple[str, str]:
    """(the DOT with the one HTML-like label replaced by "x", that label's inside)."""
    start = source.index("label=<") + len("label=")
    depth, end = 0, start
    for end, char in enumerate(source[start:], start):
        depth += {"<": 1, ">": -1}.get(char, 0)
        if depth == 0:
            break
    return source[:start] + "x" + source[end + 1:], source[start + 1:end]


def test_dot_lines_are_well_formed_without_graphviz(diagram):
    source, html_label = split_html_label(to_dot(diagram))
    bad = [line for line in source.splitlines() if not DOT_LINE.match(line)]
    assert bad == []
    assert "<script" not in re.sub(QUOTED, "", source)
    # the title and legend: well-formed markup of our own tags only, the flow's text as text
    table = ET.fromstring(html_label)
    assert {element.tag for element in table.iter()} <= HTML_LABEL_TAGS
    assert diagram.title in "".join(table.itertext())


def test_dot_parses_with_graphviz_and_keeps_every_node(diagram):
    from flowlint.diagrams.render import render_source

    laid_out = json.loads(render_source(to_dot(diagram), "json"))
    names = {o["name"] for o in laid_out.get("objects", []) if "nodes" not in o}
    assert names >= {n.name for n in diagram.nodes}
    assert len([n for n in names if re.fullmatch(r"[nhma]\d+", n)]) == len(diagram.nodes)


# ----------------------------------------------------------------------------- SVG
def assert_no_injection(svg: bytes) -> None:
    root = ET.fromstring(svg)
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1].lower()
        assert tag not in ("script", "foreignobject", "iframe"), tag
        assert not [a for a in element.attrib if a.rsplit("}", 1)[-1].lower().startswith("on")]


@pytest.mark.parametrize("renderer", [
    "pygraphviz",
    pytest.param("dot", marks=pytest.mark.skipif(shutil.which("dot") is None, reason="no dot")),
])
def test_svg_has_no_injected_element(diagram, renderer):
    svg = to_image(diagram, "svg", renderer=renderer)
    assert_no_injection(svg)
    if diagram.kind == "flow":  # the hostile text is there, as text
        assert "Ærøskøbing" in " ".join(ET.fromstring(svg).itertext())


# ------------------------------------------------------------------------- Mermaid
MERMAID_NODE = re.compile(r'^\s*([nhma]\d+)(\(|\[\[|>|\[|\{\{|\[/)"[^"]*"(\)|\]\]|\]|\}\}|/\])'
                          r':::[a-z_]+$')
MERMAID_EDGE = re.compile(r'^\s*([nhma]\d+|entry) -(?:->|\.->)(?:\|"[^"]*"\|)? ([nhma]\d+)$')
MERMAID_OTHER = re.compile(r'^(flowchart LR|\s*%% [^\n]*|\s*entry\(\("start"\)\):::startmarker'
                           r'|\s*subgraph legend\["Legend"\]|\s*direction TB|\s*end'
                           r'|\s*legend\d+\S*"[^"]*"\S*:::[a-z]+|\s*linkStyle \d+ [a-z0-9:#,-]+'
                           r'|\s*classDef [a-z_]+ [a-z0-9:#,. -]+)$')


def test_mermaid_keeps_one_node_per_flow_node(report, diagram):
    text = to_mermaid(diagram)
    lines = text.splitlines()
    for line in lines:
        assert MERMAID_NODE.match(line) or MERMAID_EDGE.match(line) or MERMAID_OTHER.match(line), line
    defined = [MERMAID_NODE.match(line).group(1) for line in lines if MERMAID_NODE.match(line)]
    assert len(defined) == len(set(defined)) == len(diagram.nodes)
    if diagram.kind == "flow":
        assert len([name for name in defined if name.startswith("n")]) == flow_node_count(report)
    for label in re.findall(r'"([^"]*)"', text):
        plain = re.sub(r"#(?:quot|\d+);", "", label.replace("<br/>", ""))
        assert not set(plain) & set('"<>[]{}()|`%;\\#&'), label


# ---------------------------------------------------------------------------- HTML
def test_report_html_escapes_everything(report):
    page = report_html(report)
    assert "<script" not in page and "&lt;script&gt;" in page
    assert "<b>bold" not in page

    class Tags(HTMLParser):
        seen: set = set()

        def handle_starttag(self, tag, attrs):
            self.seen.add(tag)
            assert not [name for name, _ in attrs if name.startswith("on")]
            if tag == "a":  # links only jump to a node or edge drawn on the page
                assert [name for name, _ in attrs] == ["href"] and dict(attrs)["href"].startswith("#flowlint-")

    parser = Tags()
    parser.feed(page)
    table = {"p", "b", "table", "thead", "tbody", "tr", "th", "td", "code", "a"}
    drawing = {"style", "div", "svg", "g", "title", "text", "path", "polygon", "polyline", "ellipse"}
    assert parser.seen <= table | drawing
    assert "svg" in parser.seen  # the flow with its findings is drawn under the table
