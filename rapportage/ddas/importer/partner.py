"""The second client of a record (DDAS ``client[1]``): the partner in the household.

Found by BSN among the klanten the user may see, or made new (DDAS has no names: "Onbekend
(DDAS-import)", as for the first client); without a postcode the partner lives at the
klant's address. A BSN of a client elsewhere gets the neutral answer of ADR 0009.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError

from rapportage.ddas import mapping
from schuldhulp import audit
from schuldhulp.models import Klant
from schuldhulp.validators import (
    geboortedatum_fout,
    maskeer_bsn,
    normaliseer_postcode,
    valideer_bsn,
    valideer_postcode,
)

if TYPE_CHECKING:
    from datetime import date

    from rapportage.ddas.importer.analyse import _Context
    from rapportage.ddas.importer.velden import Lezer

PAD = "client[1]"
ONBEKEND = ("Onbekend", "(DDAS-import, partner)")


def lees_partner(
    lezer: Lezer, ctx: _Context, bsn: str, hoofd: Klant | None, aanmelddatum: date | None
) -> tuple[Klant | None, Klant | None]:
    """(existing klant, new unsaved klant) for the partner; (None, None) without one."""
    clienten = lezer.lijst("client")
    if len(clienten) < 2:
        return None, None
    client = clienten[1]
    if not bsn:
        lezer.fout(f"{PAD}.Burgerservicenummer", "Het BSN van de partner ontbreekt.")
        return None, None
    try:
        valideer_bsn(bsn)
    except ValidationError as exc:
        lezer.fout(f"{PAD}.Burgerservicenummer", f"BSN {maskeer_bsn(bsn)}: {exc.messages[0]}")
        return None, None
    if bsn == lezer.record.bsn:
        lezer.fout(f"{PAD}.Burgerservicenummer", "De partner heeft hetzelfde BSN als de klant.")
        return None, None
    bestaand = ctx.klanten.get(bsn)
    if bestaand is not None:
        if ctx.zichtbare_klanten is not None and bestaand.pk not in ctx.zichtbare_klanten:
            audit.bsn_gevonden(request=None, klant=bestaand, gebruiker=ctx.gebruiker)
            lezer.fout(
                f"{PAD}.Burgerservicenummer",
                "Het BSN van de partner hoort al bij een klant van de Stadsbank, bij een gemeente "
                "waarvoor u niet werkt. Vraag de functioneel beheerder om de klant over te zetten.",
            )
            return None, None
        return bestaand, None
    if hoofd is None:
        return None, None
    geboortedatum = lezer.datum(client, "Geboortedatum", f"{PAD}.Geboortedatum")
    if geboortedatum is None:
        lezer.fout(
            f"{PAD}.Geboortedatum", "De geboortedatum van de partner ontbreekt (nieuwe klant)."
        )
        return None, None
    if fout := geboortedatum_fout(geboortedatum, uiterlijk=aanmelddatum or lezer.vandaag):
        lezer.fout(f"{PAD}.Geboortedatum", fout)
        return None, None
    postcode = client.get("Postcode") or ""
    if postcode:
        try:
            valideer_postcode(postcode)
        except ValidationError as exc:
            lezer.fout(f"{PAD}.Postcode", f"{postcode!r}: {exc.messages[0]}")
            return None, None
    huisnummer = mapping.voeg_huisnummer_samen(
        client.get("Huisnummer") or "", client.get("Huisnummertoevoeging") or ""
    )
    return None, Klant(
        bsn=bsn,
        voornamen=ONBEKEND[0],
        achternaam=ONBEKEND[1],
        geboortedatum=geboortedatum,
        postcode=normaliseer_postcode(postcode) if postcode else hoofd.postcode,
        huisnummer=huisnummer[:10] if postcode else hoofd.huisnummer,
    )
