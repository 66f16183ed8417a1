"""Deterministic synthetic import responses for the flowlint benchmarks.

``python benchmarks/generate.py --assistants N --nodes M --seed S -o FILE`` writes a
``{"data": [assistant, ...]}`` envelope shaped like ``POST /ai/assistants/import`` returns
(see ``fixtures/seed-import-response.json`` and ``fixtures/clean/acme-import.json``):
N assistants, each with a ``conversation_flow`` of M nodes, in the layout of
``json.dump(..., indent=2)`` (the bytes are exactly what it would write).

Every flow uses all node types (prompt, tool, speak), all condition types (llm,
expression with nested and/or/not/comparison/arithmetic ASTs, default) and both target
types (node, and hand-offs to other generated assistants), with assistant tools, shared
tool ids, instructions/tools modes and editor positions. Without defects the output lints
clean: no finding at all. A small share of elements is made defective (``--defect-rate``,
defects per node; the default gives a few hundred findings at 1000 x 100), one finding per
defect, and ``generate_with_defects`` says which finding each defect should cause, so the
tests can check the generator against the linter exactly.

Each assistant is drawn from its own ``random.Random`` seeded by (seed, index): the output
depends only on the arguments, and assistants are generated and written one at a time, so
memory stays flat whatever the size.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator, Optional

# Defects per node. At 100 nodes per assistant this is 0.4 defects per assistant, so
# 1000 x 100 reports about 400 findings: "a few hundred", as a real account export would.
DEFAULT_DEFECT_RATE = 0.004

STATUS = "telnyx_last_tool_status_code"
CHANNEL = "telnyx_conversation_channel"
DURATION = "telnyx_conversation_duration_secs"
ATTESTATION = "telnyx_shaken_stir_attestation"

COMPANIES = ("Acme Outfitters", "Northwind Health", "Bluebird Travel", "Contoso Energy",
             "Fabrikam Insurance", "Globex Telecom", "Initech Banking", "Umbrella Pharmacy",
             "Stark Logistics", "Wayne Property", "Hooli Cloud", "Vandelay Imports")
ROLES = ("front desk", "billing", "orders", "returns", "technical support", "appointments",
         "claims", "retention", "onboarding", "collections", "dispatch", "after hours")
PROVIDERS = ("vapi", "elevenlabs", "retell")
MODELS = ("openai/gpt-4o", "openai/gpt-4o-mini", "anthropic/claude-3-5-sonnet",
          "meta-llama/Meta-Llama-3.1-70B-Instruct", "moonshotai/Kimi-K2.6")
VOICES = ("Telnyx.KokoroTTS.af_heart", "Telnyx.NaturalHD.astra", "AWS.Polly.Joanna-Neural",
          "ElevenLabs.eleven_turbo_v2_5.Rachel")
TOPICS = ("billing", "order status", "returns", "shipping", "appointments", "password reset",
          "account changes", "payments", "cancellation", "warranty", "store hours",
          "technical issue", "refunds", "loyalty points", "address update", "feedback")
STEPS = ("intake", "verify identity", "collect details", "look up", "explain options",
         "confirm", "resolve", "follow up", "wrap up", "escalate")
INTENTS = ("asks about", "wants help with", "has a question on", "mentions", "is upset about",
           "wants to change", "asks to check", "needs an update on")
SENTENCES = (
    "Keep answers short and confirm each detail back to the caller before moving on.",
    "Never read out full card numbers; use only the last four digits when confirming.",
    "If the caller sounds frustrated, acknowledge it once and then focus on the fix.",
    "Use the caller's first name from {{caller_name}} when it is known.",
    "Ask one question at a time and wait for the answer.",
    "Offer to send a summary by text message at the end of this step.",
    "Do not promise refunds or credits; say a specialist will review the request.",
    "Speak numbers digit by digit and dates as weekday, month and day.",
    "If the caller changes topic, follow the new topic instead of finishing this step.",
    "Mention the reference number {{ticket_id}} whenever one exists.",
)
VARIABLES_STR = (("customer_tier", ("gold", "silver", "bronze")),
                 ("preferred_language", ("en", "es", "fr", "de")),
                 ("last_intent", ("refund", "upgrade", "complaint", "porting")),
                 (CHANNEL, ("voice", "chat", "sms")),
                 (ATTESTATION, ("A", "B", "C")))
VARIABLES_NUM = (("account_balance", (0, 50, 100, 250)), ("open_tickets", (0, 1, 3)),
                 ("days_since_order", (7, 14, 30, 90)), (DURATION, (60, 300, 600)))
COMPARE_NUM = ("<", "<=", ">", ">=", "==", "!=")
SINGLE_TOOLS = ("transfer", "retrieval", "send_dtmf", "send_message", "skip_turn",
                "update_dynamic_variables", "vision", "refer", "invite", "pay")


@dataclass
class Defect:
    """One defect the generator planted, and the finding it must cause."""

    kind: str
    code: str
    assistant_id: str
    subject: str  # edge id for edge findings, node id for node findings, else assistant id


# ----------------------------------------------------------------------- small builders

def _var(name: str) -> dict:
    return {"type": "variable", "name": name}


def _cmp(left: dict, op: str, right: dict) -> dict:
    return {"type": "comparison", "left": left, "op": op, "right": right}


def _str(value: str) -> dict:
    return {"type": "string_literal", "value": value}


def _num(value: int) -> dict:
    return {"type": "number_literal", "value": value}


def _bool_op(op: str, *operands: dict) -> dict:
    return {"type": "bool_op", "op": op, "operands": list(operands)}


def status_ok(rng: random.Random) -> dict:
    """A tool succeeded: correct on voice (string) and chat (number) alike (no FL408)."""
    if rng.random() < 0.8:
        return _bool_op("or", _cmp(_var(STATUS), "==", _str("200")),
                        _cmp(_var(STATUS), "==", _num(200)))
    return _bool_op("or",
                    _bool_op("and", _cmp(_var(CHANNEL), "==", _str("voice")),
                             _cmp(_var(STATUS), "==", _str("200"))),
                    _bool_op("and", _cmp(_var(CHANNEL), "!=", _str("voice")),
                             _cmp(_var(STATUS), "==", _num(200))))


def _comparison(rng: random.Random) -> dict:
    roll = rng.random()
    if roll < 0.45:
        name, values = rng.choice(VARIABLES_STR)
        op = rng.choice(("==", "!=", "contains", "not_contains"))
        return _cmp(_var(name), op, _str(rng.choice(values)))
    name, values = rng.choice(VARIABLES_NUM)
    if roll < 0.8:
        return _cmp(_var(name), rng.choice(COMPARE_NUM), _num(rng.choice(values)))
    other, _ = rng.choice(VARIABLES_NUM)
    arithmetic = {"type": "arithmetic", "left": _var(name), "op": rng.choice("+-*/%"),
                  "right": _var(other)}
    return _cmp(arithmetic, rng.choice(COMPARE_NUM), _num(rng.choice(values)))


def expression(rng: random.Random, depth: int = 0) -> dict:
    """A valid boolean AST: comparisons under nested and/or/not, now and then a bool literal."""
    roll = rng.random()
    if depth >= 2 or roll < (0.3 if depth == 0 else 0.75):
        return _comparison(rng)
    if roll < (0.4 if depth == 0 else 0.85):
        return _bool_op("not", expression(rng, depth + 1))
    if roll < (0.45 if depth == 0 else 0.9):
        return _bool_op("and", _comparison(rng), {"type": "bool_literal", "value": True})
    return _bool_op(rng.choice(("and", "or")), expression(rng, depth + 1), expression(rng, depth + 1))


def _secret_ref(name: str) -> str:
    return "Bearer {{#integration_secret}}" + name + "{{/integration_secret}}"


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in text.lower()).strip("_")


def assistant_id(index: int) -> str:
    return f"asst-{index:06d}-{_slug(ROLES[index % len(ROLES)]).replace('_', '-')}"


# -------------------------------------------------------------------------- one assistant

@dataclass
class _Flow:
    """The flow being built; edges and nodes stay plain dicts so defects can edit them."""

    nodes: list[dict] = field(default_factory=list)
    edges: list[dict] = field(default_factory=list)
    children: dict[str, list[dict]] = field(default_factory=dict)  # node id -> out edges
    counters: dict[str, int] = field(default_factory=dict)
    by_id: dict[str, dict] = field(default_factory=dict)
    number: dict[str, int] = field(default_factory=dict)  # node id -> its position

    def edge_id(self, source: dict) -> str:
        count = self.counters.get(source["id"], 0)
        self.counters[source["id"]] = count + 1
        return f"e_{self.number[source['id']]:03d}_{count}"

    def add_edge(self, source: dict, condition: dict, target: dict) -> dict:
        edge = {"id": self.edge_id(source), "start_node_id": source["id"],
                "condition": condition, "target": target}
        self.edges.append(edge)
        self.children.setdefault(source["id"], []).append(edge)
        return edge


def _llm(flow: _Flow, source: dict, target: dict, rng: random.Random) -> dict:
    """An llm condition whose prompt differs from the source's others (else FL402)."""
    used = {e["condition"].get("prompt") for e in flow.children.get(source["id"], ())}
    first = rng.randrange(len(INTENTS))
    for offset in range(len(INTENTS)):
        prompt = f"Caller {INTENTS[(first + offset) % len(INTENTS)]} {target['name'].lower()}."
        if prompt not in used:
            break
    else:
        prompt = f"The caller picks option {flow.number[target['id']]}."
    return {"type": "llm", "prompt": prompt}


def _instructions(rng: random.Random, topic: str, step: str) -> str:
    if rng.random() < 0.2:
        return f"Handle the {step} step for {topic}. {rng.choice(SENTENCES)}"
    return f"Handle the {step} step for {topic}."


def _tools(rng: random.Random, index: int) -> list[dict]:
    """Assistant tools: always a hangup (so no node is a dead end), webhooks, one of a few
    single-instance types, as an import response carries them."""
    tools: list[dict] = [{"type": "hangup", "hangup": {
        "description": "End the call once the caller says goodbye or the issue is resolved."}}]
    for number in range(rng.randint(1, 2)):
        name = f"{_slug(rng.choice(TOPICS))}_lookup_{number}"
        tools.append({"type": "webhook", "webhook": {
            "name": name,
            "description": f"Look up {name.replace('_', ' ')} in the CRM.",
            "url": f"https://api.crm{index % 97}.example.com/v2/{name}/{{record_id}}",
            "method": rng.choice(("GET", "POST")),
            "headers": [{"name": "Authorization", "value": _secret_ref(f"crm_token_{index % 13}")},
                        {"name": "Content-Type", "value": "application/json"}],
            "path_parameters": {"type": "object", "properties": {
                "record_id": {"type": "string", "description": "The record to fetch."}},
                "required": ["record_id"]},
            "timeout_ms": 5000}})
    if rng.random() < 0.3:
        tools.append({"type": "function", "function": {
            "name": "schedule_callback", "description": "Schedule a callback for the caller.",
            "parameters": {"type": "object", "properties": {
                "when": {"type": "string", "description": "ISO 8601 time."}}}}})
    if rng.random() < 0.2:
        tools.append({"type": "client_side_tool", "client_side_tool": {
            "name": "show_order", "description": "Show the order on the caller's screen."}})
    for kind in rng.sample(SINGLE_TOOLS, rng.randint(1, 3)):
        if kind == "transfer":
            tools.append({"type": "transfer", "transfer": {
                "from": f"+1312555{index % 10000:04d}",
                "targets": [{"name": "Human agent", "to": f"+1415555{(index * 7) % 10000:04d}"}],
                "custom_headers": [{"name": "X-Account", "value": "{{account_id}}"}]}})
        else:
            tools.append({"type": kind, kind: {"description": f"{kind.replace('_', ' ')} tool"}})
    return tools


def _node(flow: _Flow, rng: random.Random, index: int, kind: str, topic: str,
          position: dict) -> dict:
    step = STEPS[index % len(STEPS)]
    name = f"{topic.capitalize()} {step}"
    node_id = f"n_{index:03d}"
    if kind == "speak":
        node = {"type": "speak", "id": node_id, "name": name,
                "message": f"Let me help with {topic}.",
                "position": position}
    elif kind == "tool":
        node = {"type": "tool", "id": node_id, "name": name,
                "shared_tool_id": f"tool-{_slug(topic).replace('_', '-')}-{index % 7}",
                "position": position}
        if rng.random() < 0.3:
            node["message"] = "One moment, please."
    else:
        node = {"type": "prompt", "id": node_id, "name": name,
                "instructions": _instructions(rng, topic, step),
                "instructions_mode": "append" if rng.random() < 0.8 else "replace",
                "position": position}
        if rng.random() < 0.25:
            node["shared_tool_ids"] = [f"tool-{_slug(t).replace('_', '-')}-kb"
                                       for t in rng.sample(TOPICS, rng.randint(1, 2))]
            node["tools_mode"] = "append" if rng.random() < 0.7 else "replace"
        if rng.random() < 0.1:
            node["model"] = rng.choice(MODELS)
    flow.number[node_id] = len(flow.nodes)
    flow.by_id[node_id] = node
    flow.nodes.append(node)
    return node


def _build_flow(rng: random.Random, index: int, n_assistants: int, n_nodes: int) -> _Flow:
    """A reachable flow: each node hangs under an earlier node (a tree), plus back edges
    between prompt nodes and hand-offs to later assistants (so hand-offs form no cycle)."""
    flow = _Flow()
    free_default: list[dict] = []  # speak/tool nodes that can still take their default edge
    prompts: list[dict] = []
    tool_second: list[dict] = []   # tool nodes with a default edge that can take a success edge
    topic = rng.choice(TOPICS)
    for i in range(n_nodes):
        if i % 12 == 0:
            topic = rng.choice(TOPICS)
        position = {"x": 240 * (i // 6), "y": 120 * (i % 6)}
        if i == 0:
            kind = "speak"
        elif i == 1:
            kind = "prompt"
        else:
            roll = rng.random()
            kind = "prompt" if roll < 0.55 else "tool" if roll < 0.8 else "speak"
        node = _node(flow, rng, i, kind, topic, position)
        if i > 0:
            _attach(flow, rng, node, free_default, tool_second, prompts)
        if kind == "prompt":
            prompts.append(node)
        else:
            free_default.append(node)
    for rank, source in enumerate(prompts):  # back edges ("go back") and hand-offs
        if rank > 0 and rng.random() < 0.08:
            target = prompts[rng.randrange(rank)]
            if all(e["target"].get("node_id") != target["id"] for e in flow.children.get(source["id"], ())):
                flow.add_edge(source, {"type": "llm", "prompt": f"Caller wants to go back to {target['name'].lower()}."},
                              {"type": "node", "node_id": target["id"]})
        if index + 1 < n_assistants and rng.random() < 0.04:
            other = rng.randint(index + 1, min(n_assistants - 1, index + 25))
            flow.add_edge(source, {"type": "llm", "prompt": f"The caller needs the {ROLES[other % len(ROLES)]} team."},
                          {"type": "assistant", "assistant_id": assistant_id(other),
                           "voice_mode": rng.choice(("unified", "distinct")),
                           "position": {"x": source["position"]["x"] + 240, "y": -120}})
    return flow


def _attach(flow: _Flow, rng: random.Random, node: dict, free_default: list[dict],
            tool_second: list[dict], prompts: list[dict]) -> None:
    """Give ``node`` one incoming edge from an earlier node that can still take one."""
    target = {"type": "node", "node_id": node["id"]}
    roll = rng.random()
    if free_default and (roll < 0.42 or not prompts):
        source = free_default.pop(rng.randrange(len(free_default)) if roll < 0.1 else -1)
        flow.add_edge(source, {"type": "default"}, target)
        if source["type"] == "tool":
            tool_second.append(source)
        return
    if tool_second and roll > 0.95:  # the tool's success edge (its default is the failure path)
        source = tool_second.pop(rng.randrange(len(tool_second)))
        flow.add_edge(source, {"type": "expression", "expression": status_ok(rng)}, target)
        return
    source = rng.choice(prompts[-8:])
    if rng.random() < 0.05:
        condition = {"type": "expression", "expression": expression(rng)}
    else:
        condition = _llm(flow, source, node, rng)
    flow.add_edge(source, condition, target)


def _assistant(rng: random.Random, index: int, n_assistants: int, n_nodes: int) -> tuple[dict, _Flow]:
    company = COMPANIES[index % len(COMPANIES)]
    role = ROLES[index % len(ROLES)]
    provider = PROVIDERS[index % len(PROVIDERS)]
    flow = _build_flow(rng, index, n_assistants, n_nodes)
    assistant = {
        "id": assistant_id(index),
        "name": f"{company} {role} {index}",
        "created_at": f"2025-{1 + index % 12:02d}-{1 + index % 28:02d}T09:{index % 60:02d}:00Z",
        "model": rng.choice(MODELS),
        "instructions": f"You are the {role} assistant of {company}. "
                        + " ".join(rng.sample(SENTENCES, 4)),
        "description": f"{role.capitalize()} assistant imported from {provider}",
        "tools": _tools(rng, index),
        "greeting": f"Hello, you have reached {{{{company}}}} {role}. How can I help?",
        "import_metadata": {"import_id": f"{provider}-{index:06d}", "import_provider": provider},
        "voice_settings": {"voice": rng.choice(VOICES), "voice_speed": 1},
        "transcription": {"language": "en", "region": "us"},
        "dynamic_variables": {},  # generate_assistant: a default for every variable read
        "tags": ["imported", provider],
        "conversation_flow": {"start_node_id": flow.nodes[0]["id"] if flow.nodes else "n_000",
                              "nodes": flow.nodes, "edges": flow.edges},
    }
    return assistant, flow


_PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z0-9._-]+)\s*\}\}")  # flowlint.dynamic_variables
_DEFAULTS = {name: values[0] for name, values in VARIABLES_STR + VARIABLES_NUM}


def _defaults(assistant: dict, company: str) -> dict:
    """A default for each variable the assistant reads (placeholders and expressions), as a
    clean import declares them: no FL801 (undefined) and no FL802 (unused) findings."""
    flow = assistant["conversation_flow"]
    texts = [assistant["instructions"], assistant["greeting"], json.dumps(assistant["tools"]),
             *(n.get("instructions") or n.get("message") or "" for n in flow["nodes"]),
             *(e["condition"].get("prompt", "") for e in flow["edges"])]
    names = {name for text in texts if "{{" in text for name in _PLACEHOLDER.findall(text)}
    for edge in flow["edges"]:
        names.update(_expression_variables(edge["condition"].get("expression")))
    names = {n for n in names if n and not n.startswith("telnyx_")}
    return {name: company if name == "company" else _DEFAULTS.get(name, "") for name in sorted(names)}


def _expression_variables(expression: Any) -> Iterator[str]:
    if not isinstance(expression, dict):
        return
    if expression.get("type") == "variable":
        yield expression.get("name")
    for key in ("left", "right"):
        yield from _expression_variables(expression.get(key))
    for operand in expression.get("operands") or ():
        yield from _expression_variables(operand)


# ------------------------------------------------------------------------------- defects

Apply = Callable[["_DefectContext"], Optional[tuple[str, str]]]


@dataclass
class _DefectContext:
    rng: random.Random
    assistant: dict
    flow: _Flow
    n_assistants: int
    touched: set  # element ids already defective: one defect per element, one finding each

    def free(self, items: list[dict], key: Callable[[dict], Any] = lambda item: item["id"]) -> list[dict]:
        return [item for item in items if key(item) not in self.touched]

    def pick(self, items: list[dict]) -> Optional[dict]:
        return self.rng.choice(items) if items else None

    def prompts(self) -> list[dict]:
        return self.free([n for n in self.flow.nodes if n["type"] == "prompt"])

    def touch(self, *keys: Any) -> None:
        self.touched.update(keys)

    def webhooks(self) -> list[dict]:
        return [t["webhook"] for t in self.assistant["tools"] if t["type"] == "webhook"]


def _unreachable_node(ctx: _DefectContext) -> Optional[tuple[str, str]]:
    """FL301: a leaf node under a prompt node loses its incoming edges."""
    incoming: dict[str, list[dict]] = {}
    for edge in ctx.flow.edges:
        incoming.setdefault(edge["target"].get("node_id"), []).append(edge)
    sources = ctx.flow.by_id
    leaves = [n for n in ctx.free(ctx.flow.nodes[2:])
              if n["id"] not in ctx.flow.children and incoming.get(n["id"])
              and all(sources[e["start_node_id"]]["type"] == "prompt" and e["id"] not in ctx.touched
                      and e["start_node_id"] not in ctx.touched for e in incoming[n["id"]])]
    node = ctx.pick(leaves)
    if node is None:
        return None
    for edge in incoming[node["id"]]:
        ctx.flow.edges.remove(edge)
        ctx.flow.children[edge["start_node_id"]].remove(edge)
        ctx.touch(edge["start_node_id"])
    ctx.touch(node["id"])
    return "FL301", node["id"]


def _edge_to_missing_node(ctx: _DefectContext) -> Optional[tuple[str, str]]:
    """FL204: an edge to a node that was deleted in the editor."""
    source = ctx.pick(ctx.prompts())
    if source is None:
        return None
    missing = f"n_{len(ctx.flow.nodes) + ctx.rng.randint(1, 99):03d}_deleted"
    edge = ctx.flow.add_edge(source, {"type": "llm", "prompt": "The caller asks for the old menu."},
                             {"type": "node", "node_id": missing})
    ctx.touch(source["id"], edge["id"])
    return "FL204", edge["id"]


def _free_llm_edges(ctx: _DefectContext) -> list[dict]:
    return [e for e in ctx.flow.edges if e["condition"]["type"] == "llm"
            and e["target"]["type"] == "node" and e["id"] not in ctx.touched
            and e["start_node_id"] not in ctx.touched]


def _empty_llm_prompt(ctx: _DefectContext) -> Optional[tuple[str, str]]:
    """FL401: an llm condition whose prompt was never filled in."""
    edge = ctx.pick(_free_llm_edges(ctx))
    if edge is None:
        return None
    edge["condition"]["prompt"] = ""
    ctx.touch(edge["id"], edge["start_node_id"])
    return "FL401", edge["id"]


def _missing_instructions_mode(ctx: _DefectContext) -> Optional[tuple[str, str]]:
    """FL601: the most common migration mistake."""
    node = ctx.pick(ctx.prompts())
    if node is None:
        return None
    del node["instructions_mode"]
    ctx.touch(node["id"])
    return "FL601", node["id"]


def _unknown_handoff(ctx: _DefectContext) -> Optional[tuple[str, str]]:
    """FL501: a hand-off to an assistant that was not imported."""
    source = ctx.pick(ctx.prompts())
    if source is None:
        return None
    unknown = assistant_id(ctx.n_assistants + ctx.rng.randint(0, 999)).replace("asst-", "asst-retired-")
    edge = ctx.flow.add_edge(source, {"type": "llm", "prompt": "The caller asks for the legacy desk."},
                             {"type": "assistant", "assistant_id": unknown, "voice_mode": "unified"})
    ctx.touch(source["id"], edge["id"])
    return "FL501", edge["id"]


def _inline_secret(ctx: _DefectContext) -> Optional[tuple[str, str]]:
    """FL701: a token pasted into a webhook header instead of a secret reference."""
    if "assistant:secret" in ctx.touched:
        return None
    hook = ctx.webhooks()[0]
    token = "".join(ctx.rng.choice("0123456789abcdef") for _ in range(32))
    hook["headers"][0]["value"] = f"Bearer {token}"
    ctx.touch("assistant:secret")
    return "FL701", ctx.assistant["id"]


def _insecure_url(ctx: _DefectContext) -> Optional[tuple[str, str]]:
    """FL702: a webhook that still points at plain http."""
    if "assistant:url" in ctx.touched:
        return None
    hook = ctx.webhooks()[-1]
    hook["url"] = hook["url"].replace("https://", "http://")
    ctx.touch("assistant:url")
    return "FL702", ctx.assistant["id"]


def _legacy_handoff_tool(ctx: _DefectContext) -> Optional[tuple[str, str]]:
    """FL504: the provider's hand-off tool survived next to the flow."""
    if "assistant:handoff" in ctx.touched:
        return None
    index = int(ctx.assistant["id"].split("-")[1])
    peers = [{"id": assistant_id(i), "name": f"Peer {i}"}
             for i in range(index + 1, min(ctx.n_assistants, index + 3))]
    ctx.assistant["tools"].append({"type": "handoff", "handoff": {
        "ai_assistants": peers or [{"id": ctx.assistant["id"], "name": "Self"}],
        "voice_mode": "unified"}})
    ctx.touch("assistant:handoff")
    return "FL504", ctx.assistant["id"]


def _missing_default_edge(ctx: _DefectContext) -> Optional[tuple[str, str]]:
    """FL405: a speak node whose only edge became an llm edge."""
    speakers = [n for n in ctx.free(ctx.flow.nodes) if n["type"] == "speak" and n["id"] in ctx.flow.children]
    node = ctx.pick([n for n in speakers if all(e["id"] not in ctx.touched for e in ctx.flow.children[n["id"]])])
    if node is None:
        return None
    edge = ctx.flow.children[node["id"]][0]
    edge["condition"] = {"type": "llm", "prompt": "The caller has listened to the message."}
    ctx.touch(node["id"], edge["id"])
    return "FL405", node["id"]


def _status_code_string_only(ctx: _DefectContext) -> Optional[tuple[str, str]]:
    """FL408: the success check only works on voice."""
    edges = [e for e in ctx.flow.edges if e["condition"]["type"] == "expression"
             and e["start_node_id"] not in ctx.touched
             and ctx.flow.by_id[e["start_node_id"]]["type"] == "tool"]
    edge = ctx.pick(edges)
    if edge is None:
        return None
    edge["condition"]["expression"] = _cmp(_var(STATUS), "==", _str("200"))
    ctx.touch(edge["id"], edge["start_node_id"])
    return "FL408", edge["id"]


def _invalid_expression(ctx: _DefectContext) -> Optional[tuple[str, str]]:
    """FL407: an `and` left with a single operand after an edit."""
    edges = [e for e in ctx.flow.edges if e["condition"]["type"] == "expression"
             and e["start_node_id"] not in ctx.touched and e["id"] not in ctx.touched]
    edge = ctx.pick(edges)
    if edge is None:
        return None
    edge["condition"]["expression"] = _bool_op("and", _comparison(ctx.rng))
    ctx.touch(edge["id"], edge["start_node_id"])
    return "FL407", edge["id"]


def _self_loop(ctx: _DefectContext) -> Optional[tuple[str, str]]:
    """FL304: "ask again" wired back to the same node."""
    source = ctx.pick([n for n in ctx.prompts() if n["id"] in ctx.flow.children])
    if source is None:
        return None
    edge = ctx.flow.add_edge(source, {"type": "llm", "prompt": "The caller did not understand."},
                             {"type": "node", "node_id": source["id"]})
    ctx.touch(source["id"], edge["id"])
    return "FL304", edge["id"]


def _default_on_prompt(ctx: _DefectContext) -> Optional[tuple[str, str]]:
    """FL404: a default condition on an edge leaving a prompt node."""
    edge = ctx.pick(_free_llm_edges(ctx))
    if edge is None:
        return None
    edge["condition"] = {"type": "default"}
    ctx.touch(edge["id"], edge["start_node_id"])
    return "FL404", edge["id"]


def _implicit_tools_replace(ctx: _DefectContext) -> Optional[tuple[str, str]]:
    """FL602: shared tools without a tools_mode."""
    node = ctx.pick([n for n in ctx.prompts() if "tools_mode" in n])
    if node is None:
        return None
    del node["tools_mode"]
    ctx.touch(node["id"])
    return "FL602", node["id"]


def _empty_instructions(ctx: _DefectContext) -> Optional[tuple[str, str]]:
    """FL604: a prompt node whose instructions were lost in the import."""
    node = ctx.pick(ctx.prompts())
    if node is None:
        return None
    node["instructions"] = " "
    ctx.touch(node["id"])
    return "FL604", node["id"]


# (weight, kind, apply): the six the brief names first are the common ones.
DEFECTS: tuple[tuple[int, str, Apply], ...] = (
    (4, "unreachable-node", _unreachable_node),
    (3, "edge-to-missing-node", _edge_to_missing_node),
    (3, "empty-llm-prompt", _empty_llm_prompt),
    (5, "missing-instructions-mode", _missing_instructions_mode),
    (3, "handoff-to-unknown-assistant", _unknown_handoff),
    (2, "inline-secret-header", _inline_secret),
    (1, "insecure-webhook-url", _insecure_url),
    (1, "legacy-handoff-tool", _legacy_handoff_tool),
    (1, "missing-default-edge", _missing_default_edge),
    (1, "status-code-string-only", _status_code_string_only),
    (1, "invalid-expression", _invalid_expression),
    (1, "self-loop", _self_loop),
    (1, "default-on-prompt-node", _default_on_prompt),
    (1, "implicit-tools-replace", _implicit_tools_replace),
    (1, "empty-instructions", _empty_instructions),
)
DEFECT_KINDS = tuple(kind for _, kind, _ in DEFECTS)


# The many-findings input: every extra defect is first tried as this kind (FL408, the
# check of a tool's success that only works on voice), the commonest real mistake.
MANY_FINDINGS_KIND = DEFECT_KINDS.index("status-code-string-only")


def _plant_defects(rng: random.Random, assistant: dict, flow: _Flow, n_assistants: int,
                   defect_rate: float, findings_per_assistant: int = 0) -> list[Defect]:
    count = sum(rng.random() < defect_rate for _ in flow.nodes)
    ctx = _DefectContext(rng, assistant, flow, n_assistants, set())
    weights = [weight for weight, _, _ in DEFECTS]
    planted = []
    firsts = [rng.choices(range(len(DEFECTS)), weights)[0] for _ in range(count)]
    for first in firsts + [MANY_FINDINGS_KIND] * findings_per_assistant:
        for offset in range(len(DEFECTS)):  # fall back on the next kind that fits this flow
            _, kind, apply = DEFECTS[(first + offset) % len(DEFECTS)]
            result = apply(ctx)
            if result is not None:
                planted.append(Defect(kind, result[0], assistant["id"], result[1]))
                break
    return planted


# ---------------------------------------------------------------------------- generation

def generate_assistant(index: int, n_assistants: int, n_nodes: int, seed: int = 0,
                       defect_rate: float = DEFAULT_DEFECT_RATE,
                       findings_per_assistant: int = 0) -> tuple[dict, list[Defect]]:
    """Assistant number ``index`` of an ``n_assistants`` x ``n_nodes`` response, and its defects.

    ``findings_per_assistant`` plants that many more defects in every assistant (FL408
    first, other kinds once a flow has no tool edge left), for the many-findings input."""
    rng = random.Random(seed * 1_000_003 + index)
    assistant, flow = _assistant(rng, index, n_assistants, n_nodes)
    defects = _plant_defects(rng, assistant, flow, n_assistants, defect_rate,
                             findings_per_assistant)
    company = COMPANIES[index % len(COMPANIES)]
    assistant["dynamic_variables"] = _defaults(assistant, company)  # after the defects' edits
    return assistant, defects


def iter_assistants(n_assistants: int, n_nodes: int, seed: int = 0,
                    defect_rate: float = DEFAULT_DEFECT_RATE,
                    findings_per_assistant: int = 0) -> Iterator[tuple[dict, list[Defect]]]:
    for index in range(n_assistants):
        yield generate_assistant(index, n_assistants, n_nodes, seed, defect_rate,
                                 findings_per_assistant)


def generate_with_defects(n_assistants: int, n_nodes: int, seed: int = 0,
                          defect_rate: float = DEFAULT_DEFECT_RATE,
                          findings_per_assistant: int = 0) -> tuple[dict, list[Defect]]:
    """The whole response in memory (small sizes, tests) and every planted defect."""
    data, defects = [], []
    for assistant, planted in iter_assistants(n_assistants, n_nodes, seed, defect_rate,
                                              findings_per_assistant):
        data.append(assistant)
        defects.extend(planted)
    return {"data": data}, defects


def generate(n_assistants: int, n_nodes: int, seed: int = 0,
             defect_rate: float = DEFAULT_DEFECT_RATE, findings_per_assistant: int = 0) -> dict:
    return generate_with_defects(n_assistants, n_nodes, seed, defect_rate, findings_per_assistant)[0]


def write(path: Path | str, n_assistants: int, n_nodes: int, seed: int = 0,
          defect_rate: float = DEFAULT_DEFECT_RATE,
          findings_per_assistant: int = 0) -> tuple[int, int]:
    """Stream the response to ``path`` (atomically) in ``json.dump(..., indent=2)`` layout.

    Returns (bytes written, defects planted). Each assistant is encoded on its own and
    indented into the envelope, so memory holds one assistant at a time."""
    path = Path(path)
    temporary = path.with_name(path.name + f".{os.getpid()}.tmp")
    encoder = json.JSONEncoder(indent=2)
    size = defects = 0
    try:
        with open(temporary, "w", encoding="ascii", newline="\n", buffering=1 << 20) as out:
            if n_assistants == 0:
                out.write('{\n  "data": []\n}')
                size = 16
            else:
                size += out.write('{\n  "data": [\n')
                for index, (assistant, planted) in enumerate(
                        iter_assistants(n_assistants, n_nodes, seed, defect_rate,
                                        findings_per_assistant)):
                    text = encoder.encode(assistant).replace("\n", "\n    ")
                    size += out.write(("    " if index == 0 else ",\n    ") + text)
                    defects += len(planted)
                size += out.write("\n  ]\n}")
        os.replace(temporary, path)
    finally:
        if temporary.exists():
            temporary.unlink()
    return size, defects


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--assistants", type=int, required=True, help="number of assistants (N)")
    parser.add_argument("--nodes", type=int, required=True, help="nodes per flow (M)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--defect-rate", type=float, default=DEFAULT_DEFECT_RATE,
                        help=f"defects per node (default {DEFAULT_DEFECT_RATE})")
    parser.add_argument("--findings-per-assistant", type=int, default=0, metavar="K",
                        help="plant K more defects in every assistant (FL408 first): "
                             "the many-findings input (default 0)")
    parser.add_argument("-o", "--output", required=True, help="file to write")
    args = parser.parse_args(argv)
    if args.assistants < 0 or args.nodes < 1 or args.findings_per_assistant < 0:
        parser.error("--assistants and --findings-per-assistant must be >= 0 and --nodes >= 1")
    started = time.perf_counter()
    size, defects = write(args.output, args.assistants, args.nodes, args.seed, args.defect_rate,
                          args.findings_per_assistant)
    print(f"{args.output}: {args.assistants} assistants x {args.nodes} nodes, "
          f"{size / 1e6:.1f} MB, {defects} defects, {time.perf_counter() - started:.1f} s",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
