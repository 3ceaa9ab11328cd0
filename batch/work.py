"""Turning a chunk of records into output records: decode, validate, evaluate, render.

This is what a worker process runs, and one process too. Each record ends as exactly one
output record: a report, or an error naming the record's line. The chunk's valid profiles go
through durable-rules together (one state per chunk); should the engine fail on a chunk, its
profiles go through one by one so the failure is pinned on its own record.
"""

from __future__ import annotations

import csv
import gc
import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Literal

import orjson

from ssi_advise.engine import CompiledPack, EngineError, InputError, Profile
from ssi_advise.engine.problems import Problem
from ssi_advise.engine.document import Document
from ssi_advise.engine.firing import Firing, fire, fire_many
from ssi_advise.engine.json_reader import text_problems
from ssi_advise.engine.model import Pack
from ssi_advise.engine.profile import profile_from_document
from ssi_advise.engine.schemas import validate
from ssi_advise.reports.json import fired_report_data

from .cells import PLAIN, CsvLayout
from .record import Record, Unreadable
from .records import Kind, decode
from .table import Columns, error_row, row_id, summary_row

OutputFormat = Literal["jsonl", "csv"]
# An output record: whether it is an error, and the JSONL line (bytes) or the CSV row.
Outcome = tuple[bool, Any]


@dataclass(frozen=True)
class Job:
    """What every record of one batch is done with."""

    kind: Kind
    name: str  # the input's name, as problems show it
    output: OutputFormat
    language: str | None = None  # None: each profile's own language, else en
    columns: Columns = ()  # CSV input: the header's facts
    layout: CsvLayout = PLAIN  # CSV input: how the file is written
    delimiter: str = ","  # CSV output: what separates its cells (with ";", numbers are written 12,5)


@dataclass(frozen=True, slots=True)
class Chunk:
    """The output of a chunk of records, ready to write: one bytes object crosses from a worker."""

    done: int
    failed: int
    data: bytes


def process_chunk(job: Job, compiled: CompiledPack, records: list[Record]) -> Chunk:
    """`process`, with the output records joined into the bytes to write."""
    done, failed, parts = process_parts(job, compiled, records)
    return Chunk(done, failed, b"".join(parts))


def process_parts(job: Job, compiled: CompiledPack, records: list[Record]) -> tuple[int, int, list[bytes]]:
    """`process`: how many records were done and failed, and the output as the pieces to write
    in order (a JSONL line each; CSV rows as one), for a writer that need not join them."""
    with collector_paused():
        outcomes = process(job, compiled, records)
    failed = sum(1 for is_error, _ in outcomes if is_error)
    if job.output == "csv":
        text = io.StringIO()
        csv.writer(text, delimiter=job.delimiter).writerows(row for _, row in outcomes)
        parts = [text.getvalue().encode("utf-8")]
    else:
        parts = [line for _, line in outcomes]
    return len(outcomes) - failed, failed, parts


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off while a chunk is done, back as it was after.

    A chunk allocates hundreds of thousands of short-lived objects and no reference cycles
    that outlive it: the collector would scan them again and again for nothing (measured: a
    fifth of the time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def process(job: Job, compiled: CompiledPack, records: list[Record]) -> list[Outcome]:
    """The output records of `records`, in their order."""
    return list(outcomes(job, compiled, records))


def outcomes(job: Job, compiled: CompiledPack, records: list[Record]) -> Iterator[Outcome]:
    """The output records of `records`, in their order, each made when it is asked for.

    The records are read and validated, and their profiles go through durable-rules together
    (one state); then each report is built and rendered only as its output record is asked
    for, so a caller that writes each record at once holds one report at a time.
    """
    failed: dict[int, Outcome] = {}
    profiles: list[Profile] = []
    for index, record in enumerate(records):
        document = None
        try:
            document, found = decode(job.kind, job.name, record, job.columns, job.layout)
            where = document.name if job.kind == "folder" else f"{job.name}:{record.line}"
            profiles.append(_profile(document, where, found, compiled.pack))
        except InputError as error:
            # A record that was read names its client by its own id, as a report would, unless
            # the id is itself at fault.
            at_fault = any(problem.path == "id" for problem in error.problems)
            data = None if at_fault else document.data if document is not None else _row_id(job, record)
            failed[index] = failure(job, record_id(data, record), error)
    fired = iter(zip(profiles, _firings(compiled, profiles), strict=True))
    for index, record in enumerate(records):
        if index in failed:
            yield failed.pop(index)
            continue
        profile, firing = next(fired)
        yield render(job, record_id(profile.data, record), profile, compiled, firing)


def _profile(document: Document, where: str, found: list[Problem], pack: Pack) -> Profile:
    """The validated profile; InputError holding every problem, those `found` in reading it and
    those of the pack's own facts too."""
    try:
        profile = profile_from_document(document, source=where, pack=pack)
    except InputError as error:
        raise InputError(sorted([*found, *error.problems], key=Problem.sort_key)) from None
    if found:
        raise InputError(sorted(found, key=Problem.sort_key))
    return profile


def _row_id(job: Job, record: Record) -> dict[str, str] | None:
    """A CSV row the reader could not split off cleanly (a cell over several lines) still names
    its client by its `id` cell, when that cell alone is an id a profile may have."""
    if job.kind != "csv" or not isinstance(record.body, Unreadable) or not record.body.cells:
        return None
    own = row_id(job.columns, record.body.cells)
    if own is None:
        return None
    document = Document(job.name, {"id": own})
    return None if text_problems(document) or validate(document, "profile") else {"id": own}


def _firings(compiled: CompiledPack, profiles: list[Profile]) -> list[Firing | EngineError]:
    """What durable-rules decided for each profile, all in one state; should the engine fail
    on them together, one by one, so the failure is pinned on its own record."""
    try:
        return list(fire_many(compiled, profiles))
    except EngineError:
        pass
    found: list[Firing | EngineError] = []
    for profile in profiles:
        try:
            found.append(fire(compiled, profile))
        except EngineError as error:
            found.append(error)
    return found


def record_id(data: Any, record: Record) -> str:
    """The record's own id (its profile's `id`, when that is text one can see), else the file
    name or line number: an id of spaces or of a zero-width space names no one in a summary."""
    own = data.get("id") if isinstance(data, dict) else None
    # The common id (printable, not only spaces) is told by two C calls, not a walk of its characters.
    if isinstance(own, str) and own and (own.isprintable() and not own.isspace()
                                         or any(char.isprintable() and not char.isspace() for char in own)):
        return own
    return record.fallback_id


def render(job: Job, rid: str, profile: Profile, compiled: CompiledPack, firing: Firing | EngineError) -> Outcome:
    """The output record of one evaluated profile: its JSON report, built straight from what fired."""
    if isinstance(firing, EngineError):
        return error_outcome(job, rid, f"{profile.source}: engine failure: {firing}")
    language = job.language or profile.data.get("language") or "en"
    try:
        data = fired_report_data(profile, compiled, firing, language)
    except InputError as error:
        return failure(job, rid, error, prefix=f"{profile.source}: ")
    if job.output == "csv":
        return False, summary_row(rid, data, job.delimiter == ";")
    return False, jsonl({"id": rid, **data})


def failure(job: Job, rid: str, error: InputError, prefix: str = "") -> Outcome:
    """The error record of a record with problems: every problem on one line."""
    return error_outcome(job, rid, prefix + "; ".join(p.format() for p in error.problems))


def error_outcome(job: Job, rid: str, reason: str) -> Outcome:
    reason = " ".join(reason.split("\n"))
    if job.output == "csv":
        return True, error_row(rid, reason)
    return True, jsonl({"id": rid, "error": reason})


def jsonl(data: dict[str, Any]) -> bytes:
    """One JSONL line: compact, UTF-8 text as written, never NaN (the data holds none)."""
    try:
        return orjson.dumps(data, option=orjson.OPT_APPEND_NEWLINE)
    except TypeError:
        # orjson refuses integers beyond 64 bits and lone surrogates (valid in Python
        # strings, not in UTF-8): the standard library writes both, the latter escaped.
        return (json.dumps(data, separators=(",", ":"), allow_nan=False) + "\n").encode("ascii")
