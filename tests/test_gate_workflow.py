"""The pre-deploy gate end to end, as a team adopts it: a config found by walking up,
select/ignore/severity, per-file ignores, suppressions (one of them stale), and a baseline
that survives unrelated edits and fails only on a new defect."""
from __future__ import annotations

import json
from pathlib import Path

from conftest import run_cli

CONFIG = """\
[project]
name = "voice-flows"

[tool.flowlint]
select = ["FL0", "FL2", "FL3"]
ignore = ["unsafe-edge-id"]
severity = {FL304 = "info"}
per-file-ignores = {"legacy/*.json" = ["FL3"]}

[[tool.flowlint.suppress]]
rule = "FL301"
assistant = "a-1"
node = "n_promo"
reason = "the promotion launches next month"

[[tool.flowlint.suppress]]
rule = "unreachable-node"
assistant = "a-1"
node = "n_gone"
reason = "this node was deleted long ago"
"""


def _llm(edge_id: str, source: str, target: str) -> dict:
    return {"id": edge_id, "start_node_id": source, "condition": {"type": "llm", "prompt": "Next?"},
            "target": {"type": "node", "node_id": target}}


def _assistant(assistant_id: str, nodes: list[str], edges: list[dict], name: str = "Support") -> dict:
    return {"id": assistant_id, "name": name, "model": "openai/gpt-4o", "instructions": "Help.",
            "created_at": "2025-01-01T00:00:00Z",
            "tools": [{"type": "hangup", "hangup": {"description": "End the call."}}],
            "conversation_flow": {"start_node_id": nodes[0], "edges": edges,
                                  "nodes": [{"id": n, "instructions": f"Step {n}."} for n in nodes]}}


def _support(a1_nodes: list[str], a2_nodes: list[str], a1_name: str = "Support") -> dict:
    a1 = _assistant("a-1", a1_nodes, [_llm("to_help", "greet", "help"), _llm("again", "help", "help"),
                                      _llm("e 1", "help", "greet")], a1_name)
    a2 = _assistant("a-2", a2_nodes, [_llm("to_pay", "start", "pay")], "Billing")
    return {"data": [a1, a2]}


def _write(path: Path, value: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value, indent=2), encoding="utf-8")


def _check(cwd: Path, *args: str) -> tuple[int, set[tuple[str, str, str | None]]]:
    result = run_cli("check", "..", "--format", "json", *args, cwd=cwd)
    assert result.returncode in (0, 1), result.stderr
    found = {(d["code"], d["severity"], d["edge_id"] or d["node_id"] or d["assistant_id"])
             for d in json.loads(result.stdout)["diagnostics"]}
    return result.returncode, found


def test_config_suppressions_and_baseline_round_trip(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "pyproject.toml").parent.mkdir()
    (project / "pyproject.toml").write_text(CONFIG, encoding="utf-8")
    support = project / "flows" / "support.json"
    _write(support, _support(["greet", "help", "n_promo"], ["start", "pay", "n_old"]))
    _write(project / "legacy" / "old.json", {"start_node_id": "a", "edges": [],
                                            "nodes": [{"id": "a", "instructions": "Hi."},
                                                      {"id": "b", "instructions": "Bye."}]})
    work = project / "flows"  # run from a subfolder: the config is found by walking up

    # ignore (FL205 by name), severity (FL304 -> info), per-file ignore (legacy FL301),
    # a working suppression (n_promo) and a stale one (n_gone, reported as FL006).
    code, found = _check(work)
    assert found == {("FL301", "error", "n_old"), ("FL304", "info", "again"),
                     ("FL006", "info", "n_gone")}
    assert code == 1

    # Accept today's findings.
    result = run_cli("check", "..", "--write-baseline", "../baseline.json", cwd=work)
    assert result.returncode == 0, result.stdout
    baseline = json.loads((project / "baseline.json").read_text(encoding="utf-8"))
    assert baseline["version"] == 1
    assert [(e["code"], e["node_id"], e["edge_id"]) for e in baseline["entries"]] == [
        ("FL301", "n_old", None), ("FL304", "help", "again")]
    assert all("line" not in e for e in baseline["entries"])

    # Move nodes around and edit an unrelated assistant: the baseline still holds.
    _write(support, _support(["greet", "n_promo", "help"], ["start", "n_old", "pay"], a1_name="Help desk"))
    code, found = _check(work, "--baseline", "../baseline.json")
    assert (code, found) == (0, {("FL006", "info", "n_gone")})

    # A new defect fails the gate, and only it is reported.
    _write(support, _support(["greet", "n_promo", "help"], ["start", "n_old", "pay", "n_new"]))
    code, found = _check(work, "--baseline", "../baseline.json")
    assert (code, found) == (1, {("FL301", "error", "n_new"), ("FL006", "info", "n_gone")})
    text = run_cli("check", "..", "--baseline", "../baseline.json", cwd=work).stdout.decode()
    assert [line for line in text.splitlines() if "[error]" in line] == [
        line for line in text.splitlines() if "n_new" in line and "[error]" in line]
    assert ('../pyproject.toml:16:1: FL006 [info] suppression of FL301 for node "n_gone" matches '
            'no finding; remove it (assistant "a-1")') in text.splitlines()

    # Fixing a baselined finding leaves a stale entry, reported where it is in the file.
    _write(support, _support(["greet", "help", "n_promo"], ["start", "pay"]))
    (project / "pyproject.toml").write_text(CONFIG.replace(
        "[[tool.flowlint.suppress]]", 'baseline = "baseline.json"\n\n[[tool.flowlint.suppress]]', 1),
        encoding="utf-8")
    result = run_cli("check", "..", cwd=work)
    assert result.returncode == 0
    stale = [line for line in result.stdout.decode().splitlines() if "FL007" in line]
    assert len(stale) == 1 and stale[0].startswith("../baseline.json:4:5: FL007 [info]")
    assert 'node "n_old"' in stale[0]


def test_stale_checks_only_cover_what_was_linted(tmp_path: Path) -> None:
    """pre-commit passes only changed files, and --select narrows the rules: suppressions
    for assistants, files or rules this run did not look at are not called stale."""
    (tmp_path / "flowlint.toml").write_text(
        'select = ["FL0", "FL2", "FL3"]\nper-file-ignores = {"legacy/*.json" = ["FL3"]}\n\n'
        '[[suppress]]\nrule = "FL301"\nassistant = "a-other"\nnode = "x"\nreason = "another file"\n\n'
        '[[suppress]]\nrule = "FL201"\nnode = "x"\nreason = "a rule this run skips"\n',
        encoding="utf-8")
    _write(tmp_path / "flows" / "one.json", _support(["greet", "help"], ["start", "pay"]))
    assert _check(tmp_path / "flows", "--select", "FL3,FL006") == (0, {("FL304", "warning", "again")})
    code, found = _check(tmp_path / "flows")
    assert found == {("FL304", "warning", "again"), ("FL205", "warning", "e 1"), ("FL006", "info", "x")}
    assert code == 0
