"""Golden files: the exact output of every format for inputs whose messages contain quotes,
newlines, ``<``, ``&``, ``%``, ``::``, a control character and non-ASCII text.

The inputs are tests/golden/inputs/*.json; the expected outputs are
tests/golden/expected/check.<format>. After an intended change of output, regenerate them
with ``FLOWLINT_UPDATE_GOLDEN=1 python -m pytest tests/test_golden_formats.py`` and review
the diff. The version number is written as ``X.Y.Z`` so a release does not touch them.
"""
from __future__ import annotations

import os

import pytest

from flowlint import __version__

from conftest import ROOT, run_cli

INPUTS = "tests/golden/inputs"
EXPECTED = ROOT / "tests" / "golden" / "expected"
SUFFIX = {"text": "txt", "json": "json", "sarif": "sarif", "github": "github", "junit": "xml"}


def _normalize(text: str) -> str:
    return text.replace(f'"{__version__}"', '"X.Y.Z"')


@pytest.mark.parametrize("name", list(SUFFIX))
def test_format_matches_golden_file(name: str) -> None:
    # The rule groups are pinned so that new rules elsewhere in the catalogue leave these be.
    result = run_cli("check", INPUTS, "--format", name, "--select", "FL0,FL2,FL3",
                     "--severity", "FL304=info", "--statistics")
    assert result.returncode == 1, result.stderr
    output = _normalize(result.stdout.decode("utf-8"))
    golden = EXPECTED / f"check.{SUFFIX[name]}"
    if os.environ.get("FLOWLINT_UPDATE_GOLDEN") == "1":
        golden.write_text(output, encoding="utf-8", newline="\n")
    assert output == golden.read_text(encoding="utf-8")


def test_golden_inputs_produce_the_awkward_characters() -> None:
    """The goldens only prove escaping if the messages really contain what needs escaping."""
    result = run_cli("check", INPUTS, "--format", "json")
    messages = result.stdout.decode("utf-8")
    for needle in ('\\"', "\\n", "<", "&", "%", "::", "\\u0007", "✓", "ß"):
        assert needle in messages, needle
