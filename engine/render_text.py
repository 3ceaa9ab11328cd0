"""The report as text for people: 80 columns, colour only when asked for (a terminal)."""

from __future__ import annotations

import io
from typing import Any

from rich import box
from rich.console import Console, Group
from rich.padding import Padding
from rich.progress_bar import ProgressBar
from rich.table import Table
from rich.text import Text

from .labels import label
from .report import MeasureResult, PillarResult, Report

WIDTH = 80


def render_text(report: Report, *, color: bool = False, top: int | None = None, width: int = WIDTH) -> str:
    """The whole report as text; `top` limits the action plan (None or 0: all)."""
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        color_system="standard" if color else None,
        force_terminal=color,
        no_color=not color,
        highlight=False,
        emoji=False,
        legacy_windows=False,
    )
    lang = report.language
    console.print(_heading(report), style="bold")
    console.print(Text(label(lang, "estimate_note"), style="italic"))
    console.print()
    console.print(_summary(report))
    for pillar in report.pillars.values():
        console.print()
        console.print(_pillar(pillar, lang))
    if report.ssi:
        console.print()
        console.print(_ssi(report))
    console.print()
    console.print(_coverage(report))
    console.print()
    console.print(_plan(report, top))
    # Rich pads every line to the full width; trailing blanks only get in the way of diffs.
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"


def _heading(report: Report) -> str:
    who = report.profile.get("name") or report.profile.get("id")
    text = label(report.language, "heading")
    if who:
        text += f" {label(report.language, 'for')} {who}"
    return text


def _num(value: float) -> str:
    return f"{value:.1f}" if value != int(value) else f"{int(value)}"


def _summary(report: Report) -> Table:
    lang = report.language
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=False)
    table.add_column(label(lang, "pillar"), no_wrap=True, max_width=36)
    table.add_column("", justify="right", no_wrap=True)
    table.add_column("", width=25, no_wrap=True)
    for pillar in report.pillars.values():
        table.add_row(pillar.title, f"{_num(pillar.score)}/{_num(pillar.max)}", ProgressBar(total=pillar.max, completed=pillar.score, width=25))
    table.add_section()
    table.add_row(Text(label(lang, "total"), style="bold"), Text(f"{_num(report.total)}/{_num(report.max)}", style="bold"), ProgressBar(total=report.max, completed=report.total, width=25))
    return table


def _value(measure: MeasureResult, lang: str) -> str:
    if measure.checks:
        met = sum(1 for c in measure.checks if c.met)
        return f"{met}/{len(measure.checks)} ✓"
    if measure.value is None:
        return label(lang, "not_given")
    return _show(measure.value)


def _show(value: Any) -> str:
    if value is True:
        return "✓"
    if value is False:
        return "✗"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _pillar(pillar: PillarResult, lang: str) -> Group:
    title = Text(f"{pillar.title}  {_num(pillar.score)}/{_num(pillar.max)}", style="bold")
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=True)
    table.add_column(label(lang, "measure"), ratio=3)
    table.add_column(label(lang, "value"), justify="right", ratio=1)
    table.add_column(label(lang, "band"), justify="right", ratio=1)
    table.add_column(label(lang, "points"), justify="right", no_wrap=True)
    for measure in pillar.measures:
        style = "" if measure.assessed else "dim"
        table.add_row(measure.title, _value(measure, lang), measure.band or "", f"{_num(measure.points)}/{_num(measure.max_points)}", style=style)
        for check in measure.checks:
            mark = "✓" if check.met else ("✗" if check.assessed else "?")
            shown = label(lang, "not_given") if check.value is None else _show(check.value)
            need = f"≥ {_num(check.min)}" if check.min is not None else ""
            table.add_row(f"  {mark} {check.title}", shown, need, f"{_num(check.points)}/{_num(check.max_points)}", style="dim" if not check.met else "")
    return Group(title, Padding(table, (0, 0, 0, 2)))


def _ssi(report: Report) -> Group:
    lang = report.language
    assert report.ssi is not None
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column(label(lang, "pillar"), max_width=40)
    table.add_column(label(lang, "real"), justify="right")
    table.add_column(label(lang, "estimated"), justify="right")
    table.add_column(label(lang, "difference"), justify="right")
    for pillar in report.pillars.values():
        if pillar.comparison:
            c = pillar.comparison
            table.add_row(pillar.title, _num(c.real), _num(c.estimate), f"{c.difference:+.1f}")
    if "real_total" in report.ssi:
        table.add_section()
        table.add_row(label(lang, "total"), _num(report.ssi["real_total"]), _num(report.ssi["estimate_total"]), f"{report.ssi['difference']:+.1f}")
    lines: list[Any] = [Text(label(lang, "your_ssi"), style="bold"), Padding(table, (0, 0, 0, 2))]
    facts = []
    if "industry_average" in report.ssi:
        facts.append(f"{label(lang, 'industry_average')}: {_num(report.ssi['industry_average'])}")
    if "industry_rank_percent" in report.ssi:
        facts.append(label(lang, "industry_rank", value=_num(report.ssi["industry_rank_percent"])))
    if "network_rank_percent" in report.ssi:
        facts.append(label(lang, "network_rank", value=_num(report.ssi["network_rank_percent"])))
    if facts:
        lines.append(Padding(Text(" · ".join(facts)), (0, 0, 0, 2)))
    if "weakest_real_pillar_title" in report.ssi:
        lines.append(Padding(Text(label(lang, "weakest_real", title=report.ssi["weakest_real_pillar_title"])), (0, 0, 0, 2)))
    return Group(*lines)


def _coverage(report: Report) -> Group:
    lang = report.language
    coverage = report.coverage
    lines: list[Any] = [
        Text(f"{label(lang, 'coverage')}: {label(lang, 'assessed_of', assessed=coverage['assessed'], total=coverage['measures'])}", style="bold")
    ]
    if not coverage["not_assessed"]:
        lines.append(Padding(Text(label(lang, "all_assessed")), (0, 0, 0, 2)))
        return Group(*lines)
    lines.append(Padding(Text(label(lang, "not_assessed") + ":"), (0, 0, 0, 2)))
    for item in coverage["not_assessed"]:
        lines.append(Padding(Text(f"- {item['title']}: {', '.join(item['missing_facts'])}"), (0, 0, 0, 4)))
    return Group(*lines)


def _plan(report: Report, top: int | None) -> Group:
    lang = report.language
    actions = report.actions if not top else report.actions[:top]
    lines: list[Any] = [Text(label(lang, "plan"), style="bold")]
    if not report.actions:
        lines.append(Padding(Text(label(lang, "no_actions")), (0, 0, 0, 2)))
        return Group(*lines)
    for action in actions:
        number = f"{action.rank}."
        head = Text(f"{number:<4}", style="bold")
        head.append(action.title, style="bold")
        facts = Text(
            f"+{_num(action.expected_gain)} {label(lang, 'points')} · "
            f"{_num(action.effort_minutes_per_week)} {label(lang, 'effort')} · "
            f"{label(lang, 'priority')} {action.priority:.2f} · {report.pillars[action.pillar].title}",
            style="cyan",
        )
        body = Group(facts, Text(action.text), Text(action.id, style="dim"))
        lines.append(Padding(head, (1, 0, 0, 2)))
        lines.append(Padding(body, (0, 0, 0, 6)))
    hidden = len(report.actions) - len(actions)
    if hidden > 0:
        lines.append(Padding(Text(label(lang, "more_actions", count=hidden), style="dim"), (1, 0, 0, 2)))
    lines.append(Padding(Text(label(lang, "ranking_note"), style="dim"), (1, 0, 0, 2)))
    return Group(*lines)
