"""Two-factor login (TOTP via django-otp): enrolment through a one-time link, a code on every
login.

The middleware sends a logged-in user who has not passed the second step to the code page.
A user without a confirmed device gets a page that says to ask the beheerder for an
enrolment link (schuldhulp/inrichtlinks.py): a password alone never enrols a phone, so a
beheerder who set someone's password cannot silently become them (issue 17). Only
login/logout, the two-factor pages, static files and the token-authenticated API are
reachable before that.
"""

from __future__ import annotations

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from schuldhulp import audit, inrichtlinks

VRIJ = ("/inloggen/", "/uitloggen/", "/tweestaps/", "/static/", "/api/")


def tweestaps_nodig(request: HttpRequest) -> bool:
    user = request.user
    return settings.SCHULDHULP_2FA_VERPLICHT and user.is_authenticated and not user.is_verified()


class TweestapsMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if tweestaps_nodig(request) and not request.path.startswith(VRIJ):
            return redirect(f"{reverse('tweestaps')}?next={request.get_full_path()}")
        return self.get_response(request)


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code uit uw authenticator-app",
        max_length=6,
        min_length=6,
        help_text="6 cijfers, bijvoorbeeld 123456. De code verandert elke 30 seconden.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
        error_messages={
            "required": "Vul de code in.",
            "min_length": "De code heeft 6 cijfers.",
            "max_length": "De code heeft 6 cijfers.",
        },
    )


def _veilige_volgende(request: HttpRequest) -> str:
    r"""Only a path on this site. Django's check also refuses "/\evil.example" (a backslash
    or a tab after the slash), which a browser reads as "//evil.example": an open redirect."""
    volgende = request.POST.get("next") or request.GET.get("next") or ""
    veilig = volgende.startswith("/") and url_has_allowed_host_and_scheme(
        volgende, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return volgende if veilig else "/"


def _controleer_code(request: HttpRequest, apparaat: TOTPDevice, form: CodeForm) -> bool:
    """Whether the posted code is right; otherwise the form says why."""
    if request.method != "POST" or not form.is_valid():
        return False
    # Throttled before this try (not because of it): only then "te veel pogingen"; a first
    # wrong code says that the code is wrong (django-otp's delay starts at that failure).
    toegestaan, _ = apparaat.verify_is_allowed()
    if not toegestaan:
        form.add_error("code", "Te veel pogingen. Wacht even en probeer het opnieuw.")
        audit.tweestaps_code_fout(
            request=request, gebruiker=request.user, reden="Code tijdens de wachttijd"
        )
        return False
    if apparaat.verify_token(form.cleaned_data["code"]):
        return True
    form.add_error("code", "Deze code klopt niet of is verlopen. Probeer de nieuwste code.")
    audit.tweestaps_code_fout(
        request=request, gebruiker=request.user, reden="Code klopt niet of is verlopen"
    )
    return False


def _link_nodig(request: HttpRequest, reden: str, status: int = 410) -> HttpResponse:
    context = {"reden": reden, "geldig_uren": settings.INRICHTLINK_GELDIG_UREN}
    return render(request, "registration/inrichtlink_nodig.html", context, status=status)


@login_required
def tweestaps(request: HttpRequest) -> HttpResponse:
    """The code on every login; without an enrolled app: ask the beheerder for a link."""
    if not tweestaps_nodig(request):
        return redirect(_veilige_volgende(request))
    apparaat = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if apparaat is None:
        return _link_nodig(request, "", status=200)
    form = CodeForm(request.POST or None)
    if _controleer_code(request, apparaat, form):
        otp_login(request, apparaat)
        # Only now is the login complete (apps.py writes no row at the password).
        audit.ingelogd(
            request=request, gebruiker=request.user, omschrijving="Met tweestapsverificatie"
        )
        return redirect(_veilige_volgende(request))
    context = {"form": form, "instellen": False, "next": _veilige_volgende(request)}
    return render(request, "registration/tweestaps.html", context)


@login_required
def inrichten(request: HttpRequest, token: str) -> HttpResponse:
    """Enrol an authenticator app with the one-time link a beheerder made for this account.
    A new app replaces the old one (a lost phone) only once the new code is right."""
    link = inrichtlinks.zoek(token)
    if reden := inrichtlinks.reden_ongeldig(link, request.user):
        return _link_nodig(request, reden)
    apparaat, _ = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": "Authenticator-app"}
    )
    form = CodeForm(request.POST or None)
    if _controleer_code(request, apparaat, form):
        with transaction.atomic():
            if not inrichtlinks.gebruik(link):  # used in another tab meanwhile
                return _link_nodig(request, inrichtlinks.NIET_GELDIG)
            TOTPDevice.objects.filter(user=request.user).exclude(pk=apparaat.pk).delete()
            apparaat.confirmed = True
            apparaat.save(update_fields=["confirmed"])
            audit.account_gebeurtenis(
                request=request,
                gebruiker=request.user,
                soort="gebruiker-tweestaps",
                omschrijving="Tweestapsverificatie ingesteld met een inrichtlink",
            )
        otp_login(request, apparaat)
        audit.ingelogd(
            request=request, gebruiker=request.user, omschrijving="Met tweestapsverificatie"
        )
        messages.success(request, "Tweestapsverificatie is ingesteld.")
        return redirect(_veilige_volgende(request))
    context = {
        "form": form,
        "instellen": True,
        "next": _veilige_volgende(request),
        "qr": mark_safe(
            segno.make(apparaat.config_url, error="m").svg_inline(scale=4, title="QR-code")
        ),
        "geheim": apparaat.config_url.split("secret=")[1].split("&")[0],
    }
    audit.tweestaps_sleutel_getoond(request=request)
    return render(request, "registration/tweestaps.html", context)
