"""Which files of a pack folder are read, and how they are named in messages.

A pack folder holds `pack.yaml` and its rule files: every other `*.yaml` or `*.yml` file
directly in the folder, except hidden ones (`.pre-commit-config.yaml` and the like), the
backups and locks editors leave (`x.yaml~`, `.#x.yaml`, `#x.yaml#`) and dangling links.
Sub-folders are not read as rules: `tests/` holds the pack's test cases and `schemas/` the
JSON Schemas an editor reads.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from .problems import InputError
from .schemas import load_schema

DEFAULT_PACK_DIR = Path(__file__).resolve().parent.parent / "rules"
PACK_FILE = "pack.yaml"
BUILT_IN_PREFIX = "default:"
_RULE_KEYS = frozenset({"pillar", "measures", "advice"})


def pack_root(source: str | Path | None) -> Path:
    """The folder of a pack named on the command line: None or 'default' is the built-in one."""
    return DEFAULT_PACK_DIR if source is None or source == "default" else Path(source)


def is_built_in(root: Path) -> bool:
    """Whether a folder is the built-in pack."""
    return root.resolve() == DEFAULT_PACK_DIR


def not_a_pack(root: Path) -> str | None:
    """Why a folder cannot be a pack, or None."""
    if not root.exists():
        return "no such pack folder"
    if not root.is_dir():
        return f"a pack is a folder holding {PACK_FILE}, got a file"
    if not (root / PACK_FILE).is_file():
        return f"not a pack: {PACK_FILE} is missing"
    return None


def display_name(root: Path, path: Path) -> str:
    """How a pack file is named in messages: a built-in file as `default:brand.yaml`.

    The built-in pack lives inside the installed package, a path nobody types; with the
    rule id every message carries, `default:brand.yaml` is enough to find the rule
    (`ssi-advise explain PROFILE RULE_ID` shows it).
    """
    if is_built_in(root):
        return BUILT_IN_PREFIX + path.relative_to(root).as_posix()
    return str(path)


YAML_SUFFIXES = (".yaml", ".yml")


def editor_litter(name: str) -> bool:
    """Hidden files and editors' backups and locks: `.x.yaml.swp`, `.#x.yaml`, `x.yaml~`, `#x.yaml#`."""
    return name.startswith((".", "#")) or name.endswith("~")


def yaml_files(folder: str | os.PathLike[str]) -> list[Path]:
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


def rule_file_paths(root: Path) -> list[Path]:
    """The rule files of a pack folder, in name order: its YAML files but the pack file."""
    return [path for path in yaml_files(root) if path.name != PACK_FILE]


def looks_like_profile(data: Any) -> bool:
    """Whether a file that is no valid rule file holds a profile instead."""
    if not isinstance(data, dict) or _RULE_KEYS & set(data):
        return False
    profile_keys = set(load_schema("profile")["properties"])
    return bool(data) and set(data) <= profile_keys
