#!/usr/bin/env python3
"""Benchmark: every speed target of ssi-advise beside its baseline, measured in one run.

    python bench/bench.py [--profiles 20000] [--memory-records 100000] [--runs 10] [--repeat 3]

- batch, one process: JSONL in → JSONL out, reading, validation and writing included, as
  `ssi-advise batch` does it; baseline: the same profiles one at a time the way one
  `ssi-advise PROFILE --format json` handles its profile (jsonschema, one durable-rules
  state, indented JSON).
- batch with --jobs 2 against one process.
- the engine step alone (durable-rules calls and decoding what fired), many profiles per
  state and one per state; the plain-Python reading of the same rules (tests/reference.py)
  as the ceiling.
- the JSON report without reading or writing (engine, score, rank, JSON data), as batch builds it.
- peak memory of a whole `ssi-advise batch` process at 1,000 and at --memory-records records.
- one `ssi-advise PROFILE` process (JSON and text), beside `python -c pass`.

Prints its figures; asserts nothing. Times are the best of --repeat passes (the least
disturbed by whatever else the machine is doing); process times are medians.
"""

from __future__ import annotations

import argparse
import atexit
import gc
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

import reference  # noqa: E402

from ssi_advise.batch import Job, Sink, open_input, run_batch  # noqa: E402
from ssi_advise.engine import compile_pack, evaluate, load_pack, profile_from_dict  # noqa: E402
from ssi_advise.engine.documents import Document  # noqa: E402
from ssi_advise.engine.facts import catalogue  # noqa: E402
from ssi_advise.engine.firing import fire, fire_many  # noqa: E402
from ssi_advise.engine.pack import DEFAULT_PACK_DIR  # noqa: E402
from ssi_advise.engine.problems import raise_if_errors  # noqa: E402
from ssi_advise.engine.profile import Profile  # noqa: E402
from ssi_advise.engine.schemas import validate  # noqa: E402
from ssi_advise.reports.json import dumps, fired_report_data, report_data  # noqa: E402

EXAMPLE = HERE.parent / "examples" / "account-manager.yaml"


def random_profile(rng: random.Random) -> dict[str, Any]:
    """A realistic profile: most facts given, everyday magnitudes."""
    data: dict[str, Any] = {}
    for path, spec in catalogue().items():
        if path.startswith("ssi.") or spec.type == "string" and not spec.enum or rng.random() < 0.15:
            continue
        if spec.type == "boolean":
            value: Any = rng.random() < 0.7
        elif spec.enum:
            value = rng.choice(spec.enum)
        else:
            top = min(spec.maximum or 1000, 1500)
            value = rng.randint(0, int(top)) if spec.type == "integer" else round(rng.uniform(0, top), 2)
        node = data
        *parents, leaf = path.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = value
    return data


# The CPU time of the pass with the best wall time: on a machine shared with other work the
# wall time includes waiting for a core, the CPU time does not.
CPU: dict[str, float] = {}


def best_of(passes: int, work: Callable[[], Any], collector: bool = True, setup: Callable[[], Any] | None = None) -> float:
    """The shortest wall time of `passes` runs of `work` (its CPU time is left in CPU["last"]);
    `setup`, untimed, before each.

    `collector=False` times with the cyclic garbage collector off, as `batch` has it while it
    makes a chunk: with all the profiles of a measure alive at once, its passes over them
    would otherwise be most of what is timed.
    """
    best = float("inf")
    for _ in range(max(1, passes)):
        if setup is not None:
            setup()
        if not collector:
            gc.disable()
        started, cpu = time.perf_counter(), time.process_time()
        try:
            work()
        finally:
            gc.enable()
        took = time.perf_counter() - started
        if took < best:
            best, CPU["last"] = took, time.process_time() - cpu
    return best


def per_second(count: int, seconds: float) -> float:
    return count / seconds


def line(label: str, count: int, seconds: float, note: str = "", cpu: bool = True) -> float:
    rate = per_second(count, seconds)
    on_cpu = f", CPU {count / CPU['last']:>7,.0f}/s" if cpu and CPU.get("last") else ""
    print(f"  {label:<46} {rate:>9,.0f} profiles/s  ({seconds * 1e6 / count:7,.1f} µs each{on_cpu}){note}")
    return rate


def target(ok: bool) -> str:
    return "  [target met]" if ok else "  [target NOT met]"


def one_at_a_time(lines: list[bytes], compiled: Any) -> None:
    """The per-profile path of `ssi-advise PROFILE --format json`: jsonschema, one state, indented JSON."""
    for raw in lines:
        data = json.loads(raw)
        raise_if_errors(validate(Document("p.json", data, {}), "profile"))
        report = evaluate(Profile(data, "p.json"), compiled)
        dumps(report_data(report, "en"))


def batch_file(source: Path, target_file: Path, compiled: Any, jobs: int) -> None:
    opened = open_input(str(source))
    with target_file.open("wb") as out, Sink(out, "jsonl", behind=jobs <= 1) as sink:
        run_batch(opened.records, Job(opened.kind, opened.name, "jsonl"), sink, compiled=compiled, jobs=jobs,
                  direct=sink.direct() if jobs > 1 else None)
    opened.close()


# Runs the command line in a fresh process and reports that process's own peak resident
# memory. Linux keeps ru_maxrss across exec, so a child of this (large) process would
# report ours; VmHWM belongs to the new program alone.
PEAK = """
import resource, sys
from ssi_advise.cli.main import run
sys.argv = ["ssi-advise", *sys.argv[1:]]
try:
    run()
except SystemExit:
    pass
try:
    with open("/proc/self/status") as status:
        peak = next(int(l.split()[1]) for l in status if l.startswith("VmHWM:"))
except OSError:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print("peak", peak * 1024, file=sys.stderr)
"""


def peak_memory(arguments: list[str]) -> int:
    """Peak resident memory (bytes) of one whole `ssi-advise` process."""
    done = subprocess.run([sys.executable, "-c", PEAK, *arguments], capture_output=True, text=True)
    return int(done.stderr.split("peak ")[-1])


# An installed copy has its modules' bytecode (pip compiles it at install). A checkout run
# where the environment forbids writing it (PYTHONDONTWRITEBYTECODE, as containers often set)
# compiles every module on every call, some 40 ms: the timed processes may write theirs to a
# folder of the benchmark's own, and an untimed first run does.
BYTECODE = tempfile.mkdtemp(prefix="ssi-advise-bytecode-")
atexit.register(shutil.rmtree, BYTECODE, True)
PROCESS_ENV = {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}, "PYTHONPYCACHEPREFIX": BYTECODE}


def process_ms(command: list[str], runs: int, expect_failure: bool = False) -> float:
    """The median wall time (ms) of `runs` runs of a whole process, after one untimed run."""
    subprocess.run(command, capture_output=True, env=PROCESS_ENV)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, env=PROCESS_ENV)
        times.append(time.perf_counter() - started)
        if (done.returncode != 0) != expect_failure:
            sys.exit(done.stderr.decode())
    return statistics.median(times) * 1000


def write_jsonl(path: Path, raw: list[dict[str, Any]], count: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        for index in range(count):
            out.write(json.dumps(raw[index % len(raw)]) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--profiles", type=int, default=20000, help="profiles per throughput measure")
    parser.add_argument("--memory-records", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=10, help="whole-process runs of ssi-advise")
    parser.add_argument("--repeat", type=int, default=5, help="passes over the profiles; the best is reported")
    args = parser.parse_args()

    rng = random.Random(20261128)
    raw = [random_profile(rng) for _ in range(args.profiles)]
    profiles = [profile_from_dict(item) for item in raw]
    compiled = compile_pack(load_pack())
    plain_pack = reference.load(DEFAULT_PACK_DIR)
    count = len(profiles)
    print(f"pack: {len(compiled.pack.measures)} measures, {len(compiled.pack.advice)} advice, "
          f"{len(compiled.rules)} durable-rules rules in {compiled.group.size} rulesets; "
          f"{count:,} profiles; Python {sys.version.split()[0]}; {os.cpu_count()} cores; load {load()}")
    # How the interpreter was built moves every figure (docs/batch.md): say which one ran.
    print(f"interpreter: {Path(sys.executable).resolve()}")

    work = Path(tempfile.mkdtemp(prefix="ssi-advise-bench-"))
    # Its files reach 3 GB (the 100,000-record run's output): gone however the run ends.
    atexit.register(shutil.rmtree, work, True)
    source, out = work / "in.jsonl", work / "out.jsonl"
    write_jsonl(source, raw, count)
    lines = source.read_bytes().splitlines()
    evaluate(profiles[0], compiled)  # warm up: texts, validators

    print("\nbatch, JSONL in → JSONL out, validation included (target ≥ 5,000/s one process; --jobs 2 ≥ 1.7×)")
    old = best_of(1, lambda: one_at_a_time(lines[: count // 4], compiled))
    old_rate = line("baseline: one at a time as `ssi-advise PROFILE`", count // 4, old)
    # Each pass writes a new file, as `batch` does (a temporary file, renamed into place):
    # truncating the last pass's output makes ext4 flush it when the file is closed.
    fresh = lambda: out.unlink(missing_ok=True)  # noqa: E731
    one = best_of(args.repeat, lambda: batch_file(source, out, compiled, 1), setup=fresh)
    line("batch, one process", count, one, f"  {one_rate_x(old_rate, count, one)}" + target(count / one >= 5000))
    two = best_of(args.repeat, lambda: batch_file(source, out, compiled, 2), setup=fresh)
    line("batch --jobs 2", count, two, f"  {one / two:.2f}× one process" + target(one / two >= 1.7), cpu=False)

    print("\nengine step alone: durable-rules calls and decoding (target ≥ 10,000/s); collector off as in batch")
    single = best_of(args.repeat, lambda: [fire(compiled, p) for p in profiles], collector=False)
    line("one profile per durable-rules state", count, single)
    many = best_of(args.repeat, lambda: fire_many(compiled, profiles), collector=False)
    many_rate = line("many profiles per state (batch)", count, many, target(count / many >= 10000))
    plain = best_of(args.repeat, lambda: [reference.evaluate(plain_pack, item) for item in raw], collector=False)
    plain_rate = line("ceiling: plain-Python reading (tests/reference)", count, plain)
    print(f"  {'engine step / plain-Python ceiling':<46} {many_rate / plain_rate:9.2f}×")

    print("\nJSON report without reading or writing (engine, score, rank, JSON data), 128 at a time as in batch, collector off")
    chunks = [profiles[start : start + 128] for start in range(0, count, 128)]

    def json_reports() -> None:
        # Each report dropped once made, as batch writes and drops it: holding 20,000 would time
        # the allocator finding memory for 600 MB of mappings instead.
        for chunk in chunks:
            for profile, firing in zip(chunk, fire_many(compiled, chunk), strict=True):
                fired_report_data(profile, compiled, firing, "en")

    full = best_of(args.repeat, json_reports, collector=False)
    line("fire_many + fired_report_data", count, full)

    print(f"\npeak memory of a whole `ssi-advise batch` process (target: {args.memory_records:,} within 10% of 1,000)")
    sizes = {}
    for records in (1000, args.memory_records):
        write_jsonl(source, raw, records)
        sizes[records] = peak_memory(["batch", str(source), "-o", str(out)])
        print(f"  {records:>9,} records: {sizes[records] / 2**20:8.1f} MiB")
    growth = sizes[args.memory_records] / sizes[1000] - 1
    print(f"  {'growth':<46} {growth * 100:+9.1f}%" + target(growth <= 0.10))

    print("\none `ssi-advise PROFILE` process, median wall time (targets: JSON ≤ 150 ms, text ≤ 200 ms);"
          " its bytecode written once, as an installed copy has it")
    empty = process_ms([sys.executable, "-c", "pass"], args.runs)
    times: dict[str, float] = {}
    print(f"  {'`python -c pass`':<46} {empty:9.0f} ms")
    for label, extra, limit in (("JSON", ["--format", "json"], 150), ("text", [], 200)):
        took = process_ms([sys.executable, "-m", "ssi_advise", str(EXAMPLE), *extra], args.runs)
        print(f"  {'`ssi-advise PROFILE` ' + label:<46} {took:9.0f} ms  {took / empty:5.1f}× python -c pass" + target(took <= limit))
        times[label] = took
    many_problems(args.runs, times["JSON"])
    print(f"\nload average at the end: {load()} (other work on the machine lowers every wall-time figure)")
    compiled.close()


def many_problems(runs: int, baseline_ms: float) -> None:
    """A profile of 100,000 unknown keys: one whole process, its wall time and peak memory.

    Baseline: the valid example's JSON process above. The command prints 20 problems and a count.
    """
    with tempfile.TemporaryDirectory() as folder:
        for suffix, text in (("yaml", "".join(f"k{i}: {i}\n" for i in range(100_000))),
                             ("json", json.dumps({f"k{i}": i for i in range(100_000)}))):
            path = Path(folder) / f"keys.{suffix}"
            path.write_text(text, encoding="utf-8")
            took = process_ms([sys.executable, "-m", "ssi_advise", str(path)], runs, expect_failure=True)
            peak = peak_memory([str(path)])
            label = f"100,000 unknown keys ({suffix}), exit 2"
            print(f"  {label:<46} {took:9.0f} ms  {took / baseline_ms:5.1f}× the example, peak {peak / 2**20:,.0f} MiB")


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "unknown"


def one_rate_x(old_rate: float, count: int, seconds: float) -> str:
    return f"{per_second(count, seconds) / old_rate:.1f}× the baseline"


if __name__ == "__main__":
    main()
