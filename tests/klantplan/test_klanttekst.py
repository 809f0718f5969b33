"""Tekst voor de klant apart van de interne notitie (ADR 0027, issue 20 punt 6): older data
(only the internal text) never reaches a client document, an internal text is never copied to
the klant, a new version keeps both, and the forms say who reads each field."""

from __future__ import annotations

import pytest
from django.utils import timezone

from klantplan import services
from klantplan.models import ACTIE_NOG_NIET_VOOR_KLANT, DOEL_NOG_NIET_VOOR_KLANT, Actie, Doel
from tests.klantplan.test_documenten import tekst

pytestmark = pytest.mark.django_db

NOTITIE = "Faillissement van haar man"


def _pdf(traject, door, soort: str, **kwargs) -> str:
    document = services.maak_document(traject=traject, door=door, soort=soort, **kwargs)
    return tekst(bytes(document.inhoud))


def test_oude_tekst_blijft_intern_en_het_document_zegt_dat_het_nog_komt(traject_a, regisseur_a):
    """As after migration 0010: the text sits only in the internal field."""
    plan = services.maak_klantplan(traject=traject_a, door=regisseur_a)
    services.wijzig_klantplan(
        klantplan_id=plan.pk, door=regisseur_a, hulpvraag=NOTITIE, oorzaak=NOTITIE
    )
    doel = services.voeg_doel_toe(klantplan_id=plan.pk, door=regisseur_a, omschrijving=NOTITIE)
    actie = services.voeg_actie_toe(
        klantplan_id=plan.pk, door=regisseur_a, soort="klant", wat=NOTITIE
    )
    assert (doel.klanttekst, actie.klanttekst) == ("", "")
    assert doel.tekst_voor_klant == DOEL_NOG_NIET_VOOR_KLANT
    klantplan = _pdf(traject_a, regisseur_a, "klantplan", klantplan_id=plan.pk)
    actielijst = _pdf(traject_a, regisseur_a, "actielijst")
    for inhoud in (klantplan, actielijst):
        assert NOTITIE not in inhoud and "Faillissement" not in inhoud
        assert ACTIE_NOG_NIET_VOOR_KLANT in inhoud
    assert DOEL_NOG_NIET_VOOR_KLANT in klantplan
    assert "Uw vraag schrijven we samen met u op." in klantplan


def test_lege_notitie_neemt_de_klanttekst_nooit_andersom(traject_a, regisseur_a):
    plan = services.maak_klantplan(traject=traject_a, door=regisseur_a)
    actie = services.voeg_actie_toe(
        klantplan_id=plan.pk, door=regisseur_a, soort="klant", klanttekst="Stuur uw loonstrook."
    )
    assert actie.wat == "Stuur uw loonstrook."  # the team's screens have a name for it
    services.wijzig_actie(
        actie_id=actie.pk, door=regisseur_a, soort="klant", wat=NOTITIE, klanttekst=""
    )
    actie.refresh_from_db()
    assert (actie.wat, actie.klanttekst) == (NOTITIE, "")
    with pytest.raises(services.Ongeldig, match="Vul de tekst voor de klant in") as fout:
        services.voeg_doel_toe(klantplan_id=plan.pk, door=regisseur_a, klanttekst=" ")
    assert fout.value.veld == "klanttekst"


def test_nieuwe_versie_houdt_klanttekst_en_notitie(traject_a, regisseur_a):
    plan = services.maak_klantplan(traject=traject_a, door=regisseur_a)
    services.wijzig_klantplan(
        klantplan_id=plan.pk,
        door=regisseur_a,
        hulpvraag=NOTITIE,
        oorzaak="",
        hulpvraag_klant="U wilt rust.",
        situatie_klant="U woont in een huurhuis.",
    )
    services.voeg_doel_toe(
        klantplan_id=plan.pk, door=regisseur_a, omschrijving=NOTITIE, klanttekst="Huur betaald."
    )
    services.voeg_actie_toe(
        klantplan_id=plan.pk, door=regisseur_a, soort="klant", wat=NOTITIE, klanttekst="Bellen."
    )
    services.stel_vast(
        klantplan_id=plan.pk, door=regisseur_a, datum=timezone.localdate(), besproken_met_klant=True
    )
    nieuw = services.nieuwe_versie(traject=traject_a, door=regisseur_a)
    assert (nieuw.hulpvraag_klant, nieuw.situatie_klant) == (
        "U wilt rust.",
        "U woont in een huurhuis.",
    )
    assert Doel.objects.get(klantplan=nieuw).klanttekst == "Huur betaald."
    assert Actie.objects.get(klantplan=nieuw).klanttekst == "Bellen."
    assert Actie.objects.get(klantplan=nieuw).wat == NOTITIE


def test_formulieren_zeggen_wie_een_veld_leest(client, traject_a, regisseur_a):
    plan = services.maak_klantplan(traject=traject_a, door=regisseur_a)
    client.force_login(regisseur_a)
    basis = f"/trajecten/{traject_a.pk}/klantplan/versie/{plan.versie}"
    for pad in ("wijzigen/", "doelen/nieuw/", "acties/nieuw/"):
        pagina = client.get(f"{basis}/{pad}").content.decode()
        assert "Zichtbaar voor de klant" in pagina, pad
        assert "Alleen intern" in pagina, pad
    pagina = client.get(f"{basis}/").content.decode()
    assert "Nog niet voor de klant geschreven" in pagina  # the plan's vraag is still empty
