"""FL701/FL702: what counts as a credential or an unsafe address, and that no output ever
shows a secret."""
from __future__ import annotations

import json

import pytest

import flowlint
from flowlint.rules.security import credential_kind, insecure_reasons, is_placeholder

from conftest import FIXTURES, run_cli

FL701 = FIXTURES / "rules" / "FL701-plaintext-secret.json"
# Every secret of the fixture, and pieces of them that must never be printed.
SECRETS = ["Hunter2Hunter2", "AbC123xyz789QWE", "9f8e7d6c5b4a39281706f5e4d3c2b1a0",
           "KEY0123456789ABCDEFGHIJ_abcdefghijklmnop1234"]


@pytest.mark.parametrize("name, value, kind", [
    ("Authorization", "Bearer 9f8e7d6c5b4a39281706f5e4d3c2b1a0", "a bearer credential"),
    ("Authorization", "Basic dXNlcjpwYXNzd29yZA==", "a basic credential"),
    ("X-Api-Key", "abcDEF123456", "a credential"),
    ("X-Anything", "sk-proj-abcdefghijklmnop1234", "a key in a well-known format"),
    ("X-Anything", "sk_live_51Habcdefghijklmnop", "a key in a well-known format"),
    ("X-Anything", "xoxb-1234567890-abcdefghij", "a key in a well-known format"),
    ("X-Anything", "ghp_abcdefghijklmnopqrstuvwxyz0123", "a key in a well-known format"),
    ("X-Anything", "AKIAIOSFODNN7EXAMPLF", "a key in a well-known format"),
    ("X-Anything", "KEY0123456789ABCDEFGHIJ_abcdefghijklmnop1234", "a key in a well-known format"),
    ("password", "Tr0ub4dor&3x", "a credential"),
])
def test_credentials_are_recognised(name, value, kind):
    assert credential_kind(name, value) == kind


@pytest.mark.parametrize("name, value", [
    ("Authorization", ""), ("Authorization", "<string>"), ("Authorization", "Bearer {{token}}"),
    ("X-Api-Key", "${CRM_API_KEY}"), ("X-Api-Key", "***"), ("X-Api-Key", "********"),
    ("X-Api-Key", "your_api_key_here"), ("X-Api-Key", "xxxxxxxxxxxx"), ("X-Api-Key", "abc123"),
    ("Content-Type", "application/json"), ("X-Auth-Mode", "strict-mode"),
    ("X-Request-Id", "3f2c9a1e-77b0-4c1e-9d7a-2b9c8e1f0a55"), ("Authorization", "Bearer"),
])
def test_placeholders_and_ordinary_values_are_left_alone(name, value):
    assert credential_kind(name, value) is None


def test_is_placeholder():
    assert is_placeholder("{{integration_secret.crm_token}}")
    assert not is_placeholder("Zq81mN02pL")


def test_fl701_pointers_name_the_place():
    report = flowlint.lint(FL701)
    assert sorted((d.pointer, d.message) for d in report.diagnostics) == [
        ("/data/0/tools/1/webhook/headers/0/value", 'webhook tool "crm_lookup" (tools/1) sends a bearer '
         'credential in plain text in header "Authorization"; reference a secret instead'),
        ("/data/0/tools/1/webhook/url", 'webhook tool "crm_lookup" (tools/1) has a credential in its URL: '
         "a password in its user info (user:password@); reference a secret instead"),
        ("/data/0/tools/1/webhook/url", 'webhook tool "crm_lookup" (tools/1) has a credential in its URL: '
         'the query parameter "api_key"; reference a secret instead'),
        ("/data/0/tools/2/transfer/custom_headers/0/value", "transfer tool tools/2 sends a key in a "
         'well-known format in plain text in header "X-Forwarded-Key"; reference a secret instead'),
    ]
    assert len({d.fingerprint for d in report.diagnostics}) == 4


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_no_output_format_prints_a_secret_or_a_part_of_it(fmt):
    result = run_cli("check", str(FL701), "--format", fmt)
    assert result.returncode == 1
    output = result.stdout.decode() + result.stderr.decode()
    for secret in SECRETS:
        for start in range(0, len(secret) - 5):
            assert secret[start:start + 6] not in output, secret


def test_header_names_that_look_like_keys_are_not_printed_either():
    value = json.loads(FL701.read_text())
    value["data"][0]["tools"][1]["webhook"]["headers"] = [
        {"name": "sk-proj-abcdefghijklmnop1234", "value": "sk-proj-abcdefghijklmnop1234"}]
    report = flowlint.lint(value, select=["FL701"])
    assert any('in plain text in a header;' in d.message for d in report.diagnostics)
    assert not any("abcdefghijklmnop" in d.message for d in report.diagnostics)


@pytest.mark.parametrize("url, reasons", [
    ("https://crm.acme.example/hook", []),
    ("http://crm.acme.example/hook", ["uses http, not https"]),
    ("crm.acme.example/hook", ["is not an https URL"]),
    ("https://localhost:8443/x", ['points at the local host name "localhost"']),
    ("https://printer.local/x", ['points at the local host name "printer.local"']),
    ("https://127.0.0.1/x", ["points at a loopback address"]),
    ("https://[::1]/x", ["points at a loopback address"]),
    ("https://10.1.2.3/x", ["points at a private address"]),
    ("https://192.168.0.7/x", ["points at a private address"]),
    ("https://[fd00::1]/x", ["points at a private address"]),
    ("https://169.254.169.254/latest", ["points at a link-local address"]),
    ("https://0.0.0.0/x", ["points at an unspecified address"]),
    ("http://172.16.0.1/x", ["uses http, not https", "points at a private address"]),
    ("https://8.8.8.8/x", []),
    ("https://{{crm_host}}/x", []),
    ("{{base_url}}/hook", []),
    ("<string>", []),
])
def test_insecure_reasons(url, reasons):
    assert list(insecure_reasons(url)) == reasons


def test_a_value_that_is_not_text_is_no_credential_and_names_need_not_be_text():
    assert credential_kind("Authorization", ["Bearer 9f8e7d6c5b4a39281706f5e4d3c2b1a0"]) is None
    bearer = "Bearer 9f8e7d6c5b4a39281706f5e4d3c2b1a0"
    assert credential_kind(["Authorization"], bearer) == "a bearer credential"
    assert credential_kind(7, "9f8E7d6c5b4a39281706f5e4d3c2b1a0") is None  # no name says it is secret
