"""Subscriptions (an e-mail with a link when a report is klaar, no figures) and the
kwartaalgesprek (recorded on a version, appendix of the next, actions ticked off)."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse
from pypdf import PdfReader

from rapportage import kwartaalgesprek, services
from rapportage.models import Abonnement, Actie
from schuldhulp.models import Rol
from tests.bouwers.fabrieken import GebruikerFactory
from tests.bouwers.mail import ontvangen, smtp_opvang, taak_direct
from tests.bouwers.rijen import Q2

pytestmark = pytest.mark.django_db(transaction=True)
D = date


def _maak(gemeente):
    r = services.vraag_aan(gemeente=gemeente, kwartaal=Q2, door=None, in_wachtrij=False)
    return services.maak(rapportage_id=r.pk)


def test_abonnee_krijgt_link_zonder_cijfers(
    client, settings, monkeypatch, contractmanager_a, gemeente_a, gemeente_b, bouw_a
):
    settings.SCHULDHULP_BASIS_URL = "https://schuldhulp.example"
    contractmanager_a.email = "cm@example.org"
    contractmanager_a.save()
    ander = GebruikerFactory(username="cm_2", rol=Rol.CONTRACTMANAGER, gemeenten=[gemeente_a])
    ander.email = "cm2@example.org"
    ander.save()
    weg = GebruikerFactory(username="cm_weg", rol=Rol.CONTRACTMANAGER, gemeenten=[gemeente_b])
    weg.email = "weg@example.org"
    weg.save()
    # Subscribed earlier, but no longer works for Almelo: the gate says no at sending time.
    Abonnement.objects.create(gebruiker=weg, gemeente=gemeente_a)
    client.force_login(contractmanager_a)
    antwoord = client.post(
        reverse("rapportage_abonneren"),
        {"gemeente": gemeente_a.pk, "aan": "1", "volgende": "https://elders.example/"},
    )
    assert antwoord.url == reverse("rapportage_dashboard")  # never off-site
    # Another gemeente: not found, nothing written.
    assert (
        client.post(
            reverse("rapportage_abonneren"), {"gemeente": gemeente_b.pk, "aan": "1"}
        ).status_code
        == 404
    )
    assert Abonnement.objects.filter(gebruiker=contractmanager_a).count() == 1

    t = bouw_a.traject(D(2026, 4, 2))
    klant = t.klant
    taak_direct(monkeypatch)
    with smtp_opvang(settings) as opvang:
        rapportage = _maak(gemeente_a)
        berichten = ontvangen(opvang)
    assert [b["To"] for b in berichten] == ["cm@example.org"]
    tekst = berichten[0].get_content()
    assert f"https://schuldhulp.example/rapportages/{rapportage.pk}/" in tekst
    assert "Almelo" in tekst and "2e kwartaal 2026" in tekst
    for geheim in (klant.achternaam, klant.bsn, "%", "Aanmeldingen"):
        assert geheim not in tekst

    # Unsubscribing stops it.
    client.post(reverse("rapportage_abonneren"), {"gemeente": gemeente_a.pk, "aan": "0"})
    with smtp_opvang(settings) as opvang:
        _maak(gemeente_a)
        assert ontvangen(opvang) == []


def test_kwartaalgesprek_wordt_bijlage_van_de_volgende_versie(
    client, contractmanager_a, consulent_a, gemeente_a, bouw_a
):
    bouw_a.traject(D(2026, 4, 2))
    v1 = _maak(gemeente_a)
    client.force_login(consulent_a)
    url = reverse("rapportage_kwartaalgesprek", args=[v1.pk])
    assert client.get(url).status_code == 403  # only the contractmanager

    client.force_login(contractmanager_a)
    leeg = {"actie-TOTAL_FORMS": "3", "actie-INITIAL_FORMS": "0"}
    # A half-filled action: the form again with the reason, nothing saved.
    fout = client.post(
        url,
        {
            **leeg,
            "datum": "2026-07-10",
            "aanwezigen": "J. Jansen (Almelo)",
            "actie-0-omschrijving": "Wachtlijst uitzoeken",
        },
    )
    assert fout.status_code == 422
    assert "Vul in wie de actie doet." in fout.content.decode()
    assert not v1.kwartaalgesprekken.exists()

    antwoord = client.post(
        url,
        {
            **leeg,
            "datum": "2026-07-10",
            "aanwezigen": "J. Jansen (gemeente Almelo)\nP. de Vries (Stadsbank)",
            "afspraken": "Elke maand de wachtlijst bespreken.",
            "opmerkingen": "De gemeente herkent de daling van de aanmeldingen.",
            "actie-0-omschrijving": "Wachtlijst uitzoeken",
            "actie-0-eigenaar": "P. de Vries",
            "actie-0-deadline": "2026-08-01",
            "actie-1-omschrijving": "Folder vroegsignalering",
            "actie-1-eigenaar": "Gemeente Almelo",
            "actie-1-deadline": "2026-09-01",
        },
    )
    assert antwoord.status_code == 302
    gesprek = v1.kwartaalgesprekken.get()
    assert list(gesprek.acties.values_list("omschrijving", flat=True)) == [
        "Wachtlijst uitzoeken",
        "Folder vroegsignalering",
    ]
    assert "kwartaalgesprek" not in v1.cijfers.get("kwartaalgesprekken", "")  # v1 unchanged

    # One action ticked off on the dashboard.
    actie = gesprek.acties.first()
    client.post(reverse("rapportage_actie_afronden", args=[actie.pk]), {"afgerond": "1"})
    assert Actie.objects.get(pk=actie.pk).afgerond_op is not None

    v2 = _maak(gemeente_a)
    assert v2.versie == 2
    bijlage = v2.cijfers["kwartaalgesprekken"]
    assert [a["status"][:8] for a in bijlage[0]["acties"]] == ["afgerond", "open"]
    pdf = PdfReader(io.BytesIO(bytes(v2.pdf)))
    tekst = " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
    assert "Bijlage: kwartaalgesprek" in tekst
    assert "Wachtlijst uitzoeken" in tekst and "De gemeente herkent de daling" in tekst
    oud = PdfReader(io.BytesIO(bytes(v1.pdf)))
    assert "kwartaalgesprek" not in " ".join(p.extract_text() for p in oud.pages).lower()
    assert kwartaalgesprek.op_scherm(v2)[0]["afspraken"] == "Elke maand de wachtlijst bespreken."


def test_geen_kwartaalgesprek_op_het_stadsbankrapport_of_in_de_toekomst(
    contractmanager_a, beheerder, gemeente_a, bouw_a
):
    from django.core.exceptions import PermissionDenied

    bouw_a.traject(D(2026, 4, 2))
    stadsbank = _maak(None)
    with pytest.raises(PermissionDenied):
        kwartaalgesprek.leg_vast(
            rapportage=stadsbank,
            door=beheerder,
            datum=D(2026, 7, 1),
            aanwezigen="x",
            afspraken="",
            opmerkingen="",
            acties=[],
        )
    with pytest.raises(kwartaalgesprek.GesprekFout, match="toekomst"):
        kwartaalgesprek.leg_vast(
            rapportage=_maak(gemeente_a),
            door=contractmanager_a,
            datum=D(2099, 1, 1),
            aanwezigen="x",
            afspraken="",
            opmerkingen="",
            acties=[],
        )
