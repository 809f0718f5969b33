"""Every transition of workflow.OVERGANGEN, table-driven: per phase, per role, per package.

The expected tables below are written out by hand (from docs/domein.md §2), independent of the
package matrix code they check. A refused transition must change nothing.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from schuldhulp import opmaak
from tests.bouwers import beschikbaar, momentopname, omgeving, stap, traject_in, uitvoerder, vandaag
from tests.bouwers.trajecten import RUST_BEVESTIGD
from trajecten import services
from trajecten.models import Fase, Gebeurtenis, Traject
from trajecten.workflow import OVERGANGEN, SCHULDREGELING_STAPPEN, Schuldregelingstatus

pytestmark = pytest.mark.django_db

K, C = "regisseur", "consulent"

# Who does each transition, per package (K = klantregisseur, C = gemeente consulent).
WIE: dict[str, dict[str, str]] = {
    "ontzorging": dict.fromkeys(OVERGANGEN, K),
    "hybride-stadsbank": dict.fromkeys(OVERGANGEN, K),
    "hybride-gemeente": {
        "voer_eerste_gesprek": C,
        "neem_toelatingsbesluit": C,
        "neem_afwijzingsbesluit": C,
        "bereik_financiele_rust": K,
        "start_uitvoering": K,
        "start_nazorg": C,
        "sluit_af": C,
    },
    "basis": {
        "voer_eerste_gesprek": C,
        "neem_toelatingsbesluit": C,
        "neem_afwijzingsbesluit": C,
        "bereik_financiele_rust": C,
        "start_uitvoering": C,
        "start_nazorg": C,
        "sluit_af": C,
    },
    "basis-opmaat-stadsbank": {
        "voer_eerste_gesprek": C,
        "neem_toelatingsbesluit": C,
        "neem_afwijzingsbesluit": C,
        "bereik_financiele_rust": C,
        "start_uitvoering": C,
        "start_nazorg": K,
        "sluit_af": C,
    },
}

# The phases each transition starts from (journey order), written out by hand.
VAN: dict[str, set[Fase]] = {
    "voer_eerste_gesprek": {Fase.AANGEMELD},
    "neem_toelatingsbesluit": {Fase.INTAKE},
    "neem_afwijzingsbesluit": {Fase.INTAKE},
    "bereik_financiele_rust": {Fase.STABILISATIE},
    "start_uitvoering": {Fase.FINANCIELE_RUST},
    "start_nazorg": {Fase.UITVOERING},
    "sluit_af": set(Fase) - {Fase.UITGESTROOMD},
}
NAAR = {
    "voer_eerste_gesprek": Fase.INTAKE,
    "neem_toelatingsbesluit": Fase.STABILISATIE,
    "neem_afwijzingsbesluit": Fase.UITGESTROOMD,
    "bereik_financiele_rust": Fase.FINANCIELE_RUST,
    "start_uitvoering": Fase.UITVOERING,
    "start_nazorg": Fase.NAZORG,
    "sluit_af": Fase.UITGESTROOMD,
}
TAAKNAAM = {
    "voer_eerste_gesprek": "Informatie verzamelen",
    "neem_toelatingsbesluit": "Wgs-beschikking met plan op hoofdlijnen",
    "neem_afwijzingsbesluit": "Wgs-beschikking met plan op hoofdlijnen",
    "bereik_financiele_rust": "Acute hulp",
    "start_uitvoering": "Regie op resultaat",
    "start_nazorg": "Opmaat tot uitstroom",
    "sluit_af": "Exitgesprek",
}
PAKKETNAAM = {
    "ontzorging": "1 Ontzorging",
    "hybride-stadsbank": "2 Hybride",
    "hybride-gemeente": "2 Hybride",
    "basis": "3 Basis",
    "basis-opmaat-stadsbank": "3 Basis",
}


def test_tabellen_dekken_alle_overgangen():
    assert set(VAN) == set(OVERGANGEN) == set(NAAR)
    for naam, overgang in OVERGANGEN.items():
        assert set(overgang.bron) == VAN[naam]
        assert overgang.doel == NAAR[naam]


def _probeer(traject: Traject, naam: str, door, **kw) -> Traject:
    return services.voer_overgang_uit(
        traject_id=traject.pk,
        overgang=naam,
        door=door,
        datum=vandaag(),
        uitstroomreden=kw.pop(
            "uitstroomreden", "Zelf" if naam in {"sluit_af", "neem_afwijzingsbesluit"} else ""
        ),
        controlelijst=kw.pop("controlelijst", RUST_BEVESTIGD),
        **kw,
    )


def _geweigerd(traject: Traject, naam: str, door, bericht: str, **kw) -> None:
    voor = momentopname(traject)
    with pytest.raises(services.Geweigerd) as fout:
        _probeer(traject, naam, door, **kw)
    assert str(fout.value) == bericht
    assert momentopname(traject) == voor


# ---------------------------------------------------------------------- per phase


@pytest.mark.parametrize("fase", list(Fase))
@pytest.mark.parametrize("naam", list(OVERGANGEN))
def test_overgang_per_fase(naam: str, fase: Fase):
    omg = omgeving("ontzorging")
    traject = traject_in(omg, fase)
    door = omg.regisseur
    if fase not in VAN[naam]:
        _geweigerd(traject, naam, door, f"Dit kan niet in fase '{fase.label}'.")
        assert naam not in {o.naam for o in beschikbaar(traject, door)}
        return
    if naam == "start_uitvoering":  # needs a running product first
        _geweigerd(
            traject,
            naam,
            door,
            "Start eerst een product (bijvoorbeeld budgetbeheer of schuldbemiddeling).",
        )
        services.start_product(
            traject_id=traject.pk, soort="Budgetbeheer", door=door, datum=vandaag()
        )
    if naam in {"start_nazorg", "sluit_af"} and traject.producten.filter(einddatum=None):
        _geweigerd(traject, naam, door, "Er loopt nog een product. Beëindig eerst alle producten.")
        for product in traject.producten.filter(einddatum=None):
            services.beeindig_product(product_id=product.pk, door=door, datum=vandaag())
    traject = Traject.objects.get(pk=traject.pk)
    assert naam in {o.naam for o in beschikbaar(traject, door)}
    voor = momentopname(traject)
    na = _probeer(traject, naam, door, verwachte_versie=traject.versie)
    assert na.fase == NAAR[naam]
    assert na.versie == voor[1] + 1
    laatste = Gebeurtenis.objects.filter(traject=traject).latest("pk")
    assert laatste.soort == OVERGANGEN[naam].gebeurtenis
    assert (laatste.van_fase, laatste.naar_fase) == (fase, NAAR[naam])
    assert laatste.door == door
    if OVERGANGEN[naam].uitstroomreden:
        assert na.uitstroomreden == "Zelf"


# ------------------------------------------------------------ per role and package


@pytest.mark.parametrize("pakket", list(WIE))
@pytest.mark.parametrize("naam", list(OVERGANGEN))
def test_overgang_per_rol_en_pakket(naam: str, pakket: str):
    omg = omgeving(pakket)
    bronfase = next(f for f in Fase if f in VAN[naam])
    traject = traject_in(omg, bronfase)
    if naam == "start_uitvoering":
        services.start_product(
            traject_id=traject.pk, soort="Budgetbeheer", door=omg.regisseur, datum=vandaag()
        )
    for product in traject.producten.filter(einddatum=None).exclude(soort="Budgetbeheer"):
        services.beeindig_product(product_id=product.pk, door=omg.regisseur, datum=vandaag())
    traject = Traject.objects.get(pk=traject.pk)
    wie = WIE[pakket][naam]
    niet = C if wie == K else K
    # the message names the side that DOES the task
    wie_tekst = "de Stadsbank (klantregisseur)" if wie == K else "de gemeente (consulent)"
    partij = "stadsbank" if wie == K else "gemeente"
    geen_rol = "Met uw rol kunt u trajecten niet wijzigen."
    for rol, bericht in [
        ("contractmanager", geen_rol),
        ("beheerder", geen_rol),
        ("ander", "U werkt niet voor de gemeente van dit traject."),
        ("ander_consulent", "U werkt niet voor de gemeente van dit traject."),
        (
            niet,
            f"Dit doet {wie_tekst}: '{TAAKNAAM[naam]}' is in pakket {PAKKETNAAM[pakket]} "
            f"een taak van de {partij}.",
        ),
    ]:
        gebruiker = omg.rol(rol)
        _geweigerd(traject, naam, gebruiker, bericht)
        assert beschikbaar(traject, gebruiker) == [] or naam not in {
            o.naam for o in beschikbaar(traject, gebruiker)
        }
    assert uitvoerder(omg, naam, traject) == omg.rol(wie)
    na = _probeer(traject, naam, omg.rol(wie))
    assert na.fase == NAAR[naam]


def test_basis_consulent_neemt_beschikking_ontzorging_de_regisseur():
    """The example of the issue, spelled out."""
    basis, ontzorging = omgeving("basis"), omgeving("ontzorging")
    tb, to = traject_in(basis, Fase.INTAKE), traject_in(ontzorging, Fase.INTAKE)
    _geweigerd(
        tb,
        "neem_toelatingsbesluit",
        basis.regisseur,
        "Dit doet de gemeente (consulent): 'Wgs-beschikking met plan op hoofdlijnen' is in "
        "pakket 3 Basis een taak van de gemeente.",
    )
    assert _probeer(tb, "neem_toelatingsbesluit", basis.consulent).fase == Fase.STABILISATIE
    _geweigerd(
        to,
        "neem_toelatingsbesluit",
        ontzorging.consulent,
        "Dit doet de Stadsbank (klantregisseur): 'Wgs-beschikking met plan op hoofdlijnen' is "
        "in pakket 1 Ontzorging een taak van de stadsbank.",
    )
    assert _probeer(to, "neem_toelatingsbesluit", ontzorging.regisseur).fase == Fase.STABILISATIE


def test_takenverdeling_van_aanmelding_blijft_na_pakketwissel():
    """A traject keeps the agreement in force when it started (Hengelo: Hybride → Basis)."""
    from schuldhulp.models import Dienstverleningsafspraak

    omg = omgeving("hybride-stadsbank")
    traject = traject_in(omg, Fase.INTAKE)
    afspraak = Dienstverleningsafspraak.objects.get(gemeente=omg.gemeente)
    afspraak.geldig_tot = vandaag()
    afspraak.save()
    Dienstverleningsafspraak.objects.create(
        gemeente=omg.gemeente,
        pakket="basis",
        geldig_van=vandaag() + timedelta(days=1),
        status="vastgesteld",
    )
    assert _probeer(traject, "neem_toelatingsbesluit", omg.regisseur).fase == Fase.STABILISATIE


# ----------------------------------------------------------------- other refusals


def test_onbekende_stap_verouderde_versie_en_ontbrekende_uitstroomreden():
    omg = omgeving()
    traject = traject_in(omg, Fase.INTAKE)
    _geweigerd(traject, "vlieg_weg", omg.regisseur, "Onbekende stap.")
    _geweigerd(
        traject,
        "voer_eerste_gesprek",
        omg.regisseur,
        "Dit kan niet in fase 'Eerste gesprek en intake'.",
    )
    _geweigerd(
        traject,
        "neem_toelatingsbesluit",
        omg.regisseur,
        "Iemand anders heeft dit traject net gewijzigd. Bekijk de nieuwe stand en probeer "
        "het zo nodig opnieuw.",
        verwachte_versie=traject.versie - 1,
    )
    for reden in ["", "Weet ik veel"]:
        _geweigerd(
            traject,
            "neem_afwijzingsbesluit",
            omg.regisseur,
            "Kies een reden van uitstroom.",
            uitstroomreden=reden,
        )


def test_datumregels_bij_een_overgang():
    omg = omgeving()
    traject = traject_in(omg, Fase.AANGEMELD)
    morgen = vandaag() + timedelta(days=1)
    gisteren = vandaag() - timedelta(days=1)
    voor = momentopname(traject)
    for datum, reden, bericht in [
        (morgen, "", "De datum ligt in de toekomst. Leg vast wat al gebeurd is."),
        (
            gisteren,
            "vergeten",
            f"De datum ligt voor de vorige gebeurtenis ({opmaak.datum(vandaag())}). "
            "Kies een datum op of na die dag.",
        ),
    ]:
        with pytest.raises(services.Geweigerd, match="^" + re.escape(bericht) + "$"):
            services.voer_overgang_uit(
                traject_id=traject.pk,
                overgang="voer_eerste_gesprek",
                door=omg.regisseur,
                datum=datum,
                reden_terugdatering=reden,
            )
    assert momentopname(traject) == voor


def test_terugdateren_vraagt_een_reden():
    omg = omgeving()
    traject = traject_in(omg, Fase.AANGEMELD, datum=vandaag() - timedelta(days=10))
    voor = momentopname(traject)
    with pytest.raises(
        services.Geweigerd,
        match=r"^De datum ligt in het verleden\. Geef de reden op waarom u terugdateert\.$",
    ):
        services.voer_overgang_uit(
            traject_id=traject.pk,
            overgang="voer_eerste_gesprek",
            door=omg.regisseur,
            datum=vandaag() - timedelta(days=3),
            reden_terugdatering="  ",
        )
    assert momentopname(traject) == voor
    na = stap(omg, traject, "voer_eerste_gesprek", datum=vandaag() - timedelta(days=3))
    assert Gebeurtenis.objects.filter(traject=na).latest("pk").reden_terugdatering


def test_uitgestroomd_is_eindfase():
    omg = omgeving()
    traject = traject_in(omg, Fase.UITGESTROOMD)
    assert beschikbaar(traject, omg.regisseur) == []
    assert not traject.is_open


# ------------------------------------------------------------------ schuldregeling

S = Schuldregelingstatus
# status → steps allowed from there, by hand.
MAG_VANUIT: dict[S, set[str]] = {
    S.IN_VOORBEREIDING: {"dien_in", "trek_in"},
    S.INGEDIEND: {"ken_toe", "wijs_af", "trek_in"},
    S.AFGEWEZEN: {"verzoek_dwangakkoord"},
    S.DWANGAKKOORD_VERZOCHT: {"dwangakkoord_toegewezen", "dwangakkoord_afgewezen"},
    S.TOEGEKEND: set(),
    S.INGETROKKEN: set(),
    S.DWANGAKKOORD: set(),
}
NA_STAP = {
    "dien_in": S.INGEDIEND,
    "ken_toe": S.TOEGEKEND,
    "wijs_af": S.AFGEWEZEN,
    "trek_in": S.INGETROKKEN,
    "verzoek_dwangakkoord": S.DWANGAKKOORD_VERZOCHT,
    "dwangakkoord_toegewezen": S.DWANGAKKOORD,
    "dwangakkoord_afgewezen": S.AFGEWEZEN,
}


def test_schuldregelingtabel_klopt_met_code():
    for stapnaam, h in SCHULDREGELING_STAPPEN.items():
        bron, doel = h.bron, h.doel
        assert {s for s in S if stapnaam in MAG_VANUIT[s]} == set(bron)
        assert NA_STAP[stapnaam] == doel


@pytest.mark.parametrize("status", list(S))
def test_schuldregelingstappen_per_status(status: S):
    from trajecten.models import Product

    omg = omgeving()
    traject = traject_in(omg, Fase.STABILISATIE)
    product = services.start_product(
        traject_id=traject.pk, soort="Schuldbemiddeling", door=omg.regisseur, datum=vandaag()
    )
    for stapnaam in SCHULDREGELING_STAPPEN:
        Product.objects.filter(pk=product.pk).update(schuldregeling_status=status)
        voor = momentopname(traject)
        if stapnaam in MAG_VANUIT[status]:
            na = services.schuldregeling_stap(
                product_id=product.pk, stap=stapnaam, door=omg.regisseur, datum=vandaag()
            )
            assert na.schuldregeling_status == NA_STAP[stapnaam]
            g = Gebeurtenis.objects.filter(traject=traject).latest("pk")
            assert (g.soort, g.gegevens["stap"], g.gegevens["status"]) == (
                "schuldregeling",
                stapnaam,
                NA_STAP[stapnaam],
            )
        else:
            with pytest.raises(services.Geweigerd) as fout:
                services.schuldregeling_stap(
                    product_id=product.pk, stap=stapnaam, door=omg.regisseur, datum=vandaag()
                )
            assert str(fout.value) == f"Deze stap kan niet vanuit '{status.label}'."
            assert momentopname(traject) == voor
            assert Product.objects.get(pk=product.pk).schuldregeling_status == status


def test_schuldregeling_weigert_verkeerde_invoer():
    omg = omgeving("basis")
    traject = traject_in(omg, Fase.STABILISATIE)
    budget = services.start_product(
        traject_id=traject.pk, soort="Budgetbeheer", door=omg.regisseur, datum=vandaag()
    )
    regeling = services.start_product(
        traject_id=traject.pk, soort="Schuldbemiddeling", door=omg.regisseur, datum=vandaag()
    )
    voor = momentopname(traject)
    gevallen = [
        (regeling, "vlieg", omg.regisseur, "Onbekende stap in de schuldregeling."),
        (budget, "dien_in", omg.regisseur, "Alleen een schuldbemiddeling kent deze stappen."),
        (
            regeling,
            "dien_in",
            omg.consulent,  # products are the Stadsbank's, also under Basis
            "Dit doet de Stadsbank (klantregisseur): 'Producten' is in pakket 3 Basis een "
            "taak van de stadsbank.",
        ),
        (regeling, "dien_in", omg.ander, "U werkt niet voor de gemeente van dit traject."),
    ]
    for product, stapnaam, door, bericht in gevallen:
        with pytest.raises(services.Geweigerd) as fout:
            services.schuldregeling_stap(
                product_id=product.pk, stap=stapnaam, door=door, datum=vandaag()
            )
        assert str(fout.value) == bericht
    assert momentopname(traject) == voor


# ----------------------------------------------------------------- the state graph


def _graaf(*args: str) -> str:
    from io import StringIO

    from django.core.management import call_command

    uit = StringIO()
    call_command("traject_graaf", *args, stdout=uit)
    return uit.getvalue()


def test_traject_graaf_mermaid_bevat_elke_overgang():
    tekst = _graaf()
    regels = tekst.splitlines()
    assert regels[0] == "stateDiagram-v2"
    for naam, overgang in OVERGANGEN.items():
        for bron in VAN[naam]:
            assert any(
                r.strip().startswith(f"{bron.value} --> {NAAR[naam].value}: {overgang.knop} · ")
                for r in regels
            ), (naam, bron)
    assert "aangemeld --> intake: Eerste gesprek vastleggen · Informatie verzamelen S/O/G" in tekst
    assert "mits een lopend product" in tekst and "mits geen lopend product" in tekst
    for stapnaam, h in SCHULDREGELING_STAPPEN.items():
        knop, bronnen, doel = h.knop, h.bron, h.doel
        for bron in bronnen:
            assert f"sr_{bron.value} --> sr_{doel.value}: {knop} ({stapnaam})" in tekst
    # every state is declared once, with its Dutch label
    assert (
        sum(r.strip().startswith("state ") for r in regels)
        == len(Fase) + len(Schuldregelingstatus) + 1
    )
    assert tekst.count("{") == tekst.count("}") == 1


def test_traject_graaf_dot():
    tekst = _graaf("--dot")
    assert tekst.startswith("digraph traject {") and tekst.rstrip().endswith("}")
    randen = sum(len(o.bron) for o in OVERGANGEN.values()) + sum(
        len(h.bron) for h in SCHULDREGELING_STAPPEN.values()
    )
    assert tekst.count(" -> ") == randen + 2  # plus start and end
    assert 'intake -> stabilisatie [label="Toelating vastleggen · ' in tekst
