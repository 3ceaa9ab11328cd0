"""`ssi-advise advise PROFILE`: the report, in any format the renderers offer."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from ssi_advise.engine import Profile, compile_pack, evaluate, load_pack, load_profile
from ssi_advise.engine.custom_facts import require_profile_facts
from ssi_advise.engine.model import Pack
from ssi_advise.reports import RenderOptions, render
from ssi_advise.reports.options import DEFAULT_TOP

from .common import CONTEXT, format_option, handles_errors, lang_option, output_option, profile_argument, rules_option
from .output import append_history, check_format, check_history, emit, today

EXAMPLES = """\b
Examples:
  ssi-advise examples/account-manager.yaml
  ssi-advise me.yaml --lang nl --top 5
  ssi-advise me.yaml --format json -o report.json
  ssi-advise me.yaml --format html -o report.html --history me.jsonl
  ssi-advise me.yaml --rules ./my-pack
  cat me.json | ssi-advise -
  ssi-advise compare last-month.yaml me.yaml
  ssi-advise what-if me.yaml --set relationships.connections=600
  ssi-advise explain me.yaml relationships.connections
  ssi-advise rules check ./my-pack

\b
Exit codes: 0 success, 2 bad input (profile, rules or options), 1 internal error.
"""


def use_color(output: str | None) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set or a file is written."""
    if output is not None or "NO_COLOR" in os.environ:
        return False
    return sys.stdout is not None and sys.stdout.isatty()


def read_profile(source: str, pack: Pack) -> Profile:
    """A profile file, or LinkedIn's data export (its ZIP, or the folder it was unpacked to),
    its pack's own facts checked with the rest."""
    path = Path(source)
    if source != "-" and (path.suffix.lower() == ".zip" or _is_folder(path)):
        # The importers are loaded only for an archive: a plain profile starts faster without.
        from ssi_advise.importers import is_linkedin_archive, profile_from_archive

        if path.suffix.lower() == ".zip" or is_linkedin_archive(path):
            imported = profile_from_archive(path)
            require_profile_facts(imported, pack)
            return imported
    return load_profile(source, pack)


def _is_folder(path: Path) -> bool:
    # An unreadable or impossible path is not a folder here; reading it says why, with its name.
    try:
        return path.is_dir()
    except OSError:
        return False


@click.command(epilog=EXAMPLES, context_settings=CONTEXT)
@profile_argument
@rules_option
@lang_option
@format_option()
@click.option("--top", type=click.IntRange(min=0), default=None, metavar="N",
              help=f"Show the first N actions (default {DEFAULT_TOP}; JSON all; 0 for all).")
@output_option
@click.option("--history", metavar="FILE", type=click.Path(), default=None,
              help="Also append this run's JSON report as one line to FILE (see: ssi-advise history FILE).")
@handles_errors
def advise(profile: str, rules: str | None, language: str | None, output_format: str, top: int | None, output: str | None,
           history: str | None) -> None:
    """Estimate a LinkedIn Social Selling Index from PROFILE (a YAML or JSON file, - for
    standard input, or LinkedIn's data export: its ZIP or unpacked folder) and print each
    pillar's score, how every point was earned, and a ranked action plan.

    The score is an estimate: LinkedIn does not publish how it calculates the SSI.
    """
    check_format(output_format, output)
    pack = load_pack(rules)
    loaded = read_profile(profile, pack)
    compiled = compile_pack(pack)
    try:
        report = evaluate(loaded, compiled)
    finally:
        compiled.close()
    options = RenderOptions(language or loaded.data.get("language") or "en", top, use_color(output), date=today())
    rendered = render(report, output_format, options)
    inputs = [*pack.files, profile]
    if history is not None:
        check_history(history, [*inputs, *([output] if output else [])], output)
    emit(rendered, output, inputs)
    if history is not None:
        append_history(history, report, options.language, inputs)
