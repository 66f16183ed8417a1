"""One path of a plan drawn on its flow: ``flowlint diagram --path N``, ``plan.diagram(N)``,
and the plan in a notebook."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

import flowlint

from conftest import FIXTURES, run_cli

DEMO = FIXTURES / "diagram-demo.json"


def marks(diagram):
    nodes = {n.subject: ("path" if n.highlight == "path" else "faded" if n.faded else None) for n in diagram.nodes}
    edges = {e.subject: e.label for e in diagram.edges if e.highlight == "path"}
    return nodes, edges


def test_the_path_is_highlighted_and_the_rest_faded():
    plan = flowlint.paths(DEMO, assistant="asst-front-desk")
    nodes, edges = marks(plan.diagram(2))
    assert nodes == {"n_greet": "path", "n_lookup": "path", "n_found": "faded", "n_not_found": "path",
                     "n_billing": "faded", "n_old_survey": "faded", "asst-human-desk": "path",
                     "asst-billing-specialist": "faded"}
    assert edges == {"e_greet_lookup": "1: The caller wants help with their accoun…",
                     "e_lookup_failed": "2: default", "e_not_found_greet": "3: default",
                     "e_greet_human": "4: The caller asks for a human agent. [FL501, FL505]"}
    assert plan.diagram(2).title == ('Front Desk (asst-front-desk): path 2 of 3, hand-off to assistant '
                                     '"asst-human-desk"')
    assert plan.diagram(2).legend[-2:] == [("path", "the path (steps numbered)"), ("faded", "not on the path")]
    whole = flowlint.paths(DEMO, assistant="asst-billing-specialist").diagram(1)  # the path is the flow
    assert whole.legend[-1] == ("path", "the path (steps numbered)")


def test_an_edge_taken_twice_shows_both_step_numbers():
    flow = {"start_node_id": "a", "nodes": [{"id": n, "instructions": n} for n in "abc"], "edges": [
        {"id": i, "start_node_id": s, "condition": {"type": "llm", "prompt": i}, "target": {"type": "node", "node_id": t}}
        for i, s, t in [("ab", "a", "b"), ("ba", "b", "a"), ("bc", "b", "c")]]}
    _, edges = marks(flowlint.paths(json.dumps(flow)).diagram(1, findings=False))
    assert edges == {"ab": "1, 3: ab", "ba": "2: ba", "bc": "4: bc"}


@pytest.mark.parametrize("fmt, expected", [
    pytest.param("mermaid", ["n0(\"Greeting<br/>n_greet\"):::prompt_path", ":::speak_faded",
                             "linkStyle 1 stroke:#137333,stroke-width:3px"], id="mermaid"),
    pytest.param("dot", ['color="#137333"', 'penwidth=3', 'fontcolor="#a0a4a8"', "path 2 of 3"], id="dot"),
])
def test_diagram_path_draws_it_in_text_formats(fmt, expected):
    done = run_cli("diagram", str(DEMO), "--assistant", "asst-front-desk", "--path", "2", "--format", fmt)
    assert done.returncode == 0, done.stderr
    for part in expected:
        assert part in done.stdout.decode()


def test_diagram_path_as_an_image(tmp_path):
    target = tmp_path / "path.svg"
    done = run_cli("diagram", str(DEMO), "--assistant", "asst-front-desk", "--path", "1", "--format", "svg",
                   "-o", str(target), env={"FLOWLINT_RENDERER": "pygraphviz"})
    assert done.returncode == 0, done.stderr
    text = " ".join(ET.fromstring(target.read_bytes()).itertext())
    assert "path 1 of 3" in text and "1: The caller wants help" in text


def test_diagram_path_into_a_folder_is_named_after_the_path(tmp_path):
    done = run_cli("diagram", str(DEMO), "--assistant", "asst-billing-specialist", "--path", "1",
                   "--format", "mermaid", "-o", str(tmp_path) + "/")
    assert done.returncode == 0, done.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["asst-billing-specialist-path-1.mmd"]


@pytest.mark.parametrize("args, message", [
    pytest.param(["--path", "1"], "--path draws one flow: 2 in the input", id="needs-one-flow"),
    pytest.param(["--assistant", "asst-front-desk", "--path", "4"], "has 3 paths: pick 1 to 3", id="out-of-range"),
    pytest.param(["--assistant", "asst-front-desk", "--path", "0"], "has 3 paths: pick 1 to 3", id="zero"),
    pytest.param(["--handoffs", "--path", "1"], "cannot be combined with --handoffs", id="not-with-handoffs"),
])
def test_diagram_path_errors_are_one_line_and_exit_2(args, message):
    done = run_cli("diagram", str(DEMO), "--format", "mermaid", *args)
    assert done.returncode == 2 and message in done.stderr.decode()
    assert len(done.stderr.decode().splitlines()) == 1 and done.stdout == b""


def test_the_api_draws_a_path_with_every_renderer(monkeypatch):
    monkeypatch.setenv("FLOWLINT_RENDERER", "pygraphviz")
    diagram = flowlint.paths(DEMO).diagram(1, assistant="asst-billing-specialist")
    assert "prompt_path" in flowlint.to_mermaid(diagram)
    assert 'color="#137333"' in flowlint.to_dot(diagram)
    assert flowlint.diagrams.to_image(diagram, "png").startswith(b"\x89PNG")
    figure = flowlint.draw(diagram)
    titles = [t.get_text() for t in figure.axes[0].texts]  # Graphviz's title, drawn where it put it
    assert any(t.endswith('path 1 of 1, hand-off to assistant "asst-front-desk"') for t in titles)


def test_a_plan_displays_itself_in_a_notebook(monkeypatch):
    monkeypatch.setenv("FLOWLINT_RENDERER", "pygraphviz")
    plan = flowlint.paths(DEMO)
    page = plan._repr_html_()
    assert page.count("<h4>Test plan:") == 2 and page.count('<table class="flowlint-plan">') == 2
    assert page.count("<svg") == 4  # each of the 3 + 1 paths drawn
    assert "<?xml" not in page
    assert plan._repr_markdown_() == plan.to_markdown()
    assert plan.assistants[0]._repr_html_().count("<svg") == 3


def test_a_plan_without_a_renderer_still_shows_its_tables(monkeypatch):
    monkeypatch.setenv("FLOWLINT_RENDERER", "no-such-renderer")
    page = flowlint.paths(DEMO)._repr_html_()
    assert "<svg" not in page and page.count("<tr>") == 4 + 2


def test_notebook_html_escapes_flow_text():
    flow = {"start_node_id": "<b>", "nodes": [{"id": "<b>", "name": "<script>x</script>", "instructions": "&lt;"}],
            "edges": []}
    page = flowlint.paths(json.dumps(flow))._repr_html_()
    assert "<script>" not in page and "&lt;script&gt;" in page and "&amp;lt;" in page
