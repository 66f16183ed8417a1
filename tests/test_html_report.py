"""`flowlint check --format html`: one self-contained page, every string escaped.

What a browser does with the page (console, highlighting, network) is in
test_html_browser.py; this file reads the page as an HTML parser does.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given

import flowlint
from conftest import FIXTURES, ROOT, run_cli
from flow_strategies import budget, count
from flowlint.formatters import get_formatter
from flowlint.formatters.html_assets import CONTENT_SECURITY_POLICY, SCRIPT, _sha256
from flowlint.formatters.html_diagrams import inline_svg
from flowlint.formatters.options import FormatOptions
from hostile_flows import PAGE_HOSTILE, hostile_flows
from test_mutations import mutated_fixture


class Page(HTMLParser):
    """Every start tag with its attributes, and the text of each <script>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if tag == "script":
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data
        self.text.append(data)

    def ids(self) -> list[str]:
        return [a["id"] for _, a in self.tags if a.get("id")]


def page_of(report: flowlint.Report) -> str:
    return get_formatter("html")(report, FormatOptions())


def parse(page: str) -> Page:
    parsed = Page()
    parsed.feed(page)
    parsed.close()
    return parsed


@pytest.fixture(scope="module")
def demo_page() -> str:
    return page_of(flowlint.lint(str(FIXTURES / "diagram-demo.json"), str(FIXTURES / "ten-defects.json")))


@pytest.fixture(scope="module")
def hostile_page() -> tuple[flowlint.Report, str]:
    report = flowlint.lint(hostile_flows())
    return report, page_of(report)


def test_the_command_writes_a_page_and_exits_as_check_does(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    done = run_cli("check", str(FIXTURES / "ten-defects.json"), "--format", "html", "-o", str(out))
    assert done.returncode == 1, done.stderr
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    clean = run_cli("check", str(FIXTURES / "clean"), "--ignore", "FL503", "--format", "html")
    assert clean.returncode == 0, clean.stderr
    assert b"No findings." in clean.stdout


def test_the_policy_allows_no_remote_source_and_only_the_inline_script(demo_page: str) -> None:
    parsed = parse(demo_page)
    policy = [a["content"] for tag, a in parsed.tags if tag == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert policy == [CONTENT_SECURITY_POLICY]
    directives = dict(part.strip().split(" ", 1) for part in CONTENT_SECURITY_POLICY.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["script-src"] == f"'{_sha256(SCRIPT)}'"
    assert directives["img-src"] == "data:"
    assert parsed.scripts == [SCRIPT], "one script, exactly the one the policy's hash allows"
    # Self-contained: nothing that would load from anywhere, so it works as a CI artifact.
    for tag, attrs in parsed.tags:
        assert tag not in ("link", "iframe", "object", "embed", "img"), tag
        assert "src" not in attrs, (tag, attrs)
        href = attrs.get("href") or attrs.get("xlink:href")
        assert href is None or href.startswith("#"), (tag, attrs)


def test_summary_counts_and_one_row_per_finding(demo_page: str) -> None:
    report = flowlint.lint(str(FIXTURES / "diagram-demo.json"), str(FIXTURES / "ten-defects.json"))
    parsed = parse(demo_page)
    rows = [a for tag, a in parsed.tags if tag == "tr" and "data-index" in a]
    assert [(r["data-rule"], r["data-severity"]) for r in rows] == [
        (d.code, d.severity.label) for d in report.diagnostics]
    cards = re.findall(r'<div class="fl-card (\w+)"><b>(\d+)</b>', demo_page)
    assert {level: int(n) for level, n in cards} == report.summary
    rule_buttons = {a["data-rule"] for tag, a in parsed.tags if "fl-rule-filter" in (a.get("class") or "")}
    assert rule_buttons == {d.code for d in report.diagnostics}
    filters = {a["id"] for tag, a in parsed.tags if tag in ("select", "input")}
    assert filters == {"fl-filter-severity", "fl-filter-rule", "fl-filter-assistant", "fl-filter-text"}


def test_every_diagram_is_inline_and_ids_are_unique(demo_page: str) -> None:
    parsed = parse(demo_page)
    ids = parsed.ids()
    assert len(ids) == len(set(ids)), "one page, many SVGs: ids are prefixed per diagram"
    sections = [a["id"] for tag, a in parsed.tags if tag == "details"]
    assert len(sections) == 4  # three flows and the hand-off overview
    assert demo_page.count("<svg") == 4 and "<?xml" not in demo_page and "<!DOCTYPE svg" not in demo_page


def test_links_point_at_elements_of_the_page(demo_page: str) -> None:
    parsed = parse(demo_page)
    ids = set(parsed.ids())
    targets = [a["data-target"] for tag, a in parsed.tags if tag == "tr" and a.get("data-target")]
    assert all(target in ids for target in targets)
    if "fl-node-" in "".join(i for i in ids if i.startswith("d")):  # Graphviz drew the pictures
        assert len(targets) >= 15  # the findings about a node or an edge are linked


def test_svg_ids_are_prefixed_with_their_references() -> None:
    svg = (b'<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x.dtd">'
           b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
           b'<defs><clipPath id="c1"/></defs><g id="fl-node-0" clip-path="url(#c1)">'
           b'<use xlink:href="#c1"/><text>id="fl-node-9" &lt;/svg&gt;</text></g>'
           b'<script>alert(1)</script><foreignObject><p>x</p></foreignObject>'
           b'<a xlink:href="javascript:alert(2)" onclick="alert(3)"><text>t</text></a></svg>')
    inline = inline_svg(svg, "d3-")
    assert 'id="d3-fl-node-0"' in inline and 'url(#d3-c1)' in inline and 'xlink:href="#d3-c1"' in inline
    assert 'id="fl-node-9" &lt;/svg&gt;' in inline  # text stays text
    assert inline.startswith("<svg") and 'class="fl-svg"' in inline
    assert "script" not in inline and "foreignObject" not in inline and "alert" not in inline


def test_hostile_strings_stay_text(hostile_page) -> None:
    report, page = hostile_page
    parsed = parse(page)
    assert parsed.scripts == [SCRIPT]
    assert "\x00" not in page and "\u202e" not in page
    for tag, attrs in parsed.tags:
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        assert tag in KNOWN_TAGS, tag
    text = "".join(parsed.text)
    for hostile in PAGE_HOSTILE[:3]:
        assert hostile in text, hostile  # shown, as text
    assert "\\u202eevil\\u202c" in text and "nul\\x00byte" in text  # shown as visible escapes
    rows = [a for tag, a in parsed.tags if tag == "tr" and "data-index" in a]
    assert len(rows) == len(report.diagnostics)
    assert {r["data-assistant"] for r in rows} >= {PAGE_HOSTILE[0]}


KNOWN_TAGS = {"html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "p", "section", "div",
              "b", "table", "thead", "tbody", "tr", "th", "td", "code", "a", "button", "label", "select",
              "option", "input", "span", "details", "summary", "script", "ul", "li",
              # SVG from Graphviz or matplotlib
              "svg", "g", "title", "polygon", "path", "ellipse", "polyline", "text", "defs", "clippath",
              "use", "rect", "tspan", "line", "circle"}


def test_without_the_diagrams_extra_the_page_says_so(tmp_path: Path) -> None:
    # The diagrams extra missing: importing graphviz or matplotlib fails.
    script = ("import sys; sys.modules['graphviz'] = None; sys.modules['matplotlib'] = None\n"
              "from flowlint.cli import main; sys.exit(main(sys.argv[1:]))")
    out = tmp_path / "report.html"
    done = subprocess.run([sys.executable, "-c", script, "check", str(FIXTURES / "ten-defects.json"),
                           "--format", "html", "-o", str(out)], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 1, done.stderr
    assert "html report without diagrams" in done.stderr and "telnyx-flowlint[diagrams]" in done.stderr
    page = out.read_text(encoding="utf-8")
    assert 'id="fl-no-diagrams"' in page and "<svg" not in page
    assert page.count('data-index="') == len(flowlint.lint(str(FIXTURES / "ten-defects.json")).diagnostics)


def test_big_runs_are_capped_and_the_page_says_so(monkeypatch) -> None:
    from flowlint.formatters import html_diagrams

    monkeypatch.setattr(html_diagrams, "MAX_DIAGRAMS", 1)
    report = flowlint.lint(str(FIXTURES / "diagram-demo.json"), str(FIXTURES / "ten-defects.json"))
    page = page_of(report)
    assert "2 of 3 flows are not drawn (at most 1 per page" in page
    monkeypatch.setattr(html_diagrams, "MAX_NODES", 3)
    assert re.search(r"not drawn: \d+ nodes \(at most 3 per diagram\)", page_of(report))


def test_no_secret_reaches_the_page_or_the_summary(tmp_path: Path) -> None:
    from test_output_safety import DOCUMENT, assert_no_secret

    (tmp_path / "hostile.json").write_text(json.dumps(DOCUMENT, indent=1), encoding="utf-8")
    for fmt in ("html", "markdown"):
        done = run_cli("check", "hostile.json", "--format", fmt, cwd=tmp_path)
        assert done.returncode == 1 and done.stderr == b"", done.stderr
        assert_no_secret(done.stdout)


@budget(10)
@given(mutated_fixture())
def test_any_mutated_fixture_gives_a_whole_page(case) -> None:
    count("html mutations")
    _, data = case
    report = flowlint.lint(data)
    parsed = parse(page_of(report))
    assert parsed.scripts == [SCRIPT]
    assert sum(1 for tag, a in parsed.tags if tag == "tr" and "data-index" in a) == len(report.diagnostics)
    ids = parsed.ids()
    assert len(ids) == len(set(ids))
