"""Writing output files safely: whole or not at all, and never over an input."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .problems import InputError


def write_atomic(target: str | Path, text: str | bytes, *, inputs: Iterable[str | Path] = ()) -> None:
    """Write `text` (or bytes, for a binary format) to `target` through a temporary file and a rename.

    Refuses (InputError) when `target` is one of `inputs` or a folder, so a report can
    never replace the profile or a rule file it was made from.
    """
    path = Path(target)
    name = str(target)
    check_target(path, name, inputs)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InputError.single(f"cannot write here: the folder {folder} does not exist", file=name)
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise InputError.single(f"cannot write here: {error.strerror or error}", file=name) from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(text.encode("utf-8") if isinstance(text, str) else text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise InputError.single(f"cannot write: {error.strerror or error}", file=name) from None
        raise


def check_target(path: Path, name: str, inputs: Iterable[str | Path]) -> None:
    """InputError when `path` is a folder or one of `inputs`: a report never replaces what it was made from."""
    if path.is_dir():
        raise InputError.single("is a folder; name a file to write the report to", file=name)
    if path.exists():
        for source in inputs:
            try:
                if Path(source).exists() and os.path.samefile(path, source):
                    raise InputError.single("is one of the input files; refusing to overwrite it", file=name)
            except OSError:
                continue


def append_line(target: str | Path, line: str, *, inputs: Iterable[str | Path] = ()) -> None:
    """Append one line to `target` (created when absent), never to one of `inputs` or a folder.

    A file whose last line lacks its newline gets one first, so each line stays whole.
    """
    path = Path(target)
    name = str(target)
    check_target(path, name, inputs)
    try:
        with path.open("a+b") as out:
            out.seek(0, os.SEEK_END)
            if out.tell():
                out.seek(-1, os.SEEK_END)
                if out.read(1) != b"\n":
                    out.write(b"\n")
            out.write(line.encode("utf-8"))
    except FileNotFoundError:
        raise InputError.single(f"cannot write here: the folder {path.parent} does not exist", file=name) from None
    except OSError as error:
        raise InputError.single(f"cannot write: {error.strerror or error}", file=name) from None
