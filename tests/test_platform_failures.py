"""Every way the API can fail, for each command that calls it: one line on stderr, exit 2,
nothing written, and the API key in no output, file or log."""
from __future__ import annotations

import os
import pty
import socket
import subprocess
import sys
import time

import pytest

from conftest import FIXTURES, ROOT
from platform_support import KEY, api, api_env, assert_key_nowhere, cli, flowlint, one_line  # noqa: F401

SEED = str(FIXTURES / "seed-import-response.json")
# Each command, and the request of it that the failure is aimed at.
COMMANDS = {
    "import": (("import", "--provider", "vapi", "--api-key-ref", "retell-api-key", "--save", "out.json"),
               "POST /ai/assistants/import", None),
    "pull": (("pull", "-o", "flows"), "GET /ai/tools", 3),
    "check-fetch": (("check", SEED, "--fetch-inventories"), "GET /ai/assistants", None),
}
FAILURES = {  # status -> what the line must say
    401: "the Telnyx API refused the API key in TELNYX_API_KEY (HTTP 401: Authentication failed: "
         "The API key looks malformed.",
    403: "the Telnyx API refused the API key in TELNYX_API_KEY: it is not allowed to do this (HTTP 403: "
         "Authorization failed",
    404: "the Telnyx API rejected the request (HTTP 404: Resource not found: The requested resource",
    422: "the Telnyx API rejected the request (HTTP 422: Invalid value: The request body is not valid. (at /)",
    429: "the Telnyx API is still rate limiting after 2 attempts (HTTP 429: Too many requests: "
         "Rate limit exceeded.); try again later",
    500: "the Telnyx API failed after 2 attempts (HTTP 500: Unexpected error: An unexpected error occurred.)",
    503: "the Telnyx API failed after 2 attempts (HTTP 503: Service unavailable",
}


def assert_nothing_written(command: str, tmp_path, result) -> None:
    assert list(tmp_path.iterdir()) == [], f"{command}: no saved response, folder or temporary file"
    assert result.stdout == b""  # no report of a half-done run
    assert_key_nowhere(result, tmp_path)


@pytest.mark.parametrize("status", FAILURES, ids=[f"http-{s}" for s in FAILURES])
@pytest.mark.parametrize("command", COMMANDS)
def test_an_api_error_is_one_line_and_exit_2(api, cli, tmp_path, command, status) -> None:
    args, route, page = COMMANDS[command]
    api.fail(route, status, page=page)
    result = cli(*args, env=api_env(api), cwd=tmp_path)
    assert result.returncode == 2
    line = one_line(result)
    request = f"{route} (page {page})" if page else route
    assert line.startswith(f"flowlint: error: {request}: {FAILURES[status]}"), line
    retried = status in (429, 500, 503)
    assert api.routes().count(f"{route} page {page}" if page else route) == (2 if retried else 1)
    assert_nothing_written(command, tmp_path, result)


@pytest.mark.parametrize("status", [429, 500, 503], ids=["http-429", "http-500", "http-503"])
@pytest.mark.parametrize("command", COMMANDS)
def test_a_failure_the_sdk_retries_away_is_no_failure(api, cli, tmp_path, command, status) -> None:
    args, route, page = COMMANDS[command]
    api.fail(route, status, times=1, page=page)
    result = cli(*args, env=api_env(api), cwd=tmp_path)
    assert result.returncode in (0, 1), result.stderr  # linted (check's codes), or pulled
    assert api.routes().count(f"{route} page {page}" if page else route) == 2


def test_a_retried_import_is_the_same_import(api, cli, tmp_path) -> None:
    api.fail("POST /ai/assistants/import", 500, times=1)
    cli(*COMMANDS["import"][0], "--no-inventory", env=api_env(api), cwd=tmp_path)
    first, second = api.requests
    assert first.headers["idempotency-key"] == second.headers["idempotency-key"]
    assert first.body == second.body


@pytest.mark.parametrize("command", COMMANDS)
def test_no_key_names_the_variable_and_sends_nothing(api, cli, tmp_path, command) -> None:
    result = cli(*COMMANDS[command][0], env=api_env(api, TELNYX_API_KEY=""), cwd=tmp_path)
    assert result.returncode == 2
    assert one_line(result).startswith("flowlint: error: no API key: set TELNYX_API_KEY to a Telnyx API key")
    assert api.requests == []
    assert_nothing_written(command, tmp_path, result)


@pytest.mark.parametrize("command", COMMANDS)
def test_a_wrong_key_is_refused_by_the_server_and_never_shown(api, cli, tmp_path, command) -> None:
    wrong = KEY[::-1]
    result = cli(*COMMANDS[command][0], env=api_env(api, TELNYX_API_KEY=wrong), cwd=tmp_path)
    assert result.returncode == 2 and "refused the API key in TELNYX_API_KEY (HTTP 401" in one_line(result)
    assert wrong.encode() not in result.stderr and api.requests[0].headers["authorization"] == f"Bearer {wrong}"


@pytest.mark.parametrize("command", COMMANDS)
def test_a_server_that_echoes_the_key_cannot_make_flowlint_print_it(api, cli, tmp_path, command) -> None:
    args, route, page = COMMANDS[command]
    api.fail(route, 422, page=page, body={"errors": [{"title": "Bad key", "detail": f"Bearer {KEY} \x1b[2J"}]})
    result = cli(*args, env=api_env(api), cwd=tmp_path)
    line = one_line(result)
    assert "Bad key: Bearer <TELNYX_API_KEY> \\x1b[2J" in line and "\x1b" not in line
    assert_key_nowhere(result, tmp_path)


@pytest.mark.parametrize("command", COMMANDS)
def test_the_key_is_not_in_the_sdk_debug_log(api, tmp_path, command) -> None:
    args, route, page = COMMANDS[command]
    api.fail(route, 500, page=page)
    result = flowlint(*args, env=api_env(api, TELNYX_LOG="debug"), cwd=tmp_path)
    assert result.returncode == 2 and b"DEBUG" in result.stderr  # the SDK did log, at length
    assert_key_nowhere(result, tmp_path)


@pytest.mark.parametrize("command", COMMANDS)
def test_connection_refused_fails_within_a_minute_with_the_default_settings(api, tmp_path, command) -> None:
    with socket.socket() as probe:  # a port where nothing listens
        probe.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{probe.getsockname()[1]}/v2"
    env = {**api_env(api), "TELNYX_BASE_URL": url, "FLOWLINT_API_TIMEOUT": "", "FLOWLINT_API_RETRIES": ""}
    started = time.monotonic()
    result = flowlint(*COMMANDS[command][0], env=env, cwd=tmp_path)
    assert time.monotonic() - started < 60
    line = one_line(result)
    assert result.returncode == 2 and f"cannot reach {url}: " in line and "(3 attempts)" in line
    assert "refused" in line.lower()
    assert_nothing_written(command, tmp_path, result)


@pytest.mark.parametrize("command", COMMANDS)
def test_an_api_that_does_not_answer_times_out(api, cli, tmp_path, command) -> None:
    args, route, _ = COMMANDS[command]
    api.hang(route, 30)
    started = time.monotonic()
    result = cli(*args, env=api_env(api, FLOWLINT_API_TIMEOUT="0.5", FLOWLINT_API_RETRIES="0"), cwd=tmp_path)
    assert time.monotonic() - started < 10
    assert result.returncode == 2 and f"no answer from {api.url} within 0.5 s (1 attempt)" in one_line(result)
    assert_nothing_written(command, tmp_path, result)


def test_the_default_timeout_and_retries_give_up_within_a_minute() -> None:
    """A server that accepts connections and never answers: every attempt waits the timeout,
    and the SDK's backoff (0.5 s doubling, at most 8 s) runs between attempts."""
    from telnyx._constants import INITIAL_RETRY_DELAY, MAX_RETRY_DELAY

    from flowlint.platform import DEFAULT_RETRIES, DEFAULT_TIMEOUT

    backoff = sum(min(INITIAL_RETRY_DELAY * 2 ** n, MAX_RETRY_DELAY) for n in range(DEFAULT_RETRIES))
    assert DEFAULT_TIMEOUT * (DEFAULT_RETRIES + 1) + backoff < 60


@pytest.mark.parametrize(("route", "body", "message"), [
    ("GET /ai/assistants", b"<html>maintenance</html>", "GET /ai/assistants: the response is not JSON"),
    ("GET /ai/tools", b'{"items": []}', 'GET /ai/tools (page 1): the response has no "data" list'),
], ids=["not-json", "no-data"])
def test_a_malformed_list_is_one_line(api, cli, tmp_path, route, body, message) -> None:
    api.fail(route, 200, body=body)
    result = cli("pull", "-o", "flows", env=api_env(api), cwd=tmp_path)
    assert result.returncode == 2 and one_line(result) == f"flowlint: error: {message}"


def test_a_server_that_repeats_a_page_is_caught(api, cli, tmp_path) -> None:
    api.fail("GET /ai/tools", 200, page=2, body={"data": [{"id": "t", "type": "webhook"}],
                                               "meta": {"page_number": 1, "total_pages": 5}})
    result = cli("pull", "-o", "flows", env=api_env(api), cwd=tmp_path)
    assert result.returncode == 2
    assert one_line(result) == "flowlint: error: GET /ai/tools (page 2): the API answered with page '1' instead"


@pytest.mark.parametrize(("variable", "value"), [
    ("FLOWLINT_API_TIMEOUT", "soon"), ("FLOWLINT_API_TIMEOUT", "0"), ("FLOWLINT_API_RETRIES", "-1"),
    ("FLOWLINT_API_RETRIES", "2.5"), ("TELNYX_BASE_URL", "ftp://example.com"),
])
def test_bad_settings_are_one_line_naming_them(api, cli, tmp_path, variable, value) -> None:
    result = cli("pull", env=api_env(api, **{variable: value}), cwd=tmp_path)
    assert result.returncode == 2 and api.requests == []
    assert (variable if variable != "TELNYX_BASE_URL" else "base URL") in one_line(result)


def test_progress_shows_pages_and_counts_on_a_terminal_only(api, tmp_path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), **api_env(api)}
    command = [sys.executable, "-m", "flowlint", "pull", "-o", "flows"]
    main, child = pty.openpty()
    process = subprocess.Popen(command, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=child)
    os.close(child)
    seen = b""
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:  # the child side closed
            break
        if not chunk:
            break
        seen += chunk
    process.wait(timeout=60)
    os.close(main)
    assert b"flowlint: assistants: 2" in seen and b"flowlint: tools: page 5 of 5 (10 tools)" in seen
    assert b"pulled 2 assistants" in seen and KEY.encode() not in seen
    piped = flowlint("pull", "-o", "flows2", env=api_env(api), cwd=tmp_path)
    assert b"page" not in piped.stderr and len(piped.stderr.splitlines()) == 1
