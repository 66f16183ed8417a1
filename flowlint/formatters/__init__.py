"""Output formats, looked up by name: each is ``render(report, options) -> str``."""
from __future__ import annotations

import importlib
from typing import Callable

FORMATS: dict[str, str] = {
    "text": "flowlint.formatters.text",
    "json": "flowlint.formatters.json_format",
    "sarif": "flowlint.formatters.sarif",
    "github": "flowlint.formatters.github",
    "junit": "flowlint.formatters.junit",
    "html": "flowlint.formatters.html",
    "markdown": "flowlint.formatters.markdown",
}


def get_formatter(name: str) -> Callable:
    return importlib.import_module(FORMATS[name]).render
