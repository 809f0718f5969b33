"""Maatwerk per traject (trajecten/pakket/services/maatwerk.py): the klantregisseur proposes
op- or afschalen, the gemeente consulent decides, and the gate follows for that one traject
from the maatwerk's date; a task the agreement leaves "in overleg" is settled per traject.
"""

from __future__ import annotations

import pytest

from klantplan.models import Monitoringmoment
from schuldhulp.afspraken import Overgangsregeling as R
from schuldhulp.pakketten import Partij, Taak
from schuldhulp.permissions import mag
from tests.bouwers import (
    O_TAKEN,
    Omgeving,
    dagen,
    momentopname,
    omgeving,
    probeer,
    traject_in,
    vandaag,
)
from trajecten import services
from trajecten.models import Fase, Gebeurtenis, Gebeurtenissoort, Traject
from trajecten.pakket.models import Maatwerk
from trajecten.pakket.services import afspraken, maatwerk
from trajecten.pakket.workflow import Maatwerksoort, Maatwerkstatus
from trajecten.services import Geweigerd

pytestmark = pytest.mark.django_db

IV = Taak.INFORMATIE_VERZAMELEN  # G in Basis; the task of the first conversation
EERSTE_GESPREK = "voer_eerste_gesprek"
M = Maatwerkstatus
NIET_JOUW = "U werkt niet voor de gemeente van dit traject."


@pytest.fixture
def omg() -> Omgeving:
    return omgeving("basis")


@pytest.fixture
def traject(omg) -> Traject:
    return traject_in(omg, Fase.AANGEMELD)


def vers(obj):
    return type(obj).objects.get(pk=obj.pk)


def voorstel(omg, traject, *, door=None, soort="opschalen", taken=(IV,), van=0, **kw):
    """A proposal from `van` days from today, for 90 days unless `tot` or evaluatie_op."""
    begin = vandaag() + dagen(van)
    if "tot" not in kw and "evaluatie_op" not in kw:
        kw["tot"] = begin + dagen(90)
    return maatwerk.stel_voor(
        door=door or omg.regisseur,
        traject_id=traject.pk,
        soort=soort,
        taken=[str(t) for t in taken],
        van=begin,
        reden=kw.pop("reden", "Klant raakt het overzicht kwijt"),
        **kw,
    )


def goedgekeurd(omg, traject, **kw) -> Maatwerk:
    voorstel_ = voorstel(omg, traject, **kw)
    return maatwerk.beoordeel(door=omg.consulent, maatwerk_id=voorstel_.pk, goedkeuren=True)


def eerste_gesprek(traject, door):
    return services.voer_overgang_uit(
        traject_id=traject.pk, overgang=EERSTE_GESPREK, door=door, datum=vandaag()
    )


# --- Propose, approve: the gate follows -----------------------------------------------------


def test_opschalen_voorstellen_en_goedkeuren(omg, traject):
    versie = traject.versie
    voorgesteld = voorstel(omg, traject, reden="  Klant is het overzicht kwijt  ")
    m = vers(voorgesteld)
    assert (m.status, m.soort, m.partij, m.taken) == (
        M.VOORGESTELD,
        Maatwerksoort.OPSCHALEN,
        Partij.STADSBANK,
        [IV],
    )
    assert (m.voorgesteld_door, m.reden) == (omg.regisseur, "Klant is het overzicht kwijt")
    assert vers(traject).versie == versie + 1
    # Proposed is not approved: the gemeente still does it.
    assert mag(omg.consulent, EERSTE_GESPREK, vers(traject)) is None
    assert mag(omg.regisseur, EERSTE_GESPREK, vers(traject)).startswith("Dit doet de gemeente")

    maatwerk.beoordeel(
        door=omg.consulent, maatwerk_id=m.pk, goedkeuren=True, toelichting=" Akkoord "
    )
    m = vers(m)
    assert (m.status, m.beoordeeld_door, m.besluit) == (M.GOEDGEKEURD, omg.consulent, "Akkoord")
    assert m.beoordeeld_op is not None
    t = vers(traject)
    assert t.uitvoerder(IV) == Partij.STADSBANK
    assert t.uitvoerder(Taak.SCHULDENOVERZICHT) == Partij.GEMEENTE  # only the named task
    assert mag(omg.regisseur, EERSTE_GESPREK, t) is None
    assert mag(omg.consulent, EERSTE_GESPREK, t).startswith("Dit doet de Stadsbank")
    assert probeer(lambda: eerste_gesprek(t, omg.consulent)).startswith("Dit doet de Stadsbank")
    assert probeer(lambda: eerste_gesprek(t, omg.regisseur)) is None

    rijen = Gebeurtenis.objects.filter(traject=traject, soort=Gebeurtenissoort.MAATWERK)
    assert [(g.door, g.gegevens["stap"]) for g in rijen.order_by("pk")] == [
        (omg.regisseur, "voorgesteld"),
        (omg.consulent, M.GOEDGEKEURD),
    ]
    assert all(g.gegevens["maatwerk"] == m.pk for g in rijen)
    assert vers(traject).versie == versie + 2


def test_maatwerk_geldt_vanaf_zijn_datum_tot_zijn_einde(omg, traject):
    goedgekeurd(omg, traject, van=7, tot=vandaag() + dagen(30))
    t = vers(traject)
    assert t.uitvoerder(IV, vandaag() + dagen(6)) == Partij.GEMEENTE
    assert t.uitvoerder(IV, vandaag() + dagen(7)) == Partij.STADSBANK
    assert t.uitvoerder(IV, vandaag() + dagen(30)) == Partij.STADSBANK
    assert t.uitvoerder(IV, vandaag() + dagen(31)) == Partij.GEMEENTE
    assert mag(omg.consulent, EERSTE_GESPREK, t) is None  # not yet today


def test_afschalen_na_opschalen_de_laatste_wint(omg, traject):
    goedgekeurd(omg, traject)
    assert vers(traject).uitvoerder(IV) == Partij.STADSBANK
    m = goedgekeurd(omg, traject, soort="afschalen", van=1, evaluatie_op=vandaag() + dagen(60))
    assert (m.partij, m.tot) == (Partij.GEMEENTE, None)
    t = vers(traject)
    assert t.uitvoerder(IV) == Partij.STADSBANK
    assert t.uitvoerder(IV, vandaag() + dagen(1)) == Partij.GEMEENTE


def test_afwijzen_vraagt_een_reden(omg, traject):
    m = voorstel(omg, traject)
    with pytest.raises(Geweigerd, match="Geef de reden op waarom u het maatwerk afwijst"):
        maatwerk.beoordeel(door=omg.consulent, maatwerk_id=m.pk, goedkeuren=False)
    assert vers(m).status == M.VOORGESTELD
    maatwerk.beoordeel(
        door=omg.consulent, maatwerk_id=m.pk, goedkeuren=False, toelichting="Past niet"
    )
    m = vers(m)
    assert (m.status, m.besluit, m.beoordeeld_door) == (M.AFGEWEZEN, "Past niet", omg.consulent)
    assert vers(traject).uitvoerder(IV) == Partij.GEMEENTE


def test_intrekken_door_de_klantregisseur(omg, traject):
    m = voorstel(omg, traject)
    maatwerk.trek_in(door=omg.regisseur, maatwerk_id=m.pk, toelichting="Gaat weer goed")
    assert vers(m).status == M.INGETROKKEN
    assert vers(traject).uitvoerder(IV) == Partij.GEMEENTE
    # Decided or withdrawn: no further step.
    with pytest.raises(Geweigerd, match="Dit kan niet bij maatwerk met status 'Ingetrokken'"):
        maatwerk.beoordeel(door=omg.consulent, maatwerk_id=m.pk, goedkeuren=True)


def test_beeindigen_vraagt_een_reden_en_stopt_na_vandaag(omg, traject):
    m = goedgekeurd(omg, traject)
    with pytest.raises(Geweigerd, match="Geef de reden op waarom het maatwerk stopt"):
        maatwerk.beeindig(door=omg.consulent, maatwerk_id=m.pk, reden=" ")
    maatwerk.beeindig(door=omg.regisseur, maatwerk_id=m.pk, reden="Doel gehaald")
    m = vers(m)
    assert (m.status, m.tot) == (M.BEEINDIGD, vandaag())
    t = vers(traject)
    assert t.uitvoerder(IV) == Partij.STADSBANK  # today it still applied
    assert t.uitvoerder(IV, vandaag() + dagen(1)) == Partij.GEMEENTE


def test_beeindigen_voor_de_start_geldt_op_geen_enkele_dag(omg, traject):
    m = goedgekeurd(omg, traject, van=10)
    maatwerk.beeindig(door=omg.consulent, maatwerk_id=m.pk, reden="Toch niet nodig")
    assert vers(m).tot is None
    t = vers(traject)
    assert {t.uitvoerder(IV, vandaag() + dagen(n)) for n in (0, 10, 50)} == {Partij.GEMEENTE}


def test_beeindigen_van_verlopen_maatwerk_verlengt_het_niet(omg, traject):
    m = goedgekeurd(omg, traject)
    einde = vandaag() - dagen(30)
    Maatwerk.objects.filter(pk=m.pk).update(van=vandaag() - dagen(60), tot=einde)
    maatwerk.beeindig(door=omg.consulent, maatwerk_id=m.pk, reden="Opruimen")
    assert vers(m).tot == einde
    assert vers(traject).uitvoerder(IV) == Partij.GEMEENTE


def test_beeindigen_kan_ook_na_uitstroom(omg):
    traject = traject_in(omg, Fase.STABILISATIE)
    m = goedgekeurd(omg, traject, taken=(Taak.EXITGESPREK,))
    services.voer_overgang_uit(
        traject_id=traject.pk,
        overgang="sluit_af",
        door=omg.regisseur,  # the exitgesprek is the Stadsbank's now
        datum=vandaag(),
        uitstroomreden="Zelf",
    )
    with pytest.raises(Geweigerd, match="Dit traject is afgesloten"):
        voorstel(omg, vers(traject), taken=(Taak.EXTRA_GESPREK,))
    maatwerk.beeindig(door=omg.consulent, maatwerk_id=m.pk, reden="Traject gesloten")
    assert vers(m).status == M.BEEINDIGD


# --- Who may: each step × role ---------------------------------------------------------------

ROLLEN = ["regisseur", "consulent", "contractmanager", "beheerder", "ander", "ander_consulent"]
VOORSTELLEN = "Alleen de klantregisseur stelt maatwerk voor; de gemeente beslist."
BETAALT = "Alleen de gemeente (consulent) beslist over maatwerk: de gemeente betaalt het."
INTREKKEN = "Alleen de klantregisseur trekt een voorstel voor maatwerk in."
GEEN_DOSSIER = "Met uw rol kunt u trajecten niet wijzigen."
# handeling → (status of the maatwerk it acts on, expected answer per role)
STAPPEN = {
    "maatwerk.voorstellen": (
        None,
        {"regisseur": None, "consulent": VOORSTELLEN, "ander": NIET_JOUW},
        VOORSTELLEN,
    ),
    "maatwerk.goedkeuren": (
        M.VOORGESTELD,
        {"consulent": None, "ander_consulent": NIET_JOUW},
        BETAALT,
    ),
    "maatwerk.afwijzen": (
        M.VOORGESTELD,
        {"consulent": None, "ander_consulent": NIET_JOUW},
        BETAALT,
    ),
    "maatwerk.intrekken": (M.VOORGESTELD, {"regisseur": None, "ander": NIET_JOUW}, INTREKKEN),
    "maatwerk.beeindigen": (
        M.GOEDGEKEURD,
        {"regisseur": None, "consulent": None, "ander": NIET_JOUW, "ander_consulent": NIET_JOUW},
        GEEN_DOSSIER,
    ),
}


def _schrijf(naam: str, omg, traject, m):
    if naam == "maatwerk.voorstellen":
        return lambda door: voorstel(omg, traject, door=door)
    if naam in ("maatwerk.goedkeuren", "maatwerk.afwijzen"):
        return lambda door: maatwerk.beoordeel(
            door=door,
            maatwerk_id=m.pk,
            goedkeuren=naam == "maatwerk.goedkeuren",
            toelichting="Besluit",
        )
    if naam == "maatwerk.intrekken":
        return lambda door: maatwerk.trek_in(door=door, maatwerk_id=m.pk)
    return lambda door: maatwerk.beeindig(door=door, maatwerk_id=m.pk, reden="Klaar")


@pytest.mark.parametrize("naam", list(STAPPEN))
def test_maatwerkstap_per_rol(omg, traject, naam):
    """The gate and the service agree for every role; a refusal changes nothing (another
    gemeente's consulent cannot approve: the gate says it does not work for it)."""
    status, verwacht, anders = STAPPEN[naam]
    m = None
    if status == M.VOORGESTELD:
        m = voorstel(omg, traject)
    elif status == M.GOEDGEKEURD:
        m = goedgekeurd(omg, traject)
    obj = vers(traject) if m is None else vers(m)
    schrijf = _schrijf(naam, omg, traject, m)
    for rol in ROLLEN:
        door = omg.rol(rol)
        reden = verwacht.get(rol, anders)
        assert mag(door, naam, obj) == reden, rol
        voor = momentopname(traject), Maatwerk.objects.count()
        assert probeer(lambda d=door: schrijf(d)) == reden, rol
        assert (momentopname(traject), Maatwerk.objects.count()) == voor
        if m is not None:
            assert vers(m).status == status


# --- Bad proposals -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "wijziging,melding",
    [
        ({"soort": "overleg"}, "Kies opschalen of afschalen."),
        ({"taken": ()}, "Kies ten minste één taak."),
        ({"taken": ("koffie_zetten",)}, "Kies alleen taken uit het pakket."),
        ({"van": -1}, "De begindatum ligt in het verleden."),
        ({"tot": vandaag() - dagen(1)}, "De einddatum ligt voor de begindatum."),
        ({"tot": None}, "Geef een einddatum of een datum om te evalueren."),
        ({"reden": "  "}, "Geef de reden op: waarom heeft deze klant meer of minder hulp nodig?"),
        ({"taken": (Taak.KLANTPLAN,)}, "Dit doet de stadsbank al: (Financieel) klantplan."),
        (
            {"soort": "afschalen", "taken": (IV, Taak.MONITORING)},
            "Dit doet de gemeente al: Informatie verzamelen.",
        ),
        ({"verwachte_versie": 99}, "Iemand anders heeft dit traject net gewijzigd."),
    ],
)
def test_onjuist_voorstel_geweigerd(omg, traject, wijziging, melding):
    voor = momentopname(traject)
    with pytest.raises(Geweigerd, match=melding.replace("(", r"\(").replace(")", r"\)")):
        voorstel(omg, traject, **wijziging)
    assert momentopname(traject) == voor and not Maatwerk.objects.exists()


def test_voorstel_vanuit_een_monitoringmoment(omg, traject):
    moment = Monitoringmoment.objects.create(
        traject=traject, datum=vandaag(), doelen_gehaald="nee", schaal="opschalen"
    )
    m = voorstel(omg, traject, monitoringmoment_id=moment.pk)
    assert vers(m).monitoringmoment == moment
    ander = traject_in(omg, Fase.AANGEMELD)
    elders = Monitoringmoment.objects.create(
        traject=ander, datum=vandaag(), doelen_gehaald="nee", schaal="opschalen"
    )
    with pytest.raises(Geweigerd, match="Dit monitoringmoment hoort niet bij dit traject"):
        voorstel(omg, traject, monitoringmoment_id=elders.pk)


# --- A task left "in overleg": settled per traject -----------------------------------------

OVERLEG = {**dict.fromkeys(O_TAKEN, "gemeente"), IV.value: "overleg"}


@pytest.fixture
def overleg() -> tuple[Omgeving, Traject]:
    """A Hybride gemeente whose agreement (in force from today) leaves 'Informatie
    verzamelen' per traject in overleg, and a new traject under it."""
    omg = omgeving("hybride-gemeente")
    concept = afspraken.stel_op(
        door=omg.beheerder,
        gemeente=omg.gemeente,
        pakket="hybride",
        geldig_van=vandaag(),
        optionele=OVERLEG,
    )
    afspraken.stel_vast(door=omg.beheerder, afspraak_id=concept.pk, overgang=R.BEHOUDEN)
    traject = traject_in(omg, Fase.AANGEMELD)
    assert traject.afspraak == concept
    return omg, traject


@pytest.mark.parametrize("rol,partij", [("regisseur", "stadsbank"), ("consulent", "gemeente")])
def test_taak_in_overleg_afspreken(overleg, rol, partij):
    omg, traject = overleg
    assert maatwerk.open_overleg(traject) == [IV]
    nog_niet = mag(omg.consulent, EERSTE_GESPREK, traject)
    assert nog_niet.startswith("Nog niet afgesproken wie 'Informatie verzamelen' doet")
    assert mag(omg.regisseur, EERSTE_GESPREK, traject) == nog_niet
    versie = traject.versie

    m = maatwerk.spreek_taak_af(
        door=omg.rol(rol), traject_id=traject.pk, taak=IV.value, partij=partij
    )
    m = vers(m)
    assert (m.soort, m.status, m.partij, m.taken, m.van) == (
        Maatwerksoort.OVERLEG,
        M.GOEDGEKEURD,
        partij,
        [IV],
        vandaag(),
    )
    assert (m.voorgesteld_door, m.beoordeeld_door) == (omg.rol(rol), omg.rol(rol))
    t = vers(traject)
    assert (t.versie, t.uitvoerder(IV), maatwerk.open_overleg(t)) == (versie + 1, partij, [])
    doet, ander = (
        (omg.regisseur, omg.consulent) if partij == "stadsbank" else (omg.consulent, omg.regisseur)
    )
    assert mag(doet, EERSTE_GESPREK, t) is None
    assert mag(ander, EERSTE_GESPREK, t).startswith("Dit doet de ")
    [rij] = Gebeurtenis.objects.filter(traject=traject, soort=Gebeurtenissoort.TAAKAFSPRAAK)
    assert (rij.door, rij.gegevens["taak"], rij.gegevens["partij"]) == (omg.rol(rol), IV, partij)

    with pytest.raises(Geweigerd, match="Voor deze taak is in dit traject niets meer af te"):
        maatwerk.spreek_taak_af(
            door=omg.consulent, traject_id=traject.pk, taak=IV.value, partij="gemeente"
        )


@pytest.mark.parametrize(
    "rol,taak,partij,melding",
    [
        ("consulent", Taak.KLANTPLAN.value, "stadsbank", "niets meer af te spreken"),
        ("consulent", "koffie_zetten", "stadsbank", "niets meer af te spreken"),
        ("consulent", IV.value, "allebei", "Kies wie de taak doet: Stadsbank of gemeente."),
        ("contractmanager", IV.value, "gemeente", GEEN_DOSSIER),
        ("beheerder", IV.value, "gemeente", GEEN_DOSSIER),
        ("ander_consulent", IV.value, "gemeente", NIET_JOUW),
    ],
)
def test_taak_afspreken_geweigerd(overleg, rol, taak, partij, melding):
    omg, traject = overleg
    voor = momentopname(traject)
    with pytest.raises(Geweigerd, match=melding):
        maatwerk.spreek_taak_af(door=omg.rol(rol), traject_id=traject.pk, taak=taak, partij=partij)
    assert momentopname(traject) == voor and not Maatwerk.objects.exists()
    assert maatwerk.open_overleg(vers(traject)) == [IV]


def test_taak_die_niet_in_overleg_is_valt_niet_af_te_spreken(omg, traject):
    """Under Basis every task has a side: nothing is open."""
    assert maatwerk.open_overleg(traject) == []
    with pytest.raises(Geweigerd, match="niets meer af te spreken"):
        maatwerk.spreek_taak_af(
            door=omg.consulent, traject_id=traject.pk, taak=IV.value, partij="stadsbank"
        )
