#!/usr/bin/env python3
"""Write docs/cli.md from the commands' own --help, so the reference cannot drift.

    python docs/cli_reference.py          # rewrite docs/cli.md
    tests/test_cli_reference.py checks it is up to date.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from ssi_advise.cli.main import main

COMMANDS = [
    [], ["advise"], ["batch"], ["batch", "run"], ["batch", "template"], ["compare"], ["history"], ["what-if"], ["explain"],
    ["import"], ["import", "linkedin"], ["import", "ssi"],
    ["rules"], ["rules", "check"], ["rules", "test"], ["rules", "init"], ["rules", "schema"], ["rules", "diff"], ["rules", "fmt"],
]
TARGET = Path(__file__).resolve().parent / "cli.md"


def reference() -> str:
    """The CLI reference as Markdown."""
    parts = ["# Command reference\n\nGenerated from `--help` by `python docs/cli_reference.py`; do not edit by hand.\n"]
    for words in COMMANDS:
        name = " ".join(["ssi-advise", *words])
        text = CliRunner().invoke(main, [*words, "--help"], prog_name="ssi-advise", terminal_width=80).output
        parts.append(f"## `{name}`\n\n```\n{text.rstrip()}\n```\n")
    return "\n".join(parts)


if __name__ == "__main__":
    TARGET.write_text(reference(), encoding="utf-8")
    print(f"wrote {TARGET}")
