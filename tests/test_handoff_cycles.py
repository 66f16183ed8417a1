"""FL503 handoff-cycle: a loop of hand-offs is reported once per group; hand-offs without a
loop cost no networkx import (the standard library's topological sort tells first)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, codes_and_subjects, lint_value


def _assistant(assistant_id: str, *targets: str) -> dict:
    edges = [{"id": f"to_{target}", "start_node_id": "ask",
              "condition": {"type": "llm", "prompt": f"The caller wants {target}."},
              "target": {"type": "assistant", "assistant_id": target, "voice_mode": "distinct"}}
             for target in targets]
    return {"id": assistant_id, "name": assistant_id, "model": "openai/gpt-4o", "created_at": "2026-01-01",
            "instructions": "Help the caller.", "tools": [],
            "conversation_flow": {"start_node_id": "ask", "edges": edges, "nodes": [
                {"id": "ask", "instructions": "Ask what the caller needs.", "instructions_mode": "append"}]}}


CHAIN = {"data": [_assistant("desk", "sales", "billing"), _assistant("sales", "billing"),
                  _assistant("billing", "refunds"), _assistant("refunds")]}
TWO_LOOPS = {"data": [_assistant("desk", "sales"), _assistant("sales", "desk"),
                      _assistant("support", "refunds"), _assistant("refunds", "billing"),
                      _assistant("billing", "support"), _assistant("lone", "desk")]}


@pytest.mark.parametrize(("value", "expected"), [
    pytest.param(CHAIN, set(), id="hand-offs-without-a-loop"),
    pytest.param(TWO_LOOPS, {("FL503", "to_sales"), ("FL503", "to_refunds")},
                 id="two-loops-one-finding-each"),
    pytest.param({"data": [_assistant("desk", "desk"), _assistant("sales", "desk")]}, set(),
                 id="a-self-hand-off-is-FL502s-not-a-loop"),
])
def test_each_group_of_assistants_that_hand_off_in_a_loop_is_reported_once(value, expected) -> None:
    assert codes_and_subjects(lint_value(value, select=["FL503"]), "FL503") == expected


def test_the_loop_message_gives_the_path() -> None:
    [diagnostic] = lint_value(TWO_LOOPS, select=["FL503"]).diagnostics[:1]
    assert "desk -> sales -> desk" in diagnostic.message


@pytest.mark.parametrize(("value", "imported"), [(CHAIN, False), (TWO_LOOPS, True)],
                         ids=["no-loop", "loops"])
def test_networkx_is_imported_only_when_the_hand_offs_close_a_loop(tmp_path: Path, value, imported) -> None:
    path = tmp_path / "import.json"
    path.write_text(json.dumps(value))
    code = ("import sys; from flowlint.cli import main; "
            "main(['check', '-q', '-o', sys.argv[2], sys.argv[1]]); print('networkx' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code, str(path), str(tmp_path / "report.txt")],
                          capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(imported)
