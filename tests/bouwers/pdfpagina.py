"""How full the last page of a PDF is: a document must not end on a page with a few lines.

Measured on the PDF itself (pypdf, already a dependency): the lowest line of text on the
last page, above the footer in the bottom margin, as a share of the page height. No
rendering to pixels needed, so the check is fast enough for every document in a test.
"""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

from pypdf import PdfReader

VOETTEKST_PT = 45  # the footer (@bottom-left/right) sits lower than this, in the margin
BIJNA_LEEG = 0.2  # a last page filled less than a fifth counts as near-empty


def vulling_laatste_pagina(pdf: bytes) -> tuple[int, float]:
    """(number of pages, share of the last page's height that holds text)."""
    lezer = PdfReader(io.BytesIO(pdf))
    pagina = lezer.pages[-1]
    hoogte = float(pagina.mediabox.height)
    ys: list[float] = []

    def bezoek(tekst: str, cm: list, tm: list, *_: object) -> None:
        if tekst.strip():
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            if y > VOETTEKST_PT:
                ys.append(y)

    pagina.extract_text(visitor_text=bezoek)
    if not ys:
        return len(lezer.pages), 0.0
    return len(lezer.pages), round((hoogte - min(ys)) / hoogte, 3)


def bijna_leeg(pdf: bytes) -> bool:
    """True when a document of several pages ends on a page that is nearly empty."""
    pagina_s, vulling = vulling_laatste_pagina(pdf)
    return pagina_s > 1 and vulling < BIJNA_LEEG


def pdf_naar_png(pdf: bytes, naam: str, map_: str = "var/screenshots") -> list[Path]:
    """Every page of `pdf` as var/screenshots/pdf-<naam>-<n>.png (pdftoppm, 60 dpi): the
    browser tests leave them behind so a person can look at the rendered pages (issue 20)."""
    doel = Path(map_)
    doel.mkdir(parents=True, exist_ok=True)
    for oud in doel.glob(f"pdf-{naam}-*.png"):
        oud.unlink()
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", "-", str(doel / f"pdf-{naam}")],
        input=pdf,
        check=True,
        capture_output=True,
    )
    return sorted(doel.glob(f"pdf-{naam}-*.png"))
