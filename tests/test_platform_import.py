"""``flowlint import`` and ``flowlint check --fetch-inventories`` against the stand-in API:
the response saved byte for byte, linted as ``flowlint check`` would, with the account's
inventories."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from conftest import FIXTURES, ROOT
from platform_support import KEY, SEED, api, api_env, assert_key_nowhere, cli, flowlint  # noqa: F401

IMPORT = ("import", "--provider", "retell", "--api-key-ref", "retell-api-key")


def codes(result: subprocess.CompletedProcess) -> list[str]:
    return sorted(d["code"] for d in json.loads(result.stdout)["diagnostics"])


def test_the_response_is_saved_byte_for_byte_and_linted_with_the_accounts_inventories(api, tmp_path) -> None:
    result = flowlint(*IMPORT, "--save", "out.json", env=api_env(api), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out.json").read_bytes() == SEED
    out = result.stdout.decode()
    # positions point into the saved file; the hand-off target is in the account: no FL501
    assert "out.json:257:11: FL601 [warning]" in out and "FL501" not in out
    assert out.rstrip().endswith("in 1 file (1 assistant)")
    assert result.stderr.decode() == f"flowlint: saved the import response ({len(SEED)} bytes) to out.json\n"
    # after the import (so what it created counts as known): the assistants, every tool page
    assert api.routes() == ["POST /ai/assistants/import", "GET /ai/assistants", "GET /ai/tools",
                            *(f"GET /ai/tools page {n}" for n in (2, 3, 4, 5))]
    assert_key_nowhere(result, tmp_path)


def test_without_the_inventory_the_handoff_is_unverified(api, cli, tmp_path) -> None:
    result = cli(*IMPORT, "--save", "out.json", "--no-inventory", "--format", "json",
                      env=api_env(api), cwd=tmp_path)
    assert result.returncode == 0
    assert codes(result) == ["FL501", "FL601", "FL602", "FL607"]
    assert api.routes() == ["POST /ai/assistants/import"]


def test_with_the_inventory_the_findings_equal_check_with_inventory_files(api, cli, tmp_path) -> None:
    imported = cli(*IMPORT, "--save", "out.json", "--format", "json", env=api_env(api), cwd=tmp_path)
    (tmp_path / "assistants.json").write_text(json.dumps({"data": api.assistants}))
    (tmp_path / "tools.json").write_text(json.dumps({"data": api.tools}))
    checked = cli("check", "out.json", "--assistants", "assistants.json", "--tools", "tools.json",
                       "--format", "json", env={}, cwd=tmp_path)
    assert imported.stdout == checked.stdout
    assert codes(imported) == ["FL303", "FL601", "FL602", "FL607"]  # FL303: the tools are known now


def test_the_request_carries_the_key_the_provider_the_secret_reference_and_the_ids(api, cli, tmp_path) -> None:
    cli(*IMPORT, "--import-id", "agent_1", "--import-id", "agent,2", "--save", "out.json",
             "--no-inventory", env=api_env(api), cwd=tmp_path)
    request = api.requests[0]
    assert request.headers["authorization"] == f"Bearer {KEY}"
    assert request.json() == {"provider": "retell", "api_key_ref": "retell-api-key",
                              "import_ids": ["agent_1", "agent,2"]}
    assert re.fullmatch(r"[0-9a-f-]{36}", request.headers["idempotency-key"])


def test_without_save_the_response_gets_a_timestamped_name_in_the_working_folder(api, tmp_path) -> None:
    result = flowlint(*IMPORT, "--no-inventory", env=api_env(api), cwd=tmp_path)
    saved = [p.name for p in tmp_path.iterdir()]
    assert len(saved) == 1 and re.fullmatch(r"import-\d{8}T\d{6}Z\.json", saved[0])
    assert (tmp_path / saved[0]).read_bytes() == SEED
    assert f"to {saved[0]}" in result.stderr.decode()
    assert result.stdout.decode().startswith(f"{saved[0]}:")


@pytest.mark.parametrize(("options", "exit_code", "expected"), [
    (("--fail-on", "warning"), 1, "FL601 [warning]"),
    (("--fail-on", "warning", "--exit-zero"), 0, "FL601 [warning]"),
    (("--select", "FL5", "--fail-on", "info"), 0, "0 errors, 0 warnings, 0 info"),
    (("--severity", "FL601=error"), 1, "FL601 [error]"),
    (("--ignore", "FL601,FL602,FL303,FL607", "--quiet"), 0, "0 errors, 0 warnings, 0 info"),
    (("--format", "github"), 0, "::warning file=out.json,line=257,col=11,title=FL601"),
], ids=["fail-on", "exit-zero", "select", "severity", "ignore-quiet", "format-github"])
def test_every_check_option_means_what_it_means_for_check(api, cli, tmp_path, options, exit_code, expected) -> None:
    result = cli(*IMPORT, "--save", "out.json", *options, env=api_env(api), cwd=tmp_path)
    assert result.returncode == exit_code, result.stderr
    assert expected in result.stdout.decode()


def test_config_baseline_and_output_file_apply_to_the_saved_file(api, cli, tmp_path) -> None:
    (tmp_path / "flowlint.toml").write_text('fail-on = "warning"\nignore = ["FL602"]\n')
    gated = cli(*IMPORT, "--save", "out.json", env=api_env(api), cwd=tmp_path)
    recorded = cli(*IMPORT, "--save", "out.json", "--write-baseline", "base.json",
                        env=api_env(api), cwd=tmp_path)
    hidden = cli(*IMPORT, "--save", "out.json", "--baseline", "base.json", "--format", "sarif",
                      "--output", "report.sarif", env=api_env(api), cwd=tmp_path)
    assert (gated.returncode, recorded.returncode, hidden.returncode) == (1, 0, 0)
    assert sorted(e["code"] for e in json.loads((tmp_path / "base.json").read_text())["entries"]) == \
        ["FL303", "FL601", "FL607"]
    assert json.loads((tmp_path / "report.sarif").read_text())["runs"][0]["results"] == []
    assert hidden.stdout == b"" 


def test_a_bad_config_fails_before_the_import_runs(api, cli, tmp_path) -> None:
    (tmp_path / "flowlint.toml").write_text('fail_on = "warning"\n')
    result = cli(*IMPORT, "--save", "out.json", env=api_env(api), cwd=tmp_path)
    assert result.returncode == 2 and "unknown key 'fail_on'" in result.stderr.decode()
    assert api.requests == [] and not (tmp_path / "out.json").exists()


@pytest.mark.parametrize("options", [("--assistants", "a.json"), ("--tools", "t.json")], ids=["assistants", "tools"])
def test_inventory_files_and_fetched_inventories_do_not_mix(api, cli, tmp_path, options) -> None:
    result = cli(*IMPORT, *options, env=api_env(api), cwd=tmp_path)
    assert result.returncode == 2 and "--no-inventory" in result.stderr.decode()
    assert api.requests == []


def test_inventory_files_are_used_with_no_inventory(api, cli, tmp_path) -> None:
    (tmp_path / "a.json").write_text(json.dumps({"data": [{"id": "assistant-human-handoff"}]}))
    result = cli(*IMPORT, "--no-inventory", "--assistants", "a.json", "--save", "out.json",
                      "--format", "json", env=api_env(api), cwd=tmp_path)
    assert codes(result) == ["FL601", "FL602", "FL607"]


@pytest.mark.parametrize(("save", "message"), [
    ("missing/out.json", "does not exist"),
    (".", "is a folder"),
    ("-", "--save needs a file name"),
], ids=["no-folder", "a-folder", "stdout"])
def test_an_unwritable_save_path_fails_before_the_import_runs(api, cli, tmp_path, save, message) -> None:
    result = cli(*IMPORT, "--save", save, env=api_env(api), cwd=tmp_path)
    assert result.returncode == 2 and message in result.stderr.decode()
    assert api.requests == []


def test_if_the_inventories_cannot_be_fetched_the_saved_response_is_kept(api, cli, tmp_path) -> None:
    api.fail("GET /ai/tools", 500)
    result = cli(*IMPORT, "--save", "out.json", env=api_env(api), cwd=tmp_path)
    assert result.returncode == 2 and (tmp_path / "out.json").read_bytes() == SEED
    lines = result.stderr.decode().splitlines()
    assert lines[0].startswith("flowlint: saved the import response")
    assert "HTTP 500" in lines[1] and "saved in out.json" in lines[1] and len(lines) == 2
    assert_key_nowhere(result, tmp_path)


def test_the_import_response_is_saved_even_when_it_is_not_json_and_then_reported(api, cli, tmp_path) -> None:
    api.import_body = b'{"data": [ {"id": "half'
    result = cli(*IMPORT, "--save", "out.json", "--no-inventory", env=api_env(api), cwd=tmp_path)
    assert (tmp_path / "out.json").read_bytes() == api.import_body
    assert result.returncode == 1 and "FL001 [error]" in result.stdout.decode()


# -- check --fetch-inventories --------------------------------------------------------


def test_check_fetch_inventories_takes_them_from_the_account(api, cli, tmp_path) -> None:
    seed = str(FIXTURES / "seed-import-response.json")
    without = cli("check", seed, "--format", "json", env=api_env(api), cwd=tmp_path)
    fetched = cli("check", seed, "--fetch-inventories", "--format", "json", env=api_env(api), cwd=tmp_path)
    assert codes(without) == ["FL501", "FL601", "FL602", "FL607"]
    assert codes(fetched) == ["FL303", "FL601", "FL602", "FL607"]
    assert api.routes()[:2] == ["GET /ai/assistants", "GET /ai/tools"] and len(api.requests) == 6


def test_check_fetch_inventories_with_an_unknown_shared_tool(api, cli, tmp_path) -> None:
    api.tools = [t for t in api.tools if t["id"] != "tool-faq-kb"]
    seed = str(FIXTURES / "seed-import-response.json")
    result = cli("check", seed, "--fetch-inventories", env=api_env(api), cwd=tmp_path)
    assert result.returncode == 1
    assert 'FL603 [error] node "n_intake" names shared tool "tool-faq-kb"' in result.stdout.decode()


@pytest.mark.parametrize(("options", "message"), [
    (("--fetch-inventories", "--tools", "t.json"), "drop --assistants/--tools"),
    (("--base-url", "http://127.0.0.1:9/v2"), "--base-url is for --fetch-inventories"),
], ids=["inventory-file-too", "base-url-alone"])
def test_check_fetch_inventories_usage_errors(api, cli, tmp_path, options, message) -> None:
    result = cli("check", str(FIXTURES / "clean"), *options, env=api_env(api), cwd=tmp_path)
    assert result.returncode == 2 and message in result.stderr.decode() and api.requests == []


def test_base_url_option_wins_over_the_environment(api, cli, tmp_path) -> None:
    env = {**api_env(api), "TELNYX_BASE_URL": "http://127.0.0.1:9/nowhere"}
    result = cli(*IMPORT, "--base-url", api.url, "--save", "o.json", "--no-inventory", env=env, cwd=tmp_path)
    assert result.returncode == 0 and len(api.requests) == 1


def test_check_never_imports_the_sdk_or_its_http_client() -> None:
    code = ("import sys, flowlint.cli as c; c.main(['check', 'fixtures/ten-defects.json']); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('telnyx', 'httpx', 'anyio')))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True)
    assert result.stdout.decode().strip().splitlines()[-1] == "[]"


@pytest.mark.parametrize(("args", "command"), [
    ((*IMPORT, "--save", "o.json"), "import"),
    (("pull",), "pull"),
    (("check", "fixtures", "--fetch-inventories"), "check --fetch-inventories"),
], ids=["import", "pull", "check-fetch"])
def test_without_the_platform_extra_the_commands_say_what_to_install(api, tmp_path, args, command) -> None:
    code = ("import sys; sys.modules['telnyx'] = None; from flowlint.cli import main; "
            f"sys.exit(main({list(args)!r}))")
    env = {**os.environ, **api_env(api), "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, env=env)
    assert result.returncode == 2
    assert result.stderr.decode() == (f'flowlint: error: flowlint {command} needs the Telnyx SDK: '
                                      'pip install "telnyx-flowlint[platform]"\n')
    assert api.requests == [] and list(tmp_path.iterdir()) == []
