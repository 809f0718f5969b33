"""Browser, issue 17 point 1 (ADR 0015): beheerder A gives a klantregisseur another role in
/beheer/; nothing changes, A sees that a second beheerder must approve and cannot approve it
himself; beheerder B sees the open request on the beheer start page and approves it; only
then the role changes, and both steps are in the verwerkingenlog."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from schuldhulp.models import Auditregel, Gebruiker, Rol
from schuldhulp.rechten import zorg_voor_beheergroep
from tests.bouwers import GebruikerFactory
from tests.bouwers.browser import geen_toegankelijkheidsfouten, inloggen

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _uitloggen(page: Page) -> None:
    page.get_by_role("button", name="Uitloggen", exact=True).click()


def test_vier_ogen_a_vraagt_b_keurt_goed(page: Page, live_server, regisseur_a):
    groep = zorg_voor_beheergroep()
    a = GebruikerFactory(username="beheerder.a", rol=Rol.BEHEERDER, is_staff=True)
    b = GebruikerFactory(username="beheerder.b", rol=Rol.BEHEERDER, is_staff=True)
    for beheerder in (a, b):
        beheerder.groups.add(groep)

    inloggen(page, live_server, a)
    page.goto(f"{live_server.url}/beheer/schuldhulp/gebruiker/{regisseur_a.pk}/change/")
    page.locator("#id_rol").select_option(Rol.CONSULENT)
    page.get_by_role("button", name="Opslaan", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("wachten op goedkeuring")
    assert Gebruiker.objects.get(pk=regisseur_a.pk).rol == Rol.KLANTREGISSEUR

    page.goto(f"{live_server.url}/rechtenverzoeken/")
    expect(page.get_by_role("heading", name="Wacht op goedkeuring (1)")).to_be_visible()
    expect(page.locator("main")).to_contain_text("U heeft dit verzoek zelf gedaan")
    expect(page.get_by_role("button", name="Goedkeuren")).to_have_count(0)
    _uitloggen(page)

    inloggen(page, live_server, b)  # lands on the beheer start page
    expect(page.locator("#rechtenverzoeken")).to_contain_text("1 verzoek")
    page.get_by_role("link", name="Naar de rechtenverzoeken").click()
    expect(page.locator("main")).to_contain_text("rol: Gemeente consulent")
    geen_toegankelijkheidsfouten(page)
    page.screenshot(path="var/screenshots/rechtenverzoeken.png", full_page=True)
    page.get_by_role("button", name="Goedkeuren").click()
    expect(page.locator("main")).to_contain_text("is goedgekeurd")
    expect(page.get_by_role("heading", name="Wacht op goedkeuring (0)")).to_be_visible()
    assert Gebruiker.objects.get(pk=regisseur_a.pk).rol == Rol.CONSULENT
    stappen = Auditregel.objects.filter(objecttype="rechtenverzoek")
    assert {r.gebruikersnaam for r in stappen} == {"beheerder.a", "beheerder.b"}
