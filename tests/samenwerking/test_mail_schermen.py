"""The screens around e-mail: Mijn instellingen (the opt-in), a failure on the traject
page, the beheer screen Uitgaande e-mail with 'opnieuw versturen', and the gate row
email.opnieuw."""

from __future__ import annotations

import pytest
from django.urls import reverse

from schuldhulp.models import Rol
from schuldhulp.permissions import mag
from tests.bouwers import GebruikerFactory, aanmelden, omgeving
from tests.bouwers.mail import ontvangen, smtp_opvang, taak_direct
from trajecten.samenwerking import mail
from trajecten.samenwerking.models import Emailbericht, Mailstatus
from trajecten.services import Geweigerd

pytestmark = pytest.mark.django_db

FOUT = "De mailserver was niet bereikbaar.\nConnectionRefusedError: [Errno 111] Connection refused"


@pytest.fixture
def omg():
    o = omgeving("ontzorging")
    o.consulent.email = "consulent@gemeente.example"
    o.consulent.save()
    return o


@pytest.fixture
def traject(omg):
    return aanmelden(omg)


def mislukt(gebruiker, traject, **kw) -> Emailbericht:
    bericht = Emailbericht.objects.create(
        gebruiker=gebruiker,
        aan=gebruiker.email,
        onderwerp=kw.pop("onderwerp", "Schuldhulp: dagoverzicht 09-03-2026"),
        tekst=f"- Traject in een nieuwe fase: dossier {traject.pk}\n",
        status=kw.pop("status", Mailstatus.MISLUKT),
        pogingen=5,
        fout=kw.pop("fout", FOUT),
        **kw,
    )
    bericht.trajecten.add(traject)
    return bericht


# --- Mijn instellingen --------------------------------------------------------------------------


def test_instellingen_aan_en_uit(client, omg):
    client.force_login(omg.consulent)
    pagina = client.get(reverse("mijn_instellingen")).content.decode()
    assert "consulent@gemeente.example" in pagina
    assert "geen namen, BSN's of bedragen" in pagina
    assert 'name="dagoverzicht"' in pagina
    assert 'href="/mijn/instellingen/"' in pagina  # the link in the user menu (base.html)

    antwoord = client.post(reverse("mijn_instellingen"), {"dagoverzicht": "on"}, follow=True)
    assert "U ontvangt het dagoverzicht per e-mail." in antwoord.content.decode()
    omg.consulent.refresh_from_db()
    assert omg.consulent.dagoverzicht is True

    client.post(reverse("mijn_instellingen"), {})
    omg.consulent.refresh_from_db()
    assert omg.consulent.dagoverzicht is False


def test_zonder_adres_geweigerd(client, omg):
    client.force_login(omg.regisseur)  # no e-mail address
    antwoord = client.post(reverse("mijn_instellingen"), {"dagoverzicht": "on"})
    assert antwoord.status_code == 200
    assert "Er staat geen e-mailadres bij uw account" in antwoord.content.decode()
    omg.regisseur.refresh_from_db()
    assert omg.regisseur.dagoverzicht is False


def test_rol_zonder_dossiers_krijgt_geen_dagoverzicht(client, omg):
    omg.contractmanager.email = "cm@gemeente.example"
    omg.contractmanager.save()
    client.force_login(omg.contractmanager)
    pagina = client.get(reverse("mijn_instellingen")).content.decode()
    assert "er is dus geen dagoverzicht voor u" in pagina
    assert 'name="dagoverzicht"' not in pagina
    antwoord = client.post(reverse("mijn_instellingen"), {"dagoverzicht": "on"})
    assert "Met uw rol kunt u geen klantdossiers inzien." in antwoord.content.decode()
    omg.contractmanager.refresh_from_db()
    assert omg.contractmanager.dagoverzicht is False
    with pytest.raises(Geweigerd):
        mail.zet_dagoverzicht(gebruiker=omg.contractmanager, aan=True)


def test_eigen_laatste_emails_zichtbaar(client, omg, traject):
    bericht = mislukt(omg.consulent, traject, status=Mailstatus.VERZONDEN)
    mislukt(omg.regisseur, traject, onderwerp="Van een ander")
    client.force_login(omg.consulent)
    pagina = client.get(reverse("mijn_instellingen")).content.decode()
    assert bericht.onderwerp in pagina and f"dossier {traject.pk}" in pagina
    assert "Van een ander" not in pagina


# --- The traject page ---------------------------------------------------------------------------


def test_mislukte_email_op_de_trajectpagina(client, omg, traject):
    mislukt(omg.consulent, traject)
    mislukt(omg.regisseur, traject, status=Mailstatus.VERZONDEN)
    client.force_login(omg.regisseur)
    pagina = client.get(reverse("traject_detail", args=[traject.pk])).content.decode()
    wie = f"{omg.consulent.get_full_name()} ({omg.consulent.get_rol_display().lower()})"
    assert "(gemeente consulent)" in wie
    assert (
        f"E-mail aan {wie} over dit traject is niet verzonden:</strong> "
        "De mailserver was niet bereikbaar." in pagina
    )
    assert pagina.count("over dit traject is niet verzonden") == 1  # the sent one: nothing
    assert "ConnectionRefusedError" not in pagina  # the short reason, not the technical text


def test_andere_trajecten_tonen_de_fout_niet(client, omg, traject):
    ander = aanmelden(omg)
    mislukt(omg.consulent, ander)
    client.force_login(omg.regisseur)
    pagina = client.get(reverse("traject_detail", args=[traject.pk])).content.decode()
    assert "over dit traject is niet verzonden" not in pagina


# --- Beheer: Uitgaande e-mail -------------------------------------------------------------------


def test_beheer_lijst_en_detail(client, omg, traject):
    bericht = mislukt(omg.consulent, traject)
    Emailbericht.objects.create(
        gebruiker=omg.regisseur,
        aan="kr@x.example",
        onderwerp="Gelukt",
        tekst="x",
        status="verzonden",
    )
    client.force_login(omg.beheerder)
    assert 'href="/uitgaande-email/"' in client.get(reverse("home")).content.decode()  # menu
    lijst = client.get(reverse("uitgaande_email")).content.decode()
    assert bericht.onderwerp in lijst and "Gelukt" in lijst
    assert "De mailserver was niet bereikbaar." in lijst and "1 e-mail mislukt" in lijst
    gefilterd = client.get(reverse("uitgaande_email"), {"status": "mislukt"}).content.decode()
    assert bericht.onderwerp in gefilterd and "Gelukt" not in gefilterd

    detail = client.get(reverse("uitgaande_email_detail", args=[bericht.pk])).content.decode()
    assert f"dossier {traject.pk}" in detail  # the text
    assert "ConnectionRefusedError" in detail  # the whole error for the beheerder
    assert "Opnieuw versturen" in detail

    for rol in ("regisseur", "consulent", "contractmanager"):
        client.force_login(omg.rol(rol))
        assert client.get(reverse("uitgaande_email")).status_code == 403
        assert client.get(reverse("uitgaande_email_detail", args=[bericht.pk])).status_code == 403


def test_opnieuw_versturen(
    client, omg, traject, settings, monkeypatch, django_capture_on_commit_callbacks
):
    bericht = mislukt(omg.consulent, traject)
    url = reverse("uitgaande_email_opnieuw", args=[bericht.pk])

    client.force_login(omg.regisseur)
    assert client.post(url).status_code == 403
    bericht.refresh_from_db()
    assert bericht.status == Mailstatus.MISLUKT

    client.force_login(omg.beheerder)
    ids = taak_direct(monkeypatch)
    with smtp_opvang(settings) as controller:
        with django_capture_on_commit_callbacks(execute=True):
            antwoord = client.post(url, follow=True)
        assert [m["To"] for m in ontvangen(controller)] == ["consulent@gemeente.example"]
    assert ids == [bericht.pk]
    assert "staat weer in de wachtrij" in antwoord.content.decode()
    bericht.refresh_from_db()
    assert bericht.status == Mailstatus.VERZONDEN and bericht.pogingen == 1
    assert bericht.fout == ""
    pagina_traject = reverse("traject_detail", args=[traject.pk])
    client.force_login(omg.consulent)
    assert "niet verzonden" not in client.get(pagina_traject).content.decode()

    # Sent now: sending again is refused with a reason, nothing changes.
    client.force_login(omg.beheerder)
    antwoord = client.post(url, follow=True)
    assert "Alleen een mislukte e-mail kan opnieuw worden verstuurd" in antwoord.content.decode()
    assert ids == [bericht.pk]
    detail = client.get(reverse("uitgaande_email_detail", args=[bericht.pk])).content.decode()
    assert "Opnieuw versturen</button>" not in detail


def test_opnieuw_versturen_zonder_server_blijft_zichtbaar(omg, traject, settings, monkeypatch):
    """Sent again while the server is still away: mislukt again, with the reason."""
    bericht = mislukt(omg.consulent, traject, fout="")
    taak_direct(monkeypatch)
    with smtp_opvang(settings):
        pass  # the port is closed
    mail.opnieuw_versturen(bericht_id=bericht.pk, door=omg.beheerder)
    mail.naar_broker(bericht.pk)  # what on_commit does
    bericht.refresh_from_db()
    assert bericht.status == Mailstatus.MISLUKT and bericht.pogingen == mail.MAX_POGINGEN
    assert mail.korte_reden(bericht.fout) == "De mailserver was niet bereikbaar."


# --- The gate -----------------------------------------------------------------------------------


def test_poort_email_opnieuw(omg):
    superuser = GebruikerFactory(username="su_mail", rol=Rol.CONSULENT, is_superuser=True)
    assert mag(omg.beheerder, "email.opnieuw") is None
    assert mag(superuser, "email.opnieuw") is None
    for rol in ("regisseur", "consulent", "contractmanager", "ander"):
        assert (
            mag(omg.rol(rol), "email.opnieuw")
            == "Alleen de functioneel beheerder kan e-mail opnieuw versturen."
        )
    with pytest.raises(Geweigerd, match="Alleen de functioneel beheerder"):
        mail.opnieuw_versturen(bericht_id=0, door=omg.regisseur)
