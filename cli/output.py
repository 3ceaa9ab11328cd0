"""Where a command's document goes: standard output or a file, text or bytes; the history file."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from pathlib import Path

import click

from ssi_advise.engine import InputError, Report
from ssi_advise.engine.files import append_line, check_target, write_atomic, write_stdout
from ssi_advise.reports import RENDERERS, Renderer
from ssi_advise.reports.json import history_line


def check_format(output_format: str, output: str | None) -> Renderer:
    """The renderer, once its extra is known to be installed and a binary format has a file to go to."""
    renderer = RENDERERS[output_format]
    renderer.require()
    if renderer.binary and output is None:
        raise InputError.single(f"--format {output_format} writes a binary file: name it with -o FILE")
    return renderer


def emit(content: str | bytes, output: str | None, inputs: Iterable[str | Path] = ()) -> None:
    """Print the document, or write it whole to `output` (never over an input)."""
    if output is None:
        if isinstance(content, bytes):
            click.echo(content, nl=False)
        else:
            write_stdout(content)  # a full disk or a closed stdout is one line, exit 2
        return
    write_atomic(output, content, inputs=[source for source in inputs if str(source) != "-"])


def today() -> str:
    """The date a document shows: today, in the local time zone."""
    return datetime.date.today().isoformat()


def check_history(history: str, inputs: Iterable[str | Path], output: str | None = None) -> None:
    """Refuse a history file that is an input, a folder or the report itself before anything is written."""
    if output is not None and Path(history).resolve() == Path(output).resolve():
        raise InputError.single("is also the report (-o); keep the history in a file of its own", file=history)
    check_target(Path(history), history, [s for s in inputs if str(s) != "-"])


def append_history(history: str, report: Report, language: str, inputs: Iterable[str | Path] = ()) -> None:
    """Add this run's JSON report, with the time, as one line to the history file."""
    recorded_at = datetime.datetime.now(datetime.UTC).astimezone().isoformat(timespec="seconds")
    append_line(history, history_line(report, language, recorded_at), inputs=[s for s in inputs if str(s) != "-"])
