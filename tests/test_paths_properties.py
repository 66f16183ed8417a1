"""What ``flowlint paths`` guarantees, checked on generated flows (hypothesis).

Each property is checked against the raw JSON of the flow with an oracle written here
(networkx on the raw edges), not against flowlint's own model:

- every path is a real walk from the start node;
- the union of the paths' edges is exactly the coverable edges (edges leaving a reachable
  node into a node of the flow, and hand-offs);
- never more paths than coverable edges (one path when there is none);
- how a path ends is true of its last node;
- a tree-shaped flow gets exactly one path per leaf and per hand-off;
- ``--to`` gives a shortest path;
- the plan is deterministic, in the library and in the command under any hash seed.
"""
from __future__ import annotations

import collections
import json

import networkx as nx
from hypothesis import given
from hypothesis import strategies as st

import flowlint

from conftest import run_cli
from flow_strategies import IDS, TAME_ID, budget, conditions, count, node


@st.composite
def any_flow(draw, max_nodes: int = 9) -> dict:
    """Any shape: cycles, self-loops, parallel edges, hand-offs, edges to missing nodes,
    nodes the start cannot reach (and their edges), sometimes a start that names nothing."""
    ids = draw(st.lists(IDS, min_size=1, max_size=max_nodes, unique=True))
    nodes = [draw(node(i)) for i in ids]
    out = collections.Counter()
    edges = []
    for index in range(draw(st.integers(0, 3 * len(ids)))):
        source = draw(st.sampled_from(nodes))
        kind = draw(st.sampled_from(["node", "node", "node", "node", "handoff", "missing"]))
        if kind == "node":
            target = {"type": "node", "node_id": draw(st.sampled_from(ids))}
        elif kind == "handoff":
            target = {"type": "assistant", "assistant_id": draw(st.sampled_from(["asst-a", "asst-b"]))}
        else:
            target = {"type": "node", "node_id": f"missing-{draw(TAME_ID)}"}
        edges.append({"id": f"e{index}_{draw(TAME_ID)}", "start_node_id": source["id"],
                      "condition": draw(conditions(source["type"], out[source["id"]] == 0)), "target": target})
        out[source["id"]] += 1
    start = ids[0] if draw(st.integers(0, 9)) else f"missing-{draw(TAME_ID)}"
    return {"start_node_id": start, "nodes": draw(st.permutations(nodes)), "edges": edges}


@st.composite
def tree_flow(draw, max_nodes: int = 12) -> dict:
    """A tree from the start (each node entered by one edge), hand-offs anywhere, and a few
    nodes the start cannot reach with edges into the tree (they change nothing)."""
    ids = draw(st.lists(IDS, min_size=1, max_size=max_nodes, unique=True))
    orphans = [f"orphan-{i}" for i in range(draw(st.integers(0, 2)))]
    nodes = [draw(node(i)) for i in ids] + [draw(node(i)) for i in orphans]
    out = collections.Counter()
    edges = []

    def edge(source: str, target: dict) -> None:
        kind = next(n["type"] for n in nodes if n["id"] == source)
        edges.append({"id": f"e{len(edges)}", "start_node_id": source,
                      "condition": draw(conditions(kind, out[source] == 0)), "target": target})
        out[source] += 1

    for index in range(1, len(ids)):
        edge(ids[draw(st.integers(0, index - 1))], {"type": "node", "node_id": ids[index]})
    for _ in range(draw(st.integers(0, len(ids)))):
        edge(draw(st.sampled_from(ids)), {"type": "assistant", "assistant_id": "asst-elsewhere"})
    for orphan in orphans:
        edge(orphan, {"type": "node", "node_id": draw(st.sampled_from(ids))})
    draw(st.randoms(use_true_random=False)).shuffle(edges)
    return {"start_node_id": ids[0], "nodes": draw(st.permutations(nodes)), "edges": edges}


# -------------------------------------------------------------------------- the oracle
def is_handoff(edge: dict) -> bool:
    return edge["target"]["type"] == "assistant"


def reachable(value: dict) -> set[str]:
    ids = {n["id"] for n in value["nodes"]}
    if value["start_node_id"] not in ids:
        return set()
    graph = nx.DiGraph()
    graph.add_node(value["start_node_id"])
    graph.add_edges_from((e["start_node_id"], e["target"]["node_id"]) for e in value["edges"]
                         if not is_handoff(e) and e["target"]["node_id"] in ids)
    return nx.descendants(graph, value["start_node_id"]) | {value["start_node_id"]}


def coverable(value: dict) -> list[dict]:
    ids, seen = {n["id"] for n in value["nodes"]}, reachable(value)
    return [e for e in value["edges"] if e["start_node_id"] in seen
            and (is_handoff(e) or e["target"]["node_id"] in ids)]


def payload_of(value: dict, **options) -> dict:
    (assistant,) = json.loads(flowlint.paths(json.dumps(value), **options).to_json())["assistants"]
    return assistant


def assert_walk_from_start(value: dict, path: dict) -> None:
    by_id = {e["id"]: e for e in value["edges"]}
    nodes, edges = path["nodes"], [by_id[i] for i in path["edges"]]
    assert nodes[0] == value["start_node_id"]
    assert len(edges) == len(nodes) - (0 if path["ends"] == "handoff" else 1)
    for index, edge in enumerate(edges):
        assert edge["start_node_id"] == nodes[index]  # edges[i] leaves nodes[i] ...
        if index + 1 < len(nodes):
            assert not is_handoff(edge) and edge["target"]["node_id"] == nodes[index + 1]  # ... enters nodes[i+1]
        else:
            assert is_handoff(edge)  # the one extra edge hands off
    assert [s["node"] for s in path["steps"]] == nodes
    assert [s["edge"] for s in path["steps"] if s["edge"] is not None] == path["edges"]


# ----------------------------------------------------------------------- properties
@budget(150)
@given(any_flow())
def test_every_path_is_a_real_walk_from_the_start(value) -> None:
    count("paths")
    for path in payload_of(value)["paths"]:
        assert_walk_from_start(value, path)


@budget(150)
@given(any_flow())
def test_the_paths_take_exactly_the_coverable_edges(value) -> None:
    count("paths")
    plan = payload_of(value)
    taken = {edge for path in plan["paths"] for edge in path["edges"]}
    assert taken == {e["id"] for e in coverable(value)}
    assert plan["coverable_edges"] == len(coverable(value))
    ids, seen = {n["id"] for n in value["nodes"]}, reachable(value)
    missing = [e["id"] for e in value["edges"] if e["start_node_id"] in seen and not is_handoff(e)
               and e["target"]["node_id"] not in ids]
    assert plan["uncoverable"] == missing
    assert all(d["code"] == "FL204" for d in plan["uncoverable_details"])
    assert plan["complete"] == (not missing and bool(seen))


@budget(150)
@given(any_flow())
def test_never_more_paths_than_coverable_edges(value) -> None:
    count("paths")
    plan = payload_of(value)
    if not reachable(value):
        assert plan["paths"] == [] and "FL102" in plan["problem"]
    else:
        assert 1 <= len(plan["paths"]) <= max(1, len(coverable(value)))


@budget(150)
@given(any_flow())
def test_how_a_path_ends_is_true(value) -> None:
    count("paths")
    plan = payload_of(value)
    ways = collections.defaultdict(list)
    for edge in coverable(value):
        ways[edge["start_node_id"]].append(edge["id"])
    taken_before: set[str] = set()
    for path in plan["paths"]:
        last = path["nodes"][-1]
        taken_before |= set(path["edges"])
        if path["ends"] == "terminal":
            assert not ways[last]
        elif path["ends"] in ("loop", "covered"):
            assert ways[last] and set(ways[last]) <= taken_before
            assert (last in path["nodes"][:-1]) == (path["ends"] == "loop")
        else:
            assert path["ends"] == "handoff" and path["handoff_to"] in ("asst-a", "asst-b")


@budget(150)
@given(tree_flow())
def test_a_tree_gets_exactly_one_path_per_leaf_and_hand_off(value) -> None:
    count("paths")
    seen = reachable(value)
    handoffs = sum(1 for e in value["edges"] if is_handoff(e) and e["start_node_id"] in seen)
    leaves = sum(1 for n in seen if not any(e["start_node_id"] == n for e in value["edges"]))
    plan = payload_of(value)
    assert len(plan["paths"]) == leaves + handoffs
    assert {p["ends"] for p in plan["paths"]} <= {"terminal", "handoff"}
    assert sorted(p["nodes"][-1] for p in plan["paths"] if p["ends"] == "terminal") == sorted(
        n for n in seen if not any(e["start_node_id"] == n for e in value["edges"]))


@budget(100)
@given(any_flow(), st.data())
def test_to_gives_a_shortest_walk_from_the_start(value, data) -> None:
    count("paths")
    seen = reachable(value)
    if not seen:
        return
    target = data.draw(st.sampled_from(sorted(seen)))
    (path,) = payload_of(value, to=target)["paths"]
    assert path["ends"] == "target" and path["nodes"][-1] == target
    assert_walk_from_start(value, {**path, "ends": "terminal"})  # a walk that stops at the node
    graph = nx.MultiDiGraph((e["start_node_id"], e["target"]["node_id"]) for e in coverable(value)
                            if not is_handoff(e))
    graph.add_node(value["start_node_id"])
    assert len(path["edges"]) == nx.shortest_path_length(graph, value["start_node_id"], target)


@budget(100)
@given(any_flow())
def test_the_plan_is_deterministic(value) -> None:
    count("paths")
    text = json.dumps(value)
    first, second = flowlint.paths(text), flowlint.paths(text)
    assert first.to_json() == second.to_json()
    assert first.to_text() == second.to_text() and first.to_markdown() == second.to_markdown()


@budget(3, long_share=0.05)
@given(st.lists(any_flow(max_nodes=7), min_size=1, max_size=4))
def test_the_command_gives_the_same_plan_under_any_hash_seed(tmp_path_factory, values) -> None:
    count("paths", len(values))
    folder = tmp_path_factory.mktemp("plans")
    for index, value in enumerate(values):
        (folder / f"flow{index}.json").write_text(json.dumps(value), encoding="utf-8")
    outputs = []
    for seed in ("0", "1", "12345"):
        done = run_cli("paths", str(folder), "--format", "json", env={"PYTHONHASHSEED": seed})
        assert done.returncode in (0, 1), done.stderr
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1] == outputs[2]
    assert json.loads(outputs[0]) == json.loads(flowlint.paths(folder).to_json())
