"""Properties of the diff, on every fixture and on generated edits (hypothesis):

- a version diffed with itself has no change and no new or fixed finding;
- diff(B, A) is the inverse of diff(A, B): added and removed swap, renames and old/new
  values turn round, new and fixed findings swap;
- renaming one node (and the references to it) between ids no rule objects to is exactly
  one rename, nothing else, and moves none of the findings to new or fixed.
"""
from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from flowlint.diff import diff

from conftest import FIXTURES, ROOT
from flow_strategies import IDS, TAME_ID, TOOLS, WORDS, budget, count, envelope

REAL_FLOWS = ROOT.parent / "shared" / "real-flows"
FILES = sorted(FIXTURES.rglob("*.json")) + (sorted(REAL_FLOWS.rglob("*.json")) if REAL_FLOWS.is_dir() else [])


def name(path: Path) -> str:
    return str(path.relative_to(FIXTURES if FIXTURES in path.parents else REAL_FLOWS))


@pytest.mark.parametrize("path", FILES, ids=name)
def test_a_version_diffed_with_itself_is_empty(path) -> None:
    result = diff(path, path, positions=True)
    assert not result.changed, [(a.id, a.status) for a in result.assistants if a.status != "unchanged"]
    assert (result.findings.new, result.findings.fixed) == ([], [])


PAIRS = list(zip(FILES, FILES[1:], strict=False))  # each fixture with the next one


@pytest.mark.parametrize("old, new", PAIRS, ids=[f"{name(a)}->{name(b)}" for a, b in PAIRS])
def test_the_diff_of_two_fixtures_is_the_inverse_of_the_reverse_diff(old, new) -> None:
    assert_inverse(diff(old, new, positions=True).to_dict(), diff(new, old, positions=True).to_dict())


# --------------------------------------------------------------------------- the inverse

SWAP = {"added": "removed", "removed": "added"}


def turned(change: dict) -> dict:
    """A field change seen from the other side (text diffs compared by their line counts)."""
    out = dict(change)
    if change["kind"] == "value":
        out.update(old=change["new"], new=change["old"])
    elif change["kind"] == "items":
        out.update(added=change["removed"], removed=change["added"])
    elif change["kind"] == "text":
        out.update(added_lines=change["removed_lines"], removed_lines=change["added_lines"])
    out.pop("diff", None)
    out.pop("omitted_lines", None)
    return out


def comparable_changes(changes: list[dict]) -> list[dict]:
    """Changes without their diff text, by field (each side lists fields in its own order)."""
    return sorted(({k: v for k, v in c.items() if k not in ("diff", "omitted_lines")} for c in changes),
                  key=lambda c: c["field"])


def turned_elements(part: dict) -> dict:
    out = {"added": sorted(part["removed"]), "removed": sorted(part["added"]),
           "renamed": sorted((r["new"], r["old"]) for r in part["renamed"]),
           "changed": sorted((c["id"], sorted(c["fields"]), comparable_changes([turned(x) for x in c["changes"]]))
                      for c in part["changed"])}
    if "moved" in part:  # a renamed element is named by its new id: the other side's old one
        back = {r["new"]: r["old"] for r in part["renamed"]}
        out["moved"] = sorted(back.get(i, i) for i in part["moved"])
    return out


def plain_elements(part: dict) -> dict:
    out = {"added": sorted(part["added"]), "removed": sorted(part["removed"]),
           "renamed": sorted((r["old"], r["new"]) for r in part["renamed"]),
           "changed": sorted((c["id"], sorted(c["fields"]), comparable_changes(c["changes"])) for c in part["changed"])}
    if "moved" in part:
        out["moved"] = sorted(part["moved"])
    return out


def turned_assistant(a: dict) -> dict:
    return {"id": a["id"], "status": SWAP.get(a["status"], a["status"]), "files": (a["new_file"], a["old_file"]),
            "fields": sorted(a["fields"]), "changes": comparable_changes([turned(c) for c in a["changes"]]),
            "nodes": turned_elements(a["nodes"]), "edges": turned_elements(a["edges"]),
            "start_node": None if a["start_node"] is None else (a["start_node"]["new"], a["start_node"]["old"]),
            "handoffs": (a["handoffs"]["removed"], a["handoffs"]["added"])}


def plain_assistant(a: dict) -> dict:
    return {"id": a["id"], "status": a["status"], "files": (a["old_file"], a["new_file"]),
            "fields": sorted(a["fields"]), "changes": comparable_changes(a["changes"]),
            "nodes": plain_elements(a["nodes"]), "edges": plain_elements(a["edges"]),
            "start_node": None if a["start_node"] is None else (a["start_node"]["old"], a["start_node"]["new"]),
            "handoffs": (a["handoffs"]["added"], a["handoffs"]["removed"])}


def findings(diagnostics: list[dict]) -> list[tuple]:
    return sorted((d["code"], d["fingerprint"], d["file"]) for d in diagnostics)


def assert_inverse(forward: dict, backward: dict) -> None:
    key = lambda a: (a["id"] is None, str(a["id"]), str(a["files"]))  # noqa: E731
    assert sorted(map(turned_assistant, forward["assistants"]), key=key) == \
        sorted(map(plain_assistant, backward["assistants"]), key=key)
    assert findings(forward["findings"]["new"]) == findings(backward["findings"]["fixed"])
    assert findings(forward["findings"]["fixed"]) == findings(backward["findings"]["new"])
    assert forward["findings"]["unchanged"] == backward["findings"]["unchanged"]


# ------------------------------------------------------------------------ generated edits

def _flows(value: dict) -> list[dict]:
    return [a["conversation_flow"] for a in value["data"]]


@st.composite
def edited(draw, value: dict) -> dict:
    """``value`` after a few random edits of the kinds a pull request makes."""
    new = copy.deepcopy(value)
    for _ in range(draw(st.integers(1, 4))):
        flow = draw(st.sampled_from(_flows(new)))
        nodes, edges = flow["nodes"], flow["edges"]
        edit = draw(st.sampled_from(["remove-node", "rename-node", "reword", "add-node", "start",
                                     "mode", "retarget", "rename-edge", "move", "drop-assistant"]))
        if edit == "remove-node" and len(nodes) > 1:
            gone = nodes.pop(draw(st.integers(0, len(nodes) - 1)))["id"]
            flow["edges"] = [e for e in edges if gone not in (e["start_node_id"], e["target"].get("node_id"))]
        elif edit == "rename-node" or edit == "add-node":
            new_id = draw(IDS)
            if new_id in {n["id"] for n in nodes}:
                continue
            if edit == "add-node":
                nodes.append({"type": "prompt", "id": new_id, "instructions": draw(WORDS)})
            else:
                rename_node(flow, draw(st.sampled_from(nodes))["id"], new_id)
        elif edit == "reword" and any(e["condition"]["type"] == "llm" for e in edges):
            edge = draw(st.sampled_from([e for e in edges if e["condition"]["type"] == "llm"]))
            edge["condition"]["prompt"] = draw(WORDS)
        elif edit == "start":
            flow["start_node_id"] = draw(st.sampled_from(nodes))["id"]
        elif edit == "mode":
            prompts = [n for n in nodes if n["type"] == "prompt"]
            if prompts:
                draw(st.sampled_from(prompts)).pop("instructions_mode", None)
        elif edit == "retarget" and edges:
            edge = draw(st.sampled_from(edges))
            edge["target"] = {"type": "node", "node_id": draw(st.sampled_from(nodes))["id"]}
        elif edit == "rename-edge" and edges:
            draw(st.sampled_from(edges))["id"] += "_v2"
        elif edit == "move":
            draw(st.sampled_from(nodes))["position"] = {"x": draw(st.integers(0, 900)), "y": 10}
        elif edit == "drop-assistant" and len(new["data"]) > 1:
            new["data"].pop(draw(st.integers(0, len(new["data"]) - 1)))
    return new


def rename_node(flow: dict, old_id: str, new_id: str) -> None:
    for node in flow["nodes"]:
        if node["id"] == old_id:
            node["id"] = new_id
    for edge in flow["edges"]:
        if edge["start_node_id"] == old_id:
            edge["start_node_id"] = new_id
        if edge["target"].get("node_id") == old_id:
            edge["target"]["node_id"] = new_id
    if flow["start_node_id"] == old_id:
        flow["start_node_id"] = new_id


@budget(25)
@given(st.data())
def test_generated_edits_diff_inversely_and_self_diffs_are_empty(data) -> None:
    old = data.draw(envelope(max_assistants=2, max_nodes=6))
    new = data.draw(edited(old))
    count("diff-properties")
    forward = diff(json.dumps(old), json.dumps(new), positions=True, tools=TOOLS)
    backward = diff(json.dumps(new), json.dumps(old), positions=True, tools=TOOLS)
    assert_inverse(forward.to_dict(), backward.to_dict())
    assert not diff(json.dumps(new), json.dumps(new), positions=True, tools=TOOLS).changed


@budget(25)
@given(envelope(max_assistants=2, max_nodes=6), TAME_ID, st.data())
def test_renaming_one_node_is_one_rename_and_keeps_every_finding(old, new_id, data) -> None:
    flows = _flows(old)
    index = data.draw(st.integers(0, len(flows) - 1))
    target = data.draw(st.sampled_from(flows[index]["nodes"]))["id"]
    assume(new_id not in {n["id"] for n in flows[index]["nodes"]})
    # Between ids no rule objects to: renaming a blank start id (FL101) does fix a finding.
    assume(re.fullmatch(r"[a-z][a-z0-9_]{0,11}", target) is not None)
    count("diff-properties")
    new = copy.deepcopy(old)
    rename_node(_flows(new)[index], target, new_id)
    result = diff(json.dumps(old), json.dumps(new), tools=TOOLS)
    changed = [a for a in result.assistants if a.status != "unchanged"]
    assert [(a.id, a.nodes.renamed) for a in changed] == [(old["data"][index]["id"], [(target, new_id)])]
    [assistant] = changed
    assert (assistant.nodes.added, assistant.nodes.removed, assistant.nodes.changed) == ([], [], [])
    assert assistant.edges.empty and assistant.start_node is None and not assistant.fields
    assert (result.findings.new, result.findings.fixed) == ([], [])
