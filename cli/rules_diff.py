"""`ssi-advise rules diff PACK [PROFILE]`: what a pack changes in the pack it extends."""

from __future__ import annotations

import io
from typing import Any

import click
from rich import box
from rich.console import Console
from rich.table import Table

from ssi_advise.engine import load_pack, load_profile
from ssi_advise.engine.layer_log import LayerLog
from ssi_advise.engine.model import PILLARS, Place
from ssi_advise.engine.pack_diff import BeforeAfter, before_and_after, changes_data, field_values, pack_changes, shown
from ssi_advise.reports import dumps
from ssi_advise.reports.phrases import decimal_number, phrase

from .common import CONTEXT, format_option, handles_errors, lang_option

DEFAULT_TOP = 10


@click.command(name="diff", context_settings=CONTEXT)
@click.argument("pack", metavar="PACK", type=click.Path())
@click.argument("profile", metavar="[PROFILE]", required=False, type=click.Path(allow_dash=True))
@lang_option
@format_option(("text", "json"), "Text for people, JSON for programs.")
@click.option("--top", type=click.IntRange(min=1), default=DEFAULT_TOP, show_default=True, metavar="N",
              help="How many actions of each plan to show side by side.")
@handles_errors
def diff(pack: str, profile: str | None, language: str | None, output_format: str, top: int) -> None:
    """Show what PACK changes in the pack it extends: every overridden field (old → new),
    every disabled and added rule, layer by layer with file:line. With PROFILE, its
    scores and plan with the extended pack and with PACK, side by side."""
    logs = pack_changes(pack)
    compared = None
    if profile is not None:
        built = load_pack(pack)
        loaded = load_profile(profile, built)
        compared = before_and_after(loaded, built)
        language = language or loaded.data.get("language") or built.languages[0]
        built.texts.require(language)
    if output_format == "json":
        data: dict[str, Any] = {"layers": changes_data(logs)}
        if compared is not None:
            data["scores"] = _scores_data(compared)
        click.echo(dumps(data), nl=False)
        return
    # Without a profile nothing says which language to speak but --lang: English, as the
    # report itself does.
    language = language or "en"
    for log in logs:
        for line in _layer(log, language):
            click.echo(line)
    if compared is not None:
        buffer = io.StringIO()
        console = Console(file=buffer, width=100, color_system=None, highlight=False, markup=False, emoji=False)
        _side_by_side(console, compared, language, top)
        click.echo("\n".join(line.rstrip() for line in buffer.getvalue().splitlines()))


def _at(place: Place) -> str:
    return f"{place.file}:{place.line}:{place.column}"


def _layer(log: LayerLog, language: str) -> list[str]:
    """One layer's changes, worded in `language`: the fields it overrode, the rules it disabled and added."""
    lines = [phrase(language, "diff_extends", name=log.name, file=log.pack_file, parent=log.extends)]
    if log.empty:
        lines.append(f"  {phrase(language, 'diff_nothing')}")
    if log.overridden:
        lines.append(f"  {phrase(language, 'diff_overridden')}:")
        for change in log.overridden:
            for name, old, new in field_values(change):
                lines += [f"    {_at(change.place)}  {change.rule_id}  {name}",
                          f"      - {_shown(old, language)}", f"      + {_shown(new, language)}"]
    for key, entries in (("diff_disabled", log.disabled), ("diff_added", log.added), ("diff_facts", log.facts)):
        if entries:
            lines.append(f"  {phrase(language, key)}:")
            lines += [f"    {_at(entry.place)}  {entry.rule_id} ({phrase(language, 'kind_' + entry.kind)})"
                      for entry in entries]
    return [*lines, ""]


def _shown(value: Any, language: str) -> str:
    """An old or new value of a field, with the language's words for "not set" and decimal mark."""
    return shown(value, phrase(language, "diff_not_set"), phrase(language, "decimal"))


def _side_by_side(console: Console, compared: BeforeAfter, language: str, top: int) -> None:
    """The scores, then the plans, with the extended pack and with this one."""
    before, after = compared.before, compared.after
    scores = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    scores.add_column(phrase(language, "diff_score"))
    scores.add_column(compared.parent.name, justify="right")
    scores.add_column(compared.pack.name, justify="right")
    scores.add_column(phrase(language, "change"), justify="right")
    for pillar in PILLARS:
        old, new = before.pillars[pillar].score, after.pillars[pillar].score
        scores.add_row(after.texts.pillar(pillar, language), decimal_number(language, old), decimal_number(language, new),
                       _change(new - old, language))
    scores.add_row(phrase(language, "diff_total"), decimal_number(language, before.total), decimal_number(language, after.total),
                   _change(after.total - before.total, language))
    console.print(scores)
    console.print()
    plan = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    plan.add_column("#", justify="right")
    plan.add_column(phrase(language, "diff_plan_with", pack=compared.parent.name))
    plan.add_column(phrase(language, "diff_plan_with", pack=compared.pack.name))
    rows = max(min(top, len(before.actions)), min(top, len(after.actions)))
    for index in range(rows):
        left = before.actions[index].id if index < len(before.actions) else ""
        right = after.actions[index].id if index < len(after.actions) else ""
        plan.add_row(str(index + 1), left, right)
    console.print(plan)


def _change(value: float, language: str) -> str:
    """A change with its sign, empty when nothing changed."""
    return "" if abs(value) < 1e-9 else f"{value:+g}".replace(".", phrase(language, "decimal"))


def _scores_data(compared: BeforeAfter) -> dict[str, Any]:
    def one(report: Any) -> dict[str, Any]:
        return {"total": report.total, "pillars": {p: report.pillars[p].score for p in PILLARS},
                "actions": [a.id for a in report.actions]}

    return {"before": {"pack": compared.parent.name, **one(compared.before)},
            "after": {"pack": compared.pack.name, **one(compared.after)}}
