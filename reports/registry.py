"""The report formats: a name, the function that renders it, and what it produces.

The CLI's `--format` choices come from here, so a new format is one module and one entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from collections.abc import Callable

from ssi_advise.engine.report import Report

from .options import RenderOptions


@dataclass(frozen=True)
class Renderer:
    """One report format."""

    name: str
    description: str
    render: Callable[[Report, RenderOptions], str]


def _text(report: Report, options: RenderOptions) -> str:
    # rich is imported only when a text report is asked for.
    from .text import render_text

    return render_text(report, options)


def _json(report: Report, options: RenderOptions) -> str:
    from .json import render_json

    return render_json(report, options)


RENDERERS: dict[str, Renderer] = {
    renderer.name: renderer
    for renderer in (
        Renderer("text", "text for people", _text),
        Renderer("json", "JSON for programs (schemas/report.schema.json)", _json),
    )
}
FORMATS: tuple[str, ...] = tuple(RENDERERS)


def render(report: Report, output_format: str, options: RenderOptions) -> str:
    """The report in `output_format`; InputError when the language is not the pack's."""
    report.texts.require(options.language)
    return RENDERERS[output_format].render(report, options)
