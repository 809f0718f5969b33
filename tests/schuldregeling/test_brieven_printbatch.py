"""The print batch: per day the letters of the gemeenten a klantregisseur works for, one PDF
of the stored letters (never another gemeente's, not even of a dossier shared with them),
each download in the verwerkingenlog, and "only the new ones" after a download."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from klantplan.schuldregeling.models import Bericht
from klantplan.schuldregeling.services.versturen import verstuur
from schuldhulp import services as kernservices
from schuldhulp.models import Auditregel
from tests.bouwers.trajecten import vandaag
from tests.schuldregeling.bouwers import Dossier, dossier

pytestmark = pytest.mark.django_db

LIJST = reverse("schuldregeling:printbatch")


def _pdf_url(**query) -> str:
    url = reverse("schuldregeling:printbatch_pdf", kwargs={"dag": vandaag().isoformat()})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _stuur(d: Dossier, namen: list[str], handeling: str) -> list[Bericht]:
    return verstuur(
        onderhandeling_ids=[d.onderhandeling(n).pk for n in namen],
        handeling=handeling,
        door=d.omg.regisseur,
        datum=vandaag(),
    )


def _client(gebruiker) -> Client:
    c = Client()
    c.force_login(gebruiker)
    return c


def _pagina_teksten(pdf: bytes) -> list[str]:
    return [p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages]


@pytest.fixture
def twee_gemeenten() -> tuple[Dossier, Dossier]:
    a, b = dossier(), dossier()  # two omgevingen: two gemeenten, each its own klantregisseur
    _stuur(a, ["CJIB", "Vitens"], "sr.kennisgeving")
    _stuur(a, ["Menzis"], "sr.saldoverzoek")
    _stuur(b, ["Welbions"], "sr.kennisgeving")
    return a, b


def test_lijst_per_dag_en_soort_alleen_eigen_gemeente(twee_gemeenten):
    a, b = twee_gemeenten
    # B's klant is shared with A's klantregisseur: still not in A's batch.
    kernservices.deel_dossier(klant=b.traject.klant, gebruiker=a.omg.regisseur)
    antwoord = _client(a.omg.regisseur).get(LIJST)
    assert antwoord.status_code == 200
    (dag,) = antwoord.context["rijen"]
    assert dag[0].dag == vandaag()
    assert dag[0].per_soort == [("Kennisgeving", 2), ("Saldoverzoek", 1)]
    assert dag[1] is None  # not downloaded yet
    assert "nog niet" in antwoord.content.decode()


def test_download_is_een_pdf_met_alle_brieven_van_de_dag_van_eigen_gemeente(twee_gemeenten):
    a, b = twee_gemeenten
    kernservices.deel_dossier(klant=b.traject.klant, gebruiker=a.omg.regisseur)
    eigen = list(Bericht.objects.filter(traject=a.traject, printdatum=vandaag()))
    antwoord = _client(a.omg.regisseur).get(_pdf_url())
    assert antwoord.status_code == 200 and antwoord["Content-Type"] == "application/pdf"
    assert f"brieven-schuldregeling-{vandaag().isoformat()}.pdf" in antwoord["Content-Disposition"]
    pdf = antwoord.content
    verwacht = sum(len(PdfReader(io.BytesIO(bytes(e.pdf))).pages) for e in eigen)
    teksten = _pagina_teksten(pdf)
    assert len(teksten) == verwacht
    alles = " ".join(teksten)
    assert alles.count("Wij helpen onze cliënt met de schulden") == 2
    assert alles.count("Hoeveel is onze cliënt u schuldig?") == 1
    # Grouped per creditor (one envelope per address): CJIB, Menzis, Vitens.
    volgorde = [alles.index(n) for n in ("CJIB", "Menzis", "Vitens")]
    assert volgorde == sorted(volgorde)
    # Nothing of gemeente B: not its klant, not its creditor letter.
    assert b.traject.klant.achternaam not in alles and "Welbions" not in alles
    assert f"dossier {b.traject.pk}" not in alles
    # One line in the verwerkingenlog, for A's gemeente.
    (regel,) = Auditregel.objects.filter(objecttype="schuldregeling-printbatch")
    assert (regel.gemeente_id, regel.actie, regel.gebruiker_id) == (
        a.traject.gemeente_id,
        "exporteren",
        a.omg.regisseur.pk,
    )
    assert (
        regel.omschrijving.startswith(f"{vandaag().isoformat()}:")
        and "3 stuks" in regel.omschrijving
    )


def test_andere_gemeente_en_slechte_invoer(twee_gemeenten):
    a, b = twee_gemeenten
    c = _client(a.omg.regisseur)
    assert c.get(LIJST, {"gemeente": b.traject.gemeente_id}).status_code == 404
    assert c.get(_pdf_url(gemeente=b.traject.gemeente_id)).status_code == 404
    assert c.get(LIJST, {"gemeente": "abc"}).status_code == 404
    slecht = reverse("schuldregeling:printbatch_pdf", kwargs={"dag": "2026-13-45"})
    assert c.get(slecht).status_code == 404
    assert (
        c.get(reverse("schuldregeling:printbatch_pdf", kwargs={"dag": "gisteren"})).status_code
        == 404
    )
    assert c.get(_pdf_url(na="x")).status_code == 404
    # Own gemeente chosen explicitly: the same letters.
    assert c.get(_pdf_url(gemeente=a.traject.gemeente_id)).status_code == 200
    # Another role: refused with the gate's reason.
    antwoord = _client(a.omg.consulent).get(LIJST)
    assert antwoord.status_code == 403
    assert not Auditregel.objects.filter(
        objecttype="schuldregeling-printbatch", gemeente_id=b.traject.gemeente_id
    ).exists()


def test_lege_dag_terug_naar_de_lijst():
    d = dossier()
    antwoord = _client(d.omg.regisseur).get(_pdf_url())
    assert antwoord.status_code == 302 and antwoord["Location"] == LIJST
    assert not Auditregel.objects.filter(objecttype="schuldregeling-printbatch").exists()


def test_na_een_download_alleen_de_nieuwe(twee_gemeenten):
    a, _b = twee_gemeenten
    c = _client(a.omg.regisseur)
    assert c.get(_pdf_url()).status_code == 200
    _stuur(a, ["Welbions"], "sr.statusverzoek")
    antwoord = c.get(LIJST)
    (dag,) = antwoord.context["rijen"]
    download = dag[1]
    assert download.nieuw == 1 and "1 nieuwe brief sindsdien" in antwoord.content.decode()
    nieuw = c.get(_pdf_url(na=download.regel.pk))
    alles = " ".join(_pagina_teksten(nieuw.content))
    assert "Hoe staat het met uw vordering?" in alles and "Wij helpen" not in alles
    assert "(alleen nieuwe)" in Auditregel.objects.order_by("-pk").first().omschrijving


def test_beschadigde_brief_geen_printbatch(twee_gemeenten):
    a, _b = twee_gemeenten
    b = Bericht.objects.filter(traject=a.traject).first()
    Bericht.objects.filter(pk=b.pk).update(pdf=bytes(b.pdf)[:-10] + b"0000000000")
    antwoord = _client(a.omg.regisseur).get(_pdf_url(), follow=True)
    assert antwoord.redirect_chain[-1][0] == LIJST
    assert "controlegetal klopt niet" in antwoord.content.decode()
    assert not Auditregel.objects.filter(objecttype="schuldregeling-printbatch").exists()
