"""One self-contained HTML page per document: inline CSS and SVG charts, no script, nothing fetched.

Built on the documents' JSON form (`report_data` and the progress data), so the page shows
what the text and JSON show; the templates in `templates/` are autoescaped by Jinja2, so a
name such as `<script>` is shown as text. The print stylesheet lays the page out on A4.
"""

from __future__ import annotations

from typing import Any

from ssi_advise.engine.compare import Difference
from ssi_advise.engine.history import History
from ssi_advise.engine.model import PILLARS
from ssi_advise.engine.report import Report
from ssi_advise.engine.whatif import WhatIf

from .charts import PILLAR_COLOURS, line_chart, pillar_chart, total_chart
from .json import report_data
from .options import RenderOptions
from .phrases import phrase
from .progress import difference_data, history_data, whatif_data, who
from .templating import render_template
from .text import DEFAULT_TOP
from .wording import Wording


def report_context(report: Report, options: RenderOptions) -> dict[str, Any]:
    """Everything the report templates (HTML and Markdown) show: the JSON form and the charts."""
    # A page for people shows the first ten actions unless asked otherwise, as the text does.
    data = report_data(report, options.language, DEFAULT_TOP if options.top is None else options.top)
    language = options.language
    totals = [("estimate", _upper_first(phrase(language, "your_estimate")), data["total"])]
    ssi = data.get("ssi", {})
    if "real_total" in ssi:
        totals.append(("real", phrase(language, "your_ssi"), ssi["real_total"]))
    if "industry_average" in ssi:
        totals.append(("average", _upper_first(phrase(language, "industry_average")), ssi["industry_average"]))
    words = Wording(report.texts, language)
    return {
        "data": data,
        "who": data["profile"]["name"] or data["profile"]["id"],
        "date": options.date,
        "hidden": sum(a.alternative_to is None for a in report.actions) - sum(a["alternative_to"] is None for a in data["actions"]),
        "plan": plan_entries(data["actions"]),
        "chart": pillar_chart(data["pillars"], phrase(language, "real")),
        "totals": total_chart(totals) if len(totals) > 1 else None,
        "has_real": any("comparison" in p for p in data["pillars"].values()),
        "colours": PILLAR_COLOURS,
        # A fact's value and a band as the text report shows them: a rate (the pack's own too) as
        # a percentage, decimals in the language's style (0,5–1).
        "value": words.value,
        "decimals": words.decimals,
    }


def plan_entries(actions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The plan as people read it: each leading action numbered, its alternatives under it."""
    entries: list[dict[str, Any]] = []
    for action in actions:
        if action["alternative_to"] is None:
            entries.append({"number": len(entries) + 1, "action": action, "alternatives": []})
        elif entries:
            entries[-1]["alternatives"].append(action)
    return entries


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def render_report(report: Report, options: RenderOptions) -> str:
    """The report as an HTML page."""
    return render_template("html", "report.html.j2", options.language, **report_context(report, options))


def render_compare(difference: Difference, options: RenderOptions) -> str:
    """The comparison as an HTML page, with the two totals and pillars as bars."""
    data = difference_data(difference, options.language)
    return render_template("html", "compare.html.j2", options.language, data=data, date=options.date,
                           who=who(data["new"]["profile"]), was=who(data["old"]["profile"]), chart=compare_chart(data, options.language))


def compare_chart(data: dict[str, Any], language: str) -> Any:
    """Per pillar, now (thick) and before (thin)."""
    from .charts import OTHER_COLOUR, bar_chart

    rows = [(p["title"], [("estimate", p["new"], PILLAR_COLOURS.get(key, OTHER_COLOUR), phrase(language, "now")),
                          ("real", p["old"], OTHER_COLOUR, phrase(language, "before"))])
            for key, p in data["pillars"].items()]
    return bar_chart(rows, 25, 5)


def render_history(history: History, options: RenderOptions) -> str:
    """The history as an HTML page with a line chart per pillar over the runs."""
    return render_template("html", "history.html.j2", options.language, **history_context(history, options))


def history_context(history: History, options: RenderOptions) -> dict[str, Any]:
    """The history's JSON form, its run dates and the line chart."""
    data = history_data(history, options.language)
    dates = [(run["recorded_at"] or phrase(options.language, "unknown_date"))[:10] for run in data["runs"]]
    series = [(key, data["pillars"][key]["title"], data["pillars"][key]["scores"]) for key in PILLARS]
    return {"data": data, "date": options.date, "who": who(data["profile"]), "dates": dates,
            "chart": line_chart(series, dates, 25, 5)}


def render_whatif(whatif: WhatIf, options: RenderOptions) -> str:
    """The what-if scenarios as an HTML page."""
    data = whatif_data(whatif, options.language)
    return render_template("html", "whatif.html.j2", options.language, **whatif_context(data, options))


def whatif_context(data: dict[str, Any], options: RenderOptions) -> dict[str, Any]:
    """The what-if's JSON form with the scenarios `--top` asks for."""
    scenarios = ([data["own"]] if data["own"] else []) + data["scenarios"]
    return {"data": data, "date": options.date, "who": who(data["profile"]),
            "scenarios": scenarios[: options.top] if options.top else scenarios}


