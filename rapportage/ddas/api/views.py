"""``POST /gegevens`` for SHV and VS. Every answer, an error too, carries ``Digest`` and
``nlgov-adr-payload-sig`` (not a 502 "not set up": there is no key to sign with). Order:
method → key material → token and scope → Digest and the request's signature → body → the
gate (``mag``, per gemeente) → the page → audit → answer."""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from rapportage.ddas.api import fouten, oauth, ondertekening, sleutels, verzoek, vroegsignalen
from rapportage.ddas.api.models import Afnemer
from rapportage.ddas.api.paginering import Pagina, pagineer
from rapportage.ddas.api.verzoek import Verzoek
from rapportage.ddas.export import maak_export, trajecten_in_periode
from schuldhulp import audit, extern
from schuldhulp.models import Gemeente
from schuldhulp.permissions import mag
from trajecten.models import Traject
from trajecten.vroegsignalering.models import Signaalzaak

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Levering:
    document: dict[str, Any]
    pagina: Pagina
    per_gemeente: Counter  # gemeentecode → records on this page


@dataclass(frozen=True)
class Dienst:
    naam: str
    handeling: str  # the catalogue row (schuldhulp/permissions.py)
    lever: Callable[[list[Gemeente], Verzoek], Levering]


def _shv(gemeenten: list[Gemeente], v: Verzoek) -> Levering:
    """A page of trajecten through the existing export (rapportage/ddas/export.py)."""
    basis = trajecten_in_periode(
        Traject.objects.filter(gemeente__in=gemeenten), van=v.van, tot=v.tot
    )
    pks, pagina = pagineer(basis, nummer=v.pagina, grootte=v.paginagrootte)
    export = maak_export(
        gemeenten=gemeenten, van=v.van, tot=v.tot, basis=Traject.objects.filter(pk__in=pks)
    )
    if export.uitgesloten:  # schema failures inside a record: left out, as in the export
        logger.warning(
            "DDAS-API: %d traject(en) niet geleverd (schemafout): %s",
            export.aantal_uitgesloten,
            sorted({p.traject_id for p in export.uitgesloten}),
        )
    if not export.aanbiedbaar:
        raise RuntimeError(f"DDAS-export voldoet niet aan het schema: {export.fouten[:3]}")
    per_gemeente = Counter(
        r["gemeentecode"]
        for levering in export.document["leveringen"]
        for r in levering["schuldhulptrajecten"]
    )
    return Levering(export.document, pagina, per_gemeente)


def _vs(gemeenten: list[Gemeente], v: Verzoek) -> Levering:
    basis = vroegsignalen.zaken_in_periode(
        Signaalzaak.objects.filter(gemeente__in=gemeenten), van=v.van, tot=v.tot
    )
    pks, pagina = pagineer(basis, nummer=v.pagina, grootte=v.paginagrootte)
    document = vroegsignalen.maak_document(
        zaak_pks=pks, van=v.van, tot=v.tot, nu=timezone.now().astimezone(UTC).replace(microsecond=0)
    )
    if problemen := vroegsignalen.schemafouten(document):
        raise RuntimeError(f"VS-document voldoet niet aan het schema: {problemen[:3]}")
    per_gemeente = Counter(
        {
            lev["gemeentecode"]: len(lev.get("vroegsignaalzaken", []))
            for lev in document.get("leveringen", [])
        }
    )
    return Levering(document, pagina, per_gemeente)


SHV = Dienst(naam="SHV", handeling="ddas.api.shv", lever=_shv)
VS = Dienst(naam="VS", handeling="ddas.api.vs", lever=_vs)


def _geweigerd(reden: str) -> fouten.ApiFout:
    return fouten.ApiFout(fouten.fsc(403, fouten.VERKEERDE_GROEP, "Geen toegang", reden))


def _gemeenten(partij: extern.Extern, dienst: Dienst, organisatie: str) -> list[Gemeente]:
    """The gemeenten of this delivery, each allowed by the gate. A named organisation (a
    gemeentecode, a gemeente's name or the Stadsbank's) must be wholly within reach."""
    alle = list(Gemeente.objects.select_related("organisatie").order_by("code"))
    if organisatie:
        gezocht = organisatie.casefold()
        gekozen = [
            g
            for g in alle
            if gezocht
            in {
                g.code.casefold(),
                g.naam.casefold(),
                f"gemeente {g.naam}".casefold(),
                g.organisatie.naam.casefold(),
            }
        ]
        if not gekozen:
            raise fouten.onverwerkbaar(f"Onbekende aanleverende organisatie: {organisatie}.")
        for gemeente in gekozen:
            if reden := mag(partij, dienst.handeling, gemeente):
                raise _geweigerd(reden)
        return gekozen
    toegestaan = [g for g in alle if mag(partij, dienst.handeling, g) is None]
    if not toegestaan:
        raise _geweigerd("Deze afnemer is voor geen enkele gemeente geregistreerd.")
    return toegestaan


def _log(
    request: HttpRequest,
    afnemer: Afnemer,
    dienst: Dienst,
    v: Verzoek,
    lev: Levering,
    gemeenten: list[Gemeente],
) -> None:
    """One verwerkingenlog row per gemeente on this page (one without a gemeente when the
    page is empty): who, which period, which page, how many records."""
    codes = {g.code: g.pk for g in gemeenten}
    omschrijving = (
        f"DDAS-API {dienst.naam} {v.van.isoformat()} t/m {v.tot.isoformat()}, pagina "
        f"{lev.pagina.nummer}/{lev.pagina.aantal}"
    )
    rijen = [
        (codes.get(code), f"{omschrijving}: {aantal} records")
        for code, aantal in sorted(lev.per_gemeente.items())
        if aantal
    ] or [(None, f"{omschrijving}: 0 records")]
    for gemeente_id, tekst in rijen:
        audit.api_levering(
            request=request,
            soort=f"ddas-api-{dienst.naam.lower()}",
            gemeente_id=gemeente_id,
            afnemer=afnemer.naam,
            client_id=afnemer.application.client_id,
            omschrijving=tekst,
        )
    Afnemer.objects.filter(pk=afnemer.pk).update(laatst_geleverd_op=timezone.now())


def _lever(request: HttpRequest, dienst: Dienst, m: sleutels.Sleutelmateriaal) -> HttpResponse:
    afnemer = oauth.afnemer_van(request)
    inhoud = request.body
    ondertekening.verifieer(
        inhoud,
        request.headers.get("Digest"),
        request.headers.get(ondertekening.KOP),
        m,
        oin=afnemer.oin,
    )
    v = verzoek.lees(inhoud)
    partij = extern.afnemer(afnemer.naam, afnemer.gemeente_ids())
    gemeenten = _gemeenten(partij, dienst, v.organisatie)
    levering = dienst.lever(gemeenten, v)
    _log(request, afnemer, dienst, v, levering, gemeenten)
    body = {"gegevens": levering.document, "paginering": levering.pagina.als_json()}
    return HttpResponse(
        json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8"),
        content_type="application/json",
    )


def _afhandelen(request: HttpRequest, dienst: Dienst) -> HttpResponse:
    if request.method != "POST":  # FSC's answer, signed when the key material is there
        antwoord = fouten.fsc(
            405, fouten.METHODE, "Methode niet ondersteund", "Gebruik POST /gegevens."
        )
        antwoord["Allow"] = "POST"
        if sleutels.problemen():
            return antwoord
        return _ondertekend(antwoord, sleutels.materiaal())
    try:
        m = sleutels.materiaal()
    except sleutels.NietIngericht as fout:
        logger.error("DDAS-API niet ingericht: %s", fout)
        return fouten.fsc(
            502,
            fouten.DIENST_ONBEREIKBAAR,
            "Dienst niet bereikbaar",
            "De DDAS-API van deze leverancier is niet ingericht (sleutels en certificaten).",
        )
    try:
        antwoord = _lever(request, dienst, m)
    except fouten.ApiFout as fout:
        antwoord = fout.antwoord
    return _ondertekend(antwoord, m)


def _ondertekend(antwoord: HttpResponse, m: sleutels.Sleutelmateriaal) -> HttpResponse:
    for kop, waarde in ondertekening.onderteken(antwoord.content, m).items():
        antwoord[kop] = waarde
    antwoord["Cache-Control"] = "no-store"
    return antwoord


@csrf_exempt
def gegevens_shv(request: HttpRequest) -> HttpResponse:
    return _afhandelen(request, SHV)


@csrf_exempt
def gegevens_vs(request: HttpRequest) -> HttpResponse:
    return _afhandelen(request, VS)
