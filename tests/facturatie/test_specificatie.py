"""The specificatie as made by the monthly job: PDF and CSV with the same total, immutable,
once per month; downloads for the contract roles of the gemeente only (404 elsewhere)."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.db import DatabaseError, IntegrityError, transaction
from django.urls import reverse
from pypdf import PdfReader

from rapportage.facturatie import services, tarieven, tasks
from rapportage.facturatie.berekening import Maand
from rapportage.facturatie.models import Specificatie, SpecificatieAlGemaakt, Tarief
from schuldhulp.models import Auditregel, Rol
from tests.bouwers import GebruikerFactory
from tests.bouwers.fabrieken import AfspraakFactory
from tests.bouwers.rijen import Bouwer

OKTOBER = Maand(2026, 10)


@pytest.fixture
def gemaakt(heusden, bouw: Bouwer) -> Specificatie:
    bouw.traject(date(2026, 10, 5))
    bouw.traject(date(2026, 9, 1))
    (specificatie,) = services.maak_vorige_maand(vandaag=date(2026, 11, 1))
    return specificatie


def _csv_rijen(specificatie: Specificatie) -> list[list[str]]:
    return list(csv.reader(io.StringIO(specificatie.csv.lstrip("\ufeff")), delimiter=";"))


def test_pdf_en_csv_hebben_hetzelfde_totaal(gemaakt):
    # 1.000,00 vast + 1 × 450,00 nieuw + 2 × 45,50 trajectmaanden
    assert gemaakt.totaal_centen == 100_000 + 45_000 + 9_100
    assert (gemaakt.jaar, gemaakt.maand, gemaakt.versie) == (2026, 10, 1)
    rijen = _csv_rijen(gemaakt)
    assert rijen[-1] == ["Totaal", "", "", "", "", "1541,00"]
    bedragen = [r[5] for r in rijen[2:] if r[2] not in ("Subtotaal",) and r[0] != "Totaal"]
    assert sum(int(b.replace(",", "")) for b in bedragen if b) == gemaakt.totaal_centen
    tekst = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(bytes(gemaakt.pdf))).pages)
    assert "Specificatie oktober 2026" in tekst and "€ 1.541,00" in tekst


def test_de_maandtaak_maakt_niets_dubbel_en_een_lopende_maand_niet(gemaakt, heusden):
    assert tasks.maak_specificaties.apply(kwargs={"vandaag": "2026-11-01"}).get() == 0
    with pytest.raises(services.SpecificatieFout, match="nog niet voorbij"):
        services.maak(gemeente=heusden, maand=Maand(2026, 11), vandaag=date(2026, 11, 30))
    # Made again by hand: a new version; the first stays as it was.
    tweede = services.maak(gemeente=heusden, maand=OKTOBER, vandaag=date(2026, 11, 2))
    assert tweede.versie == 2 and tweede.totaal_centen == gemaakt.totaal_centen


def test_een_specificatie_verandert_nooit(gemaakt):
    with pytest.raises(SpecificatieAlGemaakt):
        gemaakt.save()
    with pytest.raises(DatabaseError, match="nooit gewijzigd"), transaction.atomic():
        Specificatie.objects.filter(pk=gemaakt.pk).update(totaal_centen=1)
    with pytest.raises(DatabaseError, match="nooit gewijzigd"), transaction.atomic():
        Specificatie.objects.filter(pk=gemaakt.pk).delete()


def test_prijzen_van_een_vastgestelde_afspraak_liggen_vast(heusden):
    afspraak = heusden.afspraken.get()
    with pytest.raises(DatabaseError, match="liggen vast"), transaction.atomic():
        tarieven.zet(afspraak, {tarieven.VAST: 1})
    assert tarieven.van(afspraak)[tarieven.VAST] == 100_000


def test_een_tarief_per_product_heeft_een_productsoort(heusden):
    concept = AfspraakFactory(gemeente=heusden, status="concept", geldig_van=date(2040, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Tarief.objects.create(afspraak=concept, grondslag="productmaand", bedrag_centen=1)


@pytest.mark.parametrize("soort", ["pdf", "csv"])
def test_contractmanager_downloadt_met_auditregel(client, gemaakt, heusden, soort):
    cm = GebruikerFactory(username="cm_h", rol=Rol.CONTRACTMANAGER, gemeenten=[heusden])
    client.force_login(cm)
    lijst = client.get(reverse("specificaties"))
    assert lijst.status_code == 200 and "€ 1.541,00" in lijst.content.decode()
    antwoord = client.get(reverse(f"specificatie_{soort}", args=[gemaakt.pk]))
    assert antwoord.status_code == 200
    assert antwoord["Content-Disposition"].endswith(f'specificatie-GM0797-2026-10-v1.{soort}"')
    assert Auditregel.objects.filter(
        gebruiker=cm, omschrijving=f"Document: specificatie ({soort.upper()})"
    ).exists()


def test_andere_gemeente_en_dossierrollen_krijgen_404(client, gemaakt, gemeente_a):
    anders = GebruikerFactory(username="cm_x", rol=Rol.CONTRACTMANAGER, gemeenten=[gemeente_a])
    consulent = GebruikerFactory(username="co_h", rol=Rol.CONSULENT, gemeenten=[gemaakt.gemeente])
    for gebruiker in (anders, consulent):
        client.force_login(gebruiker)
        assert client.get(reverse("specificatie_pdf", args=[gemaakt.pk])).status_code == 404
    assert client.get(reverse("specificaties")).status_code == 404
