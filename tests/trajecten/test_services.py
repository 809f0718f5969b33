"""The writes beside the phase transitions: aanmelding, products, crises, moratoria, pauses.

Each refusal says why in Dutch and leaves the traject exactly as it was.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from schuldhulp import opmaak
from tests.bouwers import (
    KlantFactory,
    aanmelden,
    dagen,
    momentopname,
    omgeving,
    stap,
    traject_in,
    vandaag,
)
from trajecten import services, stabilisatie
from trajecten.models import (
    Crisisinterventie,
    Fase,
    Gebeurtenis,
    Moratorium,
    Normbewaking,
    Opschorting,
    Product,
    Traject,
)

pytestmark = pytest.mark.django_db

TOEKOMST = "De datum ligt in de toekomst. Leg vast wat al gebeurd is."
VERLEDEN = "De datum ligt in het verleden. Geef de reden op waarom u terugdateert."


def _voor_vorige(datum) -> str:
    return (
        f"De datum ligt voor de vorige gebeurtenis ({opmaak.datum(datum)}). "
        "Kies een datum op of na die dag."
    )


def weigert(traject: Traject, bericht: str, functie, **kw) -> None:
    voor = momentopname(traject)
    with pytest.raises(services.Geweigerd, match="^" + re.escape(bericht) + "$"):
        functie(**kw)
    assert momentopname(traject) == voor


# ------------------------------------------------------------------------- aanmelding


def test_aanmelding_maakt_gebeurtenis_en_klokken():
    omg = omgeving()
    traject = aanmelden(omg, bedreigend="huisuitzetting")
    assert traject.fase == Fase.AANGEMELD and traject.crisisinterventie
    assert traject.behandelaar == omg.regisseur
    g = Gebeurtenis.objects.get(traject=traject)
    assert g.soort == "aanmelding" and g.gegevens["bedreigende_situatie"] == "huisuitzetting"
    assert traject.klokken.exists()


def test_aanmelding_weigert_verkeerde_invoer():
    omg = omgeving()
    klant = KlantFactory(gemeente=omg.gemeente)
    basis = dict(klant=klant, door=omg.regisseur, datum=vandaag(), kanaal="wijkteam")
    gevallen = [
        ({"door": omg.contractmanager}, "Met uw rol kunt u trajecten niet wijzigen."),
        ({"door": omg.ander}, "U werkt niet voor de gemeente van deze klant."),
        ({"kanaal": "postduif"}, "Kies via welk kanaal de klant is aangemeld."),
        (
            {"bedreigende_situatie": "onweer"},
            "Kies een bedreigende situatie uit de lijst, of laat het veld leeg.",
        ),
        ({"datum": vandaag() + dagen(1)}, "De aanmelddatum ligt in de toekomst."),
        (
            {"datum": vandaag() - dagen(1)},
            "De aanmelddatum ligt in het verleden. Geef de reden op.",
        ),
        (
            {"signaaldatum": vandaag()},
            "Een signaaldatum hoort alleen bij een aanmelding via vroegsignalering.",
        ),
        (
            {"kanaal": "vroegsignalering", "signaaldatum": vandaag() + dagen(1)},
            "Het signaal kan niet na de aanmelding zijn binnengekomen.",
        ),
    ]
    for extra, bericht in gevallen:
        with pytest.raises(services.Geweigerd, match="^" + re.escape(bericht) + "$"):
            services.meld_aan(**(basis | extra))
    assert not Traject.objects.filter(klant=klant).exists()
    services.meld_aan(**basis)
    with pytest.raises(services.Geweigerd, match="al een lopend traject"):
        services.meld_aan(**basis)
    assert Traject.objects.filter(klant=klant).count() == 1


def test_geen_afspraak_op_aanmelddatum():
    omg = omgeving()
    with pytest.raises(services.Geweigerd, match="geen dienstverleningsafspraak"):
        services.meld_aan(
            klant=KlantFactory(gemeente=omg.gemeente),
            door=omg.regisseur,
            datum=vandaag().replace(year=2019),
            kanaal="wijkteam",
            reden_terugdatering="archief",
        )


def test_database_houdt_een_lopend_traject_per_klant():
    """Also when two aanmeldingen pass the check at once, the constraint decides."""
    from django.db import IntegrityError, transaction

    omg = omgeving()
    traject = aanmelden(omg)
    with pytest.raises(IntegrityError), transaction.atomic():
        Traject.objects.create(
            klant=traject.klant,
            gemeente=traject.gemeente,
            afspraak=traject.afspraak,
            aanmelddatum=vandaag(),
            kanaal="wijkteam",
        )


def test_nieuw_traject_na_uitstroom_mag():
    omg = omgeving()
    oud = traject_in(omg, Fase.UITGESTROOMD)
    nieuw = aanmelden(omg, klant=oud.klant)
    assert nieuw.pk != oud.pk and nieuw.is_open


# --------------------------------------------------------------------------- products


def test_product_starten_en_beeindigen():
    omg = omgeving()
    traject = traject_in(omg, Fase.STABILISATIE)
    product = services.start_product(
        traject_id=traject.pk, soort="Budgetbeheer", door=omg.regisseur, datum=vandaag()
    )
    assert Traject.objects.get(pk=traject.pk).versie == traject.versie + 1
    services.beeindig_product(
        product_id=product.pk, door=omg.regisseur, datum=vandaag(), zelfredzaam=True
    )
    product = Product.objects.get(pk=product.pk)  # protected FSM field: no refresh_from_db
    assert product.einddatum == vandaag() and product.zelfredzaam
    soorten = list(Gebeurtenis.objects.filter(traject=traject).values_list("soort", flat=True))
    assert soorten[-2:] == ["product_gestart", "product_beeindigd"]


def test_product_weigert_verkeerde_invoer():
    omg = omgeving("basis")
    vroeg = traject_in(omg, Fase.INTAKE)
    weigert(
        vroeg,
        "Een product start pas na de toelating.",
        services.start_product,
        traject_id=vroeg.pk,
        soort="Budgetbeheer",
        door=omg.regisseur,
        datum=vandaag(),
    )
    traject = traject_in(omg, Fase.STABILISATIE, datum=vandaag() - dagen(20))
    basis = dict(traject_id=traject.pk, soort="Budgetbeheer", door=omg.regisseur)
    gevallen = [
        ({"soort": "Loterij"}, "Kies een product uit de lijst."),
        ({"datum": vandaag() + dagen(1)}, TOEKOMST),
        ({"datum": vandaag() - dagen(30), "reden_terugdatering": "x"}, _voor_vorige(vandaag())),
        (
            {"door": omg.consulent},
            "Dit doet de Stadsbank (klantregisseur): 'Producten' is in pakket 3 Basis een "
            "taak van de stadsbank.",
        ),
        ({"door": omg.beheerder}, "Met uw rol kunt u trajecten niet wijzigen."),
        (
            {"verwachte_versie": traject.versie - 1},
            "Iemand anders heeft dit traject net gewijzigd. Bekijk de nieuwe stand en "
            "probeer het zo nodig opnieuw.",
        ),
    ]
    for extra, bericht in gevallen:
        weigert(traject, bericht, services.start_product, **({"datum": vandaag()} | basis | extra))

    # A traject whose last event lies in the past: a past date needs a reason.
    oud = traject_in(omg, Fase.AANGEMELD, datum=vandaag() - dagen(20))
    services.voer_overgang_uit(
        traject_id=oud.pk,
        overgang="voer_eerste_gesprek",
        door=omg.consulent,
        datum=vandaag() - dagen(10),
        reden_terugdatering="papier",
    )
    services.voer_overgang_uit(
        traject_id=oud.pk,
        overgang="neem_toelatingsbesluit",
        door=omg.consulent,
        datum=vandaag() - dagen(5),
        reden_terugdatering="papier",
    )
    weigert(
        oud,
        VERLEDEN,
        services.start_product,
        traject_id=oud.pk,
        soort="Budgetbeheer",
        door=omg.regisseur,
        datum=vandaag() - dagen(2),
    )

    product = services.start_product(**basis, datum=vandaag())
    weigert(
        traject,
        "De einddatum ligt voor de startdatum van het product.",
        services.beeindig_product,
        product_id=product.pk,
        door=omg.regisseur,
        datum=vandaag() - dagen(1),
        reden_terugdatering="x",
    )
    weigert(
        traject,
        TOEKOMST,
        services.beeindig_product,
        product_id=product.pk,
        door=omg.regisseur,
        datum=vandaag() + dagen(1),
    )
    services.beeindig_product(product_id=product.pk, door=omg.regisseur, datum=vandaag())
    weigert(
        traject,
        "Dit product is al beëindigd.",
        services.beeindig_product,
        product_id=product.pk,
        door=omg.regisseur,
        datum=vandaag(),
    )


def test_afgesloten_traject_neemt_niets_meer_aan():
    omg = omgeving()
    traject = traject_in(omg, Fase.UITGESTROOMD)
    for functie, kw in [
        (services.start_product, {"soort": "Budgetbeheer", "datum": vandaag()}),
        (stabilisatie.registreer_crisisinterventie, {"soort": "beslag", "datum": vandaag()}),
        (stabilisatie.registreer_moratorium, {"aanvraagdatum": vandaag()}),
    ]:
        weigert(
            traject,
            "Dit traject is afgesloten.",
            functie,
            traject_id=traject.pk,
            door=omg.regisseur,
            **kw,
        )


# ---------------------------------------------------------------------------- crises


def test_crisisinterventie_en_afronding():
    omg = omgeving()
    traject = traject_in(omg, Fase.AANGEMELD)
    crisis = stabilisatie.registreer_crisisinterventie(
        traject_id=traject.pk, door=omg.regisseur, soort="afsluiting", datum=vandaag()
    )
    assert Traject.objects.get(pk=traject.pk).crisisinterventie
    stabilisatie.rond_crisisinterventie_af(
        interventie_id=crisis.pk, door=omg.regisseur, datum=vandaag(), voorkomen=True
    )
    crisis.refresh_from_db()
    assert crisis.einddatum == vandaag() and crisis.voorkomen
    weigert(
        traject,
        "Deze crisisinterventie is al afgerond.",
        stabilisatie.rond_crisisinterventie_af,
        interventie_id=crisis.pk,
        door=omg.regisseur,
        datum=vandaag(),
        voorkomen=False,
    )


def test_crisisinterventie_weigert_verkeerde_invoer():
    omg = omgeving("basis")  # acute hulp is the gemeente's task under Basis
    traject = traject_in(omg, Fase.AANGEMELD, datum=vandaag() - dagen(3))
    basis = dict(traject_id=traject.pk, door=omg.consulent, soort="beslag")
    for extra, bericht in [
        ({"soort": "storm"}, "Kies om welke bedreiging het gaat."),
        ({"datum": vandaag() + dagen(1)}, TOEKOMST),
        ({"datum": vandaag() - dagen(1)}, VERLEDEN),
        (
            {"datum": vandaag() - dagen(5), "reden_terugdatering": "x"},
            _voor_vorige(vandaag() - dagen(3)),
        ),
        (
            {"door": omg.regisseur},
            "Dit doet de gemeente (consulent): 'Acute hulp' is in pakket 3 Basis een taak van "
            "de gemeente.",
        ),
        ({"door": omg.ander_consulent}, "U werkt niet voor de gemeente van dit traject."),
    ]:
        weigert(
            traject,
            bericht,
            stabilisatie.registreer_crisisinterventie,
            **({"datum": vandaag()} | basis | extra),
        )
    crisis = stabilisatie.registreer_crisisinterventie(**basis, datum=vandaag())
    weigert(
        traject,
        TOEKOMST,
        stabilisatie.rond_crisisinterventie_af,
        interventie_id=crisis.pk,
        door=omg.consulent,
        datum=vandaag() + dagen(1),
        voorkomen=True,
    )
    assert Crisisinterventie.objects.get(pk=crisis.pk).einddatum is None


# --------------------------------------------------------------------------- moratoria


def test_moratorium_hooguit_zes_maanden():
    omg = omgeving()
    traject = aanmelden(omg, datum=vandaag() - dagen(200))
    stap(omg, traject, "voer_eerste_gesprek", datum=vandaag() - dagen(190))
    stap(omg, traject, "neem_toelatingsbesluit", datum=vandaag() - dagen(180))
    traject = Traject.objects.get(pk=traject.pk)
    start = vandaag() - dagen(100)
    basis = dict(
        traject_id=traject.pk, door=omg.regisseur, aanvraagdatum=vandaag(), startdatum=None
    )
    for extra, bericht in [
        ({"aanvraagdatum": vandaag() + dagen(1)}, TOEKOMST),
        ({"aanvraagdatum": vandaag() - dagen(1)}, VERLEDEN),
        (
            {"aanvraagdatum": vandaag() - dagen(300), "reden_terugdatering": "x"},
            _voor_vorige(vandaag() - dagen(180)),
        ),
        (
            {"einddatum": vandaag() + dagen(10)},
            "Vul eerst de startdatum in; een einddatum hoort bij een toegewezen moratorium.",
        ),
        (
            {
                "aanvraagdatum": start,
                "startdatum": start,
                "einddatum": start.replace(year=start.year + 1),
                "reden_terugdatering": "x",
            },
            "Een breed moratorium duurt hooguit 6 maanden (art. 287b Fw).",
        ),
        (
            {
                "aanvraagdatum": start,
                "startdatum": start,
                "einddatum": start - dagen(1),
                "reden_terugdatering": "x",
            },
            "De einddatum ligt voor de startdatum.",
        ),
        (
            {"aanvraagdatum": start, "startdatum": start - dagen(1), "reden_terugdatering": "x"},
            "Het moratorium kan niet starten voor de aanvraag.",
        ),
        (
            {"startdatum": vandaag() + dagen(1)},
            "De startdatum ligt in de toekomst. Leg vast wat de rechter besliste.",
        ),
    ]:
        weigert(traject, bericht, stabilisatie.registreer_moratorium, **(basis | extra))
    from dateutil.relativedelta import relativedelta

    precies = stabilisatie.registreer_moratorium(
        **basis | {"aanvraagdatum": start, "startdatum": start, "reden_terugdatering": "rechtbank"},
        einddatum=start + relativedelta(months=6),
    )
    assert Moratorium.objects.get(pk=precies.pk).goedkeuringsdatum == start


# ------------------------------------------------------------------------------ pauses


def _klok(traject: Traject, code: str) -> Normbewaking:
    return Normbewaking.objects.get(traject=traject, norm__code=code)


def test_opschorten_en_hervatten_verlengt_de_deadline():
    omg = omgeving()
    traject = aanmelden(omg, datum=vandaag() - dagen(20))
    klok = _klok(traject, "stabilisatie-rust")  # 5 weeks from aanmelding, may be paused
    oude_deadline = klok.deadline
    assert oude_deadline == vandaag() - dagen(20) + timedelta(weeks=5)
    stabilisatie.schort_klok_op(
        klok_id=klok.pk, door=omg.regisseur, van=vandaag() - dagen(10), reden="Wacht op loonstroken"
    )
    klok.refresh_from_db()
    assert klok.opgeschort
    # Paused on days -10 .. -1 and (still open) today counts as lifted today: +10 days.
    assert klok.deadline == oude_deadline + dagen(10)
    stabilisatie.hervat_klok(klok_id=klok.pk, door=omg.regisseur, tot=vandaag())
    klok.refresh_from_db()
    assert not klok.opgeschort and klok.deadline == oude_deadline + dagen(10)
    soorten = list(Gebeurtenis.objects.filter(traject=traject).values_list("soort", flat=True))
    assert soorten[-2:] == ["opschorting", "hervatting"]


def test_opschorten_weigert_verkeerde_invoer():
    omg = omgeving()
    traject = aanmelden(omg, datum=vandaag() - dagen(5))
    klok = _klok(traject, "stabilisatie-rust")
    wgs = _klok(traject, "wgs-eerste-gesprek")
    basis = dict(klok_id=klok.pk, door=omg.regisseur, van=vandaag(), reden="Wacht op papieren")
    for extra, bericht in [
        ({"reden": "   "}, "Geef de reden van de opschorting op."),
        (
            {"van": vandaag() + dagen(1)},
            "De opschorting begint op of na de start van de klok en niet in de toekomst.",
        ),
        (
            {"van": vandaag() - dagen(6)},
            "De opschorting begint op of na de start van de klok en niet in de toekomst.",
        ),
        ({"klok_id": wgs.pk}, "Deze termijn mag volgens de afspraak niet worden opgeschort."),
        ({"door": omg.ander}, "U werkt niet voor de gemeente van dit traject."),
        ({"door": omg.contractmanager}, "Met uw rol kunt u trajecten niet wijzigen."),
    ]:
        weigert(traject, bericht, stabilisatie.schort_klok_op, **(basis | extra))
    assert not Opschorting.objects.exists()
    weigert(
        traject,
        "Deze klok is niet opgeschort.",
        stabilisatie.hervat_klok,
        klok_id=klok.pk,
        door=omg.regisseur,
        tot=vandaag(),
    )
    stabilisatie.schort_klok_op(**basis)
    weigert(
        traject,
        "Deze klok is al opgeschort, gehaald of vervallen.",
        stabilisatie.schort_klok_op,
        **basis,
    )
    weigert(
        traject,
        "De hervatting ligt tussen het begin van de opschorting en vandaag.",
        stabilisatie.hervat_klok,
        klok_id=klok.pk,
        door=omg.regisseur,
        tot=vandaag() + dagen(1),
    )


def test_uitstroom_sluit_een_open_pauze_af():
    omg = omgeving()
    traject = aanmelden(omg, datum=vandaag() - dagen(5))
    klok = _klok(traject, "stabilisatie-rust")
    stabilisatie.schort_klok_op(klok_id=klok.pk, door=omg.regisseur, van=vandaag(), reden="Wacht")
    services.voer_overgang_uit(
        traject_id=traject.pk,
        overgang="sluit_af",
        door=omg.regisseur,
        datum=vandaag(),
        uitstroomreden="Ingetrokken",
    )
    klok.refresh_from_db()
    assert not klok.opgeschort and klok.vervallen


def test_markeer_gelezen():
    from trajecten.models import Signalering

    omg = omgeving()
    traject = aanmelden(omg, datum=vandaag() - dagen(40), bedreigend="beslag")
    signalering = Signalering.objects.filter(traject=traject).first()
    assert signalering is not None  # the 3-werkdagen clock was overdue at once
    services.markeer_gelezen(signalering=signalering)
    assert Signalering.objects.get(pk=signalering.pk).gelezen_op is not None
    services.markeer_gelezen(signalering=signalering, gelezen=False)
    assert Signalering.objects.get(pk=signalering.pk).gelezen_op is None
