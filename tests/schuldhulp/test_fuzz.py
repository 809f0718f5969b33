"""Fuzzing the doors where text comes in: arbitrary text, bytes, unicode, huge numbers and odd
dates must never give a 500, never leave half a change behind, and every message the user
gets is Dutch.

Bounded (hypothesis, at most 50 examples a form); each example runs in a savepoint that is
rolled back, on the world of tests/bouwers/wereld.py, as the klantregisseur of gemeente A. The
client follows redirects, so a page that shows what was stored (a list's preview, a new klant)
is rendered too.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable
from copy import deepcopy
from datetime import timedelta
from typing import Any

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Model
from django.test.utils import ContextList
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from klantplan.models import Doel, Schuld
from schuldhulp.models import Auditregel, Klant
from tests.bouwers.ddas import VOORBEELD as DDAS_VOORBEELD
from trajecten.models import Gebeurtenis, Normbewaking, Traject
from trajecten.vroegsignalering.models import ImportBatch, Signaalzaak, Vroegsignaal
from trajecten.workflow import OVERGANGEN

# One worker per module (./dev test uses --dist loadgroup): the world is built once.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("test_fuzz")]

FUZZ = settings(
    max_examples=50,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)

# --- What goes in ---------------------------------------------------------------------------

tekst = st.text(max_size=40)
getal = st.one_of(
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["1e309", "-0", "0x1F", "1.234.567,89", "€ 12,50", "NaN", "٣", "１２"]),
)
datum = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.dates().map(lambda d: f"{d.day:02d}-{d.month:02d}-{d.year}"),
    st.sampled_from(["0000-00-00", "2026-02-30", "31-12-99999", "1-1-1", "9999-12-31"]),
)
lang = st.integers(min_value=300, max_value=20_000).map(lambda n: "ë" * n)


def rommel(geldig: Any = "") -> st.SearchStrategy[str]:
    """A valid value now and then (so the next field is reached), else anything."""
    return st.one_of(st.just(str(geldig)), st.just(""), tekst, getal, datum, lang)


@st.composite
def velden(draw: st.DrawFn, **geldig: Any) -> dict[str, str]:
    """A valid form with one to three fields spoiled (or, now and then, none)."""
    kapot = draw(st.sets(st.sampled_from(sorted(geldig)), max_size=3))
    return {naam: draw(rommel(w)) if naam in kapot else str(w) for naam, w in geldig.items()}


# --- Checks -----------------------------------------------------------------------------------

ENGELS = re.compile(
    r"\b(this|the|field|enter|valid|select|ensure|required|must|please|invalid|value|"
    r"characters|number|should|error|exception|traceback)\b",
    re.IGNORECASE,
)
NEDERLANDS = re.compile(
    r"\b(de|het|een|is|niet|geen|vul|kies|in|van|op|moet|mag|bestand|datum|bedrag|ligt|"
    r"hooguit|minstens|geldig|ongeldig|te|dit|deze|dat|zijn|of|tekens|getal|veld|verplicht)\b",
    re.IGNORECASE,
)


def nederlands(melding: str, invoer: Iterable[str]) -> bool:
    """Dutch, once what the user typed is taken out (a message may quote the input)."""
    for waarde in sorted((w for w in invoer if len(w) > 1), key=len, reverse=True):
        melding = melding.replace(waarde, " ").replace(repr(waarde)[1:-1], " ")
    return not ENGELS.search(melding) and bool(NEDERLANDS.search(melding))


def formulierfouten(antwoord) -> list[str]:
    """Every error message of every bound form the page was rendered with."""
    meldingen: list[str] = []
    context = antwoord.context
    contexten = (
        [] if context is None else list(context) if isinstance(context, ContextList) else [context]
    )
    for context in contexten:
        waarden = context.flatten().values() if hasattr(context, "flatten") else context.values()
        for waarde in waarden:
            kandidaten = [waarde, getattr(waarde, "form", None)]
            for form in kandidaten:
                if isinstance(form, forms.BaseForm) and form.is_bound and form.errors:
                    meldingen += [m for fouten in form.errors.values() for m in fouten]
    return meldingen


def tellingen(modellen: Iterable[type[Model]]) -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in modellen}


def probeer(
    client,
    url: str,
    data: Any,
    *,
    modellen: Iterable[type[Model]],
    invoer: Iterable[str] = (),
    geslaagd: Callable[[Any], bool] = lambda antwoord: bool(antwoord.redirect_chain),
    staat: Callable[[], Any] = lambda: None,
    **extra: Any,
):
    """POST in a savepoint that is rolled back. No 500 (the test client raises a view's
    exception), no change unless it succeeded, Dutch messages. `staat` adds what else must
    stay as it was (besides the row counts of `modellen`)."""
    modellen = list(modellen)
    with transaction.atomic():
        voor = (tellingen(modellen), staat())
        antwoord = client.post(url, data, follow=True, **extra)
        na = (tellingen(modellen), staat())
        transaction.set_rollback(True)
    assert antwoord.status_code < 500
    event("opgeslagen" if geslaagd(antwoord) else "geweigerd")
    if not geslaagd(antwoord):
        assert voor == na, "ongeldige invoer veranderde toch iets"
    invoer = [str(w) for w in invoer]
    for melding in formulierfouten(antwoord):
        assert nederlands(str(melding), invoer), f"geen Nederlandse melding: {melding!r}"
    return antwoord


# --- Forms ------------------------------------------------------------------------------------


@FUZZ
@given(data=st.data())
def test_klantformulier(data, wereld, sessies) -> None:
    a = wereld.a
    invoer = data.draw(
        velden(
            gemeente=a.gemeente.pk,
            bsn="111222333",
            voornamen="Tanya",
            tussenvoegsel="van",
            achternaam="Dijk",
            geboortedatum="1984-05-12",
            straat="Hoofdstraat",
            huisnummer="12",
            postcode="7607 AB",
            woonplaats="Almelo",
            huishouden="alleenstaand",
            aantal_kinderen="2",
            telefoon="0612345678",
            email="tanya@example.nl",
        )
    )
    probeer(
        sessies["regisseur"],
        reverse("klant_nieuw"),
        invoer,
        modellen=[Klant, Auditregel],
        invoer=invoer.values(),
    )


@FUZZ
@given(data=st.data())
def test_aanmeldformulier(data, wereld, sessies) -> None:
    a = wereld.a
    invoer = data.draw(
        velden(
            klant=a.klant_vrij.pk,
            datum=timezone.localdate().isoformat(),
            kanaal="wijkteam",
            bedreigende_situatie="huisuitzetting",
            crisisinterventie="on",
            behandelaar=a.regisseur.pk,
            contactpersoon=a.consulent.pk,
            vaste_contactpersoon="stadsbank",
            toelichting="",
            reden_terugdatering="",
        )
    )
    probeer(
        sessies["regisseur"],
        reverse("traject_aanmelden"),
        invoer,
        modellen=[Traject, Gebeurtenis, Normbewaking, Auditregel],
        invoer=invoer.values(),
    )


@FUZZ
@given(data=st.data(), naam=st.sampled_from([*sorted(OVERGANGEN), "bestaat_niet"]))
def test_overgangsformulier(data, naam, wereld, sessies) -> None:
    a = wereld.a
    traject = Traject.objects.get(pk=a.traject.pk)
    invoer = data.draw(
        velden(
            versie=traject.versie,
            datum=timezone.localdate().isoformat(),
            toelichting="",
            reden_terugdatering="",
            uitstroomreden="Zelf",
        )
    )
    probeer(
        sessies["regisseur"],
        reverse("traject_overgang", args=[traject.pk, naam]),
        {f"stap-{naam}-{veld}": waarde for veld, waarde in invoer.items()},
        modellen=[Gebeurtenis, Normbewaking, Auditregel],
        invoer=invoer.values(),
        staat=lambda: Traject.objects.values_list("fase", "versie").get(pk=traject.pk),
    )


@FUZZ
@given(data=st.data())
def test_behandelaarformulier(data, wereld, sessies) -> None:
    """The people on a traject (trajecten/samenwerking): a person, nobody, or garbage."""
    a = wereld.a
    traject = Traject.objects.get(pk=a.traject.pk)
    invoer = data.draw(velden(versie=traject.versie, persoon="niemand", reden="Verlof"))
    probeer(
        sessies["regisseur"],
        reverse("traject_behandelaar", args=[traject.pk]),
        {f"behandelaar-{veld}": waarde for veld, waarde in invoer.items()},
        modellen=[Gebeurtenis, Auditregel],
        invoer=invoer.values(),
        staat=lambda: Traject.objects.values_list("behandelaar", "versie").get(pk=traject.pk),
    )


@FUZZ
@given(data=st.data())
def test_werk_verdelen(data, wereld, sessies) -> None:
    a = wereld.a
    invoer = data.draw(
        velden(van=a.regisseur.pk, trajecten=a.traject.pk, naar="niemand", reden="Verdelen")
    )
    probeer(
        sessies["regisseur"],
        reverse("team_verdelen", args=[a.gemeente.pk]),
        invoer,
        modellen=[Gebeurtenis, Auditregel],
        invoer=invoer.values(),
        staat=lambda: list(
            Traject.objects.filter(gemeente=a.gemeente).values_list("behandelaar", "versie")
        ),
    )


@FUZZ
@given(data=st.data(), htmx=st.booleans())
def test_schuldformulier(data, htmx, wereld, sessies) -> None:
    a = wereld.a
    invoer = data.draw(
        velden(
            schuldeiser=a.schuld.schuldeiser_id,
            oorspronkelijk_bedrag="1.234,56",
            actueel_bedrag="99,95",
            peildatum=timezone.localdate().isoformat(),
            status="aangemeld",
            zakelijk="on",
            beslag="",
            kenmerk="KL-1",
        )
    )
    probeer(
        sessies["regisseur"],
        reverse("klantplan:schuld_nieuw", args=[a.traject.pk]),
        invoer,
        modellen=[Schuld, Auditregel],
        invoer=invoer.values(),
        # htmx: a saved debt answers with the new section for the target #schulden-sectie
        geslaagd=lambda r: bool(r.redirect_chain) or r.get("HX-Retarget") == "#schulden-sectie",
        **({"HTTP_HX_REQUEST": "true"} if htmx else {}),
    )


@FUZZ
@given(data=st.data())
def test_doelformulier(data, wereld, sessies) -> None:
    a = wereld.a
    invoer = data.draw(
        velden(omschrijving="De huur wordt betaald", streefdatum="2027-01-01", status="open")
    )
    probeer(
        sessies["regisseur"],
        reverse("klantplan:doel_nieuw", args=[a.traject.pk, a.klantplan.versie]),
        invoer,
        modellen=[Doel, Auditregel],
        invoer=invoer.values(),
    )


# --- Uploads and the API ------------------------------------------------------------------------

CSV_KOP = (
    "partner_soort;partner_naam;soort_achterstand;bedrag;maanden_achterstand;"
    "datum_ontvangen;bsn;voornamen;achternaam;postcode;huisnummer"
)
csv_cel = st.one_of(tekst, getal, datum, st.just(""), st.sampled_from(["huur", "energie"]))
csv_tekst = st.builds(
    lambda kop, rijen, eind: kop + eind + eind.join(";".join(r) for r in rijen),
    st.one_of(st.just(CSV_KOP), tekst, st.just(CSV_KOP.replace(";", ","))),
    st.lists(st.lists(csv_cel, min_size=0, max_size=12), max_size=8),
    st.sampled_from(["\n", "\r\n", "\r"]),
)
csv_bytes = st.one_of(
    st.binary(max_size=3000),
    csv_tekst.map(lambda t: t.encode("utf-8")),
    csv_tekst.map(lambda t: t.encode("utf-16")),
    csv_tekst.map(lambda t: b"\xef\xbb\xbf" + t.encode("utf-8", "surrogatepass")),
    csv_tekst.map(lambda t: t.encode("cp1252", "replace")),
)


# A name Django itself cannot turn into a file name ("", ".", "x/") never reaches the server.
BESTANDSNAAM = tekst.filter(lambda t: os.path.basename(t) not in {"", ".", ".."})


@FUZZ
@given(inhoud=csv_bytes, naam=st.one_of(st.just("lijst.csv"), BESTANDSNAAM))
def test_vroegsignalering_csv_upload(inhoud, naam, wereld, sessies) -> None:
    """A list is stored as an upload to check, never as signals: no case and no signal
    appears until the user confirms the preview."""
    a = wereld.a
    with transaction.atomic():
        batches = ImportBatch.objects.count()
        probeer(
            sessies["regisseur"],
            reverse("vroegsignaal_lijsten"),
            {"gemeente": a.gemeente.pk, "bestand": SimpleUploadedFile(naam, inhoud)},
            modellen=[Vroegsignaal, Signaalzaak],
            geslaagd=lambda _r: False,
        )
        assert ImportBatch.objects.count() - batches <= 1


SCHULD_KOP = (
    "schuldeiser;kvk;oorspronkelijk bedrag;actueel bedrag;peildatum;status;zakelijk;kenmerk"
)
schuld_cel = st.one_of(
    tekst, getal, datum, st.just(""), st.sampled_from(["Belastingdienst", "ja", "aangemeld"])
)
schulden_bytes = st.one_of(
    st.binary(max_size=3000),
    st.builds(
        lambda kop, rijen, eind: (kop + eind + eind.join(";".join(r) for r in rijen)).encode(),
        st.one_of(st.just(SCHULD_KOP), tekst),
        st.lists(st.lists(schuld_cel, max_size=9), max_size=6),
        st.sampled_from(["\n", "\r\n", "\r"]),
    ),
)


@FUZZ
@given(inhoud=schulden_bytes)
def test_schulden_csv_upload(inhoud, wereld, sessies) -> None:
    """All or nothing: a file with any wrong row stores no debt at all."""
    a = wereld.a
    probeer(
        sessies["regisseur"],
        reverse("klantplan:schulden_import", args=[a.traject.pk]),
        {"bestand": SimpleUploadedFile("schulden.csv", inhoud, "text/csv")},
        modellen=[Schuld, Auditregel],
    )


def _json_waarde() -> st.SearchStrategy[Any]:
    return st.recursive(
        st.one_of(
            st.none(),
            st.booleans(),
            st.integers(min_value=-(10**30), max_value=10**30),
            st.floats(allow_nan=False),
            tekst,
            datum,
        ),
        lambda kind: st.one_of(
            st.lists(kind, max_size=4), st.dictionaries(tekst, kind, max_size=4)
        ),
        max_leaves=12,
    )


def _api_signaal(w) -> st.SearchStrategy[dict]:
    geldig = {
        "gemeentecode": w.a.gemeente.code,
        "signaal_id": "fuzz-1",
        "soort_achterstand": "huur",
        "bedrag_centen": 12345,
        "maanden_achterstand": 2,
        "datum_ontvangen": (timezone.localdate() - timedelta(days=1)).isoformat(),
        "persoon": {"achternaam": "Fuzz", "huisnummer": "1", "postcode": "7607 AB"},
    }
    persoon = st.fixed_dictionaries(
        {k: st.one_of(st.just(v), _json_waarde()) for k, v in geldig["persoon"].items()},
        optional={k: _json_waarde() for k in ("bsn", "geboortedatum", "email", "telefoon")},
    )
    return st.fixed_dictionaries(
        {k: st.one_of(st.just(v), _json_waarde()) for k, v in geldig.items() if k != "persoon"}
        | {"persoon": st.one_of(persoon, _json_waarde())}
    )


@FUZZ
@given(data=st.data(), soort=st.sampled_from(["signaal", "json", "bytes"]))
def test_vroegsignalering_api(data, soort, wereld) -> None:
    from django.test import Client

    if soort == "signaal":
        body = json.dumps(data.draw(_api_signaal(wereld)), ensure_ascii=False).encode()
    elif soort == "json":
        body = json.dumps(data.draw(_json_waarde())).encode()
    else:
        body = data.draw(st.binary(max_size=2000))
    content_type = data.draw(
        st.sampled_from(["application/json", "application/json; charset=utf-8", "text/plain"])
    )
    with transaction.atomic():
        voor = tellingen([Vroegsignaal, Signaalzaak])
        antwoord = Client().post(
            reverse("api_vroegsignalen"),
            body,
            content_type=content_type,
            HTTP_AUTHORIZATION=f"Token {wereld.partner_token}",
        )
        na = tellingen([Vroegsignaal, Signaalzaak])
        transaction.set_rollback(True)
    assert antwoord.status_code in {200, 201, 400, 403, 413, 415}, antwoord.status_code
    if antwoord.status_code not in {200, 201}:
        assert voor == na
        fouten = antwoord.json()["fouten"]
        assert fouten
        for fout in fouten:
            assert nederlands(fout["melding"], []), fout


def _ddas_document(w) -> st.SearchStrategy[bytes]:
    """The official example with fuzzed values in the places an import reads."""
    basis = json.loads(DDAS_VOORBEELD.read_text(encoding="utf-8"))
    paden = [
        ("startdatumLevering",),
        ("einddatumLevering",),
        ("leveringen", 0, "schuldhulptrajecten", 0, "gemeentecode"),
        ("leveringen", 0, "schuldhulptrajecten", 0, "startdatum"),
        ("leveringen", 0, "schuldhulptrajecten", 0, "einddatum"),
        ("leveringen", 0, "schuldhulptrajecten", 0, "toekenningsdatum"),
        ("leveringen", 0, "schuldhulptrajecten", 0, "aanmelding", "startdatum"),
        ("leveringen", 0, "schuldhulptrajecten", 0, "aanmelding", "crisisinterventie"),
        ("leveringen", 0, "schuldhulptrajecten", 0, "client", 0, "Burgerservicenummer"),
        ("leveringen", 0, "schuldhulptrajecten", 0, "client", 0, "Geboortedatum"),
        ("leveringen", 0, "schuldhulptrajecten", 0, "begeleiding", 0, "soort"),
        ("leveringen", 0, "schuldhulptrajecten", 0, "begeleiding", 0, "startdatum"),
        ("leveringen", 0, "schuldhulptrajecten", 0, "schuldregeling", "toegekend"),
        ("leveringen", 0, "schuldhulptrajecten", 0, "totaalSchuldbedragBijAanvangSchuld"),
    ]
    basis["leveringen"][0]["schuldhulptrajecten"][0]["gemeentecode"] = w.a.gemeente.code

    def vul_in(wijzigingen: dict[int, Any]) -> bytes:
        document = deepcopy(basis)
        for i, waarde in wijzigingen.items():
            *pad, laatste = paden[i]
            plek = document
            for stap in pad:
                plek = plek[stap]
            plek[laatste] = waarde
        return json.dumps(document, ensure_ascii=False).encode()

    return st.dictionaries(
        st.integers(min_value=0, max_value=len(paden) - 1), _json_waarde(), max_size=5
    ).map(vul_in)


@FUZZ
@given(data=st.data(), soort=st.sampled_from(["ddas", "json", "bytes"]))
def test_ddas_import(data, soort, wereld, sessies) -> None:
    """Upload → preview → import: no 500 on any of the three; what is imported is exactly
    what the preview called new."""
    if soort == "ddas":
        inhoud = data.draw(_ddas_document(wereld))
    elif soort == "json":
        inhoud = json.dumps(data.draw(_json_waarde())).encode()
    else:
        inhoud = data.draw(st.binary(max_size=2000))
    client = sessies["regisseur"]
    with transaction.atomic():
        voor = tellingen([Traject, Klant])
        antwoord = client.post(
            reverse("ddas_importeren"),
            {"bestand": SimpleUploadedFile("ddas.json", inhoud, "application/json")},
        )
        assert antwoord.status_code in {302, 400}
        if antwoord.status_code == 400:
            for melding in formulierfouten(antwoord):
                assert nederlands(str(melding), []), melding
        else:
            preview = client.get(antwoord["Location"])
            assert preview.status_code == 200
            nieuw = len(preview.context["voorbeeld"].nieuw)
            assert client.post(antwoord["Location"]).status_code == 302
            assert tellingen([Traject])["trajecten.Traject"] - voor["trajecten.Traject"] == nieuw
        transaction.set_rollback(True)
