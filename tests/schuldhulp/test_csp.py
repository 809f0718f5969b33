"""Security headers on every page and CSRF on every form.

- Every HTML page of the URL walk (tests/schuldhulp/test_url_wandeling.py) and of the admin
  carries a Content-Security-Policy whose script-src has no 'unsafe-inline' (scripts only from
  our own origin or with the per-request nonce), X-Frame-Options DENY, nosniff and a
  same-origin referrer policy; and no page holds a script the policy would block.
- A POST without a CSRF token to a state-changing URL is refused (403), also where the view
  checks CSRF itself (the DDAS upload); the partner API (a token, no cookie) is the exception.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.bouwers.url_tabel import ADMIN, BEHEER, TABEL, Regel
from tests.bouwers.wereld import ROLLEN, Wereld

# One worker per module (./dev test uses --dist loadgroup): the world is built once.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("test_csp")]

SCRIPT = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)


def html_url(naam: str, regel: Regel, w: Wereld) -> tuple[str, str] | None:
    """(role, url) of the first role that gets a 200 on A's object, if any."""
    rol = next((r for r in ROLLEN if regel.a[r] == 200), None)
    if rol is None:
        return None
    kwargs = regel.kwargs(w.a) if regel.kwargs else None
    return rol, reverse(naam, kwargs=kwargs)


def controleer_koppen(antwoord, url: str) -> list[str]:
    fouten = []
    csp = antwoord.get("Content-Security-Policy", "")
    richtlijnen = {deel.split()[0]: deel.split()[1:] for deel in csp.split(";") if deel.strip()}
    script = richtlijnen.get("script-src", richtlijnen.get("default-src"))
    if not csp or script is None:
        fouten.append(f"{url}: geen Content-Security-Policy met script-src")
    elif "'unsafe-inline'" in script or "'unsafe-eval'" in script or "*" in script:
        fouten.append(f"{url}: script-src te ruim: {script}")
    if richtlijnen.get("frame-ancestors") != ["'none'"]:
        fouten.append(f"{url}: frame-ancestors is niet 'none'")
    if antwoord.get("X-Frame-Options") != "DENY":
        fouten.append(f"{url}: X-Frame-Options {antwoord.get('X-Frame-Options')!r}")
    if antwoord.get("X-Content-Type-Options") != "nosniff":
        fouten.append(f"{url}: geen X-Content-Type-Options: nosniff")
    # The schuldeiserportaal carries its token in the URL: the origin only, never the path.
    # Pages with a token in the URL (the creditor's link, the survey link) send no path on.
    beleid = (
        "strict-origin" if url.startswith(("/schuldeiser/", "/vragenlijst/")) else "same-origin"
    )
    if antwoord.get("Referrer-Policy") != beleid:
        fouten.append(f"{url}: Referrer-Policy {antwoord.get('Referrer-Policy')!r}")
    return fouten


def controleer_scripts(antwoord, url: str) -> list[str]:
    """Every <script> has a src (our origin) or the nonce, or is data (JSON); no onclick=."""
    html = antwoord.content.decode()
    nonce = re.search(r"'nonce-([^']+)'", antwoord["Content-Security-Policy"])
    fouten = []
    for attributen in SCRIPT.findall(html):
        if "src=" in attributen or 'type="application/json"' in attributen:
            continue
        if nonce is None or f'nonce="{nonce.group(1)}"' not in attributen:
            fouten.append(f"{url}: inline <script{attributen}> zonder nonce")
    if INLINE_HANDLER.search(html):
        fouten.append(f"{url}: inline event handler ({INLINE_HANDLER.search(html).group(0)})")
    return fouten


def test_elke_html_pagina_heeft_de_beveiligingskoppen(wereld, sessies) -> None:
    fouten: list[str] = []
    gezien = 0
    for naam, regel in sorted(TABEL.items()):
        doel = html_url(naam, regel, wereld)
        if doel is None:
            continue
        rol, url = doel
        antwoord = sessies[rol].get(url)
        assert antwoord.status_code == 200, url
        if not antwoord["Content-Type"].startswith("text/html"):
            continue
        gezien += 1
        fouten += controleer_koppen(antwoord, url)
        fouten += controleer_scripts(antwoord, url)
    assert gezien > 50, "te weinig HTML-pagina's gezien: klopt de wandeling nog?"
    assert not fouten, "\n".join(fouten)


def test_beheerpaginas_hebben_de_beveiligingskoppen(wereld, sessies) -> None:
    beheerder = sessies["beheerder"]
    fouten: list[str] = []
    urls = [reverse("admin:index")]
    for label, rechten in ADMIN.items():
        if rechten == BEHEER:
            app, model = label.split(".")
            urls += [
                reverse(f"admin:{app}_{model}_changelist"),
                reverse(f"admin:{app}_{model}_add"),
            ]
    for url in urls:
        antwoord = beheerder.get(url)
        assert antwoord.status_code == 200, url
        fouten += controleer_koppen(antwoord, url)
    assert not fouten, "\n".join(fouten)


@pytest.mark.parametrize("status", [302, 403, 404, 405])
def test_ook_andere_antwoorden_hebben_de_koppen(status: int, wereld, sessies) -> None:
    """Refusals and redirects carry the same headers (an error page is a page too)."""
    urls = {
        302: ("anoniem", reverse("klanten")),
        403: ("contractmanager", reverse("klanten")),
        404: ("regisseur", reverse("klant_detail", args=[wereld.b.klant.pk])),
        405: ("regisseur", reverse("logout")),
    }
    rol, url = urls[status]
    antwoord = sessies[rol].get(url)
    assert antwoord.status_code == status
    assert controleer_koppen(antwoord, url) == []


def test_downloads_worden_niet_als_html_gelezen(wereld, sessies) -> None:
    """PDF, CSV and JSON downloads: an attachment with its own type and nosniff, so a browser
    never renders a stored file as a page."""
    a = wereld.a
    downloads = [
        ("regisseur", reverse("klantplan:document_download", args=[a.traject.pk, a.document.pk])),
        ("contractmanager", reverse("rapportage_pdf", args=[a.rapportage.pk])),
        ("contractmanager", reverse("rapportage_csv", args=[a.rapportage.pk])),
        ("regisseur", reverse("klantplan:schulden_voorbeeld", args=[a.traject.pk])),
    ]
    for rol, url in downloads:
        antwoord = sessies[rol].get(url)
        assert antwoord.status_code == 200, url
        assert antwoord["Content-Disposition"].startswith("attachment;"), url
        assert not antwoord["Content-Type"].startswith("text/html"), url
        assert antwoord["X-Content-Type-Options"] == "nosniff", url


# --- CSRF ---------------------------------------------------------------------------------------


def streng(gebruiker) -> Client:
    client = Client(enforce_csrf_checks=True)
    if gebruiker is not None:
        client.force_login(gebruiker)
    return client


def test_post_zonder_csrf_token_wordt_geweigerd(wereld) -> None:
    a = wereld.a
    t = a.traject.pk
    posts = {
        "regisseur": [
            reverse("klant_nieuw"),
            reverse("klant_wijzig", args=[a.klant.pk]),
            reverse("traject_aanmelden"),
            reverse("traject_overgang", args=[t, "bereik_financiele_rust"]),
            reverse("signalering_gelezen", args=[a.signalering.pk]),
            reverse("klantplan:doel_nieuw", args=[t, a.klantplan.versie]),
            reverse("klantplan:schuld_nieuw", args=[t]),
            reverse("klantplan:schulden_import", args=[t]),
            reverse("klantplan:document_maak", args=[t]),
            reverse("vroegsignaal_contactpoging", args=[a.zaak.pk]),
            reverse("vroegsignaal_lijsten"),
            reverse("vroegsignaal_lijst_bevestigen", args=[a.lijst.pk]),
            reverse("ddas_export"),
            reverse("ddas_importeren"),  # csrf_exempt outside, csrf_protect inside
            reverse("ddas_voorbeeld", args=[a.ddas_sha]),
            reverse("overal_uitloggen"),
            reverse("logout"),
        ],
        "contractmanager": [reverse("rapportage_aanvragen")],
        "beheerder": [
            reverse("admin:schuldhulp_gemeente_add"),
            reverse("admin:schuldhulp_gebruiker_add"),
        ],
        "anoniem": [reverse("login")],
    }
    fouten = []
    for rol, urls in posts.items():
        client = streng(wereld.gebruiker(rol))
        if rol == "regisseur":
            sessie = client.session
            sessie["ddas_imports"] = [a.ddas_sha]
            sessie.save()
        for url in urls:
            antwoord = client.post(url, {"veld": "waarde"})
            if antwoord.status_code != 403:
                fouten.append(f"{rol} POST {url} zonder token: {antwoord.status_code}")
    assert not fouten, "\n".join(fouten)


def test_met_token_gaat_het_wel(wereld) -> None:
    """The same strict client with the token from the form gets through (the test above
    refuses because of the token, not because of something else)."""
    client = streng(wereld.a.regisseur)
    pagina = client.get(reverse("klant_nieuw"))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', pagina.content.decode())
    assert token is not None
    antwoord = client.post(reverse("klant_nieuw"), {"csrfmiddlewaretoken": token.group(1)})
    assert antwoord.status_code == 200  # the form again, with its errors: not a CSRF refusal
    assert "Vul het BSN in." in antwoord.content.decode()


def test_api_vraagt_een_token_geen_csrf(wereld) -> None:
    """The partner API has no cookie session, so no CSRF: without a token it says 401."""
    antwoord = streng(None).post(
        reverse("api_vroegsignalen"), "{}", content_type="application/json"
    )
    assert antwoord.status_code == 401
    assert antwoord.json()["fouten"][0]["melding"].startswith("Geen of een onbekend token")
