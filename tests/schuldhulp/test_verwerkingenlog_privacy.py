"""The verwerkingenlog keeps which fields changed, never personal values (issue 17, point 2)."""

from __future__ import annotations

import importlib
import json
from datetime import date, timedelta

import pytest
from django.apps import apps
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from schuldhulp import services
from schuldhulp.auditvelden import GEWIJZIGD, VELDEN, leesbaar, zonder_persoonsgegevens
from schuldhulp.models import Auditactie, Auditregel, Klant
from tests.bouwers import KlantFactory
from trajecten import services as trajectservices
from trajecten.bewaartermijn import pas_bewaartermijn_toe
from trajecten.models import Fase, Gebeurtenis, Gebeurtenissoort, Traject

pytestmark = pytest.mark.django_db
strip_migratie = importlib.import_module(
    "schuldhulp.migrations.0014_verwerkingenlog_zonder_persoonsgegevens"
)

# Fields that are personal data (or free text) on any audited model: never on an allow-list.
PERSOONLIJK = {
    "bsn", "voornamen", "tussenvoegsel", "achternaam", "geboortedatum", "straat", "huisnummer",
    "postcode", "postcodegebied", "woonplaats", "telefoon", "email", "huishouden",
    "aantal_kinderen", "toelichting", "reden_terugdatering", "hulpvraag", "oorzaak",
    "leefgebieden", "oplossend_vermogen_toelichting", "omschrijving", "wat", "samenvatting",
    "deelnemers", "bericht", "antwoord", "onderwerp", "notitie", "afsluittoelichting",
    "afspraak_gemeente", "kenmerk", "schuldeiser_id", "invoer", "resultaat", "opmerking",
}  # fmt: skip


def _log_als_tekst() -> str:
    return json.dumps(
        list(Auditregel.objects.values_list("wijzigingen", "omschrijving")), default=str
    )


def _klantgegevens(klant: Klant) -> list[str]:
    waarden = [
        klant.bsn,
        klant.voornamen,
        klant.achternaam,
        klant.geboortedatum.isoformat(),
        klant.straat,
        klant.postcode,
        klant.telefoon,
        klant.email,
    ]
    return [w for w in waarden if w]


def test_allowlijst_noemt_bestaande_velden_en_geen_persoonsgegevens():
    for objecttype, velden in VELDEN.items():
        assert not velden.openbaar & PERSOONLIJK, objecttype
        if not velden.model:
            continue
        model = apps.get_model(velden.model)
        assert model._meta.model_name == objecttype
        bestaand = {f.attname for f in model._meta.concrete_fields}
        assert velden.openbaar - set(velden.labels) <= bestaand, objecttype


def test_onbekend_objecttype_houdt_geen_waarden():
    wijzigingen = {"fase": {"voor": "a", "na": "b"}, "bsn": {"voor": "1", "na": "2"}}
    assert zonder_persoonsgegevens("iets-nieuws", wijzigingen) == {
        "fase": GEWIJZIGD,
        "bsn": GEWIJZIGD,
    }
    eenmaal = zonder_persoonsgegevens("traject", wijzigingen)
    assert eenmaal == {"fase": {"voor": "a", "na": "b"}, "bsn": GEWIJZIGD}
    assert zonder_persoonsgegevens("traject", eenmaal) == eenmaal  # idempotent


def test_klant_wijzigen_zet_geen_persoonsgegevens_in_de_log(client, regisseur_a, gemeente_a):
    klant = KlantFactory.build(
        gemeente=gemeente_a,
        voornamen="Johanna",
        achternaam="Jansen",
        geboortedatum=date(1984, 5, 12),
        straat="Lindelaan",
        huisnummer="12",
        telefoon="0612345678",
        email="j.jansen@example.nl",
    )
    services.klant_opslaan(klant=klant, door=regisseur_a)  # aanmaken: every field once
    oud = _klantgegevens(klant)
    assert len(oud) == 8  # BSN, names, birth date, address, phone and e-mail all filled
    client.force_login(regisseur_a)
    antwoord = client.post(
        reverse("klant_wijzig", args=[klant.pk]),
        {
            "gemeente": gemeente_a.pk,
            "bsn": klant.bsn,
            "voornamen": "Wilhelmina",
            "achternaam": "Quirijnsdotter",
            "geboortedatum": "1979-03-02",
            "straat": "Kastanjelaan",
            "huisnummer": "7",
            "postcode": "7607 AB",
            "woonplaats": "Almelo",
            "huishouden": "alleenstaand",
            "aantal_kinderen": 0,
            "email": "w.nieuwenhuis@example.nl",
        },
    )
    assert antwoord.status_code == 302
    tekst = _log_als_tekst()
    nieuw = ["Wilhelmina", "Quirijnsdotter", "1979-03-02", "Kastanjelaan", "w.nieuwenhuis@"]
    for waarde in [*oud, *nieuw]:
        assert waarde not in tekst, waarde
    gewijzigd = Auditregel.objects.get(actie=Auditactie.WIJZIGEN, objecttype="klant")
    assert gewijzigd.klant_id == klant.pk
    for veld in ("voornamen", "achternaam", "geboortedatum", "straat", "email"):
        assert gewijzigd.wijzigingen[veld] == GEWIJZIGD
    aangemaakt = Auditregel.objects.get(actie=Auditactie.AANMAKEN, objecttype="klant")
    assert aangemaakt.wijzigingen["bsn"] == GEWIJZIGD
    assert aangemaakt.wijzigingen["gemeente_id"] == {"voor": None, "na": gemeente_a.pk}


def test_toegestane_waarden_blijven(regisseur_a, klant_a):
    vandaag = timezone.localdate()
    traject = trajectservices.meld_aan(
        klant=klant_a,
        door=regisseur_a,
        datum=vandaag,
        kanaal="wijkteam",
        toelichting="Mevrouw belde over de huur",
    )
    trajectservices.voer_overgang_uit(
        traject_id=traject.pk, overgang="voer_eerste_gesprek", door=regisseur_a, datum=vandaag
    )
    regel = Auditregel.objects.get(actie=Auditactie.WIJZIGEN, objecttype="traject")
    assert regel.wijzigingen["fase"] == {"voor": "aangemeld", "na": "intake"}
    assert regel.wijzigingen["datum"] == {"voor": None, "na": vandaag.isoformat()}
    assert "huur" not in _log_als_tekst()


def test_na_de_bewaartermijn_van_het_dossier_geen_persoonsgegevens_in_de_log(
    regisseur_a, gemeente_a, settings
):
    settings.BEWAARTERMIJN_NA_UITSTROOM_DAGEN = 30
    klant = KlantFactory.build(gemeente=gemeente_a)
    services.klant_opslaan(klant=klant, door=regisseur_a)
    gegevens = _klantgegevens(klant)
    uitstroom = timezone.localdate() - timedelta(days=60)
    traject = Traject.objects.create(
        klant=klant,
        gemeente=gemeente_a,
        afspraak=gemeente_a.afspraken.first(),
        aanmelddatum=uitstroom - timedelta(days=200),
        kanaal="wijkteam",
        fase=Fase.UITGESTROOMD,
        uitstroomreden="Afgerond",
    )
    Gebeurtenis.objects.create(traject=traject, soort="uitstroom", datum=uitstroom)
    assert [v.klant_id for v in pas_bewaartermijn_toe(uitvoeren=True)] == [klant.pk]
    regels = Auditregel.objects.filter(klant_id=klant.pk)
    assert regels.filter(actie=Auditactie.VERWIJDEREN).exists()
    tekst = json.dumps(list(regels.values_list("wijzigingen", "omschrijving")), default=str)
    for waarde in gegevens:
        assert waarde not in tekst, waarde


def _oude_regel(objecttype: str, wijzigingen: dict, *, tijdstip=None, klant_id=None) -> int:
    """A row as written before this change (or long ago): INSERT is what the trigger allows."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO schuldhulp_auditregel (tijdstip, gebruikersnaam, actie, objecttype, "
            "object_id, klant_id, omschrijving, wijzigingen) "
            "VALUES (%s, 'kr_a', 'wijzigen', %s, '1', %s, '', %s) RETURNING id",
            [tijdstip or timezone.now(), objecttype, klant_id, json.dumps(wijzigingen)],
        )
        return cursor.fetchone()[0]


def test_migratie_haalt_persoonsgegevens_uit_bestaande_regels():
    klant = _oude_regel(
        "klant",
        {
            "bsn": {"voor": "111222333", "na": "123456782"},
            "achternaam": {"voor": "Jansen", "na": "Nieuwenhuis"},
            "gemeente_id": {"voor": 1, "na": 2},
        },
    )
    plan = _oude_regel(
        "klantplan",
        {
            "hulpvraag": {"voor": "", "na": "Schuld bij Vesteda"},
            "status": {"voor": "concept", "na": "vastgesteld"},
        },
    )
    schoon = _oude_regel("traject", {"fase": {"voor": "aangemeld", "na": "intake"}})
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # as between two migrations
    with connection.schema_editor() as schema_editor:
        strip_migratie.ontdoe_van_persoonsgegevens(apps, schema_editor)

    assert Auditregel.objects.get(pk=klant).wijzigingen == {
        "bsn": GEWIJZIGD,
        "achternaam": GEWIJZIGD,
        "gemeente_id": {"voor": 1, "na": 2},
    }
    assert Auditregel.objects.get(pk=plan).wijzigingen == {
        "hulpvraag": GEWIJZIGD,
        "status": {"voor": "concept", "na": "vastgesteld"},
    }
    assert Auditregel.objects.get(pk=schoon).wijzigingen["fase"]["na"] == "intake"
    # The trigger is back on afterwards.
    with pytest.raises(DatabaseError, match="kan niet worden gewijzigd"), transaction.atomic():
        Auditregel.objects.filter(pk=klant).update(wijzigingen={})


def test_beheerder_ziet_welke_velden_veranderden(client, beheerder, regisseur_a, klant_a):
    klant_a.achternaam = "Quirijnsdotter"  # not a name the factory could have drawn
    services.klant_opslaan(klant=klant_a, door=regisseur_a)
    trajectservices.meld_aan(
        klant=klant_a, door=regisseur_a, datum=timezone.localdate(), kanaal="wijkteam"
    )
    client.force_login(beheerder)
    html = client.get(reverse("verwerkingenlog")).content.decode()
    assert "<strong>Achternaam</strong>: <em>gewijzigd</em>" in html
    assert f"<strong>Gebeurtenis</strong>: — → {Gebeurtenissoort.AANMELDING.label}" in html
    assert "Quirijnsdotter" not in html
    assert '<td data-label="Object">Klant ' in html  # the object, by its Dutch model name


def test_leesbaar_geeft_labels_en_keuzes():
    velden = leesbaar(
        "traject",
        {
            "fase": {"voor": "aangemeld", "na": "intake"},
            "crisisinterventie": {"voor": False, "na": True},
            "behandelaar_id": GEWIJZIGD,
            "datum": {"voor": None, "na": "2026-03-02"},
        },
    )
    assert [(v.label, v.voor, v.na, v.gelogd) for v in velden] == [
        ("fase", "Aangemeld", "Eerste gesprek en intake", True),
        ("crisisinterventie", "nee", "ja", True),
        ("behandelaar bij de Stadsbank", None, None, False),
        ("datum", None, "2 maart 2026", True),
    ]
    assert leesbaar("gebruiker-rechten", {"is_staff": {"voor": False, "na": True}})[0].label == (
        "toegang tot beheer"
    )
