"""Small server-side SVG charts (the same markup on screen and in the PDF).

Only presentation attributes, no ``style`` attributes or scripts: the screen's
Content-Security-Policy forbids inline styles, and WeasyPrint renders plain SVG well.
Each chart has a ``<title>`` and a ``<desc>`` listing every value, so it is not colour or
shape alone; the tables beside the charts hold the same numbers.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from html import escape

from django.utils.safestring import SafeString, mark_safe

LETTER = "DejaVu Sans, Verdana, Arial, sans-serif"
# The petrol of our own theme (schuldhulp/static/schuldhulp/thema.css, ADR 0017), not the
# Rijkshuisstijl blue; the earlier quarters in a light petrol that still shows on paper.
HUIDIG = "#0e6170"
EERDER = "#8fc3cb"
DOEL = "#8a4b00"
AS = "#4a4a4a"

LEEG_TREND = "Geen metingen in deze kwartalen"
LEEG_VERDELING = "Niets te tellen in dit kwartaal"

_teller = itertools.count(1)


def _id(prefix: str) -> str:
    """A unique id per chart on a page (aria-labelledby needs ids)."""
    return f"{prefix}-{next(_teller)}"


def _tekst(
    x: float,
    y: float,
    inhoud: str,
    *,
    anker: str = "middle",
    grootte: int = 11,
    kleur: str = "#1a1a1a",
    vet: bool = False,
) -> str:
    gewicht = ' font-weight="bold"' if vet else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anker}" font-family="{LETTER}" '
        f'font-size="{grootte}" fill="{kleur}"{gewicht}>{escape(inhoud)}</text>'
    )


def _svg(breedte: int, hoogte: int, titel: str, beschrijving: str, inhoud: list[str]) -> SafeString:
    titel_id, desc_id = _id("grafiek-titel"), _id("grafiek-desc")
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="grafiek" width="{breedte}" '
        f'height="{hoogte}" viewBox="0 0 {breedte} {hoogte}" role="img" '
        f'aria-labelledby="{titel_id} {desc_id}">'
        f'<title id="{titel_id}">{escape(titel)}</title>'
        f'<desc id="{desc_id}">{escape(beschrijving)}</desc>' + "".join(inhoud) + "</svg>"
    )


def trend(
    labels: Sequence[str],
    waarden: Sequence[float | int | None],
    *,
    titel: str,
    opmaak: Callable[[float | int | None], str],
    doel: float | None = None,
    breedte: int = 310,
    hoogte: int = 170,
) -> SafeString:
    """Vertical bars per quarter; the last (the reported quarter) dark; an optional target line."""
    links, rechts, boven, onder = 8, 66 if doel is not None else 8, 18, 24
    hoogte_plot = hoogte - boven - onder
    getallen = [w for w in waarden if w is not None]
    schaal = max([*getallen, doel or 0, 1]) * 1.12
    vak = (breedte - links - rechts) / max(len(waarden), 1)
    staaf = vak * 0.62
    basis = boven + hoogte_plot
    delen = [
        f'<line x1="{links}" y1="{basis}" x2="{breedte - rechts}" y2="{basis}" stroke="{AS}"/>'
    ]
    for i, (label, waarde) in enumerate(zip(labels, waarden, strict=True)):
        x = links + i * vak + (vak - staaf) / 2
        midden = x + staaf / 2
        laatste = i == len(waarden) - 1
        if waarde is not None:
            h = hoogte_plot * float(waarde) / schaal
            delen.append(
                f'<rect x="{x:.1f}" y="{basis - h:.1f}" width="{staaf:.1f}" height="{h:.1f}" '
                f'fill="{HUIDIG if laatste else EERDER}"/>'
            )
            delen.append(_tekst(midden, basis - h - 4, opmaak(waarde), vet=laatste))
        else:
            delen.append(_tekst(midden, basis - 4, "—", kleur=AS))
        delen.append(_tekst(midden, basis + 15, label, grootte=9, vet=laatste, kleur=AS))
    if doel is not None:
        y = basis - hoogte_plot * doel / schaal
        delen.append(
            f'<line x1="{links}" y1="{y:.1f}" x2="{breedte - rechts + 4}" y2="{y:.1f}" '
            f'stroke="{DOEL}" stroke-width="2" stroke-dasharray="6 4"/>'
        )
        delen.append(
            _tekst(
                breedte - rechts + 6,
                y + 4,
                f"doel {doel:g}%",
                anker="start",
                grootte=10,
                kleur=DOEL,
                vet=True,
            )
        )
    if not getallen:
        # An empty chart says why instead of showing an empty axis.
        delen.append(_tekst((breedte - rechts) / 2, boven + hoogte_plot / 2, LEEG_TREND, kleur=AS))
    beschrijving = "; ".join(
        f"{label}: {opmaak(w)}" for label, w in zip(labels, waarden, strict=True)
    ) + (f"; doel {doel:g}%" if doel is not None else "")
    return _svg(breedte, hoogte, titel, beschrijving, delen)


def _regels(label: str, breedte: int = 30, maximum: int = 3) -> list[str]:
    """A long label over a few lines (at word boundaries) instead of cut off with '…'."""
    regels: list[str] = []
    for woord in label.split():
        if regels and len(regels[-1]) + 1 + len(woord) <= breedte:
            regels[-1] += " " + woord
        else:
            regels.append(woord)
    if len(regels) > maximum:  # only a very long name: the rest is in <desc> and the table
        regels = [*regels[: maximum - 1], " ".join(regels[maximum - 1 :])[: breedte - 1] + "…"]
    return regels or [""]


def verdeling(
    items: Sequence[tuple[str, int | float]],
    *,
    titel: str,
    opmaak: Callable[[float | int | None], str],
    breedte: int = 460,
    doelen: Sequence[float | None] | None = None,
) -> SafeString:
    """Horizontal bars: a breakdown (by kanaal, by reason) of the reported quarter.

    `doelen` (percentages, one per item): a dashed target line across each bar, so a norm
    chart shows at a glance which norm is under its target."""
    regelhoogte, boven, labelbreedte, waardebreedte = 13, 6, 200, 56
    labels = [_regels(label) for label, _ in items]
    hoogtes = [max(22, regelhoogte * len(r) + 9) for r in labels]
    schaal_doel = max([d for d in (doelen or []) if d is not None] + [0])
    maximum = max([float(w) for _, w in items] + [schaal_doel, 1])
    plot = breedte - labelbreedte - waardebreedte
    legenda = 16 if doelen else 0
    hoogte = boven * 2 + sum(hoogtes) + legenda
    delen = []
    y = boven
    for i, ((_, waarde), regels, rij) in enumerate(zip(items, labels, hoogtes, strict=True)):
        midden = y + rij / 2
        eerste = midden - (len(regels) - 1) * regelhoogte / 2 + 4
        for n, regel in enumerate(regels):
            delen.append(_tekst(labelbreedte - 8, eerste + n * regelhoogte, regel, anker="end"))
        lengte = plot * float(waarde) / maximum
        delen.append(
            f'<rect x="{labelbreedte}" y="{midden - 7.5:.1f}" width="{lengte:.1f}" height="15" '
            f'fill="{HUIDIG}"/>'
        )
        delen.append(_tekst(labelbreedte + lengte + 6, midden + 4, opmaak(waarde), anker="start"))
        doel = doelen[i] if doelen else None
        if doel is not None:
            x = labelbreedte + plot * doel / maximum
            delen.append(
                f'<line x1="{x:.1f}" y1="{midden - 11:.1f}" x2="{x:.1f}" y2="{midden + 11:.1f}" '
                f'stroke="{DOEL}" stroke-width="2" stroke-dasharray="4 2"/>'
            )
        y += rij
    if doelen:
        delen.append(
            f'<line x1="{labelbreedte}" y1="{y + 6}" x2="{labelbreedte}" y2="{y + 16}" '
            f'stroke="{DOEL}" stroke-width="2" stroke-dasharray="4 2"/>'
        )
        delen.append(
            _tekst(
                labelbreedte + 6,
                y + 15,
                "= doel (streefwaarde)",
                anker="start",
                grootte=10,
                kleur=DOEL,
                vet=True,
            )
        )
    if not any(float(w) for _, w in items):
        hoogte = max(hoogte, 40)
        delen.append(_tekst(breedte / 2, hoogte / 2 + 4, LEEG_VERDELING, kleur=AS))
    beschrijving = (
        "; ".join(
            f"{label}: {opmaak(w)}"
            + (f" (doel {doelen[i]:g}%)" if doelen and doelen[i] is not None else "")
            for i, (label, w) in enumerate(items)
        )
        or "geen gegevens"
    )
    return _svg(breedte, hoogte, titel, beschrijving, delen)
