"""Making a report: versions, never changed once klaar, all-or-nothing PDF, retry, CSV, PDF text."""

from __future__ import annotations

import hashlib
import io
from datetime import date

import pytest
from django.db import IntegrityError, transaction
from pypdf import PdfReader

from rapportage import services, weergave
from rapportage.kwartalen import Kwartaal
from rapportage.models import AlKlaar, Kwartaalrapportage
from tests.bouwers.rijen import Q2

pytestmark = pytest.mark.django_db
D = date


@pytest.fixture
def gegevens_a(bouw_a):
    t = bouw_a.traject(D(2026, 4, 1), kanaal="vroegsignalering")
    bouw_a.gebeurtenis(t, "eerste_gesprek", D(2026, 4, 15))
    bouw_a.klok(t, "wgs-eerste-gesprek", D(2026, 4, 29), gehaald_op=D(2026, 4, 15))
    bouw_a.traject(D(2026, 5, 1))
    return t


def _maak(gemeente, kwartaal=Q2) -> Kwartaalrapportage:
    aanvraag = services.vraag_aan(
        gemeente=gemeente, kwartaal=kwartaal, door=None, in_wachtrij=False
    )
    return services.maak(rapportage_id=aanvraag.pk)


def pdf_tekst(rapportage: Kwartaalrapportage) -> str:
    lezer = PdfReader(io.BytesIO(bytes(rapportage.pdf)))
    return " ".join(" ".join(pagina.extract_text().split()) for pagina in lezer.pages)


def test_rapportage_maken_slaat_pdf_checksum_en_cijfers_op(gemeente_a, gegevens_a):
    r = _maak(gemeente_a)
    assert r.status == "klaar" and r.versie == 1 and r.gemaakt_op
    assert r.checksum == hashlib.sha256(bytes(r.pdf)).hexdigest()
    assert r.cijfers["kwartalen"] == ["2025-2", "2025-3", "2025-4", "2026-1", "2026-2"]
    assert r.cijfers["figuren"]["aanmeldingen"][-1]["totaal"] == 2
    assert len(r.cijfers["figuren"]["aanmeldingen"]) == 5  # the trend
    assert r.cijfers["meta"]["pakket"] == ["1 Ontzorging (afspraak geldig sinds 1 januari 2020)"]


def test_pdf_tekst_teruggelezen(gemeente_a, gegevens_a):
    r = _maak(gemeente_a)
    tekst = pdf_tekst(r)
    for verwacht in [
        "Kwartaalrapportage schuldhulpverlening",
        "Almelo",
        "2e kwartaal 2026",
        "1 april t/m 30 juni 2026",
        "Ontzorging",
        "Wettelijke termijnen",
        "Eerste gesprek binnen 4 weken (Wgs)",
        "Doel gehaald",
        "Contractnormen",
        "Bijlage: definities",
        "Pagina 1 van",
        "2025 K2",  # trend columns
    ]:
        assert verwacht in tekst, verwacht
    aantal = len(PdfReader(io.BytesIO(bytes(r.pdf))).pages)
    assert f"Pagina {aantal} van {aantal}" in tekst


def test_geen_persoonsgegevens_in_pdf_of_csv(gemeente_a, gegevens_a):
    r = _maak(gemeente_a)
    klant = gegevens_a.klant
    for tekst in (pdf_tekst(r), weergave.als_csv(r.cijfers)):
        for persoonsgegeven in (klant.bsn, klant.achternaam, klant.postcode):
            assert persoonsgegeven not in tekst


def test_opnieuw_maken_geeft_een_nieuwe_versie_en_laat_de_oude_staan(gemeente_a, gegevens_a):
    eerste = _maak(gemeente_a)
    tweede = _maak(gemeente_a)
    assert (eerste.versie, tweede.versie) == (1, 2)
    eerste.refresh_from_db()
    assert eerste.status == "klaar"
    assert Kwartaalrapportage.objects.filter(gemeente=gemeente_a).count() == 2


def test_een_klare_rapportage_wordt_nooit_gewijzigd(gemeente_a, gegevens_a):
    r = _maak(gemeente_a)
    r.cijfers = {}
    with pytest.raises(AlKlaar):
        r.save()
    # Marking the same report 'made again' is refused too.
    Kwartaalrapportage.objects.filter(pk=r.pk).update(voortgang="x")  # raw update: no status
    assert services.maak(rapportage_id=r.pk).checksum == r.checksum


def test_database_weigert_klaar_zonder_pdf(gemeente_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        Kwartaalrapportage.objects.create(
            gemeente=gemeente_a, jaar=2026, kwartaal=2, versie=1, status="klaar"
        )


def test_versienummer_uniek_ook_voor_de_hele_stadsbank(gemeente_a):
    Kwartaalrapportage.objects.create(gemeente=None, jaar=2026, kwartaal=2, versie=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Kwartaalrapportage.objects.create(gemeente=None, jaar=2026, kwartaal=2, versie=1)


def test_fout_halverwege_de_pdf_laat_niets_half_klaar_en_een_nieuwe_poging_neemt_over(
    gemeente_a, gegevens_a, monkeypatch
):
    aanvraag = services.vraag_aan(gemeente=gemeente_a, kwartaal=Q2, door=None, in_wachtrij=False)

    def kapot(*args, **kwargs):
        raise MemoryError("worker gestopt midden in de PDF")

    monkeypatch.setattr(services, "render_to_pdf", kapot)
    with pytest.raises(MemoryError):
        services.maak(rapportage_id=aanvraag.pk)
    aanvraag.refresh_from_db()
    assert aanvraag.status == "wordt_gemaakt"
    assert aanvraag.pdf is None and aanvraag.checksum == "" and aanvraag.cijfers == {}
    assert aanvraag.voortgang == "PDF opmaken"

    # Asking again while it is 'wordt gemaakt' gives the same row (no second version).
    assert (
        services.vraag_aan(gemeente=gemeente_a, kwartaal=Q2, door=None, in_wachtrij=False)
        == aanvraag
    )

    monkeypatch.undo()
    klaar = services.maak(rapportage_id=aanvraag.pk)
    assert (klaar.pk, klaar.status, klaar.versie, klaar.pogingen) == (aanvraag.pk, "klaar", 1, 2)
    assert klaar.checksum == hashlib.sha256(bytes(klaar.pdf)).hexdigest()


def test_mislukt_na_de_laatste_poging_en_dan_een_nieuwe_versie(gemeente_a):
    aanvraag = services.vraag_aan(gemeente=gemeente_a, kwartaal=Q2, door=None, in_wachtrij=False)
    services.markeer_mislukt(rapportage_id=aanvraag.pk, fout=ValueError("kapot"), definitief=False)
    aanvraag.refresh_from_db()
    assert aanvraag.status == "wordt_gemaakt" and "opnieuw geprobeerd" in aanvraag.foutmelding
    services.markeer_mislukt(rapportage_id=aanvraag.pk, fout=ValueError("kapot"), definitief=True)
    aanvraag.refresh_from_db()
    assert aanvraag.status == "mislukt" and "ValueError" in aanvraag.foutmelding
    nieuw = services.vraag_aan(gemeente=gemeente_a, kwartaal=Q2, door=None, in_wachtrij=False)
    assert nieuw.versie == 2


def test_markeer_mislukt_raakt_een_klare_rapportage_niet(gemeente_a, gegevens_a):
    r = _maak(gemeente_a)
    services.markeer_mislukt(rapportage_id=r.pk, fout=ValueError("laat"), definitief=True)
    r.refresh_from_db()
    assert r.status == "klaar" and r.foutmelding == ""


def test_kwartaal_in_de_toekomst_of_nog_bezig_geweigerd(gemeente_a):
    with pytest.raises(services.RapportageFout, match="nog niet afgelopen"):
        services.vraag_aan(
            gemeente=gemeente_a, kwartaal=Kwartaal(2026, 4), door=None, vandaag=D(2026, 11, 23)
        )
    with pytest.raises(services.RapportageFout, match="toekomst"):
        services.vraag_aan(
            gemeente=gemeente_a, kwartaal=Kwartaal(2027, 1), door=None, vandaag=D(2026, 11, 23)
        )


def test_rol_mag_niet_aanvragen(gemeente_a, gemeente_b, regisseur_a, contractmanager_a):
    with pytest.raises(services.RapportageFout):
        services.vraag_aan(gemeente=gemeente_a, kwartaal=Q2, door=regisseur_a)
    with pytest.raises(services.RapportageFout):
        services.vraag_aan(gemeente=gemeente_b, kwartaal=Q2, door=contractmanager_a)
    with pytest.raises(services.RapportageFout):  # the Stadsbank totals: beheerder only
        services.vraag_aan(gemeente=None, kwartaal=Q2, door=contractmanager_a)


def test_kwartaaltaak_maakt_per_gemeente_en_stadsbank_en_is_idempotent(
    gemeente_a, gemeente_b, django_capture_on_commit_callbacks, monkeypatch
):
    from rapportage import tasks

    in_wachtrij: list[int] = []
    monkeypatch.setattr(tasks.maak_kwartaalrapportage, "delay", in_wachtrij.append)
    with django_capture_on_commit_callbacks(execute=True):
        nieuw = services.maak_vorig_kwartaal(vandaag=D(2026, 7, 1))
    assert {(r.gemeente_id, r.jaar, r.kwartaal) for r in nieuw} == {
        (gemeente_a.pk, 2026, 2),
        (gemeente_b.pk, 2026, 2),
        (None, 2026, 2),
    }
    assert sorted(in_wachtrij) == sorted(r.pk for r in nieuw)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.maak_vorig_kwartaal(vandaag=D(2026, 7, 1)) == []


def test_stadsbank_kop_telt_gemeenten_per_pakket(gemeente_a, gemeente_b):
    meta = services.kopgegevens(None, Q2)
    assert meta["pakket"] == ["3 Basis: 1 gemeenten", "1 Ontzorging: 1 gemeenten"]


def test_pakketwissel_binnen_het_kwartaal_op_de_omslag(gemeente_a):
    afspraak = gemeente_a.afspraken.get()
    afspraak.geldig_tot = D(2026, 5, 15)
    afspraak.save()
    gemeente_a.afspraken.create(pakket="hybride", geldig_van=D(2026, 5, 16), status="actief")
    assert services.kopgegevens(gemeente_a, Q2)["pakket"] == [
        "1 Ontzorging van 1 april 2026 t/m 15 mei 2026",
        "2 Hybride van 16 mei 2026 t/m 30 juni 2026",
    ]


def test_csv_bevat_dezelfde_cijfers_met_trend(gemeente_a, gegevens_a):
    r = _maak(gemeente_a)
    regels = weergave.als_csv(r.cijfers).splitlines()
    assert regels[1] == "onderdeel;cijfer;eenheid;2025 K2;2025 K3;2025 K4;2026 K1;2026 K2"
    assert "Aanmeldingen;Totaal;aantal;0;0;0;0;2" in regels
    assert "Aanmeldingen;Totaal – Vroegsignalering;aantal;0;0;0;0;1" in regels
    assert any(
        r.startswith("Wachttijd tot het eerste gesprek;Gemiddelde wachttijd;weken;")
        and r.endswith(";2,0")
        for r in regels
    )


def test_samenvatting_stoplicht():
    assert weergave.oordeel(80.0, 80).kleur == "groen"
    assert weergave.oordeel(70.0, 80).kleur == "oranje"
    assert weergave.oordeel(69.9, 80).kleur == "rood"
    assert weergave.oordeel(None, 80).tekst == "Geen metingen"
    assert weergave.opmaak(123456, "centen") == "€ 1.234,56"
    assert weergave.opmaak(12345, "aantal") == "12.345"
    assert weergave.opmaak(82.55, "pct") in {"82,5%", "82,6%"}
