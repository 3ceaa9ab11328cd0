"""The report as text for people: 80 columns, colour only when asked for (a terminal).

Every string that comes from a profile or a pack is handed to rich as a `Text` object,
never as markup, so `[b]`, `[/]` or `[link=…]` in a name or a title is shown as written.
"""

from __future__ import annotations

import io
from typing import Any

from rich import box
from rich.console import Console, Group
from rich.padding import Padding
from rich.progress_bar import ProgressBar
from rich.table import Table
from rich.text import Text

from ssi_advise.engine.report import Action, MeasureResult, PillarResult, Report

from .options import DEFAULT_TOP, RenderOptions
from .phrases import points_unit
from .wording import Wording

# Above this total the report says that more points hardly matter.
NEAR_THE_TOP = 85


def render_text(report: Report, options: RenderOptions) -> str:
    """The whole report as text; `top` limits the action plan (None: the default 10; 0: all)."""
    words = Wording(report.texts, options.language)
    top = DEFAULT_TOP if options.top is None else options.top
    buffer = io.StringIO()
    color = options.color
    console = Console(
        file=buffer,
        width=options.width,
        color_system="standard" if color else None,
        force_terminal=color,
        no_color=not color,
        highlight=False,
        emoji=False,
        markup=False,
        legacy_windows=False,
    )
    console.print(Text(_heading(report, words), style="bold"))
    console.print(Text(words.phrase("estimate_note"), style="italic"))
    console.print(Text(f"{words.phrase('pack')}: {report.pack.name} {report.pack.version}", style="dim"))
    console.print()
    console.print(_summary(report, words))
    if report.total >= NEAR_THE_TOP:
        console.print()
        console.print(Text(words.phrase("near_the_top")))
    for pillar in report.pillars.values():
        console.print()
        console.print(_pillar(pillar, words))
    if report.ssi:
        console.print()
        console.print(_ssi(report, words))
    console.print()
    console.print(_coverage(report, words))
    console.print()
    console.print(_plan(report, words, top))
    # Rich pads every line to the full width; trailing blanks only get in the way of diffs.
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"


def _heading(report: Report, words: Wording) -> str:
    who = report.profile.name or report.profile.id
    text = words.phrase("heading")
    if who:
        text += f" {words.phrase('for')} {who}"
    return text


def _summary(report: Report, words: Wording) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=False)
    table.add_column(Text(words.phrase("pillar")), no_wrap=True, max_width=36)
    table.add_column("", justify="right", no_wrap=True)
    table.add_column("", width=25, no_wrap=True)
    for pillar in report.pillars.values():
        bar = ProgressBar(total=pillar.max, completed=pillar.score, width=25)
        table.add_row(Text(words.pillar(pillar.id)), Text(f"{words.number(pillar.score)}/{words.number(pillar.max)}"), bar)
    table.add_section()
    total = Text(f"{words.number(report.total)}/{words.number(report.max)}", style="bold")
    table.add_row(Text(words.phrase("total"), style="bold"), total, ProgressBar(total=report.max, completed=report.total, width=25))
    return table


def _value(measure: MeasureResult, words: Wording) -> str:
    if measure.checks:
        met = sum(1 for c in measure.checks if c.met)
        # A tick only when the whole measure is complete.
        return f"{met}/{len(measure.checks)}" + (" ✓" if met == len(measure.checks) else "")
    return words.value(measure.facts[0], measure.value)


def _pillar(pillar: PillarResult, words: Wording) -> Group:
    score = f"{words.number(pillar.score)}/{words.number(pillar.max)}"
    title = Text(f"{words.pillar_with_english(pillar.id)}  {score}", style="bold")
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=True)
    table.add_column(Text(words.phrase("measure")), ratio=3)
    table.add_column(Text(words.phrase("value")), justify="right", ratio=1)
    table.add_column(Text(words.phrase("band")), justify="right", ratio=1)
    table.add_column(Text(words.phrase("points")), justify="right", no_wrap=True)
    for measure in pillar.measures:
        style = "" if measure.assessed else "dim"
        table.add_row(Text(words.measure(measure.id)), Text(_value(measure, words)), Text(words.decimals(measure.band or "")),
                      Text(f"{words.number(measure.points)}/{words.number(measure.max_points)}"), style=style)
        for index, check in enumerate(measure.checks):
            mark = "✓" if check.met else ("✗" if check.assessed else "?")
            need = f"≥ {words.number(check.min)}" if check.min is not None else ""
            table.add_row(Text(f"  {mark} {words.check(measure.id, index, check.fact)}"), Text(words.value(check.fact, check.value)),
                          Text(need), Text(f"{words.number(check.points)}/{words.number(check.max_points)}"),
                          style="dim" if not check.met else "")
    return Group(title, Padding(table, (0, 0, 0, 2)))


def _ssi(report: Report, words: Wording) -> Group:
    ssi = report.ssi
    assert ssi is not None
    num = words.number
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column(Text(words.phrase("pillar")), max_width=40)
    table.add_column(Text(words.phrase("real")), justify="right")
    table.add_column(Text(words.phrase("estimated")), justify="right")
    table.add_column(Text(words.phrase("difference")), justify="right")
    for pillar in report.pillars.values():
        if pillar.comparison:
            c = pillar.comparison
            table.add_row(Text(words.pillar(pillar.id)), Text(num(c.real)), Text(num(c.estimate)), Text(_signed(c.difference, words)))
    if ssi.real_total is not None and ssi.estimate_total is not None and ssi.difference is not None:
        table.add_section()
        cells = (words.phrase("total"), num(ssi.real_total), num(ssi.estimate_total), _signed(ssi.difference, words))
        table.add_row(*(Text(cell) for cell in cells))
    lines: list[Any] = [Text(words.phrase("your_ssi"), style="bold"), Padding(table, (0, 0, 0, 2))]
    facts = []
    if ssi.industry_average is not None:
        facts.append(f"{words.phrase('industry_average')}: {num(ssi.industry_average)}")
    if ssi.industry_rank_percent is not None:
        facts.append(words.phrase("industry_rank", value=num(ssi.industry_rank_percent)))
    if ssi.network_rank_percent is not None:
        facts.append(words.phrase("network_rank", value=num(ssi.network_rank_percent)))
    if facts:
        lines.append(Padding(Text(" · ".join(facts)), (0, 0, 0, 2)))
    if ssi.weakest_real_pillar is not None:
        lines.append(Padding(Text(words.phrase("weakest_real", title=words.pillar(ssi.weakest_real_pillar))), (0, 0, 0, 2)))
    return Group(*lines)


def _signed(value: float, words: Wording) -> str:
    return words.decimals(f"{value:+.1f}")


def _coverage(report: Report, words: Wording) -> Group:
    coverage = report.coverage
    assessed = words.phrase("assessed_of", assessed=coverage.assessed, total=coverage.measures)
    lines: list[Any] = [Text(f"{words.phrase('coverage')}: {assessed}", style="bold")]
    if not coverage.not_assessed:
        lines.append(Padding(Text(words.phrase("all_assessed")), (0, 0, 0, 2)))
        return Group(*lines)
    lines.append(Padding(Text(words.phrase("not_assessed") + ":"), (0, 0, 0, 2)))
    for item in coverage.not_assessed:
        lines.append(Padding(Text(f"- {words.measure(item.measure)}: {', '.join(item.missing_facts)}"), (0, 0, 0, 4)))
    return Group(*lines)


def _effort(action: Action, words: Wording) -> str:
    if action.effort_minutes_once is not None:
        return f"{words.number(action.effort_minutes_once)} {words.phrase('once')}"
    if action.kind == "measure":
        # Looking a number up is done once: its minutes are its weekly effort in the ranking.
        return f"{words.number(action.effort_minutes_per_week)} {words.phrase('once')}"
    return f"{words.number(action.effort_minutes_per_week)} {words.phrase('effort')}"


def _numbered(number: str, title: str) -> Table:
    """A numbered title whose wrapped lines continue under its own start, not under the number."""
    grid = Table.grid()
    grid.add_column(width=4, no_wrap=True)
    grid.add_column()
    grid.add_row(Text(number, style="bold"), Text(title, style="bold"))
    return grid


def _plan(report: Report, words: Wording, top: int) -> Group:
    lines: list[Any] = [Text(words.phrase("plan"), style="bold")]
    if not report.actions:
        lines.append(Padding(Text(words.phrase("no_actions")), (0, 0, 0, 2)))
        return Group(*lines)
    leaders = [a for a in report.actions if a.alternative_to is None]
    shown = leaders if not top else leaders[:top]
    alternatives: dict[str, list[Action]] = {}
    for action in report.actions:
        if action.alternative_to is not None:
            alternatives.setdefault(action.alternative_to, []).append(action)
    for number, action in enumerate(shown, start=1):
        facts = Text(
            f"{_gain(action, words)} · "
            f"{_effort(action, words)} · {words.phrase('priority')} {words.decimals(f'{action.priority:.2f}')} · "
            f"{words.pillar(action.pillar)}",
            style="cyan",
        )
        body: list[Any] = [facts, Text(words.action_text(action)), Text(action.id, style="dim")]
        others = alternatives.get(action.id, [])
        if others:
            body.append(Text(words.phrase("alternatives"), style="dim"))
            body += [_alternative(other, words) for other in others]
        lines.append(Padding(_numbered(f"{number}.", words.action_title(action)), (1, 0, 0, 2)))
        lines.append(Padding(Group(*body), (0, 0, 0, 6)))
    hidden = len(leaders) - len(shown)
    if hidden > 0:
        lines.append(Padding(Text(words.phrase("more_actions", count=hidden), style="dim"), (1, 0, 0, 2)))
    lines.append(Padding(Text(words.phrase("ranking_note"), style="dim"), (1, 0, 0, 2)))
    return Group(*lines)


def _gain(action: Action, words: Wording) -> str:
    """`≈+1.5 pts`: the expected gain, marked as the estimate it is."""
    unit = points_unit(words.language, action.expected_gain)
    return words.phrase("gain_estimate", gain=words.number(action.expected_gain), unit=unit)


def _alternative(action: Action, words: Wording) -> Table:
    gain = _gain(action, words)
    grid = Table.grid()
    grid.add_column(width=2, no_wrap=True)
    grid.add_column()
    grid.add_row(Text("–"), Text(f"{words.action_title(action)} ({gain} · {_effort(action, words)}) [{action.id}]"))
    return grid
