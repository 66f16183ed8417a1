"""Reading inputs: files, folders, stdin, strings and in-memory objects, parsed once.

Everything that can go wrong with the bytes themselves (not UTF-8, not JSON, nested too
deeply, duplicate keys) becomes a finding here, with the position of the problem, so the
rest of the pipeline only ever sees parsed JSON values.
"""
from __future__ import annotations

import json
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from .diagnostics import Finding
from .bytestream import ByteStream
from .positions import PositionIndex, SlicedPositions, join_pointer, line_col
from .toplevel import Irregular, Stream, TopLevel

STDIN = "-"
_BOMS_UTF16_32 = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff", b"\xff\xfe", b"\xfe\xff")
_UTF8_BOM = b"\xef\xbb\xbf"


class InputError(Exception):
    """A path that cannot be read at all (missing, unreadable): exit code 2, not a finding."""


@dataclass
class Source:
    """One input: where it came from and, for text inputs, its decoded text."""

    name: str
    text: str | None = None
    value: Any = None
    parsed: bool = False
    problems: list[tuple[str, Finding]] = field(default_factory=list)
    positions: PositionIndex | None = None
    # Set by ``read_path(stream=True)``: the assistants are read one at a time from it
    # (``Elements``), and ``value`` holds only those read so far.
    stream: "Elements | None" = None
    # The file's bytes, kept instead of ``text`` while its assistants are read from them.
    data: bytes | None = None

    def problem(self, code: str, message: str, pointer: str = "", **ids: Any) -> None:
        self.problems.append((code, Finding(message, pointer, document=self, **ids)))


def iter_paths(paths: Iterable[str]) -> Iterator[str]:
    """Expand folders into their ``*.json`` files (recursively, sorted); keep files and ``-``."""
    for path in paths:
        if path != STDIN and os.path.isdir(path):
            found = sorted(str(p) for p in Path(path).rglob("*.json") if not p.is_dir())
            yield from found
        else:
            yield path


def read_path(path: str, stream: bool = False) -> Source:
    """Read and parse one file (or stdin for ``-``); raise InputError when it cannot be read.
    With ``stream``, a top-level array of objects is left for ``source.stream`` to read."""
    try:
        if path == STDIN:
            data = sys.stdin.buffer.read()
            name = "<stdin>"
        else:
            data = _read_file(path)
            name = path
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        raise InputError(f"{path}: cannot read: {reason}") from None
    source = Source(name)
    if stream and open_bytes(data, source):
        return source
    text = _decode_bytes(data, source)
    del data  # the bytes are not needed past here: do not hold both copies while parsing
    if text is None:
        return source
    return open_stream(text, name, source) if stream else parse_text(text, name, source)


_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


def _read_file(path: str) -> bytes:
    # Opened without blocking: a FIFO (say x.json in a linted folder) with no writer would
    # block open() forever; read afterwards, it is simply empty. <(...) still works.
    descriptor = os.open(path, os.O_RDONLY | _NONBLOCK | getattr(os, "O_BINARY", 0))
    with open(descriptor, "rb") as handle:
        if _NONBLOCK:
            os.set_blocking(descriptor, True)
        return handle.read()


def parse_bytes(data: bytes, name: str) -> Source:
    source = Source(name)
    text = _decode_bytes(data, source)
    return source if text is None else parse_text(text, name, source)


def _decode_bytes(data: bytes, source: Source) -> str | None:
    """The text of UTF-8 bytes, or None with an FL001 problem recorded on ``source``."""
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM):]  # RFC 8259 lets parsers ignore a BOM
    elif data.startswith(_BOMS_UTF16_32) or _utf16_or_32_without_bom(data[:4]):
        source.problem("FL001", "file is UTF-16 or UTF-32 encoded; JSON must be UTF-8")
        _at_start(source)
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        prefix = data[: exc.start].decode("utf-8", "replace")
        line, col = line_col(prefix, len(prefix))
        source.problem("FL001", f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x} at line {line}, column {col})")
        source.positions = PositionIndex.fixed(line, col)
        return None


# RFC 4627 section 3: JSON text starts with two ASCII characters, so the pattern of NUL
# bytes among the first four gives UTF-32BE, UTF-32LE, UTF-16BE and UTF-16LE away.
_WIDE_PATTERNS = {(True, True, True, False), (False, True, True, True),
                  (True, False, True, False), (False, True, False, True)}


def _utf16_or_32_without_bom(head: bytes) -> bool:
    return (len(head) == 4 and max(head) < 0x80
            and tuple(byte == 0 for byte in head) in _WIDE_PATTERNS)


def parse_text(text: str, name: str, source: Source | None = None) -> Source:
    source = source or Source(name)
    source.text = text
    try:
        source.value, duplicates, anchors = _decode(text)
    except json.JSONDecodeError as exc:
        source.problem("FL001", f"invalid JSON: {exc.msg}")
        source.positions = PositionIndex.fixed(exc.lineno, exc.colno)
        return source
    except RecursionError:
        offset = _first_deep_offset(text)
        source.problem("FL001", f"JSON is nested more than {MAX_NESTING} levels deep")
        source.positions = PositionIndex.fixed(*line_col(text, offset))
        return source
    except ValueError as exc:  # e.g. an integer longer than Python's digit limit
        offset, reason = _locate_bad_literal(text, str(exc))
        source.problem("FL001", f"invalid JSON: {reason}")
        source.positions = PositionIndex.fixed(*line_col(text, offset))
        return source
    source.parsed = True
    source.positions = PositionIndex(text, anchors, unique_keys=not duplicates)
    if duplicates:
        _report_duplicates(source, duplicates)
    return source


def from_object(value: Any, name: str = "<object>") -> Source:
    """Wrap an already-parsed value (no text, so no line and column)."""
    return Source(name, value=value, parsed=True, positions=PositionIndex(None))


# ---------------------------------------------------------------------------- decoding

MAX_NESTING = 512  # reported limit; Python's own parser stops near its recursion limit


class _BadConstant(ValueError):
    pass


def _reject_constant(name: str) -> Any:
    raise _BadConstant(f"{name} is not valid JSON")


# What the hand-written top-level reading raises on input only the plain parse reads exactly.
_READ_ERRORS = (ValueError, IndexError, StopIteration, RecursionError)


def _decoder(duplicates: list[tuple[dict, list]]) -> tuple[json.JSONDecoder, Callable[[list], dict]]:
    """The C decoder, recording every object with repeated keys in ``duplicates``."""
    def pairs_to_dict(pairs: list) -> dict:
        obj = dict(pairs)
        if len(obj) != len(pairs):
            duplicates.append((obj, pairs))
        return obj

    return json.JSONDecoder(object_pairs_hook=pairs_to_dict, parse_constant=_reject_constant), pairs_to_dict


def _decode(text: str) -> tuple[Any, list[tuple[dict, list]], dict[str, int]]:
    """The parsed value, the objects with repeated keys, and where each assistant starts.

    The top level (an array, or an object with a ``data`` array) is read element by element,
    which records each element's offset for free; positions inside an assistant are then
    found by walking that assistant only. Each element is parsed in Rust where its extent
    can be seen in the layout (``_fast_element``), else with the C scanner. Any
    irregularity falls back to one plain parse, which raises the exact error.
    """
    duplicates: list[tuple[dict, list]] = []
    decoder, pairs_to_dict = _decoder(duplicates)
    anchors: dict[str, int] = {}
    try:
        return TopLevel(text, decoder.scan_once, pairs_to_dict, anchors).parse(), duplicates, anchors
    except _READ_ERRORS:
        duplicates.clear()
    return decoder.decode(text), duplicates, {}


def open_stream(text: str, name: str, source: Source) -> Source:
    """``source`` with ``stream`` set when the top level is an array (or ``{"data": [...]}``)
    that can be read element by element, else parsed whole as by ``parse_text``."""
    duplicates: list[tuple[dict, list]] = []
    decoder, pairs_to_dict = _decoder(duplicates)
    anchors: dict[str, int] = {}
    try:
        stream = Stream(TopLevel(text, decoder.scan_once, pairs_to_dict, anchors))
    except _READ_ERRORS:
        return parse_text(text, name, source)
    source.text, source.value, source.parsed = text, stream.root, True
    source.positions = PositionIndex(text, anchors, unique_keys=True)
    source.stream = Elements(source, stream, duplicates)
    return source


def open_bytes(data: bytes, source: Source) -> bool:
    """Set ``source.stream`` to read the assistants from ``data`` itself (no decoded copy of
    the file) when its layout allows; False when the text must be read instead."""
    duplicates: list[tuple[dict, list]] = []
    decoder, pairs_to_dict = _decoder(duplicates)
    try:
        stream = ByteStream(data, decoder.scan_once, pairs_to_dict)
    except _READ_ERRORS:
        return False
    source.data, source.value, source.parsed = data, stream.root, True
    source.positions = SlicedPositions(data, stream.extents)
    source.stream = Elements(source, stream, duplicates)
    return True


class Elements:
    """The elements of a source's top-level array, read one at a time.

    Iterating yields each element once it is parsed (its repeated keys already reported as
    FL005); ``release`` lets an element go once it was checked; ``finish`` reads what
    follows the array. Anything the element-wise reading cannot read exactly raises
    ``Irregular``: the consumer then calls ``restart`` and reads the source whole."""

    def __init__(self, source: Source, stream: Stream | ByteStream, duplicates: list[tuple[dict, list]]) -> None:
        self.source, self.stream, self.duplicates = source, stream, duplicates
        self.pointer = stream.pointer  # "" for a top-level array, "/data" for an envelope
        self.repeated_keys = False

    def __iter__(self) -> Iterator[Any]:
        try:
            for item in self.stream:
                self._report_duplicates()
                yield item
        except _READ_ERRORS as exc:
            raise Irregular(str(exc)) from None

    def release(self, index: int) -> None:
        self.stream.items[index] = None

    def finish(self) -> None:
        try:
            self.source.value = self.stream.finish()
        except _READ_ERRORS as exc:
            raise Irregular(str(exc)) from None
        self._report_duplicates()
        assert self.source.positions is not None
        self.source.positions.unique_keys = not self.repeated_keys
        self.source.stream = None

    def restart(self) -> None:
        """Read the source whole, as if it had never been streamed."""
        source = self.source
        source.problems.clear()
        source.value, source.parsed, source.positions, source.stream = None, False, None, None
        if source.data is not None:
            source.text, source.data = _decode_bytes(source.data, source), None
            if source.text is None:
                return
        parse_text(source.text or "", source.name, source)

    def _report_duplicates(self) -> None:
        if self.duplicates:
            self.repeated_keys = True
            _report_duplicates(self.source, self.duplicates)
            self.duplicates.clear()


_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def _first_deep_offset(text: str) -> int:
    """Offset of the first bracket that opens a level deeper than MAX_NESTING."""
    depth = 0
    for match in _TOKENS.finditer(text):
        char = match.group()[0]
        if char in "[{":
            depth += 1
            if depth > MAX_NESTING:
                return match.start()
        elif char in "]}":
            depth -= 1
    return 0


_LITERAL = re.compile(r'"(?:[^"\\]|\\.)*"|(-?Infinity|NaN|-?\d{4000,})')


def _locate_bad_literal(text: str, reason: str) -> tuple[int, str]:
    for match in _LITERAL.finditer(text):
        if match.group(1):
            literal = match.group(1)
            if literal.lstrip("-")[0].isdigit():
                return match.start(1), f"number with {len(literal)} digits is too long"
            return match.start(1), f"{literal} is not valid JSON"
    return 0, reason


def _report_duplicates(source: Source, duplicates: list[tuple[dict, list]]) -> None:
    """Find where each object with repeated keys sits, and report every repeated key once."""
    wanted = {id(obj): pairs for obj, pairs in duplicates}
    for pointer, obj in _walk_objects(source.value, wanted):
        seen: set[str] = set()
        reported: set[str] = set()
        for key, _ in wanted[id(obj)]:
            if key in seen and key not in reported:
                reported.add(key)
                count = sum(1 for k, _ in wanted[id(obj)] if k == key)
                source.problem(
                    "FL005",
                    f'key "{key}" appears {count} times in one object; the last value is used',
                    join_pointer(pointer, key),
                    key=join_pointer(pointer, key),
                    **_ids_of(source.value, pointer),
                )
            seen.add(key)


def _walk_objects(root: Any, wanted: dict[int, Any]) -> Iterator[tuple[str, dict]]:
    """Yield (pointer, object) for the objects in ``wanted``, iteratively (no recursion)."""
    remaining = len(wanted)
    stack: list[tuple[str, Any]] = [("", root)]
    while stack and remaining:
        pointer, value = stack.pop()
        if isinstance(value, dict):
            if id(value) in wanted:
                remaining -= 1
                yield pointer, value
            stack.extend((join_pointer(pointer, k), v) for k, v in value.items()
                         if isinstance(v, (dict, list)))
        elif isinstance(value, list):
            stack.extend((f"{pointer}/{i}", v) for i, v in enumerate(value)
                         if isinstance(v, (dict, list)))


def _ids_of(root: Any, pointer: str) -> dict[str, str]:
    """The assistant, node and edge ids of the objects enclosing ``pointer``, where readable."""
    from .documents import enclosing_ids  # local: documents imports this module

    return enclosing_ids(root, pointer)


def _at_start(source: Source) -> Source:
    source.positions = PositionIndex.fixed(1, 1)
    return source
