"""JSON pointers (RFC 6901) and where the values they name start in the source text.

Positions are computed lazily, only for the pointers that end up in a report, in one
ordered walk over the text: the containers on the way to a wanted value are read key by
key, and every sibling in between is skipped with the C scanner of the ``json`` module.
A clean file therefore costs nothing here, and a file with findings costs at most one more
C-speed pass over the part of the text that holds them.
"""
from __future__ import annotations

import bisect
import json
import re
import sys
from json.decoder import scanstring
from typing import Iterable

_WHITESPACE = re.compile(r"[ \t\n\r]*").match
_NEXT_ITEM = re.compile(r"[ \t\n\r]*,[ \t\n\r]*").match  # from a value to the next item
# A member key without escapes (the text parsed, so it holds no raw control character),
# its colon and the whitespace up to its value.
_SIMPLE_KEY = re.compile(r'"([^"\\]*)"[ \t\n\r]*:[ \t\n\r]*').match
_SCAN_ONCE = json.JSONDecoder().scan_once
_MAX_DEPTH = 256  # deeper pointers are located at their ancestor at this depth


def escape_token(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def unescape_token(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def join_pointer(pointer: str, *tokens: object) -> str:
    return pointer + "".join("/" + escape_token(str(t)) for t in tokens)


def split_pointer(pointer: str) -> list[str]:
    if not pointer:
        return []
    return [unescape_token(t) for t in pointer[1:].split("/")]


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of ``offset`` in ``text``."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - text.rfind("\n", 0, offset)


class _Trie:
    __slots__ = ("children", "pointer")

    def __init__(self) -> None:
        self.children: dict[str, _Trie] = {}
        self.pointer: str | None = None


class _Done(Exception):
    pass


class PositionIndex:
    """Maps pointers of one source to (line, column); (0, 0) when unknown."""

    def __init__(self, text: str | None, anchors: dict[str, int] | None = None,
                 unique_keys: bool = False) -> None:
        self._text = text
        # True when parsing saw no key repeated in any object: then the first value found at
        # a pointer is final, and a walk may stop at the last one wanted.
        self.unique_keys = unique_keys
        # Offsets of some values known from parsing (the assistants of an import response):
        # a pointer below one is located by walking that value only.
        self._anchors = anchors if anchors is not None else {}
        self._fixed: tuple[int, int] | None = None
        self._cache: dict[str, tuple[int, int]] = {}

    @classmethod
    def fixed(cls, line: int, column: int) -> "PositionIndex":
        """An index for a file that did not parse: every finding sits at the error."""
        index = cls(None)
        index._fixed = (line, column)
        return index

    def resolve(self, pointers: Iterable[str]) -> dict[str, tuple[int, int]]:
        wanted = {p for p in pointers if p not in self._cache}
        if wanted:
            self._cache.update(self._locate(wanted))
        return self._cache

    def resolve_within(self, pointers: Iterable[str], anchors: set[str]) -> dict[str, tuple[int, int]]:
        """The positions of those ``pointers`` that lie in the anchored values ``anchors``
        (a worker's assistants: ``flowlint.parallel``), for ``remember`` in another process."""
        inside = {p for p in pointers if self._anchor_of(p) in anchors}
        return {p: position for p, position in self.resolve(inside).items() if p in inside}

    def remember(self, positions: dict[str, tuple[int, int]], lines: Iterable[tuple[int, int]] = ()) -> None:
        """Take positions (and ``line_marks``) another process of the run found."""
        self._cache.update(positions)

    def line_marks(self) -> list[tuple[int, int]]:
        """``(offset, line)`` pairs learnt while locating, for ``remember`` elsewhere."""
        return []

    def position(self, pointer: str) -> tuple[int, int]:
        return self.resolve((pointer,)).get(pointer, (0, 0))

    def _locate(self, pointers: set[str]) -> dict[str, tuple[int, int]]:
        if self._fixed is not None:
            return dict.fromkeys(pointers, self._fixed)
        if self._text is None:
            return dict.fromkeys(pointers, (0, 0))
        groups: dict[str, set[str]] = {}
        for pointer in pointers:
            groups.setdefault(self._anchor_of(pointer), set()).add(pointer)
        offsets: dict[str, int] = {}
        for anchor, group in groups.items():
            start = self._anchors[anchor] if anchor else _WHITESPACE(self._text, 0).end()
            self._walk(self._text, start, len(split_pointer(anchor)), group, offsets)
        return _offsets_to_positions(self._text, offsets, pointers)

    def _anchor_of(self, pointer: str) -> str:
        """The deepest anchored ancestor of ``pointer`` (or itself), or "" for the root."""
        for depth in (2, 1):
            parts = pointer.split("/", depth + 1)
            prefix = "/".join(parts[:depth + 1])
            if len(parts) > depth and prefix in self._anchors:
                return prefix
        return ""

    def _walk(self, text: str, start: int, skip: int, pointers: set[str], offsets: dict[str, int]) -> None:
        root = _Trie()
        for pointer in pointers:
            node = root
            for token in split_pointer(pointer)[skip:_MAX_DEPTH]:
                node = node.children.setdefault(token, _Trie())
            # Several pointers may share a trie node when truncated; keep each of them.
            node.pointer = node.pointer + "\0" + pointer if node.pointer else pointer
        walker = _Walker(text, offsets, len(pointers), self.unique_keys)
        try:
            walker.walk(start, root)
        except _Done:
            pass
        except (ValueError, IndexError, StopIteration, RecursionError):
            pass  # the text parsed before; anything odd here only costs positions


class SlicedPositions(PositionIndex):
    """Positions in a file kept as UTF-8 bytes, whose elements' byte ranges are known
    (``bytestream.ByteStream.extents``): only the elements that hold a wanted pointer are
    decoded and walked, and their lines are counted from the bytes before them. A pointer
    outside every element decodes the whole file once."""

    def __init__(self, data: bytes, extents: dict[str, tuple[int, int]], unique_keys: bool = True) -> None:
        super().__init__(None, extents, unique_keys)  # type: ignore[arg-type]  # read for membership only
        self._data, self._extents = data, extents
        self._whole: PositionIndex | None = None
        # The line of some byte offsets, sorted (the elements located so far): lines are
        # counted from the nearest one before, not from the start of the file each time.
        self._marks: list[tuple[int, int]] = [(0, 1)]

    def remember(self, positions: dict[str, tuple[int, int]], lines: Iterable[tuple[int, int]] = ()) -> None:
        super().remember(positions)
        self._marks = sorted({*self._marks, *lines})

    def line_marks(self) -> list[tuple[int, int]]:
        return list(self._marks)

    def _line_at(self, offset: int) -> int:
        marks = self._marks
        at = bisect.bisect_right(marks, (offset, sys.maxsize)) - 1  # the last mark at or before
        known, line = marks[at]
        line += self._data.count(b"\n", known, offset)
        if known != offset:
            marks.insert(at + 1, (offset, line))
        return line

    def _locate(self, pointers: set[str]) -> dict[str, tuple[int, int]]:
        groups: dict[str, set[str]] = {}
        for pointer in pointers:
            groups.setdefault(self._anchor_of(pointer), set()).add(pointer)
        result = self._locate_outside(groups.pop("")) if "" in groups else {}
        data = self._data
        for anchor in sorted(groups, key=lambda a: self._extents[a][0]):
            start, end = self._extents[anchor]
            line = self._line_at(start)
            # Characters before the element on its line (its indentation, in practice).
            column = len(data[data.rfind(b"\n", 0, start) + 1:start].decode("utf-8", "replace"))
            text = data[start:end].decode("utf-8")
            offsets: dict[str, int] = {}
            self._walk(text, 0, len(split_pointer(anchor)), groups[anchor], offsets)
            for pointer, (inner_line, inner_column) in _offsets_to_positions(text, offsets, groups[anchor]).items():
                if inner_line:
                    result[pointer] = (line + inner_line - 1, inner_column + (column if inner_line == 1 else 0))
                else:
                    result[pointer] = (0, 0)
        return result

    def _locate_outside(self, pointers: set[str]) -> dict[str, tuple[int, int]]:
        if self._whole is None:
            self._whole = PositionIndex(self._data.decode("utf-8"), None, self.unique_keys)
        return self._whole._locate(pointers)


def _offsets_to_positions(text: str, offsets: dict[str, int],
                          pointers: set[str]) -> dict[str, tuple[int, int]]:
    result = dict.fromkeys(pointers, (0, 0))
    line, last_offset, last_newline = 1, 0, -1
    for pointer, offset in sorted(offsets.items(), key=lambda item: item[1]):
        line += text.count("\n", last_offset, offset)
        newline = text.rfind("\n", last_offset, offset)
        if newline >= 0:
            last_newline = newline
        last_offset = offset
        result[pointer] = (line, offset - last_newline)
    return result


class _Walker:
    def __init__(self, text: str, offsets: dict[str, int], wanted: int, stop_early: bool) -> None:
        self.text = text
        self.offsets = offsets
        self.remaining = wanted
        self.stop_early = stop_early

    def walk(self, index: int, node: _Trie) -> int:
        """Record ``node``'s pointers at ``index`` and return the end of the value there."""
        if node.pointer is not None:
            for pointer in node.pointer.split("\0"):
                if pointer not in self.offsets:
                    self.remaining -= 1
                self.offsets[pointer] = index
            if self.remaining <= 0 and self.stop_early:
                raise _Done  # no key repeats in the text: nothing found can be overwritten
        if not node.children:
            return _SCAN_ONCE(self.text, index)[1]
        char = self.text[index]
        if char == "{":
            return self._walk_object(index, node)
        if char == "[":
            return self._walk_array(index, node)
        return _SCAN_ONCE(self.text, index)[1]

    def _walk_object(self, index: int, node: _Trie) -> int:
        text = self.text
        children = node.children
        index = _WHITESPACE(text, index + 1).end()
        if text[index] == "}":
            return self._close(index)
        while True:
            simple = _SIMPLE_KEY(text, index)  # one C call for a key without escapes and its colon
            if simple is not None:
                key, index = simple.group(1), simple.end()
            else:
                key, index = scanstring(text, index + 1)
                index = _WHITESPACE(text, _WHITESPACE(text, index).end() + 1).end()
            child = children.get(key)
            # Later duplicates of a key overwrite earlier ones, as the parsed value does.
            index = self.walk(index, child) if child else _SCAN_ONCE(text, index)[1]
            separator = _NEXT_ITEM(text, index)
            if separator is None:  # the text parsed: the object ends here
                return self._close(_WHITESPACE(text, index).end())
            index = separator.end()

    def _close(self, index: int) -> int:
        """End of a container on the way; stop the walk once every pointer is found.

        Stopping only at a container's end (not at the wanted value itself) lets a later
        duplicate of a key in the same object overwrite the earlier one, as parsing does.
        """
        if self.remaining <= 0:
            raise _Done
        return index + 1

    def _walk_array(self, index: int, node: _Trie) -> int:
        text = self.text
        # Tokens that name an index as str(int) does ("01" names no element).
        wanted = {int(token): child for token, child in node.children.items()
                  if token.isascii() and token.isdigit() and str(int(token)) == token}
        index = _WHITESPACE(text, index + 1).end()
        if text[index] == "]":
            return self._close(index)
        position = 0
        while True:
            child = wanted.get(position)
            index = self.walk(index, child) if child else _SCAN_ONCE(text, index)[1]
            separator = _NEXT_ITEM(text, index)
            if separator is None:  # the text parsed: the array ends here
                return self._close(_WHITESPACE(text, index).end())
            index = separator.end()
            position += 1
