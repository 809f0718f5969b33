"""The one-minute survey at uitstroom (issue 19, point 4; ADR 0029): the link made at
uitstroom, filled in once without logging in, stored without a trace to the klant, and the
figure over a period and over two years with small numbers hidden."""

from __future__ import annotations

from datetime import date as D
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from rapportage import figuren
from rapportage.kwartalen import Kwartaal
from rapportage.models import Instellingen
from rapportage.perioden import Periode
from rapportage.tevredenheid import services
from rapportage.tevredenheid.models import Antwoord, Uitnodiging
from schuldhulp.permissions import mag
from tests.bouwers import aanmelden, omgeving, stap
from trajecten.models import Traject

GOED = {"cijfer": "8", "meer_rust": "ja", "aanraden": "ja", "toelichting": "Fijn geholpen."}


@pytest.fixture
def uitgestroomd(db, django_capture_on_commit_callbacks):
    """A traject of an omgeving that ended through the service (the invitation follows)."""
    omg = omgeving()
    traject = aanmelden(omg)
    stap(omg, traject, "voer_eerste_gesprek")
    with django_capture_on_commit_callbacks(execute=True):
        stap(omg, traject, "sluit_af", uitstroomreden="Zelf", verwezen_naar="kra")
    return omg, Traject.objects.get(pk=traject.pk)


def test_uitstroom_maakt_een_eenmalige_link(uitgestroomd, django_capture_on_commit_callbacks):
    _, traject = uitgestroomd
    uitnodiging = Uitnodiging.objects.get(traject=traject)
    assert services.voor_traject(traject) == uitnodiging
    dagen = (timezone.localtime(uitnodiging.verloopt_op).date() - timezone.localdate()).days
    assert dagen == 90
    # Another event afterwards makes no second invitation.
    with django_capture_on_commit_callbacks(execute=True):
        services.maak_uitnodiging(traject.pk)
    assert Uitnodiging.objects.filter(traject=traject).count() == 1


def test_lopend_traject_heeft_geen_link(db, django_capture_on_commit_callbacks):
    omg = omgeving()
    with django_capture_on_commit_callbacks(execute=True):
        traject = aanmelden(omg)
    assert not Uitnodiging.objects.filter(traject=traject).exists()


def test_invullen_bewaart_anoniem_en_verbruikt_de_link(uitgestroomd):
    omg, traject = uitgestroomd
    token = services.token(Uitnodiging.objects.get(traject=traject))
    services.vul_in(token, services.Antwoorden(8, "ja", "weet_niet", "  Goed  "))
    antwoord = Antwoord.objects.get()
    assert (antwoord.gemeente_id, antwoord.pakket, antwoord.uitstroomreden) == (
        omg.gemeente.pk,
        "ontzorging",
        "Zelf",
    )
    assert antwoord.kwartaal == Kwartaal.van_datum(timezone.localdate()).start
    assert (antwoord.cijfer, antwoord.aanraden, antwoord.toelichting) == (8, "weet_niet", "Goed")
    # Nothing leads back: no field points to a traject, klant or invitation, and no moment.
    velden = {f.name for f in Antwoord._meta.get_fields()}
    assert velden == {
        "id", "gemeente", "pakket", "uitstroomreden", "kwartaal",
        "cijfer", "meer_rust", "aanraden", "toelichting",
    }  # fmt: skip
    assert Uitnodiging.objects.get(traject=traject).ingevuld_op == timezone.localdate()
    with pytest.raises(services.Linkfout) as fout:
        services.vul_in(token, services.Antwoorden(1, "nee", "nee"))
    assert fout.value.titel == "U hebt de vragenlijst al ingevuld"
    assert fout.value.status == 410
    assert Antwoord.objects.count() == 1
    assert services.voor_traject(traject) is None  # the portal no longer offers it


def test_verlopen_en_vervalste_link(uitgestroomd):
    _, traject = uitgestroomd
    uitnodiging = Uitnodiging.objects.get(traject=traject)
    token = services.token(uitnodiging)
    Uitnodiging.objects.filter(pk=uitnodiging.pk).update(
        verloopt_op=timezone.now() - timedelta(seconds=1)
    )
    with pytest.raises(services.Linkfout) as fout:
        services.lees(token)
    assert fout.value.titel == "Deze link is verlopen"
    with pytest.raises(services.Linkfout) as fout:
        services.lees(token[:-2] + "xx")
    assert fout.value.status == 404
    with pytest.raises(services.Linkfout):
        services.lees("x" * 400)
    assert not Antwoord.objects.exists()


def test_de_poort_laat_een_link_alleen_bij_zijn_eigen_uitnodiging(uitgestroomd):
    omg, traject = uitgestroomd
    eigen = Uitnodiging.objects.get(traject=traject)
    ander_traject = aanmelden(omg)
    andere = services.maak_uitnodiging(ander_traject.pk)
    assert mag(services.partij(eigen), "tevredenheid.invullen", eigen) is None
    assert mag(services.partij(eigen), "tevredenheid.invullen", andere)
    # A medewerker cannot fill it in for the klant.
    assert mag(omg.regisseur, "tevredenheid.invullen", eigen)


def test_pagina_zonder_inloggen(uitgestroomd, client):
    _, traject = uitgestroomd
    url = reverse(
        "tevredenheid:vragenlijst",
        kwargs={"token": services.token(Uitnodiging.objects.get(traject=traject))},
    )
    pagina = client.get(url)
    assert pagina.status_code == 200 and "Hoe was de schuldhulp?" in pagina.text
    assert pagina["Cache-Control"] == "no-store"

    fout = client.post(url, {**GOED, "cijfer": "11", "meer_rust": ""})
    assert fout.status_code == 422
    assert "Kies een cijfer van 1 tot en met 10" in fout.text or "geldige keuze" in fout.text
    assert "Kies ja, een beetje of nee." in fout.text
    assert not Antwoord.objects.exists()

    klaar = client.post(url, GOED)
    assert klaar.status_code == 200 and "Dank u wel" in klaar.text
    assert Antwoord.objects.count() == 1

    nogmaals = client.get(url)
    assert nogmaals.status_code == 410
    assert "U hebt de vragenlijst al ingevuld" in nogmaals.text
    assert client.post(url, GOED).status_code == 410
    assert Antwoord.objects.count() == 1


# --- The figure ------------------------------------------------------------------------------


def _antwoorden(gemeente, kwartaal: D, cijfers: list[int], rust: str = "ja") -> None:
    Antwoord.objects.bulk_create(
        Antwoord(
            gemeente=gemeente,
            pakket="ontzorging",
            uitstroomreden="Afgerond",
            kwartaal=kwartaal,
            cijfer=c,
            meer_rust=rust if i % 2 == 0 else "nee",
            aanraden="ja",
        )
        for i, c in enumerate(cijfers)
    )


def test_cijfer_per_kwartaal_en_per_twee_jaar(gemeente_a, gemeente_b):
    _antwoorden(gemeente_a, D(2026, 4, 1), [8, 9, 7, 6, 10])  # Q2 2026: 5 answers
    _antwoorden(gemeente_a, D(2025, 1, 1), [4, 4, 4, 4, 4])  # within two years of Q2 2026
    _antwoorden(gemeente_a, D(2024, 1, 1), [1] * 5)  # older than two years
    _antwoorden(gemeente_b, D(2026, 4, 1), [1] * 5)  # another gemeente
    f = figuren.bereken(gemeente_a.pk, Kwartaal(2026, 2), Instellingen.huidige())["tevredenheid"]
    assert (f["aantal"], f["cijfer"], f["rust"], f["pct_rust"]) == (5, 8.0, 3, 60.0)
    assert f["pct_aanraden"] == 100.0
    twee = f["twee_jaar"]
    assert (twee["aantal"], twee["cijfer"]) == (10, 6.0)
    assert (twee["van"], twee["tot"]) == ("3e kwartaal 2024", "2e kwartaal 2026")
    # The Stadsbank: all gemeenten.
    totaal = figuren.bereken(None, Kwartaal(2026, 2), Instellingen.huidige())["tevredenheid"]
    assert totaal["aantal"] == 10


def test_weinig_antwoorden_geen_cijfer(gemeente_a, settings):
    _antwoorden(gemeente_a, D(2026, 4, 1), [9, 2, 8, 7])  # 4: below the threshold of 5
    f = figuren.bereken(gemeente_a.pk, Kwartaal(2026, 2), Instellingen.huidige())["tevredenheid"]
    assert f["aantal"] == 4 and f["cijfer"] is None
    settings.RAPPORTAGE_DREMPEL_OPENBAAR = 3
    f = figuren.bereken(gemeente_a.pk, Kwartaal(2026, 2), Instellingen.huidige())["tevredenheid"]
    assert f["cijfer"] == 6.5


def test_een_maand_telt_het_kwartaal_waarin_hij_valt(gemeente_a):
    _antwoorden(gemeente_a, D(2026, 4, 1), [8] * 5)
    mei = Periode.maand(2026, 5)
    f = figuren.bereken(gemeente_a.pk, mei, Instellingen.huidige())["tevredenheid"]
    assert f["aantal"] == 5
    juli = Periode.maand(2026, 7)
    assert (
        figuren.bereken(gemeente_a.pk, juli, Instellingen.huidige())["tevredenheid"]["aantal"] == 0
    )


def test_mijn_schuldhulp_toont_de_link_na_uitstroom(uitgestroomd, client, settings):
    from tests.portaal.test_portaal import log_in

    settings.PORTAAL_DIGID_MOCK = True
    _, traject = uitgestroomd
    log_in(client, traject.klant.bsn)
    pagina = client.get(reverse("portaal:traject", args=[traject.pk]))
    assert "Vul de vragenlijst in" in pagina.text
    link = services.url(Uitnodiging.objects.get(traject=traject))
    assert link in pagina.text
    services.vul_in(
        services.token(Uitnodiging.objects.get(traject=traject)), services.Antwoorden(7, "ja", "ja")
    )
    pagina = client.get(reverse("portaal:traject", args=[traject.pk]))
    assert "Vul de vragenlijst in" not in pagina.text


def test_rapportage_en_openbare_csv(client, gemeente_a, contractmanager_a):
    from rapportage import services as rapportage

    _antwoorden(gemeente_a, D(2026, 4, 1), [9, 8, 7])  # 3: a small number
    _antwoorden(gemeente_a, D(2025, 10, 1), [6, 6, 6, 6])  # two years: 7 answers
    r = rapportage.vraag_aan(
        gemeente=gemeente_a, kwartaal=Kwartaal(2026, 2), door=None, in_wachtrij=False
    )
    r = rapportage.maak(rapportage_id=r.pk)
    f = r.cijfers["figuren"]["tevredenheid"][-1]
    assert (f["aantal"], f["cijfer"], f["twee_jaar"]["cijfer"]) == (3, None, 6.9)
    client.force_login(contractmanager_a)
    intern = client.get(reverse("rapportage_csv", args=[r.pk])).content.decode("utf-8-sig")
    openbaar = client.get(
        reverse("rapportage_csv", args=[r.pk]) + "?versie=openbaar"
    ).content.decode("utf-8-sig")

    def laatste(csv: str, label: str) -> str:
        """The reported quarter's cell of the row `label` (column 2) of the figure."""
        return next(r.split(";") for r in csv.splitlines() if r.split(";")[1:2] == [label])[-1]

    assert laatste(intern, "Ingevulde vragenlijsten") == "3"
    assert laatste(openbaar, "Ingevulde vragenlijsten") == "< 5"
    assert laatste(openbaar, "Ingevulde vragenlijsten – Gemiddeld rapportcijfer") == ""
    assert laatste(intern, "Ingevulde vragenlijsten (twee jaar)") == "7"
    assert laatste(intern, "Ingevulde vragenlijsten (twee jaar) – Gemiddeld rapportcijfer") == "6,9"
    assert "Gemiddeld rapportcijfer" in openbaar
