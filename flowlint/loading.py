"""Turning whatever the caller has (paths, text, dicts, SDK objects) into a Workspace."""
from __future__ import annotations

import contextlib
import gc
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Mapping

from .bodies import StandInIds
from .documents import Workspace, build_document
from .source import STDIN, InputError, Source, from_object, iter_paths, parse_bytes, parse_text, read_path
from .toolsets import ToolResolver

if TYPE_CHECKING:
    from .streamed import AssistantChecks


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small acyclic objects.

    Reading a large export creates millions of dicts, lists and models; the collector's
    repeated full passes over them cost more than the parse itself. Nothing built here
    forms reference cycles that need it, and it is restored afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def to_sources(item: Any, stream: bool = False) -> list[Source]:
    """One input of the Python API as sources: a path, JSON text, bytes, a value or an SDK object.
    ``stream``: files and stdin are left for ``flowlint.streamed`` to read one assistant at a time."""
    if isinstance(item, Source):
        return [item]
    if isinstance(item, Path):
        return [read_path(p, stream) for p in iter_paths([str(item)])]
    if isinstance(item, (bytes, bytearray)):
        return [parse_bytes(bytes(item), "<bytes>")]
    if isinstance(item, str):
        if item == STDIN:
            return [read_path(STDIN, stream)]
        if not os.path.exists(item) and _looks_like_json(item):
            return [parse_text(item, "<string>")]
        return [read_path(p, stream) for p in iter_paths([item])]
    if isinstance(item, (dict, list)):
        return [from_object(item)]
    for method in ("model_dump", "to_dict"):
        if callable(getattr(item, method, None)):
            value = getattr(item, method)(mode="json") if method == "model_dump" else getattr(item, method)()
            return [from_object(value, f"<{type(item).__name__}>")]
    raise TypeError(f"cannot lint a {type(item).__name__}: pass a path, JSON text, a dict or list, "
                    "or an object with model_dump()/to_dict()")


def _looks_like_json(text: str) -> bool:
    head = text.lstrip()[:5]
    return not head or head[0] in '{["-0123456789' or head.startswith(("true", "false", "null"))


def read_inventory(path: str, what: str) -> list[Any]:
    """The items of an inventory file in the ``{"data": [...]}`` shape of the list endpoints."""
    source = read_path(path)
    if not source.parsed:
        raise InputError(f"{path}: {what} inventory is not valid JSON")
    value = source.value
    items = value.get("data") if isinstance(value, dict) else value
    if not isinstance(items, list):
        raise InputError(f'{path}: {what} inventory must be {{"data": [...]}} or a list')
    return items


def _each_file(inputs: Iterable[Any]) -> Iterator[Any]:
    """Folders as their files, so that one unreadable file does not drop its siblings."""
    for item in inputs:
        if isinstance(item, (str, Path)) and str(item) != STDIN and os.path.isdir(item):
            yield from iter_paths([str(item)])
        else:
            yield item


def load_workspace(inputs: Iterable[Any], *, assistants: Mapping[str, Any] | None = None,
                   tools: Mapping[str, str] | None = None, provider: str = "auto") -> Workspace:
    """Read every input once and build its documents; unreadable paths are collected.
    ``provider`` forces the format every input is read as (``flowlint.providers.CHOICES``)."""
    workspace = Workspace([], assistants, tools, [])
    read_into(workspace, inputs, provider)
    return workspace


def read_into(workspace: Workspace, inputs: Iterable[Any], provider: str = "auto",
              checks: "AssistantChecks | None" = None) -> None:
    """Add the documents of ``inputs`` to ``workspace``. With ``checks``, the assistants of
    each file are checked as they are read and then let go (``flowlint.streamed``)."""
    resolver = ToolResolver(workspace.tool_inventory)
    stand_ins = StandInIds()  # request bodies' stand-in ids, unique across the run
    with gc_paused():
        for item in _each_file(inputs):
            try:
                sources = to_sources(item, stream=checks is not None)
            except InputError as exc:
                workspace.errors.append(str(exc))
                continue
            workspace.documents.extend(build_document(source, resolver, provider, stand_ins, checks)
                                       for source in sources)


def path_exists(path: str) -> bool:
    return path == "-" or os.path.exists(path)
