"""Helpers of the attack tests on issue 12 (agreements and maatwerk)."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from schuldhulp.models import Dienstverleningsafspraak, Gemeente, Rol
from schuldhulp.permissions import gemeente_ids
from tests.bouwers import Omgeving, dagen, medewerker, vandaag
from trajecten.models import Gebeurtenis, Traject
from trajecten.pakket.models import Afspraakgebeurtenis, Maatwerk
from trajecten.pakket.services import maatwerk

NUL = "a\x00b"
LANG = "x" * 100_000
NUL_FOUT = "Null-tekens zijn niet toegestaan."
BETAALT = "Alleen de gemeente (consulent) beslist over maatwerk: de gemeente betaalt het."


# --- Helpers ----------------------------------------------------------------------------------


def als(gebruiker) -> Client:
    client = Client(raise_request_exception=True)
    client.force_login(gebruiker)
    return client


def tekst(antwoord) -> str:
    return re.sub(r"\s+", " ", antwoord.content.decode())


def url(naam: str, obj) -> str:
    return reverse(naam, args=[obj.pk])


def vers(obj):
    return type(obj).objects.get(pk=obj.pk)


def stand() -> tuple:
    """Everything these screens can write, counted: unchanged means nothing half-saved."""
    return (
        list(
            Dienstverleningsafspraak.objects.order_by("pk").values_list(
                "pk", "status", "pakket", "geldig_van", "geldig_tot", "opmerking", "overgang"
            )
        ),
        Afspraakgebeurtenis.objects.count(),
        list(Maatwerk.objects.order_by("pk").values_list("pk", "status", "tot", "besluit")),
        list(Traject.objects.order_by("pk").values_list("pk", "afspraak_id", "versie")),
        Gebeurtenis.objects.count(),
    )


def kenmerk_van(antwoord) -> str:
    gevonden = re.search(r'type="hidden" name="kenmerk" value="([^"]*)"', antwoord.content.decode())
    assert gevonden, "no confirm button on the preview"
    return gevonden.group(1)


def andere_gemeente(omg: Omgeving) -> Gemeente:
    return Gemeente.objects.get(pk=gemeente_ids(omg.ander)[0])


def ander_cm(omg: Omgeving):
    return medewerker(f"cm_b_{omg.gemeente.pk}", Rol.CONTRACTMANAGER, [andere_gemeente(omg)])


def voorstel(omg: Omgeving, traject: Traject, taak: str = "schuldenoverzicht") -> Maatwerk:
    return maatwerk.stel_voor(
        door=omg.regisseur,
        traject_id=traject.pk,
        soort="opschalen",
        taken=[taak],
        van=vandaag(),
        evaluatie_op=vandaag() + dagen(90),
        reden="Meer hulp nodig",
    )


def voorstel_data(traject: Traject, **extra) -> dict:
    return {
        "versie": vers(traject).versie,
        "soort": "opschalen",
        "taken": ["schuldenoverzicht"],
        "van": vandaag().isoformat(),
        "evaluatie_op": (vandaag() + dagen(90)).isoformat(),
        "reden": "De klant raakt het overzicht kwijt.",
        **extra,
    }


def beoordeel_data(m: Maatwerk, stap: str = "goedkeuren", toelichting: str = "") -> dict:
    return {
        f"maatwerk-{m.pk}-beoordelen-stap": stap,
        f"maatwerk-{m.pk}-beoordelen-toelichting": toelichting,
    }


GOED = {"pakket": "ontzorging", "geldig_van": "2040-01-01"}  # a valid concept's fields


def bevestig(client: Client, afspraak, **data):
    """Post the confirm button of the vaststellen preview."""
    return client.post(url("afspraak_vaststellen", afspraak), {"vaststellen": "1", **data})
