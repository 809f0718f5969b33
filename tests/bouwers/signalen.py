"""Vroegsignalering test data: signals as the API gets them, CSV lists as export tools write
them, and the dates and BSNs in them."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.utils import timezone

from schuldhulp.validators import genereer_bsn
from trajecten.vroegsignalering.csvimport import KOLOMMEN
from trajecten.vroegsignalering.services.groepering import sla_signalen_op
from trajecten.vroegsignalering.validatie import SignaalGegevens

_rng = random.Random(4104)


def geldig_bsn() -> str:
    return genereer_bsn(_rng)


def dagen_geleden(n: int) -> date:
    return timezone.localdate() - timedelta(days=n)


def gegevens(**anders) -> SignaalGegevens:
    standaard = dict(
        partner_soort="woningcorporatie",
        partner_naam="Woonstichting Almelo",
        soort_achterstand="huur",
        bedrag_centen=123456,
        maanden_achterstand=2,
        ontvangen_op=dagen_geleden(3),
        achternaam="Veldkamp",
        voornamen="Tanya",
        postcode="7607 AB",
        huisnummer="12",
        bsn="",
    )
    return SignaalGegevens(**(standaard | anders))


def maak_zaak(gemeente, **anders):
    """Store one signal the way the API does and return its case."""
    from django.db import transaction

    with transaction.atomic():
        signalen, _ = sla_signalen_op(
            gemeente.pk, [gegevens(**anders)], bron="api", met_sleutels=False
        )
    return signalen[0].zaak


def csv_bestand(
    rijen: list[dict[str, str]],
    *,
    scheidingsteken: str = ";",
    kolommen: tuple[str, ...] | list[str] | None = None,
    bom: bool = False,
    codering: str = "utf-8",
) -> bytes:
    """A CSV list as an export tool would write it (values without the delimiter are bare)."""
    kolommen = list(kolommen or [k for k in KOLOMMEN if any(k in r for r in rijen)])

    def veld(waarde: str) -> str:
        if scheidingsteken in waarde or '"' in waarde:
            return '"' + waarde.replace('"', '""') + '"'
        return waarde

    regels = [scheidingsteken.join(kolommen)]
    for rij in rijen:
        regels.append(scheidingsteken.join(veld(rij.get(k, "")) for k in kolommen))
    tekst = "\r\n".join(regels) + "\r\n"
    inhoud = tekst.encode(codering)
    return (b"\xef\xbb\xbf" + inhoud) if bom else inhoud


def csv_rij(**anders: str) -> dict[str, str]:
    standaard = {
        "partner_soort": "woningcorporatie",
        "partner_naam": "Woonstichting Almelo",
        "soort_achterstand": "huur",
        "bedrag": "1.234,56",
        "maanden_achterstand": "2",
        "datum_ontvangen": dagen_geleden(5).strftime("%d-%m-%Y"),
        "bsn": geldig_bsn(),
        "voornamen": "Tanya",
        "achternaam": "Veldkamp",
        "postcode": "7607 AB",
        "huisnummer": "12",
    }
    return standaard | anders


def groot_bestand(aantal: int) -> bytes:
    """`aantal` rows: households at distinct addresses, every 10th with a second partner."""
    kop = (
        "partner_soort;partner_naam;soort_achterstand;bedrag;maanden_achterstand;"
        "datum_ontvangen;bsn;achternaam;postcode;huisnummer"
    )
    regels = [kop]
    datum = dagen_geleden(4).strftime("%d-%m-%Y")
    huizen = aantal - aantal // 10
    for i in range(aantal):
        huis = i if i < huizen else (i - huizen) * 9
        postcode = f"{7000 + huis // 500} {'ABCDEFGHJK'[huis // 50 % 10]}{'LMNPRSTVWX'[huis % 10]}"
        nummer = str(huis % 500 // 10 + 1)
        partner = "Eneco;energie" if i >= huizen else "Woonstichting;huur"
        soort, naam_achterstand = partner.split(";")
        regels.append(
            f"{'energieleverancier' if i >= huizen else 'woningcorporatie'};{soort};"
            f"{naam_achterstand};{100 + i % 900},{i % 100:02d};{1 + i % 6};{datum};;"
            f"Persoon{i};{postcode};{nummer}"
        )
    return ("\r\n".join(regels) + "\r\n").encode()
