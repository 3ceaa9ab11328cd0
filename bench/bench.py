#!/usr/bin/env python3
"""Benchmark: profiles per second through the engine, against the plain-Python reading of
the same pack (tests/reference.py) as the baseline, and the wall time of one whole
`ssi-advise` process. Prints its figures; asserts nothing.

    python bench/bench.py [--profiles 5000] [--runs 5] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

import reference  # noqa: E402

from ssi_advise.engine import compile_pack, evaluate, load_pack, profile_from_dict  # noqa: E402
from ssi_advise.engine.evaluate import fire  # noqa: E402
from ssi_advise.engine.facts import catalogue  # noqa: E402
from ssi_advise.engine.pack import DEFAULT_PACK_DIR  # noqa: E402


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


def each(items: list[Any], work: Any) -> None:
    """Run `work` on every item, keeping no result (as a batch would)."""
    for item in items:
        work(item)


def best_of(passes: int, work: Any) -> float:
    """The shortest wall time of `passes` runs of `work`."""
    best = float("inf")
    for _ in range(max(1, passes)):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def rate(count: int, seconds: float) -> str:
    return f"{count / seconds:>10,.0f} profiles/s  ({seconds * 1e6 / count:,.1f} µs each)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5, help="whole-process runs of ssi-advise")
    parser.add_argument("--repeat", type=int, default=3, help="passes over the profiles; the best is reported")
    args = parser.parse_args()

    rng = random.Random(20261128)
    raw = [random_profile(rng) for _ in range(args.profiles)]
    profiles = [profile_from_dict(item) for item in raw]
    compiled = compile_pack(load_pack())
    plain_pack = reference.load(DEFAULT_PACK_DIR)
    print(f"pack: {len(compiled.pack.measures)} measures, {len(compiled.pack.advice)} advice, "
          f"{len(compiled.rules)} durable-rules rules in {compiled.group.size} rulesets; "
          f"{args.profiles:,} profiles; Python {sys.version.split()[0]}")

    evaluate(profiles[0], compiled)  # warm up
    # Best of --repeat passes: the least disturbed by whatever else the machine is doing.
    fired = best_of(args.repeat, lambda: each(profiles, lambda profile: fire(compiled, profile)))
    full = best_of(args.repeat, lambda: each(profiles, lambda profile: evaluate(profile, compiled)))
    plain = best_of(args.repeat, lambda: each(raw, lambda item: reference.evaluate(plain_pack, item)))

    print(f"engine, durable-rules matching only: {rate(args.profiles, fired)}")
    print(f"engine, full report (score + rank):  {rate(args.profiles, full)}")
    print(f"baseline, plain-Python reading:      {rate(args.profiles, plain)}")
    print(f"engine full report vs baseline:      {plain / full:.2f}x the baseline's speed")

    command = shutil.which("ssi-advise") or str(Path(sys.executable).parent / "ssi-advise")
    example = HERE.parent / "examples" / "account-manager.yaml"
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        done = subprocess.run([command, str(example), "--format", "json"], capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            print(done.stderr, file=sys.stderr)
            sys.exit(1)
    json.loads(done.stdout)
    print(f"one `ssi-advise` process (JSON):     median {statistics.median(times) * 1000:,.0f} ms "
          f"over {args.runs} runs (min {min(times) * 1000:,.0f} ms)")
    compiled.close()
    many_problems(command, args.runs, statistics.median(times))


def many_problems(command: str, runs: int, baseline: float) -> None:
    """A profile of 100,000 unknown keys: one whole process, its wall time and peak memory.

    Baseline: the valid example's process above. The command prints 20 problems and a count.
    """
    import resource
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        for suffix, text in (("yaml", "".join(f"k{i}: {i}\n" for i in range(100_000))),
                             ("json", json.dumps({f"k{i}": i for i in range(100_000)}))):
            path = Path(folder) / f"keys.{suffix}"
            path.write_text(text, encoding="utf-8")
            times = []
            for _ in range(runs):
                start = time.perf_counter()
                done = subprocess.run([command, str(path)], capture_output=True, text=True)
                times.append(time.perf_counter() - start)
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            lines = done.stderr.count("\n")
            print(f"100,000 unknown keys ({suffix}):       median {statistics.median(times) * 1000:,.0f} ms "
                  f"({statistics.median(times) / baseline:.1f}x the example), peak {peak:,.0f} MB so far, "
                  f"{lines} lines, exit {done.returncode}")


if __name__ == "__main__":
    main()
