"""Properties of valid flows, checked on generated inputs (hypothesis).

- a flow built so that every node is reachable has no FL301;
- adding one unreachable node adds exactly one FL301, about that node;
- results are deterministic and sorted;
- the JSON output (``Report.to_json`` and ``check --format json``) follows the documented
  contract: exact keys and types, pointers that resolve in the input, and line/column at
  the start of the value the pointer names.
"""
from __future__ import annotations

import json
import re
from typing import Any

from hypothesis import assume, given
from hypothesis import strategies as st

import flowlint
from flowlint.positions import split_pointer

from conftest import run_cli
from flow_strategies import IDS, TOOLS, WORDS, budget, count, envelope, reachable_flow

DIAGNOSTIC_KEYS = ["code", "name", "severity", "message", "file", "pointer", "line", "column",
                   "assistant_id", "node_id", "edge_id", "fingerprint"]


def fl301(report: flowlint.Report) -> set[str | None]:
    return {d.node_id for d in report.diagnostics if d.code == "FL301"}


@budget(60)
@given(reachable_flow())
def test_a_fully_reachable_flow_has_no_unreachable_node(flow) -> None:
    count("properties")
    assert fl301(flowlint.lint(json.dumps(flow), tools=TOOLS)) == set()


@budget(30)
@given(envelope())
def test_fully_reachable_assistants_have_no_unreachable_node(value) -> None:
    count("properties")
    assert fl301(flowlint.lint(json.dumps(value), tools=TOOLS)) == set()


@budget(60)
@given(reachable_flow(), IDS, WORDS, st.data())
def test_one_unreachable_node_adds_exactly_one_fl301(flow, new_id, text, data) -> None:
    count("properties")
    assume(new_id not in {n["id"] for n in flow["nodes"]})
    orphan = {"type": "prompt", "id": new_id, "instructions": text, "instructions_mode": "append"}
    nodes = list(flow["nodes"])
    nodes.insert(data.draw(st.integers(0, len(nodes))), orphan)
    # Edges out of the orphan do not make it reachable.
    exits = [{"id": f"orphan_exit_{i}", "start_node_id": new_id, "condition": {"type": "llm", "prompt": "go"},
              "target": {"type": "node", "node_id": n["id"]}}
             for i, n in enumerate(data.draw(st.lists(st.sampled_from(flow["nodes"]), max_size=3)))]
    broken = {**flow, "nodes": nodes, "edges": flow["edges"] + exits}
    report = flowlint.lint(json.dumps(broken), tools=TOOLS)
    (finding,) = [d for d in report.diagnostics if d.code == "FL301"]
    assert finding.node_id == new_id
    assert finding.pointer == f"/nodes/{nodes.index(orphan)}"


@budget(40)
@given(envelope())
def test_results_are_deterministic_and_sorted(value) -> None:
    count("properties")
    text = json.dumps(value, indent=1)
    first = flowlint.lint(text, tools=TOOLS)
    second = flowlint.lint(text, tools=TOOLS)
    assert [d.to_dict() for d in first.diagnostics] == [d.to_dict() for d in second.diagnostics]
    assert list(first.diagnostics) == sorted(first.diagnostics)
    keys = [(d.file, d.line or 0, d.column or 0, d.code) for d in first.diagnostics]  # None: no position
    assert keys == sorted(keys)


# ------------------------------------------------------------------ the JSON contract
def resolve(document: Any, pointer: str) -> Any:
    """RFC 6901: the value ``pointer`` names (KeyError/IndexError when it names nothing)."""
    value = document
    for token in split_pointer(pointer):
        value = value[int(token)] if isinstance(value, list) else value[token]
    return value


def offset_of(text: str, line: int, column: int) -> int:
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    return starts[line - 1] + column - 1


def assert_contract(payload: dict, texts: dict[str, str]) -> None:
    """``payload`` is the documented JSON output for inputs whose text is ``texts``."""
    assert list(payload) == ["version", "tool", "files", "diagnostics", "summary", "hidden"]
    assert payload["version"] == 1
    assert payload["tool"] == {"name": "flowlint", "version": flowlint.__version__}
    assert sorted(f["path"] for f in payload["files"]) == sorted(texts)
    assert all(set(f) == {"path", "assistants"} and isinstance(f["assistants"], int) for f in payload["files"])
    severities = [d["severity"] for d in payload["diagnostics"]]
    assert payload["summary"] == {level: severities.count(level) for level in ("error", "warning", "info")}
    decoder = json.JSONDecoder()
    for d in payload["diagnostics"]:
        assert list(d) == DIAGNOSTIC_KEYS
        assert re.fullmatch(r"FL\d{3}", d["code"]) and d["severity"] in ("error", "warning", "info")
        assert re.fullmatch(r"[0-9a-f]{20}", d["fingerprint"])
        for key in ("assistant_id", "node_id", "edge_id"):
            assert d[key] is None or isinstance(d[key], str)
        text = texts[d["file"]]
        named = resolve(json.loads(text), d["pointer"])
        # line and column point at the start of the very value the pointer names
        start = offset_of(text, d["line"], d["column"])
        assert decoder.raw_decode(text, start)[0] == named


@budget(40)
@given(envelope())
def test_report_json_follows_the_documented_contract(value) -> None:
    count("properties")
    text = json.dumps(value, indent=2, ensure_ascii=False)
    report = flowlint.lint(text, tools=TOOLS)
    payload = json.loads(report.to_json())
    assert payload["diagnostics"] == [d.to_dict() for d in report.diagnostics]
    assert_contract(payload, {"<string>": text})


@budget(4, long_share=0.05)
@given(st.lists(envelope(max_nodes=6), min_size=1, max_size=6))
def test_cli_json_follows_the_contract_and_matches_the_library(tmp_path_factory, values) -> None:
    count("properties", len(values))
    folder = tmp_path_factory.mktemp("flows")
    texts = {}
    for index, value in enumerate(values):
        path = folder / f"flow{index}.json"
        texts[str(path)] = json.dumps(value, indent=index % 3 or None, ensure_ascii=index % 2 == 0)
        path.write_text(texts[str(path)], encoding="utf-8")
    tools = folder.parent / f"{folder.name}-tools.json"
    tools.write_text(json.dumps({"data": [{"id": k, "type": v} for k, v in TOOLS.items()]}))
    done = run_cli("check", str(folder), "--format", "json", "--tools", str(tools))
    assert done.stderr == b"" and done.returncode in (0, 1)
    payload = json.loads(done.stdout)
    assert_contract(payload, texts)
    library = json.loads(flowlint.lint(folder, tools=TOOLS).to_json())
    assert payload == library
    assert done.returncode == (1 if payload["summary"]["error"] else 0)
