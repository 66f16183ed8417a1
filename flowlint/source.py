"""Reading inputs: files, folders, stdin, strings and in-memory objects, parsed once.

Everything that can go wrong with the bytes themselves (not UTF-8, not JSON, nested too
deeply, duplicate keys) becomes a finding here, with the position of the problem, so the
rest of the pipeline only ever sees parsed JSON values.
"""
from __future__ import annotations

import functools
import json
from json.decoder import scanstring
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

import jiter

from .diagnostics import Finding
from .positions import PositionIndex, join_pointer, line_col

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


def read_path(path: str) -> Source:
    """Read and parse one file (or stdin for ``-``); raise InputError when it cannot be read."""
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
    text = _decode_bytes(data, source)
    del data  # the bytes are not needed past here: do not hold both copies while parsing
    return source if text is None else parse_text(text, name, source)


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


def _decode(text: str) -> tuple[Any, list[tuple[dict, list]], dict[str, int]]:
    """The parsed value, the objects with repeated keys, and where each assistant starts.

    The top level (an array, or an object with a ``data`` array) is read element by element,
    which records each element's offset for free; positions inside an assistant are then
    found by walking that assistant only. Each element is parsed in Rust where its extent
    can be seen in the layout (``_fast_element``), else with the C scanner. Any
    irregularity falls back to one plain parse, which raises the exact error.
    """
    duplicates: list[tuple[dict, list]] = []

    def pairs_to_dict(pairs: list) -> dict:
        obj = dict(pairs)
        if len(obj) != len(pairs):
            duplicates.append((obj, pairs))
        return obj

    decoder = json.JSONDecoder(object_pairs_hook=pairs_to_dict, parse_constant=_reject_constant)
    anchors: dict[str, int] = {}
    try:
        return _TopLevel(text, decoder.scan_once, pairs_to_dict, anchors).parse(), duplicates, anchors
    except (ValueError, IndexError, StopIteration, RecursionError):
        duplicates.clear()
    return decoder.decode(text), duplicates, {}


class _Irregular(ValueError):
    """The top level is not the common shape: let the plain parser read (or reject) it."""


def _fast_element(text: str, index: int) -> tuple[Any, int] | None:
    """The object at ``index`` and its end, parsed by jiter (Rust), or None to use the C scanner.

    In an indented file (``json.dumps(indent=...)``, what the API and ``flowlint pull``
    write) an element that starts a line ends at the first later line holding only its own
    indentation and ``}``: a raw newline cannot occur inside a JSON string. That guess is
    exact whenever jiter parses the slice completely, since a JSON object ends only at the
    brace matching its first. jiter refuses everything the plain parser would report or
    read differently (duplicate keys, NaN, lone surrogates, deep nesting, raw controls), and
    then the C scanner reads the element as before, with its duplicate-key hook.
    """
    line_start = text.rfind("\n", 0, index) + 1
    indentation = text[line_start:index]
    if text[index] != "{" or indentation.strip(" \t"):
        return None
    closing = _closing_line(indentation).search(text, index)
    if closing is None:
        return None
    end = closing.end()
    try:
        value = jiter.from_json(text[index:end].encode("utf-8", "surrogatepass"), allow_inf_nan=False,
                                catch_duplicate_keys=True)
    except ValueError as exc:
        return _DUPLICATE_KEYS if str(exc).startswith("Detected duplicate key") else None
    return value, end


_DUPLICATE_KEYS = ("duplicate keys", -1)  # the guess was right; the C scanner reports them


@functools.lru_cache(maxsize=16)
def _closing_line(indentation: str) -> re.Pattern:
    # A compiled literal searches several times faster than str.find for this needle.
    return re.compile(re.escape("\n" + indentation + "}"))


class _TopLevel:
    def __init__(self, text: str, scan_once: Any, pairs_to_dict: Any, anchors: dict[str, int]) -> None:
        self.text, self.scan_once, self.pairs_to_dict, self.anchors = text, scan_once, pairs_to_dict, anchors
        # One wrong guess turns the fast path off for the document: a layout it does not
        # fit must not cost a wasted parse (and a copy of the rest of the text) per element.
        self.fast = True

    def _element(self, index: int) -> tuple[Any, int]:
        if self.fast:
            parsed = _fast_element(self.text, index)
            if parsed is not None and parsed is not _DUPLICATE_KEYS:
                return parsed
            self.fast = parsed is _DUPLICATE_KEYS
        return self.scan_once(self.text, index)

    def parse(self) -> Any:
        text = self.text
        index = _WHITESPACE(text, 0).end()
        opening = text[index:index + 1]
        if opening == "[":
            value, index = self._array(index, "")
        elif opening == "{":
            value, index = self._object(index)
        else:
            raise _Irregular
        if _WHITESPACE(text, index).end() != len(text):
            raise _Irregular
        return value

    def _array(self, index: int, pointer: str) -> tuple[list, int]:
        text, anchors = self.text, self.anchors
        items: list = []
        index = _WHITESPACE(text, index + 1).end()
        if text[index] == "]":
            return items, index + 1
        while True:
            anchors[f"{pointer}/{len(items)}"] = index
            item, index = self._element(index)
            items.append(item)
            index = _WHITESPACE(text, index).end()
            if text[index] == "]":
                return items, index + 1
            if text[index] != ",":
                raise _Irregular
            index = _WHITESPACE(text, index + 1).end()

    def _object(self, index: int) -> tuple[dict, int]:
        text = self.text
        pairs: list = []
        index = _WHITESPACE(text, index + 1).end()
        if text[index] == "}":
            return self.pairs_to_dict(pairs), index + 1
        while True:
            if text[index] != '"':
                raise _Irregular
            key, index = scanstring(text, index + 1)
            index = _WHITESPACE(text, index).end()
            if text[index] != ":":
                raise _Irregular
            index = _WHITESPACE(text, index + 1).end()
            if key == "data" and text[index] == "[" and not any(k == "data" for k, _ in pairs):
                value, index = self._array(index, "/data")
            else:
                if key == "data":
                    self.anchors.clear()  # a repeated "data": only the plain walk is exact
                value, index = self.scan_once(text, index)
            pairs.append((key, value))
            index = _WHITESPACE(text, index).end()
            if text[index] == "}":
                return self.pairs_to_dict(pairs), index + 1
            if text[index] != ",":
                raise _Irregular
            index = _WHITESPACE(text, index + 1).end()


_WHITESPACE = re.compile(r"[ \t\n\r]*").match


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
