"""A pulled account as files: one JSON file per assistant, one tools inventory, a manifest.

Layout, chosen so that ``git diff`` shows real changes only: each assistant object as the API
sent it (its key order kept) in ``json.dumps(indent=2, ensure_ascii=False)`` layout with a
final newline, named after its id made safe for file names; the tools of every page in
``_tools.json`` (``{"data": [...]}``, same layout); and ``.flowlint-pull``, the manifest of
the files pull wrote, so a later pull removes the file of an assistant that is gone and never
touches anything else. Neither ``_tools.json`` (no id-derived name starts with ``_``) nor the
manifest (not ``*.json``) can clash with an assistant's file.

Everything is fetched before this module runs; here every changed file is first written
beside its target, and only when all of them are written are they renamed into place, so a
failure leaves the folder as it was. A file that is unchanged is not rewritten at all.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import Any

from .filenames import safe_stem, unique_names

TOOLS_FILE = "_tools.json"
MANIFEST = ".flowlint-pull"
MANIFEST_NOTE = "written by flowlint pull: the files it manages here"


class PullError(Exception):
    """The folder cannot be updated: one line, exit 2, no file changed."""


@dataclass
class PullResult:
    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[tuple[str, str]] = field(default_factory=list)  # (file, assistant id)


def stable_json(value: Any) -> bytes:
    """The one layout of every file pull writes (bytes depend on the value only)."""
    try:
        return (json.dumps(value, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate from the API: keep it, as an escape
        return (json.dumps(value, indent=2) + "\n").encode("ascii")


def assistant_files(assistants: list[Any]) -> dict[str, tuple[str, Any]]:
    """File name -> (assistant id, assistant), names given in id order so that the order
    the API lists them in never renames a file."""
    def key(item: Any) -> str:
        found = item.get("id") if isinstance(item, dict) else None
        return found if isinstance(found, str) else ""

    ordered = sorted(assistants, key=key)
    names = unique_names([safe_stem(key(item) or None, "assistant-without-id") for item in ordered], "json")
    return {name: (key(item), item) for name, item in zip(names, ordered)}


def write_pull(folder: str, assistants: dict[str, Any], tools: dict[str, Any]) -> PullResult:
    """Make ``folder`` hold exactly the account's assistants and tools (see the module doc)."""
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError as exc:
        raise PullError(f"cannot create {folder}: {exc.strerror or exc}") from None
    manifest_found = read_manifest(folder)
    previous = manifest_found or {}
    managed = set(previous) | ({TOOLS_FILE} if manifest_found is not None else set())
    entries = assistant_files(assistants["data"])
    wanted = {name: stable_json(item) for name, (_, item) in entries.items()}
    wanted[TOOLS_FILE] = stable_json(tools)
    result = PullResult()
    changes: dict[str, bytes] = {}
    for name, data in wanted.items():
        current = _current_bytes(os.path.join(folder, name))
        if current == data:
            result.unchanged.append(name)
            continue
        if current is not None and name not in managed:
            raise PullError(f"{os.path.join(folder, name)} exists and was not written by flowlint "
                            "pull: move it away, or pull into another folder")
        (result.changed if current is not None else result.new).append(name)
        changes[name] = data
    _replace_all(folder, changes)
    for name, assistant_id in sorted(previous.items()):
        if name not in wanted and os.path.isfile(os.path.join(folder, name)):
            try:
                os.unlink(os.path.join(folder, name))
            except OSError as exc:
                raise PullError(f"cannot remove {os.path.join(folder, name)}: {exc.strerror or exc}") from None
            result.removed.append((name, assistant_id))
    manifest = stable_json({"note": MANIFEST_NOTE, "version": 1, "tools": TOOLS_FILE,
                            "assistants": {name: entries[name][0] for name in sorted(entries)}})
    if _current_bytes(os.path.join(folder, MANIFEST)) != manifest:
        _replace_all(folder, {MANIFEST: manifest})
    return result


def read_manifest(folder: str) -> dict[str, str] | None:
    """File name -> assistant id of the files a previous pull wrote (None before the first)."""
    path = os.path.join(folder, MANIFEST)
    data = _current_bytes(path)
    if data is None:
        return None
    try:
        value = json.loads(data)
        listed = value["assistants"]
        if not isinstance(listed, dict):
            raise TypeError
    except (ValueError, KeyError, TypeError, RecursionError):
        raise PullError(f"{path} is not a flowlint pull manifest: remove it to start over "
                        "(pull then removes nothing)") from None
    # Only plain *.json names inside the folder: an edited manifest cannot aim pull elsewhere.
    return {name: str(assistant_id) for name, assistant_id in listed.items()
            if isinstance(name, str) and _own_file_name(name)}


def _own_file_name(name: str) -> bool:
    return (name == os.path.basename(name) and name.endswith(".json") and not name.startswith(".")
            and "/" not in name and "\\" not in name and name != TOOLS_FILE)


def _current_bytes(path: str) -> bytes | None:
    """What ``path`` holds now, None when it does not exist (or is not a regular file)."""
    if not os.path.isfile(path):
        if os.path.lexists(path):
            raise PullError(f"{path} exists and is not a file: move it away")
        return None
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as exc:
        raise PullError(f"cannot read {path}: {exc.strerror or exc}") from None


def _replace_all(folder: str, changes: dict[str, bytes]) -> None:
    """Write every file beside its target first; rename them all only when all are written.

    Through ``flowlint.atomic``: a symlinked file gets its target replaced, the link stays."""
    from .atomic import StagedFile, stage

    staged: list[StagedFile] = []
    try:
        for name, data in changes.items():
            staged.append(stage(os.path.join(folder, name), data, make_parents=False))
    except BaseException as exc:  # also Ctrl-C: nothing half-done stays behind
        for item in staged:
            item.discard()
        if isinstance(exc, OSError):
            raise PullError(f"cannot write in {folder}: {exc.strerror or exc}; no file was changed") from None
        raise
    for number, item in enumerate(staged):
        try:
            item.commit()
        except OSError as exc:  # after every write succeeded: only a vanished folder or a lock
            for left in staged[number:]:
                left.discard()
            raise PullError(f"cannot replace {item.target}: {exc.strerror or exc}; "
                            f"{number} of {len(staged)} files were updated") from None
