"""CSV import of a creditor list: checked row by row, nothing stored until every row is valid."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from klantplan import services
from klantplan.models import Schuld


def _csv(
    *regels: str,
    kop: str = "schuldeiser;kvk;oorspronkelijk bedrag;actueel bedrag;"
    "peildatum;status;zakelijk;beslag;kenmerk",
) -> bytes:
    return ("\n".join([kop, *regels]) + "\n").encode("utf-8")


def test_geldig_bestand_wordt_ingelezen(traject_a, regisseur_a, schuldeisers):
    inhoud = _csv(
        "Belastingdienst;;1.200,00;1.350,75;01-03-2026;aangemeld;nee;ja;IB-2024-118",
        "vitens;;310;310,00;2026-03-15;Saldo opgevraagd;;;KL 88213",
        "CJIB;;90,00;135,00;15/03/2026;vastgesteld;nee;nee;",
    )
    schulden = services.importeer_schulden(traject=traject_a, door=regisseur_a, inhoud=inhoud)
    assert len(schulden) == 3
    belasting = Schuld.objects.get(schuldeiser__naam="Belastingdienst")
    assert (belasting.actueel_bedrag_cent, belasting.beslag, belasting.kenmerk) == (
        135_075,
        True,
        "IB-2024-118",
    )
    assert Schuld.objects.get(schuldeiser__naam="Vitens").status == "saldo_opgevraagd"


def test_fouten_per_rij_en_niets_opgeslagen(traject_a, regisseur_a, schuldeisers):
    morgen = (timezone.localdate() + timedelta(days=1)).strftime("%d-%m-%Y")
    inhoud = _csv(
        "Belastingdienst;;1.200,00;1.350,75;01-03-2026;aangemeld;nee;ja;A1",
        "Onbekend Incasso BV;;100;100;01-03-2026;;;;",
        "CJIB;;-5;100;01-03-2026;;;;",
        f"Vitens;;310;310;{morgen};;;;",
        "Menzis;;20.000.000,00;100;31-02-2026;betaald;misschien;;",
        "Welbions;1234;100;100;01-03-2026;;;;",
    )
    with pytest.raises(services.ImportGeweigerd) as fout:
        services.importeer_schulden(traject=traject_a, door=regisseur_a, inhoud=inhoud)
    per_rij = {f.rij: " ".join(f.berichten) for f in fout.value.fouten}
    assert set(per_rij) == {3, 4, 5, 6, 7}  # row 2 is fine; the header is row 1
    assert "'Onbekend Incasso BV' staat niet in het register" in per_rij[3]
    assert "negatief" in per_rij[4]
    assert "peildatum ligt in de toekomst" in per_rij[5]
    assert "10.000.000" in per_rij[6]
    assert "geen datum" in per_rij[6]
    assert "Onbekende status 'betaald'" in per_rij[6]
    assert "'misschien' is geen ja of nee" in per_rij[6]
    assert "8 cijfers" in per_rij[7]
    assert str(fout.value) == "Er zijn 5 rijen met fouten. Er is niets opgeslagen."
    assert not Schuld.objects.exists()


def test_ontbrekende_kolommen(traject_a, regisseur_a, schuldeisers):
    with pytest.raises(services.ImportGeweigerd) as fout:
        services.importeer_schulden(
            traject=traject_a, door=regisseur_a, inhoud=_csv("CJIB;10", kop="naam;iets")
        )
    assert "actueel bedrag, peildatum ontbreken" in fout.value.fouten[0].berichten[0]


def test_komma_gescheiden_excel_bestand(traject_a, regisseur_a, schuldeisers):
    """Windows-1252 (Excel) with commas and quoted Dutch amounts."""
    inhoud = (
        'Schuldeiser,Actueel bedrag,Peildatum,Kenmerk\r\n"CJIB","1.234,50",01-02-2026,"Boete €"\r\n'
    ).encode("cp1252")
    [schuld] = services.importeer_schulden(traject=traject_a, door=regisseur_a, inhoud=inhoud)
    assert (schuld.actueel_bedrag_cent, schuld.oorspronkelijk_bedrag_cent) == (123_450, 123_450)
    assert schuld.kenmerk == "Boete €"


def test_dubbele_schuld_wordt_herkend(traject_a, regisseur_a, schuldeisers):
    regel = "CJIB;;10;10;01-03-2026;;;;K-1"
    services.importeer_schulden(traject=traject_a, door=regisseur_a, inhoud=_csv(regel))
    with pytest.raises(services.ImportGeweigerd) as fout:
        services.importeer_schulden(traject=traject_a, door=regisseur_a, inhoud=_csv(regel))
    assert "staat al in het overzicht" in fout.value.fouten[0].berichten[0]
    assert Schuld.objects.count() == 1


def test_leeg_bestand(traject_a, regisseur_a):
    with pytest.raises(services.ImportGeweigerd, match="1 rij met fouten"):
        services.importeer_schulden(traject=traject_a, door=regisseur_a, inhoud=b"")
    with pytest.raises(services.Geweigerd, match="geen schulden"):
        services.importeer_schulden(traject=traject_a, door=regisseur_a, inhoud=_csv())
