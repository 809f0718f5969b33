"""DDAS import, round 2 (issue 18): files not written by this project, read as a new user
would. Each test failed before its fix."""

from __future__ import annotations

import pytest

from rapportage.ddas import importer
from rapportage.ddas.importer import Status
from schuldhulp.models import Rol
from tests.bouwers import GebruikerFactory
from tests.bouwers.ddas import (
    GELDIG_BSN,
    als_bytes,
    d,
    met_traject,
    traject,
    voorbeeld_document,
)
from trajecten import services
from trajecten.models import Traject

pytestmark = pytest.mark.django_db

GESLOTEN = {"uitstroom": {"datum": "2026-04-01", "reden": "Afgerond"}}


def lees(document: dict) -> importer.Bestand:
    return importer.lees_bestand(als_bytes(document))


def records(gebruiker, *trajecten: dict) -> list[importer.Record]:
    document = met_traject(**trajecten[0])
    document["leveringen"][0]["schuldhulptrajecten"].extend(trajecten[1:])
    return importer.analyseer(lees(document), gebruiker=gebruiker).records


def teksten(meldingen) -> list[str]:
    return [str(m) for m in meldingen]


# --- 2. toekenningsdatum is not the toelatingsbeschikking ---------------------------------


def test_toekenningsdatum_voor_de_aanmelding_is_een_waarschuwing(gemeente_a, regisseur_a):
    [record] = records(
        regisseur_a,
        traject(
            toekenningsdatum="2026-01-15",
            intake={"startdatum": "2026-02-05"},
            **GESLOTEN,
        ),
    )
    assert record.status == Status.NIEUW, teksten(record.fouten)
    assert any(
        t.startswith("toekenningsdatum: 15 januari 2026 ligt vóór")
        for t in teksten(record.waarschuwingen)
    )
    assert record.plan.fasen.toelating is None


def test_beschikkingsdatum_gaat_voor_de_toekenningsdatum(gemeente_a, regisseur_a):
    [record] = records(
        regisseur_a,
        traject(
            toekenningsdatum="2025-12-01",
            intake={
                "startdatum": "2026-02-05",
                "beschikkingssoort": "Toelatingsbeschikking",
                "beschikkingsdatum": "2026-02-20",
            },
            **GESLOTEN,
        ),
    )
    assert record.status == Status.NIEUW, teksten(record.fouten)
    assert record.plan.fasen.toelating == d(2, 20)
    assert not any("toekenningsdatum" in t for t in teksten(record.waarschuwingen))


# --- 3. every problem in one pass ------------------------------------------------------------


def test_record_met_schemafout_wordt_ook_op_bsn_gemeente_en_datums_gecontroleerd(
    gemeente_a, regisseur_a
):
    ruw = traject(bsn="123456789", gemeentecode="GM9999", onbekend=1)
    ruw["intake"] = {"startdatum": "2026-01-15"}  # before the aanmelding
    [record] = records(regisseur_a, ruw)
    alles = teksten(record.fouten)
    assert record.status == Status.FOUT and record.plan is None
    assert any("Onbekend veld 'onbekend'" in t for t in alles)  # the schema
    assert any("elfproef" in t for t in alles)  # the BSN
    assert any(t.startswith("gemeentecode: Gemeente GM9999 is onbekend") for t in alles)
    assert any(t.startswith("intake.startdatum: De datum van het eerste gesprek") for t in alles)
    # A problem at the record's root is the record's, not the whole file's.
    assert not any("(het hele bestand)" in t for t in alles)


def test_ongeldige_datum_wordt_een_keer_gemeld(gemeente_a, regisseur_a):
    [record] = records(regisseur_a, traject(intake={"startdatum": "2026-02-30"}))
    assert sum("intake.startdatum" in t for t in teksten(record.fouten)) == 1


def test_een_gebruikte_aanmelding_blijft_aanwezig_ondanks_schemafout_niet(gemeente_a, regisseur_a):
    """A record with a schema error is never 'already there': it is an error of the file."""
    importer.importeer(lees(met_traject(**traject(**GESLOTEN))), door=regisseur_a)
    [record] = records(regisseur_a, traject(onbekend=1, **GESLOTEN))
    assert record.status == Status.FOUT


# --- 5. overlapping trajecten -----------------------------------------------------------------


def test_overlap_met_een_traject_in_schuldhulp(gemeente_a, regisseur_a):
    importer.importeer(lees(met_traject(**traject(**GESLOTEN))), door=regisseur_a)
    later = traject(aanmelding={"startdatum": "2026-02-04"}, **GESLOTEN)
    [record] = records(regisseur_a, later)
    assert record.status == Status.FOUT
    [fout] = [t for t in teksten(record.fouten) if "overlapt" in t]
    assert "in Schuldhulp, aangemeld op 1 februari 2026, tot 1 april 2026" in fout


def test_overlap_in_het_bestand_en_aansluitend_mag(gemeente_a, regisseur_a):
    eerste = traject(**GESLOTEN)
    overlappend = traject(aanmelding={"startdatum": "2026-03-01"}, **GESLOTEN)
    aansluitend = traject(aanmelding={"startdatum": "2026-04-01"})
    een, twee, drie = records(regisseur_a, eerste, overlappend, aansluitend)
    assert een.status == Status.NIEUW
    assert any("overlapt" in t and "record 1 in dit bestand" in t for t in teksten(twee.fouten))
    assert drie.status == Status.NIEUW, teksten(drie.fouten)


# --- 6. details --------------------------------------------------------------------------------


@pytest.mark.parametrize("geboortedatum", ["1880-01-01", "2026-03-01"])
def test_onmogelijke_geboortedatum(gemeente_a, regisseur_a, geboortedatum):
    ruw = traject()
    ruw["client"][0]["Geboortedatum"] = geboortedatum
    [record] = records(regisseur_a, ruw)
    assert record.status == Status.FOUT
    assert any("Geboortedatum" in t and "Controleer de datum" in t for t in teksten(record.fouten))


def test_lopend_traject_krijgt_de_importeur_als_behandelaar(gemeente_a, regisseur_a):
    importer.importeer(lees(met_traject(**traject())), door=regisseur_a)
    assert Traject.objects.get().behandelaar == regisseur_a


def test_behandelaar_moet_voor_de_gemeente_werken(gemeente_a, gemeente_b, consulent_a):
    regisseur_b = GebruikerFactory(rol=Rol.KLANTREGISSEUR, gemeenten=[gemeente_b])
    for persoon in (consulent_a, regisseur_b):
        with pytest.raises(importer.OngeldigBestand, match="kan de lopende trajecten"):
            importer.importeer(lees(met_traject(**traject())), behandelaar=persoon)
    assert not Traject.objects.exists()


def test_het_officiele_voorbeeld_met_schema_kop(gemeente_a, regisseur_a):
    document = voorbeeld_document() | {"$id": "https://example.org/x", "title": "Levering"}
    bestand = lees(document)
    assert any("$id" in f for f in bestand.bestandsfouten)
    [record] = importer.analyseer(bestand, gebruiker=regisseur_a).records
    assert any("elfproef" in t for t in teksten(record.fouten))


def test_lopend_in_schuldhulp_en_gesloten_ervoor_in_het_bestand(gemeente_a, regisseur_a, klant_a):
    klant_a.bsn = GELDIG_BSN
    klant_a.save()
    services.meld_aan(
        klant=klant_a, door=regisseur_a, datum=d(5, 1), kanaal="wijkteam", reden_terugdatering="t"
    )
    [record] = records(regisseur_a, traject(**GESLOTEN))
    assert record.status == Status.NIEUW, teksten(record.fouten)


# --- 4. re-deliveries -------------------------------------------------------------------------


def test_herlevering_met_nieuwe_feiten_wordt_aangevuld(gemeente_a, regisseur_a):
    eerste = traject(intake={"startdatum": "2026-02-05"})
    importer.importeer(lees(met_traject(**eerste)), door=regisseur_a)
    traject_ = Traject.objects.get()
    assert traject_.fase == "intake"

    tweede = traject(
        intake={
            "startdatum": "2026-02-05",
            "beschikkingssoort": "Toelatingsbeschikking",
            "beschikkingsdatum": "2026-02-20",
        },
        begeleiding=[{"soort": "Budgetbeheer", "startdatum": "2026-03-01"}],
        uitstroom={"datum": "2026-06-30", "reden": "Afgerond"},
    )
    [record] = records(regisseur_a, tweede)
    assert record.status == Status.AANVULLING, teksten(record.fouten)
    assert record.aanvulling.beschrijving() == [
        "Toelatingsbeschikking (start stabilisatie) op 20 februari 2026",
        "Product gestart (Budgetbeheer) op 1 maart 2026",
        "Uitstroom op 30 juni 2026",
    ]
    resultaat = importer.importeer(lees(met_traject(**tweede)), door=regisseur_a)
    assert len(resultaat.aangevuld) == 1 and resultaat.geimporteerd == 0
    traject_ = Traject.objects.get(pk=traject_.pk)
    assert traject_.fase == "uitgestroomd" and traject_.uitstroomreden == "Afgerond"
    assert [(g.soort, g.datum) for g in traject_.gebeurtenissen.order_by("datum", "pk")][-3:] == [
        ("toelating", d(2, 20)),
        ("product_gestart", d(3, 1)),
        ("uitstroom", d(6, 30)),
    ]
    assert traject_.producten.get().soort == "Budgetbeheer"
    # The clocks follow the new events: the beschikking came within the Awb term.
    assert traject_.klokken.get(norm__code="awb-beschikking").gehaald_op == d(2, 20)

    # Delivered a third time: nothing new, nothing doubled.
    [record] = records(regisseur_a, tweede)
    assert record.status == Status.AANWEZIG
    assert Traject.objects.count() == 1


def test_herlevering_die_het_dossier_tegenspreekt_wordt_geweigerd(gemeente_a, regisseur_a):
    importer.importeer(
        lees(met_traject(**traject(intake={"startdatum": "2026-02-05"}))), door=regisseur_a
    )
    [anders] = records(regisseur_a, traject(intake={"startdatum": "2026-02-07"}))
    assert anders.status == Status.FOUT
    assert any(
        "Eerste gesprek (start intake) op 7 februari 2026 in de levering, maar in Schuldhulp op "
        "5 februari 2026" in t
        for t in teksten(anders.fouten)
    )


def test_herlevering_van_een_afgesloten_traject_wordt_geweigerd(gemeente_a, regisseur_a):
    importer.importeer(lees(met_traject(**traject(**GESLOTEN))), door=regisseur_a)
    [record] = records(
        regisseur_a,
        traject(begeleiding=[{"soort": "Budgetcoaching", "startdatum": "2026-02-10"}], **GESLOTEN),
    )
    assert record.status == Status.FOUT
    assert any("al afgesloten" in t for t in teksten(record.fouten))


# --- 7. what is no longer lost ------------------------------------------------------------------


def test_schulden_komen_in_het_schuldenoverzicht(gemeente_a, regisseur_a):
    from klantplan.models import Schuld, Schuldeiser

    Schuldeiser.objects.get_or_create(naam="Vitens", defaults={"soort": "water"})
    ruw = traject(
        totaalSchuldbedragBijAanvangSchuld=5000,
        schulden=[
            {
                "bedrag": 1200,
                "peildatum": "2026-02-10",
                "schuldsoort": "Nuts",
                "schuldeiser": {"naam": "vitens"},
            },
            {
                "bedrag": 3000,
                "peildatum": "2026-02-11",
                "schuldsoort": "Publiek",
                "zakelijkeSchuld": True,
                "schuldeiser": {"naam": "Belastingdienst Toeslagen", "kvknummer": "27375156"},
            },
            {"bedrag": 300, "schuldsoort": "Overig", "schuldeiser": {"privepersoon": True}},
        ],
    )
    [record] = records(regisseur_a, ruw)
    assert record.status == Status.NIEUW, teksten(record.fouten)
    waarschuwingen = teksten(record.waarschuwingen)
    assert not any("Niet overgenomen" in w and "schulden" in w for w in waarschuwingen)
    assert any("wijkt af van de som van de schulden (€ 4.500,00)" in w for w in waarschuwingen)
    assert any("schulden[2].peildatum" in w for w in waarschuwingen)

    importer.importeer(lees(met_traject(**ruw)), door=regisseur_a)
    schulden = {s.schuldeiser.naam: s for s in Schuld.objects.select_related("schuldeiser")}
    assert set(schulden) == {
        "Vitens",  # the creditor already in the register, found by name
        "Belastingdienst Toeslagen",
        "Particuliere schuldeiser (naam niet geleverd)",
    }
    toeslagen = schulden["Belastingdienst Toeslagen"]
    assert toeslagen.schuldeiser.kvk_nummer == "27375156"
    assert toeslagen.schuldeiser.schuldsoort == "Publiek"
    assert (toeslagen.actueel_bedrag_cent, toeslagen.zakelijk) == (300_000, True)
    assert schulden["Particuliere schuldeiser (naam niet geleverd)"].peildatum == d(2, 1)
    assert Schuldeiser.objects.filter(naam__iexact="vitens").count() == 1


def test_een_schuld_krijgt_het_totaal_als_oorspronkelijk_bedrag(gemeente_a, regisseur_a):
    from klantplan.models import Schuld

    ruw = traject(
        totaalSchuldbedragBijAanvangSchuld=900,
        schulden=[{"bedrag": 700, "peildatum": "2026-03-01", "schuldsoort": "Zorg"}],
    )
    importer.importeer(lees(met_traject(**ruw)), door=regisseur_a)
    schuld = Schuld.objects.get()
    assert (schuld.oorspronkelijk_bedrag_cent, schuld.actueel_bedrag_cent) == (90_000, 70_000)
    assert schuld.schuldeiser.naam == "Onbekende schuldeiser (Zorg)"


def test_geleverde_datums_en_de_levering_blijven_bewaard(gemeente_a, regisseur_a):
    ruw = traject(
        startdatum="2026-01-28",
        aanmelding={"startdatum": "2026-02-01", "einddatum": "2026-02-03"},
        intake={
            "startdatum": "2026-02-05",
            "einddatum": "2026-02-25",
            "beschikkingssoort": "Toelatingsbeschikking",
            "beschikkingsdatum": "2026-02-20",
        },
    )
    importer.importeer(lees(met_traject(**ruw)), door=regisseur_a)
    gebeurtenissen = {g.soort: g.gegevens for g in Traject.objects.get().gebeurtenissen.all()}
    assert gebeurtenissen["aanmelding"]["ddas_startdatum"] == "2026-01-28"
    assert gebeurtenissen["aanmelding"]["ddas_levering"] == {
        "codeGegevensleverancier": "VORIG-SYSTEEM",
        "teller": 1,
        "organisatie": "Kredietbank Oud",
        "periode": ["2026-01-01", "2026-12-31"],
    }
    assert gebeurtenissen["eerste_gesprek"]["ddas_aanmelding_einddatum"] == "2026-02-03"
    assert gebeurtenissen["toelating"]["ddas_intake_einddatum"] == "2026-02-25"
