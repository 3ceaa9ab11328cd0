#!/usr/bin/env python3
"""Benchmark: reading a heavy LinkedIn export (30,000 connections, LinkedIn's cap; 100,000
reactions; 20,000 messages) into profile facts, against the csv module alone reading the
same files as the baseline. The archive is built in a temporary folder. Prints its figures;
asserts nothing.

    python bench/bench_import.py [--runs 3]
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "importers"))

import export_builder  # noqa: E402

from ssi_advise.importers import read_linkedin_archive  # noqa: E402


def best_of(runs: int, work: Callable[[], Any]) -> float:
    """The fastest of `runs` timed calls, in seconds."""
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def csv_only(path: Path) -> int:
    """Baseline: unzip and parse every CSV member with the csv module, nothing else."""
    rows = 0
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.endswith(".csv"):
                rows += sum(1 for _ in csv.reader(io.StringIO(archive.read(name).decode("utf-8-sig"), newline="")))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="timed passes; the best counts (default 3)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = export_builder.write_zip(Path(folder) / "Complete_LinkedInDataExport_04-06-2026.zip", export_builder.large_files())
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        result = read_linkedin_archive(path)
        relationships = result.facts["relationships"]
        print(f"archive: {path.stat().st_size / 1e6:.1f} MB zipped, {unpacked / 1e6:.1f} MB of CSV")
        print(
            f"facts: {len(result.found())}, connections {relationships['connections']}, "
            f"reactions/week {result.facts['insights']['reactions_given_per_week']}, "
            f"messages sent/week {result.facts['insights']['messages_sent_per_week']}"
        )
        baseline = best_of(options.runs, lambda: csv_only(path))
        importing = best_of(options.runs, lambda: read_linkedin_archive(path))
        print(f"csv module alone (baseline): {baseline * 1000:7.0f} ms  (best of {options.runs})")
        print(f"read_linkedin_archive:       {importing * 1000:7.0f} ms  (best of {options.runs}; target < 1000 ms)")
        print(f"import vs baseline:          {importing / baseline:7.1f}x the csv module's time")


if __name__ == "__main__":
    main()
