"""The HTML report in a real browser: Debian's chromium, headless, from a file:// URL.

The page must render with no console error and no Content-Security-Policy violation, hold
every finding, filter and sort its table, highlight a finding's node or edge on a click,
and request nothing but itself. Without chromium these tests are skipped, except in CI
(``CI=true``), where a missing chromium is a failure (.ci/run installs it).
"""
from __future__ import annotations

import html
import json
from pathlib import Path

import pytest

import flowlint
from conftest import FIXTURES
from devtools import Browser, chromium_path, in_ci
from flowlint.diagrams import render
from flowlint.diagrams.dot import to_dot
from flowlint.formatters import get_formatter
from flowlint.formatters.html_table import escape
from flowlint.formatters.options import FormatOptions
from hostile_flows import hostile_flows

if chromium_path() is None:
    if in_ci():
        pytest.fail("CI=true but chromium is not installed (.ci/run installs it)", pytrace=False)
    pytest.skip("chromium is not installed", allow_module_level=True)
pytest.importorskip("websocket", reason="websocket-client (the test extra) drives chromium")


def graphviz_renderer(monkeypatch) -> bool:
    """Make the report's SVG come from Graphviz, whose elements carry the ids findings link
    to. True when it does (the renderer already is Graphviz, or pygraphviz is installed)."""
    report = flowlint.lint(str(FIXTURES / "seed-import-response.json"))
    from flowlint.diagrams import diagram_of

    if b'id="fl-node-0"' in render.render_image(diagram_of(report), "svg"):
        return True
    try:
        import pygraphviz
    except ImportError:
        return False
    monkeypatch.setattr(render, "render_image", lambda diagram, fmt, renderer=None:
                        pygraphviz.AGraph(string=to_dot(diagram)).draw(format=fmt, prog="dot"))
    return True


@pytest.fixture
def browser(tmp_path: Path):
    opened = Browser(tmp_path / "profile")
    yield opened
    opened.close()


def write_report(path: Path, *inputs: str) -> flowlint.Report:
    report = flowlint.lint(*inputs)
    path.write_text(get_formatter("html")(report, FormatOptions()), encoding="utf-8")
    return report


DEMO = (str(FIXTURES / "diagram-demo.json"), str(FIXTURES / "ten-defects.json"),
        str(FIXTURES / "seed-import-response.json"))


def visible_rows(browser: Browser) -> int:
    return browser.evaluate("document.querySelectorAll('#fl-findings tbody tr:not([hidden])').length")


def test_the_page_renders_with_every_finding_and_loads_nothing(browser, tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    report = write_report(page, *DEMO)
    browser.open(page)
    assert browser.problems() == []
    assert browser.requested_urls() == [page.resolve().as_uri()]
    messages = browser.evaluate(
        "Array.from(document.querySelectorAll('#fl-findings tbody tr')).map(r => r.cells[3].textContent)")
    expected = [html.unescape(escape(d.message)) for d in report.diagnostics]
    assert messages == expected
    assert browser.evaluate("document.querySelectorAll('svg.fl-svg').length") == 5  # 4 flows, hand-offs
    assert browser.evaluate("document.getElementById('fl-count').textContent") == \
        f"{len(report.diagnostics)} of {len(report.diagnostics)} findings shown"


def test_filters_and_sorting_work(browser, tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    report = write_report(page, *DEMO)
    browser.open(page)
    browser.evaluate("var s = document.getElementById('fl-filter-severity'); s.value = 'error';"
                     "s.dispatchEvent(new Event('change'))")
    assert visible_rows(browser) == report.summary["error"]
    browser.evaluate("var s = document.getElementById('fl-filter-severity'); s.value = '';"
                     "s.dispatchEvent(new Event('change'));"
                     "var t = document.getElementById('fl-filter-text'); t.value = 'n_orphan';"
                     "t.dispatchEvent(new Event('input'))")
    assert visible_rows(browser) == sum(1 for d in report.diagnostics if "n_orphan" in d.message
                                        or d.node_id == "n_orphan")
    browser.evaluate("document.querySelector('button.fl-sort[data-key=rule]').click()")
    codes = browser.evaluate("Array.from(document.querySelectorAll('#fl-findings tbody tr'))"
                             ".map(r => r.dataset.rule)")
    assert codes == sorted(d.code for d in report.diagnostics)
    browser.evaluate("document.querySelector('button.fl-rule-filter[data-rule=FL303]').click()")
    assert visible_rows(browser) == sum(1 for d in report.diagnostics
                                        if d.code == "FL303" and "n_orphan" in d.message)
    fitted = "getComputedStyle(document.querySelector('svg.fl-svg')).maxWidth"
    assert browser.evaluate(fitted) == "100%"
    browser.evaluate("document.querySelector('button.fl-zoom').click()")
    assert browser.evaluate(fitted) == "none"  # actual size: a wide flow scrolls
    assert browser.problems() == []


def test_a_click_on_a_finding_highlights_its_node_or_edge(browser, tmp_path: Path, monkeypatch) -> None:
    if not graphviz_renderer(monkeypatch):
        pytest.skip("highlighting needs diagrams drawn by Graphviz (pygraphviz or dot)")
    page = tmp_path / "report.html"
    write_report(page, *DEMO)
    browser.open(page)
    linked = browser.evaluate("Array.from(document.querySelectorAll('#fl-findings tr[data-target]'))"
                              ".filter(r => r.dataset.target).map(r => r.dataset.target)")
    assert len(linked) >= 15 and any("fl-edge-" in t for t in linked) and any("fl-node-" in t for t in linked)
    for target in (next(t for t in linked if "fl-edge-" in t), next(t for t in linked if "fl-node-" in t)):
        state = browser.evaluate(f"""(() => {{
            const link = document.querySelector('a.fl-show[data-target="{target}"]');
            link.click();
            const element = document.getElementById("{target}");
            const shape = element.querySelector("polygon, path, ellipse");
            return {{highlighted: element.classList.contains("fl-highlight"),
                     stroke: getComputedStyle(shape).stroke,
                     open: element.closest("details").open,
                     selected: link.closest("tr").classList.contains("fl-selected"),
                     others: document.querySelectorAll(".fl-highlight").length}};
        }})()""")
        assert state == {"highlighted": True, "stroke": "rgb(213, 0, 249)", "open": True,
                         "selected": True, "others": 1}
    # And the other way: a click on a node selects its findings in the table.
    node = next(t for t in linked if "fl-node-" in t)
    selected = browser.evaluate(f"""(() => {{
        document.getElementById("{node}").dispatchEvent(new MouseEvent("click", {{bubbles: true}}));
        return Array.from(document.querySelectorAll("tr.fl-selected")).map(r => r.dataset.target);
    }})()""")
    assert selected and set(selected) == {node}
    assert browser.problems() == []
    # A link to an element opens the page with it highlighted.
    for url in ("about:blank", f"{page.resolve().as_uri()}#{node}"):
        browser.events.clear()
        browser.call("Page.navigate", url=url)
        browser.wait_for("Page.loadEventFired")
    assert browser.evaluate(f'document.getElementById("{node}").classList.contains("fl-highlight")')
    assert browser.problems() == []


def test_hostile_strings_neither_run_nor_break_the_page(browser, tmp_path: Path, monkeypatch) -> None:
    graphviz_renderer(monkeypatch)
    page = tmp_path / "hostile.html"
    report = write_report(page, hostile_flows())
    browser.open(page)
    assert browser.problems() == []  # no alert dialog, no CSP violation, no error
    assert browser.requested_urls() == [page.resolve().as_uri()]
    assert browser.evaluate("document.scripts.length") == 1
    assert browser.evaluate("document.querySelectorAll('img, iframe, object, embed').length") == 0
    assert browser.evaluate("document.querySelectorAll('#fl-findings tbody tr').length") == len(report.diagnostics)
    assistants = json.loads(browser.evaluate(
        "JSON.stringify(Array.from(document.querySelectorAll('#fl-findings tbody tr')).map(r => r.dataset.assistant))"))
    assert "</svg><script>alert(1)</script>" in assistants


REAL_FLOWS = Path(__file__).resolve().parent.parent.parent / "shared" / "real-flows"


@pytest.mark.skipif(not REAL_FLOWS.is_dir(), reason="../shared/real-flows is not beside the repository")
def test_real_flows_render_cleanly(browser, tmp_path: Path, monkeypatch) -> None:
    graphviz_renderer(monkeypatch)
    page = tmp_path / "real.html"
    report = write_report(page, str(REAL_FLOWS))
    browser.open(page)
    assert browser.problems() == []
    assert browser.requested_urls() == [page.resolve().as_uri()]
    assert browser.evaluate("document.querySelectorAll('#fl-findings tbody tr').length") == len(report.diagnostics)
    assert browser.evaluate("document.querySelectorAll('svg.fl-svg').length") >= 10
