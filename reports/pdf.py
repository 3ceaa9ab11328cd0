"""Any document as a PDF: the HTML page laid out on A4 by WeasyPrint (the `pdf` extra).

WeasyPrint reads the page's print stylesheet: A4, page numbers in the bottom margin, and no
table, action or chart cut across a page. The page fetches nothing, and WeasyPrint is
given a fetcher that refuses every URL, so a PDF is made offline whatever a pack's text holds.
"""

from __future__ import annotations

from typing import Any

from .options import RenderOptions


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> Any:
    raise ValueError(f"not fetched: {url[:80]}")


def render_pdf(document: Any, options: RenderOptions) -> bytes:
    """The document's HTML page as PDF bytes."""
    import logging

    from weasyprint import HTML

    from .registry import RENDERERS

    page = RENDERERS["html"].render(document, options)
    assert isinstance(page, str)
    # WeasyPrint logs every CSS property it does not know (and the refused fetches) as warnings.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    pdf: bytes = HTML(string=page, url_fetcher=_no_fetch).write_pdf()
    return pdf
