"""Every file flowlint writes goes through here, so that writing never destroys what is there.

As every Unix tool behaves:

- a path that exists and is not a regular file (a character or block device such as
  ``/dev/null``, a FIFO) is opened and written in place, never replaced (a Unix socket,
  which cannot be opened, is an error and stays as it is);
- a symbolic link is followed: its target is replaced atomically and the link stays (a
  dangling link creates its target);
- a regular file or a new path is written atomically: a temporary file in the same folder,
  flushed to disk, given the existing file's permissions, then renamed over the path, so a
  failed run never leaves half a report or picture;
- missing parent folders are created.

Errors are ``OSError`` with a ``strerror`` a command can print in one line.
"""
from __future__ import annotations

import errno
import os
import stat
import tempfile
from dataclasses import dataclass


@dataclass
class StagedFile:
    """Data ready to land on ``target``: ``commit`` puts it there, ``discard`` drops it.

    ``temporary`` is None when the target is written in place (a device, a FIFO)."""

    target: str
    data: bytes
    temporary: str | None

    def commit(self) -> None:
        if self.temporary is None:
            _write_in_place(self.target, self.data)
            return
        try:
            os.replace(self.temporary, self.target)
        except BaseException:
            self.discard()
            raise
        self.temporary = None
        _sync_folder(os.path.dirname(self.target))

    def discard(self) -> None:
        if self.temporary is not None:
            try:
                os.unlink(self.temporary)
            except OSError:
                pass
            self.temporary = None


def write_file(path: str, data: bytes, make_parents: bool = True) -> None:
    """Write ``data`` to ``path`` as the module docstring says; OSError when it cannot."""
    stage(path, data, make_parents).commit()


def stage(path: str, data: bytes, make_parents: bool = True) -> StagedFile:
    """Do everything but the final rename: for writing several files all or none.

    A device or FIFO is not touched until ``commit`` (it cannot be staged)."""
    target = os.path.realpath(path)  # a symlink's target; the link itself stays
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, "is a folder; name a file", path)
    if mode is not None and not stat.S_ISREG(mode):
        return StagedFile(target, data, None)
    folder = os.path.dirname(target)
    if make_parents:
        try:
            os.makedirs(folder, exist_ok=True)
        except FileExistsError:  # a file where a parent folder should be
            raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), folder) from None
    descriptor, temporary = tempfile.mkstemp(prefix=f".{os.path.basename(target)}.", suffix=".tmp",
                                             dir=folder)
    try:
        with open(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp makes the file 0600; keep the replaced file's mode, or give a new file the
        # mode open() would (0666 less the umask).
        os.chmod(temporary, stat.S_IMODE(mode) if mode is not None else 0o666 & ~_umask())
    except BaseException:  # also Ctrl-C or a crash mid-write: never leave the temporary behind
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
    return StagedFile(target, data, temporary)


def _write_in_place(path: str, data: bytes) -> None:
    """A device, FIFO or socket: open what is there (no create, no truncate) and write."""
    descriptor = os.open(path, os.O_WRONLY | getattr(os, "O_BINARY", 0))
    with open(descriptor, "wb") as handle:
        handle.write(data)


def _sync_folder(folder: str) -> None:
    """Make the rename itself durable; not every system can open a folder."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
