"""DDAS v1.0: one traject as a ``schuldhulptraject`` record, and what a levering says about
the organisation that delivers it.

The record is built from the event rows (``Gebeurtenis``) and the product, moratorium and
crisis rows, as they stood at the end of the period (later rows are left out, so an export is
reproducible). The mapping is documented in ``docs/ddas.md``; the file around the records is
made (and streamed) in ``export.py``.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone

from klantplan.models import Schuld, Schuldeisersoort
from rapportage.ddas import mapping
from rapportage.ddas.mapping import iso, zonder_leeg
from schuldhulp.models import Gebruiker, Klant, Organisatie
from schuldhulp.opmaak import datum_lang
from schuldhulp.validators import maskeer_bsn
from trajecten.models import (
    UITSTROOM_SOORTEN,
    Fase,
    Gebeurtenis,
    Gebeurtenissoort,
    Product,
    Traject,
    eerste_uitstroom,
)


def code_gegevensleverancier() -> str:
    return settings.DDAS_CODE_GEGEVENSLEVERANCIER or "SCHULDHULP"


def trajecten_in_periode(basis: QuerySet[Traject], *, van: date, tot: date) -> QuerySet[Traject]:
    """Trajecten that ran during [van, tot]: aangemeld on or before `tot` and not ended
    (uitstroom or afwijzing) before `van`."""
    eerder_geeindigd = Gebeurtenis.objects.filter(
        traject=OuterRef("pk"), soort__in=UITSTROOM_SOORTEN, datum__lt=van
    )
    return basis.filter(aanmelddatum__lte=tot).exclude(Exists(eerder_geeindigd))


def met_relaties(qs: QuerySet[Traject]) -> QuerySet[Traject]:
    """Everything a record needs, in a constant number of queries."""
    return qs.select_related(
        "klant", "gemeente__organisatie", "huishouden__partner"
    ).prefetch_related(
        Prefetch("gebeurtenissen", queryset=Gebeurtenis.objects.order_by("datum", "pk")),
        Prefetch("producten", queryset=Product.objects.order_by("startdatum", "pk")),
        "moratoria",
        "crisisinterventies",
        Prefetch("schulden", queryset=Schuld.objects.select_related("schuldeiser")),
    )


def omschrijf(traject: Traject) -> str:
    """How a traject is named in reports (no full BSN)."""
    return (
        f"Traject {traject.pk} (klant {maskeer_bsn(traject.klant.bsn)}, "
        f"{traject.gemeente.code}, aangemeld {datum_lang(traject.aanmelddatum)})"
    )


class _Gebeurtenissen:
    """The event rows of one traject up to the end of the period, by kind."""

    def __init__(self, traject: Traject, tot: date) -> None:
        self.rijen = [g for g in traject.gebeurtenissen.all() if g.datum <= tot]
        self.uitstroom = eerste_uitstroom(self.rijen)

    def eerste(self, soort: str) -> Gebeurtenis | None:
        return next((g for g in self.rijen if g.soort == soort), None)

    def datum(self, soort: str) -> date | None:
        gebeurtenis = self.eerste(soort)
        return gebeurtenis.datum if gebeurtenis else None

    def uitstroom_uit(self, fase: Fase) -> date | None:
        """The exit date when the traject ended in `fase` (that phase's end date)."""
        if self.uitstroom and self.uitstroom.van_fase == fase:
            return self.uitstroom.datum
        return None

    def stappen(self) -> list[Gebeurtenis]:
        """Steps of the (last) schuldregeling of the traject."""
        stappen = [g for g in self.rijen if g.soort == Gebeurtenissoort.SCHULDREGELING]
        if not stappen:
            return []
        product = stappen[-1].gegevens.get("product")
        return [g for g in stappen if g.gegevens.get("product") == product]


def _schuldregeling(stappen: list[Gebeurtenis]) -> dict[str, Any]:
    def eerste(*namen: str) -> date | None:
        return next((g.datum for g in stappen if g.gegevens.get("stap") in namen), None)

    def laatste(*namen: str) -> date | None:
        return next((g.datum for g in reversed(stappen) if g.gegevens.get("stap") in namen), None)

    if not stappen:
        return {}
    return zonder_leeg(
        {
            "datum": iso(eerste("dien_in")),
            "toegekend": iso(eerste("ken_toe", "dwangakkoord_toegewezen")),
            "afgewezen": iso(laatste("wijs_af", "dwangakkoord_afgewezen")),
            "ingetrokken": iso(eerste("trek_in")),
            "datumVerzoekDwangakkoord": iso(laatste("verzoek_dwangakkoord")),
            "dwangakkoord": eerste("dwangakkoord_toegewezen") is not None,
        }
    )


def _periode(start: date | None, eind: date | None, tot: date) -> dict[str, Any]:
    if start is None or start > tot:
        return {}
    return zonder_leeg(
        {"startdatum": iso(start), "einddatum": iso(eind) if eind and eind <= tot else None}
    )


def _clienten(traject: Traject) -> list[dict[str, Any]]:
    """The klant, and the partner when the household has one (DDAS allows two)."""
    huishouden = getattr(traject, "huishouden", None)
    partner = huishouden.partner if huishouden is not None else None
    return [_client(traject.klant), *([_client(partner)] if partner else [])]


def _client(klant: Klant) -> dict[str, Any]:
    nummer, toevoeging = mapping.splits_huisnummer(klant.huisnummer)
    return zonder_leeg(
        {
            "Burgerservicenummer": klant.bsn,
            "Geboortedatum": iso(klant.geboortedatum),
            "Postcode": mapping.postcode_ddas(klant.postcode) or None,
            "Huisnummer": nummer or None,
            "Huisnummertoevoeging": toevoeging or None,
        }
    )


def euro(centen: int) -> int:
    """DDAS amounts are whole euros (half a euro rounds up)."""
    return int((Decimal(centen) / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _schulden(traject: Traject, tot: date) -> list[Schuld]:
    """The debts of the schuldenoverzicht registered by `tot`. They have no history: their
    last known amount and peildatum are reported."""
    return [s for s in traject.schulden.all() if timezone.localtime(s.aangemaakt_op).date() <= tot]


def _schuld(schuld: Schuld) -> dict[str, Any]:
    schuldeiser = schuld.schuldeiser
    prive = schuldeiser.soort == Schuldeisersoort.PARTICULIER
    return {
        "bedrag": euro(schuld.actueel_bedrag_cent),
        "peildatum": iso(schuld.peildatum),
        "schuldsoort": schuldeiser.schuldsoort,
        "zakelijkeSchuld": schuld.zakelijk,
        # A private creditor (family, friends) is a person: their name is not delivered.
        "schuldeiser": zonder_leeg(
            {
                "naam": None if prive else schuldeiser.naam,
                "kvknummer": schuldeiser.kvk_nummer or None,
                "privepersoon": prive,
            }
        ),
    }


def traject_record(traject: Traject, *, tot: date) -> dict[str, Any]:
    """One DDAS ``schuldhulptraject`` as it stood on `tot` (uses prefetched relations)."""
    g = _Gebeurtenissen(traject, tot)
    uitstroom = g.uitstroom
    eerste_gesprek = g.datum(Gebeurtenissoort.EERSTE_GESPREK)
    toelating = g.datum(Gebeurtenissoort.TOELATING)
    afwijzing = g.datum(Gebeurtenissoort.AFWIJZING)
    beschikking = toelating or afwijzing
    financiele_rust = g.datum(Gebeurtenissoort.FINANCIELE_RUST)
    nazorg = g.datum(Gebeurtenissoort.START_NAZORG)

    producten = [p for p in traject.producten.all() if p.startdatum <= tot]
    begeleiding = [
        {"soort": p.soort, **_periode(p.startdatum, p.einddatum, tot)}
        for p in producten
        if p.soort in mapping.BEGELEIDINGSSOORTEN
    ]
    oplossingen = [p for p in producten if p.soort in mapping.OPLOSSINGSSOORTEN]
    # DDAS holds one oplossing per traject: the one started last.
    oplossing = oplossingen[-1] if oplossingen else None
    schulden = _schulden(traject, tot)
    schuldregels = sorted(
        (_schuld(s) for s in schulden),
        key=lambda r: (r["schuldeiser"].get("naam", ""), r["peildatum"], r["bedrag"]),
    )

    record: dict[str, Any] = {
        "gemeentecode": traject.gemeente.code,
        "startdatum": iso(traject.aanmelddatum),
        "einddatum": iso(uitstroom.datum) if uitstroom else None,
        "toekenningsdatum": iso(toelating),
        "totaalSchuldbedragBijAanvangSchuld": (
            euro(sum(s.oorspronkelijk_bedrag_cent for s in schulden)) if schulden else None
        ),
        "client": _clienten(traject),
        "aanmelding": zonder_leeg(
            {
                "startdatum": iso(traject.aanmelddatum),
                "einddatum": iso(eerste_gesprek or g.uitstroom_uit(Fase.AANGEMELD)),
                # A threatening situation at the aanmelding (domain: the Wgs 3-werkdagen
                # term); a crisis later in the journey is in crisisinterventies[].
                "crisisinterventie": bool(traject.bedreigende_situatie),
            }
        ),
        "intake": zonder_leeg(
            {
                "startdatum": iso(eerste_gesprek),
                "einddatum": iso(beschikking or g.uitstroom_uit(Fase.INTAKE)),
                "beschikkingsdatum": iso(beschikking),
                "beschikkingssoort": (
                    mapping.TOELATING if toelating else mapping.AFWIJZING if afwijzing else None
                ),
            }
        )
        if eerste_gesprek or beschikking
        else None,
        "stabilisatie": _periode(
            toelating, financiele_rust or g.uitstroom_uit(Fase.STABILISATIE), tot
        ),
        "planVanAanpak": zonder_leeg({"datumAfronding": iso(financiele_rust)}),
        "crisisinterventies": mapping.sorteer(
            [
                _periode(c.startdatum, c.einddatum, tot)
                for c in traject.crisisinterventies.all()
                if c.startdatum <= tot
            ],
            "startdatum",
            "einddatum",
        ),
        "moratoria": mapping.sorteer(
            [
                zonder_leeg(
                    {
                        "datumAanvraag": iso(m.aanvraagdatum),
                        "datumGoedkeuring": iso(m.goedkeuringsdatum)
                        if m.goedkeuringsdatum and m.goedkeuringsdatum <= tot
                        else None,
                        **_periode(m.startdatum, m.einddatum, tot),
                    }
                )
                for m in traject.moratoria.all()
                if m.aanvraagdatum <= tot
            ],
            "datumAanvraag",
            "startdatum",
        ),
        "begeleiding": mapping.sorteer(begeleiding, "startdatum", "soort", "einddatum"),
        "oplossing": (
            {"soort": oplossing.soort, **_periode(oplossing.startdatum, oplossing.einddatum, tot)}
            if oplossing
            else None
        ),
        "schuldregeling": _schuldregeling(g.stappen()),
        "schulden": schuldregels,
        "nazorg": _periode(nazorg, g.uitstroom_uit(Fase.NAZORG), tot),
        "uitstroom": zonder_leeg(
            {
                "datum": iso(uitstroom.datum),
                "datumBeeindigingsbeschikking": uitstroom.gegevens.get(
                    "datum_beeindigingsbeschikking"
                ),
                "reden": traject.uitstroomreden or None,
            }
        )
        if uitstroom
        else None,
    }
    return zonder_leeg(record)


def aanleverende_organisatie(
    organisatie: Organisatie, contactpersoon: Gebruiker | None
) -> dict[str, Any]:
    gegevens: dict[str, Any] = {"(Statutaire) Naam": organisatie.naam}
    if contactpersoon is not None:
        gegevens["contactpersonen"] = [
            zonder_leeg(
                {
                    "naam": contactpersoon.get_full_name() or contactpersoon.get_username(),
                    "functietitel": contactpersoon.get_rol_display(),
                    "email": contactpersoon.email or None,
                }
            )
        ]
    return gegevens
