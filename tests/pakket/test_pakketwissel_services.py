"""The package switch (trajecten/pakket/services/wissel.py): the preview before vaststellen
and the move on the start date, by the daily job (time travel: it takes `vandaag`). Moved
trajecten follow the new split in the gate from then on, the others keep theirs; a switch
that would leave a next task with nobody is refused; it moves all selected trajecten or none.
"""

from __future__ import annotations

import pytest

from schuldhulp import audit
from schuldhulp.afspraken import Afspraakstatus as A
from schuldhulp.afspraken import Overgangsregeling as R
from schuldhulp.models import Dienstverleningsafspraak
from schuldhulp.pakketten import Partij, Taak
from schuldhulp.permissions import mag
from tests.bouwers import (
    O_TAKEN,
    AfspraakFactory,
    Omgeving,
    dagen,
    omgeving,
    traject_in,
    vandaag,
)
from tests.bouwers.afspraken import concept, lopende, vastgesteld
from tests.bouwers.fabrieken import STANDAARDKEUZES as KEUZES
from trajecten.models import Fase, Gebeurtenis, Gebeurtenissoort, Traject
from trajecten.pakket.services import afspraken
from trajecten.services import Geweigerd

pytestmark = pytest.mark.django_db


@pytest.fixture
def omg() -> Omgeving:
    return omgeving("hybride-stadsbank")


def vers(obj):
    return type(obj).objects.get(pk=obj.pk)


# --- Package switch -----------------------------------------------------------------------


@pytest.fixture
def wissel_omg() -> tuple[Omgeving, dict[Fase, Traject]]:
    """A Hybride gemeente (the Stadsbank does every O task) with a traject in four phases."""
    omg = omgeving("hybride-stadsbank")
    fasen = [Fase.AANGEMELD, Fase.INTAKE, Fase.STABILISATIE, Fase.FINANCIELE_RUST]
    return omg, {f: traject_in(omg, f) for f in fasen}


VOOR_TOELATING = (Fase.AANGEMELD.value, Fase.INTAKE.value)


def test_voorvertoning_van_een_wissel_per_fase(wissel_omg):
    omg, trajecten = wissel_omg
    afspraak = concept(omg, pakket="basis")
    plan = afspraken.voorvertoning(afspraak, R.PER_FASE, VOOR_TOELATING)
    assert plan.per_fase == [
        (Fase.AANGEMELD.label, 1, 1),
        (Fase.INTAKE.label, 1, 1),
        (Fase.STABILISATIE.label, 1, 0),
        (Fase.FINANCIELE_RUST.label, 1, 0),
    ]
    over = [trajecten[Fase.AANGEMELD].pk, trajecten[Fase.INTAKE].pk]
    assert (plan.aantal, plan.te_verplaatsen) == (2, over)
    # Informatie verzamelen and the Wgs-beschikking: from the Stadsbank to the gemeente.
    assert plan.naar_gemeente == over and plan.zonder_uitvoerder == [] and plan.kan
    [(oud, wissels)] = plan.taakwissels
    assert oud == lopende(omg)
    assert {w.taak for w in wissels} == {
        Taak.EXTRA_GESPREK,
        Taak.POST_SCREENEN,
        Taak.ACUTE_HULP,
        Taak.REGIE_OP_RESULTAAT,
        *(Taak(t) for t in O_TAKEN),
    }
    assert all((w.oud, w.nieuw) == (Partij.STADSBANK, Partij.GEMEENTE) for w in wissels)
    assert afspraken.voorvertoning(afspraak, R.ALLES).aantal == 4
    assert afspraken.voorvertoning(afspraak, R.BEHOUDEN).aantal == 0
    assert vers(afspraak).status == A.CONCEPT  # a preview changes nothing


def test_wissel_per_fase_op_de_begindatum(wissel_omg):
    omg, trajecten = wissel_omg
    aangemeld, stabilisatie = trajecten[Fase.AANGEMELD], trajecten[Fase.STABILISATIE]
    afspraak = vastgesteld(omg, pakket="basis", overgang=R.PER_FASE, fasen=VOOR_TOELATING)
    assert vers(afspraak).overgang_fasen == list(VOOR_TOELATING)
    assert mag(omg.consulent, "voer_eerste_gesprek", vers(aangemeld)).startswith(
        "Dit doet de Stadsbank"
    )
    versies = {f: t.versie for f, t in trajecten.items()}
    start = vandaag() + dagen(30)

    assert afspraken.dagelijks(vandaag=start - dagen(1))["verplaatst"] == 0
    assert afspraken.dagelijks(vandaag=start)["verplaatst"] == 2
    for fase, traject in trajecten.items():
        t = vers(traject)
        wissels = Gebeurtenis.objects.filter(traject=t, soort=Gebeurtenissoort.PAKKETWISSEL)
        if fase in VOOR_TOELATING:
            assert (t.afspraak, t.afspraak_sinds, t.versie) == (afspraak, start, versies[fase] + 1)
            [wissel] = wissels
            assert (wissel.datum, wissel.door) == (start, None)
            assert wissel.gegevens == {
                "afspraak": afspraak.pk,
                "van_pakket": "hybride",
                "naar": "basis",
            }
        else:
            assert (t.afspraak, t.afspraak_sinds, t.versie) == (lopende(omg), None, versies[fase])
            assert not wissels.exists()
    assert afspraken.dagelijks(vandaag=start)["verplaatst"] == 0  # idempotent

    # The gate follows: on the moved traject the consulent does what the Stadsbank did.
    t = vers(aangemeld)
    assert mag(omg.consulent, "voer_eerste_gesprek", t) is None
    assert mag(omg.regisseur, "voer_eerste_gesprek", t) == (
        "Dit doet de gemeente (consulent): 'Informatie verzamelen' is in pakket 3 Basis een "
        "taak van de gemeente."
    )
    # The kept traject keeps the Hybride split: acute hulp stays with the Stadsbank.
    t = vers(stabilisatie)
    assert mag(omg.regisseur, "bereik_financiele_rust", t) is None
    assert mag(omg.consulent, "bereik_financiele_rust", t) == (
        "Dit doet de Stadsbank (klantregisseur): 'Acute hulp' is in pakket 2 Hybride een "
        "taak van de stadsbank."
    )


@pytest.mark.parametrize("overgang,verplaatst", [(R.ALLES, 4), (R.BEHOUDEN, 0)])
def test_wissel_alles_of_niets(wissel_omg, overgang, verplaatst):
    omg, trajecten = wissel_omg
    afspraak = vastgesteld(omg, pakket="basis", overgang=overgang)
    assert afspraken.dagelijks(vandaag=vandaag() + dagen(30))["verplaatst"] == verplaatst
    verwacht = afspraak if overgang == R.ALLES else lopende(omg)
    assert {vers(t).afspraak for t in trajecten.values()} == {verwacht}
    wissels = Gebeurtenis.objects.filter(soort=Gebeurtenissoort.PAKKETWISSEL)
    assert wissels.count() == verplaatst


def test_late_activering_zet_geen_traject_terug(omg):
    """The job missed an agreement's start while a later one already applies: activating
    the earlier one late does not move the later one's trajecten back."""
    Dienstverleningsafspraak.objects.filter(pk=lopende(omg).pk).update(
        geldig_tot=vandaag() - dagen(11)
    )
    gemist = AfspraakFactory(
        gemeente=omg.gemeente,
        status=A.VASTGESTELD,
        pakket="ontzorging",
        geldig_van=vandaag() - dagen(10),
        geldig_tot=vandaag() - dagen(1),
        overgang=R.ALLES,
    )
    nu = AfspraakFactory(
        gemeente=omg.gemeente, status=A.ACTIEF, pakket="basis", geldig_van=vandaag()
    )
    traject = traject_in(omg, Fase.AANGEMELD)
    assert traject.afspraak == nu
    assert afspraken.dagelijks()["verplaatst"] == 0
    assert vers(gemist).status == A.BEEINDIGD and vers(traject).afspraak == nu


def test_gesloten_traject_gaat_niet_over(omg):
    traject = traject_in(omg, Fase.UITGESTROOMD)
    vastgesteld(omg, over=0, overgang=R.ALLES)
    assert vers(traject).afspraak == lopende(omg)


def test_wissel_die_een_taak_bij_niemand_laat_geweigerd(omg):
    """The new agreement leaves 'Informatie verzamelen' per traject in overleg: a traject
    whose next step is that task would have nobody to do it."""
    aangemeld = traject_in(omg, Fase.AANGEMELD)
    intake = traject_in(omg, Fase.INTAKE)
    afspraak = concept(
        omg, pakket="hybride", keuzes={**KEUZES["hybride"], "informatie_verzamelen": "overleg"}
    )
    plan = afspraken.voorvertoning(afspraak, R.ALLES)
    assert (plan.zonder_uitvoerder, plan.kan, plan.aantal) == ([aangemeld.pk], False, 2)
    with pytest.raises(Geweigerd, match="Bij 1 trajecten doet na de wissel niemand"):
        afspraken.stel_vast(door=omg.beheerder, afspraak_id=afspraak.pk, overgang=R.ALLES)
    assert vers(afspraak).status == A.CONCEPT and lopende(omg).geldig_tot is None
    assert vers(aangemeld).afspraak == vers(intake).afspraak == lopende(omg)
    # Only the trajecten past that step move: allowed.
    afspraken.stel_vast(
        door=omg.beheerder, afspraak_id=afspraak.pk, overgang=R.PER_FASE, fasen=("intake",)
    )
    assert vers(afspraak).status == A.VASTGESTELD


def _storing_bij_de_wissel(monkeypatch) -> None:
    """The package switch fails after it moved the trajecten and wrote their events."""
    echt = audit.afspraak_gewijzigd

    def stuk(**kw):
        if kw["omschrijving"].startswith("Pakketwissel"):
            raise RuntimeError("storing")
        return echt(**kw)

    monkeypatch.setattr(audit, "afspraak_gewijzigd", stuk)


def test_wissel_gaat_helemaal_of_helemaal_niet_door(wissel_omg, monkeypatch):
    omg, trajecten = wissel_omg
    afspraak = vastgesteld(omg, pakket="basis", overgang=R.ALLES)
    _storing_bij_de_wissel(monkeypatch)
    with pytest.raises(RuntimeError):
        afspraken.dagelijks(vandaag=vandaag() + dagen(30))
    assert vers(afspraak).status == A.VASTGESTELD and lopende(omg).status == A.ACTIEF
    assert {vers(t).afspraak for t in trajecten.values()} == {lopende(omg)}
    assert not Gebeurtenis.objects.filter(soort=Gebeurtenissoort.PAKKETWISSEL).exists()
    monkeypatch.undo()
    assert afspraken.dagelijks(vandaag=vandaag() + dagen(30))["verplaatst"] == 4


def test_vaststellen_die_meteen_wisselt_gaat_helemaal_of_niet_door(wissel_omg, monkeypatch):
    omg, trajecten = wissel_omg
    afspraak = concept(omg, pakket="basis", over=0)
    _storing_bij_de_wissel(monkeypatch)
    with pytest.raises(RuntimeError):
        afspraken.stel_vast(door=omg.beheerder, afspraak_id=afspraak.pk, overgang=R.ALLES)
    assert vers(afspraak).status == A.CONCEPT and lopende(omg).geldig_tot is None
    assert {vers(t).afspraak for t in trajecten.values()} == {lopende(omg)}


def test_begindatum_in_het_verleden_neemt_later_aangemelde_trajecten_altijd_mee(omg):
    """Vastgesteld afterwards with a start date in the past: a traject registered since that
    date moves even with 'behouden' (the new agreement already applied at its aanmelding);
    one registered before keeps the old split."""
    from trajecten.pakket.services import wissel

    ouder = traject_in(omg, Fase.INTAKE, datum=vandaag() - dagen(10))
    nieuwer = traject_in(omg, Fase.INTAKE, datum=vandaag() - dagen(2))
    afspraak = concept(omg, pakket="basis", over=-5)
    plan = wissel.plan(afspraak, R.BEHOUDEN)
    assert plan.te_verplaatsen == [nieuwer.pk]
    afspraken.stel_vast(
        door=omg.contractmanager, afspraak_id=afspraak.pk, overgang=R.BEHOUDEN, fasen=()
    )
    assert vers(nieuwer).afspraak_id == afspraak.pk
    assert vers(ouder).afspraak_id == lopende(omg).pk
