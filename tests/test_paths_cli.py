"""``flowlint paths`` as a user runs it: formats, exit codes, errors, output safety."""
from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

import flowlint

from conftest import FIXTURES, ROOT, run_cli
from test_output_safety import DOCUMENT, HOSTILE, UNSAFE_ON_A_TERMINAL, assert_no_secret

DEMO = "fixtures/diagram-demo.json"
SMALL = {"start_node_id": "greet", "nodes": [
    {"id": "greet", "name": "Greeting", "instructions": "Greet the caller.\nBe brief."},
    {"id": "check", "type": "tool", "shared_tool_id": "tool-lookup"},
    {"id": "bye", "type": "speak", "message": "Goodbye."}],
    "edges": [
    {"id": "to_check", "start_node_id": "greet", "condition": {"type": "llm", "prompt": "The caller gives an order number."},
     "target": {"type": "node", "node_id": "check"}},
    {"id": "to_human", "start_node_id": "greet", "condition": {"type": "llm", "prompt": "The caller asks for a human."},
     "target": {"type": "assistant", "assistant_id": "asst-human"}},
    {"id": "ok", "start_node_id": "check", "condition": {"type": "expression", "expression": {
        "type": "comparison", "left": {"type": "variable", "name": "telnyx_last_tool_status_code"}, "op": "==",
        "right": {"type": "string_literal", "value": "200"}}}, "target": {"type": "node", "node_id": "bye"}},
    {"id": "failed", "start_node_id": "check", "condition": {"type": "default"},
     "target": {"type": "node", "node_id": "greet"}}]}

SMALL_TEXT = """\
flow in <stdin>: 2 paths take all 4 transitions from start node "greet"
  path 1: hand-off to assistant "asst-human"
    1. "greet" "Greeting" [prompt]: Greet the caller.
       when (llm) The caller gives an order number.  [edge "to_check" -> "check"]
    2. "check" [tool]: runs tool tool-lookup
       otherwise (default)  [edge "failed" -> "greet"]
    3. "greet" "Greeting" [prompt]: Greet the caller.
       when (llm) The caller asks for a human.  [edge "to_human" -> hand-off to assistant "asst-human"]
  path 2: ends at "bye", which has no way on
    1. "greet" "Greeting" [prompt]: Greet the caller.
       when (llm) The caller gives an order number.  [edge "to_check" -> "check"]
    2. "check" [tool]: runs tool tool-lookup
       when (expression) telnyx_last_tool_status_code == "200"  [edge "ok" -> "bye"]
    3. "bye" [speak]: says "Goodbye."

2 paths for 1 flow
"""


def test_text_reads_as_a_script():
    done = run_cli("paths", "-", stdin=json.dumps(SMALL).encode())
    assert done.returncode == 0 and done.stderr == b""
    assert done.stdout.decode() == SMALL_TEXT


def test_markdown_is_a_table_per_assistant_with_a_row_per_path():
    done = run_cli("paths", DEMO, "--format", "markdown")
    assert done.returncode == 0, done.stderr
    text = done.stdout.decode()
    assert text.count("| path | steps | ends |") == 2
    rows = [line for line in text.splitlines() if re.match(r"\| \d+ \|", line)]
    assert [row.split(" | ")[0] for row in rows] == ["| 1", "| 2", "| 3", "| 1"]
    assert "*when* `telnyx_last_tool_status_code == \"200\"`" in text
    assert "- Not reachable from the start (FL301), so not planned: `n_old_survey`." in text


ASSISTANT_KEYS = ["id", "name", "file", "pointer", "start_node_id", "to", "problem", "coverable_edges",
                  "global_jumps", "complete", "paths", "uncoverable", "uncoverable_details", "unreachable_nodes"]
PATH_KEYS = ["number", "nodes", "edges", "ends", "handoff_to", "steps"]
STEP_KEYS = ["node", "node_type", "name", "does", "edge", "pointer", "condition_type", "when", "to", "handoff"]


def test_json_is_the_versioned_contract_and_matches_the_library():
    done = run_cli("paths", DEMO, "fixtures/ten-defects.json", "--format", "json")
    assert done.returncode == 1  # ten-defects has an edge to a missing node
    payload = json.loads(done.stdout)
    assert list(payload) == ["version", "tool", "assistants"] and payload["version"] == 1
    assert payload == json.loads(flowlint.paths(DEMO, "fixtures/ten-defects.json").to_json())
    raw = {"fixtures/diagram-demo.json": json.loads((ROOT / DEMO).read_text()),
           "fixtures/ten-defects.json": json.loads((FIXTURES / "ten-defects.json").read_text())}
    for assistant in payload["assistants"]:
        assert list(assistant) == ASSISTANT_KEYS
        for path in assistant["paths"]:
            assert list(path) == PATH_KEYS and path["ends"] in ("terminal", "handoff", "loop", "covered")
            for step in path["steps"]:
                assert list(step) == STEP_KEYS
                if step["pointer"] is not None:  # the pointer names the very edge in the input
                    edge = raw[assistant["file"]]
                    for token in step["pointer"].strip("/").split("/"):
                        edge = edge[int(token)] if isinstance(edge, list) else edge[token]
                    assert edge["id"] == step["edge"] and edge["start_node_id"] == step["node"]
    ten = payload["assistants"][-1]
    assert ten["uncoverable"] == ["e_nowhere"] and not ten["complete"]
    assert ten["uncoverable_details"] == [{"edge": "e_nowhere", "pointer": "/data/0/conversation_flow/edges/6",
                                           "code": "FL204", "name": "unknown-edge-target",
                                           "reason": 'its target "n_nowhere" names no node'}]


@pytest.mark.parametrize("args, code, message", [
    pytest.param(["fixtures/clean/"], 0, None, id="every-transition-covered"),
    pytest.param(["fixtures/ten-defects.json"], 1, None, id="an-edge-no-call-can-take"),
    pytest.param([DEMO, "--to", "n_old_survey"], 1, None, id="to-an-unreachable-node"),
    pytest.param([DEMO, "--to", "n_wrap_up"], 0, None, id="to-a-node"),
    pytest.param(["fixtures/ten-defects.json", "--to", "n_end"], 0, None, id="to-a-node-of-an-incomplete-flow"),
    pytest.param([DEMO, "--to", "n_wrapup"], 2, "no node 'n_wrapup' in any flow of the input; did you mean \"n_wrap_up\"?",
                 id="to-an-unknown-node"),
    pytest.param([DEMO, "--assistant", "asst-billing"], 2, "did you mean \"asst-billing-specialist\"?",
                 id="unknown-assistant"),
    pytest.param(["fixtures/rules/FL001-invalid-json.json"], 2,
                 "FL001-invalid-json.json: no flow could be read (FL001)", id="not-json"),
    pytest.param(["no/such/file.json"], 2, "no/such/file.json", id="unreadable-path"),
    pytest.param(["fixtures/inventories/assistants.json"], 2, "no conversation_flow in the input", id="no-flow"),
    pytest.param(["fixtures/clean/", "fixtures/rules/FL001-invalid-json.json"], 2,
                 "no flow could be read (FL001)", id="one-broken-file-among-good-ones"),
])
def test_exit_codes(args, code, message):
    done = run_cli("paths", *args)
    assert done.returncode == code, done.stderr
    stderr = done.stderr.decode()
    assert "Traceback" not in stderr
    if message is None:
        assert stderr == ""
    else:
        assert message in stderr and len(stderr.splitlines()) <= 2


def test_a_tools_inventory_names_each_tools_type(tmp_path):
    inventory = tmp_path / "inventory.json"
    inventory.write_text(json.dumps({"data": [{"id": "tool-lookup", "type": "webhook"}]}))
    done = run_cli("paths", "-", "--tools", str(inventory), stdin=json.dumps(SMALL).encode())
    assert done.returncode == 0, done.stderr
    assert "runs tool tool-lookup (webhook)" in done.stdout.decode()
    broken = tmp_path / "tools.json"
    broken.write_text("[1]")
    done = run_cli("paths", DEMO, "--tools", str(broken))
    assert done.returncode == 2 and b"tools inventory" in done.stderr


def test_output_goes_to_a_file(tmp_path):
    target = tmp_path / "plan.md"
    done = run_cli("paths", DEMO, "--format", "markdown", "-o", str(target))
    assert done.returncode == 0 and done.stdout == b""
    assert target.read_text() == flowlint.paths(DEMO).to_markdown()


def test_paths_never_imports_drawing_libraries():
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "flowlint", "paths", DEMO],
                          capture_output=True, cwd=ROOT, timeout=120)
    imported = {line.split("|")[-1].strip().split(".")[0] for line in done.stderr.decode().splitlines()
                if line.startswith("import time:")}
    assert "flowlint" in imported and "networkx" in imported
    assert not imported & {"matplotlib", "graphviz", "pygraphviz", "IPython", "PIL", "numpy", "telnyx"}


# ------------------------------------------------------------------ hostile text
@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile-plan")
    (folder / "hostile.json").write_text(json.dumps(DOCUMENT, indent=1), encoding="utf-8")
    outputs = {}
    for fmt in ("text", "markdown", "json"):
        done = run_cli("paths", "hostile.json", "--format", fmt, cwd=folder)
        assert done.returncode == 1 and done.stderr == b"", done.stderr  # each has an edge to a missing node
        outputs[fmt] = done.stdout.decode("utf-8")
    return outputs


def test_hostile_text_cannot_drive_a_terminal(hostile):
    text = hostile["text"]
    assert not UNSAFE_ON_A_TERMINAL.search(text)
    assert "\\x1b" in text  # shown, not sent
    expected_lines = 1  # the summary
    for plan in flowlint.paths(DOCUMENT).assistants:  # headline, paths, not coverable, unreachable, blank
        expected_lines += 1 + len(plan.uncoverable) + bool(plan.unreachable) + 1
        expected_lines += sum(1 + len(p.steps) + len(p.edges) for p in plan.paths)
    assert len(text.splitlines()) == expected_lines  # no flow text added a line of its own


GFM_CELL_BREAK = re.compile(r"(?<!\\)\|")


def test_hostile_text_stays_inert_markdown(hostile):
    text = hostile["markdown"]
    plan = flowlint.paths(DOCUMENT)
    rows = [line for line in text.splitlines() if line.startswith("| ") and not line.startswith("| path")]
    assert len(rows) == sum(len(a.paths) for a in plan.assistants)
    for row in rows:
        assert len(GFM_CELL_BREAK.split(row)) == 5  # "", path, steps, ends, "": no cell added
        without_breaks = row.replace("<br>", "")
        assert "<" not in re.sub(r"`+[^`]*`+", "", without_breaks).replace("\\<", "")  # no tag outside code
    assert "<script>" not in re.sub(r"`+[^`]*`+", "", text)
    assert "](" not in re.sub(r"`+[^`]*`+", "", text).replace("\\]", "")  # no link built from flow text
    assert not UNSAFE_ON_A_TERMINAL.search(text)


def test_hostile_ids_survive_json_exactly(hostile):
    payload = json.loads(hostile["json"])
    ids = {a["id"] for a in payload["assistants"]}
    assert ids == {f"a{i}-{text}" for i, text in enumerate(HOSTILE.values())}
    first = {a["id"]: a for a in payload["assistants"]}
    for index, text in enumerate(HOSTILE.values()):
        assert first[f"a{index}-{text}"]["paths"][0]["nodes"][0] == f"n{index}-{text}"


def test_no_secret_in_any_plan_format(hostile):
    for output in hostile.values():
        assert_no_secret(output)
    assert_no_secret(flowlint.paths(DOCUMENT)._repr_html_())


def test_the_readme_shows_the_plan_the_command_makes():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = readme.split("<!-- paths-example:start -->\n")[1].split("<!-- paths-example:end -->")[0]
    done = run_cli("paths", DEMO, "--assistant", "asst-front-desk", "--format", "markdown")
    assert shown == done.stdout.decode()


REAL_FLOWS = ROOT.parent / "shared" / "real-flows"


def test_real_telnyx_flows_get_a_complete_plan():
    folder = REAL_FLOWS / "telnyx-python"
    if not folder.is_dir():
        pytest.skip("../shared/real-flows is not beside the repository")
    done = run_cli("paths", str(folder), "--format", "json")
    assert done.returncode == 0, done.stderr
    plans = json.loads(done.stdout)["assistants"]
    assert plans and all(p["complete"] and p["paths"] for p in plans)
    assert all(p["coverable_edges"] == len({e for path in p["paths"] for e in path["edges"]}) for p in plans)


def test_provider_flows_are_planned_and_global_nodes_reached_by_a_jump():
    folder = REAL_FLOWS / "ubaidlodhi-retell-voice-agents"
    if not folder.is_dir():
        pytest.skip("../shared/real-flows is not beside the repository")
    done = run_cli("paths", str(folder / "inbound-agent__sample-inbound-conversation-flow@50a3c54.json"),
                   "--format", "json")
    assert done.returncode in (0, 1) and "Traceback" not in done.stderr.decode(), done.stderr
    (plan,) = json.loads(done.stdout)["assistants"]
    workspace = flowlint.load(folder / "inbound-agent__sample-inbound-conversation-flow@50a3c54.json")
    flow = workspace.assistants[0].flow
    edges = {e.id: e for e in flow.edges}
    taken = set()
    for path in plan["paths"]:
        for index, (edge_id, step) in enumerate(zip(path["edges"], path["steps"])):
            if edge_id is None:  # a jump into a global node: from anywhere, no edge of its own
                assert step["condition_type"] == "global" and path["nodes"][index + 1] in flow.global_nodes
                continue
            assert edges[edge_id].source == path["nodes"][index]
            taken.add(edge_id)
    assert len(taken) == plan["coverable_edges"] and plan["global_jumps"] == len(flow.global_nodes)
    assert {n for p in plan["paths"] for n in p["nodes"]} >= set(flow.global_nodes)  # each one tried
