"""The schuldeiserportaal: a creditor answers through its link (saldo, akkoord, afwijzing,
geen medewerking, heroverweging); refusals (unknown, tampered, expired, used, superseded,
answered by hand, regeling over) are plain pages and save nothing; bad input is refused with
a Dutch message and kept on the form."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from klantplan.models import Schuld
from klantplan.schuldregeling.models import Bericht, Onderhandeling, Portaallink, Saldowijziging
from klantplan.schuldregeling.services import portaal
from klantplan.schuldregeling.services.antwoorden import leg_saldo_vast
from klantplan.schuldregeling.services.kern import onder_onderhandeling, stap
from klantplan.schuldregeling.services.versturen import verstuur
from klantplan.schuldregeling.workflow import Kanaal
from schuldhulp.models import Auditregel
from tests.bouwers.trajecten import vandaag
from tests.schuldregeling.bouwers import BEDRAGEN, Dossier, dossier, voorstel
from trajecten.models import Gebeurtenis, Traject
from trajecten.services import Geweigerd

pytestmark = pytest.mark.django_db
PARTIJ = "CJIB (via het schuldeiserportaal)"


def _snelle_brief(bericht: Bericht) -> None:
    bericht.pdf = b"%PDF-1.4 brief"
    bericht.sha256 = hashlib.sha256(bericht.pdf).hexdigest()
    bericht.save(update_fields=["pdf", "sha256"])


@pytest.fixture(autouse=True)
def snelle_brieven(monkeypatch):
    """What is tested here is the portal, not the letter: skip WeasyPrint (~1 s a letter)."""
    monkeypatch.setattr("klantplan.schuldregeling.brieven.maak_brief", _snelle_brief)


def vraag(d: Dossier, naam: str = "CJIB", handeling: str = "sr.saldoverzoek") -> Portaallink:
    [bericht] = verstuur(
        onderhandeling_ids=[d.onderhandeling(naam).pk],
        handeling=handeling,
        door=d.omg.regisseur,
        datum=vandaag(),
    )
    return Portaallink.objects.get(bericht=bericht)


def pad(link: Portaallink) -> str:
    return reverse("schuldregeling:portaal", kwargs={"token": portaal.token(link)})


def voorstel_gevraagd(d: Dossier, naam: str = "CJIB") -> Portaallink:
    """Saldo as the client said (through the portal), a voorstel chosen, the betaalvoorstel
    sent: the creditor's new link."""
    link = vraag(d, naam)
    portaal.geef_saldo(
        token=portaal.token(link),
        vraag_id=None,
        hoofdsom_cent=BEDRAGEN[naam],
        kosten_cent=None,
        rente_cent=None,
    )
    voorstel(d)
    return vraag(d, naam, "sr.betaalvoorstel")


def niets_opgeslagen(d: Dossier, voor: tuple) -> bool:
    return stand(d) == voor


def stand(d: Dossier) -> tuple:
    return (
        Bericht.objects.filter(traject=d.traject).count(),
        Gebeurtenis.objects.filter(traject=d.traject).count(),
        Saldowijziging.objects.count(),
        list(Onderhandeling.objects.filter(regeling=d.regeling).values_list("status", "pk")),
        list(Portaallink.objects.values_list("pk", "gebruikt_op")),
    )


def tekst(antwoord) -> str:
    return re.sub(r"\s+", " ", antwoord.content.decode())


# --- Answering -----------------------------------------------------------------------------


def test_schuldeiser_ziet_de_vraag_minimaal_en_met_de_juiste_koppen() -> None:
    d = dossier()
    link = vraag(d)
    klant = d.traject.klant
    antwoord = Client().get(pad(link))
    assert antwoord.status_code == 200
    assert antwoord["Referrer-Policy"] == "strict-origin"
    assert antwoord["Cache-Control"] == "no-store"
    assert "noindex" in antwoord["X-Robots-Tag"]
    html = tekst(antwoord)
    assert "Wat is het saldo van uw vordering?" in html
    assert klant.achternaam in html and "€ 450,50" in html  # CJIB's claim as we have it
    assert klant.bsn not in html and klant.postcode not in html  # data minimisation
    assert "Belastingdienst" not in html and "Vitens" not in html  # no other creditor
    assert "Uitloggen" not in html and "Hoofdmenu" not in html  # no staff layout
    regel = Auditregel.objects.filter(objecttype="onderhandeling").last()
    assert regel.klant_id == klant.pk and regel.gebruiker is None
    assert "CJIB" in regel.omschrijving


def test_hoger_saldo_via_portaal_werkt_de_schuld_bij() -> None:
    d = dossier()
    link = vraag(d)
    antwoord = Client().post(
        pad(link),
        {
            "actie": "saldo",
            "saldo-vraag": link.bericht_id,
            "saldo-hoofdsom": "1.450,50",
            "saldo-kosten": "40,00",
            "saldo-rente": "9,99",
            "saldo-kenmerk": "CJIB-2026-1",
        },
    )
    assert antwoord.status_code == 200
    html = tekst(antwoord)
    assert "Bedankt voor uw antwoord" in html and "€ 1.500,49" in html
    o = d.onderhandeling("CJIB")
    assert o.status == "saldo_ontvangen"
    assert (o.saldo_cent, o.hoofdsom_cent, o.kosten_cent, o.rente_cent) == (
        150_049,
        145_050,
        4_000,
        999,
    )
    assert o.kenmerk == "CJIB-2026-1" and o.termijn_tot is None
    schuld = Schuld.objects.get(pk=o.schuld_id)
    assert schuld.actueel_bedrag_cent == 150_049 and schuld.oorspronkelijk_bedrag_cent == 45_050
    w = Saldowijziging.objects.get(schuld=schuld)
    assert (w.oud_cent, w.nieuw_cent, w.door_id, w.door_extern) == (45_050, 150_049, None, PARTIJ)
    bericht = Bericht.objects.get(onderhandeling=o, soort="saldoverzoek_antwoord")
    assert (bericht.kanaal, bericht.richting, bericht.door_extern) == ("portaal", "in", PARTIJ)
    assert bericht.inhoud["saldo_cent"] == 150_049
    g = Gebeurtenis.objects.filter(traject=d.traject, soort="schuldeiser").last()
    assert g.door is None and g.gegevens["door_extern"] == PARTIJ
    assert g.gegevens["status"] == "saldo_ontvangen"
    link.refresh_from_db()
    assert link.gebruikt_op is not None
    # The link works once: the same page again says so, with the day.
    opnieuw = Client().get(pad(link))
    assert opnieuw.status_code == 410
    assert "U hebt deze vraag al beantwoord" in tekst(opnieuw)
    assert timezone.localdate().strftime("%Y") in tekst(opnieuw)


def test_akkoord_via_portaal() -> None:
    d = dossier()
    link = voorstel_gevraagd(d)
    o = d.onderhandeling("CJIB")
    html = tekst(Client().get(pad(link)))
    assert "Gaat u akkoord met het betaalvoorstel?" in html
    assert f"{o.aangeboden_cent // 100}," in html.replace(".", "")  # the offer in euros
    antwoord = Client().post(
        pad(link),
        {"actie": "antwoord", "antwoord-vraag": link.bericht_id, "antwoord-antwoord": "akkoord"},
    )
    assert antwoord.status_code == 200 and "Akkoord" in tekst(antwoord)
    o = d.onderhandeling("CJIB")
    assert o.status == "akkoord" and o.schuld.status == "akkoord"
    g = Gebeurtenis.objects.filter(traject=d.traject, soort="schuldeiser").last()
    assert (g.gegevens["status"], g.gegevens["door_extern"]) == ("akkoord", PARTIJ)
    b = Bericht.objects.get(onderhandeling=o, soort="betaalvoorstel_antwoord")
    assert b.inhoud == {"akkoord": True, "reden": "", "aanbod_cent": o.aangeboden_cent}


def test_afwijzing_vraagt_een_reden_en_dan_heroverweging() -> None:
    d = dossier()
    link = voorstel_gevraagd(d)
    client = Client()
    voor = stand(d)
    leeg = client.post(
        pad(link),
        {"actie": "antwoord", "antwoord-vraag": link.bericht_id, "antwoord-antwoord": "afwijzen"},
    )
    assert leeg.status_code == 200
    assert "Vul de reden van de afwijzing in." in tekst(leeg)
    assert niets_opgeslagen(d, voor)
    antwoord = client.post(
        pad(link),
        {
            "actie": "antwoord",
            "antwoord-vraag": link.bericht_id,
            "antwoord-antwoord": "afwijzen",
            "antwoord-reden": "Het percentage is te laag.",
        },
    )
    assert "Het percentage is te laag." in tekst(antwoord)
    o = d.onderhandeling("CJIB")
    assert (o.status, o.afwijsreden) == ("afgewezen", "Het percentage is te laag.")
    g = Gebeurtenis.objects.filter(traject=d.traject, soort="schuldeiser").last()
    assert (g.gegevens["status"], g.gegevens["door_extern"]) == ("afgewezen", PARTIJ)

    # The klantregisseur asks for a heroverweging: a new link; refusing again is final.
    tweede = vraag(d, "CJIB", "sr.heroverweging")
    assert "opnieuw te bekijken" in tekst(client.get(pad(tweede)))
    client.post(
        pad(tweede),
        {
            "actie": "antwoord",
            "antwoord-vraag": tweede.bericht_id,
            "antwoord-antwoord": "afwijzen",
            "antwoord-reden": "Nog steeds te laag.",
        },
    )
    o = d.onderhandeling("CJIB")
    assert o.status == "geweigerd"
    assert Bericht.objects.filter(onderhandeling=o, soort="heroverweging_antwoord").exists()


def test_geen_medewerking_met_reden() -> None:
    d = dossier()
    link = vraag(d)
    antwoord = Client().post(
        pad(link),
        {
            "actie": "geen_medewerking",
            "geen_medewerking-vraag": link.bericht_id,
            "geen_medewerking-reden": "Vordering is al verkocht.",
        },
    )
    assert "Wij werken niet mee" in tekst(antwoord)
    o = d.onderhandeling("CJIB")
    assert (o.status, o.afwijsreden) == ("geen_medewerking", "Vordering is al verkocht.")


# --- Bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("velden", "melding"),
    [
        ({"saldo-hoofdsom": "-5,00"}, "Een bedrag kan niet negatief zijn."),
        ({"saldo-hoofdsom": "12,3,4"}, "Vul een bedrag in euro&#x27;s in"),
        ({"saldo-hoofdsom": "100,00", "saldo-kosten": "1\x002"}, "Vul een bedrag in euro"),
        ({"saldo-hoofdsom": ""}, "Vul de hoofdsom in."),
        ({"saldo-hoofdsom": "100,00", "saldo-kenmerk": "K\x00"}, "Null"),
        ({"saldo-hoofdsom": "100,00", "saldo-kenmerk": "K" * 101}, "niet meer dan 100 tekens"),
        ({"saldo-hoofdsom": "20.000.000,00"}, "€ 10.000.000"),
    ],
)
def test_fout_bedrag_of_tekst_wordt_geweigerd_en_bewaard(velden: dict, melding: str) -> None:
    d = dossier()
    link = vraag(d)
    voor = stand(d)
    data = {"actie": "saldo", "saldo-vraag": link.bericht_id, **velden}
    antwoord = Client().post(pad(link), data)
    assert antwoord.status_code == 200
    html = antwoord.content.decode()
    assert "foutsamenvatting" in html and melding in html, html[html.find("foutsamenvatting") :][
        :600
    ]
    assert niets_opgeslagen(d, voor)
    if velden["saldo-hoofdsom"] and "\x00" not in velden["saldo-hoofdsom"]:
        assert f'value="{velden["saldo-hoofdsom"]}"' in html  # the input is kept


def test_te_lange_reden_wordt_geweigerd() -> None:
    d = dossier()
    link = vraag(d)
    voor = stand(d)
    antwoord = Client().post(
        pad(link),
        {
            "actie": "geen_medewerking",
            "geen_medewerking-vraag": link.bericht_id,
            "geen_medewerking-reden": "x" * 2001,
        },
    )
    assert "niet meer dan 2000 tekens" in tekst(antwoord)
    assert niets_opgeslagen(d, voor)


def test_formulier_met_vraag_van_andere_onderhandeling_doet_niets() -> None:
    d = dossier()
    link = vraag(d)
    ander = vraag(d, "Vitens")
    voor = stand(d)
    antwoord = Client().post(
        pad(link),
        {"actie": "saldo", "saldo-vraag": ander.bericht_id, "saldo-hoofdsom": "1,00"},
    )
    assert antwoord.status_code == 200
    assert "Dit formulier hoort bij een andere vraag." in tekst(antwoord)
    assert niets_opgeslagen(d, voor)
    # An answer that does not fit the question (akkoord on a saldoverzoek): nothing either.
    antwoord = Client().post(
        pad(link),
        {"actie": "antwoord", "antwoord-vraag": link.bericht_id, "antwoord-antwoord": "akkoord"},
    )
    assert antwoord.status_code == 200 and niets_opgeslagen(d, voor)


def test_zonder_csrf_token_geweigerd() -> None:
    d = dossier()
    link = vraag(d)
    voor = stand(d)
    client = Client(enforce_csrf_checks=True)
    antwoord = client.post(
        pad(link), {"actie": "saldo", "saldo-vraag": link.bericht_id, "saldo-hoofdsom": "1,00"}
    )
    assert antwoord.status_code == 403 and niets_opgeslagen(d, voor)


# --- Refusals --------------------------------------------------------------------------------


def test_onbekende_en_vervalste_token_404() -> None:
    d = dossier()
    link = vraag(d)
    echt = portaal.token(link)
    vervalst = echt[:-3] + ("aaa" if not echt.endswith("aaa") else "bbb")
    from django.core import signing

    ander_zout = signing.dumps(link.sleutel, salt="iets-anders")
    for token in (vervalst, "onzin", ander_zout, "a" * 400, "%00", "é"):
        antwoord = Client().get(reverse("schuldregeling:portaal", kwargs={"token": token}))
        assert antwoord.status_code == 404, token
        assert "Deze link werkt niet" in tekst(antwoord)
        assert antwoord["Referrer-Policy"] == "strict-origin"
    voor = stand(d)
    post = Client().post(
        reverse("schuldregeling:portaal", kwargs={"token": vervalst}),
        {"actie": "saldo", "saldo-vraag": link.bericht_id, "saldo-hoofdsom": "1,00"},
    )
    assert post.status_code == 404 and niets_opgeslagen(d, voor)


def test_verlopen_link_410() -> None:
    d = dossier()
    link = vraag(d)
    Portaallink.objects.filter(pk=link.pk).update(verloopt_op=timezone.now() - timedelta(hours=1))
    voor = stand(d)
    antwoord = Client().post(
        pad(link), {"actie": "saldo", "saldo-vraag": link.bericht_id, "saldo-hoofdsom": "1,00"}
    )
    assert antwoord.status_code == 410
    assert "Deze link is verlopen" in tekst(antwoord) and "Er is niets opgeslagen" in tekst(
        antwoord
    )
    assert niets_opgeslagen(d, voor)


def test_geldigheid_termijn_plus_herinneringen_plus_marge() -> None:
    d = dossier()
    link = vraag(d)
    o = d.onderhandeling("CJIB")
    laatste = timezone.localtime(link.verloopt_op)
    # Default terms: saldo 2 weeks, two reminders of 2 weeks each, 2 weeks margin: the
    # link works through the last day of that, to the end of the day.
    assert o.termijn_tot is not None
    assert laatste.date() >= o.termijn_tot + timedelta(weeks=6)
    assert laatste.date() <= vandaag() + timedelta(weeks=9)
    assert (laatste.hour, laatste.minute) == (23, 59)


def test_nieuwe_vraag_maakt_oude_link_ongeldig() -> None:
    d = dossier()
    oud = vraag(d)
    with transaction.atomic():  # the klantregisseur records "geen reactie", asks again
        traject, o = onder_onderhandeling(
            d.onderhandeling("CJIB").pk, "sr.geen_reactie", d.omg.regisseur
        )
        stap(
            traject=traject,
            onderhandeling=o,
            handeling="sr.geen_reactie",
            door=d.omg.regisseur,
            datum=vandaag(),
            soort=None,
            richting="uit",
            kanaal=Kanaal.BRIEF,
        )
    assert Client().get(pad(oud)).status_code == 200  # a late saldo is still welcome
    nieuw = vraag(d)
    oud.refresh_from_db()
    assert oud.verloopt_op <= timezone.now()
    antwoord = Client().get(pad(oud))
    assert antwoord.status_code == 410 and "Er is een nieuwere vraag" in tekst(antwoord)
    assert Client().get(pad(nieuw)).status_code == 200
    assert portaal.open_link(d.onderhandeling("CJIB")) == nieuw


def test_herinnering_brengt_een_tweede_link_naar_dezelfde_vraag() -> None:
    from schuldhulp.extern import SYSTEEMPARTIJ

    d = dossier()
    eerste = vraag(d)
    with (
        transaction.atomic()
    ):  # what the reminder job does (klantplan.schuldregeling.herinneringen)
        traject, o = onder_onderhandeling(eerste.onderhandeling_id, "sr.herinnering", SYSTEEMPARTIJ)
        herinnering = stap(
            traject=traject,
            onderhandeling=o,
            handeling="sr.herinnering",
            door=SYSTEEMPARTIJ,
            datum=vandaag(),
            soort="herinnering",
            richting="uit",
            kanaal=Kanaal.BRIEF,
            inhoud={"vraag_bericht": eerste.bericht_id, "herinnering": 1},
        )
        tweede = portaal.maak_link(herinnering)
    eerste.refresh_from_db()
    assert eerste.verloopt_op > timezone.now()  # the letter's link keeps working
    html = tekst(Client().get(pad(tweede)))
    assert "Wat is het saldo van uw vordering?" in html
    assert f'name="saldo-vraag" value="{eerste.bericht_id}"' in html  # the same question
    Client().post(
        pad(tweede),
        {"actie": "saldo", "saldo-vraag": eerste.bericht_id, "saldo-hoofdsom": "450,50"},
    )
    assert d.onderhandeling("CJIB").status == "saldo_ontvangen"
    antwoord = Client().get(pad(eerste))
    assert antwoord.status_code == 410 and "Deze vraag is al beantwoord" in tekst(antwoord)


def test_met_de_hand_beantwoord_410() -> None:
    d = dossier()
    link = vraag(d)
    leg_saldo_vast(
        onderhandeling_id=link.onderhandeling_id,
        door=d.omg.regisseur,
        datum=vandaag(),
        hoofdsom_cent=45_050,
        kanaal=Kanaal.TELEFOON,
    )
    antwoord = Client().get(pad(link))
    assert antwoord.status_code == 410
    assert "Deze vraag is al beantwoord" in tekst(antwoord) and "telefonisch" in tekst(antwoord)


def test_regeling_voorbij_410() -> None:
    d = dossier()
    link = vraag(d)
    type(d.regeling).objects.filter(pk=d.regeling.pk).update(fase="beeindigd")
    antwoord = Client().get(pad(link))
    assert antwoord.status_code == 410 and "Deze vraag is vervallen" in tekst(antwoord)


def test_brieven_alleen_van_eigen_onderhandeling() -> None:
    d = dossier()
    link = vraag(d)
    ander = vraag(d, "Vitens")
    eigen = Client().get(
        reverse(
            "schuldregeling:portaal_bericht",
            kwargs={"token": portaal.token(link), "pk": link.bericht_id},
        )
    )
    assert eigen.status_code == 200 and eigen["Content-Type"] == "application/pdf"
    assert bytes(eigen.content).startswith(b"%PDF") and eigen["Cache-Control"] == "no-store"
    vreemd = Client().get(
        reverse(
            "schuldregeling:portaal_bericht",
            kwargs={"token": portaal.token(link), "pk": ander.bericht_id},
        )
    )
    assert vreemd.status_code == 404 and "Deze brief is er niet" in tekst(vreemd)
    # The page lists the own letter only.
    html = tekst(Client().get(pad(link)))
    assert f"/bericht/{link.bericht_id}/" in html and f"/bericht/{ander.bericht_id}/" not in html


def test_service_weigert_dubbel_antwoord() -> None:
    d = dossier()
    link = vraag(d)
    token = portaal.token(link)
    portaal.geef_saldo(
        token=token, vraag_id=link.bericht_id, hoofdsom_cent=1, kosten_cent=0, rente_cent=0
    )
    voor = stand(d)
    with pytest.raises(portaal.Linkfout, match="één keer"):
        portaal.geef_saldo(
            token=token, vraag_id=link.bericht_id, hoofdsom_cent=2, kosten_cent=0, rente_cent=0
        )
    assert niets_opgeslagen(d, voor)
    with pytest.raises(Geweigerd):  # the service checks the answer fits the question
        portaal.geef_antwoord(token=portaal.token(vraag(d, "Vitens")), vraag_id=None, akkoord=True)


def test_traject_afgesloten_410() -> None:
    d = dossier()
    link = vraag(d)
    Traject.objects.filter(pk=d.traject.pk).update(fase="uitgestroomd")
    antwoord = Client().get(pad(link))
    assert antwoord.status_code == 410 and "Deze vraag is vervallen" in tekst(antwoord)


@pytest.mark.django_db(transaction=True)
def test_twee_keer_tegelijk_versturen_geeft_een_antwoord() -> None:
    """Two submits at once: the link row is locked and read again under the lock, so one
    answer is recorded and the other gets the "already answered" refusal."""
    from threading import Barrier, Thread

    from django.db import connection

    d = dossier()
    link = vraag(d)
    token = portaal.token(link)
    start = Barrier(2)
    uitkomsten: list[str] = []

    def stuur(hoofdsom: int) -> None:
        try:
            start.wait()
            portaal.geef_saldo(
                token=token,
                vraag_id=link.bericht_id,
                hoofdsom_cent=hoofdsom,
                kosten_cent=0,
                rente_cent=0,
            )
            uitkomsten.append("vastgelegd")
        except portaal.Linkfout as fout:
            uitkomsten.append(fout.titel)
        finally:
            connection.close()

    draden = [Thread(target=stuur, args=(bedrag,)) for bedrag in (50_000, 60_000)]
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join()
    assert sorted(uitkomsten) == ["U hebt deze vraag al beantwoord", "vastgelegd"]
    o = d.onderhandeling("CJIB")
    assert Bericht.objects.filter(onderhandeling=o, soort="saldoverzoek_antwoord").count() == 1
    assert Saldowijziging.objects.filter(schuld=o.schuld).count() == 1


def test_beschadigde_brief_wordt_niet_gegeven() -> None:
    """A stored letter whose bytes no longer match its checksum: a clear page, no PDF."""
    d = dossier()
    link = vraag(d)
    Bericht.objects.filter(pk=link.bericht_id).update(pdf=b"%PDF-1.4 veranderd")
    antwoord = Client().get(
        reverse(
            "schuldregeling:portaal_bericht",
            kwargs={"token": portaal.token(link), "pk": link.bericht_id},
        )
    )
    assert antwoord.status_code == 404 and "niet beschikbaar" in tekst(antwoord)
