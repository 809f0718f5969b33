"""Browser: the contractmanager changes a kwartaalgesprek (attendees, an action ticked off,
one removed, one added) and reads the change in its history; once the next version of the
report is made the meeting is fixed and only ticking off remains."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from rapportage import kwartaalgesprek, services
from rapportage.kwartalen import Kwartaal
from rapportage.models import Actie
from tests.bouwers.browser import geen_toegankelijkheidsfouten, inloggen, past_in_de_breedte

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _versie(gemeente):
    r = services.vraag_aan(
        gemeente=gemeente, kwartaal=Kwartaal(2026, 3), door=None, in_wachtrij=False
    )
    return services.maak(rapportage_id=r.pk)


def test_kwartaalgesprek_wijzigen_tot_de_volgende_versie(
    page: Page, live_server, contractmanager_a, gemeente_a
):
    rapportage = _versie(gemeente_a)
    gesprek = kwartaalgesprek.leg_vast(
        rapportage=rapportage,
        door=contractmanager_a,
        datum=timezone.localdate() - timedelta(days=3),
        aanwezigen="J. Jansen (gemeente)",
        afspraken="Wachttijd omlaag.",
        opmerkingen="",
        acties=[
            kwartaalgesprek.NieuweActie("Extra spreekuur", "P. de Vries", date(2027, 1, 10)),
            kwartaalgesprek.NieuweActie("Folder herzien", "Gemeente", date(2027, 2, 1)),
        ],
    )
    inloggen(page, live_server, contractmanager_a)
    page.goto(f"{live_server.url}/rapportages/{rapportage.pk}/")
    page.get_by_role("link", name="wijzigen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kwartaalgesprek van")
    geen_toegankelijkheidsfouten(page)

    page.get_by_label("Aanwezig").fill("J. Jansen (gemeente)\nP. de Vries (Stadsbank)")
    eerste = page.get_by_role("group", name="Actie 1")
    eerste.get_by_label("Eigenaar").fill("P. de Vries (Stadsbank)")
    eerste.get_by_label("Afgerond").check()
    page.get_by_role("group", name="Actie 2").get_by_label("Verwijderen").check()
    nieuw = page.get_by_role("group", name="Nieuwe actie").first
    nieuw.get_by_label("Actie").fill("Convenant woningcorporatie")
    nieuw.get_by_label("Eigenaar").fill("Gemeente")
    nieuw.get_by_label("Uiterlijk op").fill("2027-03-01")
    page.get_by_role("button", name="Wijzigingen opslaan").click()

    expect(page.get_by_text("Het kwartaalgesprek is gewijzigd.")).to_be_visible()
    expect(page.get_by_role("region", name="Historie")).to_contain_text("Kwartaalgesprek gewijzigd")
    geen_toegankelijkheidsfouten(page)
    gesprek.refresh_from_db()
    assert "P. de Vries (Stadsbank)" in gesprek.aanwezigen
    assert list(gesprek.acties.values_list("omschrijving", flat=True).order_by("deadline")) == [
        "Extra spreekuur",
        "Convenant woningcorporatie",
    ]
    assert gesprek.acties.get(omschrijving="Extra spreekuur").afgerond_op is not None

    _versie(gemeente_a)  # version 2 carries the meeting: from now on it is fixed
    page.reload()
    expect(page.get_by_role("status")).to_contain_text("Versie 2 van deze rapportage is al gemaakt")
    expect(page.get_by_role("button", name="Wijzigingen opslaan")).to_have_count(0)
    page.get_by_role("button", name="Afgerond: Convenant woningcorporatie").click()
    expect(page.get_by_role("button", name="Weer open: Convenant woningcorporatie")).to_be_visible()
    assert Actie.objects.filter(gesprek=gesprek, afgerond_op__isnull=True).count() == 0
    geen_toegankelijkheidsfouten(page)
    page.set_viewport_size({"width": 390, "height": 844})
    past_in_de_breedte(page)
    page.screenshot(path="var/screenshots/kwartaalgesprek-vast-390.png", full_page=True)
