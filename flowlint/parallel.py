"""Checking the assistants of one large file in several processes (``check --jobs``).

Most of ``flowlint check``'s time on an account export goes to work that needs nothing
from the other assistants: parsing each one, validating it, and running its own rules. A
file read from its bytes (``bytestream.ByteStream``) is cut into contiguous runs of
assistants, balanced by size; forked workers check every run but the first while this
process checks the first. Each worker sends back, in order, what the serial reading keeps
of its assistants: their slimmed entries (``streamed.keep_run_facts``), their findings,
their reading problems and any rule crash. Merged in run order, they are what the serial
reading gives, so the report is the same byte for byte.

A worker that meets what the serial reading treats specially sends nothing and this
process checks that run itself: a request body (its stand-in id comes from a counter of
the whole run), an element that does not parse (the serial reading then gives up on the
element reading, as always), or any error of its own.
"""
from __future__ import annotations

import dataclasses
import operator
import os
import threading
from typing import TYPE_CHECKING, Any, Callable, NamedTuple, Sequence

from .bodies import is_request_body
from .bytestream import ByteStream, parse_range
from .diagnostics import Finding

if TYPE_CHECKING:
    from .documents import AssistantEntry, Document
    from .source import Elements
    from .validation import Problems

# Below this much input per process, forking and sending back cost more than they save
# (measured: a 3.2 MB import in two processes, 0.21 s -> 0.19 s in-process).
MIN_BYTES_PER_PROCESS = 1_500_000

# This process's share against each worker's. A worker also pickles what it found and pays
# for the pages it shares with this one (copy on write); this process then unpickles it.
# Measured with 5 runs each of 1000 x 100 with few and with many findings: 0.95, 1.0 and
# 1.1 within noise, 1.0 best.
FIRST_RUN_WEIGHT = 1.0

CheckOne = Callable[[int, Any], None]  # check element ``index`` whose parsed value is given


def available_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


class Plan(NamedTuple):
    runs: list[range]  # contiguous runs of element indices, the first for this process
    ranges: list[tuple[int, int]]  # each element's byte range
    first: Any  # the value of the first element, parsed already


def plan(elements: "Elements", jobs: int) -> Plan | None:
    """How to share the elements out among processes; None when one process is best (small
    input, one job, no fork, a layout the byte reading cannot cut). On success the stream
    has taken the elements' ranges."""
    stream = elements.stream
    if jobs < 2 or not hasattr(os, "fork") or not isinstance(stream, ByteStream):
        return None
    if threading.active_count() > 1:
        return None  # a fork copies no other thread, and any lock one of them held
    processes = min(jobs, len(stream.data) // MIN_BYTES_PER_PROCESS)
    if processes < 2:
        return None
    ranges = stream.split()
    if ranges is None or len(ranges) < processes:
        return None
    first = stream.take(ranges)
    return Plan(_cut([end - start for start, end in ranges], processes, FIRST_RUN_WEIGHT), ranges, first)


def _cut(sizes: Sequence[int], parts: int, first_weight: float = 1.0) -> list[range]:
    """``parts`` contiguous, non-empty runs of indices whose sizes are in proportion to
    their weights: ``first_weight`` for the first run, 1 for the others."""
    total, begin, running = sum(sizes), 0, 0
    runs: list[range] = []
    weights = first_weight + parts - 1
    for index, size in enumerate(sizes):
        running += size
        left = len(sizes) - index - 1
        wanted = len(runs) + 1  # runs closed once this one is
        share = (first_weight + wanted - 1) / weights
        if wanted < parts and (running >= total * share or left == parts - wanted):
            runs.append(range(begin, index + 1))
            begin = index + 1
    runs.append(range(begin, len(sizes)))
    return runs


class Worker:
    """A forked process checking one run of elements; ``result`` waits for what it sent."""

    def __init__(self, run: range, work: Callable[[range], Any]) -> None:
        import pickle

        self.run = run
        self.pid, self.reading = 0, -1
        try:
            reading, writing = os.pipe()
        except OSError:
            return  # no worker: result() is None and this process checks the run
        try:
            self.pid = os.fork()
        except OSError:
            os.close(reading)
            os.close(writing)
            return
        if self.pid == 0:  # the worker: never returns
            os.close(reading)
            code = 1
            try:
                payload = pickle.dumps(work(run), pickle.HIGHEST_PROTOCOL)
                with open(writing, "wb") as pipe:
                    pipe.write(payload)
                code = 0
            finally:
                os._exit(code)  # no atexit, no flushing of the parent's buffers
        os.close(writing)
        self.reading = reading

    def result(self) -> Any:
        """What the worker sent, or None when it gave up, failed or never started."""
        if not self.pid:
            return None
        with open(self.reading, "rb") as pipe:
            payload = pipe.read()
        _, status = os.waitpid(self.pid, 0)
        self.pid = 0  # reaped
        if status != 0 or not payload:
            return None
        import pickle

        return pickle.loads(payload)

    def stop(self) -> None:
        """Kill and reap the worker unless it was reaped already."""
        import signal

        if not self.pid:
            return
        try:
            os.kill(self.pid, signal.SIGKILL)
            os.close(self.reading)
        except OSError:
            pass
        os.waitpid(self.pid, 0)
        self.pid = 0


class GaveUp(Exception):
    """A worker's run holds what only this process checks exactly."""


def check(runs: list[range], ranges: list[tuple[int, int]], elements: "Elements", document: "Document",
          problems: "Problems", resolver: Any, checks: Any, check_one: CheckOne) -> None:
    """Check every element of ``runs``: the first run here, the others in workers."""
    source, stream = document.source, elements.stream
    assert isinstance(stream, ByteStream)  # as ``plan`` found it
    data, items = stream.data, stream.items
    marks = (len(document.assistants), len(problems.items), checks.mark())

    def check_run(run: range, in_worker: bool = False) -> None:
        for index in run:
            raw = parse_range(data, *ranges[index])
            if in_worker and isinstance(raw, dict) and is_request_body(raw):
                raise GaveUp
            items[index] = raw  # the rules read it there (AssistantContext.raw)
            check_one(index, raw)

    def locate(run: range, found: list, new_problems: list) -> tuple[dict, list]:
        # Locating findings is a large part of the work when there are many: each process
        # locates those in its own assistants, and sends back the lines it counted too.
        if source.positions is None:
            return {}, []
        pointers = [f.pointer for _, f in found] + [f.pointer for _, f in new_problems]
        located = source.positions.resolve_within(pointers, {f"{elements.pointer}/{index}" for index in run})
        return located, source.positions.line_marks()

    def work(run: range) -> tuple:
        check_run(run, in_worker=True)
        found, crashes = checks.since(marks[2])
        new_problems = problems.items[marks[1]:]
        located = locate(run, found, new_problems)
        return _detached(document.assistants[marks[0]:], new_problems, found, crashes, located)

    workers: list[Worker] = []
    try:
        workers = [Worker(run, work) for run in runs[1:]]
        check_run(runs[0])
        locate(runs[0], checks.since(marks[2])[0], problems.items[marks[1]:])
        for worker in workers:
            result = worker.result()
            if result is None:
                check_run(worker.run)
            else:
                _adopt(result, document, problems, resolver, checks)
    finally:
        for worker in workers:
            worker.stop()


# Findings travel as plain tuples of their fields but ``document``: pickle reads a tuple of
# strings in C, where a frozen slotted dataclass costs a Python call per field (5,000
# findings: 0.042 s -> 0.005 s, on the path this process waits on).
_FIELDS = tuple(f.name for f in dataclasses.fields(Finding))
_DOCUMENT = _FIELDS.index("document")
_wire_fields = operator.attrgetter(*(name for name in _FIELDS if name != "document"))


def _from_wire(fields: tuple, source: object) -> Finding:
    return Finding(*fields[:_DOCUMENT], source, *fields[_DOCUMENT:])


def _detached(entries: list["AssistantEntry"], problem_items: list, rule_findings: list,
              crashes: list[str], located: tuple[dict, list]) -> tuple:
    """What a worker sends: no reference to the document, its source or the resolver."""
    for entry in entries:
        entry.document = None  # type: ignore[assignment]
        if entry.flow is not None:
            entry.flow.resolver = None  # type: ignore[assignment]
    return (entries, [(code, _wire_fields(f)) for code, f in problem_items],
            [(code, _wire_fields(f)) for code, f in rule_findings], crashes, located)


def _adopt(result: tuple, document: "Document", problems: "Problems", resolver: Any, checks: Any) -> None:
    entries, problem_items, rule_findings, crashes, located = result
    source = document.source
    if source.positions is not None:
        source.positions.remember(*located)
    for entry in entries:
        entry.document = document
        if entry.flow is not None:
            entry.flow.resolver = resolver
        document.assistants.append(entry)
    problems.items.extend((code, _from_wire(fields, source)) for code, fields in problem_items)
    checks.adopt(entries, [(code, _from_wire(fields, source)) for code, fields in rule_findings],
                 crashes, source)


__all__ = ["available_cpus", "check", "plan", "Plan", "MIN_BYTES_PER_PROCESS"]
