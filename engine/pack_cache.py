"""The built-in pack, loaded once and kept: start-up without reading and validating its rules.

Loading the built-in pack (YAML, schemas, cross-file checks) costs more than everything else
one `ssi-advise` call does. The loaded pack is kept as JSON in the user's cache folder and
reused while nothing it was made from has changed:

- The key is a SHA-256 over the pack's files, the schemas and the source of the engine
  (which reads the pack), with the pack's folder: any change to any of them is a new key,
  and an entry under an old key is never read again.
- Nothing in the entry is executed: it is JSON data, rebuilt field by field into the
  pack's own records (only those), and any surprise means "no entry", never a guess.
- The cache folder and the entry must belong to the user running the program and be
  writable by nobody else, and the entry must be a regular file (not a link); an entry's
  digest of its own body must match. Otherwise the pack is loaded from its files as always.
- `SSI_ADVISE_NO_CACHE=1` turns the cache off; `SSI_ADVISE_CACHE_DIR` moves it.

Writing is best effort: a cache that cannot be written costs time, never a failure.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .conditions import All, Any_, Compare, Not
from .facts import FactSpec
from .model import Advice, Band, Check, Disabled, Measure, Pack, Place

FORMAT = 2
_ENGINE = Path(__file__).resolve().parent
_RECORDS: dict[str, type] = {
    cls.__name__: cls for cls in (Pack, Measure, Advice, Band, Check, Place, Disabled, FactSpec, Compare, All, Any_, Not)
}
# Worked out from the other fields when a record is made.
_DERIVED = {"measure_index"}


def cache_folder() -> Path | None:
    """Where entries are kept, or None when the cache is off."""
    if os.environ.get("SSI_ADVISE_NO_CACHE"):
        return None
    if os.environ.get("SSI_ADVISE_CACHE_DIR"):
        return Path(os.environ["SSI_ADVISE_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "ssi-advise"


def pack_key(root: Path) -> str:
    """The SHA-256 of everything the loaded pack depends on."""
    digest = hashlib.sha256(f"ssi-advise pack cache {FORMAT}\0{root.resolve()}\0".encode())
    schemas = _ENGINE.parent / "schemas"
    files = sorted(root.rglob("*")) + sorted(schemas.glob("*.json")) + sorted(_ENGINE.glob("*.py"))
    files = [path for path in files if path.is_file() and "__pycache__" not in path.parts]
    for path in files:
        digest.update(f"{path}\0".encode())
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def cached_pack(root: Path, load: Callable[[Path], Pack]) -> Pack:
    """The pack in `root` from the cache when its entry is sound, else `load(root)` (and kept)."""
    folder = cache_folder()
    if folder is None:
        return load(root)
    key = pack_key(root)
    entry = folder / f"pack-{key[:40]}.json"
    pack = read_entry(entry, key)
    if pack is None:
        pack = load(root)
        with contextlib.suppress(OSError, TypeError, ValueError):
            write_entry(entry, key, pack)
    return pack


def _owned_and_private(info: os.stat_result) -> bool:
    return info.st_uid == os.geteuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def read_entry(entry: Path, key: str) -> Pack | None:
    """The pack kept in `entry` under `key`, or None when there is none or it is not to be trusted."""
    try:
        if not _owned_and_private(os.stat(entry.parent)):
            return None
        handle = os.open(entry, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode) or not _owned_and_private(info) or info.st_size > 16 * 1024 * 1024:
            return None
        with os.fdopen(handle, "rb", closefd=False) as stream:
            raw = stream.read()
    except OSError:
        return None
    finally:
        os.close(handle)
    head, _, body = raw.partition(b"\n")
    if head != f"{key} {hashlib.sha256(body).hexdigest()}".encode():
        return None
    try:
        pack = decode(json.loads(body))
    except (ValueError, TypeError, KeyError, RecursionError):
        return None
    return pack if isinstance(pack, Pack) else None


def write_entry(entry: Path, key: str, pack: Pack) -> None:
    """Keep `pack` in `entry`: a private file, written whole and renamed into place."""
    entry.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    body = json.dumps(encode(pack), ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()
    temporary = entry.with_name(f".{entry.name}.{os.getpid()}.tmp")
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(f"{key} {hashlib.sha256(body).hexdigest()}\n".encode() + body)
        os.replace(temporary, entry)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def encode(value: Any) -> Any:
    """A pack's records as JSON data: each record tagged with its type, tuples kept apart from lists."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        name = type(value).__name__
        if _RECORDS.get(name) is not type(value):
            raise TypeError(f"{name} is not a pack record")
        fields = {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init and f.name not in _DERIVED}
        return {"record": name, "fields": fields}
    if isinstance(value, tuple):
        return {"tuple": [encode(item) for item in value]}
    if isinstance(value, frozenset):
        return {"frozenset": sorted(encode(item) for item in value)}
    if isinstance(value, list):
        return [encode(item) for item in value]
    if isinstance(value, dict):
        return {"dict": {key: encode(item) for key, item in value.items()}}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"cannot keep a {type(value).__name__}")


def decode(data: Any) -> Any:
    """The inverse of `encode`: only the pack's own records are ever built."""
    if isinstance(data, list):
        return [decode(item) for item in data]
    if not isinstance(data, dict):
        return data
    if set(data) == {"tuple"}:
        return tuple(decode(item) for item in data["tuple"])
    if set(data) == {"frozenset"}:
        return frozenset(decode(item) for item in data["frozenset"])
    if set(data) == {"dict"}:
        return {key: decode(item) for key, item in data["dict"].items()}
    if set(data) == {"record", "fields"}:
        return _RECORDS[data["record"]](**{key: decode(item) for key, item in data["fields"].items()})
    raise ValueError("not a kept pack")
