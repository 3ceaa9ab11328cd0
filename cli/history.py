"""`ssi-advise history FILE`: the trend per pillar over the runs kept with --history."""

from __future__ import annotations

import click

from ssi_advise.engine.history import read_history
from ssi_advise.reports import RenderOptions, render

from .common import CONTEXT, format_option, handles_errors, lang_option, output_option
from .output import check_format, emit, today


@click.command(context_settings=CONTEXT)
@click.argument("file", metavar="FILE", type=click.Path(allow_dash=True))
@lang_option
@format_option()
@output_option
@handles_errors
def history(file: str, language: str | None, output_format: str, output: str | None) -> None:
    """Show the trend per pillar and in total over the runs in FILE, the history that
    `ssi-advise PROFILE --history FILE` appends to (one JSON report a line): sparklines in
    text, a line chart in HTML.

    \b
    Example:
      ssi-advise me.yaml --history me.jsonl    # every month
      ssi-advise history me.jsonl --format html -o trend.html
    """
    check_format(output_format, output)
    kept = read_history(file)
    chosen = language or kept.latest.texts.languages[0]
    emit(render(kept, output_format, RenderOptions(chosen, date=today())), output, [file])
