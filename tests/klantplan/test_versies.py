"""Klantplan versions: a concept can be edited, vaststellen freezes it (service and database),
a change afterwards makes a new version and the old one stays readable; the diff shows it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_fsm import TransitionNotAllowed

from klantplan import services
from klantplan.models import Actie, Doel, Doelstatus, Klantplan, Planstatus
from klantplan.versies import vergelijk


def _vastgesteld_plan(traject, door) -> Klantplan:
    plan = services.maak_klantplan(traject=traject, door=door)
    services.wijzig_klantplan(
        klantplan_id=plan.pk,
        door=door,
        hulpvraag="Ik wil weer rust en overzicht.",
        oorzaak="Mijn man ging failliet.",
        leefgebieden={"wonen": "Huurachterstand van twee maanden."},
        oplossend_vermogen="met_hulp",
    )
    services.voeg_doel_toe(klantplan_id=plan.pk, door=door, omschrijving="De huur wordt betaald")
    services.voeg_actie_toe(
        klantplan_id=plan.pk, door=door, soort="klant", wat="Loonstroken inleveren"
    )
    return services.stel_vast(
        klantplan_id=plan.pk, door=door, datum=timezone.localdate(), besproken_met_klant=True
    )


def test_concept_is_te_wijzigen_en_vaststellen_bevriest(traject_a, regisseur_a):
    plan = _vastgesteld_plan(traject_a, regisseur_a)
    assert plan.status == Planstatus.VASTGESTELD
    assert plan.vastgesteld_op == timezone.localdate()

    with pytest.raises(services.Geweigerd, match=r"is vastgesteld op .* Maak een nieuwe versie"):
        services.wijzig_klantplan(
            klantplan_id=plan.pk, door=regisseur_a, hulpvraag="Anders", oorzaak=""
        )
    with pytest.raises(services.Geweigerd, match="vastgesteld"):
        services.voeg_doel_toe(klantplan_id=plan.pk, door=regisseur_a, omschrijving="Nieuw doel")
    with pytest.raises(services.Geweigerd, match="vastgesteld"):
        services.wijzig_doel(
            doel_id=plan.doelen.get().pk,
            door=regisseur_a,
            omschrijving="Ander doel",
            streefdatum=None,
            status="open",
        )
    with pytest.raises(services.Geweigerd, match="vastgesteld"):
        services.voeg_actie_toe(klantplan_id=plan.pk, door=regisseur_a, soort="klant", wat="x")
    with pytest.raises(services.Geweigerd, match="vastgesteld"):
        services.stel_vast(
            klantplan_id=plan.pk, door=regisseur_a, datum=date.today(), besproken_met_klant=True
        )
    plan.refresh_from_db()
    assert plan.hulpvraag == "Ik wil weer rust en overzicht."
    assert plan.doelen.get().omschrijving == "De huur wordt betaald"


def test_database_weigert_wijziging_van_vastgesteld_plan(traject_a, regisseur_a):
    """Second line of defence: code that writes around the service is stopped by a trigger."""
    plan = _vastgesteld_plan(traject_a, regisseur_a)
    doel = plan.doelen.get()
    actie = plan.acties.get()
    pogingen = [
        lambda: Klantplan.objects.filter(pk=plan.pk).update(hulpvraag="Stiekem"),
        lambda: Doel.objects.filter(pk=doel.pk).update(omschrijving="Stiekem"),
        lambda: Doel.objects.create(klantplan=plan, omschrijving="Stiekem erbij"),
        lambda: Actie.objects.filter(pk=actie.pk).update(wie="gemeente"),
    ]
    for poging in pogingen:
        with pytest.raises(IntegrityError, match="vastgesteld"), transaction.atomic():
            poging()
    # Progress is not a change of the plan: the database lets it through.
    Doel.objects.filter(pk=doel.pk).update(status=Doelstatus.GEHAALD)
    Actie.objects.filter(pk=actie.pk).update(gedaan_op=timezone.localdate())


def test_status_verandert_alleen_via_de_overgang(traject_a, regisseur_a):
    """The lifecycle is a state machine: concept → vastgesteld, and no way back."""
    plan = _vastgesteld_plan(traject_a, regisseur_a)
    with pytest.raises(AttributeError):
        plan.status = Planstatus.CONCEPT
    with pytest.raises(TransitionNotAllowed):
        plan.vaststellen(datum=timezone.localdate(), door=regisseur_a)
    plan.refresh_from_db()  # a protected state field can still be reloaded
    assert plan.status == Planstatus.VASTGESTELD


def test_wijziging_na_vaststellen_maakt_nieuwe_versie(traject_a, regisseur_a):
    v1 = _vastgesteld_plan(traject_a, regisseur_a)
    v2 = services.nieuwe_versie(traject=traject_a, door=regisseur_a)
    assert (v2.versie, v2.status, v2.vorige_id) == (2, Planstatus.CONCEPT, v1.pk)
    assert v2.doelen.get().ref == v1.doelen.get().ref  # same doel across versions
    assert v2.acties.get().wat == "Loonstroken inleveren"

    services.wijzig_klantplan(
        klantplan_id=v2.pk,
        door=regisseur_a,
        hulpvraag="Ik wil weer rust en overzicht voor mijn kinderen.",
        oorzaak="Mijn man ging failliet.",
        leefgebieden={"wonen": "Huurachterstand is ingelopen."},
        oplossend_vermogen="met_hulp",
    )
    services.voeg_doel_toe(klantplan_id=v2.pk, door=regisseur_a, omschrijving="Budgetbeheer start")
    services.verwijder_actie(actie_id=v2.acties.get().pk, door=regisseur_a)

    v1.refresh_from_db()
    assert v1.hulpvraag == "Ik wil weer rust en overzicht."  # the old version is untouched
    assert v1.doelen.count() == 1 and v1.acties.count() == 1

    verschil = vergelijk(v1, Klantplan.objects.get(pk=v2.pk))
    labels = {v.label for v in verschil.velden}
    assert {"Hulpvraag", "Leefgebied: Wonen"} <= labels
    hulpvraag = next(v for v in verschil.velden if v.label == "Hulpvraag")
    assert [d.tekst for d in hulpvraag.nieuw_delen if d.soort == "nieuw"] == [
        "overzicht voor mijn kinderen."
    ]
    assert [(d.soort, d.omschrijving) for d in verschil.doelen] == [
        ("toegevoegd", "Budgetbeheer start")
    ]
    assert [(a.soort, a.omschrijving) for a in verschil.acties] == [
        ("verwijderd", "Loonstroken inleveren")
    ]


def test_maar_een_concept_tegelijk(traject_a, regisseur_a):
    plan = services.maak_klantplan(traject=traject_a, door=regisseur_a)
    with pytest.raises(services.Geweigerd, match="nog een concept"):
        services.nieuwe_versie(traject=traject_a, door=regisseur_a)
    with pytest.raises(services.Geweigerd, match="al een klantplan"):
        services.maak_klantplan(traject=traject_a, door=regisseur_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Klantplan.objects.create(traject=traject_a, versie=2, status=Planstatus.CONCEPT)
    assert Klantplan.objects.filter(traject=traject_a).get() == plan


def test_vaststellen_vraagt_akkoord_doel_en_geldige_datum(traject_a, regisseur_a):
    plan = services.maak_klantplan(traject=traject_a, door=regisseur_a)
    vandaag = timezone.localdate()
    with pytest.raises(services.Geweigerd, match="hulpvraag"):
        services.stel_vast(
            klantplan_id=plan.pk, door=regisseur_a, datum=vandaag, besproken_met_klant=True
        )
    services.wijzig_klantplan(klantplan_id=plan.pk, door=regisseur_a, hulpvraag="Rust", oorzaak="")
    with pytest.raises(services.Geweigerd, match="minstens één doel"):
        services.stel_vast(
            klantplan_id=plan.pk, door=regisseur_a, datum=vandaag, besproken_met_klant=True
        )
    services.voeg_doel_toe(klantplan_id=plan.pk, door=regisseur_a, omschrijving="Rust")
    with pytest.raises(services.Ongeldig, match="met de klant heeft besproken") as fout:
        services.stel_vast(
            klantplan_id=plan.pk, door=regisseur_a, datum=vandaag, besproken_met_klant=False
        )
    assert fout.value.veld == "besproken_met_klant"
    with pytest.raises(services.Ongeldig, match="toekomst"):
        services.stel_vast(
            klantplan_id=plan.pk,
            door=regisseur_a,
            datum=vandaag + timedelta(days=1),
            besproken_met_klant=True,
        )
    with pytest.raises(services.Ongeldig, match="voor de aanmelding"):
        services.stel_vast(
            klantplan_id=plan.pk,
            door=regisseur_a,
            datum=traject_a.aanmelddatum - timedelta(days=1),
            besproken_met_klant=True,
        )
    plan.refresh_from_db()
    assert plan.status == Planstatus.CONCEPT


def test_doel_zonder_tekst_wordt_geweigerd(traject_a, regisseur_a):
    plan = services.maak_klantplan(traject=traject_a, door=regisseur_a)
    with pytest.raises(services.Ongeldig, match="Vul de tekst voor de klant in") as fout:
        services.voeg_doel_toe(klantplan_id=plan.pk, door=regisseur_a, omschrijving="   ")
    assert fout.value.veld == "klanttekst"
    with pytest.raises(IntegrityError), transaction.atomic():
        Doel.objects.create(klantplan=plan, omschrijving=" ")
    assert not plan.doelen.exists()


def test_voortgang_alleen_in_nieuwste_versie(traject_a, regisseur_a):
    v1 = _vastgesteld_plan(traject_a, regisseur_a)
    doel = v1.doelen.get()
    services.zet_doelstatus(doel_id=doel.pk, door=regisseur_a, status=Doelstatus.GEHAALD)
    services.markeer_actie(
        actie_id=v1.acties.get().pk, door=regisseur_a, gedaan_op=timezone.localdate()
    )
    services.nieuwe_versie(traject=traject_a, door=regisseur_a)
    with pytest.raises(services.Geweigerd, match="oude versie"):
        services.zet_doelstatus(doel_id=doel.pk, door=regisseur_a, status=Doelstatus.OPEN)
    nieuw = Klantplan.objects.get(traject=traject_a, versie=2)
    assert nieuw.doelen.get().status == Doelstatus.GEHAALD
    assert nieuw.acties.get().gedaan_op == timezone.localdate()


def test_basis_plan_is_summier(traject_b, regisseur_b):
    plan = services.maak_klantplan(traject=traject_b, door=regisseur_b)
    assert plan.summier and plan.titel == "Klantplan (summier, productgericht)"
    services.wijzig_klantplan(
        klantplan_id=plan.pk,
        door=regisseur_b,
        hulpvraag="Hulp bij de huur",
        oorzaak="",
        productkeuze="Budgetbeheer",
        leefgebieden={"wonen": "genegeerd in Basis"},
        oplossend_vermogen="zelf",
    )
    plan.refresh_from_db()
    assert plan.productkeuze == "Budgetbeheer"
    assert plan.leefgebieden == {} and plan.oplossend_vermogen == ""


def test_alleen_eigen_gemeente_schrijft(traject_a, consulent_b, regisseur_a):
    with pytest.raises(services.Geweigerd, match="werkt niet voor de gemeente"):
        services.maak_klantplan(traject=traject_a, door=consulent_b)
    plan = services.maak_klantplan(traject=traject_a, door=regisseur_a)
    with pytest.raises(services.Geweigerd, match="werkt niet voor de gemeente"):
        services.voeg_doel_toe(klantplan_id=plan.pk, door=consulent_b, omschrijving="x")


def test_geen_verloren_wijziging_bij_twee_bewerkers(client, traject_a, regisseur_a):
    """Two people open the same concept; the first saves; the second's save is refused with
    her text kept; saving again is her conscious choice and then replaces it (issue 17)."""
    import re

    from django.test import Client
    from django.urls import reverse

    plan = services.maak_klantplan(traject=traject_a, door=regisseur_a)
    pad = reverse("klantplan:klantplan_wijzig", args=[traject_a.pk, plan.versie])
    a, b = Client(), Client()
    a.force_login(regisseur_a)
    b.force_login(regisseur_a)

    def formulier(c: Client) -> dict[str, str]:
        html = c.get(pad).content.decode()
        return {"gewijzigd_op": re.search(r'name="gewijzigd_op" value="([^"]*)"', html)[1]}

    van_a, van_b = formulier(a), formulier(b)
    assert a.post(pad, van_a | {"hulpvraag": "Tekst van A", "oorzaak": "Ziekte"}).status_code == 302
    antwoord = b.post(pad, van_b | {"hulpvraag": "Tekst van B", "oorzaak": ""})
    html = antwoord.content.decode()
    assert antwoord.status_code == 200 and "Iemand anders heeft dit klantplan gewijzigd" in html
    assert "Tekst van B" in html  # her input is kept on the page
    plan.refresh_from_db()
    assert (plan.hulpvraag, plan.oorzaak) == ("Tekst van A", "Ziekte")
    # The page now carries the new version: saving again replaces A's text, knowingly.
    nieuw = re.search(r'name="gewijzigd_op" value="([^"]*)"', html)[1]
    assert nieuw == plan.gewijzigd_op.isoformat()
    assert b.post(pad, {"gewijzigd_op": nieuw, "hulpvraag": "Tekst van B"}).status_code == 302
    plan.refresh_from_db()
    assert plan.hulpvraag == "Tekst van B"
