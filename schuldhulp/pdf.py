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
    """A PDF asked for a resource outside our own static files (refused, never fetched)."""


def _maak_fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StatischeFetcher(URLFetcher):
        """Only data: URIs and our own static files; a refused URL is skipped with a warning."""

        def fetch(self, url: str, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            for prefix in ("file:///static/", "/static/"):
                if url.startswith(prefix):
                    pad = finders.find(url[len(prefix) :].split("?")[0])
                    if pad:
                        with open(pad, "rb") as bestand:
                            inhoud = bestand.read()
                        soort = mimetypes.guess_type(pad)[0] or "application/octet-stream"
                        return URLFetcherResponse(url, inhoud, {"Content-Type": soort})
            raise VerbodenBron(f"Bron niet toegestaan in een PDF: {url[:80]}")

    return StatischeFetcher()


def render_to_pdf(template: str, context: dict[str, Any], *, titel: str = "") -> bytes:
    """Render a Django template to a tagged PDF (PDF/UA-friendly: real text, language, title)."""
    from weasyprint import HTML

    html = render_to_string(template, context)
    document = HTML(string=html, base_url="file:///static/", url_fetcher=_maak_fetcher())
    return document.write_pdf(pdf_variant="pdf/ua-1", custom_metadata=True) or b""
