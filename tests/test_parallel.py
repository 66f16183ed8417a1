"""Checking the assistants of one large file in several processes (``check --jobs``) gives
the report one process gives, byte for byte, whatever a worker meets."""
from __future__ import annotations

import json
import os
import sys
import threading
from pathlib import Path

import pytest

from flowlint import parallel
from flowlint.engine import lint_streamed, lint_workspace
from flowlint.loading import load_workspace
from flowlint.parallel import _cut

from conftest import ROOT, run_cli

sys.path.insert(0, str(ROOT / "benchmarks"))
import generate  # noqa: E402

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="workers are forked")


@pytest.fixture
def small_files_in_parallel(monkeypatch: pytest.MonkeyPatch) -> list[range]:
    """Cut even small files, and record the runs each check was cut into."""
    monkeypatch.setattr(parallel, "MIN_BYTES_PER_PROCESS", 1)
    # A thread another test left behind (a server's, a FIFO reader's) would keep the
    # check in one process: test_another_thread_keeps_the_check_in_one_process holds that.
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    cuts: list[range] = []
    real_cut = parallel._cut

    def recording_cut(*args: object) -> list[range]:
        runs = real_cut(*args)
        cuts.extend(runs)
        return runs

    monkeypatch.setattr(parallel, "_cut", recording_cut)
    real_adopt = parallel._adopt

    def recording_adopt(result: tuple, *args: object) -> None:
        ADOPTED.append(len(result[0]))
        real_adopt(result, *args)

    ADOPTED.clear()
    monkeypatch.setattr(parallel, "_adopt", recording_adopt)
    return cuts


ADOPTED: list[int] = []  # the number of assistants of each worker's result taken in


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "import.json"
    path.write_text(text)
    return path


def _import_text(assistants: int = 9, findings: int = 0, indent: object = 2) -> str:
    body = generate.generate(assistants, 15, seed=11, defect_rate=0.2, findings_per_assistant=findings)
    return json.dumps(body, indent=indent)


def _reports(path: Path, jobs: int) -> tuple[str, str]:
    whole = lint_workspace(load_workspace([str(path)])).to_json()
    return whole, lint_streamed([str(path)], jobs=jobs).to_json()


@pytest.mark.parametrize("jobs", [2, 3, 5])
@pytest.mark.parametrize("findings", [0, 10])
def test_several_processes_report_what_one_reports(tmp_path: Path, small_files_in_parallel: list,
                                                   jobs: int, findings: int) -> None:
    path = _write(tmp_path, _import_text(findings=findings))
    whole, parallel_report = _reports(path, jobs)
    assert len(small_files_in_parallel) == jobs, "the file was cut into one run per process"
    assert len(ADOPTED) == jobs - 1 and sum(ADOPTED) == sum(map(len, small_files_in_parallel[1:]))
    assert parallel_report == whole
    assert len(json.loads(whole)["diagnostics"]) >= (9 * findings or 5)


def test_a_bare_list_of_assistants_in_four_spaces_reports_the_same(tmp_path: Path,
                                                                   small_files_in_parallel: list) -> None:
    body = generate.generate(6, 12, seed=2, defect_rate=0.2)
    path = _write(tmp_path, json.dumps(body["data"], indent=4))
    whole, parallel_report = _reports(path, 2)
    assert small_files_in_parallel and parallel_report == whole


def _in_the_last_assistant(text: str, old: str, new: str) -> str:
    at = text.rindex(old)
    return text[:at] + new + text[at + len(old):]


WORKER_SURPRISES = {
    # A request body takes its stand-in id from a counter of the whole run.
    "a request body": lambda text: _in_the_last_assistant(text, '"created_at": ', '"not_created_at": '),
    # The element reading gives up on the file: it is read whole, as with one process.
    "a repeated key": lambda text: _in_the_last_assistant(text, '"name": ', '"name": "twice", "name": '),
    "NaN": lambda text: _in_the_last_assistant(text, '"name": ', '"nan": NaN, "name": '),
    "invalid UTF-8": lambda text: _in_the_last_assistant(text, '"name": "', '"name": "\udcff'),
}


@pytest.mark.parametrize("surprise", list(WORKER_SURPRISES))
def test_what_a_worker_cannot_settle_is_settled_as_one_process_does(tmp_path: Path, small_files_in_parallel: list,
                                                                    surprise: str) -> None:
    text = WORKER_SURPRISES[surprise](_import_text())
    path = tmp_path / "import.json"
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    whole, parallel_report = _reports(path, 3)
    assert small_files_in_parallel
    assert parallel_report == whole


def test_a_worker_that_fails_is_replaced_by_this_process(tmp_path: Path, small_files_in_parallel: list,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    def failing_dumps(*args: object) -> bytes:
        raise MemoryError("the worker could not send its result")

    import pickle

    monkeypatch.setattr(pickle, "dumps", failing_dumps)  # only workers pickle
    path = _write(tmp_path, _import_text())
    whole, parallel_report = _reports(path, 3)
    assert ADOPTED == [] and parallel_report == whole


def test_when_no_worker_can_start_this_process_checks_every_run(tmp_path: Path, small_files_in_parallel: list,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    def no_fork() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(parallel.os, "fork", no_fork)
    path = _write(tmp_path, _import_text())
    whole, parallel_report = _reports(path, 3)
    assert small_files_in_parallel and ADOPTED == [] and parallel_report == whole


def test_a_rule_crash_in_a_worker_is_reported_as_with_one_process(tmp_path: Path, small_files_in_parallel: list,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from flowlint.rules import ALL_RULES

    rule = next(r for r in ALL_RULES if r.code == "FL604")
    real_check = rule.check

    def crash_on_the_last(ctx):  # type: ignore[no-untyped-def]
        if ctx.entry.pointer == "/data/8":
            raise RuntimeError("boom")
        return real_check(ctx)

    path = _write(tmp_path, _import_text())
    object.__setattr__(rule, "check", crash_on_the_last)  # Rule is frozen
    try:
        one = lint_streamed([str(path)], jobs=1)
        several = lint_streamed([str(path)], jobs=3)
    finally:
        object.__setattr__(rule, "check", real_check)
    assert several.errors == one.errors and any("internal error in FL604" in e for e in one.errors)
    assert several.to_json() == one.to_json()


def test_another_thread_keeps_the_check_in_one_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "MIN_BYTES_PER_PROCESS", 1)
    forks: list[object] = []
    monkeypatch.setattr(parallel, "Worker", lambda *args: forks.append(args))
    path = _write(tmp_path, _import_text())
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        lint_streamed([str(path)], jobs=4)
    finally:
        stop.set()
        thread.join()
    assert forks == []


def test_a_file_of_twice_the_threshold_is_shared_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(threading, "active_count", lambda: 1)  # as in small_files_in_parallel
    started: list[range] = []
    real_worker = parallel.Worker

    def recording_worker(run: range, work):  # type: ignore[no-untyped-def]
        started.append(run)
        return real_worker(run, work)

    monkeypatch.setattr(parallel, "Worker", recording_worker)
    path = _write(tmp_path, json.dumps(generate.generate(60, 100, seed=5, defect_rate=0.01), indent=2))
    assert path.stat().st_size >= 2 * parallel.MIN_BYTES_PER_PROCESS
    several = lint_streamed([str(path)], jobs=2).to_json()
    assert len(started) == 1
    assert several == lint_streamed([str(path)], jobs=1).to_json()


def test_small_files_stay_in_one_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    forks: list[object] = []
    monkeypatch.setattr(parallel, "Worker", lambda *args: forks.append(args))
    path = _write(tmp_path, _import_text())
    assert path.stat().st_size < parallel.MIN_BYTES_PER_PROCESS * 2
    lint_streamed([str(path)], jobs=4)
    assert forks == []


def test_runs_are_contiguous_cover_every_element_and_follow_the_weights() -> None:
    assert _cut([1] * 10, 2) == [range(0, 5), range(5, 10)]
    assert _cut([1] * 3, 3, 1.1) == [range(0, 1), range(1, 2), range(2, 3)]
    assert _cut([100, 1, 1, 1], 2) == [range(0, 1), range(1, 4)]
    runs = _cut([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5], 4, 1.1)
    assert len(runs) == 4 and all(runs) and [i for run in runs for i in run] == list(range(11))


def test_check_jobs_from_the_command_line(tmp_path: Path) -> None:
    # Large enough to be cut into two runs at the real threshold.
    path = _write(tmp_path, json.dumps(generate.generate(60, 100, seed=5, defect_rate=0.01), indent=2))
    assert path.stat().st_size >= 2 * parallel.MIN_BYTES_PER_PROCESS
    one = run_cli("check", "--format", "json", "--jobs", "1", str(path))
    two = run_cli("check", "--format", "json", "-j", "2", str(path))
    assert one.returncode == two.returncode == 1
    assert two.stdout == one.stdout and json.loads(one.stdout)["diagnostics"]
    bad = run_cli("check", "--jobs", "0", str(path))
    assert bad.returncode == 2 and b"--jobs: expected a number of processes" in bad.stderr


def test_a_finding_sent_back_by_a_worker_keeps_every_field() -> None:
    import pickle

    from flowlint.diagnostics import Finding

    finding = Finding("edge \"e1\" ...", "/data/3/conversation_flow/edges/1", "asst-1", "n1", "e1",
                      "key", document=object(), confirmed=True, doubtful=True)
    source = object()
    sent = pickle.loads(pickle.dumps(parallel._wire_fields(finding)))
    back = parallel._from_wire(sent, source)
    assert back == finding and back.document is source
    assert (back.confirmed, back.doubtful) == (True, True)
