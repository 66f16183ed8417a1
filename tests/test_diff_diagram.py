"""Diff diagrams (``flowlint diagram --diff OLD NEW``): added green, removed red and dashed,
changed orange, renamed teal, new findings marked; in dot, svg, png and mermaid.

Golden files: tests/golden/diagrams/diff-*.{dot,mmd}; regenerate as test_diagrams_render.py says.
"""
from __future__ import annotations

import copy
import re
import xml.etree.ElementTree as ET

import pytest

from flowlint.diagrams import style
from flowlint.diagrams.dot import to_dot
from flowlint.diagrams.mermaid import to_mermaid
from flowlint.diff import diff
from flowlint.diff.diagram import assistant_diagram

from conftest import run_cli
from test_diagrams_render import check_golden
from test_diff import acceptance_pair, flow_of, seed
from test_diff_cli import HOSTILE

V1, V2 = "fixtures/diff/v1", "fixtures/diff/v2"
FALLBACK = {"FLOWLINT_RENDERER": "pygraphviz"}


def by_subject(diagram) -> dict:
    return {n.subject: n for n in diagram.nodes}


def test_each_node_and_edge_of_the_acceptance_pair_gets_its_status(tmp_path) -> None:
    result = diff(*acceptance_pair(tmp_path))
    drawn = assistant_diagram(result.assistants[0])
    nodes = by_subject(drawn)
    assert {s: n.status for s, n in nodes.items()} == {
        "n_intake": "changed", "n_payments": "added", "n_orphan": "added", "n_billing": "removed",
        "assistant-human-handoff": None}
    assert {e.subject: e.status for e in drawn.edges} == {
        "e_intake_to_billing": "changed", "e_intake_to_escalation_assistant": "changed",
        "e_payments_to_intake": "added"}
    orphan = nodes["n_orphan"]
    assert (orphan.severity, orphan.codes, orphan.lines[-1]) == ("error", ["FL301"], "new: FL301")
    assert nodes["n_intake"].severity is None  # its FL602 was there before: not marked
    assert nodes["n_intake"].lines[-1] == "~ instructions_mode"
    assert [key for key, _ in drawn.legend][-3:] == ["added", "removed", "changed"]


def test_a_removed_edge_is_drawn_between_the_merged_nodes() -> None:
    old = seed()
    new = copy.deepcopy(old)
    flow = flow_of(new)
    flow["nodes"] = flow["nodes"][:1]
    flow["edges"] = flow["edges"][1:]  # n_billing and the edge into it are gone
    drawn = assistant_diagram(diff(old, new).assistants[0])
    names = {n.name: n for n in drawn.nodes}
    [removed] = [e for e in drawn.edges if e.status == "removed"]
    assert removed.subject == "e_intake_to_billing"
    assert (names[removed.source].subject, names[removed.source].status) == ("n_intake", None)
    assert (names[removed.target].subject, names[removed.target].status) == ("n_billing", "removed")
    assert 'style="rounded,filled,dashed"' in to_dot(drawn)


def test_a_renamed_node_says_its_old_id() -> None:
    old = seed()
    new = copy.deepcopy(old)
    flow_of(new)["nodes"][1]["id"] = "n_invoices"
    flow_of(new)["edges"][0]["target"]["node_id"] = "n_invoices"
    node = by_subject(assistant_diagram(diff(old, new).assistants[0]))["n_invoices"]
    assert (node.status, node.lines[-1]) == ("renamed", "was n_billing")


def test_a_removed_assistant_is_drawn_all_removed(tmp_path) -> None:
    empty = tmp_path / "empty.json"
    empty.write_text('{"data": []}', encoding="utf-8")
    drawn = assistant_diagram(diff(seed(), empty).assistants[0])
    assert {n.status for n in drawn.nodes} == {"removed"} and {e.status for e in drawn.edges} == {"removed"}


@pytest.mark.parametrize("fmt", ["dot", "mermaid"])
def test_golden_diff_diagrams_of_the_bundled_pair(fmt) -> None:
    done = run_cli("diagram", "--diff", V1, V2, "--format", fmt)
    assert done.returncode == 0, done.stderr
    check_golden(f"diff-front-desk.{'dot' if fmt == 'dot' else 'mmd'}", done.stdout.decode("utf-8"))


def test_the_status_colours_are_in_the_drawings() -> None:
    mermaid = run_cli("diagram", "--diff", V1, V2, "--format", "mermaid").stdout.decode()
    assert f"stroke:{style.STATUS_COLORS['added']}" in mermaid
    assert f"fill:{style.STATUS_FILLS['changed']}" in mermaid
    dot = run_cli("diagram", "--diff", V1, V2, "--format", "dot").stdout.decode()
    assert f'color="{style.STATUS_COLORS["renamed"]}"' in dot and "[new: FL501]" in dot


@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_image_files(tmp_path, fmt) -> None:
    target = tmp_path / f"front.{fmt}"
    done = run_cli("diagram", "--diff", V1, V2, "--format", fmt, "-o", str(target), env=FALLBACK)
    assert done.returncode == 0, done.stderr
    data = target.read_bytes()
    if fmt == "svg":
        text = " ".join(ET.fromstring(data).itertext())
        assert "was n_billing" in text and "n_payments" in text
    else:
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 5000


def test_one_file_per_changed_assistant_into_a_folder(tmp_path) -> None:
    done = run_cli("diagram", "--diff", V1, V2, "--format", "mermaid", "-o", f"{tmp_path / 'out'}/")
    assert done.returncode == 0, done.stderr
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["asst-front-desk.mmd"]  # billing is unchanged


def test_an_unchanged_pair_draws_nothing_and_says_so() -> None:
    done = run_cli("diagram", "--diff", V1, V1, "--format", "mermaid")
    assert (done.returncode, done.stdout) == (0, b"")
    assert done.stderr.decode().strip() == "flowlint: no flow changed: nothing to draw"


def test_assistant_draws_one_even_when_unchanged() -> None:
    done = run_cli("diagram", "--diff", V1, V2, "--format", "mermaid", "--assistant", "asst-billing")
    assert done.returncode == 0
    assert "%% Billing Specialist #40;asst-billing#41;: unchanged\n" in done.stdout.decode()


@pytest.mark.parametrize("args, message", [
    pytest.param(["--diff", V1], "--diff draws the flows of two versions", id="one-path"),
    pytest.param(["--diff", V1, V2, "--handoffs"], "--diff draws the flows of two versions", id="handoffs"),
    pytest.param(["--diff", V1, "nowhere"], "nowhere: no such file or folder", id="missing"),
    pytest.param(["--diff", V1, V2, "--assistant", "nobody"], "no assistant 'nobody' in either version",
                 id="unknown-assistant"),
])
def test_usage_errors(args, message) -> None:
    done = run_cli("diagram", *args, "--format", "mermaid")
    assert done.returncode == 2 and message in done.stderr.decode()
    assert len(done.stderr.decode().strip().splitlines()) == 1


def test_hostile_text_of_removed_and_added_nodes_is_escaped() -> None:
    old = seed()
    flow_of(old)["nodes"].append({"type": "speak", "id": HOSTILE, "message": "x"})
    new = copy.deepcopy(old)
    flow_of(new)["nodes"][-1]["id"] = HOSTILE + "2"
    flow_of(new)["nodes"][-1]["message"] = "y"  # removed and added, not renamed
    drawn = assistant_diagram(diff(old, new).assistants[0])
    mermaid, dot = to_mermaid(drawn), to_dot(drawn)
    assert "<script>" not in mermaid and "\x1b" not in mermaid and "\u202e" not in mermaid
    assert "<script>" in dot and "\x1b" not in dot  # DOT: quoted, escaped, never an HTML label
    # the quote is escaped (the label is wrapped after "];")
    assert '\\"];\\n<script>' in dot and not re.search(r'[^\\]"\];', dot)
