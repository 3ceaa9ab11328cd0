"""Compare, history and what-if as text for people, 80 columns, built on their JSON form.

As in the report, every string from a profile or a pack reaches rich as a `Text`, never as
markup.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ssi_advise.engine.compare import Difference
from ssi_advise.engine.history import History
from ssi_advise.engine.whatif import WhatIf

from .options import RenderOptions
from .phrases import phrase, points_unit
from .progress import difference_data, history_data, whatif_data, who
from .values import num, shown, signed, sparkline

Printer = Callable[..., None]


def _render(options: RenderOptions, body: Callable[[Printer], None]) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, width=options.width, color_system="standard" if options.color else None,
                      force_terminal=options.color, no_color=not options.color, highlight=False, emoji=False,
                      markup=False, legacy_windows=False)
    body(console.print)
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"


def _table(*headers: str) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for index, header in enumerate(headers):
        table.add_column(Text(header), justify="left" if index == 0 else "right", ratio=3 if index == 0 else None)
    return table


def _measures_changed(data: dict[str, Any], say: Callable[..., str]) -> Table:
    table = _table(say("measure"), say("before"), say("now"), say("change"))
    for measure in data["measures"]:
        table.add_row(Text(measure["title"]), num(measure["old"]), num(measure["new"]), signed(measure["change"]))
    return table


def _item(mark: str, text: str, detail: str = "") -> Table:
    """A list item whose wrapped lines stay indented under its text; `detail` on a line of its own."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=max(len(mark), 1) + 1, justify="right", no_wrap=True)
    grid.add_column()
    grid.add_row(Text(mark, style="bold"), Text(text))
    if detail:
        grid.add_row("", Text(detail, style="dim"))
    return grid


def _changes(data: dict[str, Any], say: Callable[..., str]) -> Table:
    table = _table(say("pillar"), say("before"), say("now"), say("change"))
    for pillar in data["pillars"].values():
        table.add_row(Text(pillar["title"]), num(pillar["old"]), num(pillar["new"]), signed(pillar["change"]))
    table.add_section()
    total = data["total"]
    table.add_row(Text(say("total"), style="bold"), num(total["old"]), num(total["new"]), Text(signed(total["change"]), style="bold"))
    return table


def render_compare(difference: Difference, options: RenderOptions) -> str:
    """The change per pillar and in total, the facts that changed, actions done and new."""
    data = difference_data(difference, options.language)

    def say(key: str, **values: object) -> str:
        return phrase(options.language, key, **values)

    def body(out: Printer) -> None:
        out(Text(f"{say('compare_heading')} {say('for')} {who(data['new']['profile'])}", style="bold"))
        out(Text(f"{data['old']['profile']['source']} → {data['new']['profile']['source']}", style="dim"))
        if not data["same_member"]:
            out(Text(say("other_member", old=who(data["old"]["profile"]), new=who(data["new"]["profile"])), style="bold"))
        if not data["same_pack"]:
            out(Text(say("other_pack", old=_pack(data["old"]["pack"]), new=_pack(data["new"]["pack"])), style="italic"))
        out()
        out(_changes(data, say))
        if data["measures"]:
            # As the other formats have it: which measures the points came from.
            out()
            out(Text(say("measures_changed"), style="bold"))
            out(_measures_changed(data, say))
        out()
        _facts_changed(out, data, say)
        out()
        out(Text(say("done"), style="bold"))
        if not data["done"]:
            out(_item("", say("no_done")))
        for item in data["done"]:
            out(_item("✓", item["title"], f"{_done_reason(item, say)} · {item['pillar_title']}"))
        out()
        out(Text(say("new_actions"), style="bold"))
        if not data["new_actions"]:
            out(_item("", say("no_new_actions")))
        for item in data["new_actions"]:
            unit = points_unit(options.language, item["expected_gain"])
            out(_item(f"{item['rank']}.", item["title"],
                      f"≈+{num(item['expected_gain'])} {unit} · {num(item['effort_minutes_per_week'])} {say('effort')} · "
                      f"{item['pillar_title']}"))

    return _render(options, body)


def _facts_changed(out: Printer, data: dict[str, Any], say: Callable[..., str]) -> None:
    out(Text(say("facts_changed"), style="bold"))
    if not data["facts"]:
        out(_item("", say("no_facts_changed")))
    for fact in data["facts"]:
        old, new = (shown(fact[when], say("not_given"), fact["rate"]) for when in ("old", "new"))
        out(_item("-", f"{fact['fact']}: {old} → {new}"))
    if not data["all_facts"]:
        out(Text(say("measured_facts_only"), style="italic"))


def _pack(pack: dict[str, str]) -> str:
    return f"{pack['name']} {pack['version']}"


def _done_reason(item: dict[str, Any], say: Callable[..., str]) -> str:
    if item["reason"] == "gone":
        return say("done_gone")
    return say("done_target", before=num(item["points_before"]), now=num(item["points_now"]))


def render_history(history: History, options: RenderOptions) -> str:
    """The trend per pillar and in total as sparklines (0–25 a pillar, 0–100 in total)."""
    data = history_data(history, options.language)

    def say(key: str, **values: object) -> str:
        return phrase(options.language, key, **values)

    def body(out: Printer) -> None:
        runs = data["runs"]
        out(Text(f"{say('history_heading')} {say('for')} {who(data['profile'])}", style="bold"))
        dates = [(run["recorded_at"] or say("unknown_date"))[:10] for run in runs]
        out(Text(say("runs" if len(runs) != 1 else "run_one", count=len(runs), first=dates[0], last=dates[-1]), style="dim"))
        out()
        table = _table(say("pillar"), say("trend"), say("first"), say("last"), say("change"))
        for pillar in data["pillars"].values():
            table.add_row(Text(pillar["title"]), sparkline(pillar["scores"], 25), num(pillar["first"]), num(pillar["last"]),
                          signed(pillar["change"]))
        table.add_section()
        total = data["total"]
        table.add_row(Text(say("total"), style="bold"), sparkline(total["scores"], 100), num(total["first"]), num(total["last"]),
                      Text(signed(total["change"]), style="bold"))
        out(table)

    return _render(options, body)


def render_whatif(whatif: WhatIf, options: RenderOptions) -> str:
    """Each action's scenario, ranked by the points it would add, with the gain per pillar."""
    data = whatif_data(whatif, options.language)
    language = options.language

    def say(key: str, **values: object) -> str:
        return phrase(language, key, **values)

    def body(out: Printer) -> None:
        out(Text(f"{say('whatif_heading')} {say('for')} {who(data['profile'])}", style="bold"))
        out(Text(say("whatif_note"), style="italic"))
        out(Text(f"{say('total')}: {num(data['total'])}/100"))
        scenarios = ([data["own"]] if data["own"] else []) + data["scenarios"]
        shown_scenarios = scenarios[: options.top] if options.top else scenarios
        for scenario in shown_scenarios:
            out()
            out(_scenario(scenario, say, data["rates"]))
        if data["not_tried"]:
            out()
            out(Text(say("not_tried") + ":", style="bold"))
            for item in data["not_tried"]:
                out(_item("-", item["title"]))

    return _render(options, body)


def _scenario(scenario: dict[str, Any], say: Callable[..., str], rates: list[str]) -> Table:
    facts = ", ".join(f"{fact} = {shown(value, say('not_given'), fact in rates)}" for fact, value in scenario["facts"].items())
    total = scenario["total"]
    gains = ", ".join(f"{p['title']} {signed(p['change'])}" for p in scenario["pillars"].values() if p["change"])
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=4, no_wrap=True)
    grid.add_column()
    grid.add_row(Text(f"{scenario['rank']}." if scenario["action"] else "*", style="bold"),
                 Text(scenario["action"]["title"] if scenario["action"] else say("your_changes"), style="bold"))
    grid.add_row("", Text(f"{say('target')}: {facts or '—'}"))
    grid.add_row("", Text(f"{say('total')} {num(total['old'])} → {num(total['new'])} ({signed(total['change'])})"
                          + (f": {gains}" if gains else ""), style="cyan"))
    return grid
