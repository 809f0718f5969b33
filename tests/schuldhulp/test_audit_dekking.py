"""The verwerkingenlog covers every kind of read and change of a dossier, and no BSN reaches
the application log.

Reads, structurally (schuldhulp/inzage.py): every GET URL of the URL conf is walked through its
row in tests/bouwers/url_tabel.py (the URL walk fails on a URL without a row); every page that
is a dossier read – a dossier role of A gets it, B's copy is 404, contractmanager and beheerder
never – must leave a row naming A's gemeente (and klant) for the user who read it, and B's
404 none. Besides: the rows of the views with their own description (klant dossier, klantplan,
document download, vroegsignaal case, DDAS export, rapportage PDF and CSV), the DDAS import
preview, and 2FA (enrolment, wrong codes, the login row only after the code).
Changes: klant, traject transition, clock pause, klantplan, doel, schuld. Each gives one
Auditregel with the right action, object, klant, gemeente, user and IP.
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
from django.urls import resolve, reverse

from schuldhulp.auditvelden import GEWIJZIGD, VELDEN
from schuldhulp.logfilters import GeenBsnFilter
from schuldhulp.models import Auditactie, Auditregel, Klant
from tests.bouwers.url_tabel import TABEL, Regel, klantgegevens
from tests.bouwers.wereld import Dossiers, Wereld
from tests.schuldhulp.test_url_wandeling import patronen

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


# --- Every GET URL: a dossier page leaves a row -----------------------------------------------

LEESROLLEN = ("regisseur", "consulent")


def lezers(regel: Regel) -> list[str]:
    """The roles for which the row's URL on A is a dossier read (empty: not a dossier page).
    A dossier page names an object of a gemeente (B's copy is 404 for a dossier role) and is
    never for the contractmanager or beheerder (no dossiers: schuldhulp/permissions.py)."""
    if regel.kwargs is None or regel.b is None:
        return []
    if 200 in (regel.a["contractmanager"], regel.a["beheerder"]):
        return []
    return [r for r in LEESROLLEN if regel.a[r] == 200 and regel.b[r] == 404]


DOSSIERPAGINAS = sorted(naam for naam, regel in TABEL.items() if lezers(regel))


def test_de_wandeling_gaat_over_elke_url_van_de_urlconf() -> None:
    """The walk below is driven by TABEL, and TABEL is the URL conf: a new URL without a row
    fails here (and in the URL walk), so it cannot escape the audit check."""
    namen = {naam for route, naam in patronen() if not route.startswith("beheer/")}
    assert namen == set(TABEL)
    # The pages issue 17 found unaudited are among the dossier pages walked.
    for naam in (
        "klantplan:klantplan_wijzig",
        "klantplan:doel_wijzig",
        "klantplan:actie_wijzig",
        "klantplan:schuld_wijzig",
        "klantplan:klacht_afhandelen",
        "klantplan:schuld_rij",
        "klantplan:documenten",
        "klantplan:gesprekken",
        "klantplan:voorstellen",
        "klantplan:vergelijk",
        "vroegsignaal_lijst",
        "ddas_voorbeeld",
    ):
        assert naam in DOSSIERPAGINAS, naam


@pytest.mark.parametrize("naam", DOSSIERPAGINAS)
def test_elke_dossierpagina_staat_in_de_verwerkingenlog(naam: str, wereld, sessies) -> None:
    regel = TABEL[naam]
    url_a = reverse(naam, kwargs=regel.kwargs(wereld.a))
    if getattr(resolve(url_a).func, "geen_inzage", False):
        pytest.skip("@geen_inzage: de pagina toont geen persoonsgegevens")
    for rol in lezers(regel):
        gebruiker = wereld.gebruiker(rol)
        voor = laatste_pk()
        assert sessies[rol].get(url_a).status_code == 200
        gelezen = [
            r for r in nieuwe_regels(voor) if r.actie in (Auditactie.INZIEN, Auditactie.DOWNLOADEN)
        ]
        assert gelezen, f"{rol} las {url_a} zonder regel in het verwerkingenlog"
        for r in gelezen:
            assert r.gebruiker_id == gebruiker.pk and r.ip_adres == "127.0.0.1"
            assert r.gemeente_id in (wereld.a.gemeente.pk, None), (r.objecttype, r.omschrijving)
            assert r.klant_id in (wereld.a.klant.pk, None), (r.objecttype, r.omschrijving)
        assert any(
            r.gemeente_id == wereld.a.gemeente.pk or r.objecttype == "ddas-import" for r in gelezen
        )
        voor = laatste_pk()
        url_b = reverse(naam, kwargs=regel.kwargs(wereld.b))
        assert sessies[rol].get(url_b).status_code == 404
        assert nieuwe_regels(voor) == [], "een 404 toont niets en schrijft niets"


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
