"""Browser, keyboard only (issue 20, "done when"): from the moment a page loads, a klantregisseur
uses nothing but Tab, Shift+Tab, Enter and the space bar (page.keyboard) to skip to the
content, search the werkvoorraad, open a dossier, go to its klantplan, add a doel, submit it
wrong (the focus lands on the error summary), follow the summary to the field, and submit it
right. At every stop the focused element must show a visible focus style (outline or
box-shadow, read with getComputedStyle) and must be on screen."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from klantplan import services
from klantplan.models import Doel
from tests.bouwers import KlantFactory, toegelaten_traject
from tests.bouwers.browser import geen_toegankelijkheidsfouten, inloggen

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

MAX_TABS = 80  # more stops than this before a target is itself a finding

# What the focused element is, and whether its focus can be seen: an outline of some width,
# or a box-shadow, and a box inside the window.
FOCUS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const stijl = getComputedStyle(el);
  const vak = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(),
    id: el.id,
    tekst: (el.innerText || el.value || el.getAttribute("aria-label") || "").trim().slice(0, 80),
    href: el.getAttribute("href") || "",
    klasse: el.className || "",
    outline: stijl.outlineStyle !== "none" && parseFloat(stijl.outlineWidth) > 0,
    schaduw: stijl.boxShadow !== "none",
    // Chromium's calendar button inside a date field is a Tab stop of its own: the field is
    // then not :focus and the page cannot read the button's style; it counts when the
    // stylesheet gives that button a focus ring.
    kalenderknop: ["date", "time"].includes(el.type) && !el.matches(":focus") &&
      [...document.styleSheets].some(s => [...s.cssRules].some(
        r => (r.selectorText || "").includes("::-webkit-calendar-picker-indicator:focus-visible")
          && r.style.cssText.includes("outline"))),
    zichtbaar: vak.width > 0 && vak.height > 0 && vak.right > 0 && vak.left < window.innerWidth,
  };
}"""


def _focus(page: Page) -> dict:
    info = page.evaluate(FOCUS)
    assert info is not None, "de focus is nergens (body)"
    return info


def _focus_zichtbaar(info: dict) -> None:
    assert info["outline"] or info["schaduw"] or info["kalenderknop"], f"geen focus: {info}"
    assert info["zichtbaar"], f"gefocust element valt buiten beeld: {info}"


def tab_naar(page: Page, past, *, terug: bool = False) -> dict:
    """Press Tab (or Shift+Tab) until the focused element satisfies `past`; every element
    passed on the way must show its focus."""
    gezien = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Shift+Tab" if terug else "Tab")
        info = _focus(page)
        _focus_zichtbaar(info)
        if past(info):
            return info
        gezien.append(f"{info['tag']}#{info['id']} {info['tekst'][:30]!r}")
    raise AssertionError(f"niet bereikt met het toetsenbord; langs: {gezien}")


def _skiplink(page: Page) -> None:
    """The first Tab after loading lands on the skiplink, which shows itself and moves the
    focus to the main content."""
    # A Tab pressed while the new page still loads goes nowhere: wait as a person would.
    page.wait_for_load_state("load")
    page.keyboard.press("Tab")
    info = _focus(page)
    assert "skiplink" in info["klasse"] and re.search("naar de inhoud", info["tekst"], re.I), info
    _focus_zichtbaar(info)
    page.keyboard.press("Enter")
    expect(page.locator("main#inhoud")).to_be_focused()


def test_werkvoorraad_en_formulier_met_alleen_het_toetsenbord(
    page: Page, live_server, regisseur_a, gemeente_a
):
    klant = KlantFactory(gemeente=gemeente_a, voornamen="Tamara", achternaam="Toetsman")
    traject = toegelaten_traject(klant, regisseur_a)
    traject.behandelaar = regisseur_a
    traject.save(update_fields=["behandelaar"])
    services.maak_klantplan(traject=traject, door=regisseur_a)
    anders = toegelaten_traject(KlantFactory(gemeente=gemeente_a), regisseur_a)
    anders.behandelaar = regisseur_a
    anders.save(update_fields=["behandelaar"])

    inloggen(page, live_server, regisseur_a)
    page.goto(f"{live_server.url}/werkvoorraad/")  # from here on: only the keyboard

    # Werkvoorraad: skiplink, then the search field (past the header, not through it).
    _skiplink(page)
    tab_naar(page, lambda f: f["id"] == "id_zoek")
    page.keyboard.type("toetsm")
    tabel = page.locator("#werkvoorraad-tabel")
    expect(tabel.locator("tbody tr")).to_have_count(1)
    expect(page).to_have_url(re.compile(r"zoek=toetsm"))
    # On through the filters to the one dossier left, and open it.
    tab_naar(page, lambda f: f["tag"] == "a" and "Toetsman" in f["tekst"])
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/trajecten/{traject.pk}/$"))

    # The dossier: its tab Klantplan, then "Doel toevoegen".
    _skiplink(page)
    tab_naar(page, lambda f: f["tag"] == "a" and f["tekst"] == "Klantplan")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/klantplan/"))
    _skiplink(page)
    tab_naar(page, lambda f: f["tag"] == "a" and f["tekst"] == "Doel toevoegen")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Doel toevoegen")

    # The form: only the internal note, then submit with the space bar (wrong on purpose).
    _skiplink(page)
    tab_naar(page, lambda f: f["id"] == "id_klanttekst")
    tab_naar(page, lambda f: f["id"] == "id_omschrijving")
    page.keyboard.type("Faillissement van haar man")
    tab_naar(page, lambda f: f["tag"] == "button" and f["tekst"] == "Doel toevoegen")
    page.keyboard.press("Space")
    samenvatting = page.locator(".foutsamenvatting")
    expect(samenvatting).to_contain_text("Beschrijf het doel in woorden voor de klant.")
    expect(samenvatting).to_be_focused()
    geen_toegankelijkheidsfouten(page)

    # From the summary to the field, fill it in, back with Shift+Tab to check, submit.
    tab_naar(page, lambda f: f["tag"] == "a" and f["href"] == "#id_klanttekst")
    page.keyboard.press("Enter")
    expect(page.locator("#id_klanttekst")).to_be_focused()
    page.keyboard.type("U betaalt de huur elke maand op tijd.")
    knop = tab_naar(page, lambda f: f["tag"] == "button" and f["tekst"] == "Doel toevoegen")
    tab_naar(page, lambda f: f["id"] == "id_omschrijving", terug=True)
    expect(page.locator("#id_omschrijving")).to_have_value("Faillissement van haar man")
    tab_naar(page, lambda f: f["tekst"] == knop["tekst"] and f["tag"] == "button")
    page.keyboard.press("Enter")
    expect(page.locator(".melding--success")).to_contain_text("Het doel is toegevoegd.")
    doel = Doel.objects.get(klantplan__traject=traject)
    assert doel.klanttekst == "U betaalt de huur elke maand op tijd."
    assert doel.omschrijving == "Faillissement van haar man"
    page.screenshot(path="var/screenshots/toetsenbord-klantplan.png", full_page=True)
