"""The verwerkingenlog covers every kind of read and change of a dossier, and no BSN reaches
the application log.

Reads: klant dossier (and its edit form, which shows the BSN), traject, klantplan,
schuldenoverzicht, document download, vroegsignaal case (and its conversion form), DDAS export,
rapportage PDF and CSV. Changes: klant, traject transition, clock pause, klantplan, doel,
schuld. Each gives one Auditregel with the right action, object, klant, gemeente, user and IP.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from schuldhulp.auditvelden import GEWIJZIGD, VELDEN
from schuldhulp.logfilters import GeenBsnFilter
from schuldhulp.models import Auditactie, Auditregel, Klant
from tests.bouwers.url_tabel import TABEL, klantgegevens
from tests.bouwers.wereld import Dossiers, Wereld

# One worker per module (./dev test uses --dist loadgroup): the world is built once.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("test_audit_dekking")]


@dataclass(frozen=True)
class Verwacht:
    actie: str
    objecttype: str
    obj: Callable[[Dossiers], Any]  # the object named in the line
    klant: bool = True  # the line names A's klant (False: no klant yet, or a report)


def nieuwe_regels(voor: int) -> list[Auditregel]:
    return list(Auditregel.objects.filter(pk__gt=voor).order_by("pk"))


def laatste_pk() -> int:
    return Auditregel.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def controleer(regels: list[Auditregel], verwacht: Verwacht, w: Wereld, gebruiker) -> None:
    passend = [
        r for r in regels if r.actie == verwacht.actie and r.objecttype == verwacht.objecttype
    ]
    assert len(passend) == 1, [(r.actie, r.objecttype, r.omschrijving) for r in regels]
    regel = passend[0]
    obj = verwacht.obj(w.a)
    if obj is not None:
        assert regel.object_id == str(obj.pk)
    assert regel.klant_id == (w.a.klant.pk if verwacht.klant else None)
    assert regel.gemeente_id == w.a.gemeente.pk
    if gebruiker is None:  # the klant in Mijn Schuldhulp: named, no account (ADR 0019)
        assert regel.gebruiker_id is None
        assert regel.gebruikersnaam == f"Klant {w.a.klant.pk} (via Mijn Schuldhulp)"
    else:
        assert regel.gebruiker_id == gebruiker.pk and regel.gebruikersnaam == gebruiker.username
    assert regel.ip_adres == "127.0.0.1"


LEZEN: dict[str, tuple[str, Verwacht]] = {
    "klant_detail": ("regisseur", Verwacht(Auditactie.INZIEN, "klant", lambda d: d.klant)),
    "klant_wijzig": ("consulent", Verwacht(Auditactie.INZIEN, "klant", lambda d: d.klant)),
    "traject_detail": ("regisseur", Verwacht(Auditactie.INZIEN, "traject", lambda d: d.traject)),
    "klantplan:klantplan": (
        "consulent",
        Verwacht(Auditactie.INZIEN, "klantplan", lambda d: d.klantplan),
    ),
    "klantplan:klantplan_versie": (
        "regisseur",
        Verwacht(Auditactie.INZIEN, "klantplan", lambda d: d.klantplan),
    ),
    "klantplan:schulden": (
        "regisseur",
        Verwacht(Auditactie.INZIEN, "traject", lambda d: d.traject),
    ),
    "papieren:papieren": ("consulent", Verwacht(Auditactie.INZIEN, "traject", lambda d: d.traject)),
    "papieren:downloaden": (
        "consulent",
        Verwacht(Auditactie.DOWNLOADEN, "bestand", lambda d: d.stuk.bestanden.get()),
    ),
    "klantplan:voorstel": (
        "regisseur",
        Verwacht(Auditactie.INZIEN, "voorstel", lambda d: d.voorstel),
    ),
    "klantplan:gesprek": (
        "consulent",
        Verwacht(Auditactie.INZIEN, "gesprek", lambda d: d.gesprek),
    ),
    "klantplan:afstemmingen": (
        "regisseur",
        Verwacht(Auditactie.INZIEN, "traject", lambda d: d.traject),
    ),
    "klantplan:klachten": (
        "consulent",
        Verwacht(Auditactie.INZIEN, "traject", lambda d: d.traject),
    ),
    "klantplan:document_download": (
        "consulent",
        Verwacht(Auditactie.DOWNLOADEN, "document", lambda d: d.document),
    ),
    "vroegsignaal_zaak": (
        "regisseur",
        Verwacht(Auditactie.INZIEN, "signaalzaak", lambda d: d.zaak, klant=False),
    ),
    "vroegsignaal_omzetten": (
        "consulent",
        Verwacht(Auditactie.INZIEN, "signaalzaak", lambda d: d.zaak, klant=False),
    ),
    "rapportage_pdf": (
        "contractmanager",
        Verwacht(Auditactie.DOWNLOADEN, "kwartaalrapportage", lambda d: d.rapportage, klant=False),
    ),
    "rapportage_csv": (
        "regisseur",
        Verwacht(Auditactie.DOWNLOADEN, "kwartaalrapportage", lambda d: d.rapportage, klant=False),
    ),
    # Mijn Schuldhulp: every read of the klant (ADR 0019).
    "portaal:traject": ("klant", Verwacht(Auditactie.INZIEN, "traject", lambda d: d.traject)),
    "portaal:berichten": ("klant", Verwacht(Auditactie.INZIEN, "traject", lambda d: d.traject)),
    "portaal:papieren": ("klant", Verwacht(Auditactie.INZIEN, "traject", lambda d: d.traject)),
    "portaal:document": (
        "klant",
        Verwacht(Auditactie.DOWNLOADEN, "document", lambda d: d.document),
    ),
    "portaal:maandoverzicht": (
        "klant",
        Verwacht(Auditactie.DOWNLOADEN, "traject", lambda d: d.traject),
    ),
}


@pytest.mark.parametrize("naam", sorted(LEZEN))
def test_elke_inzage_staat_in_de_verwerkingenlog(naam: str, wereld, sessies) -> None:
    rol, verwacht = LEZEN[naam]
    regel = TABEL[naam]
    voor = laatste_pk()
    url = reverse(naam, kwargs=regel.kwargs(wereld.a) if regel.kwargs else None)
    assert sessies[rol].get(url).status_code == 200
    controleer(nieuwe_regels(voor), verwacht, wereld, wereld.gebruiker(rol))


def test_ddas_export_staat_in_de_verwerkingenlog(wereld, sessies) -> None:
    voor = laatste_pk()
    antwoord = sessies["regisseur"].post(
        reverse("ddas_export"), TABEL["ddas_export"].post(wereld.a, wereld)
    )
    assert antwoord["Content-Disposition"].startswith("attachment;")
    controleer(
        nieuwe_regels(voor),
        Verwacht(Auditactie.EXPORTEREN, "ddas", lambda d: None, klant=False),
        wereld,
        wereld.a.regisseur,
    )


def test_geweigerde_inzage_schrijft_niets(wereld, sessies) -> None:
    """Another gemeente's dossier: 404, and no line (nothing was shown)."""
    voor = laatste_pk()
    for naam in ("klant_detail", "traject_detail", "vroegsignaal_zaak"):
        url = reverse(naam, kwargs=TABEL[naam].kwargs(wereld.b))
        assert sessies["regisseur"].get(url).status_code == 404
    assert nieuwe_regels(voor) == []


WIJZIGEN: dict[str, tuple[Verwacht, str]] = {
    # URL name → (expected line, a field that must be named as changed; with before/after
    # values only when it is on the allow-list of schuldhulp/auditvelden.py)
    "klant_wijzig": (Verwacht(Auditactie.WIJZIGEN, "klant", lambda d: d.klant), "voornamen"),
    "traject_overgang": (Verwacht(Auditactie.WIJZIGEN, "traject", lambda d: d.traject), "fase"),
    "traject_klok_opschorten": (
        Verwacht(Auditactie.WIJZIGEN, "traject", lambda d: d.traject),
        "gebeurtenis",
    ),
    "klantplan:klantplan_wijzig": (
        Verwacht(Auditactie.WIJZIGEN, "klantplan", lambda d: d.klantplan),
        "hulpvraag",
    ),
    "klantplan:doel_nieuw": (
        Verwacht(Auditactie.AANMAKEN, "klantplan", lambda d: d.klantplan),
        "",
    ),
    "klantplan:schuld_wijzig": (
        Verwacht(Auditactie.WIJZIGEN, "schuld", lambda d: d.schuld),
        "actueel_bedrag_cent",
    ),
    "papieren:beoordelen": (Verwacht(Auditactie.WIJZIGEN, "stuk", lambda d: d.stuk), "status"),
    "papieren:uploaden": (
        Verwacht(Auditactie.AANMAKEN, "bestand", lambda d: d.stuk.bestanden.order_by("-pk")[0]),
        "paginas",
    ),
}


@pytest.mark.parametrize("naam", sorted(WIJZIGEN))
def test_elke_wijziging_staat_in_de_verwerkingenlog(naam: str, wereld, sessies) -> None:
    verwacht, veld = WIJZIGEN[naam]
    regel = TABEL[naam]
    voor = laatste_pk()
    antwoord = sessies["regisseur"].post(
        reverse(naam, kwargs=regel.kwargs(wereld.a)), regel.post(wereld.a, wereld)
    )
    assert antwoord.status_code == 302
    regels = nieuwe_regels(voor)
    controleer(regels, verwacht, wereld, wereld.a.regisseur)
    if veld:
        gewijzigd = next(r for r in regels if r.actie == verwacht.actie)
        waarde = gewijzigd.wijzigingen[veld]
        if veld in VELDEN[gewijzigd.objecttype].openbaar:
            assert set(waarde) == {"voor", "na"}
        else:
            assert waarde == GEWIJZIGD


# --- No BSN in the application log ---------------------------------------------------------------


@contextmanager
def applicatielog() -> Iterator[io.StringIO]:
    """What the configured console handler (with its BSN filter) writes, at DEBUG level."""
    console = next(
        h
        for h in logging.getLogger().handlers
        if any(isinstance(f, GeenBsnFilter) for f in h.filters)
    )
    uitvoer = io.StringIO()
    oude_stroom = console.setStream(uitvoer)
    wortel = logging.getLogger()
    oud_niveau = wortel.level
    wortel.setLevel(logging.DEBUG)
    try:
        yield uitvoer
    finally:
        wortel.setLevel(oud_niveau)
        console.setStream(oude_stroom)


def test_geen_bsn_in_de_applicatielog(wereld, sessies) -> None:
    from trajecten import normbewaking

    a = wereld.a
    gegevens = klantgegevens(a, wereld)
    bsns = {gegevens["bsn"], a.klant.bsn, wereld.b.klant.bsn}
    with applicatielog() as log:
        # A klant made through the screen, read and edited (DEBUG logging on).
        antwoord = sessies["regisseur"].post(reverse("klant_nieuw"), gegevens, follow=True)
        assert antwoord.status_code == 200
        sessies["regisseur"].get(reverse("klant_detail", args=[a.klant.pk]))
        sessies["regisseur"].get(reverse("klanten") + f"?q={a.klant.bsn}")
        # A signal with a BSN through the partner API.
        Client().post(
            reverse("api_vroegsignalen"),
            {
                "gemeentecode": a.gemeente.code,
                "signaal_id": "log-1",
                "soort_achterstand": "huur",
                "bedrag_centen": 1000,
                "maanden_achterstand": 1,
                "persoon": {
                    "bsn": wereld.b.klant.bsn,
                    "achternaam": "Log",
                    "huisnummer": "1",
                    "postcode": "7607 AB",
                },
            },
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Token {wereld.partner_token}",
        )
        # The daily job, and a log line that names a BSN outright.
        normbewaking.dagelijkse_normbewaking()
        logging.getLogger("schuldhulp").info("Klant %s opgezocht", a.klant.bsn)
        # A server error whose exception text names the BSN (a unique violation), as
        # Django's request logger writes it: with the traceback.
        try:
            with transaction.atomic():
                Klant.objects.create(
                    bsn=a.klant.bsn,
                    voornamen="X",
                    achternaam="Y",
                    geboortedatum="1980-01-01",
                    postcode="7607 AB",
                    gemeente=a.gemeente,
                )
        except IntegrityError:
            logging.getLogger("django.request").error(
                "Internal Server Error: %s", "/klanten/nieuw/", exc_info=True
            )
    tekst = log.getvalue()
    assert "Normbewaking" in tekst and "Internal Server Error" in tekst  # the capture works
    assert "bsn" in tekst.lower()  # the unique violation is there ...
    gelekt = sorted(bsn for bsn in bsns if bsn in tekst)
    assert gelekt == [], "BSN in de applicatielog"  # ... without its value
