"""What every command shares: exit codes, the usage error, writing output, one-line messages."""
from __future__ import annotations

import sys
from typing import Sequence

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class UsageError(Exception):
    """A problem with the arguments or their files: one line on stderr, exit 2."""


def split_values(values: Sequence[str] | None) -> list[str]:
    """Repeated and comma-separated option values as one list."""
    return [part.strip() for value in values or () for part in value.split(",") if part.strip()]


def write_output(text: str, path: str | None) -> None:
    """Write to stdout, or atomically to a file (a failed run never leaves half a report)."""
    if path is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from ..atomic import write_atomically

    try:
        # newline="\n" as before: the report's bytes are the same on every platform
        write_atomically(path, text.encode("utf-8"))
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None


def say(message: str) -> None:
    """One line on stderr, whatever a path or a flow's text in it contains."""
    from ..formatters.text import neutralize

    print(f"flowlint: {neutralize(message)}", file=sys.stderr)
