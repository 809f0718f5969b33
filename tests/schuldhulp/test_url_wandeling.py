"""The URL walk: every URL of the application × every role × an object of the user's own
gemeente (A) and of another gemeente (B), with the answer each must get.

- Every pattern of ``get_resolver()`` (htmx partials, downloads, the API and the Django admin
  under /beheer/ included) must have a row in TABEL or ADMIN: a new URL without a row fails
  ``test_elke_url_staat_in_de_tabel``. That is the point: nobody adds an unprotected page by
  accident (docs/adr/0002-autorisatie.md).
- Roles: anoniem, and of gemeente A a klantregisseur, a consulent and a contractmanager, plus
  the functioneel beheerder (works for every gemeente, sees no dossier).
- Answers: 200, 403, 404, 405 (POST only), LOGIN (302 to the login page), BEHEERLOGIN (302 to
  the admin login) or Naar("/pad") (302 elsewhere).
- Every state-changing URL is also POSTed by a user of A on B's object: 404 and nothing in the
  database changed; the same POST on A's object succeeds (so the payload is a real one).

The world (tests/bouwers/wereld.py) is built once for the module; each test runs in a
savepoint. The expected answers (TABEL, ADMIN) live in tests/bouwers/url_tabel.py.
"""

from __future__ import annotations

from typing import Any
from unittest.mock import MagicMock
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.bouwers.url_tabel import (
    ADMIN,
    ADMIN_EXTRA,
    ADMIN_PER_MODEL,
    ADMIN_SITE,
    BEHEERLOGIN,
    GEEN_RECHT,
    LOGIN,
    TABEL,
    Naar,
    Regel,
    Verwacht,
    per_rol,
)
from tests.bouwers.wereld import ROLLEN, Wereld

# One worker per module (./dev test uses --dist loadgroup): the world is built once.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("test_url_wandeling")]

# --- Walking --------------------------------------------------------------------------------------


def patronen(resolver: URLResolver | None = None, prefix: str = "", ns: str = ""):
    """(route, name) of every URL pattern, recursively, names with their namespace."""
    resolver = resolver or get_resolver()
    for patroon in resolver.url_patterns:
        if isinstance(patroon, URLResolver):
            naamruimte = f"{ns}{patroon.namespace}:" if patroon.namespace else ns
            yield from patronen(patroon, prefix + str(patroon.pattern), naamruimte)
        else:
            assert isinstance(patroon, URLPattern)
            yield prefix + str(patroon.pattern), f"{ns}{patroon.name}" if patroon.name else None


def klopt(antwoord, verwacht: Verwacht) -> bool:
    locatie = antwoord.get("Location", "")
    if verwacht == LOGIN:
        return antwoord.status_code == 302 and locatie.startswith("/inloggen/?next=")
    if verwacht == BEHEERLOGIN:
        return antwoord.status_code == 302 and locatie.startswith("/beheer/login/?next=")
    if isinstance(verwacht, Naar):
        return antwoord.status_code == 302 and locatie == verwacht.pad
    return antwoord.status_code == verwacht


def beschrijf(antwoord) -> str:
    locatie = antwoord.get("Location")
    return f"{antwoord.status_code}" + (f" → {locatie}" if locatie else "")


def bezoek(sessies, rol: str, url: str):
    return sessies[rol].get(url)


def urls_van(naam: str, regel: Regel, w: Wereld) -> list[tuple[str, str, dict[str, Verwacht]]]:
    """(gemeente, url, expected per role) for A and, where the URL names an object, B."""
    if regel.kwargs is None:
        return [("-", reverse(naam), regel.a)]
    assert regel.b is not None, f"{naam}: geef ook het antwoord voor gemeente B"
    return [
        ("A", reverse(naam, kwargs=regel.kwargs(w.a)), regel.a),
        ("B", reverse(naam, kwargs=regel.kwargs(w.b)), regel.b),
    ]


# --- The tests ------------------------------------------------------------------------------------


def test_elke_url_staat_in_de_tabel() -> None:
    """A URL that is added without a row here fails; so does a row without a URL."""
    namen: set[str] = set()
    zonder_naam: list[str] = []
    onbekend_admin: list[str] = []
    modellen = {m._meta.label_lower for m in admin.site._registry}
    for route, naam in patronen():
        if route.startswith("beheer/"):
            if naam is None:
                # Django's own unnamed admin routes: the per-model redirect and the catch-all.
                if not (route.endswith("<path:object_id>/") or route.endswith("(?P<url>.*)$")):
                    onbekend_admin.append(route)
            elif naam not in ADMIN_SITE | set(ADMIN_EXTRA) and not any(
                naam == f"admin:{label.replace('.', '_')}_{soort}"
                for label in modellen
                for soort in ADMIN_PER_MODEL
            ):
                onbekend_admin.append(f"{route} ({naam})")
            continue
        if naam is None:
            zonder_naam.append(route)
        namen.add(naam)
    assert not zonder_naam, f"URL's zonder naam: {zonder_naam}"
    assert not onbekend_admin, f"Beheer-URL's die niet in ADMIN staan: {onbekend_admin}"
    assert namen - set(TABEL) == set(), "URL's zonder regel in TABEL"
    assert set(TABEL) - namen == set(), "Regels in TABEL zonder URL"
    assert modellen == set(ADMIN), "Elk model in /beheer/ heeft een regel in ADMIN"


@pytest.mark.parametrize("naam", sorted(TABEL))
def test_wandeling(naam: str, wereld, sessies) -> None:
    regel = TABEL[naam]
    fouten = []
    for gemeente, url, verwacht in urls_van(naam, regel, wereld):
        for rol in ROLLEN:
            antwoord = bezoek(sessies, rol, url)
            if not klopt(antwoord, verwacht[rol]):
                fouten.append(
                    f"{rol:15} {gemeente} GET {url}: {beschrijf(antwoord)}, "
                    f"verwacht {verwacht[rol]}"
                )
    assert not fouten, "\n".join(fouten)


def _admin_urls(label: str) -> list[tuple[str, str]]:
    model = apps.get_model(label)
    obj = model._default_manager.order_by("pk").first()
    assert obj is not None, f"de wereld heeft geen {label}"
    basis = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    return [
        ("changelist", reverse(f"{basis}_changelist")),
        ("add", reverse(f"{basis}_add")),
        ("change", reverse(f"{basis}_change", args=[obj.pk])),
    ]


@pytest.mark.parametrize("label", sorted(ADMIN))
def test_beheer_wandeling(label: str, wereld, sessies) -> None:
    fouten = []
    for (soort, url), beheerder in zip(_admin_urls(label), ADMIN[label], strict=True):
        verwacht = per_rol(BEHEERLOGIN, BEHEERLOGIN, BEHEERLOGIN, BEHEERLOGIN, beheerder)
        for rol in ROLLEN:
            antwoord = bezoek(sessies, rol, url)
            if not klopt(antwoord, verwacht[rol]):
                fouten.append(f"{rol:15} {soort} GET {url}: {beschrijf(antwoord)}")
    assert not fouten, "\n".join(fouten)


def test_beheer_start_apps_en_extra(wereld, sessies) -> None:
    """The admin index, per app the page that lists its models (404 without any right), and
    the extra views of ADMIN_EXTRA."""
    met_recht = {label.split(".")[0] for label, rechten in ADMIN.items() if rechten != GEEN_RECHT}
    paginas = [(reverse("admin:index"), 200)] + [
        (reverse("admin:app_list", args=[app]), 200 if app in met_recht else 404)
        for app in sorted({label.split(".")[0] for label in ADMIN})
    ]
    paginas += [
        (reverse(naam, kwargs=kwargs(wereld)), beheerder)
        for naam, (kwargs, beheerder) in ADMIN_EXTRA.items()
    ]
    fouten = []
    for url, beheerder in paginas:
        verwacht = per_rol(BEHEERLOGIN, BEHEERLOGIN, BEHEERLOGIN, BEHEERLOGIN, beheerder)
        for rol in ROLLEN:
            antwoord = bezoek(sessies, rol, url)
            if not klopt(antwoord, verwacht[rol]):
                fouten.append(f"{rol:15} GET {url}: {beschrijf(antwoord)}")
    assert not fouten, "\n".join(fouten)


# --- POST on another gemeente's objects ---------------------------------------------------------

APPS_MET_GEGEVENS = [
    "schuldhulp",
    "trajecten",
    "vroegsignalering",
    "klantplan",
    "pakket",
    "samenwerking",
    "rapportage",
    "schuldregeling",
    "huishouden",
    "facturatie",
    "papieren",
    "portaal",
    "tevredenheid",
]


def vingerafdruk() -> dict[str, tuple[int, str]]:
    """Row count and a hash of every row of every table of the apps (sessions and the login
    bookkeeping of axes are not in these apps)."""
    uitkomst = {}
    with connection.cursor() as cursor:
        for label in APPS_MET_GEGEVENS:
            for model in apps.get_app_config(label).get_models(include_auto_created=True):
                tabel = connection.ops.quote_name(model._meta.db_table)
                cursor.execute(
                    f"SELECT count(*), md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), ''))"
                    f" FROM {tabel} t"
                )
                uitkomst[model._meta.db_table] = cursor.fetchone()
    return uitkomst


def verschil(voor: dict, na: dict) -> list[str]:
    return [tabel for tabel in voor if voor[tabel] != na[tabel]]


POSTS = sorted(naam for naam, regel in TABEL.items() if regel.post is not None)


@pytest.mark.parametrize("naam", POSTS)
def test_post_op_andere_gemeente_verandert_niets(naam: str, wereld, sessies) -> None:
    regel = TABEL[naam]
    client = sessies[regel.als]
    b_url = reverse(naam, kwargs=regel.kwargs(wereld.b)) if regel.kwargs else reverse(naam)
    voor = vingerafdruk()
    antwoord = client.post(b_url, regel.post(wereld.b, wereld))
    assert antwoord.status_code == regel.post_b, f"B: {beschrijf(antwoord)}"
    assert verschil(voor, vingerafdruk()) == [], "een POST op B veranderde de database"

    # The same POST on A's object does what it says (the payload is a real one).
    a_url = reverse(naam, kwargs=regel.kwargs(wereld.a)) if regel.kwargs else reverse(naam)
    voor = vingerafdruk()
    antwoord = client.post(a_url, regel.post(wereld.a, wereld))
    assert antwoord.status_code == regel.post_a, f"A: {beschrijf(antwoord)}"
    gewijzigd = set(verschil(voor, vingerafdruk())) - {"schuldhulp_auditregel"}
    assert bool(gewijzigd) == regel.post_a_schrijft, f"A veranderde: {sorted(gewijzigd)}"


def test_elke_schrijvende_url_heeft_een_post_of_een_reden() -> None:
    """POST-only URLs (405 on GET) must be POSTed above, or say why not."""
    zonder = [
        naam
        for naam, regel in TABEL.items()
        if regel.post is None
        and not regel.reden_geen_post
        and any(verwacht == 405 for verwacht in regel.a.values())
    ]
    assert zonder == []


def test_ddas_import_van_andere_gemeente(wereld, sessies, tmp_path) -> None:
    """A klantregisseur of A uploads B's DDAS file: the preview shows it, importing adds
    nothing (every record belongs to a gemeente this user does not work for)."""
    from rapportage.ddas import importer

    client = sessies["regisseur"]
    inhoud = importer.laad(wereld.b.ddas_sha)
    voor = vingerafdruk()
    antwoord = client.post(
        reverse("ddas_importeren"),
        {"bestand": SimpleUploadedFile("b.json", inhoud, "application/json")},
    )
    assert antwoord.status_code == 302, beschrijf(antwoord)
    assert antwoord["Location"] == reverse("ddas_voorbeeld", args=[wereld.b.ddas_sha])
    assert client.get(antwoord["Location"]).status_code == 200
    assert client.post(antwoord["Location"]).status_code == 302
    na = vingerafdruk()
    gewijzigd = verschil(voor, na)
    assert "trajecten_traject" not in gewijzigd and "schuldhulp_klant" not in gewijzigd


# --- A shared dossier (inzien_klant) is for reading only -----------------------------------------

GEDEELD_LEZEN = ["klant_detail", "traject_detail", "klantplan:klantplan", "klantplan:schulden"]


@pytest.mark.parametrize("naam", [n for n in POSTS if TABEL[n].kwargs is not None])
def test_gedeeld_dossier_is_alleen_lezen(naam: str, wereld, sessies) -> None:
    """B's klant shared with the klantregisseur of A: A may read the dossier, but every
    POST on it is refused and changes nothing (writing needs the gemeente itself). Before,
    the klant's own form let A change the klant and move it into gemeente A."""
    from schuldhulp import services as kernservices

    regel = TABEL[naam]
    kernservices.deel_dossier(klant=wereld.b.klant, gebruiker=wereld.a.regisseur)
    client = sessies["regisseur"]
    for lezen in GEDEELD_LEZEN:
        url = reverse(lezen, kwargs=TABEL[lezen].kwargs(wereld.b))
        assert client.get(url).status_code == 200, url
    data = regel.post(wereld.b, wereld)
    if "gemeente" in data:  # the form offers A's gemeente: try to move the klant there
        data["gemeente"] = wereld.a.gemeente.pk
    voor = vingerafdruk()
    antwoord = client.post(reverse(naam, kwargs=regel.kwargs(wereld.b)), data)
    assert antwoord.status_code in {200, 403, 404}, beschrijf(antwoord)
    gewijzigd = set(verschil(voor, vingerafdruk())) - {"schuldhulp_auditregel"}
    assert gewijzigd == set(), f"een gedeeld dossier veranderde: {sorted(gewijzigd)}"


# --- No open redirects ------------------------------------------------------------------------

BUITEN = ["https://evil.example/", "//evil.example/", "/\\evil.example/", "/\t/evil.example/"]


@pytest.mark.parametrize("doel", BUITEN)
def test_geen_open_omleiding(doel: str, wereld, sessies) -> None:
    """Every parameter that says where to go next only leads to a page of this site."""
    a = wereld.a
    client = sessies["regisseur"]
    antwoorden = [
        client.get(reverse("tweestaps"), {"next": doel}),
        client.post(reverse("signalering_gelezen", args=[a.signalering.pk]), {"volgende": doel}),
        client.post(
            reverse("klantplan:actie_gedaan", args=[a.traject.pk, a.actie.pk]),
            {"gedaan": "1", "terug": doel},
        ),
        client.post(
            reverse("klantplan:schuldeisers") + "?" + urlencode({"terug": doel}),
            {"naam": "Omleiding BV", "soort": "overig"},
        ),
        Client().post(
            reverse("login") + "?" + urlencode({"next": doel}),
            {"username": "w_kr_a", "password": "fout"},
        ),
    ]
    for antwoord in antwoorden:
        locatie = antwoord.get("Location", "")
        assert not locatie or (locatie[:1] == "/" and locatie[1:2] not in {"/", "\\", "\t"})
        assert "evil.example" not in locatie


def test_omleiding_binnen_de_site_blijft_werken(wereld, sessies) -> None:
    antwoord = sessies["regisseur"].get(reverse("tweestaps"), {"next": "/klanten/?q=a"})
    assert antwoord["Location"] == "/klanten/?q=a"


def test_beheerder_maakt_een_medewerker_aan_en_wijzigt_zijn_gemeenten(wereld, sessies) -> None:
    """The admin's user pages work (they gave a 500 before: the 'gemeenten' field was not
    declared on the form) and set the gemeenten the medewerker works for, once a second
    beheerder approved the request (ADR 0015)."""
    from schuldhulp import rechtenverzoeken
    from schuldhulp.models import Gebruiker
    from schuldhulp.permissions import gemeente_ids

    client = sessies["beheerder"]
    wachtwoord = "Een-lang-wachtwoord-42"
    antwoord = client.post(
        reverse("admin:schuldhulp_gebruiker_add"),
        {
            "username": "nieuwe_kr",
            "rol": "klantregisseur",
            "gemeenten": [wereld.a.gemeente.pk],
            "password1": wachtwoord,
            "password2": wachtwoord,
        },
    )
    assert antwoord.status_code == 302, antwoord.content.decode()[:2000]
    nieuw = Gebruiker.objects.get(username="nieuwe_kr")
    assert gemeente_ids(nieuw) == [] and not nieuw.is_active  # until a second beheerder agrees
    tweede = wereld.a.rechtenverzoek.aangevraagd_door
    for verzoek in rechtenverzoeken.open_verzoeken().filter(gebruiker=nieuw):
        rechtenverzoeken.goedkeuren(verzoek_id=verzoek.pk, door=tweede)
    assert gemeente_ids(Gebruiker.objects.get(pk=nieuw.pk)) == [wereld.a.gemeente.pk]

    wijzig = reverse("admin:schuldhulp_gebruiker_change", args=[nieuw.pk])
    assert client.get(wijzig).status_code == 200
    antwoord = client.post(
        wijzig,
        {
            "username": "nieuwe_kr",
            "rol": "klantregisseur",
            "gemeenten": [wereld.b.gemeente.pk],
            "is_active": "on",
        },
    )
    assert antwoord.status_code == 302, antwoord.content.decode()[:2000]
    assert gemeente_ids(Gebruiker.objects.get(pk=nieuw.pk)) == []  # A taken away at once
    for verzoek in rechtenverzoeken.open_verzoeken().filter(gebruiker=nieuw):
        rechtenverzoeken.goedkeuren(verzoek_id=verzoek.pk, door=tweede)
    assert gemeente_ids(Gebruiker.objects.get(pk=nieuw.pk)) == [wereld.b.gemeente.pk]


# --- Nothing of B on any page A's users see --------------------------------------------------


def sporen_van_b(w: Wereld) -> list[str]:
    b = w.b
    return [
        b.klant.achternaam,  # every klant of B is called Wereldklant B
        b.klant.bsn,
        b.gemeente.naam,
        b.gemeente.code,
        b.zaak.achternaam,
        "LijstB",
        b.regisseur.username,
        b.consulent.username,
        b.contractmanager.username,
    ]


def test_geen_spoor_van_b_op_de_paginas_van_a(wereld, sessies) -> None:
    """Every page (and download) a user of A may open, lists and searches included, names
    nothing of gemeente B: no klant, BSN, case, list, gemeente or colleague."""
    b = wereld.b
    zoeken = [
        (reverse("klanten"), {"q": b.klant.bsn}),
        (reverse("klanten"), {"q": b.klant.achternaam}),
        (reverse("vroegsignalen"), {"q": b.zaak.achternaam, "status": "alle"}),
        (reverse("vroegsignalen"), {"gemeente": b.gemeente.pk, "status": "alle"}),
        (reverse("werkvoorraad"), {"weergave": "team", "gemeente": b.gemeente.pk}),
        (reverse("rapportages"), {"gemeente": b.gemeente.pk}),
        (reverse("traject_aanmelden"), {}),
    ]
    sporen = sporen_van_b(wereld)
    fouten = []
    for rol in ("regisseur", "contractmanager"):  # the consulent sees the regisseur's pages
        urls = [
            (reverse(naam, kwargs=regel.kwargs(wereld.a) if regel.kwargs else None), {})
            for naam, regel in TABEL.items()
            if regel.a[rol] == 200
        ]
        for url, parameters in urls + zoeken:
            antwoord = sessies[rol].get(url, parameters)
            inhoud = antwoord.content.decode("utf-8", "replace")
            gezocht = {str(w) for w in parameters.values()}  # echoed in the search box
            fouten += [
                f"{rol} {url} {parameters}: {s}" for s in sporen if s in inhoud and s not in gezocht
            ]
            # A search for B's klant or case finds nothing (a filter on B is ignored instead).
            pagina = antwoord.context and antwoord.context.get("pagina")
            if "q" in parameters and hasattr(pagina, "paginator") and pagina.paginator.count:
                fouten.append(f"{rol} {url} {parameters}: {pagina.paginator.count} treffers")
    assert not fouten, "\n".join(fouten)


# --- A's traject in the URL, B's object behind it -----------------------------------------------


def kinderen(kwargs: dict[str, Any]) -> set[str]:
    """The URL's child objects under its traject (doel, schuld, product, clock ...)."""
    return {"pk"} & set(kwargs) if "traject_pk" in kwargs else {k for k in kwargs if k != "pk"}


def _sleutels(regel: Regel) -> dict[str, Any]:
    return regel.kwargs(MagicMock()) if regel.kwargs else {}  # only the names count here


GEMENGD = sorted(
    naam
    for naam, regel in TABEL.items()
    # A portal token is the right itself, not a parent object (test_portaal_* below); a day
    # (the print batch) belongs to no gemeente.
    if kinderen(_sleutels(regel)) - {"naam", "sha256", "versie", "token", "dag"}
)


@pytest.mark.parametrize("naam", GEMENGD)
def test_object_van_b_onder_traject_van_a(naam: str, wereld, sessies) -> None:
    """/trajecten/<A>/schulden/<B's schuld>/ and the like: 404, and a POST changes nothing."""
    regel = TABEL[naam]
    a, b = regel.kwargs(wereld.a), regel.kwargs(wereld.b)
    url = reverse(naam, kwargs={k: (b[k] if k in kinderen(a) else v) for k, v in a.items()})
    # In Mijn Schuldhulp the party is A's klant (a staff session is not read there).
    client = sessies["klant" if naam.startswith("portaal:") else "regisseur"]
    assert client.get(url).status_code in {404, 405}, url
    if regel.post is not None:
        voor = vingerafdruk()
        antwoord = client.post(url, regel.post(wereld.b, wereld))
        assert antwoord.status_code == 404, f"{url}: {beschrijf(antwoord)}"
        assert verschil(voor, vingerafdruk()) == []


# --- The schuldeiserportaal: the right token, and only while it holds (issue 14) -------------


def _portaal(token: str, **kwargs: Any) -> str:
    if kwargs:
        return reverse("schuldregeling:portaal_bericht", kwargs={"token": token, **kwargs})
    return reverse("schuldregeling:portaal", kwargs={"token": token})


def _saldo(d, **velden: Any) -> dict[str, Any]:
    return {"actie": "saldo", "saldo-vraag": d.portaalbericht.pk, "saldo-hoofdsom": "1.350,75"} | {
        f"saldo-{k}": v for k, v in velden.items()
    }


def test_portaal_brief_van_ander_dossier(wereld, sessies) -> None:
    """A's token with B's letter (and B's token with A's letter): 404 for every role."""
    a, b = wereld.a, wereld.b
    urls = [
        _portaal(a.portaaltoken, pk=b.portaalbericht.pk),
        _portaal(b.portaaltoken, pk=a.portaalbericht.pk),
    ]
    fouten = [
        f"{rol} {url}: {beschrijf(antwoord)}"
        for url in urls
        for rol in ROLLEN
        if (antwoord := sessies[rol].get(url)).status_code != 404
    ]
    assert not fouten, "\n".join(fouten)


def test_portaal_vervalste_en_verlopen_token(wereld, sessies) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from klantplan.schuldregeling.models import Portaallink

    a = wereld.a
    client = sessies["schuldeiser"]
    vervalst = a.portaaltoken[:-2] + ("xy" if not a.portaaltoken.endswith("xy") else "zz")
    for url in (_portaal(vervalst), _portaal(vervalst, pk=a.portaalbericht.pk)):
        assert client.get(url).status_code == 404, url
    voor = vingerafdruk()
    assert client.post(_portaal(vervalst), _saldo(a)).status_code == 404
    assert verschil(voor, vingerafdruk()) == []

    Portaallink.objects.filter(pk=a.portaallink.pk).update(
        verloopt_op=timezone.now() - timedelta(minutes=1)
    )
    for url in (_portaal(a.portaaltoken), _portaal(a.portaaltoken, pk=a.portaalbericht.pk)):
        assert client.get(url).status_code == 410, url
    voor = vingerafdruk()
    assert client.post(_portaal(a.portaaltoken), _saldo(a)).status_code == 410
    assert verschil(voor, vingerafdruk()) == []


def test_portaal_gebruikte_token(wereld, sessies) -> None:
    """The creditor answers once; the link then says so, for GET and POST, saving nothing."""
    a = wereld.a
    client = sessies["schuldeiser"]
    antwoord = client.post(_portaal(a.portaaltoken), _saldo(a, kenmerk="IB-wandeling"))
    assert antwoord.status_code == 200 and b"Bedankt voor uw antwoord" in antwoord.content
    voor = vingerafdruk()
    assert client.get(_portaal(a.portaaltoken)).status_code == 410
    assert client.post(_portaal(a.portaaltoken), _saldo(a)).status_code == 410
    assert client.get(_portaal(a.portaaltoken, pk=a.portaalbericht.pk)).status_code == 410
    assert verschil(voor, vingerafdruk()) == []


def test_portaal_post_met_id_van_b_verandert_niets(wereld, sessies) -> None:
    """A's token with B's question in the hidden field: refused with a reason, nothing saved
    (only the verwerkingenlog notes the page was shown again)."""
    a, b = wereld.a, wereld.b
    voor = vingerafdruk()
    antwoord = sessies["schuldeiser"].post(
        _portaal(a.portaaltoken), _saldo(a) | {"saldo-vraag": b.portaalbericht.pk}
    )
    assert antwoord.status_code == 200
    assert b"Dit formulier hoort bij een andere vraag." in antwoord.content
    assert set(verschil(voor, vingerafdruk())) - {"schuldhulp_auditregel"} == set()
