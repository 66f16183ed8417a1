"""What went wrong talking to the Telnyx API, as one line that never contains the API key.

The SDK raises its own exceptions (``telnyx.APIStatusError`` and its subclasses,
``APIConnectionError``, ``APITimeoutError``); ``describe`` turns each into the sentence a
user acts on: which request, what the API said (``errors[].title`` and ``detail``), how
many attempts were made.
"""
from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit, urlunsplit

MAX_DETAIL = 300  # characters of the API's own explanation; a hostile server cannot flood the line


class PlatformError(Exception):
    """The API could not be used: one line on stderr, exit 2. The key is already redacted."""


def redact(text: str, secret: str | None) -> str:
    """``text`` with every occurrence of ``secret`` (the API key) replaced."""
    return text.replace(secret, "<TELNYX_API_KEY>") if secret else text


def shown_url(url: str) -> str:
    """A URL as messages show it: no user name, password, query or fragment."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        if parts.port is not None:
            host = f"{host}:{parts.port}"
        return urlunsplit((parts.scheme, host, parts.path, "", ""))
    except ValueError:
        return "<the base URL>"


def api_errors(body: Any) -> str:
    """``title: detail`` of each item of a Telnyx ``{"errors": [...]}`` body, joined."""
    items = body.get("errors") if isinstance(body, dict) else None
    if not isinstance(items, list):
        return ""
    texts = []
    for item in items:
        if not isinstance(item, dict):
            continue
        parts = [str(item[key]) for key in ("title", "detail")
                 if isinstance(item.get(key), (str, int)) and str(item[key]).strip()]
        pointer = item.get("source", {}).get("pointer") if isinstance(item.get("source"), dict) else None
        text = ": ".join(dict.fromkeys(parts))  # a detail equal to its title is said once
        if isinstance(pointer, str) and pointer:
            text = f"{text} (at {pointer})" if text else f"at {pointer}"
        if text:
            texts.append(text)
    joined = "; ".join(texts)
    return joined if len(joined) <= MAX_DETAIL else joined[:MAX_DETAIL - 3] + "..."


def describe(exc: BaseException, what: str, *, base_url: str, attempts: int, timeout: float) -> str:
    """One line for an SDK exception raised by the request ``what`` (``GET /ai/tools``)."""
    import telnyx

    tries = f"{attempts} attempt{'s' * (attempts != 1)}"
    if isinstance(exc, telnyx.APIStatusError):
        status = exc.status_code
        said = api_errors(exc.body) or (exc.response.reason_phrase or "").strip()
        said = f": {said}" if said else ""
        if status == 401:
            return f"{what}: the Telnyx API refused the API key in TELNYX_API_KEY (HTTP 401{said})"
        if status == 403:
            return (f"{what}: the Telnyx API refused the API key in TELNYX_API_KEY: it is not "
                    f"allowed to do this (HTTP 403{said})")
        if status == 429:
            return f"{what}: the Telnyx API is still rate limiting after {tries} (HTTP 429{said}); try again later"
        if status >= 500:
            return f"{what}: the Telnyx API failed after {tries} (HTTP {status}{said})"
        return f"{what}: the Telnyx API rejected the request (HTTP {status}{said})"
    if isinstance(exc, telnyx.APITimeoutError):
        return f"{what}: no answer from {shown_url(base_url)} within {timeout:g} s ({tries})"
    if isinstance(exc, telnyx.APIConnectionError):
        reason = _root_cause(exc)
        return f"{what}: cannot reach {shown_url(base_url)}{f': {reason}' if reason else ''} ({tries})"
    return f"{what}: {type(exc).__name__}: {exc}"


def _root_cause(exc: BaseException) -> str:
    """The operating system's reason under the SDK's "Connection error." (refused, DNS...)."""
    seen = exc
    for _ in range(10):  # chains are short; never loop on a strange one
        inner = seen.__cause__ or seen.__context__
        if inner is None:
            break
        seen = inner
    text = str(seen).strip()
    return "" if seen is exc or not text else text[:MAX_DETAIL]
