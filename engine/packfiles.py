"""Which files of a pack folder are read: YAML files, not the ones editors leave beside them."""

from __future__ import annotations

import os
from pathlib import Path

from .problems import InputError

YAML_SUFFIXES = (".yaml", ".yml")


def editor_litter(name: str) -> bool:
    """Hidden files and editors' backups and locks: `.x.yaml.swp`, `.#x.yaml`, `x.yaml~`, `#x.yaml#`."""
    return name.startswith((".", "#")) or name.endswith("~")


def rule_file_candidates(folder: str | os.PathLike[str]) -> list[Path]:
    """The YAML files of `folder` in name order, skipping hidden and backup files and dangling symlinks.

    Anything else named *.yaml (a FIFO, a folder) is kept, so reading it reports what it is.
    """
    try:
        entries = list(os.scandir(folder))
    except OSError as error:
        raise InputError.from_os_error(error, "cannot be read", folder) from None
    found = []
    for entry in entries:
        if editor_litter(entry.name) or not entry.name.endswith(YAML_SUFFIXES):
            continue
        if entry.is_symlink() and not os.path.exists(entry.path):
            continue
        found.append(Path(entry.path))
    return sorted(found)
