"""The warme overdracht on the traject page: the prompt and form where a handover is due,
the open overdracht with its clock and the buttons the gate allows, the summaries that stay
readable; refusals come back on the page. And page and services agree for every role."""

from __future__ import annotations

import re
from datetime import date, datetime, time

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from schuldhulp.permissions import mag
from tests.bouwers import omgeving, probeer, traject_in
from tests.samenwerking.bouwers import element, overdracht_nodig, verstuur
from trajecten.models import Fase, Traject
from trajecten.samenwerking.models import Overdracht
from trajecten.samenwerking.services import overdracht as services

pytestmark = pytest.mark.django_db


def _pagina(client, gebruiker, traject) -> str:
    client.force_login(gebruiker)
    return client.get(reverse("traject_detail", args=[traject.pk])).content.decode()


def _sectie(html: str) -> str:
    return element(html, "overdracht")


def test_afzender_ziet_de_vraag_om_over_te_dragen_en_de_ontvanger_wacht(client, hybride, traject):
    html = _pagina(client, hybride.consulent, traject)
    assert "Draag dit traject warm over aan de Stadsbank." in html
    for label in (
        "Situatie in een paar regels",
        "Wat is al gedaan",
        "Wat is urgent",
        "Ontvangen documenten en post",
        "Afspraken met de klant",
    ):
        assert label in _sectie(html)
    assert 'id="overdracht-nieuw"' in html and "<details" not in _sectie(html)
    html = _pagina(client, hybride.regisseur, traject)
    assert 'id="overdracht-nieuw"' not in html
    assert "De gemeente draagt dit traject warm aan u over." in html


def test_versturen_en_accepteren_via_het_scherm(client, hybride, traject):
    client.force_login(hybride.consulent)
    url = reverse("overdracht_versturen", args=[traject.pk])
    data = {
        "overdracht-nieuw-versie": traject.versie,
        "overdracht-nieuw-situatie": "Huurachterstand <script>alert(1)</script>",
        "overdracht-nieuw-urgent": "Deurwaarder vrijdag",
    }
    antwoord = client.post(url, data)
    assert antwoord.status_code == 302
    o = Overdracht.objects.get(traject=traject)
    html = _pagina(client, hybride.consulent, traject)
    assert "Warme overdracht verstuurd aan de Stadsbank" in html
    sectie = _sectie(html)
    assert "Open: van de gemeente aan de Stadsbank" in sectie
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in sectie and "<script>alert" not in sectie
    assert "Deurwaarder vrijdag" in sectie
    assert 'utrecht-status-badge--neutral tag--loopt">Loopt</span>' in sectie
    assert f'id="overdracht-{o.pk}-accepteren"' not in sectie  # the sender does not accept
    assert 'id="overdracht-nieuw"' not in sectie  # one at a time

    html = _pagina(client, hybride.regisseur, traject)
    sectie = _sectie(html)
    assert f'id="overdracht-{o.pk}-accepteren"' in sectie
    assert f'id="overdracht-{o.pk}-vraag"' in sectie
    assert f'id="overdracht-{o.pk}-antwoord"' not in sectie
    antwoord = client.post(
        reverse("overdracht_accepteren", args=[o.pk]),
        {f"overdracht-{o.pk}-accepteren-versie": traject.versie + 1},
    )
    assert antwoord.status_code == 302
    o.refresh_from_db()
    assert o.status == "geaccepteerd"
    sectie = _sectie(_pagina(client, hybride.regisseur, traject))
    assert "Geaccepteerd op" in sectie and 'tag--gehaald">Gehaald' in sectie
    assert f'id="overdracht-{o.pk}-accepteren"' not in sectie


def test_lege_situatie_komt_terug_op_de_pagina(client, hybride, traject):
    client.force_login(hybride.consulent)
    antwoord = client.post(
        reverse("overdracht_versturen", args=[traject.pk]),
        {"overdracht-nieuw-versie": traject.versie, "overdracht-nieuw-situatie": "  "},
    )
    assert antwoord.status_code == 200
    html = antwoord.content.decode()
    assert "Beschrijf de situatie van de klant in een paar regels." in html
    assert "Warme overdracht versturen: niet vastgelegd" in html
    assert not Overdracht.objects.exists()


def test_twee_keer_accepteren_zegt_waarom_niet(client, hybride, traject):
    o = verstuur(traject, hybride.consulent)
    client.force_login(hybride.regisseur)
    url = reverse("overdracht_accepteren", args=[o.pk])
    versie = traject.versie + 1
    assert client.post(url, {f"overdracht-{o.pk}-accepteren-versie": versie}).status_code == 302
    antwoord = client.post(url, {f"overdracht-{o.pk}-accepteren-versie": versie + 1})
    assert antwoord.status_code == 200
    html = antwoord.content.decode()
    assert "Overdracht accepteren: niet vastgelegd" in html
    assert "Dit kan niet bij een overdracht met status &#x27;Geaccepteerd&#x27;." in html


def test_vraag_en_antwoord_blijven_leesbaar(client, hybride, traject):
    o = verstuur(traject, hybride.consulent)
    client.force_login(hybride.regisseur)
    antwoord = client.post(
        reverse("overdracht_vraag", args=[o.pk]),
        {
            f"overdracht-{o.pk}-vraag-versie": traject.versie + 1,
            f"overdracht-{o.pk}-vraag-vraag": "Is er beslag?",
        },
    )
    assert antwoord.status_code == 302
    sectie = _sectie(_pagina(client, hybride.consulent, traject))
    assert "Vraag gesteld aan de afzender" in sectie and "Is er beslag?" in sectie
    assert f'id="overdracht-{o.pk}-antwoord"' in sectie
    client.force_login(hybride.consulent)
    antwoord = client.post(
        reverse("overdracht_antwoord", args=[o.pk]),
        {
            f"overdracht-{o.pk}-antwoord-versie": traject.versie + 2,
            f"overdracht-{o.pk}-antwoord-antwoord": "Nee.",
        },
    )
    assert antwoord.status_code == 302
    sectie = _sectie(_pagina(client, hybride.regisseur, traject))
    assert sectie.index("Is er beslag?") < sectie.index("Nee.")
    assert f'id="overdracht-{o.pk}-accepteren"' in sectie


def test_eerdere_overdrachten_ingeklapt_nieuwste_boven(
    client, hybride, traject, django_assert_max_num_queries
):
    eerste = verstuur(traject, hybride.consulent, situatie="Eerste samenvatting")
    services.accepteer(overdracht_id=eerste.pk, door=hybride.regisseur)
    # The Stadsbank holds the traject now; the gemeente may still send what it learns.
    tweede = verstuur(traject, hybride.consulent, situatie="Tweede samenvatting")
    sectie = _sectie(_pagina(client, hybride.regisseur, traject))
    assert sectie.index("Tweede samenvatting") < sectie.index("Eerste samenvatting")
    ingeklapt = sectie[sectie.index("Eerdere overdrachten") :]
    assert f'<details class="actie actie--inklapbaar" id="overdracht-{eerste.pk}">' in ingeklapt
    assert "Eerste samenvatting" in ingeklapt and "Tweede samenvatting" not in ingeklapt
    assert tweede.pk != eerste.pk

    # The page costs the same with more overdrachten.
    client.force_login(hybride.regisseur)
    url = reverse("traject_detail", args=[traject.pk])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as twee:
        client.get(url)
    services.accepteer(overdracht_id=tweede.pk, door=hybride.regisseur)
    for n in range(3):
        o = verstuur(traject, hybride.consulent, situatie=f"Nog een {n}")
        services.accepteer(overdracht_id=o.pk, door=hybride.regisseur)
    with django_assert_max_num_queries(len(twee)):
        client.get(url)


def test_werkt_niet_voor_de_gemeente_of_klaar_dan_404_of_geen_knop(client, hybride, traject):
    o = verstuur(traject, hybride.consulent)
    client.force_login(hybride.ander)
    for naam in ("overdracht_accepteren", "overdracht_vraag", "overdracht_antwoord"):
        assert client.post(reverse(naam, args=[o.pk]), {}).status_code == 404
    assert client.post(reverse("overdracht_versturen", args=[traject.pk]), {}).status_code == 404
    assert Overdracht.objects.get(pk=o.pk).status == "open"


# --- page and services agree ------------------------------------------------------------

ROLLEN = ["regisseur", "consulent", "contractmanager", "beheerder", "ander", "ander_consulent"]
_KNOP = re.compile(r'id="overdracht-(nieuw|(\d+)-(accepteren|vraag|antwoord))"')
STAP = {
    "accepteren": "overdracht.accepteren",
    "vraag": "overdracht.vraag_stellen",
    "antwoord": "overdracht.beantwoorden",
}


def _knoppen(html: str) -> set[tuple[str, int | None]]:
    gezien = set()
    for m in _KNOP.finditer(html):
        gezien.add(("overdracht.versturen", None) if m[1] == "nieuw" else (STAP[m[3]], int(m[2])))
    return gezien


def _pogingen(traject):
    pogingen = [
        ("overdracht.versturen", None, lambda door: verstuur(traject, door)),
    ]
    for o in Overdracht.objects.filter(traject=traject):
        pogingen += [
            (
                "overdracht.accepteren",
                o.pk,
                lambda door, o=o: services.accepteer(overdracht_id=o.pk, door=door),
            ),
            (
                "overdracht.vraag_stellen",
                o.pk,
                lambda door, o=o: services.stel_vraag(overdracht_id=o.pk, door=door, vraag="?"),
            ),
            (
                "overdracht.beantwoorden",
                o.pk,
                lambda door, o=o: services.beantwoord(overdracht_id=o.pk, door=door, antwoord="!"),
            ),
        ]
    return pogingen


def _afzender(omg, traject):
    """Whoever may hand this traject over now (the other party receives)."""
    for door in (omg.consulent, omg.regisseur):
        if services.reden_geen_overdracht(traject, door.partij) is None:
            ontvanger = omg.regisseur if door == omg.consulent else omg.consulent
            return door, ontvanger
    raise AssertionError("niemand kan overdragen")


@pytest.mark.parametrize("pakket", ["ontzorging", "hybride-gemeente", "basis"])
@pytest.mark.parametrize("stand", ["nodig", "open", "vraag", "klaar"])
def test_pagina_en_service_zijn_het_eens(client, pakket: str, stand: str):
    omg = omgeving(pakket)
    if pakket == "hybride-gemeente":
        traject = overdracht_nodig(omg)
    else:  # basis: registered by the Stadsbank, the gemeente holds the intake
        traject = traject_in(omg, Fase.AANGEMELD if pakket == "basis" else Fase.STABILISATIE)
    if stand in ("open", "vraag"):
        afzender, ontvanger = _afzender(omg, traject)
        o = verstuur(traject, afzender)
        if stand == "vraag":
            services.stel_vraag(overdracht_id=o.pk, door=ontvanger, vraag="Hoe zit het?")
    if stand == "klaar":
        traject = traject_in(omg, Fase.UITGESTROOMD)
    pogingen = _pogingen(traject)
    alle: set = set()
    for rol in ROLLEN:
        door = omg.rol(rol)
        aanvaard = set()
        for naam, pk, schrijf in pogingen:
            reden = probeer(lambda s=schrijf, d=door: s(d))
            if reden is None:
                aanvaard.add((naam, pk))
            # A refusal by the gate says exactly what the gate says (one rule, one wording).
            obj = (
                Traject.objects.get(pk=traject.pk) if pk is None else Overdracht.objects.get(pk=pk)
            )
            if (poort := mag(door, naam, obj)) is not None:
                assert reden == poort, (naam, rol)
        alle |= aanvaard
        if rol in ("regisseur", "consulent"):
            assert _knoppen(_pagina(client, door, traject)) == aanvaard, (rol, pakket, stand)
        else:
            assert aanvaard == set(), (rol, pakket, stand)
    assert bool(alle) == (stand != "klaar")  # someone can act, unless the traject ended


def test_overdracht_op_de_pagina_met_klok_die_dreigt(client, hybride):
    with time_machine.travel(
        timezone.make_aware(datetime.combine(date(2026, 12, 4), time(10))), tick=False
    ):
        traject = overdracht_nodig(hybride)
        verstuur(traject, hybride.consulent)
    with time_machine.travel(
        timezone.make_aware(datetime.combine(date(2026, 12, 10), time(10))), tick=False
    ):
        sectie = _sectie(_pagina(client, hybride.regisseur, traject))
        assert 'tag--dreigt">Dreigt</span> <span class="resterend">nog 1 werkdag' in sectie
    with time_machine.travel(
        timezone.make_aware(datetime.combine(date(2026, 12, 14), time(10))), tick=False
    ):
        sectie = _sectie(_pagina(client, hybride.regisseur, traject))
        assert (
            'tag--overschreden">Overschreden</span> <span class="resterend">1 werkdag te laat'
            in sectie
        )


def test_elke_overdracht_handeling_wordt_geprobeerd(hybride, traject):
    from trajecten.samenwerking.workflow import HANDELINGEN

    verstuur(traject, hybride.consulent)
    geprobeerd = {naam for naam, _pk, _s in _pogingen(traject)}
    assert geprobeerd == {n for n in HANDELINGEN if n.startswith("overdracht.")}


def test_open_overdracht_van_een_gesloten_traject_vervalt(client, hybride, traject):
    from tests.bouwers import overgang

    verstuur(traject, hybride.consulent)
    overgang(traject, "sluit_af", hybride.consulent, uitstroomreden="Zelf")
    sectie = _sectie(_pagina(client, hybride.regisseur, traject))
    assert 'tag--vervallen">Vervallen</span> <span class="resterend">traject gestopt' in sectie
    assert "Open:" not in sectie and "<button" not in sectie
