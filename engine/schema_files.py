"""The JSON Schemas a pack's editor reads, written into the pack so every machine finds them.

A `# yaml-language-server: $schema=...` line pointing into one virtual environment works on
one machine only. `rules schema --write DIR` (and `rules init`) copy the schemas into the
pack, and each file's first line points at them by a relative path, which works wherever
the pack is checked out. The schemas refer to each other by relative paths too.
"""

from __future__ import annotations

import json
from pathlib import Path

from .files import write_atomic
from .problems import InputError
from .schema_store import SCHEMA_DIR, load_schema

# The schemas of the files a pack folder holds (profiles for the cases' profile files).
PACK_SCHEMAS = ("pack", "rules", "tests", "profile")
SCHEMAS_FOLDER = "schemas"


def modeline(schema: str, relative_to_pack: str = "") -> str:
    """The first line of a pack file, pointing the editor at the pack's own copy of a schema."""
    return f"# yaml-language-server: $schema={relative_to_pack}{SCHEMAS_FOLDER}/{schema}.schema.json"


def write_schemas(folder: Path) -> list[tuple[Path, str]]:
    """Write the pack schemas into `folder`: each path with 'wrote', 'updated' or 'unchanged'.

    A file of the same name that is not one of these schemas is never replaced.
    """
    if folder.exists() and not folder.is_dir():
        raise InputError.single("is a file; name a folder to write the schemas into", file=str(folder))
    planned = []
    for name in PACK_SCHEMAS:
        path = folder / f"{name}.schema.json"
        text = (SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8")
        status = "wrote"
        if path.exists():
            if _schema_id(path) != load_schema(name)["$id"]:
                raise InputError.single(f"exists and is not the ssi-advise {name} schema; refusing to overwrite it", file=str(path))
            status = "unchanged" if path.read_text(encoding="utf-8") == text else "updated"
        planned.append((path, text, status))
    folder.mkdir(parents=True, exist_ok=True)
    for path, text, status in planned:
        if status != "unchanged":
            write_atomic(path, text)
    return [(path, status) for path, _, status in planned]


def _schema_id(path: Path) -> str | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data.get("$id") if isinstance(data, dict) else None
