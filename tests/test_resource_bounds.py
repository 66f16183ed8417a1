"""Pathological graphs finish, in memory proportional to the input, with bounded messages.

Timeouts (120 s in run_cli_measured) only detect hangs; nothing here asserts a duration.
The memory bound is generous on purpose: a flow made only of tiny nodes and edges costs
about 25-30 times its file size (each edge becomes a dict, pydantic models and index
entries), a file of big strings about 4 times (tests/test_hostile_files.py, 200 MB).
``FLOWLINT_COMPLETE_GRAPH_NODES`` sets the size of the complete graph (default 500:
250,000 edges, 32 MB; 2,000 nodes would be 4 million edges and 500 MB of JSON).
"""
from __future__ import annotations

import json
import os

from conftest import run_cli_measured

MB = 1024 * 1024
COMPLETE_NODES = int(os.environ.get("FLOWLINT_COMPLETE_GRAPH_NODES", "500"))


def memory_bound(size: int) -> int:
    return 40 * size + 150 * MB


def write_assistant(path, nodes: list[dict], edges: list[dict]) -> int:
    """One assistant (tools known, none ends the call) with this flow; returns the file size."""
    flow = {"start_node_id": nodes[0]["id"], "nodes": nodes, "edges": edges}
    document = {"data": [{"id": "a-1", "name": "A", "model": "m", "instructions": "i",
                          "created_at": "2025-01-01T00:00:00Z", "tools": [], "conversation_flow": flow}]}
    path.write_text(json.dumps(document, separators=(",", ":")))
    return path.stat().st_size


def prompt(index: int) -> dict:
    return {"id": f"n{index}", "instructions": "Ask.", "instructions_mode": "append"}


def llm_edge(source: int, target: int) -> dict:
    return {"id": f"e{source}_{target}", "start_node_id": f"n{source}",
            "condition": {"type": "llm", "prompt": f"to {target}"},
            "target": {"type": "node", "node_id": f"n{target}"}}


def test_a_100000_node_cycle_is_one_trap_with_a_one_line_message(tmp_path) -> None:
    count = 100_000
    path = tmp_path / "cycle.json"
    size = write_assistant(path, [prompt(i) for i in range(count)],
                           [llm_edge(i, (i + 1) % count) for i in range(count)])
    done, peak = run_cli_measured(tmp_path, "check", str(path), "--fail-on", "warning")
    assert (done.returncode, done.stderr) == (1, b"")
    finding, summary = done.stdout.decode().splitlines()
    assert finding == (
        f'{path}:1:162: FL302 [warning] nodes "n0", "n1", "n2", "n3", "n4", "n5", "n6", "n7", "n8", "n9" '
        "and 99990 more form a loop that can never be left and where no tool can end the call: "
        'n0 -> n1 -> n2 -> n3 -> n4 -> n5 -> n6 -> n7 -> n8 -> n9 -> ... (99990 more) -> n0 (assistant "a-1")')
    assert summary == "0 errors, 1 warning, 0 info in 1 file (1 assistant)"
    assert peak < memory_bound(size), f"peak RSS {peak / MB:.0f} MB for {size / MB:.0f} MB"


def test_a_complete_graph_finishes_in_bounded_memory(tmp_path) -> None:
    count = COMPLETE_NODES
    path = tmp_path / "complete.json"
    size = write_assistant(path, [prompt(i) for i in range(count)],
                           [llm_edge(i, j) for i in range(count) for j in range(count) if i != j])
    done, peak = run_cli_measured(tmp_path, "check", str(path), "--format", "json")
    assert (done.returncode, done.stderr) == (0, b"")
    (finding,) = json.loads(done.stdout)["diagnostics"]
    assert finding["code"] == "FL302" and f"and {count - 10} more form a loop" in finding["message"]
    assert len(finding["message"]) < 400
    assert peak < memory_bound(size), f"peak RSS {peak / MB:.0f} MB for {size / MB:.0f} MB"


def test_a_node_with_50000_edges_names_ten_of_them(tmp_path) -> None:
    """A hangup tool node with 50,000 outgoing edges: FL409 names ten, not fifty thousand."""
    edges = [{"id": f"d{i}", "start_node_id": "n0", "condition": {"type": "default"},
              "target": {"type": "node", "node_id": "n1"}} for i in range(50_000)]
    path = tmp_path / "edges.json"
    size = write_assistant(path, [{"type": "tool", "id": "n0", "shared_tool_id": "tool-hangup"}, prompt(1)], edges)
    tools = tmp_path / "tools.json"
    tools.write_text(json.dumps({"data": [{"id": "tool-hangup", "type": "hangup"}]}))
    done, peak = run_cli_measured(tmp_path, "check", str(path), "--select", "FL409", "--tools", str(tools),
                                  "--format", "json")
    assert (done.returncode, done.stderr) == (1, b"")
    (finding,) = json.loads(done.stdout)["diagnostics"]
    assert finding["message"] == ('hangup tool node "n0" has outgoing edges ("d0", "d1", "d2", "d3", "d4", "d5", '
                                  '"d6", "d7", "d8", "d9" and 49990 more) that can never fire: the call ends there')
    assert peak < memory_bound(size)
