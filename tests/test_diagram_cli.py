"""``flowlint diagram`` end to end, and ``flowlint check`` staying light."""
from __future__ import annotations

import json
import shutil
import sys
import xml.etree.ElementTree as ET

import pytest

from conftest import FIXTURES, ROOT, run_cli

DEMO = str(FIXTURES / "diagram-demo.json")
SEED = str(FIXTURES / "seed-import-response.json")
FALLBACK = {"FLOWLINT_RENDERER": "matplotlib"}


def test_single_text_diagram_goes_to_stdout():
    done = run_cli("diagram", SEED, "--format", "mermaid")
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode().startswith("flowchart LR\n")
    assert (ROOT / "tests/golden/diagrams/seed.mmd").read_bytes() == done.stdout


def test_dot_to_stdout_for_one_assistant():
    done = run_cli("diagram", DEMO, "--format", "dot", "--assistant", "asst-billing-specialist")
    assert done.returncode == 0, done.stderr
    assert done.stdout == (ROOT / "tests/golden/diagrams/demo-billing-specialist.dot").read_bytes()


@pytest.mark.parametrize("fmt, ext", [("svg", "svg"), ("png", "png"), ("dot", "dot"), ("mermaid", "mmd")])
def test_one_file_per_assistant_into_a_folder(tmp_path, fmt, ext):
    out = tmp_path / "new" / "folder"
    done = run_cli("diagram", DEMO, "--format", fmt, "--output", str(out), env=FALLBACK)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir()) == [f"asst-billing-specialist.{ext}", f"asst-front-desk.{ext}"]


@pytest.mark.parametrize("env", [
    pytest.param(FALLBACK, id="matplotlib"),
    pytest.param({"FLOWLINT_RENDERER": "dot"}, id="dot",
                 marks=pytest.mark.skipif(shutil.which("dot") is None, reason="no dot")),
])
def test_svg_and_png_files_on_both_paths(tmp_path, env):
    svg, png = tmp_path / "front.svg", tmp_path / "front.png"
    for path in (svg, png):
        done = run_cli("diagram", DEMO, "--assistant", "asst-front-desk", "-o", str(path), "--format",
                       path.suffix[1:], env=env)
        assert done.returncode == 0, done.stderr
    root = ET.fromstring(svg.read_bytes())
    assert root.tag.endswith("svg") and "n_old_survey" in " ".join(root.itertext())
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 5000


def test_handoffs_overview_file(tmp_path):
    done = run_cli("diagram", DEMO, "--handoffs", "--format", "mermaid", "-o", str(tmp_path / "h.mmd"))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "h.mmd").read_bytes() == (ROOT / "tests/golden/diagrams/demo-handoffs.mmd").read_bytes()


def test_no_findings_draws_no_finding():
    done = run_cli("diagram", DEMO, "--format", "dot", "--assistant", "asst-front-desk", "--no-findings")
    assert done.returncode == 0 and b"FL301" not in done.stdout and b"n_old_survey" in done.stdout


def test_unsafe_ids_become_safe_distinct_file_names(tmp_path):
    flow = {"start_node_id": "a", "nodes": [{"id": "a", "instructions": "x"}], "edges": []}
    data = {"data": [{"id": i, "name": "n", "model": "m", "instructions": "i", "created_at": "t",
                      "conversation_flow": flow} for i in ("../../etc/passwd", "a/b", "a?b", "CON")]}
    source = tmp_path / "in.json"
    source.write_text(json.dumps(data))
    done = run_cli("diagram", str(source), "--format", "dot", "-o", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert len(names) == 4 and all(set(n) <= set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
                                   for n in names)
    assert not any(n.startswith(".") or n.upper().startswith("CON.") for n in names)
    assert sorted(tmp_path.iterdir()) == [source, tmp_path / "out"]  # nothing written outside


@pytest.mark.parametrize("args, message", [
    pytest.param(["--assistant", "nope"], "no assistant 'nope' in the input", id="unknown-assistant"),
    pytest.param(["--format", "mermaid"], "2 diagrams: give --output FOLDER", id="many-to-stdout"),
    pytest.param(["--format", "png", "--assistant", "asst-front-desk"], "give --output FILE", id="png-to-stdout"),
])
def test_usage_errors_exit_2_with_one_line(args, message):
    done = run_cli("diagram", DEMO, *args)
    assert done.returncode == 2
    assert message in done.stderr.decode() and len(done.stderr.decode().strip().splitlines()) == 1


def test_unreadable_path_exits_2():
    done = run_cli("diagram", "does-not-exist.json")
    assert done.returncode == 2 and b"does-not-exist.json" in done.stderr


def test_check_never_imports_drawing_libraries():
    import subprocess
    import os

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "flowlint", "check", SEED, DEMO],
                          capture_output=True, cwd=ROOT, env=env, timeout=120)
    assert done.returncode == 1  # the demo has an unreachable node
    imported = {line.split("|")[-1].strip().split(".")[0] for line in done.stderr.decode().splitlines()
                if line.startswith("import time:")}
    assert "flowlint" in imported
    assert not imported & {"matplotlib", "graphviz", "IPython", "PIL", "numpy"}


def test_import_flowlint_stays_light():
    import subprocess
    import os

    code = ("import sys, flowlint; flowlint.draw; "
            "print(sorted(m for m in ('matplotlib', 'graphviz', 'IPython', 'networkx') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=ROOT, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.stdout.decode().strip() == "[]", done.stderr
