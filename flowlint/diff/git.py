"""``flowlint diff --git REV [PATH...]``: the old version from git, the new one from the work tree.

The old files are read out of the repository (``git ls-tree`` lists the ``*.json`` files
under each PATH at REV, ``git cat-file --batch`` reads them in one process): nothing is
checked out. The new files are those of the work tree that git tracks or would track
(untracked files count, ignored ones do not). Both sides name a file by its path relative
to the working folder, so a file is matched with itself, and config globs apply alike.
"""
from __future__ import annotations

import os
import subprocess
from typing import Sequence

from ..source import Source, parse_bytes

SYMLINK_MODE = "120000"


class GitError(Exception):
    """Not a repository, an unknown revision, git missing: one line, exit 2."""


def _git(args: Sequence[str], stdin: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(["git", *args], input=stdin, capture_output=True, check=False)
    except FileNotFoundError:
        raise GitError("git is not installed (or not on PATH)") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[-1] if message else f"git {args[0]} failed")
    return done.stdout


def check_revision(rev: str) -> str:
    """The commit ``rev`` names; a clear error outside a repository or for a bad revision."""
    try:
        _git(["rev-parse", "--show-toplevel"])
    except GitError as exc:
        if "not a git repository" in str(exc).lower():
            raise GitError("--git: the working folder is not in a git repository") from None
        raise
    if rev.startswith("-") or not rev.strip():
        raise GitError(f"--git: {rev!r} is not a revision")
    try:
        return _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"]).decode().strip()
    except GitError:
        raise GitError(f"--git: unknown revision {rev!r} (no such commit, branch or tag)") from None


def _is_json(name: str) -> bool:
    return name.endswith(".json")


def files_at(commit: str, paths: Sequence[str]) -> list[tuple[str, str]]:
    """(path relative to the working folder, blob id) of the JSON files under ``paths``."""
    listing = _git(["ls-tree", "-r", "-z", commit, "--", *paths])
    found = []
    for record in listing.split(b"\0"):
        if not record:
            continue
        meta, _, name = record.partition(b"\t")
        mode, kind, blob = meta.decode().split()
        path = os.fsdecode(name)
        if kind == "blob" and mode != SYMLINK_MODE and _is_json(path):
            found.append((path, blob))
    return sorted(found)


def read_old(commit: str, paths: Sequence[str]) -> list[Source]:
    """The JSON files under ``paths`` as they were at ``commit``, parsed like files on disk."""
    files = files_at(commit, paths)
    if not files:
        return []
    output = _git(["cat-file", "--batch"], stdin="".join(f"{blob}\n" for _, blob in files).encode())
    sources = []
    offset = 0
    for name, _ in files:
        header_end = output.index(b"\n", offset)
        size = int(output[offset:header_end].split()[2])
        data = output[header_end + 1: header_end + 1 + size]
        offset = header_end + 1 + size + 1   # the content is followed by a newline
        sources.append(parse_bytes(data, name))
    return sources


def work_tree_files(paths: Sequence[str]) -> list[str]:
    """The JSON files under ``paths`` in the work tree: tracked or untracked, not ignored."""
    listing = _git(["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", *paths])
    names = {os.fsdecode(n) for n in listing.split(b"\0") if n}
    return sorted(n for n in names if _is_json(n) and os.path.isfile(n))
