"""Keeping the other party informed (issue 13, point 4): a phase change, uitstroom and a
monitoringmoment reach the other party's person on the traject (trajecten.samenwerking.
informeren); the party aan zet after a phase change hears that it is its turn, its team when
nobody is assigned. Texts carry the dossier number, never a name."""

from __future__ import annotations

import pytest

from klantplan import services as kp
from schuldhulp.pakketten import Partij, Taak
from tests.bouwers import (
    KlantFactory,
    aanmelden,
    aanmelding,
    naar_fase,
    omgeving,
    overgang,
    stap,
    traject_in,
    uitvoerder,
    vandaag,
)
from trajecten.models import Fase, Signalering, Signaleringsoort, Traject
from trajecten.services import Geweigerd

pytestmark = pytest.mark.django_db


def signalen(traject: Traject, soort: str) -> list[tuple[int | None, str, str]]:
    """(gebruiker, team party, text) of the traject's signaleringen of `soort`."""
    return sorted(
        Signalering.objects.filter(traject=traject, soort=soort).values_list(
            "gebruiker_id", "partij", "tekst"
        ),
        key=str,
    )


def test_fasewissel_door_de_stadsbank_informeert_de_contactpersoon_gemeente():
    omg = omgeving("ontzorging")  # every step is the Stadsbank's
    traject = aanmelden(omg, consulent=omg.consulent)
    stap(omg, traject, "voer_eerste_gesprek")
    assert signalen(traject, Signaleringsoort.FASE) == [
        (omg.consulent.pk, "", f"Dossier {traject.pk}: nieuwe fase Eerste gesprek en intake")
    ]
    tekst = Signalering.objects.get(traject=traject).tekst
    assert traject.klant.achternaam not in tekst and omg.regisseur.last_name not in tekst


def test_zonder_contactpersoon_gemeente_geen_signalering():
    """informeer reaches a person only: an unassigned side is not flooded with every step."""
    omg = omgeving("ontzorging")
    traject = traject_in(omg, Fase.UITVOERING)
    assert not Signalering.objects.filter(
        traject=traject, soort__in=[Signaleringsoort.FASE, Signaleringsoort.UITSTROOM]
    ).exists()


def test_fasewissel_door_de_gemeente_informeert_de_behandelaar():
    omg = omgeving("hybride-gemeente")  # intake and beschikking: the gemeente
    traject = aanmelden(omg, consulent=omg.consulent)  # the regisseur is the behandelaar
    stap(omg, traject, "voer_eerste_gesprek")
    assert Traject.objects.get(pk=traject.pk).aan_zet == Partij.GEMEENTE  # its own next step
    assert signalen(traject, Signaleringsoort.FASE) == [
        (omg.regisseur.pk, "", f"Dossier {traject.pk}: nieuwe fase Eerste gesprek en intake")
    ]


def test_elke_fase_en_de_uitstroom_bereiken_de_gemeente():
    omg = omgeving("ontzorging")
    traject = traject_in(omg, Fase.NAZORG, consulent=omg.consulent)
    fasen = [t for g, _p, t in signalen(traject, Signaleringsoort.FASE) if g == omg.consulent.pk]
    assert len(fasen) == 5 and f"Dossier {traject.pk}: nieuwe fase Uitvoering" in fasen
    stap(omg, traject, "sluit_af", uitstroomreden="Overleden")
    assert signalen(traject, Signaleringsoort.UITSTROOM) == [
        (omg.consulent.pk, "", f"Dossier {traject.pk}: traject afgesloten")  # no reason
    ]
    assert not Signalering.objects.filter(traject=traject, gebruiker=omg.regisseur).exists()


def _basis_naar_financiele_rust(omg, aanmelder=None) -> Traject:
    """Basis: acute hulp (financiële rust) is the gemeente's; then start uitvoering waits
    for a product, which is the Stadsbank's: the Stadsbank is aan zet, no handover.
    `aanmelder`: who registers (the consulent: the Stadsbank has nobody on the traject)."""
    traject = aanmelding(KlantFactory(gemeente=omg.gemeente), aanmelder or omg.regisseur)
    traject = naar_fase(traject, Fase.STABILISATIE, lambda naam, t: uitvoerder(omg, naam, t))
    assert traject.uitvoerder(Taak.ACUTE_HULP) == Partij.GEMEENTE
    stap(omg, traject, "bereik_financiele_rust")
    traject = Traject.objects.get(pk=traject.pk)
    assert traject.aan_zet == Partij.STADSBANK
    return traject


def test_de_partij_aan_zet_hoort_dat_het_traject_aan_haar_is():
    omg = omgeving("basis")
    traject = _basis_naar_financiele_rust(omg)
    fase = f"Dossier {traject.pk}: nieuwe fase Financiële rust en plan van aanpak"
    # One row for the behandelaar (the aan-zet words), not a second informing one.
    assert [s for s in signalen(traject, Signaleringsoort.FASE) if fase in s[2]] == [
        (omg.regisseur.pk, "", f"{fase}. Het traject is aan u.")
    ]


def test_niemand_toegewezen_dan_het_team_van_de_partij_aan_zet():
    omg = omgeving("basis")
    traject = _basis_naar_financiele_rust(omg, aanmelder=omg.consulent)
    assert traject.behandelaar_id is None
    fase = f"Dossier {traject.pk}: nieuwe fase Financiële rust en plan van aanpak"
    assert [s for s in signalen(traject, Signaleringsoort.FASE) if fase in s[2]] == [
        (None, Partij.STADSBANK, f"{fase}. Het traject is aan u.")
    ]


def _monitoring(traject: Traject, door, schaal: str):
    return kp.registreer_monitoring(
        traject=traject, door=door, datum=vandaag(), doelen_gehaald="deels", schaal=schaal
    )


@pytest.mark.parametrize("schaal", ["afschalen", "opschalen", "gelijk"])
def test_monitoring_informeert_de_gemeente(schaal: str):
    omg = omgeving("basis")  # monitoring: the Stadsbank; "the gemeente is informed"
    traject = traject_in(omg, Fase.UITVOERING, consulent=omg.consulent)
    moment = _monitoring(traject, omg.regisseur, schaal)
    tekst = f"Dossier {traject.pk}: monitoringmoment vastgelegd"
    if schaal == "afschalen":
        tekst += ": afschalen (minder hulp)"
    elif schaal == "opschalen":
        tekst += ": opschalen (meer hulp)"
    assert signalen(traject, Signaleringsoort.MONITORING) == [(omg.consulent.pk, "", tekst)]
    assert Signalering.objects.get(soort=Signaleringsoort.MONITORING).sleutel == (
        f"monitoring-{moment.pk}-gemeente"
    )


def test_monitoring_zonder_contactpersoon_alleen_bij_op_of_afschalen_het_team():
    omg = omgeving("basis")
    traject = traject_in(omg, Fase.UITVOERING)
    _monitoring(traject, omg.regisseur, "gelijk")
    assert signalen(traject, Signaleringsoort.MONITORING) == []
    _monitoring(traject, omg.regisseur, "afschalen")
    assert signalen(traject, Signaleringsoort.MONITORING) == [
        (
            None,
            Partij.GEMEENTE,
            f"Dossier {traject.pk}: monitoringmoment vastgelegd: afschalen (minder hulp)",
        )
    ]


def test_een_geweigerde_overgang_signaleert_niets():
    omg = omgeving("hybride-gemeente")
    traject = aanmelden(omg, consulent=omg.consulent)
    # The package gives the first conversation to the gemeente: the Stadsbank is refused.
    with pytest.raises(Geweigerd, match="gemeente"):
        overgang(traject, "voer_eerste_gesprek", omg.regisseur)
    assert not Signalering.objects.filter(traject=traject).exists()
