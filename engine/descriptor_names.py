"""Output names that stand for a descriptor this process holds (/dev/stdout, /dev/fd/3): written
through as they are, never replaced by a renamed file (engine/files.py `open_atomic`)."""

from __future__ import annotations

import os
import stat
from pathlib import Path


def written_through(target: str | Path) -> bool:
    """Whether `open_atomic` writes `target` as it goes (a device, a FIFO, a name of an open
    descriptor such as /dev/stdout) rather than renaming a finished file into place."""
    try:
        info: os.stat_result | None = os.stat(target)
    except OSError:
        info = None
    return writes_through(os.fspath(target), info)


def writes_through(name: str, info: os.stat_result | None) -> bool:
    """`written_through` for an output whose `os.stat` is known (None: there is nothing yet)."""
    return named_descriptor(name) is not None or info is not None and not stat.S_ISREG(info.st_mode)


_DESCRIPTOR_NAMES = {"/dev/stdin": 0, "/dev/stdout": 1, "/dev/stderr": 2}
_DESCRIPTOR_FOLDERS = ("/dev/fd/", "/proc/self/fd/", "/proc/thread-self/fd/")


def named_descriptor(name: str) -> int | None:
    """The descriptor of this process that `name` names (/dev/stdout, /dev/fd/3,
    /proc/self/fd/1), else None."""
    path = os.path.abspath(name)
    if path in _DESCRIPTOR_NAMES:
        return _DESCRIPTOR_NAMES[path]
    for folder in (*_DESCRIPTOR_FOLDERS, f"/proc/{os.getpid()}/fd/"):
        number = path.removeprefix(folder)
        if number != path and number.isdigit() and number.isascii():
            return int(number)
    return None
