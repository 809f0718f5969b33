"""The screens of maatwerk per traject and of tasks settled per traject (issue 12, points 3-4):
the klantregisseur proposes, the gemeente consulent decides on the traject page, the page and
the klantplan show the new split; another gemeente's maatwerk is not found."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from klantplan import services as kp
from schuldhulp.models import Rol
from schuldhulp.pakketten import Partij, Taak
from tests.bouwers import (
    O_TAKEN,
    Omgeving,
    gemeente_met_afspraak,
    medewerker,
    omgeving,
    traject_in,
    vandaag,
)
from trajecten.models import Fase, Traject
from trajecten.pakket.models import Maatwerk
from trajecten.pakket.services import maatwerk as services

pytestmark = pytest.mark.django_db


def _detail(traject) -> str:
    return reverse("traject_detail", args=[traject.pk])


def _voorstel_data(traject, **extra) -> dict:
    return {
        "versie": Traject.objects.get(pk=traject.pk).versie,
        "soort": "opschalen",
        "taken": ["schuldenoverzicht"],
        "van": vandaag().isoformat(),
        "evaluatie_op": (vandaag() + timedelta(days=90)).isoformat(),
        "reden": "De klant raakt het overzicht kwijt; de Stadsbank maakt het.",
        **extra,
    }


def _voorgesteld(omg: Omgeving, traject, taak: str = "schuldenoverzicht") -> Maatwerk:
    return services.stel_voor(
        door=omg.regisseur,
        traject_id=traject.pk,
        soort="opschalen",
        taken=[taak],
        van=vandaag(),
        evaluatie_op=vandaag() + timedelta(days=90),
        reden="Meer hulp nodig",
    )


@pytest.fixture
def omg() -> Omgeving:
    return omgeving("hybride-gemeente")  # the O tasks are the gemeente's: opschalen can


@pytest.fixture
def traject(omg):
    return traject_in(omg, Fase.STABILISATIE)


def test_regisseur_stelt_voor_consulent_keurt_goed_pagina_toont_nieuwe_verdeling(
    client, omg, traject
):
    assert traject.uitvoerder(Taak.SCHULDENOVERZICHT) == Partij.GEMEENTE
    client.force_login(omg.regisseur)
    url = reverse("maatwerk_voorstellen", args=[traject.pk])
    html = client.get(_detail(traject)).content.decode()
    assert f'href="{url}"' in html  # the gate lets the klantregisseur propose
    formulier = client.get(url).content.decode()
    # Opschalen is not known yet: every task, with who does it now.
    assert "Schuldenoverzicht (nu: gemeente)" in formulier
    r = client.post(url, _voorstel_data(traject), follow=True)
    html = r.content.decode()
    assert "Maatwerk voorgesteld" in html and "De gemeente (consulent) beslist." in html
    m = Maatwerk.objects.get(traject=traject)
    assert (m.status, m.soort, m.taken, m.partij) == (
        "voorgesteld",
        "opschalen",
        ["schuldenoverzicht"],
        "stadsbank",
    )
    assert f'id="maatwerk-{m.pk}-beoordelen"' not in html  # not the regisseur's decision
    assert f'id="maatwerk-{m.pk}-intrekken"' in html

    client.force_login(omg.consulent)
    html = client.get(_detail(traject)).content.decode()
    assert f'href="{url}"' not in html
    assert "1 voorstel voor maatwerk wacht op de gemeente" in html
    assert f'name="maatwerk-{m.pk}-beoordelen-stap" value="goedkeuren"' in html
    assert f'name="maatwerk-{m.pk}-beoordelen-stap" value="afwijzen"' in html
    assert client.get(url).status_code == 403  # only the klantregisseur proposes
    r = client.post(
        reverse("maatwerk_beoordelen", args=[m.pk]),
        {f"maatwerk-{m.pk}-beoordelen-stap": "goedkeuren"},
        follow=True,
    )
    html = r.content.decode()
    assert "Maatwerk goedgekeurd: Schuldenoverzicht" in html
    m.refresh_from_db()
    assert (m.status, m.beoordeeld_door) == ("goedgekeurd", omg.consulent)
    # The page says the split changed for this task, and the gate follows.
    rij = html.split('<th scope="row">Schuldenoverzicht</th>')[1].split("</tr>")[0]
    assert "Stadsbank" in rij and "Gewijzigd door maatwerk (opschalen)" in rij
    assert Traject.objects.get(pk=traject.pk).uitvoerder(Taak.SCHULDENOVERZICHT) == "stadsbank"
    assert f'id="maatwerk-{m.pk}-beeindigen"' in html


def test_formulier_toont_alleen_taken_van_de_andere_kant_en_weigert_zonder_datum(
    client, omg, traject
):
    client.force_login(omg.regisseur)
    url = reverse("maatwerk_voorstellen", args=[traject.pk])
    data = _voorstel_data(traject, evaluatie_op="")
    r = client.post(url, data)
    html = r.content.decode()
    assert r.status_code == 200
    assert "Geef een einddatum of een datum om te evalueren." in html  # the service's reason
    assert not Maatwerk.objects.exists()
    # Opschalen chosen: only what the gemeente does now can go to the Stadsbank.
    form = r.context["form"]
    keuzes = dict(form.fields["taken"].choices)
    assert "schuldenoverzicht" in keuzes and "monitoring" not in keuzes
    r = client.post(url, _voorstel_data(traject, taken=["monitoring"]))
    assert "Kies alleen taken die nu bij de andere partij liggen." in r.content.decode()
    assert not Maatwerk.objects.exists()


def test_consulent_van_andere_gemeente_krijgt_404(client, omg, traject):
    m = _voorgesteld(omg, traject)
    client.force_login(omg.ander_consulent)
    for naam, data in [
        ("maatwerk_beoordelen", {f"maatwerk-{m.pk}-beoordelen-stap": "goedkeuren"}),
        ("maatwerk_intrekken", {}),
        ("maatwerk_beeindigen", {f"maatwerk-{m.pk}-beeindigen-reden": "Klaar"}),
    ]:
        assert client.post(reverse(naam, args=[m.pk]), data).status_code == 404, naam
    client.force_login(omg.ander)
    assert client.get(reverse("maatwerk_voorstellen", args=[traject.pk])).status_code == 404
    m.refresh_from_db()
    assert m.status == "voorgesteld"


def test_afwijzen_zonder_reden_geeft_een_nederlandse_fout(client, omg, traject):
    m = _voorgesteld(omg, traject)
    client.force_login(omg.consulent)
    url = reverse("maatwerk_beoordelen", args=[m.pk])
    r = client.post(url, {f"maatwerk-{m.pk}-beoordelen-stap": "afwijzen"})
    html = r.content.decode()
    assert r.status_code == 200
    assert "Geef de reden op waarom u het maatwerk afwijst." in html
    assert "niet vastgelegd" in html
    m.refresh_from_db()
    assert m.status == "voorgesteld"
    r = client.post(
        url,
        {
            f"maatwerk-{m.pk}-beoordelen-stap": "afwijzen",
            f"maatwerk-{m.pk}-beoordelen-toelichting": "Past binnen het pakket",
        },
        follow=True,
    )
    m.refresh_from_db()
    assert (m.status, m.besluit) == ("afgewezen", "Past binnen het pakket")
    assert "Afgewezen door" in r.content.decode()
    assert Traject.objects.get(pk=traject.pk).uitvoerder(Taak.SCHULDENOVERZICHT) == "gemeente"


def test_intrekken_en_beeindigen(client, omg, traject):
    weg = _voorgesteld(omg, traject, "exitgesprek")
    client.force_login(omg.regisseur)
    r = client.post(reverse("maatwerk_intrekken", args=[weg.pk]), {}, follow=True)
    assert "is ingetrokken" in r.content.decode()
    weg.refresh_from_db()
    assert weg.status == "ingetrokken"

    m = _voorgesteld(omg, traject)
    services.beoordeel(door=omg.consulent, maatwerk_id=m.pk, goedkeuren=True)
    url = reverse("maatwerk_beeindigen", args=[m.pk])
    r = client.post(url, {})
    assert "Geef de reden op waarom het maatwerk stopt." in r.content.decode()
    r = client.post(url, {f"maatwerk-{m.pk}-beeindigen-reden": "Doel bereikt"}, follow=True)
    assert "Het maatwerk is beëindigd" in r.content.decode()
    m.refresh_from_db()
    assert (m.status, m.tot) == ("beeindigd", vandaag())


def test_taak_in_overleg_afspreken(client):
    keuzes = {**dict.fromkeys(O_TAKEN, "gemeente"), "exitgesprek": "overleg"}
    gemeente = gemeente_met_afspraak("Overleggemeente", "GM6101", "hybride", keuzes)
    basis = omgeving("hybride-gemeente")
    omg = Omgeving(
        gemeente=gemeente,
        regisseur=medewerker("kr_overleg", Rol.KLANTREGISSEUR, [gemeente]),
        consulent=medewerker("co_overleg", Rol.CONSULENT, [gemeente]),
        contractmanager=basis.contractmanager,
        beheerder=basis.beheerder,
        ander=basis.ander,
        ander_consulent=basis.ander_consulent,
    )
    traject = traject_in(omg, Fase.STABILISATIE)
    assert traject.uitvoerder(Taak.EXITGESPREK) is None
    client.force_login(omg.consulent)
    html = client.get(_detail(traject)).content.decode()
    assert "Nog af te spreken" in html and 'id="taak-afspreken"' in html
    assert "nog af te spreken wie 1 taak doet" in html
    url = reverse("traject_taak_afspreken", args=[traject.pk])
    r = client.post(
        url, {"taak-afspreken-versie": traject.versie, "taak-afspreken-taak": "exitgesprek"}
    )
    assert "Kies wie de taak doet: Stadsbank of gemeente." in r.content.decode()
    r = client.post(
        url,
        {
            "taak-afspreken-versie": traject.versie,
            "taak-afspreken-taak": "exitgesprek",
            "taak-afspreken-partij": "stadsbank",
            "taak-afspreken-toelichting": "Met de klantregisseur besproken",
        },
        follow=True,
    )
    html = r.content.decode()
    assert "Vastgelegd: ‘Exitgesprek’ doet in dit traject de stadsbank." in html
    assert Traject.objects.get(pk=traject.pk).uitvoerder(Taak.EXITGESPREK) == "stadsbank"
    rij = html.split('<th scope="row">Exitgesprek</th>')[1].split("</tr>")[0]
    assert "Per traject in overleg" in rij and "Afgesproken op" in rij
    assert 'id="taak-afspreken"' not in html  # nothing left to settle
    # Another gemeente's user finds no traject.
    client.force_login(omg.ander_consulent)
    assert client.post(url, {}).status_code == 404


def test_monitoringmoment_leidt_naar_voorstel_en_klantplan_toont_maatwerk(client, omg, traject):
    kp.maak_klantplan(traject=traject, door=omg.regisseur)
    moment = kp.registreer_monitoring(
        traject=traject,
        door=omg.regisseur,
        datum=vandaag(),
        doelen_gehaald="nee",
        schaal="opschalen",
    )
    klantplan = reverse("klantplan:klantplan", args=[traject.pk])
    url = reverse("maatwerk_voorstellen", args=[traject.pk]) + f"?monitoringmoment={moment.pk}"
    client.force_login(omg.consulent)
    assert url not in client.get(klantplan).content.decode()  # the gate: klantregisseur only
    client.force_login(omg.regisseur)
    html = client.get(klantplan).content.decode()
    assert f'href="{url.replace("&", "&amp;")}"' in html
    r = client.get(url)
    assert r.context["form"].initial["soort"] == "opschalen"
    assert list(dict(r.context["form"].fields["taken"].choices)) == [
        t for t in O_TAKEN
    ]  # opschalen: only what the gemeente does now
    data = _voorstel_data(traject, monitoringmoment=moment.pk)
    assert client.post(url, data).status_code == 302
    m = Maatwerk.objects.get(traject=traject)
    assert m.monitoringmoment == moment
    services.beoordeel(door=omg.consulent, maatwerk_id=m.pk, goedkeuren=True)

    html = client.get(klantplan).content.decode()
    assert "Maatwerk: De Stadsbank doet ook: Schuldenoverzicht." in html
    document = kp.maak_document(traject=traject, door=omg.regisseur, soort="klantplan")
    lezer = PdfReader(io.BytesIO(bytes(document.inhoud)))
    tekst = " ".join(" ".join(p.extract_text() for p in lezer.pages).split())
    assert "De Stadsbank doet ook: Schuldenoverzicht" in tekst


def _aantal_queries(client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_trajectpagina_kost_evenveel_queries_met_meer_maatwerk(client, omg, traject):
    client.force_login(omg.consulent)
    _voorgesteld(omg, traject)
    weinig = _aantal_queries(client, _detail(traject))
    for taak in ("informatie_verzamelen", "wgs_beschikking", "exitgesprek"):
        m = _voorgesteld(omg, traject, taak)
        services.beoordeel(door=omg.consulent, maatwerk_id=m.pk, goedkeuren=True)
    _voorgesteld(omg, traject, "opmaat_tot_uitstroom")
    assert _aantal_queries(client, _detail(traject)) == weinig
