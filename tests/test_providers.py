"""Provider formats: recognised from their structure, read into the one flow model, with
pointers into the original file; Telnyx shapes are never taken for a provider's."""
from __future__ import annotations

import json

import pytest

import flowlint
from flowlint.documents import detect_shape

from conftest import FIXTURES, codes_and_subjects, lint_value, run_cli

PROVIDERS = FIXTURES / "providers"
_PROMPT = {"id": "greet", "instructions": "Greet the caller.", "instructions_mode": "append"}
_RETELL_NODE = {"id": "greet", "type": "conversation", "instruction": {"type": "prompt", "text": "Hi."}}
_EL_WORKFLOW = {"nodes": {"start": {"type": "start"}, "bye": {"type": "end"}},
                "edges": {"go": {"source": "start", "target": "bye", "forward_condition": {"type": "unconditional"}}}}

SHAPES = {
    "telnyx-envelope": ({"data": []}, "envelope"),
    "telnyx-assistant": ({"id": "a-1", "instructions": "Help."}, "assistant"),
    "telnyx-request-body": ({"name": "Desk", "instructions": "Help.", "conversation_flow": {}}, "assistant"),
    "telnyx-flow": ({"start_node_id": "greet", "nodes": [_PROMPT], "edges": []}, "flow"),
    "telnyx-empty-flow": ({"start_node_id": "greet", "nodes": []}, "flow"),
    "telnyx-tool-flow": ({"start_node_id": "t", "nodes": [{"id": "t", "type": "tool", "shared_tool_id": "x"}]}, "flow"),
    "telnyx-flow-with-edges": ({"nodes": [{"id": "a"}], "edges": [{"id": "e", "start_node_id": "a"}]}, "flow"),
    "retell-agent-export": ({"agent_id": "ag", "conversationFlow": {"nodes": [_RETELL_NODE]}}, "retell"),
    "retell-agent-without-flow": ({"agent_id": "ag", "response_engine": {"type": "retell-llm", "llm_id": "l"}}, "retell"),
    "retell-conversation-flow": ({"start_node_id": "greet", "nodes": [_RETELL_NODE]}, "retell"),
    "retell-create-body": ({"model_choice": {"model": "gpt-4.1"}, "nodes": [], "start_speaker": "agent"}, "retell"),
    "retell-llm": ({"llm_id": "l", "starting_state": "s", "states": [{"name": "s"}]}, "retell"),
    "elevenlabs-agent": ({"name": "Agent", "conversation_config": {"agent": {}}, "workflow": _EL_WORKFLOW}, "elevenlabs"),
    "elevenlabs-nested-workflow": ({"conversation_config": {"workflow": _EL_WORKFLOW}}, "elevenlabs"),
    "elevenlabs-bare-workflow": (_EL_WORKFLOW, "elevenlabs"),
    "vapi-api-shape": ({"nodes": [{"type": "conversation", "name": "A", "isStart": True}], "edges": []}, "vapi"),
    "vapi-legacy-shape": ({"nodes": [{"id": "a", "type": "conversation", "systemPrompt": "Hi."}],
                           "edges": [{"from": "a", "to": "a"}]}, "vapi"),
    "retell-fragment": ({"_comment": "paste", "nodes_to_add_to_flow": [_RETELL_NODE]}, None),
    "telnyx-blueprint": ({"entry_node": "a", "nodes": [{"id": "a", "type": "message", "next": "b"}]}, None),
    "not-a-flow": ({"hello": "world"}, None),
}


@pytest.mark.parametrize("name", SHAPES)
def test_each_format_is_recognised_and_telnyx_shapes_stay_telnyx(name):
    value, shape = SHAPES[name]
    assert detect_shape(value) == shape


@pytest.mark.parametrize("name, says", [
    ("retell-fragment", 'it looks like a fragment of a Retell conversation flow ("nodes_to_add_to_flow")'),
    ("telnyx-blueprint", "it looks like a Telnyx Conversational Workflows blueprint"),
])
def test_other_formats_get_one_fl004_saying_what_they_look_like(name, says):
    report = lint_value(SHAPES[name][0])
    (finding,) = report.diagnostics
    assert finding.code == "FL004" and says in finding.message


def test_provider_forces_a_format_and_a_mismatch_is_one_fl004():
    retell_flow = SHAPES["retell-conversation-flow"][0]
    assert detect_shape(retell_flow, "telnyx") == "flow"
    assert detect_shape({"data": []}, "vapi") == "vapi"
    report = flowlint.lint({"data": []}, provider="retell")
    assert [(d.code, d.message) for d in report.diagnostics] == [
        ("FL004", 'not a Retell document: expected an agent export ("conversationFlow"), a conversation '
                  'flow ("nodes", "start_node_id") or a Retell LLM ("states"), got an object')]
    with pytest.raises(ValueError, match="provider must be one of"):
        flowlint.load({"data": []}, provider="bland")


def test_a_retell_export_is_read_into_the_flow_model():
    workspace = flowlint.load(PROVIDERS / "FL902-retell-transfer-without-fallback.json")
    (entry,) = workspace.assistants
    flow = entry.flow
    assert (entry.id, entry.name, entry.format, flow.format.name) == ("agent_fl902", "Front desk", "retell", "retell")
    assert {n.id: (n.type, n.model.provider_type) for n in flow.nodes} == {
        "ask": ("prompt", "conversation"), "billing_line": ("transfer", "transfer_call"),
        "front_office": ("transfer", "transfer_call"), "sales_agent": ("handoff", "agent_swap"),
        "sorry": ("prompt", "conversation"), "bye": ("end", "end")}
    assert [(e.id, e.source, e.target, e.condition_type) for e in flow.edges] == [
        ("to_billing", "ask", "billing_line", "llm"), ("to_people", "ask", "front_office", "llm"),
        ("to_sales", "ask", "sales_agent", "llm"), ("to_bye", "ask", "bye", "llm"),
        ("office_failed", "front_office", "sorry", "transfer call failed"),
        (None, "sales_agent", "agent_fl902_sales", "agent_swap"), ("sorry_done", "sorry", "bye", "llm")]
    assert flow.edge_pointer(flow.edges[4], "target", "node_id") == "/conversationFlow/nodes/2/edge/destination_node_id"
    graph = entry.graph
    assert graph.nodes["billing_line"]["provider_type"] == "transfer_call"
    assert ("assistant", "agent_fl902_sales") in graph


def test_retell_global_nodes_are_reachable_and_every_edge_field_is_an_edge():
    nodes = [
        {**_RETELL_NODE, "edges": [{"id": "e1", "transition_condition": {"type": "prompt", "prompt": "Done."},
                                    "destination_node_id": "bye"}]},
        {"id": "human", "type": "transfer_call", "global_node_setting": {"condition": "Caller asks for a person."},
         "edge": {"id": "failed", "transition_condition": {"type": "prompt", "prompt": "Transfer failed"},
                  "destination_node_id": "sorry"}},
        {"id": "sorry", "type": "conversation", "instruction": {"type": "prompt", "text": "Sorry."},
         "always_edge": {"id": "a1", "transition_condition": {"type": "prompt", "prompt": "Always"},
                         "destination_node_id": "bye"}},
        {"id": "bye", "type": "end"},
    ]
    flow = {"start_node_id": "greet", "nodes": nodes}
    assert lint_value(flow).diagnostics == ()
    del nodes[1]["global_node_setting"]
    assert codes_and_subjects(lint_value(flow), "FL301") == {("FL301", "human"), ("FL301", "sorry")}


def test_a_retell_llm_is_read_from_its_states():
    llm = {"llm_id": "llm_1", "starting_state": "intake", "general_tools": [{"type": "end_call", "name": "end"}],
           "states": [{"name": "intake", "state_prompt": "Ask why they call.",
                       "edges": [{"description": "The caller wants billing.", "destination_state_name": "billing"},
                                 {"description": "", "destination_state_name": "refunds"}]},
                      {"name": "billing", "state_prompt": "Help with the bill."}]}
    report = lint_value(llm)
    assert codes_and_subjects(report) == {("FL401", "intake"), ("FL204", "intake")}
    unknown = next(d for d in report.diagnostics if d.code == "FL204")
    assert unknown.message == 'edge "intake -> refunds" leads to unknown node "refunds"'
    assert (unknown.edge_id, unknown.pointer) == (None, "/states/0/edges/1/destination_state_name")
    llm["general_tools"] = []  # no end_call anywhere: the billing state is a dead end
    assert ("FL303", "billing") in codes_and_subjects(lint_value(llm))


def test_elevenlabs_backward_conditions_are_edges_back_and_transfers_are_hand_offs():
    workflow = {"nodes": {"start": {"type": "start"}, "triage": {"type": "override_agent", "label": "Triage"},
                          "faq": {"type": "override_agent", "label": "FAQ"},
                          "sales": {"type": "standalone_agent", "agent_id": "agent_sales"},
                          "jump": {"type": "standalone_agent", "node_id": "nowhere"}},
                "edges": {"begin": {"source": "start", "target": "faq",
                                    "forward_condition": {"type": "unconditional"},
                                    "backward_condition": {"type": "llm", "condition": "Back to the start."}},
                          "faq_triage": {"source": "triage", "target": "faq",
                                         "backward_condition": {"type": "llm", "condition": "The caller wants triage."}},
                          "to_sales": {"source": "triage", "target": "sales",
                                       "forward_condition": {"type": "llm", "condition": "Buy."}},
                          "to_jump": {"source": "triage", "target": "jump",
                                      "forward_condition": {"type": "result", "successful": True}}}}
    workspace = flowlint.load(workflow)
    flow = workspace.assistants[0].flow
    assert [(e.id, e.source, e.target, e.is_reverse) for e in flow.edges if e.id in ("begin", "faq_triage")] == [
        ("begin", "start", "faq", False), ("begin", "faq", "start", True),
        ("faq_triage", "triage", "faq", False), ("faq_triage", "faq", "triage", True)]
    assert "triage" in flow.reachable
    report = flowlint.lint(workflow)
    assert codes_and_subjects(report) == {("FL204", "jump"), ("FL501", "sales")}
    assert workspace.handoff_graph.has_edge("<flow in <object>>", "agent_sales")


def test_vapi_legacy_nodes_are_named_by_id_and_edges_follow_them():
    workflow = {"nodes": [{"id": "start", "type": "conversation", "systemPrompt": "Greet.", "isStart": True},
                          {"id": "bye", "type": "hangup"}],
                "edges": [{"from": "start", "to": "bye", "condition": "The caller is done."},
                          {"from": "start", "to": "ghost", "condition": "{{ tier == 'gold' }}"}]}
    report = lint_value(workflow)
    assert codes_and_subjects(report, "FL204") == {("FL204", "start")}
    (finding,) = [d for d in report.diagnostics if d.code == "FL204"]
    assert finding.message == 'edge "start -> ghost" leads to unknown node "ghost"'
    assert (finding.pointer, finding.line, finding.column) == ("/edges/1/to", 22, 13)
    flow = flowlint.load(workflow).assistants[0].flow
    assert [e.condition_type for e in flow.edges] == ["llm", "logic"]


def test_telnyx_only_rules_never_run_on_provider_flows():
    from flowlint.rules import RULES_BY_CODE

    for path in PROVIDERS.glob("*.json"):
        for diagnostic in flowlint.lint(path).diagnostics:
            assert RULES_BY_CODE[diagnostic.code].formats != {"telnyx"}, (path.name, diagnostic.code)


def test_every_provider_finding_has_a_line_and_column():
    for path in PROVIDERS.glob("*.json"):
        for diagnostic in flowlint.lint(path).diagnostics:
            assert diagnostic.line > 0 and diagnostic.column > 0, (path.name, diagnostic)


def test_broken_provider_values_are_one_fl002_each_and_the_rest_is_read():
    nodes = [{**_RETELL_NODE, "edges": [{"id": 7, "destination_node_id": "bye"},
                                        {"id": "ok", "transition_condition": {"type": "prompt", "prompt": "Done."},
                                         "destination_node_id": "bye"}]},
             {"type": "end"}, {"id": "bye", "type": "end"}, {"id": "odd", "type": "teleport"}]
    report = lint_value({"start_node_id": "greet", "nodes": nodes})
    assert [(d.code, d.pointer) for d in report.diagnostics if d.code in ("FL002", "FL003")] == [
        ("FL002", "/nodes/0/edges/0/id"), ("FL002", "/nodes/1"), ("FL003", "/nodes/3/type")]
    assert codes_and_subjects(report, "FL301") == {("FL301", "odd")}


@pytest.mark.parametrize("provider", ["retell", "elevenlabs", "vapi", "telnyx", "auto"])
def test_check_and_diagram_take_provider(provider, tmp_path):
    path = PROVIDERS / "FL923-vapi-workflows-retired.json"
    result = run_cli("check", str(path), "--provider", provider, "--format", "json")
    codes = {d["code"] for d in json.loads(result.stdout)["diagnostics"]}
    if provider in ("auto", "vapi"):
        assert codes == {"FL923"}
    elif provider == "telnyx":  # read as a bare Telnyx flow: no start_node_id, no node ids
        assert {"FL101", "FL002"} <= codes
    else:  # read as the wrong provider: findings, never a crash
        assert result.returncode in (0, 1) and codes
    drawn = run_cli("diagram", str(path), "--provider", "vapi", "--format", "mermaid")
    assert drawn.returncode == 0 and b"Greeting" in drawn.stdout


def test_an_unknown_provider_is_a_usage_error():
    result = run_cli("check", str(PROVIDERS / "FL923-vapi-workflows-retired.json"), "--provider", "bland")
    assert result.returncode == 2 and b"invalid choice" in result.stderr
