"""Writing output files safely: whole or not at all, and never over an input."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Iterable

from .problems import InputError


def write_atomic(target: str | Path, text: str, *, inputs: Iterable[str | Path] = ()) -> None:
    """Write `text` to `target` through a temporary file and a rename.

    Refuses (InputError) when `target` is one of `inputs` or a folder, so a report can
    never replace the profile or a rule file it was made from.
    """
    path = Path(target)
    name = str(target)
    if path.is_dir():
        raise InputError.single("is a folder; name a file to write the report to", file=name)
    if path.exists():
        for source in inputs:
            try:
                if Path(source).exists() and os.path.samefile(path, source):
                    raise InputError.single("is one of the input files; refusing to overwrite it", file=name)
            except OSError:
                continue
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InputError.single(f"cannot write here: the folder {folder} does not exist", file=name)
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise InputError.single(f"cannot write here: {error.strerror or error}", file=name) from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException as error:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        if isinstance(error, OSError):
            raise InputError.single(f"cannot write: {error.strerror or error}", file=name) from None
        raise


@contextlib.contextmanager
def open_atomic(target: str | Path, *, inputs: Iterable[str | Path] = ()) -> Iterator[BinaryIO]:
    """A binary file to stream into, renamed over `target` only when the block ends normally.

    The same refusals as `write_atomic`; an interrupted or failed run removes its temporary
    file, so a half-written output never sits under the name of a finished one.
    """
    path = Path(target)
    name = str(target)
    if path.is_dir():
        raise InputError.single("is a folder; name a file to write to", file=name)
    for source in inputs:
        with contextlib.suppress(OSError):
            if path.exists() and os.path.samefile(path, source):
                raise InputError.single("is one of the input files; refusing to overwrite it", file=name)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InputError.single(f"cannot write here: the folder {folder} does not exist", file=name)
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise InputError.single(f"cannot write here: {error.strerror or error}", file=name) from None
    try:
        with os.fdopen(handle, "wb") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise InputError.single(f"cannot write: {error.strerror or error}", file=name) from None
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
