"""``flowlint pull`` against the stand-in API: one stable file per assistant, one tools
inventory, a manifest; a second pull changes nothing; gone assistants are removed; then
``flowlint check DIR --tools DIR/_tools.json`` lints the whole account."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from platform_support import (HANDOFF_TARGET, api, api_env, assert_key_nowhere, cli,  # noqa: F401
                              flowlint, front_desk)


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file below ``folder`` (hidden ones too) with its bytes and mtime."""
    return {str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_pull_writes_one_file_per_assistant_the_tools_and_a_manifest(api, tmp_path) -> None:
    result = flowlint("pull", "--output", "flows", env=api_env(api), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    flows = tmp_path / "flows"
    assert sorted(p.name for p in flows.iterdir()) == [
        ".flowlint-pull", "_tools.json", "assistant-human-handoff.json", "asst-front-desk.json"]
    # the API's key order, indent 2, a final newline
    assert (flows / "asst-front-desk.json").read_text() == json.dumps(front_desk(), indent=2) + "\n"
    tools = json.loads((flows / "_tools.json").read_text())["data"]
    assert [t["id"] for t in tools] == [t["id"] for t in api.tools]  # all five pages, in order
    assert api.routes() == ["GET /ai/assistants", "GET /ai/tools",
                            *(f"GET /ai/tools page {n}" for n in (2, 3, 4, 5))]
    assert result.stderr.decode() == (
        "flowlint: pulled 2 assistants and 10 tools into flows (files: 3 new); "
        "lint them: flowlint check flows --tools flows/_tools.json\n")
    assert_key_nowhere(result, tmp_path)

    checked = flowlint("check", "flows", "--tools", "flows/_tools.json", "--format", "json",
                       env={}, cwd=tmp_path)
    report = json.loads(checked.stdout)
    # the tools file and the manifest are not linted as flows; the hand-off resolves across files
    assert [f["path"] for f in report["files"]] == ["flows/assistant-human-handoff.json",
                                                    "flows/asst-front-desk.json"]
    assert sorted(d["code"] for d in report["diagnostics"]) == ["FL303", "FL601", "FL602", "FL607"]


def test_a_second_pull_with_nothing_changed_changes_no_byte(api, cli, tmp_path) -> None:
    cli("pull", "-o", "flows", env=api_env(api), cwd=tmp_path)
    before = snapshot(tmp_path)
    api.assistants.reverse()  # the order the API lists them in does not matter either
    result = cli("pull", "-o", "flows", env=api_env(api), cwd=tmp_path)
    assert snapshot(tmp_path) == before
    assert "(files: 3 unchanged)" in result.stderr.decode()


def test_a_changed_assistant_rewrites_only_its_file(api, cli, tmp_path) -> None:
    cli("pull", "-o", "flows", env=api_env(api), cwd=tmp_path)
    before = snapshot(tmp_path)
    api.assistants[1]["instructions"] = "Say that a person will call back."
    result = cli("pull", "-o", "flows", env=api_env(api), cwd=tmp_path)
    after = snapshot(tmp_path)
    assert [name for name in after if after[name] != before[name]] == ["flows/assistant-human-handoff.json"]
    assert "(files: 1 changed, 2 unchanged)" in result.stderr.decode()


def test_an_assistant_gone_from_the_account_is_reported_and_its_file_removed(api, cli, tmp_path) -> None:
    (tmp_path / "flows").mkdir()
    (tmp_path / "flows" / "notes.json").write_text('{"mine": true}')  # the user's own file
    (tmp_path / "flows" / "README.md").write_text("ours")
    cli("pull", "-o", "flows", env=api_env(api), cwd=tmp_path)
    api.assistants = [a for a in api.assistants if a["id"] != "assistant-human-handoff"]
    result = cli("pull", "-o", "flows", env=api_env(api), cwd=tmp_path)
    assert result.returncode == 0
    assert sorted(p.name for p in (tmp_path / "flows").iterdir()) == [
        ".flowlint-pull", "README.md", "_tools.json", "asst-front-desk.json", "notes.json"]
    assert result.stderr.decode().splitlines()[0] == (
        'flowlint: removed flows/assistant-human-handoff.json: assistant "assistant-human-handoff" '
        "is no longer in the account")
    assert json.loads((tmp_path / "flows" / ".flowlint-pull").read_text())["assistants"] == {
        "asst-front-desk.json": "asst-front-desk"}


def test_pull_never_overwrites_a_file_it_did_not_write(api, cli, tmp_path) -> None:
    (tmp_path / "flows").mkdir()
    (tmp_path / "flows" / "asst-front-desk.json").write_text('{"hand": "written"}')
    before = snapshot(tmp_path)
    result = cli("pull", "-o", "flows", env=api_env(api), cwd=tmp_path)
    assert result.returncode == 2
    assert "flows/asst-front-desk.json exists and was not written by flowlint pull" in result.stderr.decode()
    assert snapshot(tmp_path) == before


def test_an_edited_manifest_cannot_make_pull_delete_other_files(api, cli, tmp_path) -> None:
    cli("pull", "-o", "flows", env=api_env(api), cwd=tmp_path)
    (tmp_path / "precious.json").write_text("{}")
    (tmp_path / "flows" / "precious.txt").write_text("x")
    manifest = tmp_path / "flows" / ".flowlint-pull"
    value = json.loads(manifest.read_text())
    value["assistants"].update({"../precious.json": "x", "precious.txt": "y", ".flowlint-pull": "z"})
    manifest.write_text(json.dumps(value))
    assert cli("pull", "-o", "flows", env=api_env(api), cwd=tmp_path).returncode == 0
    assert (tmp_path / "precious.json").exists() and (tmp_path / "flows" / "precious.txt").exists()


def test_a_manifest_that_is_not_one_stops_the_pull(api, cli, tmp_path) -> None:
    (tmp_path / "flows").mkdir()
    (tmp_path / "flows" / ".flowlint-pull").write_text("not json")
    result = cli("pull", "-o", "flows", env=api_env(api), cwd=tmp_path)
    assert result.returncode == 2 and "is not a flowlint pull manifest" in result.stderr.decode()
    assert sorted(p.name for p in (tmp_path / "flows").iterdir()) == [".flowlint-pull"]


@pytest.mark.parametrize("route, page", [("GET /ai/tools", 3), ("GET /ai/tools", 5),
                                         ("GET /ai/assistants", None)],
                         ids=["tools-page-3-of-5", "last-tools-page", "assistants"])
def test_a_failure_on_any_request_changes_no_file(api, cli, tmp_path, route, page) -> None:
    cli("pull", "-o", "flows", env=api_env(api), cwd=tmp_path)
    before = snapshot(tmp_path)
    api.assistants = api.assistants[:1]  # what the next pull would change...
    api.tools = api.tools[:-1]
    api.fail(route, 500, page=page)      # ...had every page arrived
    result = cli("pull", "-o", "flows", env=api_env(api), cwd=tmp_path)
    assert result.returncode == 2 and "HTTP 500" in result.stderr.decode()
    assert snapshot(tmp_path) == before  # no file changed, removed or left behind


def test_a_write_that_fails_midway_changes_no_file(api, cli, tmp_path, monkeypatch) -> None:
    from flowlint import atomic

    cli("pull", "-o", "flows", env=api_env(api), cwd=tmp_path)
    api.assistants[0]["name"] = "changed"   # written first...
    api.tools[0]["display_name"] = "changed"  # ...then this one cannot be written
    make_temporary = atomic.tempfile.mkstemp

    def disk_full_for_the_tools(*args, prefix: str = "", **kwargs):
        if prefix.startswith("._tools.json."):
            raise OSError(28, "No space left on device")
        return make_temporary(*args, prefix=prefix, **kwargs)

    monkeypatch.setattr(atomic.tempfile, "mkstemp", disk_full_for_the_tools)
    before = snapshot(tmp_path)
    result = cli("pull", "-o", "flows", env=api_env(api), cwd=tmp_path)
    assert result.returncode == 2 and "no file was changed" in result.stderr.decode()
    assert snapshot(tmp_path) == before


def test_hostile_assistant_ids_become_safe_distinct_file_names(api, cli, tmp_path) -> None:
    ids = ["../../escape", "CON", "a/b", "Ab", "ab", "\x1b[2J", "", None]
    api.assistants = [{**HANDOFF_TARGET, "id": i} for i in ids]
    result = cli("pull", "-o", "flows", env=api_env(api), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    names = [p.name for p in (tmp_path / "flows").iterdir()]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["flows"]  # nothing escaped the folder
    assert len({n.lower() for n in names}) == len(ids) + 2  # distinct, even case-insensitively
    assert all(n.endswith(".json") and n.replace(".", "").replace("-", "").replace("_", "").isalnum()
               for n in names if n != ".flowlint-pull")
    again = cli("pull", "-o", "flows", env=api_env(api), cwd=tmp_path)
    assert f"(files: {len(ids) + 1} unchanged)" in again.stderr.decode()


def test_output_that_is_a_file_is_a_usage_error(api, cli, tmp_path) -> None:
    (tmp_path / "flows").write_text("x")
    result = cli("pull", "-o", "flows", env=api_env(api), cwd=tmp_path)
    assert result.returncode == 2 and "is not a folder" in result.stderr.decode() and api.requests == []
