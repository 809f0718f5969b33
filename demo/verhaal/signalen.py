"""Signaleringen as the daily job would have made them, and vroegsignalen worked on."""

from __future__ import annotations

import io
import random
from datetime import date, timedelta

from django.core.management import call_command
from django.db import connection, transaction
from faker import Faker

from demo.verhaal.afspelen import terugdatering
from demo.verhaal.medewerkers import Medewerkers
from schuldhulp.models import Gebruiker
from trajecten import services
from trajecten.models import Signalering
from trajecten.vroegsignalering import services as vs_services
from trajecten.vroegsignalering.models import OPEN_STATUSSEN, Signaalzaak

VROEGSIGNALERING = ["GM0141", "GM0164", "GM0153"]

_OPRUIMEN = """
DELETE FROM trajecten_signalering AS s
USING trajecten_normbewaking AS k
WHERE s.klok_id = k.id
  AND (k.vervallen
       OR k.status IN ('loopt', 'gehaald')
       OR (s.soort = 'overschreden' AND k.status NOT IN ('overschreden', 'te_laat_gehaald')))
"""
_DATEREN = """
UPDATE trajecten_signalering AS s
SET aangemaakt_op = (CASE WHEN s.soort = 'dreigt' THEN k.dreigt_vanaf ELSE k.deadline + 1 END
                     + time '06:00') AT TIME ZONE 'Europe/Amsterdam',
    gelezen_op = CASE WHEN (CASE WHEN s.soort = 'dreigt' THEN k.dreigt_vanaf
                                 ELSE k.deadline + 1 END) < %(grens)s::date
                      THEN (CASE WHEN s.soort = 'dreigt' THEN k.dreigt_vanaf
                                 ELSE k.deadline + 1 END + time '09:30')
                           AT TIME ZONE 'Europe/Amsterdam' END
FROM trajecten_normbewaking AS k
WHERE s.klok_id = k.id AND s.gelezen_op IS NULL
  AND k.dreigt_vanaf > '0001-01-02' AND k.deadline < '9999-01-01'
"""


def ruim_signaleringen_op(vandaag: date) -> int:
    """Replaying old steps recomputes the clocks against today, so a clock looked overdue
    for a moment before the next step met it; those signals never happened and go. The
    rest get the day they would have appeared; signals older than ten days were read."""
    with connection.cursor() as cursor:
        cursor.execute(_OPRUIMEN)
        cursor.execute(_DATEREN, {"grens": vandaag - timedelta(days=10)})
    return Signalering.objects.count()


# --------------------------------------------------------------------------- vroegsignalen


def vroegsignalen(rng: random.Random, nep: Faker, medewerkers: Medewerkers, vandaag: date) -> int:
    """Signals come in (the vroegsignalering demo command); some cases get contact
    attempts, some become an aanmelding, some are closed."""
    call_command("demo_vroegsignalen", gemeente=VROEGSIGNALERING, aantal=40, stdout=io.StringIO())
    bewerkt = 0
    for code in VROEGSIGNALERING:
        zaken = list(
            Signaalzaak.objects.filter(gemeente__code=code, status__in=OPEN_STATUSSEN).order_by(
                "eerste_signaal_op", "pk"
            )
        )
        for n, zaak in enumerate(zaken):
            door = medewerkers.iemand(zaak.gemeente_id)
            wat = n % 8
            dag = min(vandaag, zaak.eerste_signaal_op + timedelta(days=rng.randint(1, 6)))
            if wat in (0, 1, 2):  # tried, not reached (yet)
                vs_services.registreer_contactpoging(
                    zaak_id=zaak.pk,
                    door=door,
                    soort="telefoon",
                    datum=dag,
                    dagdeel="ochtend",
                    bereikt=False,
                    notitie="Geen gehoor; voicemail ingesproken.",
                )
            if wat in (1, 2, 3):  # then reached
                vs_services.registreer_contactpoging(
                    zaak_id=zaak.pk,
                    door=door,
                    soort="huisbezoek",
                    datum=dag,
                    dagdeel="middag",
                    bereikt=True,
                    notitie="Bewoner thuis getroffen; wil graag hulp.",
                )
            if wat == 3 and zaak.bsn and _zet_om(nep, zaak, door, dag, vandaag):
                bewerkt += 1
                continue
            if wat == 4:
                vs_services.sluit_zaak(
                    zaak_id=zaak.pk,
                    door=door,
                    reden="zelf_opgelost",
                    datum=dag,
                    toelichting="Achterstand is zelf betaald.",
                )
            bewerkt += wat <= 4
    return bewerkt


def _zet_om(nep: Faker, zaak: Signaalzaak, door: Gebruiker, dag: date, vandaag: date) -> bool:
    gegevens = vs_services.Klantgegevens(
        bsn=zaak.bsn,
        voornamen=zaak.voornamen or nep.first_name(),
        achternaam=zaak.achternaam or nep.last_name(),
        geboortedatum=zaak.geboortedatum or nep.date_of_birth(minimum_age=19, maximum_age=78),
        postcode=zaak.postcode,
        straat=zaak.straat,
        huisnummer=zaak.huisnummer,
        woonplaats=zaak.woonplaats,
        telefoon=zaak.telefoon,
    )
    try:
        with transaction.atomic():
            vs_services.zet_om_naar_aanmelding(
                zaak_id=zaak.pk,
                door=door,
                klantgegevens=gegevens,
                datum=dag,
                reden_terugdatering=terugdatering(dag, vandaag),
                toelichting="Na huisbezoek aangemeld voor schuldhulp.",
            )
    except services.Geweigerd:
        return False  # e.g. this BSN is a klant of another gemeente: leave the case open
    return True
