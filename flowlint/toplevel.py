"""The top level of a JSON document read element by element: ``[...]`` or ``{"data": [...]}``.

Reading the top level by hand records where each element (each assistant) starts for
free, and lets each element be parsed on its own: in Rust where its extent can be seen in
the layout (``fast_element``), else with the C scanner. ``TopLevel.parse`` builds the whole
value; ``Stream`` hands the elements of the array out one at a time, so that a caller can
check an assistant and let it go before the next is read. Anything irregular raises, and
the caller falls back to one plain parse, which raises the exact error.
"""
from __future__ import annotations

import functools
import re
from json.decoder import scanstring
from typing import Any, AnyStr, Callable, Iterator

import jiter

WHITESPACE = re.compile(r"[ \t\n\r]*").match


class Irregular(ValueError):
    """The top level is not the common shape: let the plain parser read (or reject) it."""


DUPLICATE_KEYS = ("duplicate keys", -1)  # the guess was right; the C scanner reports them


def guessed_end(text: AnyStr, index: int) -> int | None:
    """Where the object starting a line at ``index`` ends in an indented file: past the first
    later line holding only its indentation and ``}`` (a raw newline cannot occur inside a
    JSON string). None when it does not start a line or no such line follows. A guess only:
    it is proven when the slice parses whole, since a JSON object ends only at the brace
    matching its first. For decoded text and for bytes (``bytestream``) alike."""
    newline, brace, blanks = ("\n", "{", " \t") if isinstance(text, str) else (b"\n", b"{", b" \t")
    indentation = text[text.rfind(newline, 0, index) + 1:index]  # type: ignore[arg-type]
    if text[index:index + 1] != brace or indentation.strip(blanks):  # type: ignore[arg-type]
        return None
    closing = _closing_line(indentation).search(text, index)
    return None if closing is None else closing.end()


def fast_element(text: str, index: int) -> tuple[Any, int] | None:
    """The object at ``index`` and its end, parsed by jiter (Rust), or None to use the C scanner.

    In an indented file (``json.dumps(indent=...)``, what the API and ``flowlint pull``
    write) the element's end is seen in the layout (``guessed_end``). jiter refuses
    everything the plain parser would report or read differently (duplicate keys, NaN, lone
    surrogates, deep nesting, raw controls), and then the C scanner reads the element as
    before, with its duplicate-key hook.
    """
    end = guessed_end(text, index)
    if end is None:
        return None
    try:
        value = jiter.from_json(text[index:end].encode("utf-8", "surrogatepass"), allow_inf_nan=False,
                                catch_duplicate_keys=True)
    except ValueError as exc:
        return DUPLICATE_KEYS if str(exc).startswith("Detected duplicate key") else None
    return value, end


@functools.lru_cache(maxsize=32)
def _closing_line(indentation: AnyStr) -> "re.Pattern[AnyStr]":
    # A compiled literal searches several times faster than str.find for this needle.
    newline, brace = ("\n", "}") if isinstance(indentation, str) else (b"\n", b"}")
    return re.compile(re.escape(newline + indentation + brace))  # type: ignore[operator]


class TopLevel:
    def __init__(self, text: str, scan_once: Any, pairs_to_dict: Callable[[list], dict],
                 anchors: dict[str, int]) -> None:
        self.text, self.scan_once, self.pairs_to_dict, self.anchors = text, scan_once, pairs_to_dict, anchors
        # One wrong guess turns the fast path off for the document: a layout it does not
        # fit must not cost a wasted parse (and a copy of the rest of the text) per element.
        self.fast = True

    def element(self, index: int) -> tuple[Any, int]:
        if self.fast:
            parsed = fast_element(self.text, index)
            if parsed is not None and parsed is not DUPLICATE_KEYS:
                return parsed
            self.fast = parsed is DUPLICATE_KEYS
        return self.scan_once(self.text, index)

    def parse(self) -> Any:
        text = self.text
        index = WHITESPACE(text, 0).end()
        opening = text[index:index + 1]
        if opening == "[":
            value, index = self.array(index, "")
        elif opening == "{":
            pairs, index = self.members(index, self.array)
            value = self.pairs_to_dict(pairs)
        else:
            raise Irregular
        self.expect_end(index)
        return value

    def expect_end(self, index: int) -> None:
        if WHITESPACE(self.text, index).end() != len(self.text):
            raise Irregular

    def array(self, index: int, pointer: str) -> tuple[list, int]:
        items: list = []
        elements = self.elements(index, pointer, items)
        for _ in elements:
            pass
        return items, self.end

    def elements(self, index: int, pointer: str, items: list) -> Iterator[Any]:
        """Each element of the array at ``index``, appended to ``items`` and then yielded;
        ``self.end`` is where the array ends once it is exhausted."""
        text, anchors = self.text, self.anchors
        index = WHITESPACE(text, index + 1).end()
        if text[index] == "]":
            self.end = index + 1
            return
        while True:
            anchors[f"{pointer}/{len(items)}"] = index
            try:
                item, index = self.element(index)
            except StopIteration:  # the C scanner's "no value here", which a generator may not raise
                raise Irregular from None
            items.append(item)
            yield item
            index = WHITESPACE(text, index).end()
            if text[index] == "]":
                self.end = index + 1
                return
            if text[index] != ",":
                raise Irregular
            index = WHITESPACE(text, index + 1).end()

    def members(self, index: int, data: Callable[[int, str], tuple[Any, int]]) -> tuple[list, int]:
        """The ``(key, value)`` pairs of the object at ``index``, reading its first ``"data"``
        array with ``data``, and the offset past its closing brace."""
        text = self.text
        index = WHITESPACE(text, index + 1).end()
        if text[index] == "}":
            return [], index + 1
        return self.member_list(index, [], data)

    def member_list(self, index: int, pairs: list,
                    data: Callable[[int, str], tuple[Any, int]] | None) -> tuple[list, int]:
        """Members from the key at ``index`` to the closing brace, added to ``pairs``; the
        offset past the brace. Without ``data``, a second ``"data"`` is irregular."""
        text = self.text
        while True:
            if text[index] != '"':
                raise Irregular
            key, index = scanstring(text, index + 1)
            index = WHITESPACE(text, index).end()
            if text[index] != ":":
                raise Irregular
            index = WHITESPACE(text, index + 1).end()
            if key == "data" and data is None:
                raise Irregular  # "data" again after the streamed array: only the plain walk is exact
            if key == "data" and text[index] == "[" and not any(k == "data" for k, _ in pairs):
                value, index = data(index, "/data")
            else:
                if key == "data":
                    self.anchors.clear()  # a repeated "data": only the plain walk is exact
                value, index = self.scan_once(text, index)
            pairs.append((key, value))
            index = WHITESPACE(text, index).end()
            if text[index] == "}":
                return pairs, index + 1
            if text[index] != ",":
                raise Irregular
            index = WHITESPACE(text, index + 1).end()


_DATA_FIRST = re.compile(r'\{[ \t\n\r]*"data"[ \t\n\r]*:[ \t\n\r]*\[').match


class Stream:
    """The elements of the top-level array, or of the ``"data"`` array that opens a
    top-level object, one at a time. ``root`` is the value read so far (its array holds the
    elements read so far), ``pointer`` the array's; ``finish`` reads the rest and returns
    the whole value. Any other top level is Irregular: it is read whole."""

    def __init__(self, top: TopLevel) -> None:
        self.top = top
        text = top.text
        index = WHITESPACE(text, 0).end()
        self.items: list = []
        if text[index:index + 1] == "[":
            self.root: Any = self.items
            self.pointer = ""
        else:
            opening = _DATA_FIRST(text, index)
            if opening is None:
                raise Irregular  # an assistant, a flow, an envelope with "data" later: read whole
            self.root = {"data": self.items}
            self.pointer = "/data"
            index = opening.end() - 1
        self.start = index

    def __iter__(self) -> Iterator[Any]:
        return self.top.elements(self.start, self.pointer, self.items)

    def finish(self) -> Any:
        """The whole value, once every element was read; raises Irregular on anything that
        follows which only the plain parse reads exactly (a second "data", say)."""
        top = self.top
        if self.pointer == "":
            top.expect_end(top.end)
            return self.root
        text, index = top.text, WHITESPACE(top.text, top.end).end()
        pairs: list = [("data", self.items)]
        if text[index] == ",":
            pairs, index = top.member_list(WHITESPACE(text, index + 1).end(), pairs, None)
        elif text[index] == "}":
            index += 1
        else:
            raise Irregular
        top.expect_end(index)
        return top.pairs_to_dict(pairs)
