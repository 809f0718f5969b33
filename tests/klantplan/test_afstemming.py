"""An afstemming addressed to a party, with an answer state (issue 13, point 4): the addressee
hears it (its person, else its team), only the addressee answers (also after uitstroom), once;
the sender's side hears the answer. The page offers an answer form exactly where the service
accepts one, and a refusal is the gate's own reason (afstemming.beantwoorden)."""

from __future__ import annotations

import re

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from klantplan import services
from klantplan.models import Afstemming
from schuldhulp.models import Auditregel
from schuldhulp.permissions import mag
from tests.bouwers import aanmelden, omgeving, probeer, stap, traject_in, vandaag
from trajecten.models import Fase, Signalering, Signaleringsoort, Traject
from trajecten.samenwerking.workflow import Afstemmingstatus

pytestmark = pytest.mark.django_db

ROLLEN = ["regisseur", "consulent", "contractmanager", "beheerder", "ander", "ander_consulent"]


def stuur(traject, door, aan: str = "", bericht: str = "Graag uw reactie", soort="signaal"):
    return services.registreer_afstemming(
        traject=traject, door=door, soort=soort, datum=vandaag(), bericht=bericht, aan=aan
    )


def beantwoord(afstemming, door, antwoord: str = "Is geregeld"):
    return services.beantwoord_afstemming(afstemming_id=afstemming.pk, door=door, antwoord=antwoord)


def afstemmingsignalen(traject) -> list[tuple[int | None, str, str]]:
    return list(
        Signalering.objects.filter(traject=traject, soort=Signaleringsoort.AFSTEMMING)
        .order_by("pk")
        .values_list("gebruiker_id", "partij", "tekst")
    )


# --- Sending --------------------------------------------------------------------------------


def test_gericht_aan_de_gemeente_signaleert_de_contactpersoon():
    omg = omgeving()
    traject = aanmelden(omg, consulent=omg.consulent)
    a = stuur(traject, omg.regisseur, aan="gemeente")
    assert (a.van, a.aan, a.status) == ("stadsbank", "gemeente", Afstemmingstatus.OPEN)
    assert afstemmingsignalen(traject) == [
        (
            omg.consulent.pk,
            "",
            f"Dossier {traject.pk}: afstemming van de Stadsbank (signaal ander leefgebied) "
            "wacht op uw antwoord",
        )
    ]


def test_zonder_contactpersoon_krijgt_het_team_het_signaal():
    omg = omgeving()
    traject = aanmelden(omg)  # nobody at the gemeente
    stuur(traject, omg.regisseur, aan="gemeente")
    assert [(g, p) for g, p, _t in afstemmingsignalen(traject)] == [(None, "gemeente")]


def test_een_notitie_wacht_op_niemand_en_signaleert_niet():
    omg = omgeving()
    traject = aanmelden(omg, consulent=omg.consulent)
    a = stuur(traject, omg.consulent)
    assert (a.van, a.aan, a.status) == ("gemeente", "", "")
    assert afstemmingsignalen(traject) == []


@pytest.mark.parametrize(
    ("aan", "melding"),
    [
        ("stadsbank", "Richt de afstemming aan de andere partij"),
        ("klant", "Kies aan wie de afstemming gericht is."),
    ],
)
def test_alleen_aan_de_andere_partij(aan: str, melding: str):
    omg = omgeving()
    traject = aanmelden(omg)
    assert melding in probeer(lambda: stuur(traject, omg.regisseur, aan=aan))
    assert (
        not Afstemming.objects.exists()
        and not Signalering.objects.filter(soort=Signaleringsoort.AFSTEMMING).exists()
    )


def test_nul_tekens_geweigerd_en_niets_bewaard():
    omg = omgeving()
    traject = aanmelden(omg, consulent=omg.consulent)
    reden = probeer(lambda: stuur(traject, omg.regisseur, aan="gemeente", bericht="a\x00b"))
    assert reden == "Het bericht bevat een ongeldig teken (NUL). Typ de tekst opnieuw."
    a = stuur(traject, omg.regisseur, aan="gemeente")
    assert "ongeldig teken (NUL)" in probeer(lambda: beantwoord(a, omg.consulent, "ja\x00"))
    a.refresh_from_db()
    assert (a.status, a.antwoord, a.beantwoord_door) == (Afstemmingstatus.OPEN, "", None)


def test_warme_overdracht_is_geen_afstemming_meer():
    omg = omgeving()
    traject = aanmelden(omg)
    reden = probeer(lambda: stuur(traject, omg.regisseur, soort="warme_overdracht"))
    assert "trajectpagina" in reden


# --- Answering -----------------------------------------------------------------------------


def test_de_gemeente_antwoordt_en_de_behandelaar_hoort_het():
    omg = omgeving()
    traject = aanmelden(omg, consulent=omg.consulent)
    a = stuur(traject, omg.regisseur, aan="gemeente")
    voor = Auditregel.objects.count()
    beantwoord(a, omg.consulent, "  Wij bellen de klant.  ")
    a.refresh_from_db()
    assert (a.status, a.antwoord, a.beantwoord_door) == (
        Afstemmingstatus.BEANTWOORD,
        "Wij bellen de klant.",
        omg.consulent,
    )
    assert a.beantwoord_op is not None
    assert Auditregel.objects.count() == voor + 1
    assert afstemmingsignalen(traject)[-1] == (
        omg.regisseur.pk,
        "",
        f"Dossier {traject.pk}: de gemeente heeft uw afstemming beantwoord",
    )


def test_antwoord_aan_een_partij_zonder_persoon_gaat_naar_het_team():
    omg = omgeving()
    traject = aanmelden(omg, consulent=omg.consulent)
    Traject.objects.filter(pk=traject.pk).update(behandelaar=None)
    a = stuur(traject, omg.consulent, aan="stadsbank")
    beantwoord(a, omg.regisseur)
    assert [(g, p) for g, p, _t in afstemmingsignalen(traject)] == [
        (None, "stadsbank"),  # the question
        (omg.consulent.pk, ""),  # the answer, to the sender's person
    ]


def test_de_verkeerde_partij_en_twee_keer_antwoorden_geweigerd():
    omg = omgeving()
    traject = aanmelden(omg, consulent=omg.consulent)
    a = stuur(traject, omg.regisseur, aan="gemeente")
    assert probeer(lambda: beantwoord(a, omg.regisseur)) == (
        "Dit is gericht aan de gemeente (consulent): alleen die kan dit doen."
    )
    assert probeer(lambda: beantwoord(a, omg.ander_consulent)) == (
        "U werkt niet voor de gemeente van dit traject."
    )
    beantwoord(a, omg.consulent, "Eerste antwoord")
    assert probeer(lambda: beantwoord(a, omg.consulent, "Tweede")) == (
        "Deze afstemming is al beantwoord."
    )
    a.refresh_from_db()
    assert a.antwoord == "Eerste antwoord"
    notitie = stuur(traject, omg.regisseur)
    assert probeer(lambda: beantwoord(notitie, omg.consulent)) == (
        "Dit bericht is niet aan een partij gericht."
    )


def test_antwoorden_na_uitstroom_mag():
    omg = omgeving()
    traject = aanmelden(omg, consulent=omg.consulent)
    a = stuur(traject, omg.regisseur, aan="gemeente")
    stap(omg, traject, "sluit_af", uitstroomreden="Zelf")
    assert not Traject.objects.get(pk=traject.pk).is_open
    assert beantwoord(a, omg.consulent).status == Afstemmingstatus.BEANTWOORD
    # ... and a new question after uitstroom can still be asked.
    assert stuur(traject, omg.consulent, aan="stadsbank").status == Afstemmingstatus.OPEN


def test_een_afstemming_die_er_niet_is():
    omg = omgeving()
    reden = probeer(
        lambda: services.beantwoord_afstemming(afstemming_id=0, door=omg.consulent, antwoord="x")
    )
    assert reden == "Deze afstemming bestaat niet (meer)."


# --- The gate: page and service agree ----------------------------------------------------------

_FORMULIER = re.compile(r'action="/trajecten/\d+/afstemming/(\d+)/beantwoorden/"')


@pytest.mark.parametrize("fase", [Fase.UITVOERING, Fase.UITGESTROOMD])
@pytest.mark.parametrize("pakket", ["ontzorging", "basis"])
def test_antwoordformulier_en_service_zijn_het_eens(client, pakket: str, fase: Fase):
    omg = omgeving(pakket)
    traject = traject_in(omg, fase, consulent=omg.consulent)
    aan_gemeente = stuur(traject, omg.regisseur, aan="gemeente")
    aan_stadsbank = stuur(traject, omg.consulent, aan="stadsbank")
    beantwoord_ = stuur(traject, omg.consulent, aan="stadsbank")
    beantwoord(beantwoord_, omg.regisseur)
    notitie = stuur(traject, omg.regisseur)
    rijen = [aan_gemeente, aan_stadsbank, beantwoord_, notitie]
    verwacht = {"regisseur": {aan_stadsbank.pk}, "consulent": {aan_gemeente.pk}}
    for rol in ROLLEN:
        door = omg.rol(rol)
        aanvaard = set()
        for a in rijen:
            vers = Afstemming.objects.get(pk=a.pk)
            reden = probeer(lambda a=a, d=door: beantwoord(a, d))
            assert reden == mag(door, "afstemming.beantwoorden", vers), (rol, a.pk)
            if reden is None:
                aanvaard.add(a.pk)
        assert aanvaard == verwacht.get(rol, set()), (rol, fase, pakket)
        client.force_login(door)
        r = client.get(reverse("klantplan:afstemmingen", args=[traject.pk]))
        if rol in ("regisseur", "consulent"):
            html = r.content.decode()
            assert {int(pk) for pk in _FORMULIER.findall(html)} == aanvaard, (rol, fase)
        else:
            assert r.status_code in (403, 404)


# --- Screens --------------------------------------------------------------------------------


def test_formulier_biedt_de_andere_partij_of_een_notitie(client):
    omg = omgeving()
    traject = aanmelden(omg, consulent=omg.consulent)
    url = reverse("klantplan:afstemming_nieuw", args=[traject.pk])
    for door, andere in ((omg.regisseur, "gemeente"), (omg.consulent, "stadsbank")):
        client.force_login(door)
        form = client.get(url).context["form"]
        assert [w for w, _ in form.fields["aan"].choices] == [andere, ""]
        assert "warme_overdracht" not in [w for w, _ in form.fields["soort"].choices]
    client.force_login(omg.regisseur)
    r = client.post(
        url,
        {"soort": "signaal", "datum": vandaag().isoformat(), "bericht": "Zorg", "aan": "stadsbank"},
    )
    assert r.status_code == 200 and not Afstemming.objects.exists()
    assert "Kies aan wie de afstemming gericht is." in r.content.decode()
    r = client.post(
        url,
        {"soort": "signaal", "datum": vandaag().isoformat(), "bericht": "Zorg", "aan": "gemeente"},
    )
    assert r.status_code == 302
    assert Afstemming.objects.get().aan == "gemeente"


def test_lijst_toont_van_aan_status_en_het_antwoord(client):
    omg = omgeving()
    traject = aanmelden(omg, consulent=omg.consulent)
    a = stuur(traject, omg.regisseur, aan="gemeente", bericht="Is er een wijkcoach?")
    url = reverse("klantplan:afstemmingen", args=[traject.pk])
    client.force_login(omg.consulent)
    html = client.get(url).content.decode()
    assert "Wacht op antwoord" in html and "Eén afstemming wacht op uw antwoord" in html
    assert 'tag--stadsbank">Stadsbank</span>' in html and 'tag--gemeente">Gemeente</span>' in html

    # An empty answer: the page again, with the reason beside the field; nothing changes.
    antwoord_url = reverse("klantplan:afstemming_beantwoorden", args=[traject.pk, a.pk])
    r = client.post(antwoord_url, {"antwoord": "  "})
    assert r.status_code == 200 and "Vul uw antwoord in." in r.content.decode()
    assert Afstemming.objects.get().status == Afstemmingstatus.OPEN

    r = client.post(antwoord_url, {"antwoord": "Ja, ze belt morgen."})
    assert r.status_code == 302 and r.url.endswith(f"#afstemming-{a.pk}")
    html = client.get(url).content.decode()
    assert "Beantwoord" in html and "Ja, ze belt morgen." in html
    assert "wacht op uw antwoord" not in html and "/beantwoorden/" not in html

    # Twice: refused with the gate's reason, on the page.
    r = client.post(antwoord_url, {"antwoord": "Nog eens"})
    assert r.status_code == 200 and "Deze afstemming is al beantwoord." in r.content.decode()
    assert Afstemming.objects.get().antwoord == "Ja, ze belt morgen."

    # The regisseur (the sender) sees the answer, no form.
    client.force_login(omg.regisseur)
    html = client.get(url).content.decode()
    assert "Ja, ze belt morgen." in html and "/beantwoorden/" not in html
    assert client.post(antwoord_url, {"antwoord": "x"}).status_code == 200  # refused on page
    assert client.get(antwoord_url).status_code == 405


def test_teller_voor_de_trajectpagina():
    """klantplan/_afstemming_open.html: how many wait for the user's answer, with a link."""
    omg = omgeving()
    traject = aanmelden(omg, consulent=omg.consulent)
    stuur(traject, omg.regisseur, aan="gemeente")
    stuur(traject, omg.regisseur, aan="gemeente", bericht="Nog een vraag")
    stuur(traject, omg.consulent, aan="stadsbank")

    def toon(user) -> str:
        request = RequestFactory().get("/")
        request.user = user
        return render_to_string(
            "klantplan/_afstemming_open.html", {"traject": traject}, request=request
        )

    link = reverse("klantplan:afstemmingen", args=[traject.pk])
    assert f'href="{link}">2 afstemmingen wachten op uw antwoord' in toon(omg.consulent)
    assert "Eén afstemming wacht op uw antwoord" in toon(omg.regisseur)
    assert "afstemming" not in toon(omg.contractmanager)
