"""Manual entry on a creditor's page: an answer received by post, phone or e-mail, with the
day of receipt. A higher saldo updates the debt (old amount kept); bad input is refused in
Dutch with the input kept and nothing saved."""

from __future__ import annotations

import pytest
from django.urls import reverse

from klantplan.models import Schuld
from klantplan.schuldregeling.models import Bericht, Onderhandeling, Regeling, Saldowijziging
from klantplan.schuldregeling.services.handmatig import verstuur_kennisgeving_en_saldoverzoek
from klantplan.schuldregeling.services.versturen import verstuur
from tests.bouwers.trajecten import vandaag
from tests.schuldregeling.bouwers import dossier, voorstel
from tests.schuldregeling.test_overzicht import _ids, _saldo_allen, _versie

pytestmark = pytest.mark.django_db


def _post(client, d, naam: str, wat: str, versie: int | None = None, **velden):
    o = d.onderhandeling(naam)
    data = {f"{wat}-{k}": v for k, v in velden.items()}
    data["versie"] = _versie(d) if versie is None else versie
    return client.post(reverse("schuldregeling:vastleggen", args=[o.pk, wat]), data)


def _formulieren(client, d, naam: str) -> set[str]:
    o = d.onderhandeling(naam)
    html = client.get(reverse("schuldregeling:schuldeiser", args=[o.pk])).content.decode()
    return {
        w
        for w in ("saldo", "antwoord", "geen_medewerking", "geen_reactie", "status")
        if f'id="invoer-{w}"' in html
    }


def test_hoger_saldo_per_post_werkt_de_schuld_bij(client):
    d = dossier()
    client.force_login(d.omg.regisseur)
    verstuur_kennisgeving_en_saldoverzoek(
        onderhandeling_ids=_ids(d), door=d.omg.regisseur, datum=vandaag()
    )
    assert _formulieren(client, d, "CJIB") == {
        "saldo",
        "geen_medewerking",
        "geen_reactie",
        "status",
    }
    antwoord = _post(
        client,
        d,
        "CJIB",
        "saldo",
        datum=vandaag().isoformat(),
        kanaal="post",
        hoofdsom="450,50",
        kosten="1.015,00",
        rente="3,33",
        kenmerk="CJIB-2026-77",
    )
    assert antwoord.status_code == 302
    o = d.onderhandeling("CJIB")
    assert (o.status, o.saldo_cent, o.hoofdsom_cent, o.kosten_cent, o.rente_cent) == (
        "saldo_ontvangen",
        146_883,
        45_050,
        101_500,
        333,
    )
    schuld = Schuld.objects.get(pk=o.schuld_id)
    assert schuld.actueel_bedrag_cent == 146_883 and schuld.oorspronkelijk_bedrag_cent == 45_050
    w = Saldowijziging.objects.get(schuld=schuld)
    assert (w.oud_cent, w.nieuw_cent, w.door) == (45_050, 146_883, d.omg.regisseur)
    b = Bericht.objects.get(onderhandeling=o, soort="saldoverzoek_antwoord")
    assert (b.richting, b.kanaal, b.datum, b.door) == ("in", "post", vandaag(), d.omg.regisseur)
    html = client.get(reverse("schuldregeling:regeling", args=[d.regeling.pk])).content.decode()
    assert "€ 1.468,83" in html and "was € 450,50" in html


@pytest.mark.parametrize(
    ("velden", "fout"),
    [
        ({"hoofdsom": "-12,00"}, "Een bedrag kan niet negatief zijn."),
        ({"hoofdsom": "12,345"}, "hoogstens 2 cijfers achter de komma"),
        ({"hoofdsom": "twaalf"}, "Vul een bedrag in euro"),
        ({"hoofdsom": ""}, "Vul de hoofdsom in."),
        ({"kenmerk": "AB\x00C"}, "Null-tekens zijn niet toegestaan."),
        ({"datum": "2999-01-01"}, "De datum ligt in de toekomst."),
        ({"kanaal": "portaal"}, "Kies een van de mogelijkheden"),
    ],
)
def test_foute_invoer_wordt_geweigerd_en_bewaart_niets(client, velden, fout):
    d = dossier()
    client.force_login(d.omg.regisseur)
    invoer = {"datum": vandaag().isoformat(), "kanaal": "telefoon", "hoofdsom": "500,00"}
    antwoord = _post(client, d, "Vitens", "saldo", **{**invoer, **velden})
    html = antwoord.content.decode()
    assert antwoord.status_code == 200
    assert fout.replace("'", "&#x27;") in html or fout in html, html.split("foutsamenvatting")[1][
        :600
    ]
    assert d.onderhandeling("Vitens").status == "nieuw"
    assert not Bericht.objects.filter(traject=d.traject).exists()
    # The input is kept on the form.
    waarde = {**invoer, **velden}["hoofdsom"]
    if waarde:
        assert f'value="{waarde}"' in html


def test_nul_teken_in_reden_wordt_geweigerd(client):
    d = dossier()
    client.force_login(d.omg.regisseur)
    verstuur(
        onderhandeling_ids=_ids(d, "Menzis"),
        handeling="sr.kennisgeving",
        door=d.omg.regisseur,
        datum=vandaag(),
    )
    antwoord = _post(
        client,
        d,
        "Menzis",
        "geen_medewerking",
        datum=vandaag().isoformat(),
        kanaal="email",
        reden="Nee\x00",
    )
    assert antwoord.status_code == 200
    assert d.onderhandeling("Menzis").status == "kennisgeving"


def test_afwijzing_heroverweging_en_akkoord_per_telefoon(client):
    d = dossier()
    regisseur = d.omg.regisseur
    client.force_login(regisseur)
    verstuur_kennisgeving_en_saldoverzoek(
        onderhandeling_ids=_ids(d), door=regisseur, datum=vandaag()
    )
    _saldo_allen(d)
    voorstel(d)
    verstuur(
        onderhandeling_ids=_ids(d), handeling="sr.betaalvoorstel", door=regisseur, datum=vandaag()
    )
    assert "antwoord" in _formulieren(client, d, "Welbions")
    # Niet akkoord without a reason: refused.
    antwoord = _post(
        client,
        d,
        "Welbions",
        "antwoord",
        datum=vandaag().isoformat(),
        kanaal="telefoon",
        akkoord="nee",
    )
    assert "Vul de reden van de afwijzing in." in antwoord.content.decode()
    assert d.onderhandeling("Welbions").status == "voorstel"
    antwoord = _post(
        client,
        d,
        "Welbions",
        "antwoord",
        datum=vandaag().isoformat(),
        kanaal="telefoon",
        akkoord="nee",
        reden="Huurschuld gaat voor",
    )
    assert antwoord.status_code == 302
    o = d.onderhandeling("Welbions")
    assert (o.status, o.afwijsreden) == ("afgewezen", "Huurschuld gaat voor")
    # The overview now offers a heroverweging for Welbions only.
    html = client.get(reverse("schuldregeling:regeling", args=[d.regeling.pk])).content.decode()
    assert f'value="{o.pk}" id="kies-{o.pk}" data-acties="heroverweging statusverzoek"' in html
    client.post(
        reverse("schuldregeling:versturen", args=[d.regeling.pk]),
        {"versie": _versie(d), "actie": "heroverweging", "schuldeisers": [o.pk]},
    )
    assert d.onderhandeling("Welbions").status == "heroverweging"
    html = client.get(reverse("schuldregeling:schuldeiser", args=[o.pk])).content.decode()
    assert "Antwoord op de heroverweging vastleggen" in html
    antwoord = _post(
        client, d, "Welbions", "antwoord", datum=vandaag().isoformat(), kanaal="post", akkoord="ja"
    )
    assert d.onderhandeling("Welbions").status == "akkoord"
    b = Bericht.objects.filter(onderhandeling=o).order_by("pk").last()
    assert (b.soort, b.inhoud["akkoord"], b.kanaal) == ("heroverweging_antwoord", True, "post")


def test_geen_reactie_en_statusbericht_met_de_hand(client):
    d = dossier()
    client.force_login(d.omg.regisseur)
    verstuur_kennisgeving_en_saldoverzoek(
        onderhandeling_ids=_ids(d, "Vitens"), door=d.omg.regisseur, datum=vandaag()
    )
    antwoord = _post(
        client,
        d,
        "Vitens",
        "status",
        datum=vandaag().isoformat(),
        kanaal="email",
        soort="statusbericht",
        tekst="Incasso is gestopt.",
    )
    assert antwoord.status_code == 302
    assert d.onderhandeling("Vitens").status == "saldo_gevraagd"  # no state change
    antwoord = _post(
        client,
        d,
        "Vitens",
        "geen_reactie",
        datum=vandaag().isoformat(),
        toelichting="Ook na twee herinneringen niets.",
    )
    assert antwoord.status_code == 302
    o = d.onderhandeling("Vitens")
    assert (o.status, o.termijn_tot) == ("geen_reactie", None)
    soorten = list(o.berichten.values_list("soort", "richting"))
    assert soorten == [("kennisgeving", "uit"), ("saldoverzoek", "uit"), ("statusbericht", "in")]
    # From "geen reactie" a new saldoverzoek may go out.
    assert "saldo" in _formulieren(client, d, "Vitens")


def test_verouderd_formulier_op_de_schuldeiserpagina(client):
    d = dossier()
    client.force_login(d.omg.regisseur)
    oud = _versie(d)
    verstuur(
        onderhandeling_ids=_ids(d, "CJIB"),
        handeling="sr.kennisgeving",
        door=d.omg.regisseur,
        datum=vandaag(),
    )
    antwoord = _post(
        client,
        d,
        "Menzis",
        "saldo",
        versie=oud,
        datum=vandaag().isoformat(),
        kanaal="post",
        hoofdsom="888,00",
    )
    html = antwoord.content.decode()
    assert "Iemand anders heeft deze schuldregeling net gewijzigd" in html
    assert 'value="888,00"' in html
    assert d.onderhandeling("Menzis").status == "nieuw"
    # Submitted twice (the second with the version of the first): saved once.
    nu = _versie(d)
    velden = dict(datum=vandaag().isoformat(), kanaal="post", hoofdsom="888,00")
    assert _post(client, d, "Menzis", "saldo", versie=nu, **velden).status_code == 302
    assert _post(client, d, "Menzis", "saldo", versie=nu, **velden).status_code == 200
    assert Bericht.objects.filter(onderhandeling__schuld__schuldeiser__naam="Menzis").count() == 1
    assert Regeling.objects.get(pk=d.regeling.pk).versie == nu + 1


def test_brief_als_pdf_alleen_voor_eigen_gemeente(client):
    d = dossier()
    b = verstuur(
        onderhandeling_ids=_ids(d, "CJIB"),
        handeling="sr.kennisgeving",
        door=d.omg.regisseur,
        datum=vandaag(),
    )[0]
    url = reverse("schuldregeling:bericht_pdf", args=[b.pk])
    client.force_login(d.omg.consulent)
    antwoord = client.get(url)
    assert antwoord.status_code == 200 and antwoord["Content-Type"] == "application/pdf"
    assert (
        antwoord.content.startswith(b"%PDF")
        and 'filename="kennisgeving-cjib-' in antwoord["Content-Disposition"]
    )
    o = d.onderhandeling("CJIB")
    html = client.get(reverse("schuldregeling:schuldeiser", args=[o.pk])).content.decode()
    assert url in html
    client.force_login(d.omg.ander)
    assert client.get(url).status_code == 404
    client.force_login(d.omg.contractmanager)
    assert client.get(url).status_code == 403
    # A letter whose stored bytes no longer match the checksum is not handed out.
    Bericht.objects.filter(pk=b.pk).update(pdf=b"%PDF-kapot")
    client.force_login(d.omg.regisseur)
    assert client.get(url).status_code == 404
    assert Onderhandeling.objects.get(pk=o.pk).status == "kennisgeving"
