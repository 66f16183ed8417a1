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
    """Write to stdout, or to a file through ``flowlint.atomic`` (a failed run never leaves
    half a report; a device, FIFO or symlink at ``path`` is written, never replaced)."""
    if path is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    write_file_or_fail(path, text.encode("utf-8"))


def write_file_or_fail(path: str, data: bytes) -> None:
    """``flowlint.atomic.write_file``, any OSError as a one-line usage error (exit 2)."""
    from ..atomic import write_file

    try:
        write_file(path, data)
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None


def say(message: str) -> None:
    """One line on stderr, whatever a path or a flow's text in it contains."""
    from ..formatters.text import neutralize

    print(f"flowlint: {neutralize(message)}", file=sys.stderr)
