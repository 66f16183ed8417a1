"""Large flows are drawn in parts: an overview file plus one legible picture per part.

Above 150 flow nodes, ``flowlint diagram --format svg|png`` writes FILE (the overview: one
box per part, the transitions between parts) and FILE-part-K beside it, each part at most 60
flow nodes with boxes saying where an edge continues. ``--whole`` draws one picture;
``dot``, ``mermaid``, ``--path N`` and ``--diff`` are never split.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter

import pytest

import flowlint
from conftest import ROOT, run_cli
from flowlint.diagrams import diagram_of, style
from flowlint.diagrams.parts import PART_NODES, SPLIT_ABOVE, split

NO_DOT = {"PATH": "/nonexistent-flowlint-test-path", "FLOWLINT_RENDERER": "auto"}
FLOW_KINDS = (style.PROMPT, style.TOOL, style.SPEAK, style.LOGIC, style.UNKNOWN)
SVG = "{http://www.w3.org/2000/svg}"


def _generated(folder, nodes: int) -> str:
    path = folder / f"flow{nodes}.json"
    subprocess.run([sys.executable, str(ROOT / "benchmarks/generate.py"), "--assistants", "1",
                    "--nodes", str(nodes), "--seed", "0", "--defect-rate", "0.02", "-o", str(path)],
                   check=True, capture_output=True)
    return str(path)


@pytest.fixture(scope="module")
def flows(tmp_path_factory):
    folder = tmp_path_factory.mktemp("large")
    return {nodes: _generated(folder, nodes) for nodes in (100, 400, 1000)}


def _flow_nodes(diagram):
    return [node for node in diagram.nodes if node.kind in FLOW_KINDS]


def test_every_node_is_in_exactly_one_part_and_parts_stay_small(flows):
    whole = diagram_of(flows[1000])
    drawn = split(whole)
    names = Counter(node.name for part in drawn.parts for node in _flow_nodes(part))
    assert set(names) == {node.name for node in _flow_nodes(whole)}
    assert set(names.values()) == {1}
    assert all(len(_flow_nodes(part)) <= PART_NODES for part in drawn.parts)
    assert 1000 // PART_NODES < len(drawn.parts) < 1000 // 8


def test_the_start_is_in_part_one_and_the_overview_starts_there(flows):
    drawn = split(diagram_of(flows[1000]))
    assert drawn.parts[0].start is not None
    assert all(part.start is None for part in drawn.parts[1:])
    assert drawn.overview.start == "n0"
    assert drawn.overview.nodes[0].lines[0].startswith("part 1: ")


def test_every_edge_is_drawn_inside_a_part_or_as_a_link_to_the_right_part(flows):
    whole = diagram_of(flows[1000])
    drawn = split(whole)
    part_of = {node.name: k for k, part in enumerate(drawn.parts, 1) for node in _flow_nodes(part)}
    crossing = Counter()
    for edge in whole.edges:
        if edge.source not in part_of:
            continue
        here = drawn.parts[part_of[edge.source] - 1]
        by_name = {node.name: node for node in here.nodes}
        drawn_edges = [e for e in here.edges if e.source == edge.source and e.label == edge.label]
        assert drawn_edges, edge
        if edge.target in part_of and part_of[edge.target] != part_of[edge.source]:
            link = by_name[drawn_edges[0].target] if len(drawn_edges) == 1 else None
            targets = {by_name[e.target].lines[0] for e in drawn_edges}
            assert f"continues in part {part_of[edge.target]}" in targets, (edge, targets, link)
            crossing[(part_of[edge.source], part_of[edge.target])] += 1
    overview = Counter({(int(e.source[1:]) + 1, int(e.target[1:]) + 1): int(e.label.split()[0])
                        for e in drawn.overview.edges})
    assert overview == crossing


def test_findings_and_unreachable_nodes_survive_the_split(flows):
    whole = diagram_of(flows[1000])
    drawn = split(whole)
    marked = lambda nodes: sorted((n.name, n.severity, tuple(n.codes), n.unreachable) for n in nodes)
    assert marked(_flow_nodes(whole)) == marked(n for part in drawn.parts for n in _flow_nodes(part))
    assert any(node.severity for node in drawn.overview.nodes)


def test_the_split_is_the_same_every_time_whatever_the_hash_seed(flows):
    """Louvain is seeded and nothing depends on set order: the same flow, the same parts."""
    script = ("import sys; from flowlint.diagrams import diagram_of; "
              "from flowlint.diagrams.parts import regions; print(regions(diagram_of(sys.argv[1])))")
    runs = {subprocess.run([sys.executable, "-c", script, flows[400]], capture_output=True, check=True,
                           env={"PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}).stdout
            for seed in ("1", "2", "3")}
    assert len(runs) == 1


def test_the_command_writes_an_overview_and_linked_parts(flows, tmp_path):
    out = tmp_path / "pictures"
    done = run_cli("diagram", flows[1000], "--format", "svg", "-o", f"{out}/", env=NO_DOT)
    assert done.returncode == 0, done.stderr
    files = sorted(p.name for p in out.iterdir())
    parts = [name for name in files if "-part-" in name]
    assert files == sorted(["asst-000000-front-desk.svg", *parts])
    assert len(parts) > 1000 // PART_NODES
    overview = (out / "asst-000000-front-desk.svg").read_text()
    assert "Generated by graphviz" in overview
    links = set(re.findall(r'xlink:href="([^"]+)"', overview))
    assert links == set(parts)  # each part box opens its file, which exists
    for name in parts:
        root = ET.parse(out / name).getroot()  # well-formed SVG
        assert root.tag == f"{SVG}svg"
    assert done.stderr.decode().count("wrote ") == len(files)


def test_one_output_file_gets_its_parts_beside_it_and_png_is_png(flows, tmp_path):
    target = tmp_path / "big.png"
    done = run_cli("diagram", flows[400], "--format", "png", "-o", str(target), env=NO_DOT)
    assert done.returncode == 0, done.stderr
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written[0] == "big-part-1.png" and "big.png" in written and len(written) > 400 // PART_NODES
    assert all((tmp_path / name).read_bytes().startswith(b"\x89PNG\r\n\x1a\n") for name in written)


@pytest.mark.parametrize("extra", [["--whole"], ["--format", "dot"], ["--path", "1"]])
def test_whole_text_formats_and_one_path_are_never_split(flows, tmp_path, extra):
    fmt = [] if "--format" in extra else ["--format", "svg"]
    target = tmp_path / "one.out"
    done = run_cli("diagram", flows[400], *fmt, *extra, "-o", str(target), env=NO_DOT)
    assert done.returncode == 0, done.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["one.out"]


def test_a_100_node_flow_stays_one_picture(flows, tmp_path):
    assert SPLIT_ABOVE >= 100
    done = run_cli("diagram", flows[100], "--format", "svg", "-o", str(tmp_path / "f.svg"), env=NO_DOT)
    assert done.returncode == 0, done.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["f.svg"]


def test_hostile_names_in_a_split_flow_stay_text(tmp_path):
    hostile = '"]; <script>alert(1)</script> &amp; {{x}} `|` \\'
    nodes = [{"type": "prompt", "id": f"n{i}", "name": f"{hostile} {i}", "instructions": "Help."}
             for i in range(SPLIT_ABOVE + 40)]
    edges = [{"id": f"e{i}", "source": f"n{i}", "target": {"type": "node", "node_id": f"n{i + 1}"},
              "condition": {"type": "llm", "prompt": f"{hostile} next"}} for i in range(len(nodes) - 1)]
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps({"id": "asst-hostile", "name": hostile, "conversation_flow": {
        "start_node_id": "n0", "nodes": nodes, "edges": edges}}))
    out = tmp_path / "out"
    done = run_cli("diagram", str(path), "--format", "svg", "-o", f"{out}/", env=NO_DOT)
    assert done.returncode == 0, done.stderr
    assert len(list(out.iterdir())) > 2
    for picture in out.iterdir():
        text = picture.read_text()
        ET.fromstring(text)  # still well-formed XML
        assert "<script" not in text


def test_split_diagrams_work_from_python(flows):
    drawn = split(diagram_of(flows[400]), file_of=lambda k: f"part-{k}.svg")
    assert b"part-2.svg" in flowlint.diagrams.to_image(drawn.overview, "svg")
    assert flowlint.diagrams.to_mermaid(drawn.parts[1]).startswith("flowchart LR\n")


def test_a_part_file_never_overwrites_another_assistants_diagram(flows, tmp_path):
    data = json.loads(open(flows[400], encoding="utf-8").read())
    large = data["data"][0]
    small = json.loads(json.dumps(data["data"][0]))
    small["id"] = f"{large['id']}-part-1"
    small["conversation_flow"]["nodes"] = small["conversation_flow"]["nodes"][:3]
    path = tmp_path / "clash.json"
    path.write_text(json.dumps(data | {"data": [large, small]}), encoding="utf-8")
    out = tmp_path / "out"
    done = run_cli("diagram", str(path), "--format", "svg", "--no-findings", "-o", f"{out}/", env=NO_DOT)
    assert done.returncode == 2
    message = done.stderr.decode().strip()
    assert "written twice" in message and "--whole" in message and len(message.splitlines()) == 1
    assert not out.exists() or not any(out.iterdir())
