"""Reading and writing files safely.

Reading: only regular files (a FIFO or a device as input would block or never end).
Writing: whole or not at all, never over an input, and never replacing what the user owns
with something else: a regular file is replaced through a temporary file and a rename (and
keeps its mode), while a device, a FIFO or a symlink's target is written through, as a
shell's `>` would.
"""

from __future__ import annotations

import contextlib
import functools
import os
import stat
import sys
from pathlib import Path
from typing import Any, BinaryIO, TypeVar
from collections.abc import Callable, Iterable, Iterator

from .problems import InputError, Problem, os_reason
from .descriptor_names import named_descriptor, writes_through
from .writing import write_all

F = TypeVar("F", bound=Callable[..., Any])

_KINDS = {
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


def _kind(mode: int) -> str:
    return _KINDS.get(stat.S_IFMT(mode), "not a regular file")


def _not_found(source: str | os.PathLike[str]) -> str:
    """Why a file is not there: none by that name, or a symbolic link to nothing."""
    with contextlib.suppress(OSError):
        return f"is a link to {os.readlink(source)}, which does not exist"
    return "no such file"


def read_regular(source: str | os.PathLike[str], limit: int, *, name: str | None = None) -> bytes:
    """At most `limit` bytes of a regular file; InputError (one line naming it) for anything else."""
    name = name or os.fspath(source)
    try:
        info = os.stat(source)
        if stat.S_ISDIR(info.st_mode):
            raise InputError.single("is a folder, expected a file", file=name)
        if not stat.S_ISREG(info.st_mode):
            raise InputError.single(f"is {_kind(info.st_mode)}, expected a regular file", file=name)
        # O_NONBLOCK: should the file be swapped for a FIFO after the check, open does not hang.
        handle = os.open(source, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except FileNotFoundError:
        raise InputError.single(_not_found(source), file=name) from None
    except OSError as error:
        raise InputError.from_os_error(error, "cannot be read", name) from None
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            raise InputError.single(f"is {_kind(info.st_mode)}, expected a regular file", file=name)
        chunks = []
        size = 0
        while size < limit:
            chunk = os.read(handle, min(limit - size, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)
    except OSError as error:
        raise InputError.from_os_error(error, "cannot be read", name) from None
    finally:
        os.close(handle)


def converts_os_errors(function: F) -> F:
    """Let `function` raise InputError, one line naming the path and the reason, for any OSError."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except OSError as error:
            raise InputError.from_os_error(error) from None

    return wrapper  # type: ignore[return-value]


def write_atomic(target: str | Path, text: str | bytes, *, inputs: Iterable[str | Path] = (), what: str = "the report") -> None:
    """Write `text` (or bytes, for a binary format) to `target`, refusing (InputError) to write
    over one of `inputs` or a folder.

    A regular file (new, or the target of a symlink) is written to a temporary file beside
    it and renamed over it, so it is whole or untouched; an existing one keeps its mode and,
    where allowed, its owner; a new one gets 0666 less the umask. A device or a FIFO is
    written through. Every failure is one line: `NAME: cannot write the report: REASON`.
    """
    with open_atomic(target, inputs=inputs, what=what) as out:
        write_all(out.fileno(), [_encoded(text)])


@contextlib.contextmanager
def open_atomic(target: str | Path, *, inputs: Iterable[str | Path] = (), what: str = "the output") -> Iterator[BinaryIO]:
    """`write_atomic` for output written as it is made: a binary stream to write to.

    A regular file only takes the name when the block ends normally; an interrupted or failed
    run removes its temporary file and leaves what was there before.
    """
    name = os.fspath(target)
    destination, existing = _destination(target, name, inputs, what)
    descriptor = named_descriptor(name)
    try:
        if destination is None or writes_through(name, existing):  # a device, a FIFO, an open descriptor
            # /dev/stdout and the like name a descriptor this process holds: it is written
            # through a copy of it (the same offset, and the shell's append mode of `>> log`),
            # never replaced by a rename, even when it is a regular file.
            handle = os.dup(descriptor) if descriptor is not None else os.open(target, os.O_WRONLY | os.O_NOCTTY | os.O_CLOEXEC)
            with os.fdopen(handle, "wb") as through:
                yield through
            return
        # os.urandom, not secrets: the same bytes, without the 5 ms `secrets` costs to import.
        temporary = destination.parent / f".{destination.name}.{os.urandom(6).hex()}.tmp"
        try:
            # 0o666 less the umask for a new file, as any program that writes one does.
            handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o666)
        except OSError as error:
            where = destination.parent
            raise InputError.single(f"cannot write {what}: cannot create a file in {where}: {os_reason(error)}", file=name) from None
        try:
            with os.fdopen(handle, "wb") as out:
                if existing is not None:
                    os.fchmod(handle, stat.S_IMODE(existing.st_mode))
                    with contextlib.suppress(OSError):  # not ours to give away; the mode is kept all the same
                        os.fchown(handle, existing.st_uid, existing.st_gid)
                yield out
                out.flush()
                os.fsync(handle)
            os.replace(temporary, destination)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
    except OSError as error:
        raise InputError.single(f"cannot write {what}: {os_reason(error)}", file=name) from None


def _destination(target: str | Path, name: str, inputs: Iterable[str | Path], what: str) -> tuple[Path | None, os.stat_result | None]:
    """The file to replace (None: write through a device or FIFO) and what is there now."""
    try:
        info: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        info = None
    except OSError as error:
        raise InputError.single(f"cannot write here: {os_reason(error)}", file=name) from None
    if info is not None:
        _refuse_over(info, name, inputs, what)
        if not stat.S_ISREG(info.st_mode):
            return None, info
    # Through a symlink, the file it points to is replaced, never the link itself.
    destination = Path(os.path.realpath(target)) if os.path.islink(target) else Path(target)
    folder = destination.parent
    try:
        folder_info = os.stat(folder)
    except FileNotFoundError:
        raise InputError.single(f"cannot write here: the folder {folder} does not exist", file=name) from None
    except OSError as error:
        raise InputError.single(f"cannot write here: {os_reason(error)}", file=name) from None
    if not stat.S_ISDIR(folder_info.st_mode):
        raise InputError.single(f"cannot write here: {folder} is not a folder", file=name)
    return destination, info


def _is_input(info: os.stat_result, inputs: Iterable[str | Path]) -> bool:
    for source in inputs:
        try:
            other = os.stat(source)
        except OSError:
            continue
        if (other.st_dev, other.st_ino) == (info.st_dev, info.st_ino):
            return True
    return False


def _encoded(text: str | bytes) -> bytes:
    return text.encode("utf-8") if isinstance(text, str) else text


def regular_file(stream: BinaryIO) -> os.stat_result | None:
    """The status of the regular file `stream` writes to; None for a pipe, a terminal, a device
    or a stream without a descriptor."""
    try:
        info = os.fstat(stream.fileno())
    except (OSError, ValueError, AttributeError):
        return None
    return info if stat.S_ISREG(info.st_mode) else None


def check_stream(stream: BinaryIO, name: str, inputs: Iterable[str | Path], what: str = "the output") -> None:
    """InputError when `stream` writes to a regular file that is one of `inputs` (`-o - >> input`:
    a run reading its own output back). Devices, pipes and terminals are never refused."""
    info = regular_file(stream)
    if info is not None and _is_input(info, inputs):
        raise InputError.single(f"is one of the input files; refusing to write {what} to it", file=name)


def check_target(path: Path, name: str, inputs: Iterable[str | Path], what: str = "the history") -> None:
    """InputError when `path` is a folder or one of `inputs`: nothing is written over what a run read."""
    try:
        info = os.stat(path)
    except OSError:
        return
    _refuse_over(info, name, inputs, what)


def _refuse_over(info: os.stat_result, name: str, inputs: Iterable[str | Path], what: str) -> None:
    """InputError when what is at `name` is a folder or one of `inputs`."""
    if stat.S_ISDIR(info.st_mode):
        raise InputError.single(f"is a folder; name a file to write {what} to", file=name)
    if _is_input(info, inputs):
        raise InputError.single("is one of the input files; refusing to overwrite it", file=name)


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
        raise InputError.single(f"cannot write: {os_reason(error)}", file=name) from None


def write_stdout(text: str) -> None:
    """Write `text` to standard output and flush it.

    Raises InputError with the one line `cannot write the report: REASON` when standard
    output is closed, full (/dev/full) or a pipe whose reader has gone. Afterwards standard
    output points at /dev/null, so Python's own flush at exit does not fail a second time.
    """
    out = sys.stdout
    if out is None:
        raise InputError([Problem("cannot write the report: standard output is closed")])
    try:
        out.write(text)
        out.flush()
    except (OSError, ValueError) as error:
        silence_stdout()
        reason = (error.strerror or str(error)) if isinstance(error, OSError) else "standard output is closed"
        raise InputError([Problem(f"cannot write the report: {reason}")]) from None


def silence_stdout() -> None:
    """Point standard output at /dev/null, so Python's own flush at exit does not fail a second time."""
    try:
        fileno = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, fileno)
    finally:
        os.close(null)
