"""Make the monthly specificatie: compute, render PDF and CSV, store once (a new version).

The row is written complete in one transaction (lines, total, PDF, CSV, checksum) and never
changed afterwards (model ``save`` and a database trigger refuse). The monthly beat job makes
last month's specificatie for every gemeente with an agreement in that month, once.
"""

from __future__ import annotations

import csv
import hashlib
import io
from datetime import date
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone, translation

from rapportage.facturatie import berekening
from rapportage.facturatie.berekening import Maand
from rapportage.facturatie.models import Specificatie
from rapportage.opmaak import csv_cel
from schuldhulp import opmaak
from schuldhulp.models import Dienstverleningsafspraak, Gebruiker, Gemeente
from schuldhulp.pdf import render_to_pdf
from schuldhulp.permissions import vereis


class SpecificatieFout(Exception):
    """A request that cannot be done; the message is shown as it is (Dutch)."""


def _bedrag_csv(centen: int | None) -> str:
    return "" if centen is None else opmaak.getal(Decimal(centen) / 100, 2, groeperen=False)


def als_csv(inhoud: dict) -> str:
    """Semicolon, decimal comma (Dutch Excel); one row per line, subtotals and the total."""
    buffer = io.StringIO()
    schrijver = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    rij = lambda *cellen: schrijver.writerow([csv_cel(str(c)) for c in cellen])  # noqa: E731
    rij("Specificatie", inhoud["gemeente"], inhoud["maand_naam"])
    rij("pakket", "afspraak geldig van", "omschrijving", "aantal", "prijs (EUR)", "bedrag (EUR)")
    for blok in inhoud["blokken"]:
        for r in blok["regels"]:
            rij(
                blok["pakket"],
                blok["geldig_van"] or "",
                r["omschrijving"],
                r["aantal"],
                _bedrag_csv(r["prijs_centen"]),
                _bedrag_csv(r["bedrag_centen"]),
            )
        rij(blok["pakket"], blok["geldig_van"] or "", "Subtotaal", "", "",
            _bedrag_csv(blok["subtotaal_centen"]))  # fmt: skip
    rij("Totaal", "", "", "", "", _bedrag_csv(inhoud["totaal_centen"]))
    return "\ufeff" + buffer.getvalue()  # byte-order mark: Excel reads UTF-8 (ë, €)


def maak_pdf(inhoud: dict, *, versie: int, gemaakt_op) -> bytes:
    with translation.override("nl"):
        return render_to_pdf(
            "facturatie/pdf/specificatie.html",
            {
                "s": inhoud,
                "versie": versie,
                "gemaakt_op_tekst": opmaak.datum_lang(timezone.localtime(gemaakt_op).date()),
            },
            titel=f"Specificatie {inhoud['gemeente']} {inhoud['maand_naam']}",
        )


def controleer_maand(maand: Maand, vandaag: date) -> None:
    if maand.eind >= vandaag:
        raise SpecificatieFout(
            f"De maand {maand.naam} is nog niet voorbij: een specificatie kan pas daarna."
        )


def maak(
    *, gemeente: Gemeente, maand: Maand, door: Gebruiker | None = None, vandaag: date | None = None
) -> Specificatie:
    """A new version of the specificatie of `gemeente` for `maand` (complete or nothing)."""
    controleer_maand(maand, vandaag or timezone.localdate())
    inhoud = berekening.specificatie(gemeente, maand)
    nu = timezone.now()
    with transaction.atomic():
        # One version number at a time per gemeente and month.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(hashtext(%s))",
                [f"specificatie:{gemeente.pk}:{maand.code}"],
            )
        rijen = Specificatie.objects.filter(gemeente=gemeente, jaar=maand.jaar, maand=maand.maand)
        versie = (rijen.aggregate(hoogste=Max("versie"))["hoogste"] or 0) + 1
        pdf = maak_pdf(inhoud, versie=versie, gemaakt_op=nu)
        return Specificatie.objects.create(
            gemeente=gemeente,
            jaar=maand.jaar,
            maand=maand.maand,
            versie=versie,
            gemaakt_door=door,
            regels=inhoud,
            totaal_centen=inhoud["totaal_centen"],
            pdf=pdf,
            csv=als_csv(inhoud),
            checksum=hashlib.sha256(pdf).hexdigest(),
        )


def maak_in_scherm(*, gemeente: Gemeente, maand: Maand, door: Gebruiker) -> Specificatie:
    """A new version asked for on the screen: the gate first, then the same making as the
    monthly job (never an overwrite: the next version number)."""
    vereis(door, "specificatie.maken", gemeente)
    return maak(gemeente=gemeente, maand=maand, door=door)


def maak_vorige_maand(vandaag: date | None = None) -> list[Specificatie]:
    """The beat job: last month's specificatie for each gemeente with an agreement in force
    in that month that has none yet (running twice makes nothing twice)."""
    vandaag = vandaag or timezone.localdate()
    maand = Maand.van(vandaag).vorige()
    gemeenten = Gemeente.objects.filter(
        pk__in=Dienstverleningsafspraak.objects.overlapt(maand.start, maand.eind).values("gemeente")
    ).exclude(
        pk__in=Specificatie.objects.filter(jaar=maand.jaar, maand=maand.maand).values("gemeente")
    )
    return [maak(gemeente=g, maand=maand, vandaag=vandaag) for g in gemeenten.order_by("naam")]
