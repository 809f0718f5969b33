"""Check an upload by its content and turn it into one PDF (ADR 0020).

The name and the browser's content type mean nothing: the first bytes decide what a file is
(JPEG, PNG or PDF), and then it must really parse. Photos are limited in pixels before they
are decoded (a "pixel bomb" is refused from its header), turned upright (EXIF orientation),
re-encoded without their metadata (no GPS position in the dossier) and put as pages into one
PDF together with the pages of any PDFs. An encrypted PDF is refused: the worker could not
read it. Nothing here touches the disk or the database; the service stores the result.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError, PyPdfError

JPEG, PNG, PDF = "jpeg", "png", "pdf"
_HANDTEKENINGEN = [
    (b"\xff\xd8\xff", JPEG),
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"%PDF-", PDF),
]
# A4 at 150 dpi: sharp enough to read a letter, small enough to send on.
_LANGE_ZIJDE = 1754
_DPI = 150


@dataclass(frozen=True)
class Resultaat:
    inhoud: bytes  # one PDF
    paginas: int


def _mb(aantal: int) -> str:
    return f"{aantal / (1024 * 1024):.0f} MB"


def soort_van(kop: bytes) -> str | None:
    """What the first bytes say the file is (None: none of what we take)."""
    if kop.startswith(b"%PDF-"):
        return PDF
    # A PDF may have a few bytes of junk before its header (the standard allows 1024).
    if b"%PDF-" in kop[:1024]:
        return PDF
    return next((soort for begin, soort in _HANDTEKENINGEN if kop.startswith(begin)), None)


def _lees(bestand: UploadedFile) -> bytes:
    bestand.seek(0)
    return bestand.read()


def _controleer_omvang(bestanden: list[UploadedFile]) -> None:
    if not bestanden:
        raise ValidationError("Kies minstens één foto of PDF.", code="leeg")
    if len(bestanden) > settings.PAPIEREN_MAX_BESTANDEN:
        raise ValidationError(
            f"U kunt hoogstens {settings.PAPIEREN_MAX_BESTANDEN} bestanden tegelijk sturen.",
            code="te_veel",
        )
    for bestand in bestanden:
        if bestand.size > settings.PAPIEREN_MAX_BESTAND_BYTES:
            raise ValidationError(
                f"'{bestand.name}' is te groot ({_mb(bestand.size)}). Eén bestand mag "
                f"hoogstens {_mb(settings.PAPIEREN_MAX_BESTAND_BYTES)} zijn.",
                code="te_groot",
            )
        if bestand.size == 0:
            raise ValidationError(f"'{bestand.name}' is leeg.", code="leeg")
    totaal = sum(b.size for b in bestanden)
    if totaal > settings.PAPIEREN_MAX_TOTAAL_BYTES:
        raise ValidationError(
            f"Samen zijn de bestanden te groot ({_mb(totaal)}). Samen mogen ze hoogstens "
            f"{_mb(settings.PAPIEREN_MAX_TOTAAL_BYTES)} zijn. Stuur ze in delen.",
            code="te_groot",
        )


def _te_veel_paginas() -> ValidationError:
    return ValidationError(
        f"Dit zijn meer dan {settings.PAPIEREN_MAX_PAGINAS} pagina's. Stuur het stuk in delen.",
        code="te_veel_paginas",
    )


def _pagina_van_foto(naam: str, inhoud: bytes) -> Image.Image:
    fout = ValidationError(
        f"'{naam}' is geen foto die we kunnen lezen. Maak een nieuwe foto of stuur een PDF.",
        code="onleesbaar",
    )
    try:
        with warnings.catch_warnings():
            # Pillow only warns between MAX_IMAGE_PIXELS and twice that: here it is an error.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            beeld = Image.open(io.BytesIO(inhoud))
            if beeld.width * beeld.height > settings.PAPIEREN_MAX_PIXELS:
                raise Image.DecompressionBombError("te veel pixels")
            beeld.load()  # really decode it: a truncated or fake file fails here
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ValidationError(
            f"'{naam}' heeft te veel pixels om te verwerken. Maak een foto met een gewone "
            "camera-instelling.",
            code="te_veel_pixels",
        ) from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise fout from exc
    if getattr(beeld, "n_frames", 1) > 1:
        raise ValidationError(
            f"'{naam}' bevat meer dan één beeld. Stuur één foto per pagina.", code="onleesbaar"
        )
    beeld = ImageOps.exif_transpose(beeld).convert("RGB")
    beeld.thumbnail((_LANGE_ZIJDE, _LANGE_ZIJDE))  # never larger, keeps the proportions
    return beeld


def _pdf_lezen(naam: str, inhoud: bytes) -> PdfReader:
    try:
        lezer = PdfReader(io.BytesIO(inhoud), strict=False)
        if lezer.is_encrypted:
            raise ValidationError(
                f"'{naam}' is beveiligd met een wachtwoord. Stuur het stuk zonder wachtwoord "
                "(of maak er een foto van).",
                code="versleuteld",
            )
        aantal = len(lezer.pages)
        if aantal > settings.PAPIEREN_MAX_PAGINAS:  # before touching a page: a page bomb
            raise _te_veel_paginas()
        for pagina in lezer.pages:
            pagina.mediabox  # noqa: B018 (parse every page object now, not on download)
    except ValidationError:
        raise
    except (PyPdfError, PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise ValidationError(
            f"'{naam}' is geen PDF die we kunnen lezen. Sla het opnieuw op als PDF of maak "
            "er een foto van.",
            code="onleesbaar",
        ) from exc
    if aantal == 0:
        raise ValidationError(f"'{naam}' heeft geen pagina's.", code="onleesbaar")
    return lezer


def _foto_als_pdf(beelden: list[Image.Image]) -> bytes:
    uit = io.BytesIO()
    beelden[0].save(
        uit, "PDF", save_all=True, append_images=beelden[1:], resolution=_DPI, quality=85
    )
    return uit.getvalue()


def maak_pdf(bestanden: Iterable[UploadedFile]) -> Resultaat:
    """One PDF of all pages, in the order given; ValidationError (Dutch) on any bad file."""
    bestanden = list(bestanden)
    _controleer_omvang(bestanden)
    schrijver = PdfWriter()
    beelden: list[Image.Image] = []

    def foto_paginas_toevoegen() -> None:
        if beelden:
            schrijver.append(PdfReader(io.BytesIO(_foto_als_pdf(beelden))))
            beelden.clear()

    for bestand in bestanden:
        naam = (bestand.name or "bestand")[-80:]
        inhoud = _lees(bestand)
        soort = soort_van(inhoud[:1024])
        if soort is None:
            raise ValidationError(
                f"'{naam}' is geen foto (JPEG of PNG) en geen PDF. Alleen foto's en PDF's "
                "kunnen worden toegevoegd.",
                code="soort",
            )
        if soort == PDF:
            lezer = _pdf_lezen(naam, inhoud)
            foto_paginas_toevoegen()
            schrijver.append(lezer)
        else:
            beelden.append(_pagina_van_foto(naam, inhoud))
        if len(schrijver.pages) + len(beelden) > settings.PAPIEREN_MAX_PAGINAS:
            raise _te_veel_paginas()
    foto_paginas_toevoegen()
    uit = io.BytesIO()
    schrijver.write(uit)
    return Resultaat(inhoud=uit.getvalue(), paginas=len(schrijver.pages))
