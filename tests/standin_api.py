"""A stand-in for the Telnyx API that the tests start on 127.0.0.1 (a free port, one thread).

It answers the requests flowlint makes, the way the real API does (the shapes of the SDK's
types and of the seed page), and checks what it is sent:

- every request must carry ``Authorization: Bearer <key>``, else 401 with a Telnyx
  ``{"errors": [...]}`` body;
- ``POST /v2/ai/assistants/import``: the JSON body must have ``provider`` (elevenlabs, vapi
  or retell), a known ``api_key_ref`` and optionally ``import_ids`` (strings) and nothing
  else, else 422; it answers with ``import_body``, exactly those bytes;
- ``GET /v2/ai/assistants``: ``{"data": assistants}``;
- ``GET /v2/ai/tools?page[number]=N&page[size]=M``: one page of ``tools`` with ``meta``
  ``{page_number, page_size, total_pages, total_results}``, which the SDK's pagination reads.

On demand (``fail``) a route answers 401, 403, 422, 429, 500... a number of times, or
``hang`` keeps it from answering. Every request is recorded in ``requests``.
"""
from __future__ import annotations

import json
import math
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

PROVIDERS = {"elevenlabs", "vapi", "retell"}
ERRORS = {
    401: ("10009", "Authentication failed", "The API key looks malformed. Check that you copied it correctly."),
    403: ("10010", "Authorization failed", "You do not have permission to perform the requested action."),
    404: ("10005", "Resource not found", "The requested resource or URL could not be found."),
    422: ("10015", "Invalid value", "The request body is not valid."),
    429: ("10011", "Too many requests", "Rate limit exceeded."),
    500: ("10007", "Unexpected error", "An unexpected error occurred."),
    503: ("10008", "Service unavailable", "The service is temporarily unavailable."),
}


@dataclass
class Recorded:
    method: str
    route: str                     # "GET /ai/tools": the path without the /v2 prefix
    query: dict[str, str]
    headers: dict[str, str]        # lower-case names
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Failure:
    status: int
    times: float                   # math.inf: every time
    page: int | None = None
    body: bytes | None = None
    hang: float = 0.0


@dataclass
class StandinAPI:
    key: str
    import_body: bytes
    assistants: list[Any] = field(default_factory=list)
    tools: list[Any] = field(default_factory=list)
    api_key_refs: set[str] = field(default_factory=lambda: {"retell-api-key"})
    max_page_size: int = 250           # page[size] above this is capped, as list APIs do
    requests: list[Recorded] = field(default_factory=list)
    failures: dict[str, list[Failure]] = field(default_factory=dict)

    def start(self) -> "StandinAPI":
        self._release = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._release.set()  # hanging answers end now
        self._server.shutdown()
        self._server.server_close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v2"

    def fail(self, route: str, status: int, *, times: float = math.inf, page: int | None = None,
             body: Any = None) -> None:
        """``route`` ("GET /ai/tools") answers ``status`` the next ``times`` times (on one page)."""
        data = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
        self.failures.setdefault(route, []).append(Failure(status, times, page, data))

    def hang(self, route: str, seconds: float) -> None:
        """``route`` waits ``seconds`` before answering (a timeout on the client's side)."""
        self.failures.setdefault(route, []).append(Failure(200, math.inf, hang=seconds))

    def routes(self) -> list[str]:
        return [r.route + (f" page {r.query['page[number]']}" if "page[number]" in r.query else "")
                for r in self.requests]

    # -- answering ---------------------------------------------------------------------

    def answer(self, request: Recorded) -> tuple[int, bytes, dict[str, str]]:
        failure = self._pending_failure(request)
        if failure is not None and failure.hang:
            self._release.wait(failure.hang)
        elif failure is not None:
            return failure.status, failure.body or error_body(failure.status), {}
        if request.headers.get("authorization") != f"Bearer {self.key}":
            return 401, error_body(401), {}
        if request.route == "POST /ai/assistants/import":
            problem = self._import_problem(request.body)
            return (422, error_body(422, problem), {}) if problem else (200, self.import_body, {})
        if request.route == "GET /ai/assistants":
            return 200, json.dumps({"data": self.assistants}).encode(), {}
        if request.route == "GET /ai/tools":
            return 200, self._tools_page(request.query), {}
        return 404, error_body(404), {}

    def _pending_failure(self, request: Recorded) -> Failure | None:
        page = int(request.query.get("page[number]", "1"))
        for failure in self.failures.get(request.route, []):
            if failure.times > 0 and (failure.page is None or failure.page == page):
                failure.times -= 1
                return failure
        return None

    def _import_problem(self, body: bytes) -> str | None:
        try:
            value = json.loads(body)
        except ValueError:
            return "The body is not JSON."
        if not isinstance(value, dict):
            return "The body must be an object."
        unknown = set(value) - {"provider", "api_key_ref", "import_ids"}
        if unknown:
            return f"Unknown fields: {sorted(unknown)}"
        if value.get("provider") not in PROVIDERS:
            return "provider must be one of elevenlabs, vapi, retell"
        if value.get("api_key_ref") not in self.api_key_refs:
            return f"Integration secret {value.get('api_key_ref')!r} was not found."
        ids = value.get("import_ids", [])
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            return "import_ids must be a list of strings"
        return None

    def _tools_page(self, query: dict[str, str]) -> bytes:
        number = int(query.get("page[number]", "1"))
        size = min(int(query.get("page[size]", "20")), self.max_page_size)
        total_pages = max(1, math.ceil(len(self.tools) / size))
        items = self.tools[(number - 1) * size:number * size]
        return json.dumps({"data": items, "meta": {"page_number": number, "page_size": size,
                                                   "total_pages": total_pages,
                                                   "total_results": len(self.tools)}}).encode()


def error_body(status: int, detail: str | None = None) -> bytes:
    code, title, default = ERRORS.get(status, ("10000", "Error", "Something went wrong."))
    error = {"code": code, "title": title, "detail": detail or default}
    if status == 422:
        error["source"] = {"pointer": "/api_key_ref" if detail and "secret" in detail else "/"}
    return json.dumps({"errors": [error]}).encode()


def _handler_for(api: StandinAPI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _serve(self) -> None:
            parts = urlsplit(self.path)
            path = parts.path.removeprefix("/v2")
            length = int(self.headers.get("Content-Length") or 0)
            request = Recorded(self.command, f"{self.command} {path}",
                               {k: v[-1] for k, v in parse_qs(parts.query).items()},
                               {k.lower(): v for k, v in self.headers.items()},
                               self.rfile.read(length) if length else b"")
            api.requests.append(request)
            status, body, headers = api.answer(request)
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting (a timeout test)

        do_GET = do_POST = _serve

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler
