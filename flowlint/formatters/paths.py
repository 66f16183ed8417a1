"""How machine formats name files: forward slashes, relative to the working folder."""
from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import quote

# Lone surrogates (from "\ud800" escapes in JSON) cannot be encoded as UTF-8.
_SURROGATES = re.compile("[\ud800-\udfff]")


def clean(text: str) -> str:
    return _SURROGATES.sub("\ufffd", text)


def relative_path(file: str) -> str:
    """``file`` relative to the working folder with ``/`` separators (absolute when outside)."""
    if file.startswith("<"):
        return file  # <stdin>, <string>: not a path
    path = os.path.abspath(file)
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return Path(path).as_posix()
    if relative.startswith(".."):
        return Path(path).as_posix()
    return Path(relative).as_posix()


def artifact_uri(file: str) -> tuple[str, bool]:
    """(URI, relative?) for SARIF: a relative URI reference, or a file:// URI outside the folder."""
    path = relative_path(file)
    if not file.startswith("<") and os.path.isabs(path):
        return Path(path).as_uri(), False
    return quote(clean(path), safe="/"), True
