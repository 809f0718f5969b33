"""Secondary (complementary) suppression for the public version of a report (ADR 0012, 0022).

Primary suppression (rapportage.openbaar.onderdrukt) hides a count of 1 to 4. That is not
enough where a total and its parts are both published: total minus the other parts gives the
hidden cell back. So in each quarter column, for every total row (niveau 0, a count) whose
breakdown rows (niveau 1, counts) add up to it exactly, one hidden part is never alone: the
smallest other non-zero part is hidden too (shown as ``x``). Parts that do not add up to
their total (overlapping rows such as 'contact binnen 2 weken' under 'nieuwe zaken') cannot
be subtracted that way and are left alone.
"""

from __future__ import annotations

from rapportage.figuren.basis import Regel
from rapportage.openbaar import onderdrukt

AANVULLEND = "x"  # hidden because it would reveal a small count elsewhere


def _groepen(regels: list[Regel]) -> list[tuple[int, list[int]]]:
    """(total row, its count breakdown rows) for every count total row."""
    groepen: list[tuple[int, list[int]]] = []
    for i, regel in enumerate(regels):
        if regel.niveau == 0:
            groepen.append((i, []) if regel.eenheid == "aantal" else (-1, []))
        elif groepen and groepen[-1][0] >= 0 and regel.eenheid == "aantal":
            groepen[-1][1].append(i)
    return [(t, delen) for t, delen in groepen if t >= 0 and len(delen) >= 2]


def openbare_cellen(regels: list[Regel]) -> list[list[str | None]]:
    """Per row and quarter column: the text to publish instead of the value, or None."""
    uit = [[onderdrukt(w, r.eenheid) for w in r.waarden] for r in regels]
    for totaal, delen in _groepen(regels):
        for k, waarde in enumerate(regels[totaal].waarden):
            waarden = [regels[d].waarden[k] for d in delen]
            if not all(isinstance(w, int) for w in [waarde, *waarden]):
                continue
            if sum(waarden) != waarde or uit[totaal][k] is not None:
                continue  # not additive, or the total itself is hidden (so are its parts)
            verborgen = [d for d in delen if uit[d][k] is not None]
            if len(verborgen) != 1:
                continue
            kandidaten = [d for d in delen if uit[d][k] is None and regels[d].waarden[k] != 0]
            if kandidaten:
                kleinste = min(kandidaten, key=lambda d: regels[d].waarden[k])
                uit[kleinste][k] = AANVULLEND
    return uit
