"""What the commands that call the Telnyx API share: ``--base-url``, the account, progress."""
from __future__ import annotations

import argparse
import sys
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING, Iterator

from .common import UsageError

if TYPE_CHECKING:
    from ..platform import Account


def add_api_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--base-url", metavar="URL",
                        help="the Telnyx API (default: TELNYX_BASE_URL, else https://api.telnyx.com/v2)")


class TerminalProgress:
    """One line on stderr rewritten in place, only when stderr is a terminal: long fetches
    show pages and counts, logs and pipes stay quiet."""

    def __init__(self, stream: IO[str] | None = None) -> None:
        self._stream = stream or sys.stderr
        self._enabled = self._stream.isatty()
        self._width = 0

    def __call__(self, message: str) -> None:
        if not self._enabled:
            return
        from ..formatters.text import neutralize

        line = f"flowlint: {neutralize(message)}"
        self._stream.write("\r" + line.ljust(self._width))
        self._stream.flush()
        self._width = max(self._width, len(line))

    def clear(self) -> None:
        if self._enabled and self._width:
            self._stream.write("\r" + " " * self._width + "\r")
            self._stream.flush()
            self._width = 0


@contextmanager
def account(args: argparse.Namespace, command: str) -> Iterator["Account"]:
    """The ``flowlint.platform.Account`` for ``args``; API failures become one-line usage
    errors (exit 2), and the progress line is cleared whatever happens."""
    from ..platform import Account
    from ..platform_errors import PlatformError

    progress = TerminalProgress()
    try:
        yield Account(command, getattr(args, "base_url", None), progress)
    except PlatformError as exc:
        progress.clear()
        raise UsageError(str(exc)) from None
    finally:
        progress.clear()


def fetched_inventories(args: argparse.Namespace, command: str) -> dict:
    """The account's assistants and tools, as ``check_paths`` takes inventories."""
    from ..platform import fetch_inventories

    with account(args, command) as connected:
        return fetch_inventories(connected)
