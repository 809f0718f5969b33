"""Schuldenoverzicht: totals per status and per DDAS schuldsoort; bad input refused whole."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from klantplan import selectors, services
from klantplan.models import Schuld, Schuldeiser
from klantplan.services import Schuldgegevens
from klantplan.validatie import OngeldigeWaarde, controleer_kvk, euro_naar_centen


def _schuld(schuldeiser, oorspronkelijk, actueel, status="aangemeld", **extra):
    return Schuldgegevens(
        schuldeiser=schuldeiser,
        oorspronkelijk_bedrag_cent=oorspronkelijk,
        actueel_bedrag_cent=actueel,
        peildatum=timezone.localdate(),
        status=status,
        **extra,
    )


def test_totalen_per_status_en_soort(traject_a, regisseur_a, schuldeisers):
    for gegevens in [
        _schuld(schuldeisers["Belastingdienst"], 100_000, 120_000, "vastgesteld", beslag=True),
        _schuld(schuldeisers["CJIB"], 20_000, 35_050, "vastgesteld"),
        _schuld(schuldeisers["Vitens"], 31_000, 31_000, "saldo_opgevraagd"),
        _schuld(schuldeisers["Menzis"], 150_000, 162_525),
        _schuld(schuldeisers["Welbions"], 90_000, 0, "akkoord"),
    ]:
        services.voeg_schuld_toe(traject=traject_a, door=regisseur_a, gegevens=gegevens)

    totalen = selectors.schuldtotalen(regisseur_a, traject_a)
    assert (totalen.aantal, totalen.oorspronkelijk_cent, totalen.actueel_cent) == (
        5,
        391_000,
        348_575,
    )
    assert totalen.met_beslag == 1
    per_status = {r.code: (r.aantal, r.actueel_cent) for r in totalen.per_status}
    assert per_status == {
        "aangemeld": (1, 162_525),
        "saldo_opgevraagd": (1, 31_000),
        "vastgesteld": (2, 155_050),
        "akkoord": (1, 0),
        "afgewezen": (0, 0),
    }
    per_soort = {r.code: (r.aantal, r.actueel_cent) for r in totalen.per_soort}
    assert per_soort == {
        "Zorg": (1, 162_525),
        "Publiek": (2, 155_050),
        "Nuts": (1, 31_000),
        "Overig": (1, 0),
    }


def test_totalen_alleen_van_dit_traject(
    traject_a, traject_b, regisseur_a, consulent_b, schuldeisers
):
    services.voeg_schuld_toe(
        traject=traject_b, door=consulent_b, gegevens=_schuld(schuldeisers["CJIB"], 100, 100)
    )
    assert selectors.schuldtotalen(regisseur_a, traject_a).aantal == 0


@pytest.mark.parametrize(
    ("oorspronkelijk", "actueel", "veld", "bericht"),
    [
        (-100, 100, "oorspronkelijk_bedrag", "niet negatief"),
        (100, -1, "actueel_bedrag", "niet negatief"),
        (1_000_000_001, 100, "oorspronkelijk_bedrag", "meer dan € 10.000.000"),
        (100, None, "actueel_bedrag", "Vul het actuele bedrag in"),
    ],
)
def test_onzinnige_bedragen_geweigerd(
    traject_a, regisseur_a, schuldeisers, oorspronkelijk, actueel, veld, bericht
):
    with pytest.raises(services.Ongeldig, match=bericht) as fout:
        services.voeg_schuld_toe(
            traject=traject_a,
            door=regisseur_a,
            gegevens=_schuld(schuldeisers["CJIB"], oorspronkelijk, actueel),
        )
    assert fout.value.veld == veld
    assert not Schuld.objects.exists()


def test_peildatum_in_de_toekomst_geweigerd(traject_a, regisseur_a, schuldeisers):
    gegevens = Schuldgegevens(
        schuldeiser=schuldeisers["CJIB"],
        oorspronkelijk_bedrag_cent=100,
        actueel_bedrag_cent=100,
        peildatum=timezone.localdate() + timedelta(days=1),
    )
    with pytest.raises(services.Ongeldig, match="peildatum ligt in de toekomst"):
        services.voeg_schuld_toe(traject=traject_a, door=regisseur_a, gegevens=gegevens)
    assert not Schuld.objects.exists()


def test_database_weigert_onzinnig_bedrag(traject_a, schuldeisers):
    with pytest.raises(IntegrityError), transaction.atomic():
        Schuld.objects.create(
            traject=traject_a,
            schuldeiser=schuldeisers["CJIB"],
            oorspronkelijk_bedrag_cent=-1,
            actueel_bedrag_cent=0,
            peildatum=timezone.localdate(),
        )


def test_wijzigen_houdt_laatste_wijzigdatum_bij(traject_a, regisseur_a, schuldeisers):
    schuld = services.voeg_schuld_toe(
        traject=traject_a, door=regisseur_a, gegevens=_schuld(schuldeisers["CJIB"], 100, 100)
    )
    eerst = schuld.bijgewerkt_op
    services.wijzig_schuld(
        schuld_id=schuld.pk,
        door=regisseur_a,
        gegevens=_schuld(schuldeisers["CJIB"], 100, 80, "vastgesteld"),
    )
    schuld.refresh_from_db()
    assert schuld.actueel_bedrag_cent == 80 and schuld.bijgewerkt_op > eerst


@pytest.mark.parametrize(
    ("tekst", "centen"),
    [
        ("1.234,56", 123_456),
        ("€ 1.234,56", 123_456),
        ("1234,5", 123_450),
        ("1234.56", 123_456),
        ("1.234", 123_400),
        ("1,234.56", 123_456),
        ("12", 1_200),
        ("0", 0),
        ("10.000.000,00", 1_000_000_000),
    ],
)
def test_bedragen_lezen(tekst, centen):
    assert euro_naar_centen(tekst) == centen


@pytest.mark.parametrize(
    ("tekst", "bericht"),
    [
        ("-5", "negatief"),
        ("10.000.000,01", "10.000.000"),
        ("twaalf", "euro's"),
        ("1,234", "euro's"),
        ("", "Vul een bedrag in"),
    ],
)
def test_onzin_bedragen(tekst, bericht):
    with pytest.raises(OngeldigeWaarde, match=bericht):
        euro_naar_centen(tekst)


def test_kvk_nummer_acht_cijfers(regisseur_a):
    assert controleer_kvk("1234 5678") == "12345678"
    for fout in ("1234567", "123456789", "1234567a"):
        with pytest.raises(OngeldigeWaarde, match="8 cijfers"):
            controleer_kvk(fout)
    with pytest.raises(services.Ongeldig, match="8 cijfers") as fout:
        services.voeg_schuldeiser_toe(
            door=regisseur_a, naam="Incasso BV", soort="incasso", kvk_nummer="1234"
        )
    assert fout.value.veld == "kvk_nummer"
    eiser = services.voeg_schuldeiser_toe(
        door=regisseur_a, naam="Incasso BV", soort="incasso", kvk_nummer="12345678"
    )
    assert (eiser.schuldsoort, eiser.preferent) == ("Overig", False)
    with pytest.raises(IntegrityError), transaction.atomic():
        Schuldeiser.objects.create(naam="Fout BV", soort="overig", kvk_nummer="12ab")


def test_register_is_gezaaid_door_migratie(db):
    belastingdienst = Schuldeiser.objects.get(naam="Belastingdienst")
    assert (belastingdienst.preferent, belastingdienst.schuldsoort) == (True, "Publiek")
    soorten = set(Schuldeiser.objects.values_list("soort", flat=True))
    assert {
        "toeslagen",
        "cjib",
        "duo",
        "zorgverzekeraar",
        "energie",
        "water",
        "woningcorporatie",
        "telecom",
        "incasso",
        "deurwaarder",
    } <= soorten
