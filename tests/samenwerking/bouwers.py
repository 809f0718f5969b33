"""Builders for the collaboration tests (through the services, as users make them)."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

from tests.bouwers import KlantFactory, Omgeving, aanmelding, overgang
from trajecten.models import Traject
from trajecten.samenwerking.models import Overdracht
from trajecten.samenwerking.services import overdracht as services


def overdracht_nodig(omg: Omgeving, *, behandelaar: bool = True) -> Traject:
    """Hybride (O tasks with the gemeente): the consulent registers, holds the first
    conversation and the toelating; financiële rust is the Stadsbank's (acute hulp), so a
    warme overdracht from the gemeente is due. `behandelaar`: the klantregisseur is named
    (else the Stadsbank side has nobody and its team gets the signals)."""
    klant = KlantFactory(gemeente=omg.gemeente)
    traject = aanmelding(klant, omg.consulent, behandelaar=omg.regisseur if behandelaar else None)
    overgang(traject, "voer_eerste_gesprek", omg.consulent)
    overgang(traject, "neem_toelatingsbesluit", omg.consulent)
    return Traject.objects.get(pk=traject.pk)


def verstuur(traject: Traject, door, **kw: Any) -> Overdracht:
    velden = {
        "situatie": "Alleenstaande moeder, huurachterstand van twee maanden.",
        "gedaan": "Intake en toelating.",
        "urgent": "Huisuitzetting dreigt.",
        "documenten": "Bankafschriften drie maanden.",
        "afspraken": "Terugbellen op dinsdag.",
    }
    return services.verstuur(traject_id=traject.pk, door=door, **(velden | kw))


class _Element(HTMLParser):
    """Finds where the element with `id` starts and ends (nesting of its own tag counted)."""

    def __init__(self, id_: str) -> None:
        super().__init__(convert_charrefs=False)
        self.id, self.tag, self.diepte = id_, "", 0
        self.begin: tuple[int, int] | None = None
        self.einde: tuple[int, int] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if self.begin is None and dict(attrs).get("id") == self.id:
            self.begin, self.tag, self.diepte = self.getpos(), tag, 1
        elif self.begin is not None and self.einde is None and tag == self.tag:
            self.diepte += 1

    def handle_endtag(self, tag: str) -> None:
        if self.begin is not None and self.einde is None and tag == self.tag:
            self.diepte -= 1
            if self.diepte == 0:
                self.einde = self.getpos()


def element(html: str, id_: str) -> str:
    """The HTML of the element with this id ('' when the page has none)."""
    zoeker = _Element(id_)
    zoeker.feed(html)
    if zoeker.begin is None or zoeker.einde is None:
        return ""
    regels = html.splitlines(keepends=True)
    begin = sum(len(r) for r in regels[: zoeker.begin[0] - 1]) + zoeker.begin[1]
    einde = sum(len(r) for r in regels[: zoeker.einde[0] - 1]) + zoeker.einde[1]
    return html[begin : html.index(">", einde) + 1]
