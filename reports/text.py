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

from ssi_advise.engine.report import MeasureResult, PillarResult, Report

from .options import RenderOptions
from .wording import Wording

DEFAULT_TOP = 10


def render_text(report: Report, options: RenderOptions) -> str:
    """The whole report as text; `top` limits the action plan (None: the default 10; 0: all)."""
    words = Wording(report, options.language)
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
    console.print()
    console.print(_summary(report, words))
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


def _num(value: float) -> str:
    return f"{value:.1f}" if value != int(value) else f"{int(value)}"


def _summary(report: Report, words: Wording) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=False)
    table.add_column(Text(words.phrase("pillar")), no_wrap=True, max_width=36)
    table.add_column("", justify="right", no_wrap=True)
    table.add_column("", width=25, no_wrap=True)
    for pillar in report.pillars.values():
        bar = ProgressBar(total=pillar.max, completed=pillar.score, width=25)
        table.add_row(Text(words.pillar(pillar.id)), Text(f"{_num(pillar.score)}/{_num(pillar.max)}"), bar)
    table.add_section()
    total = Text(f"{_num(report.total)}/{_num(report.max)}", style="bold")
    table.add_row(Text(words.phrase("total"), style="bold"), total, ProgressBar(total=report.max, completed=report.total, width=25))
    return table


def _value(measure: MeasureResult, words: Wording) -> str:
    if measure.checks:
        met = sum(1 for c in measure.checks if c.met)
        return f"{met}/{len(measure.checks)} ✓"
    if measure.value is None:
        return words.phrase("not_given")
    return _show(measure.value)


def _show(value: Any) -> str:
    if value is True:
        return "✓"
    if value is False:
        return "✗"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _pillar(pillar: PillarResult, words: Wording) -> Group:
    title = Text(f"{words.pillar(pillar.id)}  {_num(pillar.score)}/{_num(pillar.max)}", style="bold")
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=True)
    table.add_column(Text(words.phrase("measure")), ratio=3)
    table.add_column(Text(words.phrase("value")), justify="right", ratio=1)
    table.add_column(Text(words.phrase("band")), justify="right", ratio=1)
    table.add_column(Text(words.phrase("points")), justify="right", no_wrap=True)
    for measure in pillar.measures:
        style = "" if measure.assessed else "dim"
        table.add_row(Text(words.measure(measure.id)), Text(_value(measure, words)), Text(measure.band or ""),
                      Text(f"{_num(measure.points)}/{_num(measure.max_points)}"), style=style)
        for index, check in enumerate(measure.checks):
            mark = "✓" if check.met else ("✗" if check.assessed else "?")
            shown = words.phrase("not_given") if check.value is None else _show(check.value)
            need = f"≥ {_num(check.min)}" if check.min is not None else ""
            table.add_row(Text(f"  {mark} {words.check(measure.id, index, check.fact)}"), Text(shown), Text(need),
                          Text(f"{_num(check.points)}/{_num(check.max_points)}"), style="dim" if not check.met else "")
    return Group(title, Padding(table, (0, 0, 0, 2)))


def _ssi(report: Report, words: Wording) -> Group:
    ssi = report.ssi
    assert ssi is not None
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column(Text(words.phrase("pillar")), max_width=40)
    table.add_column(Text(words.phrase("real")), justify="right")
    table.add_column(Text(words.phrase("estimated")), justify="right")
    table.add_column(Text(words.phrase("difference")), justify="right")
    for pillar in report.pillars.values():
        if pillar.comparison:
            c = pillar.comparison
            table.add_row(Text(words.pillar(pillar.id)), Text(_num(c.real)), Text(_num(c.estimate)), Text(f"{c.difference:+.1f}"))
    if ssi.real_total is not None and ssi.estimate_total is not None and ssi.difference is not None:
        table.add_section()
        cells = (words.phrase("total"), _num(ssi.real_total), _num(ssi.estimate_total), f"{ssi.difference:+.1f}")
        table.add_row(*(Text(cell) for cell in cells))
    lines: list[Any] = [Text(words.phrase("your_ssi"), style="bold"), Padding(table, (0, 0, 0, 2))]
    facts = []
    if ssi.industry_average is not None:
        facts.append(f"{words.phrase('industry_average')}: {_num(ssi.industry_average)}")
    if ssi.industry_rank_percent is not None:
        facts.append(words.phrase("industry_rank", value=_num(ssi.industry_rank_percent)))
    if ssi.network_rank_percent is not None:
        facts.append(words.phrase("network_rank", value=_num(ssi.network_rank_percent)))
    if facts:
        lines.append(Padding(Text(" · ".join(facts)), (0, 0, 0, 2)))
    if ssi.weakest_real_pillar is not None:
        lines.append(Padding(Text(words.phrase("weakest_real", title=words.pillar(ssi.weakest_real_pillar))), (0, 0, 0, 2)))
    return Group(*lines)


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


def _plan(report: Report, words: Wording, top: int) -> Group:
    actions = report.actions if not top else report.actions[:top]
    lines: list[Any] = [Text(words.phrase("plan"), style="bold")]
    if not report.actions:
        lines.append(Padding(Text(words.phrase("no_actions")), (0, 0, 0, 2)))
        return Group(*lines)
    for action in actions:
        number = f"{action.rank}."
        head = Text(f"{number:<4}", style="bold")
        head.append(words.action_title(action), style="bold")
        facts = Text(
            f"+{_num(action.expected_gain)} {words.phrase('points')} · "
            f"{_num(action.effort_minutes_per_week)} {words.phrase('effort')} · "
            f"{words.phrase('priority')} {action.priority:.2f} · {words.pillar(action.pillar)}",
            style="cyan",
        )
        body = Group(facts, Text(words.action_text(action)), Text(action.id, style="dim"))
        lines.append(Padding(head, (1, 0, 0, 2)))
        lines.append(Padding(body, (0, 0, 0, 6)))
    hidden = len(report.actions) - len(actions)
    if hidden > 0:
        lines.append(Padding(Text(words.phrase("more_actions", count=hidden), style="dim"), (1, 0, 0, 2)))
    lines.append(Padding(Text(words.phrase("ranking_note"), style="dim"), (1, 0, 0, 2)))
    return Group(*lines)
