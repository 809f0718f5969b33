"""One helper to make PDFs with WeasyPrint (klantplan documents, reports).

WeasyPrint never fetches a user-controlled URL: the url_fetcher only serves our own static
files (by path) and ``data:`` URIs; everything else is refused.
"""

from __future__ import annotations

import mimetypes
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string


class VerbodenBron(ValueError):
    pass


def _url_fetcher(url: str, timeout: int = 10, ssl_context=None) -> dict[str, Any]:
    if url.startswith("data:"):
        from weasyprint.urls import default_url_fetcher

        return default_url_fetcher(url)
    for prefix in ("file:///static/", "/static/", "static/"):
        if url.startswith(prefix):
            pad = finders.find(url[len(prefix):])
            if pad:
                with open(pad, "rb") as bestand:
                    return {"string": bestand.read(),
                            "mime_type": mimetypes.guess_type(pad)[0] or "application/octet-stream"}
    raise VerbodenBron(f"Bron niet toegestaan in een PDF: {url[:80]}")


def render_to_pdf(template: str, context: dict[str, Any], *, titel: str = "") -> bytes:
    """Render a Django template to a tagged PDF (PDF/UA-friendly: real text, language, title)."""
    from weasyprint import HTML

    html = render_to_string(template, context)
    document = HTML(string=html, base_url="file:///static/", url_fetcher=_url_fetcher)
    return document.write_pdf(pdf_variant="pdf/ua-1", metadata=True, custom_metadata=True) or b""
