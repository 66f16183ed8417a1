"""FL7xx: secrets and webhook addresses in the assistant's tools.

Messages say WHERE a credential-looking value is (tool, header name, URL part), never the
value or any part of it.
"""
from __future__ import annotations

import functools
import ipaddress
import re
from typing import Any, Iterator
from urllib.parse import parse_qsl, urlsplit

from ..diagnostics import Finding
from .base import ASSISTANT, AssistantContext, rule

_ASSISTANT = ('"id": "a-1", "name": "Support", "model": "openai/gpt-4o", '
              '"instructions": "You are a support agent.", "created_at": "2025-01-01T00:00:00Z"')


def _webhook(url: str, headers: str = "") -> str:
    return ("{" + _ASSISTANT + ', "tools": [{"type": "webhook", "webhook": {"name": "crm_lookup", '
            '"description": "Look up the caller.", "url": "' + url + '", "method": "POST", '
            '"headers": [' + headers + "]}}]}")


# Values that are certainly credentials, whatever the header or parameter is called.
KNOWN_PREFIXES = re.compile(
    r"(?:\bsk-(?:proj-|ant-)?[A-Za-z0-9_-]{16,}"        # OpenAI, Anthropic
    r"|\b[sr]k_(?:live|test)_[A-Za-z0-9]{16,}"           # Stripe secret / restricted
    r"|\bxox[abposr]-[A-Za-z0-9-]{10,}"                  # Slack
    r"|\bgh[pousr]_[A-Za-z0-9]{20,}|\bgithub_pat_[A-Za-z0-9_]{20,}"  # GitHub
    r"|\bglpat-[A-Za-z0-9_-]{20,}"                       # GitLab
    r"|\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"                    # AWS access key ids
    r"|\bAIza[0-9A-Za-z_-]{35}"                          # Google API keys
    r"|\bKEY[0-9A-Za-z]{20,}_[0-9A-Za-z]{16,}"           # Telnyx API v2 keys
    r"|\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}"     # SendGrid
    r"|\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}"  # JWT
    r")")
# Header and parameter names that carry credentials.
SECRET_NAME = re.compile(
    r"(?:auth|token|secret|passw(?:or)?d|pwd|api[-_]?key|apikey|access[-_]?key|private[-_]?key"
    r"|credential|signature|^key$|^sig$|session)", re.IGNORECASE)
_SCHEME = re.compile(r"^(?:bearer|basic|token|digest|apikey|key)\s+", re.IGNORECASE)
_PLACEHOLDER_WORDS = re.compile(r"your[-_ ]|example|placeholder|changeme|redacted|dummy|xxxx|<[^>]*>",
                                re.IGNORECASE)
_TEMPLATE = re.compile(r"\{\{.*?\}\}|\$\{[^}]*\}|\{%.*?%\}|\{[A-Za-z_][A-Za-z0-9_.]*\}")
MIN_LENGTH = 8


def is_placeholder(value: str) -> bool:
    """Empty, short, templated (`{{var}}`, `${VAR}`), masked (`***`) or an obvious stand-in."""
    text = value.strip()
    if len(text) < MIN_LENGTH or "***" in text or _TEMPLATE.search(text):
        return True
    if _PLACEHOLDER_WORDS.search(text):
        return True
    return len(set(text.lower())) <= 2  # xxxxxxxx, 00000000, ........


def _looks_random(token: str) -> bool:
    """A value that could be a key: no spaces, and mixed character classes or long."""
    if any(c.isspace() for c in token):
        return False
    classes = sum((any(c.islower() for c in token), any(c.isupper() for c in token),
                   any(c.isdigit() for c in token)))
    return classes >= 2 or len(token) >= 20


def credential_kind(name: Any, value: Any) -> str | None:
    """What kind of credential ``value`` looks like (for a message), or None."""
    if not isinstance(value, str):
        return None
    return _credential_kind(name if isinstance(name, str) else None, value)


# The checks of FL701 and FL702 are pure functions of strings, and an account repeats its
# webhook addresses and headers across assistants: each distinct one is looked at once.
_REMEMBERED = 4096


@functools.lru_cache(maxsize=_REMEMBERED)
def _credential_kind(name: str | None, value: str) -> str | None:
    if is_placeholder(value):
        return None
    text = value.strip()
    if KNOWN_PREFIXES.search(text):
        return "a key in a well-known format"
    scheme = _SCHEME.match(text)
    token = text[scheme.end():] if scheme else text
    if is_placeholder(token):
        return None
    if scheme and scheme.group(0).split()[0].lower() in ("bearer", "basic", "token", "digest"):
        if _looks_random(token):
            return f"a {scheme.group(0).split()[0].lower()} credential"
        return None
    if name is not None and SECRET_NAME.search(name) and _looks_random(token):
        return "a credential"
    return None


def _label(name: Any, what: str = "header") -> str:
    """How a message names a header or query parameter (never its value)."""
    if not isinstance(name, str) or not name.strip():
        return f"a {what} without a name"
    if KNOWN_PREFIXES.search(name) or len(name) > 60:
        return f"a {what}"  # the name itself looks like a key: do not print it either
    return f'{what} "{name}"'


@functools.lru_cache(maxsize=_REMEMBERED)
def url_secrets(url: str) -> tuple[str, ...]:
    """Where a URL carries credentials: user info, query parameters, path segments."""
    return tuple(_url_secrets(url))


def _url_secrets(url: str) -> Iterator[str]:
    try:
        parts = urlsplit(url)
        password, username = parts.password, parts.username
    except ValueError:
        return
    if password and not is_placeholder(password):
        yield "a password in its user info (user:password@)"
    elif username and KNOWN_PREFIXES.search(username):
        yield "a key in its user info"
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if credential_kind(key, value):
            yield f"the {_label(key, 'query parameter')}"
    if not _TEMPLATE.search(parts.path) and KNOWN_PREFIXES.search(parts.path):
        yield "its path"


def _tool_label(tool: dict, kind: str, index: int) -> str:
    spec = tool.get(kind) if isinstance(tool.get(kind), dict) else {}
    name = spec.get("name")
    if isinstance(name, str) and name.strip() and not KNOWN_PREFIXES.search(name) and len(name) <= 60:
        return f'{kind} tool "{name}" (tools/{index})'
    return f"{kind} tool tools/{index}"


@rule("FL701", "plaintext-secret", "error", ASSISTANT,
      example=_webhook("https://crm.example.org/lookup",
                       '{"name": "Authorization", "value": "Bearer 9f8e7d6c5b4a39281706f5e4d3c2b1a0"}'),
      fixed=_webhook("https://crm.example.org/lookup",
                     '{"name": "Authorization", "value": "Bearer {{integration_secret.crm_token}}"}'))
def plaintext_secret(ctx: AssistantContext) -> Iterator[Finding]:
    """A credential-looking value in a tool's headers, URL or query instead of a secret
    reference. The message never prints the value.

    What it does: looks at the headers of every tool (webhook `headers`, transfer
    `custom_headers`, any `headers`/`custom_headers` list of `{name, value}`) and at tool
    URLs. A value is credential-looking when it has a well-known key format (`sk-`,
    `sk_live_`, `xoxb-`, `ghp_`, `AKIA...`, Telnyx `KEY..._...`, JWTs, ...), is a
    `Bearer`/`Basic`/`Token` credential, or sits in a header or query parameter named like
    a credential (`Authorization`, `X-API-Key`, `token`, `secret`, `password`, `api_key`,
    ...) and looks random. URLs are checked for `user:password@` and for such query
    parameters. Obvious placeholders are left alone: empty or short values, `<string>`,
    `{{variable}}`, `${VAR}`, `***`, `your_api_key`, `xxxxxxxx`. The message names the tool
    and the header or URL part, never the value or any part of it.

    Why it matters: an assistant's tools are returned in plain text by the API, the
    Portal and every export (including the file you are linting); a pasted key leaks to
    everyone who can read them. Store it as an integration secret and reference it.
    """
    for index, tool, kind in ctx.raw_tools():
        spec = tool.get(kind)
        if not isinstance(spec, dict):
            continue
        where = _tool_label(tool, kind, index)
        for field in ("headers", "custom_headers"):
            headers = spec.get(field)
            if not isinstance(headers, list):
                continue
            for position, header in enumerate(headers):
                if not isinstance(header, dict):
                    continue
                found = credential_kind(header.get("name"), header.get("value"))
                if found:
                    yield ctx.assistant_finding(
                        f"{where} sends {found} in plain text in {_label(header.get('name'))}; "
                        "reference a secret instead", "tools", index, kind, field, position, "value",
                        key=f"tools/{index}/{field}/{position}")
        url = spec.get("url")
        if isinstance(url, str):
            for part in url_secrets(url):
                yield ctx.assistant_finding(f"{where} has a credential in its URL: {part}; "
                                            "reference a secret instead", "tools", index, kind, "url",
                                            key=f"tools/{index}/url/{part}")


_LOCAL_NAMES = ("localhost", "localhost.localdomain")
_LOCAL_SUFFIXES = (".localhost", ".local", ".internal")


@functools.lru_cache(maxsize=_REMEMBERED)
def insecure_reasons(url: str) -> tuple[str, ...]:
    """Why a webhook URL is unsafe to call from the platform; () when it is fine or templated."""
    text = url.strip()
    scheme_part, sep, rest = text.partition("://")
    head = scheme_part + sep + rest.split("/", 1)[0] if sep else text.split("/", 1)[0]
    if not text or text.startswith("<") or _TEMPLATE.search(head):
        return ()  # a placeholder, or the address is filled in at run time
    try:
        parts = urlsplit(text)
        host = parts.hostname
    except ValueError:
        return ()
    reasons = []
    scheme = parts.scheme.lower()
    if scheme != "https":
        reasons.append(f"uses {scheme}, not https" if scheme else "is not an https URL")
    if host:
        host = host.rstrip(".").lower()
        if host in _LOCAL_NAMES or host.endswith(_LOCAL_SUFFIXES):
            reasons.append(f'points at the local host name "{host}"')
        else:
            try:
                address = ipaddress.ip_address(host)
            except ValueError:
                address = None
            if address is not None:
                kind = ("loopback" if address.is_loopback else "link-local" if address.is_link_local
                        else "unspecified" if address.is_unspecified else "private" if address.is_private
                        else "reserved" if address.is_reserved else None)
                if kind:
                    reasons.append(f"points at {'an' if kind[0] in 'aeiou' else 'a'} {kind} address")
    return tuple(reasons)


@rule("FL702", "insecure-webhook-url", "warning", ASSISTANT,
      example=_webhook("http://192.168.1.20:8080/lookup"),
      fixed=_webhook("https://crm.example.org/lookup"))
def insecure_webhook_url(ctx: AssistantContext) -> Iterator[Finding]:
    """A webhook URL that is not `https`, or that points at localhost or a private address.

    What it does: checks the `url` of every webhook tool: its scheme must be `https`, and
    its host must not be `localhost` (or `*.localhost`, `*.local`, `*.internal`) or a
    loopback, private, link-local, unspecified or reserved IP address (IPv4 or IPv6).
    Templated URLs (`{{base_url}}/...`) and placeholders are left alone.

    Why it matters: the platform calls webhooks from Telnyx's servers over the public
    internet. Plain `http` sends the caller's data and your headers unencrypted; a local
    or private address is unreachable from there (it works in your tests and fails on
    every real call) or, worse, reaches something it should not.
    """
    for index, tool, kind in ctx.raw_tools():
        spec = tool.get(kind)
        if kind != "webhook" or not isinstance(spec, dict) or not isinstance(spec.get("url"), str):
            continue
        reasons = insecure_reasons(spec["url"])
        if reasons:
            yield ctx.assistant_finding(f"{_tool_label(tool, kind, index)} URL {' and '.join(reasons)}",
                                        "tools", index, kind, "url", key=f"tools/{index}")
