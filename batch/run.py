"""Running a batch: records in, in chunks, through one or more processes, output out in order.

Memory stays flat: the reader is lazy; in one process every output record is handed to the
writer (`write`, e.g. a Sink writing behind the work) as soon as it is made, and with
workers at most a few chunks per worker are in flight and each chunk's output is written as
soon as the chunk is done. With `jobs` > 1 the compiled pack is shared by forking after it
is compiled (where the platform can fork; elsewhere each worker compiles the pack once when
it starts). The output does not depend on `jobs`: a record's output depends on that record
alone, and chunks come back in input order.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from ssi_advise.engine import CompiledPack, EngineError, compile_pack, load_pack
from ssi_advise.engine.writing import write_all
from ssi_advise.engine.heap import keep_heap
from ssi_advise.engine.schemas import surely_valid

from .records import Record
from .work import Chunk, Job, collector_paused, outcomes, process_chunk, process_parts

# Records per chunk handed to a worker, and so per durable-rules state: a worker's chunk
# comes back as one output (some 30 KiB a record), and chunks in flight are most of what
# memory holds at its peak: 64 keeps it flat.
CHUNK = 64
# Records per durable-rules state in one process, where each output record is written as
# soon as it is made and a chunk's outputs are never held together. The engine step is some
# 5 µs a record faster at 128 per state than at 64 (a state's fixed costs shared by more).
IN_PROCESS_CHUNK = 128
IN_FLIGHT_PER_WORKER = 3


@dataclass
class Summary:
    """How a batch went."""

    done: int = 0
    failed: int = 0
    seconds: float = 0.0

    @property
    def records(self) -> int:
        return self.done + self.failed

    def line(self) -> str:
        """`batch: 99,997 done, 3 failed, 12.3 s, 8,130 records/s`."""
        rate = self.records / self.seconds if self.seconds > 0 else 0.0
        return f"batch: {self.done:,} done, {self.failed:,} failed, {self.seconds:.1f} s, {rate:,.0f} records/s"


def chunks(records: Iterable[Record], size: int = CHUNK) -> Iterator[list[Record]]:
    """Records in lists of `size` (the last one shorter)."""
    iterator = iter(records)
    while chunk := list(islice(iterator, size)):
        yield chunk


def run_batch(
    records: Iterable[Record],
    job: Job,
    write: Callable[[bytes], None],
    *,
    rules: str | Path | None = None,
    compiled: CompiledPack | None = None,
    jobs: int = 1,
    progress: Callable[[int], None] | None = None,
    direct: int | None = None,
) -> Summary:
    """Evaluate every record and hand the output to `write` (bytes: in one process a JSONL line,
    or a chunk's CSV rows, at a time; from workers a chunk at a time), in input order.

    `compiled` is the pack to use (compiled from `rules` when not given). `progress` is
    told how many records each finished chunk held. `direct` is the descriptor of the
    regular file `write` writes to (`Sink.direct`): forked workers then write their output
    to it themselves, in input order, and `write` gets nothing. On glibc it fixes the
    allocator's thresholds for the process (engine/heap.py).
    """
    started = time.perf_counter()
    # Thousands of durable-rules states, one after another, each growing and freeing a buffer.
    keep_heap()
    own = compiled is None
    compiled = compiled or compile_pack(load_pack(rules))
    summary = Summary()
    try:
        results = _in_process(job, compiled, records, write) if jobs <= 1 else _in_workers(job, compiled, rules, records, jobs, direct)
        for chunk in results:
            summary.done += chunk.done
            summary.failed += chunk.failed
            if chunk.data:
                write(chunk.data)
            if progress is not None:
                progress(chunk.done + chunk.failed)
    finally:
        if own:
            compiled.close()
    summary.seconds = time.perf_counter() - started
    return summary


def _in_process(job: Job, compiled: CompiledPack, records: Iterable[Record], write: Callable[[bytes], None]) -> Iterator[Chunk]:
    """Each chunk done here, its profiles evaluated in one durable-rules state, and each JSONL
    line written as soon as it is made (one report held at a time); CSV rows a chunk at a time."""
    for chunk in chunks(records, IN_PROCESS_CHUNK):
        if job.output == "csv":
            done, failed, parts = process_parts(job, compiled, chunk)
            for part in parts:
                write(part)
        else:
            failed = 0
            with collector_paused():
                for is_error, line in outcomes(job, compiled, chunk):
                    write(line)
                    failed += is_error
            done = len(chunk) - failed
        yield Chunk(done, failed, b"")


# The worker's pack: inherited from the parent when forked, or compiled once by _start.
_WORKER: dict[str, Any] = {}


def _start(job: Job, rules: str | Path | None) -> None:
    # Ctrl-C reaches every process of the terminal's group; only the parent acts on it (it
    # stops handing out chunks and lets the running ones end). A worker interrupted while
    # waiting for its turn to write would leave the next one waiting for good (seen: a hang).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A forked worker inherits the parent's SIGTERM handler (cli/batch.py); one killed ends as a worker ended abruptly.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    # Killed outright (SIGKILL, the OOM killer), the parent cannot shut its workers down, and
    # they would wait for chunks for good (each holds the others' end of the queue's pipe).
    _WORKER["parent"] = os.getppid()
    threading.Thread(target=_end_with, args=(_WORKER["parent"],), name="parent-watch", daemon=True).start()
    if _WORKER.get("job") is not job or "compiled" not in _WORKER:
        _WORKER.update(job=job, compiled=compile_pack(load_pack(rules)))


# Held while a worker writes its chunk to the shared file: ended between two writes, never in
# one, an orphaned worker leaves no half line behind (seen: a file cut at a page boundary).
_WRITING = threading.Lock()


def _end_with(parent: int) -> None:
    """End this worker once `parent` is gone (the worker is then another process's child), but
    never while it writes."""
    while os.getppid() == parent:
        time.sleep(0.5)
    _WRITING.acquire()
    os._exit(1)


def _work(records: list[Record]) -> Chunk:
    return process_chunk(_WORKER["job"], _WORKER["compiled"], records)


def _work_and_write(index: int, records: list[Record]) -> Chunk:
    """Process chunk `index`, then write its output to the shared file when its turn comes.

    Each output crossing back to the parent would cost a copy through a pipe and the
    parent's time to write it (some 30 KB a JSON report); with several workers the parent
    became the bottleneck. The turn always moves on, also after a failure, so no worker
    waits for a chunk that will never be written (the parent then stops the run).
    """
    turn, written, whole, gap = _WORKER["turn"], _WORKER["written"], _WORKER["whole"], _WORKER["gap"]
    done: tuple[int, int, list[bytes]] | None = None
    try:
        done = process_parts(_WORKER["job"], _WORKER["compiled"], records)
    finally:
        with turn:
            while written.value != index:
                turn.wait(1.0)
            try:
                # After a chunk that failed, nothing more is written: the output would have a
                # gap where that chunk belongs.
                if done is None:
                    gap.value = True
                elif not gap.value:
                    with _WRITING:
                        # An orphan (its parent killed outright) writes nothing more: the run failed.
                        if os.getppid() == _WORKER["parent"]:
                            write_all(_WORKER["direct"], done[2])
                            whole.value = os.lseek(_WORKER["direct"], 0, os.SEEK_CUR)
            finally:
                written.value = index + 1
                turn.notify_all()
    assert done is not None  # a failure was raised above
    return Chunk(done[0], done[1], b"")


def _in_workers(
    job: Job, compiled: CompiledPack, rules: str | Path | None, records: Iterable[Record], jobs: int, direct: int | None
) -> Iterator[Chunk]:
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    # Set before the workers fork, so they find the compiled pack (and the generated
    # validator) already there; a spawned worker cannot share the file, so it sends its output.
    _WORKER.update(job=job, compiled=compiled)
    writes = direct is not None and "fork" in methods
    if writes:
        assert direct is not None
        # `whole`: where the output of the last chunk written whole ends; `gap`: a chunk failed.
        _WORKER.update(direct=direct, turn=context.Condition(), written=context.Value("q", 0, lock=False),
                       whole=context.Value("q", _next_write(direct), lock=False), gap=context.Value("b", 0, lock=False))
    surely_valid({}, "profile")
    pending: deque[Future[Chunk]] = deque()
    try:
        with ProcessPoolExecutor(jobs, mp_context=context, initializer=_start, initargs=(job, rules)) as pool:
            for index, chunk in enumerate(chunks(records)):
                pending.append(pool.submit(_work_and_write, index, chunk) if writes else pool.submit(_work, chunk))
                # Bounded: the reader never runs ahead of the workers by more than this.
                while len(pending) >= jobs * IN_FLIGHT_PER_WORKER:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
    except BrokenProcessPool:
        if writes:
            assert direct is not None
            _cut_to_whole(direct, _WORKER["whole"].value)
        raise EngineError("a worker process ended abruptly (it was killed, or the rules engine crashed)") from None
    finally:
        for future in pending:
            future.cancel()
        _WORKER.clear()


def _next_write(direct: int) -> int:
    """Where the next write to `direct` lands: its end when it appends (`>>`: the shell opened
    it at offset 0, and a write moves the offset to the end), else its offset."""
    import fcntl  # POSIX only, as are the workers that write for themselves

    if fcntl.fcntl(direct, fcntl.F_GETFL) & os.O_APPEND:
        return os.lseek(direct, 0, os.SEEK_END)
    return os.lseek(direct, 0, os.SEEK_CUR)


def _cut_to_whole(direct: int, whole: int) -> None:
    """Cut what a worker killed while it wrote left of its chunk (half a line), so the output
    (standard output redirected to a file, where no temporary file is renamed) ends at a whole
    record. Only the file's tail is ever cut: what lies beyond the last write (a file opened
    with `1<>`, written over from its start) stays. The pool has ended every worker by now."""
    with contextlib.suppress(OSError):
        written = os.lseek(direct, 0, os.SEEK_CUR)
        if written == os.lseek(direct, 0, os.SEEK_END) and written > whole:
            os.ftruncate(direct, whole)
        os.lseek(direct, min(whole, written), os.SEEK_SET)
