"""Writing a file atomically: a failed run never leaves half a report or picture."""
from __future__ import annotations

import os


def write_atomically(path: str, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it over ``path``.

    Raises OSError (after removing the temporary file) when it cannot be written.
    """
    directory = os.path.dirname(os.path.abspath(path))
    temporary = os.path.join(directory, f".{os.path.basename(path)}.{os.getpid()}.tmp")
    try:
        with open(temporary, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)
    except BaseException:  # also Ctrl-C or a crash mid-write: never leave the temporary behind
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
