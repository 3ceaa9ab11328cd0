"""Renderers: a report (language-neutral) into text, JSON and the formats to come.

    from ssi_advise.reports import RenderOptions, render
    print(render(report, "text", RenderOptions(language="nl", top=5)))
"""

from __future__ import annotations

from .json import dumps, report_data
from .options import RenderOptions
from .registry import FORMATS, RENDERERS, Renderer, render

__all__ = ["FORMATS", "RENDERERS", "RenderOptions", "Renderer", "dumps", "render", "report_data"]
