"""`ssi-advise compare OLD NEW`: what changed between two snapshots of a member."""

from __future__ import annotations

import dataclasses

import click

from ssi_advise.engine import Profile, Report, compile_pack, evaluate, load_pack
from ssi_advise.engine.compare import compare as compare_reports
from ssi_advise.engine.model import Pack
from ssi_advise.engine.snapshots import read_snapshot
from ssi_advise.reports import RenderOptions, render

from .common import CONTEXT, format_option, handles_errors, lang_option, output_option, rules_option
from .output import check_format, emit, today


@click.command(context_settings=CONTEXT)
@click.argument("old", metavar="OLD", type=click.Path(allow_dash=True))
@click.argument("new", metavar="NEW", type=click.Path(allow_dash=True))
@rules_option
@lang_option
@format_option()
@output_option
@handles_errors
def compare(old: str, new: str, rules: str | None, language: str | None, output_format: str, output: str | None) -> None:
    """Compare two snapshots of one member, OLD and NEW: each a profile or a JSON report
    (--format json). Prints the change per pillar and in total, the facts that changed,
    the actions done (gone from the plan, or their target reached) and the new ones.
    Snapshots of two different people (other ids, or other names) are compared with a note
    that it is no one's progress.

    \b
    Example:
      ssi-advise compare january.yaml march.yaml --format html -o progress.html
    """
    check_format(output_format, output)
    # The pack first: a profile's own facts (`custom:`) are checked with its other problems.
    pack = load_pack(rules)
    # A JSON report does not say which of its pack's own facts are rates; the pack does.
    snapshots = [with_rates(s, pack) if isinstance(s, Report) else s for s in (read_snapshot(old, pack), read_snapshot(new, pack))]
    profiles = [s for s in snapshots if isinstance(s, Profile)]
    reports: list[Report] = []
    if profiles:
        compiled = compile_pack(pack)
        try:
            reports = [s if isinstance(s, Report) else evaluate(s, compiled) for s in snapshots]
        finally:
            compiled.close()
    else:
        reports = [s for s in snapshots if isinstance(s, Report)]
    facts = [s.flat if isinstance(s, Profile) else None for s in snapshots]
    difference = compare_reports(reports[0], reports[1], facts[0], facts[1])
    chosen = language or _language(snapshots[1]) or _language(snapshots[0]) or "en"
    rendered = render(difference, output_format, RenderOptions(chosen, date=today()))
    emit(rendered, output, [old, new, *pack.files])


def with_rates(report: Report, pack: Pack) -> Report:
    """A report read from JSON, told which facts of its pack are rates when `pack` is its pack."""
    if report.pack.name != pack.name or not report.texts.from_json:
        return report
    return dataclasses.replace(report, texts=dataclasses.replace(report.texts, rates=pack.texts.rates))


def _language(snapshot: Profile | Report) -> str | None:
    if isinstance(snapshot, Report):
        return snapshot.texts.languages[0]
    language = snapshot.data.get("language")
    return language if isinstance(language, str) else None
