"""Every document as Markdown: headed sections and tables, for pasting into notes or a CRM.

The same content as the HTML page (the same context, from the documents' JSON form), laid
out by the `*.md.j2` templates; every value is escaped for Markdown on its way out.
"""

from __future__ import annotations

from ssi_advise.engine.compare import Difference
from ssi_advise.engine.history import History
from ssi_advise.engine.report import Report
from ssi_advise.engine.whatif import WhatIf

from .html import history_context, report_context, whatif_context
from .options import RenderOptions
from .progress import difference_data, whatif_data, who
from .templating import render_template


def render_report(report: Report, options: RenderOptions) -> str:
    """The report as Markdown."""
    return render_template("markdown", "report.md.j2", options.language, **report_context(report, options))


def render_compare(difference: Difference, options: RenderOptions) -> str:
    """The comparison as Markdown."""
    data = difference_data(difference, options.language)
    return render_template("markdown", "compare.md.j2", options.language, data=data, date=options.date,
                           who=who(data["new"]["profile"]), was=who(data["old"]["profile"]))


def render_history(history: History, options: RenderOptions) -> str:
    """The history as Markdown: a table of the runs and the trend per pillar."""
    return render_template("markdown", "history.md.j2", options.language, **history_context(history, options))


def render_whatif(whatif: WhatIf, options: RenderOptions) -> str:
    """The what-if scenarios as Markdown."""
    return render_template("markdown", "whatif.md.j2", options.language,
                           **whatif_context(whatif_data(whatif, options.language), options))
