#!/usr/bin/env python3
"""Benchmark: packs of many advice rules that all fire, against the built-in pack as the
baseline. For each size, the wall time and peak memory of one whole `ssi-advise` process
(its report written to a file), and in this process the time to load, compile and evaluate. Prints its
figures; asserts nothing.

    python bench/bench_pack_size.py [--sizes 500 2000 9999] [--repeat 3]

9,999 advice and its one measure are the largest pack accepted (10,000 rules).
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from ssi_advise.engine import compile_pack, evaluate, load_pack, profile_from_dict

PACK_YAML = """\
pack: big
version: "1"
languages: [en, nl]
pillars:
  brand: {title: {en: Brand, nl: Merk}}
  people: {title: {en: People, nl: Mensen}}
  insights: {title: {en: Insights, nl: Inzichten}}
  relationships: {title: {en: Relationships, nl: Relaties}}
"""
PROFILE = {"relationships": {"connections": 10}, "brand": {"skills": 3}}


def write_pack(folder: Path, size: int) -> Path:
    """A pack of `size` advice rules, in one file, every one of which fires for PROFILE."""
    folder.mkdir(parents=True)
    (folder / "pack.yaml").write_text(PACK_YAML, encoding="utf-8")
    measure = {"id": "relationships.connections", "title": {"en": "Connections", "nl": "Connecties"},
               "fact": "relationships.connections", "max_points": 7, "bands": [{"min": 0, "points": 0}, {"min": 500, "points": 7}]}
    advice = [
        {"id": f"relationships.tip_{i}", "improves": "relationships.connections", "effort_minutes_per_week": 5 + i % 50,
         "when": {"all": [{"fact": "relationships.connections", "lt": 1000 + i}, {"not": {"fact": "brand.skills", "gte": 50 + i}}]},
         "title": {"en": f"Tip {i}", "nl": f"Tip {i}"}, "text": {"en": f"Do {i}", "nl": f"Doe {i}"}}
        for i in range(size)
    ]
    rules = {"pillar": "relationships", "measures": [measure], "advice": advice}
    (folder / "rules.yaml").write_text(yaml.safe_dump(rules), encoding="utf-8")
    return folder


# The command as installed, reporting its own peak resident memory in kB last: VmHWM, since
# ru_maxrss would count the memory of this (forked) benchmark process too.
COMMAND = (
    "import atexit, re, sys\n"
    "hwm = lambda: re.search(r'VmHWM:\\s*(\\d+)', open('/proc/self/status').read()).group(1)\n"
    "atexit.register(lambda: sys.stderr.write(f'peak {hwm()}\\n'))\n"
    "from ssi_advise.cli.main import run\n"
    "run()\n"
)


def one_process(pack: str | None, profile: Path) -> tuple[float, float]:
    """(wall seconds, peak resident MB) of one `ssi-advise` run, its report written beside the profile."""
    # Never `-o /dev/null`: -o replaces what it writes to, a device included.
    command = [sys.executable, "-c", COMMAND, str(profile), "--format", "json", "-o", str(profile.with_name("report.json"))]
    if pack:
        command += ["--rules", pack]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    *problems, peak = done.stderr.splitlines() or ["?"]
    if done.returncode != 0 or not peak.startswith("peak "):
        raise SystemExit(f"ssi-advise failed on {pack}: {done.stderr}")
    return elapsed, int(peak.split()[1]) / 1024


def stages(pack: str) -> tuple[float, float, float, int]:
    """(load, compile, evaluate) seconds in this process, and the actions in the report."""
    started = time.perf_counter()
    loaded = load_pack(pack)
    loaded_at = time.perf_counter()
    compiled = compile_pack(loaded)
    compiled_at = time.perf_counter()
    report = evaluate(profile_from_dict(PROFILE), compiled)
    done = time.perf_counter()
    compiled.close()
    return loaded_at - started, compiled_at - loaded_at, done - compiled_at, len(report.actions)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000, 9999])
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure; the best is shown")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        profile = Path(scratch) / "profile.yaml"
        profile.write_text(yaml.safe_dump(PROFILE), encoding="utf-8")
        print(f"{'pack':>18} {'process s':>10} {'peak MB':>8} {'load s':>7} {'compile s':>9} {'evaluate s':>10} {'actions':>8}")
        rows: list[tuple[str, str | None]] = [("built-in (baseline)", None)]
        rows += [(f"{size:,} advice", str(write_pack(Path(scratch) / f"pack{size}", size))) for size in args.sizes]
        for label, pack in rows:
            runs = [one_process(pack, profile) for _ in range(args.repeat)]
            wall, memory = min(r[0] for r in runs), min(r[1] for r in runs)
            load, compiled, evaluated, actions = min((stages(pack or "default") for _ in range(args.repeat)), key=sum)
            print(f"{label:>18} {wall:>10.2f} {memory:>8.0f} {load:>7.2f} {compiled:>9.2f} {evaluated:>10.2f} {actions:>8}")
    print(f"(this process peaked at {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)")


if __name__ == "__main__":
    main()
