"""What the tests of import, pull and --fetch-inventories share: an account, the stand-in
API serving it, and running the real command against it."""
from __future__ import annotations

import copy
import json
import os
import subprocess
from pathlib import Path
from typing import Callable, Iterator

import pytest

from conftest import FIXTURES, run_cli
from standin_api import StandinAPI

# Distinctive, so that a test finds it in any output, file or log it leaks into.
KEY = "KEY0190TESTsecretXq7Zm3Vp9Lw2"
SEED = (FIXTURES / "seed-import-response.json").read_bytes()
TOOLS = json.loads((FIXTURES / "inventories" / "tools.json").read_text())["data"]
HANDOFF_TARGET = {"id": "assistant-human-handoff", "name": "Escalation", "model": "openai/gpt-4o",
                  "instructions": "Talk to the caller until a person takes over.",
                  "created_at": "2025-01-01T00:00:00Z"}


def front_desk() -> dict:
    """The seed page's assistant with a real id: it hands off to assistant-human-handoff."""
    assistant = copy.deepcopy(json.loads(SEED)["data"][0])
    assistant["id"] = "asst-front-desk"
    return assistant


def account_tools(count: int) -> list[dict]:
    """The fixture's tools plus numbered webhooks, ``count`` in all."""
    extra = [{"id": f"tool-extra-{n:03d}", "type": "webhook", "display_name": f"Extra {n}",
              "tool_definition": {}, "created_at": "2025-01-01T00:00:00Z"}
             for n in range(count - len(TOOLS))]
    return copy.deepcopy(TOOLS) + extra


@pytest.fixture
def api() -> Iterator[StandinAPI]:
    """An account of two assistants and ten tools, at most two per page: five pages."""
    server = StandinAPI(KEY, SEED, [front_desk(), copy.deepcopy(HANDOFF_TARGET)], account_tools(10),
                        max_page_size=2).start()
    try:
        yield server
    finally:
        server.stop()


def api_env(api: StandinAPI, **extra: str) -> dict[str, str]:
    """The environment a user sets, plus a short timeout and one retry so failures are quick."""
    return {"TELNYX_BASE_URL": api.url, "TELNYX_API_KEY": KEY, "FLOWLINT_API_TIMEOUT": "5",
            "FLOWLINT_API_RETRIES": "1", "TELNYX_LOG": "", **extra}


def flowlint(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    """The real command in its own process, as a user runs it."""
    return run_cli(*args, env=env, cwd=cwd)


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Callable[..., subprocess.CompletedProcess]:
    """``flowlint.cli.main`` in this process (the SDK is imported once, not per test): the
    same code path as the command, for the many cases that need no fresh process."""
    from flowlint.cli import main

    def run(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
        with monkeypatch.context() as patch:
            patch.chdir(cwd)
            for name, value in env.items():
                patch.setenv(name, value)
            capsys.readouterr()
            code = main(list(args))
            out, err = capsys.readouterr()
        return subprocess.CompletedProcess(args, code, out.encode(), err.encode())

    return run


def assert_key_nowhere(result: subprocess.CompletedProcess, *folders: Path) -> None:
    """The API key is in no output of the run and in no file it could have written."""
    assert KEY.encode() not in result.stdout + result.stderr
    for folder in folders:
        for root, _, files in os.walk(folder):
            for name in files:
                assert KEY.encode() not in (Path(root) / name).read_bytes(), name


def one_line(result: subprocess.CompletedProcess) -> str:
    """stderr as the single line a failure prints (no traceback)."""
    lines = result.stderr.decode().splitlines()
    assert len(lines) == 1 and "Traceback" not in lines[0], result.stderr.decode()
    return lines[0]
