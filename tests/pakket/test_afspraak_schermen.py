"""The screens of package agreements (trajecten/pakket/views/afspraken.py), per role.

The timeline per gemeente (every role of the gemeente reads it; buttons only where the gate
allows), the concept form, vaststellen with its mandatory preview, intrekken; another
gemeente's contractmanager gets 404, the dossier roles get 403 and change nothing. The
services themselves are tested in test_afspraken_services.py.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from schuldhulp.afspraken import Afspraakstatus as A
from schuldhulp.afspraken import Overgangsregeling as R
from schuldhulp.models import Dienstverleningsafspraak, Rol
from tests.bouwers import (
    O_TAKEN,
    AfspraakFactory,
    GemeenteFactory,
    Omgeving,
    dagen,
    gemeente_met_afspraak,
    medewerker,
    omgeving,
    traject_in,
    vandaag,
)
from trajecten.models import Fase, Traject
from trajecten.pakket.models import Afspraakgebeurtenis
from trajecten.pakket.services import afspraken

pytestmark = pytest.mark.django_db

SCHRIJVERS = ["contractmanager", "beheerder"]
LEZERS = ["regisseur", "consulent"]


@pytest.fixture
def omg() -> Omgeving:
    return omgeving("hybride-stadsbank")


@pytest.fixture
def ander_cm():
    """A contractmanager of another gemeente."""
    elders = gemeente_met_afspraak("Elders", "GM6601")
    return medewerker("cm_elders", Rol.CONTRACTMANAGER, [elders])


def als(gebruiker) -> Client:
    client = Client()
    client.force_login(gebruiker)
    return client


def lopende(omg: Omgeving) -> Dienstverleningsafspraak:
    return Dienstverleningsafspraak.objects.get(gemeente=omg.gemeente, geldig_van=date(2020, 1, 1))


def concept(omg: Omgeving, pakket: str = "basis", van: date | None = None, **kw):
    keuzes = {"basis": {"opmaat_tot_uitstroom": "gemeente"}}.get(pakket, {})
    if pakket == "hybride":
        keuzes = dict.fromkeys(O_TAKEN, "stadsbank")
    return afspraken.stel_op(
        door=omg.contractmanager,
        gemeente=omg.gemeente,
        pakket=pakket,
        geldig_van=van or vandaag() + dagen(30),
        optionele=kw.pop("optionele", keuzes),
        **kw,
    )


def tekst(antwoord) -> str:
    """The page as text, whitespace collapsed (the templates wrap lines)."""
    return re.sub(r"\s+", " ", antwoord.content.decode())


def vers(obj):
    return type(obj).objects.get(pk=obj.pk)


TIJDLIJN = "gemeente_afspraken"


def url(naam: str, obj) -> str:
    return reverse(naam, args=[obj.pk])


# --- The timeline ---------------------------------------------------------------------------


@pytest.mark.parametrize("rol", SCHRIJVERS + LEZERS)
def test_tijdlijn_voor_elke_rol_van_de_gemeente(omg: Omgeving, rol: str) -> None:
    nieuw = concept(omg, prijs_per_traject=Decimal("1250.5"))
    html = tekst(als(omg.rol(rol)).get(url(TIJDLIJN, omg.gemeente)))
    assert f"Afspraken van {omg.gemeente.naam}" in html
    assert "2 Hybride" in html and "3 Basis" in html
    assert "Actief" in html and "Concept" in html and "Geldt vandaag" in html
    assert "€ 1.250,50" in html
    assert "Wgs-beschikking met plan op hoofdlijnen" in html  # the task split of each
    assert "Concept aangemaakt" in html and escape(str(omg.contractmanager)) in html  # history
    knoppen = [
        "Nieuwe afspraak opstellen",
        url("afspraak_wijzig", nieuw),
        url("afspraak_vaststellen", nieuw),
        url("afspraak_intrekken", nieuw),
    ]
    for knop in knoppen:
        assert (knop in html) == (rol in SCHRIJVERS), knop


def test_tijdlijn_nieuwste_eerst_en_geen_knoppen_op_een_actieve_afspraak(omg: Omgeving) -> None:
    later = concept(omg, van=vandaag() + dagen(60))
    eerder = concept(omg, pakket="ontzorging", van=vandaag() + dagen(30))
    html = tekst(als(omg.beheerder).get(url(TIJDLIJN, omg.gemeente)))
    posities = [html.index(f'id="afspraak-{a.pk}"') for a in (later, eerder, lopende(omg))]
    assert posities == sorted(posities)
    assert url("afspraak_wijzig", lopende(omg)) not in html
    assert url("afspraak_intrekken", lopende(omg)) not in html


def test_takenverdeling_toont_per_traject_in_overleg(omg: Omgeving) -> None:
    keuzes = {**dict.fromkeys(O_TAKEN, "stadsbank"), "exitgesprek": "overleg"}
    concept(omg, pakket="hybride", optionele=keuzes)
    html = tekst(als(omg.contractmanager).get(url(TIJDLIJN, omg.gemeente)))
    assert "Per traject in overleg" in html


def test_gemeentepaginas_linken_naar_de_afspraken(omg: Omgeving) -> None:
    client = als(omg.consulent)
    doel = url(TIJDLIJN, omg.gemeente)
    assert doel in client.get(reverse("gemeenten")).content.decode()
    html = tekst(client.get(url("gemeente_detail", omg.gemeente)))
    assert doel in html and "Actief" in html


# --- Who may: another gemeente 404, dossier roles 403 ------------------------------------------


def test_contractmanager_van_andere_gemeente_krijgt_404(omg: Omgeving, ander_cm) -> None:
    nieuw = concept(omg)
    client = als(ander_cm)
    for naam, obj in [
        (TIJDLIJN, omg.gemeente),
        ("afspraak_nieuw", omg.gemeente),
        ("afspraak_wijzig", nieuw),
        ("afspraak_vaststellen", nieuw),
    ]:
        assert client.get(url(naam, obj)).status_code == 404, naam
    posts = [
        ("afspraak_nieuw", omg.gemeente, {"pakket": "basis", "geldig_van": "2040-01-01"}),
        ("afspraak_wijzig", nieuw, {"pakket": "ontzorging", "geldig_van": "2040-01-01"}),
        ("afspraak_vaststellen", nieuw, {"overgang": "alles", "vaststellen": "1"}),
        ("afspraak_intrekken", nieuw, {f"intrekken-{nieuw.pk}-reden": "Weg"}),
    ]
    for naam, obj, data in posts:
        assert client.post(url(naam, obj), data).status_code == 404, naam
    assert vers(nieuw).status == A.CONCEPT and vers(nieuw).pakket == "basis"
    assert Dienstverleningsafspraak.objects.filter(gemeente=omg.gemeente).count() == 2


@pytest.mark.parametrize("rol", LEZERS)
def test_dossierrollen_lezen_maar_schrijven_niet(omg: Omgeving, rol: str) -> None:
    nieuw = concept(omg)
    client = als(omg.rol(rol))
    for naam, obj in [
        ("afspraak_nieuw", omg.gemeente),
        ("afspraak_wijzig", nieuw),
        ("afspraak_vaststellen", nieuw),
    ]:
        assert client.get(url(naam, obj)).status_code == 403, naam
    posts = [
        ("afspraak_nieuw", omg.gemeente, {"pakket": "basis", "geldig_van": "2040-01-01"}),
        ("afspraak_wijzig", nieuw, {"pakket": "ontzorging", "geldig_van": "2040-01-01"}),
        ("afspraak_vaststellen", nieuw, {"overgang": "alles", "vaststellen": "1"}),
        ("afspraak_intrekken", nieuw, {f"intrekken-{nieuw.pk}-reden": "Weg"}),
    ]
    for naam, obj, data in posts:
        assert client.post(url(naam, obj), data).status_code == 403, naam
    assert vers(nieuw).status == A.CONCEPT and vers(nieuw).pakket == "basis"
    assert Afspraakgebeurtenis.objects.filter(afspraak=nieuw).count() == 1


def test_intrekken_is_alleen_post(omg: Omgeving) -> None:
    nieuw = concept(omg)
    assert als(omg.beheerder).get(url("afspraak_intrekken", nieuw)).status_code == 405


# --- Concept: opstellen and wijzigen ------------------------------------------------------------


@pytest.mark.parametrize("rol", SCHRIJVERS)
def test_concept_opstellen(omg: Omgeving, rol: str) -> None:
    client = als(omg.rol(rol))
    assert "Taken in overleg" in tekst(client.get(url("afspraak_nieuw", omg.gemeente)))
    antwoord = client.post(
        url("afspraak_nieuw", omg.gemeente),
        {
            "pakket": "hybride",
            "geldig_van": "2040-01-01",
            "prijs_per_traject": "1.250,50",
            "prijs_per_maand": "45",
            "opmerking": "Raadsbesluit 2039-12",
            **{f"keuze_{t}": "gemeente" for t in O_TAKEN},
            "keuze_exitgesprek": "overleg",
        },
    )
    nieuw = Dienstverleningsafspraak.objects.get(gemeente=omg.gemeente, status=A.CONCEPT)
    assert antwoord.status_code == 302
    assert antwoord["Location"] == url(TIJDLIJN, omg.gemeente) + f"#afspraak-{nieuw.pk}"
    assert nieuw.pakket == "hybride" and nieuw.geldig_van == date(2040, 1, 1)
    assert nieuw.prijs_per_traject == Decimal("1250.50")
    assert nieuw.prijs_per_maand == Decimal("45")
    assert nieuw.optionele_taken == {
        **dict.fromkeys(O_TAKEN, "gemeente"),
        "exitgesprek": "overleg",
    }
    assert nieuw.gebeurtenissen.get().door == omg.rol(rol)
    html = tekst(client.get(antwoord["Location"]))
    assert "Concept opgesteld" in html and "Het telt pas na vaststellen" in html


def test_alleen_de_o_taken_van_het_gekozen_pakket_tellen(omg: Omgeving) -> None:
    als(omg.contractmanager).post(
        url("afspraak_nieuw", omg.gemeente),
        {
            "pakket": "basis",
            "geldig_van": "2040-01-01",
            "keuze_opmaat_tot_uitstroom": "stadsbank",
            "keuze_exitgesprek": "stadsbank",  # G in Basis: ignored
        },
    )
    nieuw = Dienstverleningsafspraak.objects.get(gemeente=omg.gemeente, status=A.CONCEPT)
    assert nieuw.optionele_taken == {"opmaat_tot_uitstroom": "stadsbank"}


@pytest.mark.parametrize(
    ("data", "fouten"),
    [
        ({}, ["Kies een pakket.", "Vul de begindatum in."]),
        (
            {"pakket": "hybride", "geldig_van": "2040-01-01"},
            [
                "Kies wie 'Informatie verzamelen' doet: in pakket 2 Hybride is dit een taak "
                "in overleg.",
                "Kies wie 'Exitgesprek' doet",
            ],
        ),
        (
            {"pakket": "ontzorging", "geldig_van": "2040-01-01", "geldig_tot": "2039-01-01"},
            ["De einddatum ligt voor de begindatum."],
        ),
        (
            {"pakket": "ontzorging", "geldig_van": "2040-01-01", "prijs_per_traject": "-5"},
            ["Een prijs kan niet negatief zijn."],
        ),
        (
            {"pakket": "ontzorging", "geldig_van": "1-1-2040x", "prijs_per_maand": "12,345"},
            ["Vul een geldige datum in", "hoogstens 2 cijfers achter de komma"],
        ),
    ],
)
def test_fouten_in_het_nederlands_en_niets_opgeslagen(omg: Omgeving, data, fouten) -> None:
    antwoord = als(omg.contractmanager).post(url("afspraak_nieuw", omg.gemeente), data)
    assert antwoord.status_code == 200
    html = tekst(antwoord).replace("&#x27;", "'")
    assert 'class="foutsamenvatting"' in html
    for fout in fouten:
        assert fout in html
    assert not Dienstverleningsafspraak.objects.filter(status=A.CONCEPT).exists()
    assert not Afspraakgebeurtenis.objects.exists()


def test_concept_wijzigen(omg: Omgeving) -> None:
    nieuw = concept(omg, prijs_per_traject=Decimal("1234.5"))
    client = als(omg.contractmanager)
    html = tekst(client.get(url("afspraak_wijzig", nieuw)))
    assert 'value="1.234,50"' in html and "Concept wijzigen" in html
    antwoord = client.post(
        url("afspraak_wijzig", nieuw),
        {"pakket": "ontzorging", "geldig_van": "2040-03-01", "opmerking": "Toch ontzorging"},
    )
    assert antwoord.status_code == 302
    nieuw = vers(nieuw)
    assert (nieuw.pakket, nieuw.geldig_van, nieuw.prijs_per_traject) == (
        "ontzorging",
        date(2040, 3, 1),
        None,
    )
    assert nieuw.opmerking == "Toch ontzorging" and nieuw.status == A.CONCEPT


def test_een_actieve_afspraak_wijzigen_geeft_de_reden(omg: Omgeving) -> None:
    client = als(omg.beheerder)
    antwoord = client.get(url("afspraak_wijzig", lopende(omg)), follow=True)
    assert antwoord.redirect_chain[0][0].startswith(url(TIJDLIJN, omg.gemeente))
    html = tekst(antwoord).replace("&#x27;", "'")
    assert "Een afspraak met status 'Actief' kan niet meer worden gewijzigd." in html
    antwoord = client.post(
        url("afspraak_wijzig", lopende(omg)), {"pakket": "basis", "geldig_van": "2020-01-01"}
    )
    assert antwoord.status_code == 302 and vers(lopende(omg)).pakket == "hybride"


# --- Vaststellen: choose, preview, confirm -------------------------------------------------------


@pytest.fixture
def drie_trajecten(omg: Omgeving) -> dict[str, Traject]:
    """One running traject in each of the first three phases (under Hybride, O = Stadsbank)."""
    return {f: traject_in(omg, f) for f in (Fase.AANGEMELD, Fase.INTAKE, Fase.STABILISATIE)}


def voorvertoning(client: Client, afspraak, **data):
    return client.post(url("afspraak_vaststellen", afspraak), {"voorvertoning": "1", **data})


def bevestigdata(antwoord) -> dict[str, object]:
    """The hidden fields of the confirm form on the preview page."""
    html = antwoord.content.decode()
    formulier = html[html.index('name="vaststellen"') - 3000 : html.index('name="vaststellen"')]
    data: dict[str, object] = {"vaststellen": "1"}
    for naam, waarde in re.findall(r'type="hidden" name="(\w+)" value="([^"]*)"', formulier):
        if naam == "fasen":
            data.setdefault("fasen", []).append(waarde)  # type: ignore[union-attr]
        elif naam != "csrfmiddlewaretoken":
            data[naam] = waarde
    return data


def test_vaststellen_met_voorvertoning_per_fase(omg: Omgeving, drie_trajecten) -> None:
    basis = concept(omg)
    client = als(omg.contractmanager)
    html = tekst(client.get(url("afspraak_vaststellen", basis)))
    assert R.PER_FASE.label in html and "Voorvertoning" in html
    assert 'name="vaststellen"' not in html  # confirming only from the preview

    antwoord = voorvertoning(client, basis, overgang="per_fase", fasen=["aangemeld", "intake"])
    html = tekst(antwoord)
    assert antwoord.status_code == 200 and vers(basis).status == A.CONCEPT
    assert "2 lopende trajecten gaan over" in html
    rijen = re.findall(
        r'<th scope="row">([^<]+)</th><td class="getal">(\d+)</td>'
        r'<td class="getal">(\d+)</td><td class="getal">(\d+)</td>',
        html,
    )
    assert rijen == [
        ("Aangemeld", "1", "1", "0"),
        ("Eerste gesprek en intake", "1", "1", "0"),
        ("Stabilisatie", "1", "0", "1"),
    ]
    # Hybride (O tasks Stadsbank) → Basis: nine tasks change side.
    assert "Van 2 Hybride (afspraak vanaf 1 januari 2020) naar 3 Basis" in html
    assert html.count('tag--stadsbank">Stadsbank') == html.count('tag--gemeente">Gemeente') == 9
    assert "Bij 2 van de overgaande trajecten komt de volgende taak bij de gemeente" in html
    assert "Bij elk overgaand traject is bekend wie de volgende taak doet." in html

    data = bevestigdata(antwoord)
    assert data["overgang"] == "per_fase" and data["fasen"] == ["aangemeld", "intake"]
    antwoord = client.post(url("afspraak_vaststellen", basis), {**data, "reden": "Getekend"})
    assert antwoord.status_code == 302
    basis = vers(basis)
    assert basis.status == A.VASTGESTELD and basis.vastgesteld_door == omg.contractmanager
    assert basis.overgang == R.PER_FASE and basis.overgang_fasen == ["aangemeld", "intake"]
    assert vers(lopende(omg)).geldig_tot == basis.geldig_van - timedelta(days=1)
    stap = basis.gebeurtenissen.get(naar_status=A.VASTGESTELD)
    assert stap.reden == "Getekend" and stap.door == omg.contractmanager

    html = tekst(client.get(antwoord["Location"]))
    assert "De afspraak is vastgesteld en gaat in op" in html
    assert "Concept → Vastgesteld" in html and "Getekend" in html
    assert "Gaan over volgens de voorvertoning: 2 trajecten." in html
    assert url("afspraak_wijzig", basis) not in html  # frozen: no buttons but intrekken
    assert url("afspraak_intrekken", basis) in html


def test_vaststellen_met_begindatum_vandaag_zet_de_trajecten_meteen_over(
    omg: Omgeving, drie_trajecten
) -> None:
    basis = concept(omg, van=vandaag())
    client = als(omg.beheerder)
    antwoord = voorvertoning(client, basis, overgang="alles")
    assert "De begindatum is vandaag of eerder" in tekst(antwoord)
    assert "3 lopende trajecten gaan over" in tekst(antwoord)
    antwoord = client.post(url("afspraak_vaststellen", basis), bevestigdata(antwoord), follow=True)
    assert "3 lopende trajecten zijn overgezet" in tekst(antwoord)
    assert "Overgezet naar deze afspraak: 3 trajecten." in tekst(antwoord)
    assert vers(basis).status == A.ACTIEF
    assert all(vers(t).afspraak_id == basis.pk for t in drie_trajecten.values())


def test_vaststellen_zonder_of_met_verouderde_voorvertoning_wordt_niet_gedaan(
    omg: Omgeving, drie_trajecten
) -> None:
    basis = concept(omg)
    client = als(omg.contractmanager)
    for kenmerk in ("", "verzonnen"):
        antwoord = client.post(
            url("afspraak_vaststellen", basis),
            {"overgang": "alles", "vaststellen": "1", "kenmerk": kenmerk},
        )
        assert antwoord.status_code == 200
        assert "De voorvertoning is niet meer actueel" in tekst(antwoord)
        assert vers(basis).status == A.CONCEPT
    # The preview changes when a traject starts after the user looked.
    data = bevestigdata(voorvertoning(client, basis, overgang="alles"))
    traject_in(omg, Fase.AANGEMELD)
    antwoord = client.post(url("afspraak_vaststellen", basis), data)
    assert "De voorvertoning is niet meer actueel" in tekst(antwoord)
    assert "4 lopende trajecten gaan over" in tekst(antwoord)
    assert vers(basis).status == A.CONCEPT


def test_vaststellen_kiezen_fouten_in_het_nederlands(omg: Omgeving) -> None:
    basis = concept(omg)
    client = als(omg.contractmanager)
    html = tekst(voorvertoning(client, basis)).replace("&#x27;", "'")
    assert "Kies wat er met de lopende trajecten gebeurt." in html
    html = tekst(voorvertoning(client, basis, overgang="per_fase"))
    assert "Kies de fasen waarvan de trajecten overgaan." in html
    html = tekst(voorvertoning(client, basis, overgang="per_fase", fasen=["bestaat_niet"]))
    assert "Kies alleen bestaande fasen." in html
    assert 'name="vaststellen"' not in html and vers(basis).status == A.CONCEPT


def test_wissel_waarbij_niemand_de_volgende_taak_doet_wordt_geweigerd(omg: Omgeving) -> None:
    aangemeld = traject_in(omg, Fase.AANGEMELD)  # next task: informatie verzamelen
    keuzes = {**dict.fromkeys(O_TAKEN, "stadsbank"), "informatie_verzamelen": "overleg"}
    hybride = concept(omg, pakket="hybride", optionele=keuzes)
    client = als(omg.contractmanager)
    antwoord = voorvertoning(client, hybride, overgang="alles")
    html = tekst(antwoord)
    assert "Bij 1 traject doet na de wissel niemand de volgende taak" in html
    assert f"Trajectnummers: {aangemeld.pk}" in html
    assert 'name="vaststellen"' not in html  # refused until settled
    assert aangemeld.klant.achternaam not in html  # ids only: no dossier data here
    # Forcing it anyway: the service refuses, in Dutch, and nothing changes.
    from trajecten.pakket.forms.afspraken import plan_kenmerk

    kenmerk = plan_kenmerk(afspraken.voorvertoning(hybride, "alles"))
    antwoord = client.post(
        url("afspraak_vaststellen", hybride),
        {"overgang": "alles", "kenmerk": kenmerk, "vaststellen": "1"},
    )
    assert "doet na de wissel niemand de volgende taak" in tekst(antwoord)
    assert vers(hybride).status == A.CONCEPT and vers(lopende(omg)).geldig_tot is None
    # Keeping the old split for running trajecten is fine.
    antwoord = voorvertoning(client, hybride, overgang="behouden")
    assert 'name="vaststellen"' in tekst(antwoord)


def test_weigering_van_de_service_staat_op_de_voorvertoning(omg: Omgeving) -> None:
    """A later agreement is already vastgesteld: an open-ended concept before it overlaps."""
    Dienstverleningsafspraak.objects.filter(pk=lopende(omg).pk).update(
        geldig_tot=date(2044, 12, 31)
    )
    AfspraakFactory(
        gemeente=omg.gemeente,
        pakket="ontzorging",
        geldig_van=date(2045, 1, 1),
        status="vastgesteld",
    )
    basis = concept(omg, van=date(2040, 1, 1))
    client = als(omg.contractmanager)
    antwoord = client.post(
        url("afspraak_vaststellen", basis),
        bevestigdata(voorvertoning(client, basis, overgang="alles")),
    )
    assert antwoord.status_code == 200
    overlap = "Deze periode overlapt met de afspraak 1 Ontzorging vanaf 1 januari 2045"
    assert overlap in tekst(antwoord)
    assert vers(basis).status == A.CONCEPT


def test_vaststellen_van_een_vastgestelde_afspraak_geeft_de_reden(omg: Omgeving) -> None:
    basis = concept(omg)
    afspraken.stel_vast(door=omg.beheerder, afspraak_id=basis.pk, overgang="behouden")
    antwoord = als(omg.contractmanager).get(url("afspraak_vaststellen", basis), follow=True)
    html = tekst(antwoord).replace("&#x27;", "'")
    assert "Dit kan niet bij een afspraak met status 'Vastgesteld'." in html


# --- Intrekken -----------------------------------------------------------------------------------


def test_intrekken_vraagt_een_reden(omg: Omgeving) -> None:
    basis = concept(omg)
    client = als(omg.contractmanager)
    veld = f"intrekken-{basis.pk}-reden"
    antwoord = client.post(url("afspraak_intrekken", basis), {veld: "  "}, follow=True)
    assert "Geef de reden op waarom de afspraak wordt ingetrokken." in tekst(antwoord)
    assert vers(basis).status == A.CONCEPT
    antwoord = client.post(
        url("afspraak_intrekken", basis), {veld: "Raad koos anders"}, follow=True
    )
    html = tekst(antwoord)
    assert "is ingetrokken" in html and "Concept → Ingetrokken" in html
    assert "Raad koos anders" in html
    assert vers(basis).status == A.INGETROKKEN


def test_intrekken_van_een_vastgestelde_afspraak_laat_de_vorige_doorlopen(omg: Omgeving) -> None:
    basis = concept(omg)
    afspraken.stel_vast(door=omg.beheerder, afspraak_id=basis.pk, overgang="behouden")
    assert vers(lopende(omg)).geldig_tot is not None
    client = als(omg.beheerder)
    client.post(url("afspraak_intrekken", basis), {f"intrekken-{basis.pk}-reden": "Fout"})
    assert vers(basis).status == A.INGETROKKEN and vers(lopende(omg)).geldig_tot is None


def test_een_actieve_afspraak_intrekken_geeft_de_reden(omg: Omgeving) -> None:
    actief = lopende(omg)
    antwoord = als(omg.beheerder).post(
        url("afspraak_intrekken", actief), {f"intrekken-{actief.pk}-reden": "Weg"}, follow=True
    )
    html = tekst(antwoord).replace("&#x27;", "'")
    assert "Dit kan niet bij een afspraak met status 'Actief'." in html
    assert vers(actief).status == A.ACTIEF


def test_gemeente_zonder_afspraken(omg: Omgeving) -> None:
    leeg = GemeenteFactory(naam="Nieuwdorp", code="GM6602")
    html = tekst(als(medewerker("fb_leeg", Rol.BEHEERDER)).get(url(TIJDLIJN, leeg)))
    assert "Nieuwdorp heeft nog geen dienstverleningsafspraak." in html
