"""Measure flowlint against the cost of reading the same JSON, and print a Markdown table.

    python benchmarks/run.py                          # 100x100, 1000x100, 10000x100; 5 runs each
    python benchmarks/run.py --quick                  # 100x100, 1000x100; 3 runs each
    python benchmarks/run.py --sizes 100x100,300x100 --runs 3 --json figures.json

For each size (assistants x nodes per flow) it generates a synthetic import response with
``benchmarks/generate.py`` (cached in a temporary folder by size, seed and generator
version), then runs, interleaved, K times each:

- ``python -m flowlint check --format json FILE`` (stdout to /dev/null; exit code 0 or 1),
  with its default ``--jobs auto``, and from 1,000 x 100 up also with ``--jobs 1`` and with
  ``--select FL001`` (reading and validating every assistant, no rule: the floor of the design),
- ``python -c "import json,sys; json.load(open(sys.argv[1], 'rb'))" FILE`` (the baseline),
- ``python benchmarks/user_script.py FILE``: what a user writes instead of flowlint (pydantic
  models and networkx reachability), against the same baseline,

and the same for a many-findings input (``--many-findings``: every assistant carries
``--findings-per-assistant`` more defects, FL408 first),

measuring whole-process wall time (``time.perf_counter`` around the child) and the child's
own peak RSS (``os.wait4``). It reports medians and ratios, the time scaling between
consecutive sizes, the startup case (``flowlint check`` on the seed fixture against
``python -c "import pydantic, networkx"``) and which heavy modules the check path imports
(``python -X importtime``). It reports targets, it does not enforce them: the exit code is
0 whenever the benchmark ran, 1 when flowlint crashed or exited with an unexpected code.

Every command runs with ``sys.executable`` and the repository root as working directory,
so it measures the interpreter the runner runs under and the flowlint of this checkout.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Optional, Sequence

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SEED_FIXTURE = ROOT / "fixtures" / "seed-import-response.json"
sys.path.insert(0, str(HERE))
import generate  # noqa: E402  (the sibling module, also a script)
from flowlint.parallel import MIN_BYTES_PER_PROCESS  # noqa: E402

DEFAULT_SIZES = "100x100,1000x100,10000x100"
QUICK_SIZES = "100x100,1000x100"
BASELINE_CODE = "import json,sys; json.load(open(sys.argv[1], 'rb'))"
STARTUP_CODE = "import pydantic, networkx"
USER_SCRIPT = HERE / "user_script.py"
FORBIDDEN_MODULES = ("matplotlib", "graphviz", "IPython")
# The targets: ratios measured side by side in one run.
RATIO_TARGET = 1.0          # wall and peak RSS vs json.load, from TARGET_MIN_NODES nodes up
TARGET_MIN_NODES = 100_000  # 1000 x 100; below, interpreter start-up dominates both sides
STREAMING_RSS_TARGET = 0.5  # peak RSS vs json.load from STREAMING_MIN_NODES nodes up
STREAMING_MIN_NODES = 1_000_000  # 10000 x 100: an account need not be held in memory at once
SCALING_TARGET = 1.0        # 10x the input costs at most 10x the time
STARTUP_TARGET = 1.0        # vs the bare `import pydantic, networkx`
DEFAULT_FINDINGS_PER_ASSISTANT = 10
STARTUP_MIN_RUNS = 15       # a 0.15 s case: more runs to steady the median


class BenchmarkError(RuntimeError):
    """The benchmark could not run (flowlint crashed, a child failed)."""


@dataclass
class Sample:
    wall: float  # seconds
    rss: float   # peak resident set size of the child, MB (10**6 bytes)


@dataclass
class Case:
    """Two commands measured side by side: flowlint and its baseline."""

    name: str
    file: str
    file_mb: float
    nodes: int = 0
    findings: Optional[int] = None
    yardstick: bool = False  # the user's script: reported, not a flowlint target
    flowlint: list[Sample] = field(default_factory=list)
    baseline: list[Sample] = field(default_factory=list)

    def median(self, side: str, what: str) -> float:
        return statistics.median(getattr(s, what) for s in getattr(self, side))

    def ratio(self, what: str) -> float:
        return self.median("flowlint", what) / self.median("baseline", what)


# ------------------------------------------------------------------------ running children

def _maxrss_mb(usage: os.struct_rusage) -> float:
    # Linux reports kilobytes, macOS bytes.
    return usage.ru_maxrss / (1e6 if sys.platform == "darwin" else 1e3)


def measure(command: Sequence[str], ok_codes: Sequence[int] = (0,),
            stdout_path: Optional[Path] = None) -> Sample:
    """Run one child from the repository root; its wall time and its own peak RSS.

    ``os.wait4`` gives the rusage of exactly this child (``RUSAGE_CHILDREN`` would give the
    maximum over every child so far). A traceback or an exit code outside ``ok_codes``
    raises BenchmarkError with the child's standard error."""
    with tempfile.TemporaryFile() as errors, \
            open(stdout_path or os.devnull, "wb") as out:
        started = time.perf_counter()
        child = subprocess.Popen(list(command), stdout=out, stderr=errors, cwd=ROOT)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        child.returncode = code = os.waitstatus_to_exitcode(status)  # Popen must not reap it again
        errors.seek(0)
        stderr = errors.read().decode("utf-8", "replace")
    if code not in ok_codes or "Traceback (most recent call last)" in stderr:
        shown = " ".join(command)
        raise BenchmarkError(f"`{shown}` exited with code {code}:\n{stderr.strip()[-4000:]}")
    return Sample(wall, _maxrss_mb(usage))


def compile_flowlint() -> None:
    """Write flowlint's .pyc files, as installing a wheel does. An editable install under
    PYTHONDONTWRITEBYTECODE=1 (common in containers) has none and would compile every
    module at every start, while pydantic and networkx, installed from wheels, would not."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "flowlint")],
                   check=True, stdout=subprocess.DEVNULL)


def flowlint_command(path: Path | str, *options: str) -> list[str]:
    return [sys.executable, "-m", "flowlint", "check", *options, str(path)]


def interleaved(case: Case, flowlint: list[str], baseline: list[str], runs: int,
                flowlint_codes: Sequence[int]) -> None:
    """K runs of each, alternating which goes first, after one warm-up run of each (page
    cache, .pyc files); the warm-up's JSON report gives the number of findings."""
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        measure(flowlint, flowlint_codes, stdout_path=report)
        if "--format" in flowlint:
            case.findings = _count_diagnostics(report)
        elif case.yardstick:
            case.findings = sum(1 for line in report.read_text().splitlines() if line)
    measure(baseline)
    for run in range(runs):
        pair = [("flowlint", flowlint, flowlint_codes), ("baseline", baseline, (0,))]
        for side, command, codes in (pair if run % 2 == 0 else pair[::-1]):
            getattr(case, side).append(measure(command, codes))


def _count_diagnostics(report: Path) -> int:
    """Counted in a child process: a report of 100,000 findings parsed here would grow this
    process, and a child's peak RSS counts what it shares with its parent until it executes
    (the start-up case measured after it read 233 MB on both sides)."""
    code = "import json,sys; print(len(json.load(open(sys.argv[1], 'rb'))['diagnostics']))"
    done = subprocess.run([sys.executable, "-c", code, str(report)], capture_output=True, check=True)
    return int(done.stdout)


def imported_modules(command: list[str]) -> set[str]:
    """Top-level packages a command imports, from ``python -X importtime`` (which also
    sees imports made lazily, at the end of the run)."""
    with tempfile.TemporaryFile() as errors:
        code = subprocess.run([command[0], "-X", "importtime", *command[1:]], cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=errors).returncode
        errors.seek(0)
        text = errors.read().decode("utf-8", "replace")
    if code not in (0, 1) or "Traceback (most recent call last)" in text:
        raise BenchmarkError(f"`{' '.join(command)}` exited with code {code}:\n{text[-4000:]}")
    modules = set()
    for line in text.splitlines():
        fields = line[len("import time:"):].split("|")
        if line.startswith("import time:") and len(fields) == 3 and fields[0].strip().isdigit():
            modules.add(fields[2].strip().split(".")[0])
    return modules


# ------------------------------------------------------------------------------- inputs

def parse_sizes(text: str) -> list[tuple[int, int]]:
    sizes = []
    for item in text.split(","):
        try:
            assistants, nodes = (int(part) for part in item.lower().strip().split("x"))
        except ValueError:
            raise argparse.ArgumentTypeError(f"size {item!r} is not ASSISTANTSxNODES, e.g. 1000x100") from None
        if assistants < 1 or nodes < 1:
            raise argparse.ArgumentTypeError(f"size {item!r} needs at least 1 assistant and 1 node")
        sizes.append((assistants, nodes))
    return sizes


def generator_version() -> str:
    """Changes whenever generate.py does, so a cached file is never stale."""
    return hashlib.sha256(Path(generate.__file__).read_bytes()).hexdigest()[:12]


def input_file(cache: Path, assistants: int, nodes: int, seed: int,
               findings_per_assistant: int = 0) -> Path:
    many = f"-findings{findings_per_assistant}" if findings_per_assistant else ""
    path = cache / f"import-{assistants}x{nodes}{many}-seed{seed}-{generator_version()}.json"
    if not path.exists():
        # In a child process: generating 10,000 x 100 in this one would leave it holding
        # gigabytes, and a command's peak RSS counts what it shares with its forked parent
        # until it executes. Written aside and renamed: an interrupted run caches nothing.
        _log(f"generating {path.name} ...")
        partial = path.with_suffix(".partial")
        subprocess.run([sys.executable, str(HERE / "generate.py"), "--assistants", str(assistants),
                        "--nodes", str(nodes), "--seed", str(seed),
                        "--findings-per-assistant", str(findings_per_assistant), "-o", str(partial)],
                       check=True)
        partial.replace(path)
    return path


# ------------------------------------------------------------------------------ reports

def machine() -> dict:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = round(int(line.split()[1]) / 1024 ** 2, 1)
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()

    def version(package: str) -> str:
        try:
            return metadata.version(package)
        except metadata.PackageNotFoundError:
            return "not installed"

    return {"cpu": cpu, "cores": os.cpu_count(), "usable_cores": usable, "memory_gib": memory,
            "python": f"{platform.python_implementation()} {platform.python_version()}",
            "executable": sys.executable, "platform": platform.platform(),
            "pydantic": version("pydantic"), "pydantic-core": version("pydantic-core"),
            "jiter": version("jiter"), "networkx": version("networkx")}


def _mark(ok: bool) -> str:
    return "pass" if ok else "**FAIL**"


def _megabytes(value: float) -> str:
    return f"{value:.1f}" if value >= 10 else f"{value:.2f}" if value >= 0.1 else f"{value:.3f}"


def _seconds(value: float) -> str:
    return f"{value:.3f}" if value < 10 else f"{value:.1f}"


def _targets(case: Case) -> tuple[Optional[str], Optional[bool]]:
    """The issue's target for this case, and whether it is met (None: no target)."""
    if case.yardstick or case.nodes < TARGET_MIN_NODES:
        return None, None
    wall, rss = case.ratio("wall"), case.ratio("rss")
    rss_target = STREAMING_RSS_TARGET if case.nodes >= STREAMING_MIN_NODES else RATIO_TARGET
    return (f"wall <= {RATIO_TARGET}x, RSS <= {rss_target}x",
            wall <= RATIO_TARGET and rss <= rss_target)


def size_rows(cases: list[Case]) -> list[dict]:
    rows = []
    for case in cases:
        wall, rss = case.ratio("wall"), case.ratio("rss")
        target, ok = _targets(case)
        rows.append({"case": case.name, "file_mb": case.file_mb, "nodes": case.nodes,
                     "findings": case.findings, "yardstick": case.yardstick,
                     "flowlint_wall": case.median("flowlint", "wall"),
                     "baseline_wall": case.median("baseline", "wall"), "wall_ratio": wall,
                     "flowlint_rss": case.median("flowlint", "rss"),
                     "baseline_rss": case.median("baseline", "rss"), "rss_ratio": rss,
                     "target": target, "ok": ok})
    return rows


def scaling_rows(cases: list[Case]) -> list[dict]:
    rows = []
    for small, large in zip(cases, cases[1:]):
        input_ratio = large.nodes / small.nodes
        time_ratio = large.median("flowlint", "wall") / small.median("flowlint", "wall")
        normalised = time_ratio / input_ratio
        rows.append({"from": small.name, "to": large.name, "input_ratio": input_ratio,
                     "time_ratio": time_ratio, "normalised": normalised,
                     "ok": normalised <= SCALING_TARGET})
    return rows


def markdown(cases: list[Case], startup: Case, modules: dict[str, list[str]], info: dict,
             runs: int, extra: Sequence[Case] = ()) -> str:
    lines = [
        "| input | file MB | findings | flowlint wall s | json.load wall s | wall ratio "
        "| flowlint peak RSS MB | json.load peak RSS MB | RSS ratio | target | result |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for row in size_rows(sorted([*cases, *extra], key=lambda case: (case.nodes, case.yardstick))):
        lines.append(
            f"| {row['case']} | {_megabytes(row['file_mb'])} | {row['findings']} "
            f"| {_seconds(row['flowlint_wall'])} | {_seconds(row['baseline_wall'])} "
            f"| {row['wall_ratio']:.2f}x | {row['flowlint_rss']:.0f} | {row['baseline_rss']:.0f} "
            f"| {row['rss_ratio']:.2f}x | {row['target'] or '-'} "
            f"| {'-' if row['ok'] is None else _mark(row['ok'])} |")
    startup_ratio = startup.ratio("wall")
    lines.append(
        f"| startup: seed fixture vs `{STARTUP_CODE}` | {_megabytes(startup.file_mb)} | - "
        f"| {_seconds(startup.median('flowlint', 'wall'))} "
        f"| {_seconds(startup.median('baseline', 'wall'))} (import) | {startup_ratio:.2f}x "
        f"| {startup.median('flowlint', 'rss'):.0f} | {startup.median('baseline', 'rss'):.0f} (import) "
        f"| {startup.ratio('rss'):.2f}x | wall <= {STARTUP_TARGET}x | {_mark(startup_ratio <= STARTUP_TARGET)} |")
    scaling = scaling_rows(cases)
    if scaling:
        lines += ["", "| scaling | input ratio | flowlint time ratio | time ratio / input ratio "
                      "| target | result |", "|---|---:|---:|---:|---|---|"]
        for row in scaling:
            lines.append(f"| {row['from']} -> {row['to']} | {row['input_ratio']:.1f}x "
                         f"| {row['time_ratio']:.2f}x | {row['normalised']:.2f} "
                         f"| <= {SCALING_TARGET} (10x input, <= 10x time) | {_mark(row['ok'])} |")
    lines.append("")
    for label, found in modules.items():
        heavy = [m for m in FORBIDDEN_MODULES if m in found]
        networkx = "imported" if "networkx" in found else "not imported"
        lines.append(f"- Check path on {label}: imports "
                     f"{', '.join(heavy) if heavy else 'none of ' + ', '.join(FORBIDDEN_MODULES)} "
                     f"(networkx {networkx}): {_mark(not heavy)}")
    lines += [
        f"- Median of {runs} interleaved run{'s' if runs > 1 else ''} of each command, whole "
        "process (interpreter start-up included); peak RSS of each child from `os.wait4`.",
        f"- flowlint runs with its default `--jobs auto`: {info['usable_cores']} process"
        f"{'es' if info['usable_cores'] != 1 else ''} here on a file of "
        f"{2 * MIN_BYTES_PER_PROCESS / 1e6:g} MB or more; its peak RSS is then that of the largest process (`os.wait4` reports the "
        "maximum over a process and its children, not their sum).",
        f"- Machine: {info['cpu']}, {info['cores']} cores ({info['usable_cores']} usable)"
        + (f", {info['memory_gib']} GiB RAM" if info["memory_gib"] else "")
        + f"; {info['python']} on {info['platform']}; pydantic {info['pydantic']} "
        f"(pydantic-core {info.get('pydantic-core')}), jiter {info.get('jiter')}, "
        f"networkx {info['networkx']}.",
    ]
    return "\n".join(lines)


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------- main

def run(sizes: list[tuple[int, int]], runs: int, seed: int, cache: Path,
        many_findings: Sequence[tuple[int, int]] = (), findings_per_assistant: int = 0) -> dict:
    """Measure every case; ``cases`` are the plain sizes (their scaling is reported),
    ``extra`` the many-findings inputs and the user's script."""
    cache.mkdir(parents=True, exist_ok=True)
    compile_flowlint()
    sizes = sorted(sizes, key=lambda size: size[0] * size[1])
    baseline = [sys.executable, "-c", BASELINE_CODE]
    cases, extra = [], []

    def measure_case(name: str, path: Path, nodes: int, command: list[str],
                     yardstick: bool = False) -> Case:
        case = Case(name, str(path), path.stat().st_size / 1e6, nodes=nodes, yardstick=yardstick)
        _log(f"measuring {case.name} ({case.file_mb:.1f} MB), {runs} runs ...")
        interleaved(case, command, [*baseline, str(path)], runs, (0, 1))
        return case

    for assistants, nodes in sizes:
        path = input_file(cache, assistants, nodes, seed)
        name = f"{assistants} x {nodes}"
        cases.append(measure_case(name, path, assistants * nodes,
                                  flowlint_command(path, "--format", "json")))
        if assistants * nodes >= TARGET_MIN_NODES:
            extra.append(measure_case(f"{name}: one process (`--jobs 1`)", path, assistants * nodes,
                                      flowlint_command(path, "--format", "json", "--jobs", "1"),
                                      yardstick=True))
            # The floor of this design: every assistant parsed and validated into the
            # pydantic models, no rule run (FL001 runs on files that do not parse).
            extra.append(measure_case(f"{name}: reading and validating only (`--select FL001`)", path,
                                      assistants * nodes,
                                      flowlint_command(path, "--format", "json", "--select", "FL001"),
                                      yardstick=True))
        extra.append(measure_case(f"{name}: user script (pydantic + networkx)", path,
                                  assistants * nodes,
                                  [sys.executable, str(USER_SCRIPT), str(path)], yardstick=True))
    for assistants, nodes in sorted(many_findings, key=lambda size: size[0] * size[1]):
        path = input_file(cache, assistants, nodes, seed, findings_per_assistant)
        extra.append(measure_case(
            f"{assistants} x {nodes}, +{findings_per_assistant} findings per assistant", path,
            assistants * nodes, flowlint_command(path, "--format", "json")))
    _log("measuring the startup case ...")
    startup = Case("startup", str(SEED_FIXTURE.relative_to(ROOT)), SEED_FIXTURE.stat().st_size / 1e6)
    interleaved(startup, flowlint_command(SEED_FIXTURE.relative_to(ROOT)),
                [sys.executable, "-c", STARTUP_CODE], max(runs, STARTUP_MIN_RUNS), (0, 1))
    modules = {"the seed fixture": sorted(imported_modules(flowlint_command(SEED_FIXTURE.relative_to(ROOT))))}
    if cases:
        modules[cases[0].name] = sorted(imported_modules(flowlint_command(cases[0].file, "--format", "json")))
    return {"cases": cases, "extra": extra, "startup": startup, "modules": modules}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=parse_sizes, default=None,
                        help=f"ASSISTANTSxNODES,... (default {DEFAULT_SIZES}; --quick: {QUICK_SIZES})")
    parser.add_argument("--runs", type=int, default=None, help="runs of each command (default 5; --quick: 3)")
    parser.add_argument("--quick", action="store_true", help="smaller sizes and fewer runs")
    parser.add_argument("--many-findings", type=parse_sizes, default=None, metavar="SIZES",
                        help="sizes of the many-findings input (default: the sizes of at least "
                             f"{TARGET_MIN_NODES:,} nodes, where the targets apply)")
    parser.add_argument("--no-many-findings", action="store_true", help="skip the many-findings input")
    parser.add_argument("--findings-per-assistant", type=int, default=DEFAULT_FINDINGS_PER_ASSISTANT,
                        metavar="K", help="defects planted per assistant in the many-findings "
                                          f"input (default {DEFAULT_FINDINGS_PER_ASSISTANT})")
    parser.add_argument("--seed", type=int, default=0, help="generator seed (default 0)")
    parser.add_argument("--cache-dir", type=Path,
                        default=Path(tempfile.gettempdir()) / "flowlint-benchmarks",
                        help="where generated inputs are kept between runs")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the raw figures here")
    args = parser.parse_args(argv)
    sizes = args.sizes or parse_sizes(QUICK_SIZES if args.quick else DEFAULT_SIZES)
    runs = args.runs or (3 if args.quick else 5)
    if runs < 1:
        parser.error("--runs must be at least 1")
    if args.findings_per_assistant < 1:
        parser.error("--findings-per-assistant must be at least 1")
    many = [] if args.no_many_findings else (
        args.many_findings or [size for size in sizes if size[0] * size[1] >= TARGET_MIN_NODES])
    info = machine()
    try:
        results = run(sizes, runs, args.seed, args.cache_dir, many, args.findings_per_assistant)
    except BenchmarkError as error:
        print(f"benchmark aborted: {error}", file=sys.stderr)
        return 1
    print(markdown(results["cases"], results["startup"], results["modules"], info, runs,
                   results["extra"]))
    if args.json:
        figures = {"machine": info, "runs": runs, "seed": args.seed,
                   "generator": generator_version(),
                   "sizes": size_rows(results["cases"]), "extra": size_rows(results["extra"]),
                   "scaling": scaling_rows(results["cases"]),
                   "startup": {**size_rows([results["startup"]])[0], "target": f"wall <= {STARTUP_TARGET}x",
                               "ok": results["startup"].ratio("wall") <= STARTUP_TARGET},
                   "modules": results["modules"],
                   "samples": {case.name: asdict(case)
                               for case in [*results["cases"], *results["extra"], results["startup"]]}}
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
