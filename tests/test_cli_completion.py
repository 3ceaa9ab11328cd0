"""Shell completion: file names wherever a path is expected, command names at the top."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def complete(words: str, cword: int) -> list[tuple[str, str]]:
    """What bash completion is offered for `words`, as (type, value) pairs."""
    command = Path(sys.executable).parent / "ssi-advise"
    env = {**os.environ, "COMP_WORDS": words, "COMP_CWORD": str(cword), "_SSI_ADVISE_COMPLETE": "bash_complete"}
    done = subprocess.run([str(command)], env=env, capture_output=True, text=True, timeout=60)
    lines = done.stdout.splitlines()
    return [tuple(line.split(",", 1)) for line in lines]  # type: ignore[misc]


@pytest.mark.parametrize(("words", "cword", "expected"), [
    ("ssi-advise exam", 1, ("file", "exam")),  # a profile where a command could stand
    ("ssi-advise r", 1, ("plain", "rules")),
    ("ssi-advise me.yaml --rules ", 3, ("file", "")),
    ("ssi-advise me.yaml -o ", 3, ("file", "")),
    ("ssi-advise rules check ", 3, ("file", "")),
    ("ssi-advise explain ", 2, ("file", "")),
])
def test_paths_complete_as_file_names(words, cword, expected):
    assert expected in complete(words, cword)
