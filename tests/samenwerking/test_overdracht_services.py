"""Warme overdracht through its services: the happy path, who is aan zet at each step, the
signaleringen, and every refusal (nothing half-saved)."""

from __future__ import annotations

import pytest

from schuldhulp.pakketten import Partij
from tests.bouwers import momentopname, naar_fase, omgeving, overgang, traject_in
from tests.samenwerking.bouwers import overdracht_nodig, verstuur
from trajecten.models import Fase, Gebeurtenis, Gebeurtenissoort, Signalering, Traject
from trajecten.samenwerking import aanzet
from trajecten.samenwerking.models import Overdracht
from trajecten.samenwerking.services import overdracht as services
from trajecten.samenwerking.workflow import Overdrachtstatus
from trajecten.services import Geweigerd

pytestmark = pytest.mark.django_db


def _stand(traject: Traject) -> tuple[str, Partij | None]:
    t = Traject.objects.get(pk=traject.pk)
    return t.aan_zet, aanzet.bepaal(t).overdracht_van


def _signalen(traject: Traject) -> list[Signalering]:
    return list(Signalering.objects.filter(traject=traject, soort="overdracht").order_by("pk"))


def test_versturen_accepteren_en_aan_zet_langs_de_hele_route(hybride, traject):
    # Due: the gemeente took the last step, the Stadsbank takes the next.
    assert _stand(traject) == ("gemeente", Partij.GEMEENTE)
    assert "Warme overdracht aan de Stadsbank" in aanzet.bepaal(traject).wat

    o = verstuur(traject, hybride.consulent)
    assert (o.van, o.aan, o.status) == ("gemeente", "stadsbank", "open")
    assert o.verstuurd_door == hybride.consulent
    assert o.situatie.startswith("Alleenstaande moeder")
    assert _stand(traject) == ("stadsbank", None)
    g = Gebeurtenis.objects.get(traject=traject, soort=Gebeurtenissoort.OVERDRACHT)
    assert g.door == hybride.consulent
    assert g.gegevens["overdracht"] == o.pk
    assert (g.gegevens["van"], g.gegevens["aan"]) == ("gemeente", "stadsbank")
    # The receiver's person gets it; the text names no person and no amount.
    (ontvangen,) = _signalen(traject)
    assert ontvangen.gebruiker == hybride.regisseur
    assert f"dossier {traject.pk}" in ontvangen.tekst
    assert "Warme overdracht van de gemeente ontvangen" in ontvangen.tekst
    assert traject.klant.achternaam not in ontvangen.tekst

    services.stel_vraag(overdracht_id=o.pk, door=hybride.regisseur, vraag="Loopt er beslag?")
    assert _stand(traject) == ("gemeente", None)
    assert Overdracht.objects.get(pk=o.pk).status == Overdrachtstatus.VRAAG
    assert _signalen(traject)[-1].gebruiker == hybride.consulent

    services.beantwoord(overdracht_id=o.pk, door=hybride.consulent, antwoord="Nee, nog niet.")
    assert _stand(traject) == ("stadsbank", None)
    o.refresh_from_db()
    assert (o.status, o.vraag, o.antwoord) == ("open", "Loopt er beslag?", "Nee, nog niet.")
    assert _signalen(traject)[-1].gebruiker == hybride.regisseur

    services.accepteer(overdracht_id=o.pk, door=hybride.regisseur)
    o.refresh_from_db()
    assert o.status == Overdrachtstatus.GEACCEPTEERD
    assert o.geaccepteerd_door == hybride.regisseur and o.geaccepteerd_op is not None
    acceptatie = Gebeurtenis.objects.get(
        traject=traject, soort=Gebeurtenissoort.OVERDRACHT_GEACCEPTEERD
    )
    assert acceptatie.gegevens["aan"] == "stadsbank"  # aanzet.vorige_partij reads it
    # Now the Stadsbank holds the traject and takes the next step; nothing is due any more.
    assert _stand(traject) == ("stadsbank", None)
    assert aanzet.bepaal(Traject.objects.get(pk=traject.pk)).wat == "Financiële rust vastleggen"
    assert _signalen(traject)[-1].gebruiker == hybride.consulent
    assert "geaccepteerd" in _signalen(traject)[-1].tekst
    # Question and answer are in the timeline too.
    assert list(
        Gebeurtenis.objects.filter(
            traject=traject,
            soort__in=[Gebeurtenissoort.OVERDRACHT_VRAAG, Gebeurtenissoort.OVERDRACHT_ANTWOORD],
        )
        .order_by("pk")
        .values_list("toelichting", flat=True)
    ) == ["Loopt er beslag?", "Nee, nog niet."]


def test_zonder_behandelaar_krijgt_het_team_van_de_stadsbank_de_signalering(hybride):
    traject = overdracht_nodig(hybride, behandelaar=False)
    verstuur(traject, hybride.consulent)
    (signaal,) = _signalen(traject)
    assert (signaal.gebruiker, signaal.partij) == (None, "stadsbank")


def _weigering(schrijf, traject: Traject) -> str:
    voor = (momentopname(traject), list(Overdracht.objects.values_list("pk", "status")))
    signalen = Signalering.objects.count()
    with pytest.raises(Geweigerd) as fout:
        schrijf()
    assert (momentopname(traject), list(Overdracht.objects.values_list("pk", "status"))) == voor
    assert Signalering.objects.count() == signalen
    return str(fout.value)


def test_twee_keer_accepteren_wordt_geweigerd_door_de_status(hybride, traject):
    o = verstuur(traject, hybride.consulent)
    services.accepteer(overdracht_id=o.pk, door=hybride.regisseur)
    reden = _weigering(
        lambda: services.accepteer(overdracht_id=o.pk, door=hybride.regisseur), traject
    )
    assert reden == "Dit kan niet bij een overdracht met status 'Geaccepteerd'."


def test_de_afzender_kan_niet_accepteren_en_geen_vraag_stellen(hybride, traject):
    o = verstuur(traject, hybride.consulent)
    reden = _weigering(
        lambda: services.accepteer(overdracht_id=o.pk, door=hybride.consulent), traject
    )
    assert reden == "Dit is gericht aan de Stadsbank (klantregisseur): alleen die kan dit doen."
    reden = _weigering(
        lambda: services.stel_vraag(overdracht_id=o.pk, door=hybride.consulent, vraag="?"),
        traject,
    )
    assert "gericht aan de Stadsbank" in reden


def test_de_ontvanger_kan_de_vraag_niet_zelf_beantwoorden(hybride, traject):
    o = verstuur(traject, hybride.consulent)
    services.stel_vraag(overdracht_id=o.pk, door=hybride.regisseur, vraag="Welke schulden?")
    reden = _weigering(
        lambda: services.beantwoord(overdracht_id=o.pk, door=hybride.regisseur, antwoord="Ik"),
        traject,
    )
    assert reden == "Dit kan alleen de gemeente (consulent): die heeft het verstuurd."
    # Accepting while the question waits: refused by the state.
    reden = _weigering(
        lambda: services.accepteer(overdracht_id=o.pk, door=hybride.regisseur), traject
    )
    assert "status 'Vraag gesteld aan de afzender'" in reden


def test_antwoord_zonder_vraag_en_lege_vraag_worden_geweigerd(hybride, traject):
    o = verstuur(traject, hybride.consulent)
    reden = _weigering(
        lambda: services.beantwoord(overdracht_id=o.pk, door=hybride.consulent, antwoord="Ja"),
        traject,
    )
    assert "status 'Wacht op acceptatie'" in reden
    reden = _weigering(
        lambda: services.stel_vraag(overdracht_id=o.pk, door=hybride.regisseur, vraag="  "),
        traject,
    )
    assert reden == "Schrijf uw vraag aan de afzender op."


def test_een_tweede_open_overdracht_wordt_geweigerd(hybride, traject):
    verstuur(traject, hybride.consulent)
    reden = _weigering(lambda: verstuur(traject, hybride.consulent), traject)
    assert reden == services.AL_OPEN


def test_de_database_beslist_tussen_twee_gelijktijdige_overdrachten(hybride, traject, monkeypatch):
    """Past the check (as two writers at once would be): the unique constraint on open
    overdrachten refuses the second, with the same Dutch message, and nothing is half-saved."""
    verstuur(traject, hybride.consulent)
    monkeypatch.setattr(services, "reden_geen_overdracht", lambda *a, **k: None)
    reden = _weigering(lambda: verstuur(traject, hybride.consulent), traject)
    assert reden == services.AL_OPEN


def test_andere_gemeente_contractmanager_en_gesloten_traject(hybride, traject):
    reden = _weigering(lambda: verstuur(traject, hybride.ander_consulent), traject)
    assert reden == "U werkt niet voor de gemeente van dit traject."
    reden = _weigering(lambda: verstuur(traject, hybride.contractmanager), traject)
    assert reden == "Met uw rol kunt u trajecten niet wijzigen."
    o = verstuur(traject, hybride.consulent)
    reden = _weigering(lambda: services.accepteer(overdracht_id=o.pk, door=hybride.ander), traject)
    assert reden == "U werkt niet voor de gemeente van dit traject."

    gesloten = naar_fase(overdracht_nodig(hybride), Fase.UITGESTROOMD, hybride.consulent)
    reden = _weigering(lambda: verstuur(gesloten, hybride.consulent), gesloten)
    assert reden == "Dit traject is afgesloten."
    # An overdracht left open when its traject ended cannot be accepted any more.
    overgang(traject, "sluit_af", hybride.consulent, uitstroomreden="Zelf")
    reden = _weigering(
        lambda: services.accepteer(overdracht_id=o.pk, door=hybride.regisseur), traject
    )
    assert reden == "Dit traject is afgesloten."


def test_situatie_is_verplicht_en_teksten_hebben_een_maximum(hybride, traject):
    for leeg in ("", "   \n  "):
        reden = _weigering(
            lambda leeg=leeg: verstuur(traject, hybride.consulent, situatie=leeg), traject
        )
        assert reden == "Beschrijf de situatie van de klant in een paar regels."
    reden = _weigering(lambda: verstuur(traject, hybride.consulent, situatie="x" * 2001), traject)
    assert reden == "De situatie is te lang: hoogstens 2000 tekens (2001 nu)."
    reden = _weigering(lambda: verstuur(traject, hybride.consulent, urgent="x" * 4001), traject)
    assert reden == "'Wat is urgent' is te lang: hoogstens 4000 tekens (4001 nu)."


def test_nul_tekens_worden_weggelaten(hybride, traject):
    reden = _weigering(lambda: verstuur(traject, hybride.consulent, situatie="\x00 "), traject)
    assert reden == "Beschrijf de situatie van de klant in een paar regels."
    o = verstuur(traject, hybride.consulent, situatie="Huur\x00 achterstand", gedaan="\x00")
    o.refresh_from_db()
    assert (o.situatie, o.gedaan) == ("Huur achterstand", "")


def test_verouderde_pagina_wordt_geweigerd(hybride, traject):
    reden = _weigering(
        lambda: verstuur(traject, hybride.consulent, verwachte_versie=traject.versie - 1), traject
    )
    assert reden.startswith("Iemand anders heeft dit traject net gewijzigd.")


def test_niets_over_te_dragen_als_de_volgende_stap_bij_de_eigen_partij_ligt(hybride, traject):
    """The Stadsbank takes the next step: it has nothing to hand to the gemeente (the
    gemeente may still send a summary the other way)."""
    reden = _weigering(lambda: verstuur(traject, hybride.regisseur), traject)
    assert reden.startswith("De volgende stap in dit traject ligt bij uw eigen partij (Stadsbank)")
    # Ontzorging, everything by the Stadsbank: nothing due, the consulent may still inform.
    omg = omgeving("ontzorging")
    t = traject_in(omg, Fase.STABILISATIE)
    assert _stand(t) == ("stadsbank", None)
    _weigering(lambda: verstuur(t, omg.regisseur), t)
    o = verstuur(t, omg.consulent)
    assert (o.van, o.aan) == ("gemeente", "stadsbank")
