"""Test plans on hand-made flows: the exact paths, how each ends, what is left out and why."""
from __future__ import annotations

import json

import pytest

import flowlint
from flowlint.testplan import PlanError

from conftest import FIXTURES

DEMO = FIXTURES / "diagram-demo.json"


def flow(start: str | None, nodes: list[str], edges: list[tuple], **extra) -> dict:
    """A bare flow: prompt nodes by id; edges (id, source, target) where a target "@x"
    hands off to assistant x and a dict is taken as the raw target."""
    def target(value):
        if isinstance(value, dict):
            return value
        if value.startswith("@"):
            return {"type": "assistant", "assistant_id": value[1:]}
        return {"type": "node", "node_id": value}

    value = {"nodes": [{"id": n, "instructions": f"Step {n}.", "instructions_mode": "append"} for n in nodes],
             "edges": [{"id": i, "start_node_id": s, "condition": {"type": "llm", "prompt": f"go {i}"},
                        "target": target(t)} for i, s, t in edges], **extra}
    if start is not None:
        value["start_node_id"] = start
    return value


def plan_of(value: dict):
    return flowlint.paths(json.dumps(value)).assistants[0]


def shape(assistant) -> list[tuple[list[str], list[str], str]]:
    return [(list(p.nodes), [e.id for e in p.edges], p.ends) for p in assistant.paths]


@pytest.mark.parametrize("value, expected", [
    pytest.param(flow("a", ["a"], []), [(["a"], [], "terminal")], id="one-node-stays-at-the-start"),
    pytest.param(flow("a", ["a", "b", "c"], [("ab", "a", "b"), ("bc", "b", "c")]),
                 [(["a", "b", "c"], ["ab", "bc"], "terminal")], id="chain-one-path"),
    pytest.param(flow("a", ["a", "b", "c", "d"], [("ab", "a", "b"), ("ac", "a", "c"), ("bx", "b", "@x"),
                                                  ("bd", "b", "d")]),
                 [(["a", "b", "d"], ["ab", "bd"], "terminal"), (["a", "c"], ["ac"], "terminal"),
                  (["a", "b"], ["ab", "bx"], "handoff")], id="tree-one-path-per-leaf-and-hand-off"),
    pytest.param(flow("a", ["a"], [("ax", "a", "@x"), ("ay", "a", "@y")]),
                 [(["a"], ["ax"], "handoff"), (["a"], ["ay"], "handoff")], id="hand-offs-from-the-start"),
    pytest.param(flow("s", ["s", "a", "b", "c", "d"], [("sa", "s", "a"), ("sb", "s", "b"), ("ac", "a", "c"),
                                                       ("bc", "b", "c"), ("cd", "c", "d")]),
                 [(["s", "a", "c", "d"], ["sa", "ac", "cd"], "terminal"),
                  (["s", "b", "c"], ["sb", "bc"], "covered")], id="diamond-second-path-stops-where-covered"),
    pytest.param(flow("a", ["a", "b"], [("ab", "a", "b"), ("ba", "b", "a")]),
                 [(["a", "b", "a"], ["ab", "ba"], "loop")], id="cycle-ends-in-a-loop"),
    pytest.param(flow("a", ["a", "b", "c"], [("ab", "a", "b"), ("ba", "b", "a"), ("bc", "b", "c")]),
                 [(["a", "b", "a", "b", "c"], ["ab", "ba", "ab", "bc"], "terminal")],
                 id="detour-over-a-covered-edge-saves-a-path"),
    pytest.param(flow("a", ["a", "b"], [("aa", "a", "a"), ("ab", "a", "b")]),
                 [(["a", "a", "b"], ["aa", "ab"], "terminal")], id="self-loop-then-on"),
    pytest.param(flow("a", ["a", "b"], [("e1", "a", "b"), ("e2", "a", "b")]),
                 [(["a", "b"], ["e1"], "terminal"), (["a", "b"], ["e2"], "terminal")],
                 id="parallel-edges-are-distinct-transitions"),
    pytest.param(flow("a", ["a", "b"], [("ax", "a", "@x"), ("ab", "a", "b"), ("bx", "b", "@x")]),
                 [(["a", "b"], ["ab", "bx"], "handoff"), (["a"], ["ax"], "handoff")],
                 id="node-transitions-before-hand-offs"),
])
def test_plan_paths(value, expected):
    assert shape(plan_of(value)) == expected


def test_the_demo_front_desk_needs_one_path_per_hand_off():
    plan = flowlint.paths(DEMO, assistant="asst-front-desk").assistants[0]
    assert [(p.ends, p.handoff_to) for p in plan.paths] == [
        ("handoff", "asst-billing-specialist"), ("handoff", "asst-human-desk"),
        ("handoff", "asst-billing-specialist")]
    assert [e.id for e in plan.paths[1].edges] == ["e_greet_lookup", "e_lookup_failed", "e_not_found_greet",
                                                   "e_greet_human"]
    assert plan.coverable_edges == 8 and plan.complete
    assert plan.unreachable == ["n_old_survey"]  # its edge e_survey_greet is out of scope


def test_duplicate_edge_ids_are_still_two_transitions():
    value = flow("a", ["a", "b", "c"], [("e", "a", "b"), ("e", "a", "c")])
    assert shape(plan_of(value)) == [(["a", "b"], ["e"], "terminal"), (["a", "c"], ["e"], "terminal")]


@pytest.mark.parametrize("target, code", [
    pytest.param("n_missing", "FL204", id="target-names-no-node"),
    pytest.param({"type": "queue", "queue_id": "q1"}, "FL003", id="target-of-unknown-type"),
    pytest.param({"type": "node"}, "FL002", id="target-without-node-id"),
    pytest.param({"type": "assistant"}, "FL002", id="hand-off-without-assistant-id"),
])
def test_uncoverable_edges_are_listed_with_the_finding_check_reports(target, code):
    value = flow("a", ["a", "b"], [("ab", "a", "b"), ("bad", "a", target)])
    plan = plan_of(value)
    assert shape(plan) == [(["a", "b"], ["ab"], "terminal")]
    assert [(u.edge.id, u.code) for u in plan.uncoverable] == [("bad", code)]
    assert not plan.complete
    lint = flowlint.lint(json.dumps(value))
    assert code in {d.code for d in lint.diagnostics if d.edge_id == "bad"}


def test_edges_leaving_unreachable_nodes_are_out_of_scope():
    value = flow("a", ["a", "b", "x"], [("ab", "a", "b"), ("xa", "x", "a"), ("xm", "x", "n_missing")])
    plan = plan_of(value)
    assert shape(plan) == [(["a", "b"], ["ab"], "terminal")]
    assert plan.unreachable == ["x"] and plan.uncoverable == [] and plan.complete


@pytest.mark.parametrize("value, problem", [
    pytest.param(flow(None, ["a"], []), "FL101 missing-start-node", id="no-start-node-id"),
    pytest.param(flow("zz", ["a"], []), "FL102 unknown-start-node", id="start-names-no-node"),
    pytest.param({"start_node_id": "a", "nodes": [], "edges": []}, "FL103 empty-flow", id="no-nodes"),
])
def test_a_flow_without_a_start_gets_no_path_and_says_why(value, problem):
    plan = plan_of(value)
    assert plan.paths == [] and problem in plan.problem and not plan.complete
    assert plan.unreachable == []  # no start: nothing is "unreachable", the problem says why


@pytest.mark.parametrize("to, nodes, ends", [
    pytest.param("d", ["a", "d"], "target", id="shortest-not-first-declared"),
    pytest.param("c", ["a", "b", "c"], "target", id="through-the-chain"),
    pytest.param("a", ["a"], "target", id="the-start-itself"),
])
def test_to_gives_the_shortest_path(to, nodes, ends):
    value = flow("a", ["a", "b", "c", "d", "x"], [("ab", "a", "b"), ("bc", "b", "c"), ("cd", "c", "d"),
                                                  ("ad", "a", "d"), ("xd", "x", "d")])
    plan = flowlint.paths(json.dumps(value), to=to).assistants[0]
    assert [(list(p.nodes), p.ends) for p in plan.paths] == [(nodes, ends)]
    assert plan.to == to


def test_to_an_unreachable_node_is_a_problem_and_an_unknown_one_an_error():
    value = flow("a", ["a", "b", "x"], [("ab", "a", "b")])
    plan = flowlint.paths(json.dumps(value), to="x").assistants[0]
    assert plan.paths == [] and "FL301" in plan.problem
    with pytest.raises(PlanError, match="no node 'bb' in the flow of the input; did you mean \"b\"?"):
        flowlint.paths(json.dumps(value), to="bb")


def test_to_keeps_only_the_assistants_that_have_the_node():
    plan = flowlint.paths(DEMO, to="n_wrap_up")
    assert [a.id for a in plan.assistants] == ["asst-billing-specialist"]


def test_unknown_assistant_is_an_error_with_a_suggestion():
    with pytest.raises(PlanError, match='no assistant \'asst-front\' in the input; did you mean "asst-front-desk"'):
        flowlint.paths(DEMO, assistant="asst-front")


@pytest.mark.parametrize("make", [
    pytest.param(lambda: flowlint.load(DEMO), id="workspace"),
    pytest.param(lambda: flowlint.lint(DEMO), id="report"),
    pytest.param(lambda: str(DEMO), id="path"),
    pytest.param(lambda: json.loads(DEMO.read_text()), id="dict"),
])
def test_the_api_takes_what_the_other_functions_take(make):
    def without_file(plan):
        return [{k: v for k, v in a.items() if k != "file"} for a in plan.to_dict()["assistants"]]

    assert without_file(flowlint.paths(make())) == without_file(flowlint.paths(DEMO))


def test_one_assistant_or_one_flow_graph_alone():
    entry = flowlint.load(DEMO).assistants[1]
    by_entry = flowlint.paths(entry).assistants[0]
    by_flow = flowlint.paths(entry.flow).assistants[0]
    assert shape(by_entry) == shape(by_flow) == [(["n_dispute", "n_refund_done", "n_wrap_up"],
                                                  ["e_dispute_refund", "e_refund_wrap", "e_wrap_back"],
                                                  "handoff")]
    assert by_flow.id is None and by_flow.file is None


def test_steps_say_what_each_node_does_and_what_makes_the_call_go_on():
    path = flowlint.paths(DEMO, assistant="asst-front-desk").assistants[0].paths[0]
    assert [(s.node, s.node_type, s.name, s.does, s.condition_type, s.when) for s in path.steps] == [
        ("n_greet", "prompt", "Greeting", "Greet the caller and ask how you can help.",
         "llm", "The caller wants help with their account or a bill."),
        ("n_lookup", "tool", "Look up account",
         'says "One moment while I find your account.", then runs tool tool-account-lookup',
         "expression", 'telnyx_last_tool_status_code == "200"'),
        ("n_found", "speak", "Account found", 'says "Thanks, I found your account."', "default", "default"),
        ("n_billing", "prompt", "Billing questions", "Answer billing questions using the account details.",
         "expression",
         '(telnyx_conversation_channel == "voice") and (telnyx_conversation_duration_secs > 600)'),
    ]
    assert path.steps[-1].handoff and path.steps[-1].to == "asst-billing-specialist"


def test_a_tool_nodes_type_is_named_when_the_inventory_knows_it():
    value = {"start_node_id": "t", "nodes": [{"id": "t", "type": "tool", "shared_tool_id": "tool-1"},
                                             {"id": "b", "type": "speak", "message": "Bye.\nSee you."}],
             "edges": [{"id": "tb", "start_node_id": "t", "condition": {"type": "default"},
                        "target": {"type": "node", "node_id": "b"}}]}
    plan = flowlint.paths(json.dumps(value), tools={"tool-1": "webhook"}).assistants[0]
    assert [s.does for s in plan.paths[0].steps] == ["runs tool tool-1 (webhook)", 'says "Bye."']


def test_only_the_first_line_of_long_instructions_is_shown():
    value = flow("a", ["a"], [])
    value["nodes"][0]["instructions"] = "\n\n  You are the front desk.  \nRule 1...\n" + "x" * 100_000
    assert plan_of(value).paths[0].steps[0].does == "You are the front desk."


def test_flows_of_other_shapes_are_planned_through_the_model():
    """Provider readers (Retell, ElevenLabs, Vapi) build the same FlowGraph with their own
    node and condition objects: the plan reads them by what they have."""
    from types import SimpleNamespace

    from flowlint.graph import FlowEdge, FlowGraph, FlowNode
    from flowlint.models import NodeTarget

    nodes = [FlowNode("start", 0, "logic", SimpleNamespace(name="Router")),
             FlowNode("end", 1, "end", SimpleNamespace(name=None, message="Thanks, goodbye."))]
    condition = SimpleNamespace(type="equation")
    edges = [FlowEdge("go", 0, "start", "node", "end", "equation",
                      SimpleNamespace(condition=condition, target=NodeTarget(type="node", node_id="end")))]
    plan = flowlint.paths(FlowGraph("/flow", "start", nodes, edges)).assistants[0]
    assert [(s.node, s.node_type, s.name, s.does, s.condition_type, s.when) for s in plan.paths[0].steps] == [
        ("start", "logic", "Router", "logic node", "equation", "equation condition"),
        ("end", "end", None, 'says "Thanks, goodbye."', None, None)]
