"""The Telnyx API through the official ``telnyx`` SDK: import, list assistants, list every tool.

The SDK (the ``platform`` extra) is imported here, on first use: ``flowlint check`` without
``--fetch-inventories`` never loads it. Retries with backoff (429, 5xx, lost connections),
timeouts, the ``Authorization`` header and the page arithmetic of ``GET /ai/tools`` are the
SDK's own; flowlint only chooses how long to wait and how often to try, and asks for the raw
response bodies so what it saves is exactly what the API sent.
"""
from __future__ import annotations

import json
import os
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Sequence

from .extras import install_command
from .platform_errors import PlatformError, describe, redact

DEFAULT_BASE_URL = "https://api.telnyx.com/v2"
DEFAULT_TIMEOUT = 15.0  # seconds per attempt: with the retries, a dead API fails in under 50 s
DEFAULT_RETRIES = 2
TIMEOUT_VARIABLE, RETRIES_VARIABLE = "FLOWLINT_API_TIMEOUT", "FLOWLINT_API_RETRIES"
TOOLS_PAGE_SIZE = 100
MAX_PAGES = 10_000  # a server that never says "last page" cannot keep flowlint forever
INSTALL_HINT = install_command("platform")

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Connection:
    """Where and how patiently to talk to the API (never the key: it stays in the client)."""

    base_url: str
    timeout: float
    retries: int

    @property
    def attempts(self) -> int:
        return self.retries + 1


def connection_settings(base_url: str | None = None) -> Connection:
    """``--base-url``, else ``TELNYX_BASE_URL``, else the public API; timeout and retries
    from ``FLOWLINT_API_TIMEOUT`` / ``FLOWLINT_API_RETRIES``."""
    url = (base_url or os.environ.get("TELNYX_BASE_URL") or DEFAULT_BASE_URL).strip()
    if not url.lower().startswith(("http://", "https://")):
        raise PlatformError(f"the base URL must start with https:// or http://, got {url[:80]!r}")
    return Connection(url.rstrip("/"), _number(TIMEOUT_VARIABLE, DEFAULT_TIMEOUT, float),
                      int(_number(RETRIES_VARIABLE, DEFAULT_RETRIES, int)))


def _number(variable: str, default: float, kind: type) -> float:
    text = os.environ.get(variable, "").strip()
    if not text:
        return default
    try:
        value = kind(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 600 or (kind is float and value == 0):
        raise PlatformError(f"{variable} must be a number of {'seconds above 0' if kind is float else 'retries'}"
                            f" up to 600, got {text[:40]!r}")
    return value


def import_sdk(command: str) -> Any:
    """The ``telnyx`` module, or a one-line error saying which extra installs it."""
    try:
        import telnyx
    except ImportError:
        raise PlatformError(f"flowlint {command} needs the Telnyx SDK: {INSTALL_HINT}") from None
    return telnyx


class Account:
    """One Telnyx account, reached with the API key in ``TELNYX_API_KEY``."""

    def __init__(self, command: str, base_url: str | None = None,
                 progress: Progress | None = None) -> None:
        telnyx = import_sdk(command)  # first: installing is the first thing to fix
        key = os.environ.get("TELNYX_API_KEY", "").strip()
        if not key:
            raise PlatformError("no API key: set TELNYX_API_KEY to a Telnyx API key "
                                "(Portal > Account settings > Keys & Credentials)")
        self.connection = connection_settings(base_url)
        self._key = key
        self._progress = progress or (lambda message: None)
        timeout = self.connection.timeout
        self._client = telnyx.Telnyx(api_key=key, base_url=self.connection.base_url,
                                     timeout=telnyx.Timeout(timeout, connect=min(5.0, timeout)),
                                     max_retries=self.connection.retries)

    def import_assistants(self, provider: str, api_key_ref: str,
                          import_ids: Sequence[str] = ()) -> bytes:
        """``POST /ai/assistants/import``: the response body, byte for byte."""
        import uuid

        optional = {"import_ids": list(import_ids)} if import_ids else {}
        self._progress(f"importing from {provider}...")
        with self._calling("POST /ai/assistants/import"):
            # One idempotency key for every attempt: a retry after a lost answer does not
            # import twice.
            raw = self._client.ai.assistants.with_raw_response.imports(
                provider=provider, api_key_ref=api_key_ref, idempotency_key=str(uuid.uuid4()),
                **optional)
            return raw.read()

    def list_assistants(self) -> dict[str, Any]:
        """``GET /ai/assistants``: ``{"data": [assistant, ...]}`` as the API sent it."""
        what = "GET /ai/assistants"
        with self._calling(what):
            body = _envelope(self._client.ai.assistants.with_raw_response.list().read(), what)
        self._progress(f"assistants: {len(body['data'])}")
        return body

    def list_tools(self) -> dict[str, Any]:
        """Every page of ``GET /ai/tools``, merged into one ``{"data": [...]}``; the SDK's page
        class decides from ``meta.page_number``/``total_pages`` whether another page follows."""
        items: list[Any] = []
        query: dict[str, Any] = {}
        for number in range(1, MAX_PAGES + 1):
            what = f"GET /ai/tools (page {number})"
            with self._calling(what):
                raw = self._client.ai.tools.with_raw_response.list(page_size=TOOLS_PAGE_SIZE,
                                                                   extra_query=query)
                body = _envelope(raw.read(), what)
                page = raw.parse()
                asked = query.get("page[number]", 1)
                if page.meta is not None and page.meta.page_number != asked:
                    raise PlatformError(f"{what}: the API answered with page "
                                        f"{str(page.meta.page_number)[:20]!r} instead")
                total = page.meta.total_pages if page.meta is not None else None
                following = page.next_page_info() if page.has_next_page() else None
            items.extend(body["data"])
            self._progress(f"tools: page {number}{f' of {total}' if total else ''} ({len(items)} tools)")
            if following is None:
                return {"data": items}
            query = dict(following.params)
        raise PlatformError(f"GET /ai/tools: more than {MAX_PAGES} pages; stopped")

    @contextmanager
    def _calling(self, what: str) -> Iterator[None]:
        """SDK exceptions and malformed answers as one PlatformError line without the key."""
        import telnyx

        try:
            yield
        except PlatformError as exc:
            raise PlatformError(redact(str(exc), self._key)) from None
        except telnyx.APIError as exc:
            message = describe(exc, what, base_url=self.connection.base_url,
                               attempts=self.connection.attempts, timeout=self.connection.timeout)
            raise PlatformError(redact(message, self._key)) from None
        except (ValueError, TypeError, AttributeError) as exc:  # a page the SDK cannot read
            raise PlatformError(redact(f"{what}: unexpected response: {exc}"[:300], self._key)) from None


def _envelope(data: bytes, what: str) -> dict[str, Any]:
    """A list endpoint's body: a JSON object with a ``data`` list, else a PlatformError."""
    try:
        value = json.loads(data)
    except (ValueError, RecursionError):
        raise PlatformError(f"{what}: the response is not JSON") from None
    if not isinstance(value, dict) or not isinstance(value.get("data"), list):
        raise PlatformError(f'{what}: the response has no "data" list')
    return value


def fetch_inventories(account: Account) -> dict[str, Any]:
    """The account's assistants and tools as the ``assistants``/``tools`` inventories that
    ``load_workspace`` takes (the same mappings ``--assistants``/``--tools`` files give)."""
    from .inventory import InventoryError, assistant_inventory, tool_inventory

    assistants, tools = account.list_assistants(), account.list_tools()
    try:
        return {"assistants": assistant_inventory(assistants), "tools": tool_inventory(tools)}
    except InventoryError as exc:
        raise PlatformError(f"the account's inventories cannot be used: {exc}") from None
