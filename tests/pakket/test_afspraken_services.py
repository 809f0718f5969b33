"""The life of a dienstverleningsafspraak through its services (trajecten/pakket/services).

Who may take each step (the gate and the service agree), the transitions and their dates,
the history and audit rows, and the freeze in the database. Time travel: the daily job
takes `vandaag`; nothing else needs a clock. The package switch: test_pakketwissel_services.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction
from django_fsm import TransitionNotAllowed

from schuldhulp.afspraken import Afspraakstatus as A
from schuldhulp.afspraken import Overgangsregeling as R
from schuldhulp.models import Auditactie, Auditregel, Dienstverleningsafspraak, Rol
from schuldhulp.pakketten import Taak
from schuldhulp.permissions import mag
from tests.bouwers import (
    AfspraakFactory,
    GemeenteFactory,
    Omgeving,
    dagen,
    medewerker,
    omgeving,
    probeer,
    traject_in,
    vandaag,
)
from tests.bouwers.afspraken import concept, lopende, vastgesteld
from tests.bouwers.fabrieken import STANDAARDKEUZES as KEUZES
from trajecten.models import Fase
from trajecten.pakket.models import Afspraakgebeurtenis
from trajecten.pakket.services import afspraken
from trajecten.services import Geweigerd

pytestmark = pytest.mark.django_db


@pytest.fixture
def omg() -> Omgeving:
    return omgeving("hybride-stadsbank")


def vers(obj):
    return type(obj).objects.get(pk=obj.pk)


# --- Lifecycle × role ---------------------------------------------------------------------

ROLLEN = ["regisseur", "consulent", "contractmanager", "cm_elders", "beheerder"]
GEEN_ROL = "Alleen contractmanagers en functioneel beheerders regelen afspraken."
VERWACHT = {
    "regisseur": GEEN_ROL,
    "consulent": GEEN_ROL,
    "contractmanager": None,
    "cm_elders": "U werkt niet voor deze gemeente.",
    "beheerder": None,
}


def gebruiker(omg: Omgeving, rol: str):
    if rol == "cm_elders":  # a contractmanager of another gemeente
        elders = GemeenteFactory()
        return medewerker(f"cm-elders-{elders.pk}", Rol.CONTRACTMANAGER, [elders])
    return omg.rol(rol)


# handeling → (the object the gate is asked about, a valid call of its service)
SERVICES = {
    "afspraak.opstellen": (
        lambda omg, a: omg.gemeente,
        lambda door, omg, a: afspraken.stel_op(
            door=door,
            gemeente=omg.gemeente,
            pakket="basis",
            geldig_van=vandaag() + dagen(90),
            optionele=KEUZES["basis"],
        ),
    ),
    "afspraak.wijzigen": (
        lambda omg, a: a,
        lambda door, omg, a: afspraken.wijzig_concept(
            door=door,
            afspraak_id=a.pk,
            pakket="ontzorging",
            geldig_van=a.geldig_van + dagen(1),
        ),
    ),
    "afspraak.vaststellen": (
        lambda omg, a: a,
        lambda door, omg, a: afspraken.stel_vast(door=door, afspraak_id=a.pk, overgang=R.BEHOUDEN),
    ),
    "afspraak.intrekken": (
        lambda omg, a: a,
        lambda door, omg, a: afspraken.trek_in(door=door, afspraak_id=a.pk, reden="Toch niet"),
    ),
}


@pytest.mark.parametrize("rol", ROLLEN)
@pytest.mark.parametrize("naam", list(SERVICES))
def test_handeling_per_rol(omg, naam: str, rol: str):
    """The gate and the service give the same answer; a refusal changes nothing."""
    afspraak = concept(omg)
    door = gebruiker(omg, rol)
    obj, schrijf = SERVICES[naam]
    assert mag(door, naam, obj(omg, afspraak)) == VERWACHT[rol]
    aantal = Dienstverleningsafspraak.objects.count()
    assert probeer(lambda: schrijf(door, omg, afspraak)) == VERWACHT[rol]
    assert vers(afspraak).status == A.CONCEPT and vers(afspraak).pakket == "basis"
    assert Dienstverleningsafspraak.objects.count() == aantal


@pytest.mark.parametrize("rol", ROLLEN)
@pytest.mark.parametrize(
    "naam,reden",
    [
        ("afspraak.activeren", "Dit doet de dagelijkse taak op de begindatum."),
        ("afspraak.beeindigen", "Dit doet de dagelijkse taak na de einddatum."),
    ],
)
def test_activeren_en_beeindigen_doet_alleen_de_dagelijkse_taak(omg, naam, reden, rol):
    afspraak = vastgesteld(omg) if naam == "afspraak.activeren" else lopende(omg)
    assert mag(gebruiker(omg, rol), naam, afspraak) == reden


def _in_status(omg: Omgeving, status: str) -> Dienstverleningsafspraak:
    if status == A.CONCEPT:
        return concept(omg)
    if status == A.VASTGESTELD:
        return vastgesteld(omg)
    if status == A.ACTIEF:
        return lopende(omg)
    if status == A.BEEINDIGD:
        return AfspraakFactory(
            gemeente=omg.gemeente,
            status=A.BEEINDIGD,
            geldig_van=date(2015, 1, 1),
            geldig_tot=date(2019, 12, 31),
        )
    a = concept(omg)
    return afspraken.trek_in(door=omg.beheerder, afspraak_id=a.pk, reden="Vergissing")


MAG_IN = {
    "afspraak.wijzigen": {A.CONCEPT},
    "afspraak.vaststellen": {A.CONCEPT},
    "afspraak.intrekken": {A.CONCEPT, A.VASTGESTELD},
}


@pytest.mark.parametrize("status", list(A))
@pytest.mark.parametrize("naam", list(MAG_IN))
def test_handeling_per_status(omg, naam: str, status: A):
    afspraak = _in_status(omg, status)
    door = omg.contractmanager
    if status in MAG_IN[naam]:
        verwacht = None
    elif naam == "afspraak.wijzigen":
        verwacht = (
            f"Een afspraak met status '{status.label}' kan niet meer worden gewijzigd. "
            "Stel een nieuwe afspraak op."
        )
    else:
        verwacht = f"Dit kan niet bij een afspraak met status '{status.label}'."
    assert mag(door, naam, afspraak) == verwacht
    assert probeer(lambda: SERVICES[naam][1](door, omg, afspraak)) == verwacht
    assert vers(afspraak).status == status


# --- Drafting -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "wijziging,melding",
    [
        ({"pakket": "premium"}, "Kies een pakket."),
        ({"optionele": {}}, "Kies wie de taak 'Informatie verzamelen' doet."),
        (
            {"optionele": {**KEUZES["hybride"], "exitgesprek": "niemand"}},
            "Kies wie de taak 'Exitgesprek' doet.",
        ),
        ({"prijs_per_maand": -1}, "Een prijs kan niet negatief zijn."),
        ({"geldig_tot": date(2019, 1, 1)}, "De einddatum ligt voor de begindatum."),
    ],
)
def test_opstellen_controleert_de_inhoud(omg, wijziging, melding):
    velden = {
        "door": omg.beheerder,
        "gemeente": omg.gemeente,
        "pakket": "hybride",
        "geldig_van": vandaag(),
        "optionele": KEUZES["hybride"],
        **wijziging,
    }
    with pytest.raises(Geweigerd, match=melding):
        afspraken.stel_op(**velden)
    assert not Dienstverleningsafspraak.objects.filter(status=A.CONCEPT).exists()


def test_concept_wijzigen(omg):
    afspraak = concept(omg)
    afspraken.wijzig_concept(
        door=omg.contractmanager,
        afspraak_id=afspraak.pk,
        pakket="hybride",
        geldig_van=vandaag() + dagen(60),
        optionele={**KEUZES["hybride"], "schuldenoverzicht": "overleg"},
        prijs_per_traject=450,
        opmerking="  Na het kwartaalgesprek  ",
    )
    a = vers(afspraak)
    assert (a.status, a.pakket, a.geldig_van) == (A.CONCEPT, "hybride", vandaag() + dagen(60))
    assert a.optionele_taken["schuldenoverzicht"] == "overleg" and a.prijs_per_traject == 450
    assert a.opmerking == "Na het kwartaalgesprek"
    assert a.uitvoerder(Taak.SCHULDENOVERZICHT) is None


def test_status_kan_alleen_via_een_overgang(omg):
    afspraak = concept(omg)
    with pytest.raises(AttributeError):
        afspraak.status = A.ACTIEF  # a protected FSMField
    with pytest.raises(TransitionNotAllowed):
        afspraak.activeren()


# --- Transitions --------------------------------------------------------------------------


def test_vaststellen_legt_vast_en_kort_de_lopende_afspraak_in(omg):
    afspraak = vastgesteld(omg, reden="Getekend in het kwartaalgesprek")
    a, oud = vers(afspraak), lopende(omg)
    assert a.status == A.VASTGESTELD
    assert (a.vastgesteld_op, a.vastgesteld_door) == (vandaag(), omg.contractmanager)
    assert (a.overgang, a.overgang_fasen) == (R.BEHOUDEN, [])
    assert (a.voorganger, a.voorganger_tot_was) == (oud, None)
    assert oud.status == A.ACTIEF and oud.geldig_tot == a.geldig_van - dagen(1)


@pytest.mark.parametrize(
    "overgang,fasen,melding",
    [
        ("", (), "Kies wat er met de lopende trajecten gebeurt"),
        ("misschien", (), "Kies wat er met de lopende trajecten gebeurt"),
        (R.PER_FASE, (), "Kies de fasen waarvan de trajecten overgaan."),
        (R.PER_FASE, ("aangemeld", "wachtkamer"), "Kies alleen bestaande fasen."),
    ],
)
def test_vaststellen_vraagt_een_overgangsregeling(omg, overgang, fasen, melding):
    afspraak = concept(omg)
    with pytest.raises(Geweigerd, match=melding):
        afspraken.stel_vast(
            door=omg.beheerder, afspraak_id=afspraak.pk, overgang=overgang, fasen=fasen
        )
    assert vers(afspraak).status == A.CONCEPT and lopende(omg).geldig_tot is None


def test_overlap_met_een_andere_toekomstige_afspraak_geweigerd(omg):
    volgende = vastgesteld(omg, over=30)
    tussendoor = concept(omg, over=10)
    with pytest.raises(Geweigerd, match="overlapt met de afspraak 3 Basis vanaf"):
        afspraken.stel_vast(door=omg.beheerder, afspraak_id=tussendoor.pk, overgang=R.BEHOUDEN)
    assert vers(tussendoor).status == A.CONCEPT
    assert lopende(omg).geldig_tot == vandaag() + dagen(29)
    # After the future one: that one is the predecessor and ends the day before.
    daarna = vastgesteld(omg, over=60, pakket="ontzorging")
    assert vers(daarna).voorganger == volgende
    assert vers(volgende).geldig_tot == vandaag() + dagen(59)


def test_intrekken_vraagt_een_reden(omg):
    afspraak = concept(omg)
    with pytest.raises(Geweigerd, match="Geef de reden op"):
        afspraken.trek_in(door=omg.beheerder, afspraak_id=afspraak.pk, reden="  ")
    assert vers(afspraak).status == A.CONCEPT


def test_intrekken_van_een_concept(omg):
    afspraak = concept(omg)
    afspraken.trek_in(door=omg.contractmanager, afspraak_id=afspraak.pk, reden="Vergissing")
    assert vers(afspraak).status == A.INGETROKKEN and lopende(omg).geldig_tot is None


def test_intrekken_herstelt_de_einddatum_van_de_voorganger(omg):
    afspraak = vastgesteld(omg)
    assert lopende(omg).geldig_tot is not None
    afspraken.trek_in(door=omg.beheerder, afspraak_id=afspraak.pk, reden="Raad stemde tegen")
    assert vers(afspraak).status == A.INGETROKKEN
    assert lopende(omg).geldig_tot is None  # runs on as before
    assert not Dienstverleningsafspraak.objects.filter(pk=afspraak.pk).geldig_op(
        afspraak.geldig_van
    )


def test_intrekken_met_een_latere_afspraak_erna_geweigerd(omg):
    """Withdrawing the middle one of a chain would let the first run into the last."""
    midden = vastgesteld(omg, over=30)
    laatste = vastgesteld(omg, over=60, pakket="ontzorging")
    melding = "Na deze afspraak is al de afspraak 1 Ontzorging vanaf"
    assert mag(omg.beheerder, "afspraak.intrekken", vers(midden)).startswith(melding)
    with pytest.raises(Geweigerd, match=melding):
        afspraken.trek_in(door=omg.beheerder, afspraak_id=midden.pk, reden="Toch niet")
    # From the last one backwards, each restores the end date it changed.
    afspraken.trek_in(door=omg.beheerder, afspraak_id=laatste.pk, reden="Toch niet")
    assert vers(midden).geldig_tot is None
    afspraken.trek_in(door=omg.beheerder, afspraak_id=midden.pk, reden="Toch niet")
    assert lopende(omg).geldig_tot is None


def test_dagelijks_activeert_en_beeindigt_op_de_data(omg):
    afspraak = vastgesteld(omg, over=30, tot=vandaag() + dagen(90))
    leeg = {"geactiveerd": 0, "beeindigd": 0, "verplaatst": 0}
    assert afspraken.dagelijks(vandaag=vandaag() + dagen(29)) == leeg
    assert vers(afspraak).status == A.VASTGESTELD and lopende(omg).status == A.ACTIEF

    assert afspraken.dagelijks(vandaag=vandaag() + dagen(30)) == {
        **leeg,
        "geactiveerd": 1,
        "beeindigd": 1,
    }
    assert vers(afspraak).status == A.ACTIEF and lopende(omg).status == A.BEEINDIGD
    actief = Dienstverleningsafspraak.objects.filter(gemeente=omg.gemeente, status=A.ACTIEF)
    assert list(actief) == [afspraak]

    # Idempotent: a second run (or a retry) on the same day changes nothing.
    rijen = Afspraakgebeurtenis.objects.count(), Auditregel.objects.count()
    assert afspraken.dagelijks(vandaag=vandaag() + dagen(30)) == leeg
    assert (Afspraakgebeurtenis.objects.count(), Auditregel.objects.count()) == rijen

    assert afspraken.dagelijks(vandaag=vandaag() + dagen(90)) == leeg  # its last day
    assert afspraken.dagelijks(vandaag=vandaag() + dagen(91)) == {**leeg, "beeindigd": 1}
    assert vers(afspraak).status == A.BEEINDIGD


def test_dagelijks_haalt_gemiste_dagen_in(omg):
    """A job that did not run for a while activates and ends in one go, in date order."""
    eerste = vastgesteld(omg, over=10, pakket="basis")
    tweede = vastgesteld(omg, over=20, pakket="ontzorging")
    telling = afspraken.dagelijks(vandaag=vandaag() + dagen(25))
    assert telling == {"geactiveerd": 2, "beeindigd": 2, "verplaatst": 0}
    statussen = [vers(a).status for a in (lopende(omg), eerste, tweede)]
    assert statussen == [A.BEEINDIGD, A.BEEINDIGD, A.ACTIEF]


def test_vaststellen_met_begindatum_vandaag_activeert_meteen(omg):
    traject = traject_in(omg, Fase.AANGEMELD)
    afspraak = vastgesteld(omg, over=0, overgang=R.ALLES)
    a, oud = vers(afspraak), lopende(omg)
    assert a.status == A.ACTIEF
    # The predecessor ended yesterday: it does not stay 'actief' until the next job.
    assert (oud.geldig_tot, oud.status) == (vandaag() - dagen(1), A.BEEINDIGD)
    t = vers(traject)
    assert (t.afspraak, t.afspraak_sinds) == (a, vandaag())
    assert afspraken.dagelijks() == {"geactiveerd": 0, "beeindigd": 0, "verplaatst": 0}


# --- History and audit --------------------------------------------------------------------


def _stappen(afspraak) -> list[tuple]:
    return [
        (g.van_status, g.naar_status, g.door, g.reden)
        for g in Afspraakgebeurtenis.objects.filter(afspraak=afspraak).order_by("pk")
    ]


def _audit(afspraak) -> list[tuple]:
    regels = Auditregel.objects.filter(
        objecttype="dienstverleningsafspraak", object_id=str(afspraak.pk)
    ).order_by("pk")
    return [
        (r.actie, r.gebruiker, r.gemeente_id, r.wijzigingen.get("status"))
        for r in regels
        if "status" in r.wijzigingen
    ]


def test_elke_overgang_schrijft_geschiedenis_en_audit(omg):
    beheerder, cm, g = omg.beheerder, omg.contractmanager, omg.gemeente.pk
    afspraak = vastgesteld(omg, over=5, tot=vandaag() + dagen(10), reden="Getekend")
    afspraken.dagelijks(vandaag=vandaag() + dagen(5))
    afspraken.dagelijks(vandaag=vandaag() + dagen(11))
    assert _stappen(afspraak) == [
        ("", A.CONCEPT, beheerder, "Concept opgesteld"),
        (A.CONCEPT, A.VASTGESTELD, cm, "Getekend"),
        (A.VASTGESTELD, A.ACTIEF, None, "Begindatum bereikt"),
        (A.ACTIEF, A.BEEINDIGD, None, "Einddatum verstreken"),
    ]
    assert _audit(afspraak) == [
        (Auditactie.AANMAKEN, beheerder, g, {"voor": None, "na": A.CONCEPT}),
        (Auditactie.WIJZIGEN, cm, g, {"voor": A.CONCEPT, "na": A.VASTGESTELD}),
        (Auditactie.WIJZIGEN, None, g, {"voor": A.VASTGESTELD, "na": A.ACTIEF}),
        (Auditactie.WIJZIGEN, None, g, {"voor": A.ACTIEF, "na": A.BEEINDIGD}),
    ]
    # The predecessor's ending by the job is in its own history too.
    assert _stappen(lopende(omg)) == [(A.ACTIEF, A.BEEINDIGD, None, "Einddatum verstreken")]
    stap = Afspraakgebeurtenis.objects.get(afspraak=afspraak, naar_status=A.VASTGESTELD)
    assert stap.gegevens["overgang"] == R.BEHOUDEN
    assert stap.gegevens["voorganger"] == lopende(omg).pk


@pytest.mark.parametrize("vanuit", [A.CONCEPT, A.VASTGESTELD])
def test_intrekken_schrijft_geschiedenis_en_audit(omg, vanuit):
    afspraak = concept(omg) if vanuit == A.CONCEPT else vastgesteld(omg)
    afspraken.trek_in(door=omg.contractmanager, afspraak_id=afspraak.pk, reden="Te duur")
    assert _stappen(afspraak)[-1] == (vanuit, A.INGETROKKEN, omg.contractmanager, "Te duur")
    assert _audit(afspraak)[-1] == (
        Auditactie.WIJZIGEN,
        omg.contractmanager,
        omg.gemeente.pk,
        {"voor": vanuit, "na": A.INGETROKKEN},
    )


def test_concept_wijzigen_staat_in_de_verwerkingenlog(omg):
    afspraak = concept(omg)
    afspraken.wijzig_concept(
        door=omg.contractmanager,
        afspraak_id=afspraak.pk,
        pakket="ontzorging",
        geldig_van=afspraak.geldig_van,
    )
    regel = Auditregel.objects.filter(object_id=str(afspraak.pk)).order_by("-pk").first()
    assert (regel.actie, regel.gebruiker) == (Auditactie.WIJZIGEN, omg.contractmanager)
    assert regel.wijzigingen["pakket"] == {"voor": "basis", "na": "ontzorging"}


def test_geschiedenis_kan_niet_worden_gewijzigd_of_verwijderd(omg):
    stap = Afspraakgebeurtenis.objects.get(afspraak=concept(omg))
    with pytest.raises(DatabaseError), transaction.atomic():
        Afspraakgebeurtenis.objects.filter(pk=stap.pk).update(reden="Anders")
    with pytest.raises(DatabaseError), transaction.atomic():
        Afspraakgebeurtenis.objects.filter(pk=stap.pk).delete()
    assert vers(stap).reden == "Concept opgesteld"


# --- Frozen in the database ---------------------------------------------------------------


def _weigert(sql_of_actie) -> None:
    """The database itself refuses (trigger or constraint)."""
    with pytest.raises(DatabaseError), transaction.atomic():
        sql_of_actie()


@pytest.mark.parametrize(
    "velden",
    [
        {"pakket": "ontzorging"},
        {"optionele_taken": {}},
        {"geldig_van": date(2031, 1, 1)},
        {"opmerking": "stilletjes aangepast"},
        {"prijs_per_traject": 1},
        {"vastgesteld_door": None},
        {"voorganger": None},
    ],
)
def test_vastgestelde_afspraak_is_bevroren(omg, velden):
    afspraak = vastgesteld(omg)
    _weigert(lambda: Dienstverleningsafspraak.objects.filter(pk=afspraak.pk).update(**velden))
    assert vers(afspraak).pakket == "basis" and vers(afspraak).voorganger == lopende(omg)


def test_lopende_en_beeindigde_afspraak_zijn_bevroren(omg):
    oud = lopende(omg)
    _weigert(lambda: Dienstverleningsafspraak.objects.filter(pk=oud.pk).update(pakket="basis"))
    beeindigd = _in_status(omg, A.BEEINDIGD)
    rij = Dienstverleningsafspraak.objects.filter(pk=beeindigd.pk)
    _weigert(lambda: rij.update(geldig_tot=date(2019, 6, 30)))


def test_vastgestelde_afspraak_kan_niet_worden_verwijderd(omg):
    afspraak = vastgesteld(omg)
    with connection.cursor() as cursor:
        sql = "DELETE FROM schuldhulp_dienstverleningsafspraak WHERE id = %s"
        _weigert(lambda: cursor.execute(sql, [lopende(omg).pk]))
        _weigert(lambda: cursor.execute(sql, [afspraak.pk]))
    assert Dienstverleningsafspraak.objects.filter(pk=afspraak.pk).exists()


def test_concept_kan_worden_gewijzigd_en_verwijderd(omg):
    afspraak = AfspraakFactory(gemeente=omg.gemeente, status=A.CONCEPT, geldig_van=date(2031, 1, 1))
    rij = Dienstverleningsafspraak.objects.filter(pk=afspraak.pk)
    assert rij.update(pakket="basis", optionele_taken=KEUZES["basis"]) == 1
    rij.delete()
    assert not rij.exists()


@pytest.mark.parametrize(
    "van,naar",
    [
        (A.CONCEPT, A.ACTIEF),
        (A.CONCEPT, A.BEEINDIGD),
        (A.VASTGESTELD, A.CONCEPT),
        (A.ACTIEF, A.INGETROKKEN),
        (A.BEEINDIGD, A.ACTIEF),
        (A.INGETROKKEN, A.CONCEPT),
    ],
)
def test_onmogelijke_statuswissel_geweigerd(omg, van, naar):
    afspraak = _in_status(omg, van)
    rij = Dienstverleningsafspraak.objects.filter(pk=afspraak.pk)
    _weigert(lambda: rij.update(status=naar))
    assert vers(afspraak).status == van


def test_twee_actieve_afspraken_op_een_dag_geweigerd(omg):
    with pytest.raises(IntegrityError), transaction.atomic():
        AfspraakFactory(gemeente=omg.gemeente, status=A.ACTIEF, geldig_van=date(2024, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        AfspraakFactory(gemeente=omg.gemeente, status=A.VASTGESTELD, geldig_van=date(2030, 1, 1))
    # A concept or a withdrawn agreement never applies: no overlap.
    AfspraakFactory(gemeente=omg.gemeente, status=A.CONCEPT, geldig_van=date(2024, 1, 1))
    AfspraakFactory(gemeente=omg.gemeente, status=A.INGETROKKEN, geldig_van=date(2024, 1, 1))
    # Another gemeente may have its own.
    AfspraakFactory(status=A.ACTIEF, geldig_van=date(2024, 1, 1))
