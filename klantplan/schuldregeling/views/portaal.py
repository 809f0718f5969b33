"""Screens of the schuldeiserportaal: a creditor answers a saldoverzoek, betaalvoorstel or
heroverweging through the link in our letter, without an account.

The link is the credential (services/portaal.py: signed, expiring, single-use, one
negotiation); every refusal is a plain Dutch page with its status (404 unknown, 410 gone)
and nothing saved. Every portal response says: no caching, no indexing, and a referrer of
the origin only (``strict-origin``: the token in the path never leaves in a Referer header,
to another site or our own). Not ``no-referrer``: with it a browser sends ``Origin: null``
on the form's POST and Django's CSRF check (which stays on) refuses the answer.
Reads are in the verwerkingenlog.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date
from functools import wraps
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET, require_http_methods

from klantplan.forms import EuroField
from klantplan.schuldregeling.models import Bericht, Portaallink
from klantplan.schuldregeling.services import portaal as services
from klantplan.schuldregeling.services.antwoorden import MAX_TEKST
from klantplan.schuldregeling.workflow import Berichtsoort
from schuldhulp import audit, opmaak
from trajecten.services import Geweigerd

KOPPEN = {
    "Referrer-Policy": "strict-origin",
    "Cache-Control": "no-store",
    "X-Robots-Tag": "noindex, nofollow",
}
SJABLONEN = "schuldregeling/portaal"


def portaalkoppen(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def met_koppen(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        for kop, waarde in KOPPEN.items():
            response[kop] = waarde
        return response

    return met_koppen


# --- Forms ------------------------------------------------------------------------------------


class _Vraagformulier(forms.Form):
    # The question the page showed: a form for another question (or negotiation) is refused.
    vraag = forms.IntegerField(widget=forms.HiddenInput)


def _reden(label: str, *, verplicht: bool, hint: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=verplicht,
        max_length=MAX_TEKST,
        help_text=hint,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": f"Vul de {label.lower()} in."},
    )


class SaldoFormulier(_Vraagformulier):
    hoofdsom = EuroField(
        label="Hoofdsom",
        help_text="Het bedrag van de vordering zelf, zonder kosten en rente. Bijvoorbeeld "
        "1.234,56.",
        error_messages={"required": "Vul de hoofdsom in."},
    )
    kosten = EuroField(
        label="Kosten",
        required=False,
        help_text="Incassokosten en andere kosten. Geen kosten: laat het veld leeg.",
    )
    rente = EuroField(
        label="Rente",
        required=False,
        help_text="De rente tot en met de peildatum. Geen rente: laat het veld leeg.",
    )
    kenmerk = forms.CharField(
        label="Uw kenmerk",
        required=False,
        max_length=100,
        help_text="Uw dossiernummer voor deze vordering, als wij het nog niet goed hebben.",
    )


class GeenMedewerkingFormulier(_Vraagformulier):
    reden = _reden("Reden", verplicht=True, hint="Waarom werkt u niet mee?")


class AntwoordFormulier(_Vraagformulier):
    antwoord = forms.ChoiceField(
        label="Uw antwoord",
        choices=[
            ("akkoord", "Ik ga akkoord met het betaalvoorstel"),
            ("afwijzen", "Ik wijs het betaalvoorstel af"),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Kies of u akkoord gaat of het voorstel afwijst.",
            "invalid_choice": "Kies of u akkoord gaat of het voorstel afwijst.",
        },
    )
    reden = _reden(
        "Reden van de afwijzing",
        verplicht=False,
        hint="Verplicht als u het voorstel afwijst.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("antwoord") == "afwijzen" and not (data.get("reden") or "").strip():
            self.add_error("reden", "Vul de reden van de afwijzing in.")
        return data


# actie (the submit button's value) → (form, prefix)
FORMULIEREN: dict[str, dict[str, type[_Vraagformulier]]] = {
    Berichtsoort.SALDOVERZOEK: {
        "saldo": SaldoFormulier,
        "geen_medewerking": GeenMedewerkingFormulier,
    },
    Berichtsoort.BETAALVOORSTEL: {"antwoord": AntwoordFormulier},
    Berichtsoort.HEROVERWEGING: {"antwoord": AntwoordFormulier},
}


def _formulieren(vraag: services.Vraag, actie: str | None, data: Any) -> dict[str, _Vraagformulier]:
    return {
        naam: klasse(
            data if naam == actie else None, prefix=naam, initial={"vraag": vraag.bericht.pk}
        )
        for naam, klasse in FORMULIEREN[vraag.soort].items()
    }


def _beantwoord(actie: str, token: str, data: dict[str, Any]) -> Bericht:
    if actie == "saldo":
        return services.geef_saldo(
            token=token,
            vraag_id=data["vraag"],
            hoofdsom_cent=data["hoofdsom"],
            kosten_cent=data["kosten"],
            rente_cent=data["rente"],
            kenmerk=data["kenmerk"],
        )
    if actie == "geen_medewerking":
        return services.geef_geen_medewerking(
            token=token, vraag_id=data["vraag"], reden=data["reden"]
        )
    return services.geef_antwoord(
        token=token,
        vraag_id=data["vraag"],
        akkoord=data["antwoord"] == "akkoord",
        reden=data["reden"],
    )


def vastgelegd(bericht: Bericht) -> list[tuple[str, str]]:
    """The answer as recorded, for the thank-you page."""
    inhoud = bericht.inhoud
    euro = lambda sleutel: opmaak.bedrag(inhoud.get(sleutel), centen=True)  # noqa: E731
    if bericht.soort == Berichtsoort.SALDOVERZOEK_ANTWOORD:
        return [
            ("Peildatum", opmaak.datum_lang(date.fromisoformat(inhoud["peildatum"]))),
            ("Hoofdsom", euro("hoofdsom_cent")),
            ("Kosten", euro("kosten_cent")),
            ("Rente", euro("rente_cent")),
            ("Saldo (totaal)", euro("saldo_cent")),
            ("Uw kenmerk", inhoud.get("kenmerk") or opmaak.LEEG),
        ]
    if bericht.soort == Berichtsoort.GEEN_MEDEWERKING:
        return [("Uw antwoord", "Wij werken niet mee"), ("Reden", inhoud.get("reden", ""))]
    rijen = [
        ("Uw antwoord", "Akkoord" if inhoud.get("akkoord") else "Afgewezen"),
        ("Aanbod", euro("aanbod_cent")),
    ]
    if not inhoud.get("akkoord"):
        rijen.append(("Reden", inhoud.get("reden", "")))
    return rijen


# --- Views ------------------------------------------------------------------------------------


def _pagina(
    request: HttpRequest, sjabloon: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    return render(request, f"{SJABLONEN}/{sjabloon}", context, status=status)


def _weigering(request: HttpRequest, fout: services.Linkfout) -> HttpResponse:
    return _pagina(request, "weigering.html", {"fout": fout}, status=fout.status)


@portaalkoppen
@require_http_methods(["GET", "POST"])
def portaal(request: HttpRequest, token: str) -> HttpResponse:
    try:
        link = services.lees(token)
    except services.Linkfout as fout:
        return _weigering(request, fout)
    vraag = services.vraag(link)
    actie = request.POST.get("actie") if request.method == "POST" else None
    formulieren = _formulieren(vraag, actie, request.POST)
    formulier = formulieren.get(actie or "")
    if formulier is not None and formulier.is_valid():
        try:
            antwoord = _beantwoord(actie or "", token, formulier.cleaned_data)
        except services.Linkfout as fout:  # e.g. the same form sent twice at once
            return _weigering(request, fout)
        except Geweigerd as exc:
            formulier.add_error(None, str(exc))
        else:
            context = {
                "vraag": vraag,
                "organisatie": vraag.organisatie,
                "antwoord": antwoord,
                "vastgelegd": vastgelegd(antwoord),
            }
            return _pagina(request, "bedankt.html", context)
    audit.dossier_ingezien(
        request=request,
        obj=link.onderhandeling,
        omschrijving=f"Schuldeiserportaal: {vraag.schuldeiser} opende de vraag",
    )
    return _pagina(request, "vraag.html", _context(link, vraag, token, formulieren))


def _context(
    link: Portaallink,
    vraag: services.Vraag,
    token: str,
    formulieren: dict[str, _Vraagformulier],
) -> dict[str, Any]:
    return {
        "vraag": vraag,
        "organisatie": vraag.organisatie,
        "token": token,
        "brieven": services.brieven(link),
        **formulieren,
    }


@portaalkoppen
@require_GET
def portaal_bericht(request: HttpRequest, token: str, pk: int) -> HttpResponse:
    """A letter of the link's negotiation as PDF (another negotiation's: not found)."""
    try:
        link = services.lees(token)
    except services.Linkfout as fout:
        return _weigering(request, fout)
    bericht = services.brief(link, pk)
    if bericht is None:
        return _weigering(
            request,
            services.Linkfout(
                "Deze brief is er niet",
                "Wij vinden deze brief niet bij uw vordering. Ga terug naar de link uit de "
                "brief en kies daar een van de brieven.",
                404,
            ),
        )
    inhoud = bytes(bericht.pdf)
    if hashlib.sha256(inhoud).hexdigest() != bericht.sha256:  # as the staff download
        return _weigering(
            request,
            services.Linkfout(
                "Deze brief is nu niet beschikbaar",
                "Er is iets mis met de opgeslagen brief. Neem contact met ons op; wij sturen "
                "u de brief opnieuw.",
                404,
            ),
        )
    audit.document_gedownload(
        request=request,
        obj=bericht,
        soort=f"Brief {bericht.get_soort_display().lower()} (schuldeiserportaal)",
    )
    response = HttpResponse(inhoud, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{bericht.soort}-{bericht.datum.isoformat()}.pdf"'
    )
    return response


urlpatterns: list[URLPattern] = [
    path("schuldeiser/<str:token>/", portaal, name="portaal"),
    path("schuldeiser/<str:token>/bericht/<int:pk>/", portaal_bericht, name="portaal_bericht"),
]
