"""Many profiles at once: JSONL, a folder of profile files or a CSV in; JSONL or CSV out.

Library use, no click needed::

    from ssi_advise.batch import Job, Sink, open_input, run_batch

    source = open_input("clients.jsonl")
    with open("reports.jsonl", "wb") as out, Sink(out, "jsonl") as sink:
        summary = run_batch(source.records, Job(source.kind, source.name, "jsonl"), sink, jobs=2)
    print(summary.line())

Every input record yields exactly one output record, in input order: its report, or
`{"id": ..., "error": ...}` naming the record's line. See docs/batch.md.
"""

from __future__ import annotations

from .records import BatchInput, Record, open_input, refuse_output_among_profiles
from .run import Summary, run_batch
from .sink import Sink
from .table import SUMMARY_COLUMNS, template_columns
from .work import Chunk, Job, OutputFormat, process, process_chunk

__all__ = [
    "SUMMARY_COLUMNS",
    "BatchInput",
    "Chunk",
    "Job",
    "OutputFormat",
    "Record",
    "Sink",
    "Summary",
    "open_input",
    "process",
    "process_chunk",
    "refuse_output_among_profiles",
    "run_batch",
    "template_columns",
]
