"""Writing output behind the work: a thread hands finished output to the system while the
next records are evaluated.

Copying a report into the system's file cache takes some 10 µs a record (a JSON report is
some 30 KB), a twentieth of what one process spends on a record, and the system call gives
the interpreter lock up while it copies. A second thread that makes the call lets that copy
run beside the evaluation of the next records on another core. The thread takes a block of
output at a time (a megabyte), so it needs the interpreter lock a few times a chunk, not once
a record.
"""

from __future__ import annotations

import contextlib
import os
import queue
import threading

from ssi_advise.engine.writing import write_all

# The end of the blocks, for the thread.
_END: list[bytes] = []


class WriteBehind:
    """Blocks of output written to `descriptor` by a thread of their own, in the order given.

    The thread writes to its own copy of the descriptor (`os.dup`), which it closes when it
    ends: should the caller close its stream before the thread is done (after a failure, an
    interrupt), the system cannot give that number to another file under the thread's hands.
    At most one block waits while another is written, so memory holds no more than three
    blocks (one being made). A failure to write (a full disk, a reader gone) is raised, as the
    same exception, by the next `put` or by `close`; what follows it is not written.
    """

    def __init__(self, descriptor: int) -> None:
        self._descriptor = os.dup(descriptor)
        self._blocks: queue.Queue[list[bytes]] = queue.Queue(maxsize=1)
        self._error: BaseException | None = None
        self._abandoned = False
        # A daemon: a caller that never closes must not keep the process alive at its end.
        self._thread = threading.Thread(target=self._write, name="ssi-advise-writer", daemon=True)
        self._thread.start()

    def put(self, block: list[bytes]) -> None:
        """Hand a block over to be written after those before it."""
        self._raise_failure()
        self._blocks.put(block)

    def close(self) -> None:
        """Wait until every block is written; raise the failure to write one, if any."""
        if self._thread.is_alive():
            self._blocks.put(_END)
            self._thread.join()
        self._raise_failure()

    def abandon(self) -> None:
        """Stop writing, without waiting: the blocks not yet written are dropped.

        Never waits for the thread, which may be stuck in a write to a pipe nobody reads (an
        interrupted run must end at once); it ends when that write does, or with the process.
        """
        self._abandoned = True
        with contextlib.suppress(queue.Empty):
            while True:
                self._blocks.get_nowait()
        # Only this side puts, so the queue emptied above has room for the end.
        with contextlib.suppress(queue.Full):
            self._blocks.put_nowait(_END)

    @property
    def running(self) -> bool:
        """Whether the thread is still there (it ends after `close`, or once `abandon`ed)."""
        return self._thread.is_alive()

    def _raise_failure(self) -> None:
        if self._error is not None:
            raise self._error

    def _write(self) -> None:
        try:
            while (block := self._blocks.get()) is not _END:
                if self._error is not None or self._abandoned:
                    continue  # taken, so `put` never waits, and dropped
                try:
                    write_all(self._descriptor, block)
                except BaseException as error:  # noqa: BLE001 - handed to the caller's thread
                    self._error = error
        finally:
            os.close(self._descriptor)
