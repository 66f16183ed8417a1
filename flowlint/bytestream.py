"""The assistants of a top-level array read straight from the file's bytes.

``source.open_stream`` reads the elements from the decoded text. Decoding a large file
costs a fresh copy of it (on a VM, page faults as much as the decoding), and handing each
element to jiter then costs its re-encoding. ``ByteStream`` skips both for the layout the
API and ``flowlint pull`` write (indented JSON): each assistant's extent is found in the
bytes (see ``toplevel.guessed_end``), its slice is parsed by jiter, and the file is never
decoded unless a position is wanted. Every element must parse that way; anything else
raises ``Irregular`` and the text reading takes over, which reports the exact problem.
"""
from __future__ import annotations

import re
from typing import Any, Callable, Iterator

import jiter

from .toplevel import Irregular, TopLevel, WHITESPACE, guessed_end

_SPACE = re.compile(rb"[ \t\n\r]*")
_DATA_FIRST = re.compile(rb'\{[ \t\n\r]*"data"[ \t\n\r]*:[ \t\n\r]*\[').match


def _skip_space(data: bytes, index: int) -> int:
    """The offset of the first non-whitespace byte from ``index`` on."""
    return _SPACE.match(data, index).end()  # type: ignore[union-attr]  # "*" always matches


def element_end(data: bytes, index: int) -> int:
    """Where the object starting a line at ``index`` ends (``toplevel.guessed_end``, not yet
    proven), or Irregular."""
    end = guessed_end(data, index)
    if end is None:
        raise Irregular
    return end


def parse_range(data: bytes, start: int, end: int) -> Any:
    """The value of ``data[start:end]``, which must be one whole JSON value, or Irregular."""
    try:
        return jiter.from_json(data[start:end], allow_inf_nan=False, catch_duplicate_keys=True)
    except ValueError:
        raise Irregular from None


def parse_element(data: bytes, index: int) -> tuple[Any, int]:
    """The object starting a line at ``index`` and the offset past it, or Irregular: its end
    is guessed from the layout and proven by jiter parsing the slice whole. jiter refuses
    all the standard parser reports or reads differently (duplicate keys, NaN, lone
    surrogates, invalid UTF-8, deep nesting, raw control characters)."""
    end = element_end(data, index)
    return parse_range(data, index, end), end


class ByteStream:
    """The elements of the top-level array (or of the ``"data"`` array that opens a
    top-level object), parsed from ``data`` one at a time; the same interface as
    ``toplevel.Stream``. ``extents`` maps each element's pointer to its byte range.

    The first element is parsed at once, so that a layout this reading does not fit is
    known before anything was handed out (the text reading then streams it instead)."""

    def __init__(self, data: bytes, scan_once: Any, pairs_to_dict: Callable[[list], dict]) -> None:
        self.data, self.scan_once, self.pairs_to_dict = data, scan_once, pairs_to_dict
        index = _skip_space(data, 0)
        self.items: list = []
        if data[index:index + 1] == b"[":
            self.root: Any = self.items
            self.pointer = ""
        else:
            opening = _DATA_FIRST(data, index)
            if opening is None:
                raise Irregular
            self.root = {"data": self.items}
            self.pointer = "/data"
            index = opening.end() - 1
        self.extents: dict[str, tuple[int, int]] = {}
        index = _skip_space(data, index + 1)
        self.first = None if data[index:index + 1] == b"]" else (index, *parse_element(data, index))
        self.next = index

    def __iter__(self) -> Iterator[Any]:
        if self.first is None:
            self.end = self.next + 1
            return
        first = self.first[1]
        for index, (start, end) in enumerate(self._ranges()):
            value = first if index == 0 else parse_range(self.data, start, end)
            self.first = None
            self.extents[f"{self.pointer}/{index}"] = (start, end)
            self.items.append(value)
            yield value

    def split(self) -> list[tuple[int, int]] | None:
        """The byte range of every element, as the iteration would find them, without
        parsing any (each range is proven when ``parse_range`` parses it); None when the
        layout does not allow it (the iteration then says why). Call before iterating."""
        if self.first is None:
            return None
        try:
            return list(self._ranges())
        except (Irregular, IndexError):
            return None

    def _ranges(self) -> Iterator[tuple[int, int]]:
        """Each element's byte range in turn, the first one's already parsed; ``end`` is set
        past the array once its last element was handed out."""
        assert self.first is not None
        data = self.data
        start, _, index = self.first
        yield start, index
        while True:
            index = _skip_space(data, index)
            separator = data[index:index + 1]
            if separator == b"]":
                self.end = index + 1
                return
            if separator != b",":
                raise Irregular
            start = _skip_space(data, index + 1)
            index = element_end(data, start)
            yield start, index

    def take(self, ranges: list[tuple[int, int]]) -> Any:
        """Record the elements of ``split`` as read (each left as None, its value handed out
        by whoever parses its range), so that ``finish`` and the positions know them; the
        value of the first element (parsed already)."""
        assert self.first is not None
        first, self.first = self.first[1], None
        self.items.extend([first] + [None] * (len(ranges) - 1))
        for index, extent in enumerate(ranges):
            self.extents[f"{self.pointer}/{index}"] = extent
        return first

    def finish(self) -> Any:
        """The whole value once every element was read: what follows the array is decoded
        (it is small) and read as ``toplevel.Stream.finish`` reads it."""
        try:
            tail = self.data[self.end:].decode("utf-8")
        except UnicodeDecodeError:
            raise Irregular from None
        top = TopLevel(tail, self.scan_once, self.pairs_to_dict, {})
        if self.pointer == "":
            top.expect_end(0)
            return self.root
        index = WHITESPACE(tail, 0).end()  # type: ignore[union-attr]
        pairs: list = [("data", self.items)]
        if tail[index:index + 1] == ",":
            pairs, index = top.member_list(WHITESPACE(tail, index + 1).end(), pairs, None)  # type: ignore[union-attr]
        elif tail[index:index + 1] == "}":
            index += 1
        else:
            raise Irregular
        top.expect_end(index)
        return self.pairs_to_dict(pairs)


__all__ = ["ByteStream", "element_end", "parse_element", "parse_range"]
