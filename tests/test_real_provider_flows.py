"""Acceptance on real provider files written by others (../shared/real-flows, see its
SOURCES.md; skipped when the folder is absent, as in a user's clone).

Every Retell, ElevenLabs and Vapi file is read natively (no FL001-FL004, no FL002 flood),
and what is reported was checked by hand against the JSON:

- sample.retell-agent.json: the five nodes added last (Logic Split, Extract Variables, Code,
  an End Call and a Subagent) are no edge's destination and not global; eleven edges have no
  destination_node_id (the editor's "Describe the transition condition" placeholders, the
  equation edge, and the else edges of the three unreachable logic nodes);
- Keyline_Agent__Aubrey_Agent@*: the transfer node node-1778619539847 ("Transfer Call",
  +18563630633) is referenced by no edge, and its "Transfer failed" edge is not connected;
- conversation_flow_create_with_all_params.json (SDK placeholders): edges to the nodes
  "book_appointment" and "destination_node_id", which do not exist, and the edge id "id" on
  three edges of one node;
- conversation_flow_create_minimal.json: no start_node_id, and its one conversation node
  has no edge (no end node, no global node);
- multilingual-support.workflow.json: the three language nodes have no edge and no tool,
  and no node ends the call.
"""
from __future__ import annotations

from collections import Counter

import pytest

import flowlint

from conftest import ROOT

REAL = ROOT.parent / "shared" / "real-flows"
pytestmark = pytest.mark.skipif(not REAL.is_dir(), reason="../shared/real-flows is not here")

RETELL = "ubaidlodhi-retell-voice-agents/"
SAMPLE_UNCONNECTED = [
    "edge-1735940675562", "edge-1777721648370-t265eco75", "edge-1735952884562", "edge-1736611024399",
    "edge-1777722368315-u1jjjlyk7", "edge-1777722469872-e7dh9w6om", "node-1777722513705-else-edge",
    "edge-1777722513705-x6b8ft0we", "edge-1777722519201-irwwb8f6f", "edge-1777734978259-38187npep",
    "edge-1777735150081-cxf0ud80q"]
SAMPLE_UNREACHABLE = ["node-1777722368315", "node-1777722513705", "node-1777722519201",
                      "node-1777722558807", "node-1777734978259"]
KEYLINE = Counter({("FL301", "node-1778619539847"): 1, ("FL204", "edge-1778619539847-3unr8g7sx"): 1})

# file -> format it is read as, and the exact (code, subject) counts
EXPECTED = {
    RETELL + "sample.retell-agent.json": ("retell", Counter(
        [("FL301", n) for n in SAMPLE_UNREACHABLE] + [("FL204", e) for e in SAMPLE_UNCONNECTED])),
    RETELL + "Keyline_Agent__Aubrey_Agent@6993da0.json": ("retell", KEYLINE),
    RETELL + "Keyline_Agent__Aubrey_Agent@1400776.json": ("retell", KEYLINE),
    RETELL + "inbound-agent__sample-inbound-conversation-flow@50a3c54.json": ("retell", Counter()),
    RETELL + "skill-asset__starter-flow.json": ("retell", Counter()),
    "retell-python-sdk/conversation_flow_create_with_all_params.json": ("retell", Counter({
        ("FL204", "id"): 3, ("FL204", "edge_1"): 1, ("FL202", "id"): 2})),
    "retell-python-sdk/conversation_flow_create_minimal.json": ("retell", Counter({
        ("FL101", None): 1, ("FL303", "start"): 1})),
    "elevenlabs-plugin/example-agent.json": ("elevenlabs", Counter()),
    "vapi-docs/multilingual-support.workflow.json": ("vapi", Counter({
        ("FL303", "english_support"): 1, ("FL303", "spanish_support"): 1, ("FL303", "french_support"): 1,
        ("FL922", None): 1, ("FL923", None): 1})),
    "vapi-docs/property-management.workflow.json": ("vapi", Counter({("FL923", None): 1})),
}

NOT_FLOWS = {
    RETELL + "skill-asset__code-and-branch-pattern.json": "fragment of a Retell conversation flow",
    RETELL + "skill-asset__collection-flow-template.json": "fragment of a Retell conversation flow",
    RETELL + "skill-asset__transfer-with-fallback.json": "fragment of a Retell conversation flow",
    "telnyx-code-examples/build-conversational-workflow-nodejs__workflow.json":
        "Telnyx Conversational Workflows blueprint",
}


def _subjects(report: flowlint.Report) -> Counter:
    return Counter((d.code, d.edge_id or d.node_id or d.assistant_id) for d in report.diagnostics)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_real_provider_file_is_read_natively(name):
    provider, expected = EXPECTED[name]
    workspace = flowlint.load(REAL / name)
    assert [e.format for e in workspace.assistants] == [provider]
    report = flowlint.lint(REAL / name)
    assert _subjects(report) == expected
    assert all(d.line > 0 for d in report.diagnostics)  # every pointer is in the file


@pytest.mark.parametrize("name", sorted(NOT_FLOWS))
def test_real_non_flow_gets_one_fl004_saying_what_it_is(name):
    report = flowlint.lint(REAL / name)
    assert [d.code for d in report.diagnostics] == ["FL004"]
    assert NOT_FLOWS[name] in report.diagnostics[0].message


def test_every_real_file_is_accounted_for():
    files = {str(p.relative_to(REAL)) for p in REAL.rglob("*.json")}
    telnyx = {f for f in files if f.startswith("telnyx-python/")}
    assert files - telnyx == set(EXPECTED) | set(NOT_FLOWS)
    for name in telnyx:  # Telnyx request bodies stay Telnyx's
        assert [e.format for e in flowlint.load(REAL / name).assistants] == ["telnyx"]


def test_a_real_retell_flow_draws_with_its_kinds_and_labels():
    from flowlint.diagrams import to_mermaid

    text = to_mermaid(REAL / RETELL / "sample.retell-agent.json")
    assert "transfer_call #40;global#41;" in text and "not connected" in text  # Mermaid-escaped
    assert "#123;#123;test_var#125;#125; == test_value" in text  # the equation, as a label
