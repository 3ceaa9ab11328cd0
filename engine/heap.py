"""Keeping durable-rules' buffers in memory the process already has, for a long run of states.

Every durable-rules state grows a buffer by reallocation, to some 540 KB for 64 profiles
on the default pack, and frees it when the state is deleted. glibc's allocator serves a
block that large with a mapping of its own (above its mmap threshold, 128 KiB at start and
raised only after such a block is freed) and gives the free top of its heap back to the
kernel (above its trim threshold). Either way the next state's buffer is fresh pages that
the kernel must zero: measured on 20,000 profiles, 296,000 page faults and an engine step
25% slower, or 76,000 faults, depending on what the process had freed before. Fixed
thresholds above those sizes keep the buffer on the heap from state to state: 4 faults,
and the same speed on every run.

This changes an allocator setting of the whole process, so evaluating never does it on its
own: `run_batch`, which runs states by the thousand, asks for it.
"""

from __future__ import annotations

import ctypes
import os

# glibc's mallopt parameters (malloc.h).
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
# Blocks up to this size come from the heap: well above a state's buffer on the default pack
# even at BATCH_LIMIT profiles, and below glibc's own 32 MiB ceiling for it. A pack with
# hundreds of facts grows larger buffers, which then get mappings of their own as before:
# slower, never wrong.
MMAP_THRESHOLD = 8 * 2**20
# Free memory at the top of the heap is given back to the kernel only past this size.
TRIM_THRESHOLD = 32 * 2**20

_kept = False


def keep_heap() -> bool:
    """Fix glibc's mmap and trim thresholds for this process, once (see the module's text);
    False, changing nothing, where the C library is not glibc or refuses the settings."""
    global _kept
    if _kept:
        return True
    if not _glibc():
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    # mallopt returns 1 on success.
    _kept = mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1 and mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD) == 1
    return _kept


def _glibc() -> bool:
    # Asked of the C library itself: platform.libc_ver() reads the Python executable, which a
    # statically linked build makes tens of megabytes.
    try:
        return (os.confstr("CS_GNU_LIBC_VERSION") or "").startswith("glibc")
    except (AttributeError, ValueError, OSError):
        return False
