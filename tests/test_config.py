"""Configuration: discovery, validation (exit 2 naming the problem), merging with the CLI."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from flowlint.config import ConfigError, find_config, load_config, merge, parse_config
from flowlint.diagnostics import Severity

from conftest import run_cli

FLOW = {"start_node_id": "a", "nodes": [{"id": "a", "instructions": "Hi."},
                                        {"id": "b", "instructions": "Bye."}],
        "edges": [{"id": "loop", "start_node_id": "a", "condition": {"type": "llm", "prompt": "?"},
                   "target": {"type": "node", "node_id": "a"}}]}


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_discovery_walks_up_and_the_nearest_folder_wins(tmp_path: Path) -> None:
    outer = _write(tmp_path / "flowlint.toml", "")
    inner = tmp_path / "a" / "b" / "c"
    inner.mkdir(parents=True)
    assert find_config(inner) == outer
    _write(tmp_path / "a" / "pyproject.toml", "[project]\nname = 'x'\n")  # no [tool.flowlint]
    assert find_config(inner) == outer
    nearer = _write(tmp_path / "a" / "b" / "pyproject.toml", "[tool.flowlint]\nignore = ['FL304']\n")
    assert find_config(inner) == nearer
    dotted = _write(tmp_path / "a" / "b" / ".flowlint.toml", "")
    assert find_config(inner) == dotted  # within a folder: flowlint.toml, .flowlint.toml, pyproject
    assert find_config(tmp_path / "not-created") == outer


@pytest.mark.parametrize(("text", "named"), [
    ("colour = 'red'\n", "unknown key 'colour'"),
    ("[tool.flowlint]\nfail_on = 'error'\n", "unknown key 'tool.flowlint.fail_on'"),
    ("select = ['FL999']\n", "'FL999'"),
    ("severity = {FL999 = 'info'}\n", "unknown rule 'FL999'"),
    ("severity = {FL301 = 'fatal'}\n", "'fatal'"),
    ("fail-on = 'sometimes'\n", "'sometimes'"),
    ("per-file-ignores = {'legacy/*.json' = ['FL99']}\n", "'FL99'"),
    ("[[suppress]]\nrule = 'FL301'\nnode = 'b'\n", "reason"),
    ("[[suppress]]\nrule = 'FL301'\nreason = 'why'\n", "assistant, node or edge"),
    ("[[suppress]]\nrule = 'no-such-rule'\nnode = 'b'\nreason = 'why'\n", "'no-such-rule'"),
    ("[[suppress]]\nrule = 'FL301'\nnode = 'b'\nreason = 'why'\nnote = 'x'\n", "suppress.0.note"),
    ("select = [\n", "invalid TOML"),
], ids=["unknown-key", "snake-case-key", "unknown-code", "unknown-severity-code", "unknown-level",
        "unknown-fail-on", "unknown-per-file-code", "suppress-without-reason",
        "suppress-without-subject", "suppress-unknown-rule", "suppress-unknown-key", "bad-toml"])
def test_bad_config_is_exit_2_naming_the_problem(tmp_path: Path, text: str, named: str) -> None:
    name = "pyproject.toml" if text.startswith("[tool.flowlint]") else "flowlint.toml"
    _write(tmp_path / name, text)
    _write(tmp_path / "flow.json", json.dumps(FLOW))
    result = run_cli("check", "flow.json", cwd=tmp_path)
    assert result.returncode == 2
    stderr = result.stderr.decode()
    assert named in stderr and name in stderr and "Traceback" not in stderr


def test_named_config_and_relative_paths(tmp_path: Path) -> None:
    config = load_config(_write(tmp_path / "conf" / "gate.toml",
                                "baseline = 'base.json'\ntools = '../inv/tools.json'\n"))
    assert config.baseline == tmp_path / "conf" / "base.json"
    assert config.tools == tmp_path / "conf" / ".." / "inv" / "tools.json"
    with pytest.raises(ConfigError, match="no \\[tool.flowlint\\] table"):
        load_config(_write(tmp_path / "pyproject.toml", "[project]\nname = 'x'\n"))


def test_command_line_overrides_the_file_and_severity_tables_merge() -> None:
    config = parse_config({"select": ["FL3"], "ignore": ["FL304"], "fail-on": "warning",
                           "severity": {"FL301": "info", "FL304": "off"}})
    settings = merge(config, select=["FL2"], severity={"FL304": Severity.ERROR})
    assert settings.select == ["FL2"]
    assert settings.ignore == ["FL304"]
    assert settings.fail_on is Severity.WARNING
    assert settings.severity == {"FL301": Severity.INFO, "FL304": Severity.ERROR}
    assert merge(config, fail_on=Severity.ERROR, ignore=["FL301"]).ignore == ["FL301"]


def test_config_keys_change_the_run(tmp_path: Path) -> None:
    _write(tmp_path / "flow.json", json.dumps(FLOW))
    assert run_cli("check", "flow.json", "--select", "FL3", cwd=tmp_path).returncode == 1
    _write(tmp_path / "pyproject.toml", "[tool.flowlint]\nselect = ['FL3']\nseverity = {FL301 = 'warning'}\n")
    result = run_cli("check", "flow.json", cwd=tmp_path)
    assert result.returncode == 0
    assert b"FL301 [warning]" in result.stdout
    _write(tmp_path / "pyproject.toml", "[tool.flowlint]\nselect = ['FL3']\nseverity = {FL301 = 'warning'}\n"
           "fail-on = 'warning'\n")
    assert run_cli("check", "flow.json", cwd=tmp_path).returncode == 1
    assert run_cli("check", "flow.json", "--fail-on", "error", cwd=tmp_path).returncode == 0
    other = _write(tmp_path / "other.toml", "select = ['FL3']\nignore = ['FL301']\n")
    result = run_cli("check", "flow.json", "--config", str(other), cwd=tmp_path)
    assert result.returncode == 0 and b"FL304" in result.stdout and b"FL301" not in result.stdout
    missing = run_cli("check", "flow.json", "--config", "nope.toml", cwd=tmp_path)
    assert missing.returncode == 2 and b"nope.toml" in missing.stderr


def test_inventory_paths_from_config_reach_the_workspace(tmp_path: Path) -> None:
    from flowlint.config import inventories

    _write(tmp_path / "inv" / "tools.json", json.dumps({"data": [{"id": "t1", "type": "hangup"}]}))
    _write(tmp_path / "inv" / "assistants.json", json.dumps({"data": [{"id": "a-9", "name": "Other"}]}))
    config = load_config(_write(tmp_path / "flowlint.toml",
                                "tools = 'inv/tools.json'\nassistants = 'inv/assistants.json'\n"))
    found = inventories(merge(config))
    assert found["tools"] == {"t1": "hangup"} and set(found["assistants"]) == {"a-9"}
    assert not any(inventories(merge(parse_config({}))).values())
