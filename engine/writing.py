"""Writing bytes to a file descriptor whole: every part, in order, however many calls the
system needs (a pipe or a signal may take less than asked at a time)."""

from __future__ import annotations

import os

# At most this many buffers per writev call (POSIX guarantees 16; Linux takes 1,024).
IOV_MAX = min(1024, os.sysconf("SC_IOV_MAX")) if hasattr(os, "sysconf") and "SC_IOV_MAX" in os.sysconf_names else 16
_WRITEV = hasattr(os, "writev")


def write_all(descriptor: int, parts: list[bytes]) -> None:
    """Write every part to `descriptor`, in order, however many calls the system needs.

    Not joined first: a batch chunk's output is some 2 MB, and a fresh buffer that size each
    time cost the workers some 13 page faults a record (measured: sys time doubled with
    --jobs 2). Where there is no writev (Windows), part by part.
    """
    pending = [memoryview(part) for part in parts if part]
    while pending:
        written = os.writev(descriptor, pending[:IOV_MAX]) if _WRITEV else os.write(descriptor, pending[0])
        while pending and written >= len(pending[0]):
            written -= len(pending.pop(0))
        if written:
            pending[0] = pending[0][written:]

