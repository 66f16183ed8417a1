"""Jupyter display of reports, flows and workspaces, and the quickstart notebook itself."""
from __future__ import annotations

import os
import xml.etree.ElementTree as ET

import flowlint

from conftest import FIXTURES, ROOT

DEMO = FIXTURES / "diagram-demo.json"
NOTEBOOK = ROOT / "notebooks" / "quickstart.ipynb"


def test_report_displays_as_a_coloured_table():
    page = flowlint.lint(DEMO)._repr_html_()
    assert page.count("<tr>") == 6  # header + one row per finding
    assert "FL301" in page and "background:#fce8e6" in page and "n_old_survey" in page
    assert "FL408" in page and "background:#fef7e0" in page  # warnings have their own colour


def test_clean_report_displays_its_summary():
    page = flowlint.lint({"start_node_id": "a", "nodes": [
        {"id": "a", "type": "speak", "message": "Goodbye."}], "edges": []})._repr_html_()
    assert "0 errors, 0 warnings, 0 info" in page and "<table" not in page


def test_assistant_flow_and_workspace_display_as_svg(monkeypatch):
    monkeypatch.setenv("FLOWLINT_RENDERER", "pygraphviz")
    workspace = flowlint.load(DEMO)
    front_desk = workspace.assistants[0]
    for shown, expected in [(front_desk, "FL301"), (front_desk.flow, "n_old_survey"),
                            (workspace, "asst-human-desk")]:
        svg = shown._repr_svg_()
        assert expected in " ".join(ET.fromstring(svg).itertext())
    assert "FL301" not in front_desk.flow._repr_svg_()  # a bare FlowGraph knows no findings


def test_a_failed_picture_falls_back_to_the_plain_repr(monkeypatch):
    monkeypatch.setenv("FLOWLINT_RENDERER", "no-such-renderer")
    assert flowlint.load(DEMO).assistants[0]._repr_svg_() is None


def test_public_functions_accept_paths_workspaces_and_entries():
    workspace = flowlint.load(DEMO)
    entry = workspace.assistants[1]
    assert flowlint.to_mermaid(entry) == flowlint.to_mermaid(str(DEMO), assistant=entry.id)
    assert flowlint.to_dot(workspace, handoffs=True) == flowlint.to_dot(DEMO, handoffs=True)
    assert "FL301" in flowlint.to_dot(flowlint.lint(DEMO), assistant="asst-front-desk")


def test_quickstart_notebook_runs_clean(monkeypatch):
    """Executes the committed notebook (so it can never rot) and checks what it shows.

    After editing the notebook, save it with fresh outputs:
    ``FLOWLINT_REGENERATE_NOTEBOOK=1 python -m pytest tests/test_notebook.py``.
    """
    import nbformat
    from nbclient import NotebookClient

    monkeypatch.setenv("PYTHONPATH", str(ROOT))  # the kernel imports this checkout's flowlint
    saved = nbformat.read(NOTEBOOK, as_version=4)
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(notebook, timeout=180, kernel_name="python3",
                   resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    if os.environ.get("FLOWLINT_REGENERATE_NOTEBOOK"):
        nbformat.write(notebook, NOTEBOOK)
        saved = notebook
    for cells in (saved.cells, notebook.cells):  # the saved outputs show the diagrams too
        kinds = {kind for cell in cells if cell.cell_type == "code"
                 for output in cell.outputs for kind in output.get("data", {})}
        assert {"text/html", "image/svg+xml", "image/png"} <= kinds
        assert not [o for c in cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]


def test_report_links_each_finding_to_its_node_or_edge_in_the_diagram():
    import html
    import re

    page = flowlint.lint(DEMO)._repr_html_()
    assert page.count("<svg") == 1  # only the front desk has findings
    assert "<?xml" not in page  # inline SVG, no prologue inside the page
    ids = {html.unescape(i) for i in re.findall(r' id="([^"]+)"', page)}
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', page)
    assert sorted(text for _, text in links) == ["e_billing_long_call", "e_greet_human", "e_greet_human",
                                                 "e_lookup_ok", "n_old_survey"]
    assert all(target in ids for target, _ in links)  # every link lands on an element
    node_link = next(target for target, text in links if text == "n_old_survey")
    svg = html.unescape(page[page.index("<svg"):])  # Graphviz writes "-" in ids as &#45;
    group = svg[svg.index(f'id="{node_link}"'):]
    assert "n_old_survey" in group[:group.index("</g>")]  # the linked group is that node
    assert "g:target" in page  # the :target rule outlines what a click jumps to


def test_two_reports_on_one_page_do_not_share_ids():
    import re

    first, second = flowlint.lint(DEMO)._repr_html_(), flowlint.lint(FIXTURES / "ten-defects.json")._repr_html_()
    assert "<svg" in first and "<svg" in second
    assert not set(re.findall(r' id="([^"]+)"', first)) & set(re.findall(r' id="([^"]+)"', second))
    assert flowlint.lint(DEMO)._repr_html_() == first  # the same report: the same page


def test_report_table_without_diagrams_when_no_renderer(monkeypatch):
    monkeypatch.setenv("FLOWLINT_RENDERER", "no-such-renderer")
    page = flowlint.lint(DEMO)._repr_html_()
    assert page.count("<tr>") == 6 and "<svg" not in page and "<a href" not in page
