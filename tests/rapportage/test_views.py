"""Contractmanager pages: access per gemeente (404 elsewhere), asking, progress, downloads."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from rapportage import services, tasks
from rapportage.models import Kwartaalrapportage
from schuldhulp.models import Auditregel
from tests.bouwers.rijen import Q2

pytestmark = pytest.mark.django_db
D = date


@pytest.fixture
def wachtrij(monkeypatch) -> list[int]:
    """The Celery queue: ids of reports whose job was started."""
    ids: list[int] = []
    monkeypatch.setattr(tasks.maak_kwartaalrapportage, "delay", ids.append)
    return ids


def _klaar(gemeente) -> Kwartaalrapportage:
    r = services.vraag_aan(gemeente=gemeente, kwartaal=Q2, door=None, in_wachtrij=False)
    return services.maak(rapportage_id=r.pk)


@pytest.fixture
def rapport_a(gemeente_a, bouw_a):
    bouw_a.traject(D(2026, 4, 2))
    return _klaar(gemeente_a)


@pytest.fixture
def rapport_b(gemeente_b, bouw_b):
    bouw_b.traject(D(2026, 4, 2))
    return _klaar(gemeente_b)


def _urls(r: Kwartaalrapportage) -> list[str]:
    return [
        reverse(naam, args=[r.pk])
        for naam in (
            "rapportage_detail",
            "rapportage_voortgang",
            "rapportage_pdf",
            "rapportage_csv",
        )
    ]


def test_contractmanager_ziet_eigen_gemeente_en_menu(client, contractmanager_a, rapport_a):
    client.force_login(contractmanager_a)
    lijst = client.get(reverse("rapportages"))
    html = lijst.content.decode()
    assert lijst.status_code == 200
    assert 'href="/rapportages/"' in html and "Klanten" not in html
    assert "Rapportage maken" in html
    assert "Geldend" in html
    detail = client.get(reverse("rapportage_detail", args=[rapport_a.pk]))
    inhoud = detail.content.decode()
    assert detail.status_code == 200
    assert "Wettelijke termijnen" in inhoud and "<svg" in inhoud
    assert "2e kwartaal 2026" in inhoud


def test_contractmanager_van_a_krijgt_404_op_alles_van_b(client, contractmanager_a, rapport_b):
    client.force_login(contractmanager_a)
    for url in _urls(rapport_b):
        assert client.get(url).status_code == 404, url
    assert "Hengelo" not in client.get(reverse("rapportages")).content.decode()


def test_contractmanager_kan_geen_rapportage_van_b_aanvragen(
    client, contractmanager_a, gemeente_b, wachtrij
):
    client.force_login(contractmanager_a)
    antwoord = client.post(
        reverse("rapportage_aanvragen"), {"gemeente": gemeente_b.pk, "kwartaal": "2026-2"}
    )
    assert antwoord.status_code == 422
    assert "foutsamenvatting" in antwoord.content.decode()
    assert not Kwartaalrapportage.objects.exists() and wachtrij == []


def test_stadsbanktotaal_alleen_voor_beheerder(client, contractmanager_a, beheerder):
    r = _klaar(None)
    client.force_login(contractmanager_a)
    for url in _urls(r):
        assert client.get(url).status_code == 404
    client.force_login(beheerder)
    assert client.get(reverse("rapportage_detail", args=[r.pk])).status_code == 200
    assert "Stadsbank – alle gemeenten samen" in client.get(reverse("rapportages")).content.decode()


def test_klantregisseur_ziet_rapportages_van_zijn_gemeente_maar_vraagt_niet_aan(
    client, regisseur_a, consulent_b, rapport_a, gemeente_a, wachtrij
):
    client.force_login(regisseur_a)
    assert client.get(reverse("rapportage_detail", args=[rapport_a.pk])).status_code == 200
    assert "Rapportage maken" not in client.get(reverse("rapportages")).content.decode()
    antwoord = client.post(
        reverse("rapportage_aanvragen"), {"gemeente": gemeente_a.pk, "kwartaal": "2026-2"}
    )
    assert antwoord.status_code == 404 and wachtrij == []
    client.force_login(consulent_b)
    assert client.get(reverse("rapportage_detail", args=[rapport_a.pk])).status_code == 404


def test_aanvragen_zet_een_taak_in_de_wachtrij_en_toont_de_voortgang(
    client, contractmanager_a, gemeente_a, wachtrij, django_capture_on_commit_callbacks
):
    client.force_login(contractmanager_a)
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = client.post(
            reverse("rapportage_aanvragen"), {"gemeente": gemeente_a.pk, "kwartaal": "2026-2"}
        )
    r = Kwartaalrapportage.objects.get()
    assert antwoord.status_code == 302 and antwoord.url == reverse("rapportage_detail", args=[r.pk])
    assert wachtrij == [r.pk] and r.gemaakt_door == contractmanager_a
    pagina = client.get(antwoord.url).content.decode()
    assert 'hx-trigger="every 2s"' in pagina and "wordt gemaakt" in pagina
    voortgang = client.get(reverse("rapportage_voortgang", args=[r.pk]), HTTP_HX_REQUEST="true")
    assert "HX-Refresh" not in voortgang
    services.maak(rapportage_id=r.pk)
    voortgang = client.get(reverse("rapportage_voortgang", args=[r.pk]), HTTP_HX_REQUEST="true")
    assert voortgang["HX-Refresh"] == "true"


@pytest.mark.parametrize(
    ("kwartaal", "melding"),
    [("2026-4", "nog niet afgelopen"), ("2031-1", "in de toekomst"), ("abc", "geen kwartaal")],
)
def test_fout_kwartaal_geeft_een_duidelijke_melding(
    client, contractmanager_a, gemeente_a, kwartaal, melding, wachtrij
):
    client.force_login(contractmanager_a)
    antwoord = client.post(
        reverse("rapportage_aanvragen"), {"gemeente": gemeente_a.pk, "kwartaal": kwartaal}
    )
    assert antwoord.status_code == 422
    assert melding in antwoord.content.decode()
    assert not Kwartaalrapportage.objects.exists()


def test_pdf_en_csv_downloaden_met_auditregel(client, contractmanager_a, rapport_a):
    client.force_login(contractmanager_a)
    pdf = client.get(reverse("rapportage_pdf", args=[rapport_a.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].startswith('attachment; filename="kwartaalrapportage-GM0141')
    assert pdf.content == bytes(rapport_a.pdf)
    csv = client.get(reverse("rapportage_csv", args=[rapport_a.pk]))
    assert csv.content.decode("utf-8-sig").splitlines()[0].startswith("Kwartaalrapportage;Almelo")
    assert (
        Auditregel.objects.filter(actie="downloaden", gemeente_id=rapport_a.gemeente_id).count()
        == 2
    )


def test_oudere_versie_toont_dat_er_een_nieuwere_is(client, contractmanager_a, rapport_a):
    nieuwer = _klaar(rapport_a.gemeente)
    client.force_login(contractmanager_a)
    oud = client.get(reverse("rapportage_detail", args=[rapport_a.pk])).content.decode()
    assert "Dit is een oudere versie" in oud
    nieuw = client.get(reverse("rapportage_detail", args=[nieuwer.pk])).content.decode()
    assert "Dit is een oudere versie" not in nieuw


def test_mislukte_rapportage_toont_de_fout_en_opnieuw_proberen(
    client, contractmanager_a, gemeente_a
):
    r = services.vraag_aan(gemeente=gemeente_a, kwartaal=Q2, door=None, in_wachtrij=False)
    services.markeer_mislukt(rapportage_id=r.pk, fout=RuntimeError("stuk"), definitief=True)
    client.force_login(contractmanager_a)
    html = client.get(reverse("rapportage_detail", args=[r.pk])).content.decode()
    assert "Het maken is mislukt" in html and "Opnieuw proberen" in html
    assert client.get(reverse("rapportage_pdf", args=[r.pk])).status_code == 404
