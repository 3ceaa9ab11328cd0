"""The output formats: a name, what it is for, and the function that renders each kind of document.

A format renders every kind of document a command prints: a report (`advise`), a
difference (`compare`), a history (`history`) and a what-if (`what-if`); every command
takes its `--format` choices from here, so a new format is one module and one entry.
Functions are named as "module:function" inside this package and imported only when used,
so `ssi-advise --help` loads neither rich nor Jinja2 nor WeasyPrint.

A binary format (PDF) returns bytes and must be written to a file; a format that needs an
optional extra says which one, in one line, when the extra is not installed.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass

from typing import TYPE_CHECKING

from ssi_advise.engine.problems import InputError
from ssi_advise.engine.report import Report

from .options import RenderOptions
from .phrases import phrase
from .values import DECIMAL

if TYPE_CHECKING:  # a report alone is the common case: the other documents' modules load when used
    from ssi_advise.engine.compare import Difference
    from ssi_advise.engine.history import History
    from ssi_advise.engine.whatif import WhatIf

    Document = Report | Difference | History | WhatIf

# Each kind of document by the name of its class (engine.report, .compare, .history, .whatif).
KINDS: dict[str, str] = {"Report": "report", "Difference": "compare", "History": "history", "WhatIf": "what-if"}


@dataclass(frozen=True)
class Renderer:
    """One output format."""

    name: str
    description: str
    functions: Mapping[str, str]  # document kind → "module:function" in ssi_advise.reports
    binary: bool = False
    extra: str | None = None  # the optional extra (pyproject) the format needs
    needs: str | None = None  # the module that extra provides

    def render(self, document: Document, options: RenderOptions) -> str | bytes:
        """The document in this format: text, or bytes for a binary format."""
        self.require()
        module_name, _, function = self.functions[KINDS[type(document).__name__]].partition(":")
        module = importlib.import_module(f"{__package__}.{module_name}")
        mark = DECIMAL.set(phrase(options.language, "decimal"))
        try:
            result: str | bytes = getattr(module, function)(document, options)
        finally:
            DECIMAL.reset(mark)
        return result

    def require(self) -> None:
        """InputError (one line) when the optional extra this format needs is not installed."""
        if self.needs is None:
            return
        try:
            importlib.import_module(self.needs)
        except (ImportError, OSError) as error:  # OSError: installed, but its system libraries are missing
            raise InputError.single(
                f"--format {self.name} needs the optional extra '{self.extra}': pip install 'ssi-advise[{self.extra}]' ({error})"
            ) from None


def _functions(report: str, others: str, suffix: str = "") -> dict[str, str]:
    """The report's function, and the module whose render_compare/_history/_whatif render the rest."""
    return {"report": report, **{kind: f"{others}:render_{kind.replace('-', '')}{suffix}" for kind in ("compare", "history", "what-if")}}


RENDERERS: dict[str, Renderer] = {
    renderer.name: renderer
    for renderer in (
        Renderer("text", "text for people, 80 columns", _functions("text:render_text", "text_progress")),
        Renderer("json", "JSON for programs (schemas/report.schema.json)", _functions("json:render_json", "progress", "_json")),
        Renderer("markdown", "Markdown: headed sections and tables, for notes or a CRM", _functions("markdown:render_report", "markdown")),
        Renderer("html", "one self-contained HTML page with charts, to open, keep and print", _functions("html:render_report", "html")),
        Renderer("pdf", "PDF (A4) of the HTML page; needs the pdf extra and -o FILE", dict.fromkeys(KINDS.values(), "pdf:render_pdf"),
                 binary=True, extra="pdf", needs="weasyprint"),
    )
}
FORMATS: tuple[str, ...] = tuple(RENDERERS)


def render(document: Document, output_format: str, options: RenderOptions) -> str | bytes:
    """The document in `output_format`; InputError when the language is not the pack's."""
    if isinstance(document, Report):
        document.texts.require(options.language)
    return RENDERERS[output_format].render(document, options)
