"""DDAS import: preview per record, import after confirmation, idempotent, all or nothing."""

from __future__ import annotations

import copy
import io
import os
import random
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from rapportage.ddas import importer
from rapportage.ddas.export import maak_export
from rapportage.ddas.importer import OngeldigBestand, Status
from schuldhulp.models import Auditactie, Auditregel, Klant
from schuldhulp.validators import genereer_bsn
from tests.bouwers import AfspraakFactory, GemeenteFactory, KlantFactory
from tests.bouwers.ddas import (
    GELDIG_BSN,
    VOORBEELD,
    als_bytes,
    bouw_gemeente,
    d,
    met_traject,
    traject,
    voorbeeld_document,
    zonder_tijdstip,
)
from trajecten.models import Fase, Gebeurtenis, Product, Traject

pytestmark = pytest.mark.django_db


def lees(document: dict) -> importer.Bestand:
    return importer.lees_bestand(als_bytes(document))


def meldingen(record: importer.Record) -> list[str]:
    return [str(m) for m in record.fouten]


# --- The official example ------------------------------------------------------------------


def test_het_voorbeeldbestand_meldt_de_problemen_per_record(gemeente_a, regisseur_a):
    bestand = importer.lees_bestand(VOORBEELD.read_bytes())
    voorbeeld = importer.analyseer(bestand, gebruiker=regisseur_a)
    [record] = voorbeeld.records
    assert record.status == Status.FOUT
    assert record.bsn_gemaskeerd == "*****321"
    teksten = meldingen(record)
    assert any("Burgerservicenummer" in t and "elfproef" in t for t in teksten)
    assert any(
        t.startswith("gemeentecode: 'GM001' is geen geldige CBS-gemeentecode") for t in teksten
    )
    # The toekenningsdatum before the first conversation is only a warning (issue 18, 2).
    assert not any(t.startswith("toekenningsdatum") for t in teksten)
    assert any(
        str(w).startswith("toekenningsdatum: 5 januari 2024 ligt vóór het eerste gesprek")
        for w in record.waarschuwingen
    )
    resultaat = importer.importeer(bestand, door=regisseur_a)
    assert resultaat.geimporteerd == 0
    assert not Klant.objects.exists() and not Traject.objects.exists()


def test_het_voorbeeldbestand_met_geldig_bsn_en_bekende_gemeente(gemeente_a, regisseur_a):
    document = voorbeeld_document()
    record = document["leveringen"][0]["schuldhulptrajecten"][0]
    record["client"][0]["Burgerservicenummer"] = GELDIG_BSN
    record["gemeentecode"] = "GM0141"
    record["toekenningsdatum"] = "2024-01-20"  # after the end of the aanmelding
    bestand = lees(document)
    [gelezen] = importer.analyseer(bestand, gebruiker=regisseur_a).records
    assert gelezen.status == Status.NIEUW, meldingen(gelezen)
    waarschuwingen = [str(w) for w in gelezen.waarschuwingen]
    assert any("Geslachtsaanduiding" in w for w in waarschuwingen)
    assert any("einddatum: Er is geen uitstroom" in w for w in waarschuwingen)
    assert any("product 'Schuldbemiddeling' aangemaakt" in w for w in waarschuwingen)

    resultaat = importer.importeer(bestand, door=regisseur_a)
    assert resultaat.geimporteerd == 1 and resultaat.klanten_nieuw == 1
    klant = Klant.objects.get(bsn=GELDIG_BSN)
    assert (klant.voornamen, klant.achternaam) == ("Onbekend", "(DDAS-import)")
    assert (klant.postcode, klant.huisnummer, str(klant.geboortedatum)) == (
        "5678 CD",
        "10A",
        "1980-05-01",
    )
    traject = klant.trajecten.get()
    assert traject.gemeente == gemeente_a and traject.crisisinterventie
    assert traject.fase == Fase.UITGESTROOMD and traject.uitstroomreden == "Overig"
    assert traject.behandelaar is None  # closed: nobody's werkvoorraad
    rijen = [
        (g.soort, g.datum.isoformat(), g.van_fase, g.naar_fase)
        for g in traject.gebeurtenissen.order_by("datum", "pk")
    ]
    assert rijen == [
        ("aanmelding", "2024-01-01", "", ""),
        ("eerste_gesprek", "2024-01-15", "aangemeld", "intake"),
        ("toelating", "2024-01-20", "intake", "stabilisatie"),
        ("product_gestart", "2024-02-01", "", ""),
        ("product_gestart", "2024-06-01", "", ""),
        ("schuldregeling", "2024-06-01", "", ""),
        ("schuldregeling", "2024-06-10", "", ""),
        ("schuldregeling", "2024-06-20", "", ""),
        ("product_beeindigd", "2024-11-30", "", ""),
        ("uitstroom", "2024-12-31", "stabilisatie", "uitgestroomd"),
    ]
    assert all(g.door == regisseur_a for g in traject.gebeurtenissen.all())
    assert all(g.gegevens["bestand"] == bestand.sha256 for g in traject.gebeurtenissen.all())
    bemiddeling = traject.producten.get(soort="Schuldbemiddeling")
    assert bemiddeling.schuldregeling_status == "dwangakkoord"
    assert [g.gegevens["stap"] for g in traject.gebeurtenissen.filter(soort="schuldregeling")] == [
        "dien_in",
        "verzoek_dwangakkoord",
        "dwangakkoord_toegewezen",
    ]
    assert (
        Auditregel.objects.filter(actie=Auditactie.IMPORTEREN, gemeente_id=gemeente_a.pk).count()
        == 1
    )

    # The same file again: nothing new.
    opnieuw = importer.importeer(lees(document), door=regisseur_a)
    assert opnieuw.geimporteerd == 0 and len(opnieuw.voorbeeld.aanwezig) == 1
    assert Traject.objects.count() == 1 and Klant.objects.count() == 1


# --- Round trip ----------------------------------------------------------------------------


def _wis_dossiers() -> None:
    Traject.objects.all().delete()
    Klant.objects.all().delete()


@pytest.mark.parametrize("klanten_blijven", [False, True], ids=["lege-database", "klanten-bestaan"])
def test_export_import_export_geeft_hetzelfde_document(gemeente_a, regisseur_a, klanten_blijven):
    bouw_gemeente(gemeente_a, regisseur_a)
    eerste = maak_export(
        gemeenten=[gemeente_a], van=d(1, 1), tot=d(12, 31), contactpersoon=regisseur_a
    )
    assert eerste.aantal_trajecten == 4
    if klanten_blijven:
        Traject.objects.all().delete()
    else:
        _wis_dossiers()

    bestand = importer.lees_bestand(eerste.als_json())
    voorbeeld = importer.analyseer(bestand, gebruiker=regisseur_a)
    assert [r.status for r in voorbeeld.records] == [Status.NIEUW] * 4
    if not klanten_blijven:
        # Our own export reads back without a single remark.
        assert [r.waarschuwingen for r in voorbeeld.records] == [[]] * 4
    resultaat = importer.importeer(bestand, door=regisseur_a)
    assert resultaat.geimporteerd == 4

    tweede = maak_export(
        gemeenten=[gemeente_a], van=d(1, 1), tot=d(12, 31), contactpersoon=regisseur_a
    )
    assert zonder_tijdstip(tweede.document) == zonder_tijdstip(eerste.document)
    # The open traject is running again, in the phase it was in, for the importer.
    lopend = Traject.objects.get(fase=Fase.STABILISATIE)
    assert lopend.behandelaar == regisseur_a
    assert lopend.klokken.exists()  # norm clocks recomputed from the historical events


def test_import_in_een_andere_inrichting(gemeente_a, regisseur_a):
    """Another installation: only the gemeente (same code, other id) and its agreement exist;
    the operator imports with the command (no user)."""
    bouw_gemeente(gemeente_a, regisseur_a)
    eerste = maak_export(gemeenten=[gemeente_a], van=d(1, 1), tot=d(12, 31))
    _wis_dossiers()
    # Agreements are frozen (they cannot be deleted): the old gemeente steps aside instead.
    gemeente_a.code = "GM9998"
    gemeente_a.save()
    nieuw = GemeenteFactory(naam="Almelo", code="GM0141")
    AfspraakFactory(gemeente=nieuw, pakket="hybride", geldig_van=d(1, 1, 2024))
    assert nieuw.pk != gemeente_a.pk

    resultaat = importer.importeer(importer.lees_bestand(eerste.als_json()))
    assert resultaat.geimporteerd == 4
    tweede = maak_export(gemeenten=[nieuw], van=d(1, 1), tot=d(12, 31))
    assert zonder_tijdstip(tweede.document) == zonder_tijdstip(eerste.document)
    assert Traject.objects.filter(gemeente=nieuw).count() == 4
    assert all(g.door is None for g in Gebeurtenis.objects.all())


# --- Bad files: a clear message, nothing half-imported --------------------------------------


@pytest.mark.parametrize(
    ("inhoud", "melding"),
    [
        (b"", "leeg"),
        (b"hallo, dit is geen json", "geen geldig JSON-bestand (regel 1, kolom 1)"),
        (b'{"leveringen": [}', "geen geldig JSON-bestand"),
        (b"\xff\xfe\x00\x00\x89PNG", "geen tekst in UTF-8"),
        (b"[1, 2, 3]", "niet de vorm van een DDAS-bestand"),
        (b'{"naam": "iets anders"}', "niet de vorm van een DDAS-bestand"),
        (b'{"leveringen": [], "x": NaN}', "NaN is geen geldige JSON-waarde"),
        (b"[" * 100_000 + b"]" * 100_000, "te diep genest"),
    ],
)
def test_geen_ddas_bestand(inhoud, melding):
    with pytest.raises(OngeldigBestand) as fout:
        importer.lees_bestand(inhoud)
    assert melding in fout.value.melding


def test_verkeerde_vorm_buiten_de_trajecten_noemt_de_fouten(gemeente_a, regisseur_a):
    document = met_traject(**traject())
    del document["codeGegevensleverancier"]
    del document["leveringen"][0]["aanleverende_organisatie"]
    document["leveringen"][0]["extra"] = 1
    bestand = lees(document)
    details = "\n".join(bestand.bestandsfouten)
    assert "Verplicht veld 'codeGegevensleverancier' ontbreekt." in details
    assert "leveringen[0]: Verplicht veld 'aanleverende_organisatie' ontbreekt." in details
    assert "Onbekend veld 'extra'" in details
    # Shown with the records in the preview; the import refuses while they are there.
    assert importer.analyseer(bestand, gebruiker=regisseur_a).bestandsfouten
    with pytest.raises(OngeldigBestand) as fout:
        importer.importeer(bestand, door=regisseur_a)
    assert "voldoet buiten de trajecten niet aan het DDAS v1.0-schema" in fout.value.melding
    assert "Er is niets geïmporteerd" in fout.value.melding
    assert not Traject.objects.exists()


def test_te_groot_bestand():
    with pytest.raises(OngeldigBestand, match="te groot") as fout:
        importer.lees_bestand(b" " * (importer.MAX_BYTES + 1))
    assert "hoogstens 50 MB" in fout.value.melding


def test_schemafout_in_een_record_blijft_bij_dat_record(gemeente_a, regisseur_a):
    document = met_traject(**traject())
    kapot = traject(bsn=genereer_bsn(random.Random(1)))
    kapot["client"] = "niet goed"
    kapot["uitstroom"] = {"datum": "31-12-2026", "reden": "Weggelopen"}
    document["leveringen"][0]["schuldhulptrajecten"].append(kapot)
    voorbeeld = importer.analyseer(lees(document), gebruiker=regisseur_a)
    goed, fout = voorbeeld.records
    assert goed.status == Status.NIEUW
    assert fout.status == Status.FOUT
    assert set(meldingen(fout)) == {
        'client: Hier hoort een lijst ([…]), maar het bestand bevat "niet goed".',
        'uitstroom.datum: "31-12-2026" is geen geldige datum; gebruik JJJJ-MM-DD, bijvoorbeeld '
        "2026-05-12.",
        'uitstroom.reden: "Weggelopen" is geen toegestane waarde. Toegestaan: Overleden, Verhuisd, '
        "Nietverschenen, Ingetrokken, Niet passend, Overig, Voldoet niet, Afgerond, Zelf.",
    }


def test_alles_of_niets_bij_een_onverwachte_fout(gemeente_a, regisseur_a, monkeypatch):
    document = met_traject(**traject())
    document["leveringen"][0]["schuldhulptrajecten"].append(
        traject(bsn="111222333", aanmelding={"startdatum": "2026-03-01"})
    )
    aantal = {"n": 0}
    echt = importer.normbewaking.herbereken

    def faalt_bij_de_tweede(traject, **kwargs):
        aantal["n"] += 1
        if aantal["n"] == 2:
            raise RuntimeError("database weg")
        return echt(traject, **kwargs)

    monkeypatch.setattr(importer.normbewaking, "herbereken", faalt_bij_de_tweede)
    with pytest.raises(RuntimeError):
        importer.importeer(lees(document), door=regisseur_a)
    assert not Traject.objects.exists() and not Klant.objects.exists()
    assert not Gebeurtenis.objects.exists() and not Product.objects.exists()


# --- Per-record problems ----------------------------------------------------------------------


def analyseer_een(gebruiker, **velden) -> importer.Record:
    [record] = importer.analyseer(
        lees(met_traject(**traject(**velden))), gebruiker=gebruiker
    ).records
    return record


@pytest.mark.parametrize(
    ("velden", "verwacht"),
    [
        ({"gemeentecode": "GM9999"}, "gemeentecode: Gemeente GM9999 is onbekend in Schuldhulp."),
        ({"gemeentecode": "GM0164"}, "gemeentecode: U werkt niet voor Hengelo (GM0164)"),
        ({"aanmelding": {}}, "aanmelding.startdatum: De datum van aanmelding ontbreekt"),
        (
            {"aanmelding": {"startdatum": "2019-06-01"}},
            "had op 1 juni 2019 geen dienstverleningsafspraak",
        ),
        ({"client": []}, "client: De lijst moet minstens 1 element bevatten."),
        (
            {
                "client": [
                    {
                        "Burgerservicenummer": "123456789",
                        "Geboortedatum": "1980-05-01",
                        "Postcode": "7607AB",
                    }
                ]
            },
            "client[0].Burgerservicenummer: BSN *****789: Dit BSN bestaat niet: het voldoet niet "
            "aan de elfproef.",
        ),
        (
            {"client": [{"Burgerservicenummer": GELDIG_BSN, "Postcode": "7607AB"}]},
            "client[0].Geboortedatum: De geboortedatum ontbreekt",
        ),
        (
            {
                "client": [
                    {
                        "Burgerservicenummer": GELDIG_BSN,
                        "Geboortedatum": "1-5-1980",
                        "Postcode": "7607AB",
                    }
                ]
            },
            "client[0].Geboortedatum: '1-5-1980' is geen geldige datum",
        ),
        (
            {
                "client": [
                    {
                        "Burgerservicenummer": GELDIG_BSN,
                        "Geboortedatum": "1980-05-01",
                        "Postcode": "ABC",
                    }
                ]
            },
            "client[0].Postcode: 'ABC': Vul een geldige postcode in",
        ),
        (
            {"intake": {"startdatum": "2026-01-15"}},
            "intake.startdatum: De datum van het eerste gesprek (15 januari 2026) ligt vóór de "
            "aanmelding (1 februari 2026, aanmelding.startdatum).",
        ),
        (
            {"nazorg": {"startdatum": "2026-05-01", "einddatum": "2026-04-01"}},
            "nazorg.einddatum: De einddatum (1 april 2026) ligt vóór de startdatum (1 mei 2026).",
        ),
        (
            {"begeleiding": [{"soort": "Budgetbeheer", "startdatum": "2026-01-01"}]},
            "begeleiding: Budgetbeheer start op 1 januari 2026, vóór de aanmelding",
        ),
        ({"begeleiding": [{"soort": "Budgetbeheer"}]}, "begeleiding[0].startdatum: De startdatum"),
        ({"moratoria": [{"startdatum": "2026-03-01"}]}, "moratoria[0].datumAanvraag: De datum"),
        (
            {"schuldregeling": {"datum": "2026-05-01", "toegekend": "2026-04-01"}},
            "schuldregeling.toegekend: 1 april 2026 ligt vóór de indiening",
        ),
        (
            {"uitstroom": {"reden": "Zelf"}},
            "uitstroom.datum: Er is een reden van uitstroom, maar geen datum.",
        ),
        (
            {
                "intake": {
                    "beschikkingssoort": "Afwijzingsbeschikking",
                    "beschikkingsdatum": "2026-03-01",
                },
                "begeleiding": [{"soort": "Budgetbeheer", "startdatum": "2026-03-02"}],
            },
            "Het traject is afgewezen, maar er staan ook",
        ),
    ],
)
def test_problemen_per_record(gemeente_a, gemeente_b, regisseur_a, velden, verwacht):
    record = analyseer_een(regisseur_a, **velden)
    assert record.status == Status.FOUT
    assert any(verwacht in t for t in meldingen(record)), meldingen(record)


def test_datum_in_de_toekomst(gemeente_a, regisseur_a):
    morgen = (timezone.localdate() + timedelta(days=1)).isoformat()
    record = analyseer_een(regisseur_a, uitstroom={"datum": morgen, "reden": "Zelf"})
    assert any(
        "uitstroom.datum: De datum" in t and "ligt in de toekomst" in t for t in meldingen(record)
    )


def test_dubbel_in_het_bestand_en_twee_lopende_trajecten(gemeente_a, regisseur_a):
    document = met_traject(**traject())
    lijst = document["leveringen"][0]["schuldhulptrajecten"]
    lijst.append(copy.deepcopy(lijst[0]))
    lijst.append(traject(aanmelding={"startdatum": "2026-03-01"}))
    een, dubbel, tweede_open = importer.analyseer(lees(document), gebruiker=regisseur_a).records
    assert een.status == Status.NIEUW
    assert "staat twee keer in het bestand" in meldingen(dubbel)[0]
    assert "record 1" in meldingen(dubbel)[0]
    assert any("al een lopend traject (record 1)" in t for t in meldingen(tweede_open))


def test_klant_met_lopend_traject_in_schuldhulp(gemeente_a, regisseur_a):
    from trajecten import services

    klant = KlantFactory(gemeente=gemeente_a, bsn=GELDIG_BSN)
    services.meld_aan(
        klant=klant, door=regisseur_a, datum=d(3, 5), kanaal="wijkteam", reden_terugdatering="test"
    )
    record = analyseer_een(regisseur_a)
    assert any("heeft in Schuldhulp al een lopend traject" in t for t in meldingen(record))
    # A closed traject of the same klant may come in; it attaches to the existing klant.
    gesloten = analyseer_een(regisseur_a, uitstroom={"datum": "2026-02-20", "reden": "Zelf"})
    assert gesloten.status == Status.NIEUW
    assert gesloten.plan.klant == klant
    assert any("staat al in Schuldhulp" in str(w) for w in gesloten.waarschuwingen)


def test_klant_van_een_andere_gemeente_is_niet_zichtbaar(
    gemeente_a, gemeente_b, regisseur_a, consulent_b
):
    from trajecten import services

    klant = KlantFactory(gemeente=gemeente_b, bsn=GELDIG_BSN)
    record = analyseer_een(regisseur_a)
    assert any("bij een gemeente waarvoor u niet werkt" in t for t in meldingen(record))
    # Even the same traject in the other gemeente is not "already there" for this user.
    services.meld_aan(
        klant=klant, door=consulent_b, datum=d(2, 1), kanaal="wijkteam", reden_terugdatering="x"
    )
    record = analyseer_een(regisseur_a)
    assert record.status == Status.FOUT
    assert any("bij een gemeente waarvoor u niet werkt" in t for t in meldingen(record))
    assert not any("lopend traject" in t for t in meldingen(record))  # no dates of others
    # Each lookup is in the verwerkingenlog, with the dossier it found (ADR 0009).
    from schuldhulp.models import Auditregel

    regels = Auditregel.objects.filter(objecttype="bsn-controle", klant_id=klant.pk)
    assert regels.count() == 2 and {r.gebruiker for r in regels} == {regisseur_a}


def test_acht_cijfers_bsn_krijgt_de_voorloopnul(gemeente_a, regisseur_a):
    record = analyseer_een(
        regisseur_a,
        client=[
            {"Burgerservicenummer": "12345672", "Geboortedatum": "1980-05-01", "Postcode": "7607AB"}
        ],
    )
    assert record.bsn == "012345672"
    assert record.status == Status.NIEUW, meldingen(record)


def test_tweede_client_en_niet_opgeslagen_velden_worden_gemeld(gemeente_a, regisseur_a):
    tweede = {"Burgerservicenummer": "111222333", "Geboortedatum": "1982-01-01"}
    record = analyseer_een(
        regisseur_a,
        client=[traject()["client"][0], tweede],
        informatieEnAdvies={"startdatum": "2026-02-01"},
        oplossing={"soort": "Betalingsregeling", "startdatum": "2026-03-01", "vtlb": 1200},
        intake={
            "startdatum": "2026-02-05",
            "beschikkingssoort": "Toelatingsbeschikking",
            "beschikkingsdatum": "2026-02-20",
        },
    )
    assert record.status == Status.NIEUW, meldingen(record)
    teksten = [str(w) for w in record.waarschuwingen]
    # The partner is taken over now (issue 15): a new klant at the klant's address.
    assert record.plan.nieuwe_partner.bsn == "111222333"
    assert any("informatieEnAdvies, oplossing.vtlb" in t for t in teksten)


# --- Storage of uploads ----------------------------------------------------------------------


def test_bewaren_laden_en_opruimen(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    inhoud = als_bytes(met_traject(**traject()))
    sha = importer.bewaar(inhoud)
    pad = tmp_path / "ddas-imports" / f"{sha}.json"
    assert pad.read_bytes() == inhoud
    assert oct(pad.stat().st_mode & 0o777) == "0o600"
    assert importer.laad(sha) == inhoud
    with pytest.raises(OngeldigBestand):
        importer.laad("../../etc/passwd")
    oud = time.time() - timedelta(days=31).total_seconds()
    os.utime(pad, (oud, oud))
    assert importer.bewaar(inhoud) == sha  # uploaded again: kept another 30 days
    assert importer.laad(sha) == inhoud
    os.utime(pad, (oud, oud))
    assert importer.ruim_op() == 1
    with pytest.raises(OngeldigBestand, match="niet meer beschikbaar"):
        importer.laad(sha)


# --- The command ------------------------------------------------------------------------------


def test_commando_voorbeeld_en_bevestigen(gemeente_a, regisseur_a, tmp_path):
    pad = tmp_path / "ddas.json"
    document = met_traject(**traject())
    document["leveringen"][0]["schuldhulptrajecten"].append(traject(bsn="123456789"))
    pad.write_bytes(als_bytes(document))

    uit = io.StringIO()
    call_command("ddas_import", str(pad), stdout=uit)
    tekst = uit.getvalue()
    assert "Record 1 (levering 1, traject 1; GM0141, BSN *****782" in tekst
    assert "wordt geïmporteerd" in tekst
    assert "elfproef" in tekst
    assert "Er is niets opgeslagen" in tekst
    assert not Traject.objects.exists()

    # A lopend traject needs a behandelaar: its signaleringen must reach somebody.
    with pytest.raises(CommandError, match="Geef met --behandelaar"):
        call_command("ddas_import", str(pad), "--bevestig", stdout=io.StringIO())
    assert not Traject.objects.exists()

    uit = io.StringIO()
    with pytest.raises(CommandError) as fout:  # one record failed: exit code 2, not 0
        call_command("ddas_import", str(pad), "--bevestig", "--behandelaar", "kr_a", stdout=uit)
    assert fout.value.returncode == 2
    assert "1 trajecten geïmporteerd (1 nieuwe klanten)" in uit.getvalue()
    assert Traject.objects.get().behandelaar == regisseur_a


def test_commando_fout_bestand(tmp_path):
    pad = tmp_path / "kapot.json"
    pad.write_text("geen json")
    with pytest.raises(CommandError, match="geen geldig JSON-bestand"):
        call_command("ddas_import", str(pad), stdout=io.StringIO())
    with pytest.raises(CommandError, match="bestaat niet"):
        call_command("ddas_import", str(tmp_path / "weg.json"), stdout=io.StringIO())
