"""Rendered output: golden DOT and Mermaid text, real SVG and PNG files on both paths.

Golden files live in tests/golden/diagrams/. After an intended change to the drawings,
regenerate them with ``FLOWLINT_REGENERATE_GOLDEN=1 python -m pytest tests/test_diagrams_render.py``
and review the diff.
"""
from __future__ import annotations

import os
import shutil
import xml.etree.ElementTree as ET

import pytest

from flowlint.diagrams import diagram_of, to_image
from flowlint.diagrams.dot import to_dot
from flowlint.diagrams.mermaid import to_mermaid
from flowlint.diagrams.render import RenderError, choose_renderer

from conftest import FIXTURES, ROOT

GOLDEN = ROOT / "tests" / "golden" / "diagrams"
SEED = str(FIXTURES / "seed-import-response.json")
DEMO = str(FIXTURES / "diagram-demo.json")
CASES = {
    "seed": (SEED, {}),
    "seed-handoffs": (SEED, {"handoffs": True}),
    "demo-front-desk": (DEMO, {"assistant": "asst-front-desk"}),
    "demo-billing-specialist": (DEMO, {"assistant": "asst-billing-specialist"}),
    "demo-handoffs": (DEMO, {"handoffs": True}),
}
HAS_DOT = shutil.which("dot") is not None


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("FLOWLINT_REGENERATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"missing golden file {path}: regenerate (see module docstring)"
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("case", CASES)
def test_dot_golden(case):
    path, options = CASES[case]
    check_golden(f"{case}.dot", to_dot(diagram_of(path, **options)))


@pytest.mark.parametrize("case", CASES)
def test_mermaid_golden(case):
    path, options = CASES[case]
    check_golden(f"{case}.mmd", to_mermaid(diagram_of(path, **options)))


def svg_text_ok(data: bytes, labels: list[str]) -> None:
    root = ET.fromstring(data)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert len(data) > 2000
    text = " ".join(root.itertext())  # entities decoded (dot writes "-" as &#45;)
    for label in labels:
        assert label in text, label


def png_ok(data: bytes) -> None:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 5000


EXPECTED_LABELS = ["n_greet", "Look up account", "n_old_survey", "FL301", "asst-billing-specialist",
                   'telnyx_last_tool_status_code == "200"', "Legend"]


def test_fallback_svg_and_png_always_work():
    diagram = diagram_of(DEMO, assistant="asst-front-desk")
    svg = to_image(diagram, "svg", renderer="matplotlib")
    svg_text_ok(svg, [label for label in EXPECTED_LABELS if label != "Legend"] + ["prompt node"])
    png_ok(to_image(diagram, "png", renderer="matplotlib"))


@pytest.mark.skipif(not HAS_DOT, reason="the Graphviz dot program is not installed")
def test_dot_svg_and_png():
    diagram = diagram_of(DEMO, assistant="asst-front-desk")
    svg_text_ok(to_image(diagram, "svg", renderer="dot"), EXPECTED_LABELS)
    png_ok(to_image(diagram, "png", renderer="dot"))


def test_renderer_choice(monkeypatch):
    monkeypatch.setenv("FLOWLINT_RENDERER", "matplotlib")
    assert choose_renderer() == "matplotlib"
    monkeypatch.setenv("FLOWLINT_RENDERER", "auto")
    assert choose_renderer() == ("dot" if HAS_DOT else "matplotlib")
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert choose_renderer() == "matplotlib"  # a fresh machine: no dot, still pictures
    with pytest.raises(RenderError, match="not installed"):
        to_image(diagram_of(SEED), "svg", renderer="dot")
    with pytest.raises(RenderError, match="unknown renderer"):
        choose_renderer("cairo")


def test_handoff_overview_renders_with_the_fallback():
    svg_text_ok(to_image(DEMO, "svg", handoffs=True, renderer="matplotlib"),
                ["asst-front-desk", "asst-human-desk", "not in the input", "hand-off in a cycle"])


def test_draw_on_a_given_ax():
    from flowlint.diagrams.mpl import pyplot

    import flowlint

    plt = pyplot()
    figure, (left, right) = plt.subplots(1, 2)
    assert flowlint.draw(DEMO, assistant="asst-front-desk", ax=left) is left
    assert flowlint.draw(DEMO, handoffs=True, ax=right) is right
    assert any("n_greet" in t.get_text() for t in left.texts)
    assert flowlint.draw(SEED).axes  # a new figure of its own
    plt.close("all")
