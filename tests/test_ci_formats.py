"""GitHub workflow commands, JUnit XML and --statistics, beyond the golden files."""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest

from flowlint import cli
from flowlint.formatters.github import escape_data, escape_property
from flowlint.formatters.junit import xml_text

from conftest import FIXTURES, run_cli

UNREACHABLE = {"start_node_id": "a", "nodes": [{"id": "a", "instructions": "Hi."},
                                               {"id": "b", "instructions": "Bye."}], "edges": []}


@pytest.mark.parametrize(("raw", "data", "prop"), [
    ("100%", "100%25", "100%25"),
    ("a\r\nb", "a%0D%0Ab", "a%0D%0Ab"),
    ("x::y", "x::y", "x%3A%3Ay"),
    ("a,b", "a,b", "a%2Cb"),
    ("%0A", "%250A", "%250A"),
    ("ünï ✓", "ünï ✓", "ünï ✓"),
], ids=["percent", "newlines", "colons", "comma", "escaped-looking", "non-ascii"])
def test_github_escaping(raw: str, data: str, prop: str) -> None:
    assert (escape_data(raw), escape_property(raw)) == (data, prop)


def _unescape(text: str) -> str:
    return re.sub("%(25|0D|0A|3A|2C)", lambda m: bytes.fromhex(m.group(1)).decode(), text)


def test_github_annotation_round_trips_a_hostile_message(tmp_path) -> None:
    weird = 'x<&>"%::\nnew, line'
    flow = {"start_node_id": "a", "nodes": [{"id": "a", "instructions": "Hi."}],
            "edges": [{"id": "e1", "start_node_id": "a", "condition": {"type": "llm", "prompt": "?"},
                       "target": {"type": "node", "node_id": weird}}]}
    (tmp_path / "f,1:x.json").write_text(json.dumps(flow), encoding="utf-8")
    result = run_cli("check", "f,1:x.json", "--format", "github", cwd=tmp_path)
    (line,) = [l for l in result.stdout.decode().splitlines() if "FL204" in l]
    match = re.fullmatch(r"::error file=([^,]*),line=(\d+),col=(\d+),title=([^:]*)::(.*)", line)
    assert match, line
    assert _unescape(match.group(1)) == "f,1:x.json"
    assert match.group(4) == "FL204 unknown-edge-target"
    assert _unescape(match.group(5)) == f'edge "e1" leads to unknown node "{weird}"'


def test_github_format_is_chosen_under_github_actions(tmp_path, monkeypatch, capsys) -> None:
    (tmp_path / "flow.json").write_text(json.dumps(UNREACHABLE), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert cli.main(["check", "flow.json", "--select", "FL3"]) == 1
    assert capsys.readouterr().out.startswith("::error file=flow.json,line=")
    assert cli.main(["check", "flow.json", "--select", "FL3", "--format", "text"]) == 1
    assert capsys.readouterr().out.startswith("flow.json:")


def test_junit_is_valid_xml_and_counts_failures_at_fail_on(tmp_path) -> None:
    flow = dict(UNREACHABLE, edges=[{"id": "loop", "start_node_id": "a",
                                     "condition": {"type": "llm", "prompt": "?"},
                                     "target": {"type": "node", "node_id": "a"}}])
    (tmp_path / "flow.json").write_text(json.dumps(flow), encoding="utf-8")
    for fail_on, failures in (("error", 1), ("warning", 2)):
        result = run_cli("check", "flow.json", "--select", "FL3", "--format", "junit",
                         "--fail-on", fail_on, cwd=tmp_path)
        root = ET.fromstring(result.stdout)
        suite = root.find("testsuite")
        assert suite.get("name") == "flow.json"
        assert [c.get("name") for c in suite.iter("testcase")] == ["(file)"]
        assert len(root.findall(".//failure")) == failures == int(root.get("failures"))


def test_junit_has_a_file_testcase_only_for_file_level_findings(tmp_path) -> None:
    seed = run_cli("check", str(FIXTURES / "seed-import-response.json"), "--format", "junit")
    (suite,) = ET.fromstring(seed.stdout).iter("testsuite")
    assert [c.get("name") for c in suite.iter("testcase")] == ["<string>"]  # no empty "(file)"
    (tmp_path / "broken.json").write_text('{"data": [', encoding="utf-8")
    broken = run_cli("check", "broken.json", "--format", "junit", cwd=tmp_path)
    (suite,) = ET.fromstring(broken.stdout).iter("testsuite")
    assert [c.get("name") for c in suite.iter("testcase")] == ["(file)"]
    assert suite.find("testcase/failure").get("type") == "FL001"


def test_junit_strips_characters_xml_cannot_carry() -> None:
    assert xml_text("a\x00b\x07c\x1bd\ud800e\ufffef\tg\nh") == "abcdef\tg\nh"


def test_statistics_count_per_rule_after_the_findings(tmp_path) -> None:
    flow = dict(UNREACHABLE, nodes=[*UNREACHABLE["nodes"], {"id": "c", "instructions": "?"}],
                edges=[{"id": "loop", "start_node_id": "a", "condition": {"type": "llm", "prompt": "?"},
                        "target": {"type": "node", "node_id": "a"}}])
    (tmp_path / "flow.json").write_text(json.dumps(flow), encoding="utf-8")
    lines = run_cli("check", "flow.json", "--select", "FL3", "--statistics", cwd=tmp_path).stdout.decode().splitlines()
    assert lines[-3:] == ["2  FL301  unreachable-node", "1  FL304  self-loop", lines[-1]]
    assert lines[-1].startswith("2 errors")
    result = run_cli("check", "flow.json", "--select", "FL3", "--statistics", "--format", "json",
                     cwd=tmp_path)
    json.loads(result.stdout)  # machine output stays clean; the counts go to stderr
    assert "2  FL301  unreachable-node" in result.stderr.decode()
