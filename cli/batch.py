"""`ssi-advise batch INPUT -o OUTPUT`: a report for every profile of a list, and the CSV template."""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import stat
import sys
import threading
from collections.abc import Callable, Iterator
from typing import IO, TYPE_CHECKING, Any, BinaryIO, cast

import click

from ssi_advise.engine import EngineError, InputError, compile_pack, load_pack
from ssi_advise.engine.descriptor_names import written_through
from ssi_advise.engine.files import check_stream, open_atomic, silence_stdout

from .common import CONTEXT, handles_errors, lang_option, rules_option

if TYPE_CHECKING:  # the batch machinery (multiprocessing among it) is imported when a batch runs
    from ssi_advise.batch import BatchInput
    from ssi_advise.batch.records import Kind
    from ssi_advise.batch.work import OutputFormat

EXIT_SOME_FAILED = 1
EXIT_STOPPED = 3  # the run stopped before its end: no output file

EXAMPLES = """\b
Examples:
  ssi-advise batch clients.jsonl -o reports.jsonl
  ssi-advise batch clients.csv -o summary.csv --jobs 2
  ssi-advise batch profiles/ -o reports.jsonl --lang nl
  cat clients.jsonl | ssi-advise batch - -o - | jq .total
  ssi-advise batch template -o clients.csv

\b
Exit codes: 0 every record done, 1 some records failed (each has an error record),
2 bad input as a whole (unreadable file, unknown CSV column, bad option; nothing written),
3 the run stopped before its end (no output file written; standard output ends with a whole
record; quietly when its reader stops, as `| head` does), 130 interrupted.
"""


class BatchGroup(click.Group):
    """`batch INPUT ...` runs `batch run INPUT ...`; `batch template` is the other command."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("-h", "--help"):
            args = ["run", *args]
        return super().parse_args(ctx, args)


@click.group(cls=BatchGroup, epilog=EXAMPLES, context_settings=CONTEXT)
def batch() -> None:
    """Advise on many profiles at once: a report for every record of a list.

    ssi-advise batch INPUT -o OUTPUT is short for ssi-advise batch run INPUT -o OUTPUT.
    """


def output_format(output: str, stated: str | None) -> OutputFormat:
    """JSONL or CSV: as stated, else by the output's suffix (JSONL for `-`)."""
    if stated is not None:
        return cast("OutputFormat", stated)
    return "csv" if output.lower().endswith(".csv") else "jsonl"


@contextlib.contextmanager
def output_stream(output: str, inputs: list[str], reads_stdin: bool = False) -> Iterator[BinaryIO]:
    """Standard output for `-`, else a temporary file renamed into place at the end."""
    # Standard input redirected from the output (`batch - -o clients.jsonl < clients.jsonl`) is an input too.
    inputs = [*inputs, *(["/dev/stdin"] if reads_stdin else [])]
    if output == "-":
        # Redirected to an input (`-o - >> clients.jsonl`), the run would read its own output back.
        check_stream(sys.stdout.buffer, "standard output", inputs)
        yield sys.stdout.buffer
        return
    with open_atomic(output, inputs=inputs) as stream:
        yield stream


@batch.command("run", epilog=EXAMPLES, context_settings=CONTEXT)
@click.argument("source", metavar="INPUT", type=click.Path(allow_dash=True))
@click.option("-o", "--output", metavar="OUTPUT", type=click.Path(allow_dash=True), required=True,
              help="Where to write: a .jsonl or .csv file, or - for standard output.")
@click.option("--format", "stated_format", type=click.Choice(["jsonl", "csv"]), default=None,
              help="JSONL: one JSON report per record. CSV: id, pillar scores, total, coverage, "
                   "top three action ids. Default: by OUTPUT's suffix, else JSONL.")
@click.option("--input-format", "input_format", type=click.Choice(["jsonl", "csv", "folder"]), default=None,
              help="What INPUT holds. Default: a folder of profile files, a .csv file, else JSONL.")
@click.option("-j", "--jobs", type=click.IntRange(min=1, max=256), default=1, show_default=True, metavar="N",
              help="Worker processes; the output is the same for any N.")
@click.option("--delimiter", type=click.Choice([",", ";"]), default=None,
              help="CSV output: what separates the cells; with ; numbers are written 12,5 (Excel in Dutch). "
                   "Default: ; when INPUT is a CSV file separated by semicolons, else ,.")
@rules_option
@lang_option
@handles_errors
def run(source: str, output: str, stated_format: str | None, input_format: str | None, jobs: int,
        delimiter: str | None, rules: str | None, language: str | None) -> None:
    """Write one report per record of INPUT to OUTPUT, in input order.

    INPUT is a JSONL file (one profile per line), a folder of profile files (YAML or JSON)
    or a CSV file whose columns are fact paths (see `ssi-advise batch template`); - reads
    standard input. A record that cannot be read or validated yields an error record
    naming its line, and the rest go on. A summary goes to standard error.
    """
    from ssi_advise.batch import Job, Sink, open_input, refuse_output_among_profiles, run_batch

    fmt = output_format(output, stated_format)
    if delimiter is not None and fmt != "csv":
        raise click.UsageError("--delimiter is for CSV output; this run writes JSONL (give --format csv or a .csv OUTPUT)")
    pack = load_pack(rules)
    if language is not None:
        pack.texts.require(language)
    compiled = compile_pack(pack)
    # What is loaded so far lives to the end: keep it out of every garbage collection.
    gc.freeze()
    # `kill PID` stops the run as Ctrl-C does: the workers are shut down and the temporary
    # file removed (by default the parent died at once, its workers left waiting for good).
    # (Only the main thread may set a handler: run from another, the default stays.)
    main_thread = threading.current_thread() is threading.main_thread()
    terminate = signal.signal(signal.SIGTERM, _interrupt) if main_thread else None
    interrupt = signal.signal(signal.SIGINT, _interrupt) if main_thread else None
    try:
        opened = open_input(source, cast("Kind | None", input_format), pack.fact_catalogue)
        if delimiter is None:
            # A spreadsheet that saved the input with semicolons opens the output the same way.
            delimiter = ";" if opened.layout.decimal_comma else ","
        job = Job(opened.kind, opened.name, fmt, language, opened.columns, opened.layout, delimiter)
        if opened.kind == "folder":
            refuse_output_among_profiles(output, source)
        inputs = [*pack.files, *opened.files, *([source] if source != "-" else [])]
        with output_stream(output, inputs, source == "-") as stream, _progress(opened, output) as tick:
            # Excel reads UTF-8 only after a byte order mark: the output gets one when it is meant
            # for Excel (semicolons) or the input had one (saved by Excel as "CSV UTF-8").
            try:
                # Closed (what is left written) at the end of the block; after a failure its
                # writing thread is stopped before the stream is closed.
                with Sink(stream, fmt, delimiter, bom=delimiter == ";" or opened.layout.bom, behind=jobs <= 1) as sink:
                    summary = run_batch(opened.records, job, sink, rules=rules, compiled=compiled, jobs=jobs, progress=tick,
                                        direct=sink.direct() if jobs > 1 else None)
            except EngineError as error:
                # Not "some records failed" (exit 1, each with its record): the run as a whole.
                raise RunStopped(str(error), output, output == "-" or written_through(output)) from None
            except BrokenPipeError:
                # The reader stopped reading (`| head`): quietly, as any filter, but not exit 1
                # (click's answer), which says that records failed.
                silence_stdout()
                raise click.exceptions.Exit(EXIT_STOPPED) from None
            finally:
                opened.close()
    finally:
        if main_thread:
            signal.signal(signal.SIGTERM, terminate)
            signal.signal(signal.SIGINT, interrupt)
        compiled.close()
    click.echo(summary.line(), err=True)
    if summary.failed:
        raise click.exceptions.Exit(EXIT_SOME_FAILED)


class RunStopped(click.ClickException):
    """The run stopped before its end (a worker process died): exit 3, no output file written (an
    output written as it goes ends with the last record written whole)."""

    exit_code = EXIT_STOPPED

    def __init__(self, message: str, output: str, through: bool) -> None:
        super().__init__(message)
        self.output = output
        # Written as it went (standard output, a device, /dev/stdout), not renamed at the end.
        self.through = through

    def show(self, file: IO[Any] | None = None) -> None:
        if not self.through:
            left = f"nothing was written; {self.output} is as it was"
        else:
            where = "the output above" if self.output == "-" else f"the output written to {self.output}"
            left = f"{where} is incomplete: it ends with the last record written whole"
        click.echo(f"ssi-advise: batch stopped: {self.message}; {left}", err=True)


def _interrupt(number: int, frame: object) -> None:
    # The run stops once: a second signal while it does (Ctrl-C pressed again, `kill` twice)
    # broke off the workers' shutdown half-way, and the run hung with its workers waiting for
    # chunks (or printed a traceback). Stopping takes a fraction of a second.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise KeyboardInterrupt


@contextlib.contextmanager
def _progress(opened: BatchInput, output: str) -> Iterator[Callable[[int], None] | None]:
    """A progress bar on standard error when it is a terminal and the input's size is known;
    none when the records are written to the same terminal, where it would run through them."""
    if not sys.stderr.isatty() or not opened.size or output == "-" and sys.stdout.isatty():
        yield None
        return
    folder = opened.kind == "folder"
    with click.progressbar(length=opened.size, file=sys.stderr, label="batch") as bar:
        done = [0]

        def tick(records: int) -> None:
            done[0] += records
            bar.update((done[0] if folder else opened.position()) - bar.pos)

        yield tick


def _holds_data(path: str) -> bool:
    try:
        info = os.stat(path)
    except OSError:
        return False
    return stat.S_ISREG(info.st_mode) and info.st_size > 0


@batch.command(context_settings=CONTEXT)
@click.option("-o", "--output", metavar="FILE", type=click.Path(allow_dash=True), default="-", show_default=True,
              help="Where to write the template: a new or empty file (one that holds data is never replaced).")
@click.option("--delimiter", type=click.Choice([",", ";"]), default=",", show_default=True,
              help="What separates the columns: ; for a spreadsheet where the comma is the decimal sign (Excel in Dutch).")
@rules_option
@handles_errors
def template(output: str, delimiter: str, rules: str | None) -> None:
    """Write an empty CSV with a column for every fact path a profile may hold, the facts
    of the pack given with --rules included (custom.*).

    Fill one row per profile (empty cells are missing facts; true/false, yes/no or ja/nee for
    yes-no facts) and run ssi-advise batch on it (with the same --rules). A file separated by
    semicolons is read with decimal commas (0,35).
    """
    from ssi_advise.batch import template_columns

    if output != "-" and _holds_data(output):
        # Asked for again to see the columns, it must not take the place of the filled-in list.
        raise InputError.single("already holds data; a template is only written to a new or empty file, "
                                "so a filled-in client list is never lost", file=output)
    pack = load_pack(rules) if rules is not None else None
    text = delimiter.join(template_columns(pack.fact_catalogue if pack else None)) + "\r\n"
    with output_stream(output, list(pack.files) if pack else []) as stream:
        stream.write(text.encode("utf-8"))
