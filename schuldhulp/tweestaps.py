"""Two-factor login (TOTP via django-otp): enrolment on first login, a code on every login.

The middleware sends a logged-in user who has not passed the second step to the enrolment
page (no confirmed device yet) or to the code page. Only login/logout, the two-factor pages,
static files and the token-authenticated API are reachable before that.
"""

from __future__ import annotations

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from schuldhulp import audit

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


@login_required
def tweestaps(request: HttpRequest) -> HttpResponse:
    """Enrol (first time) or check the code (every login)."""
    if not tweestaps_nodig(request):
        return redirect(_veilige_volgende(request))
    apparaat = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    instellen = apparaat is None
    if instellen:
        apparaat, _ = TOTPDevice.objects.get_or_create(
            user=request.user, confirmed=False, defaults={"name": "Authenticator-app"}
        )
    form = CodeForm(request.POST or None)
    # Throttled before this try (not because of it): only then "te veel pogingen"; a first
    # wrong code says that the code is wrong (django-otp's delay starts at that failure).
    toegestaan, _ = apparaat.verify_is_allowed()
    if request.method == "POST" and form.is_valid() and not toegestaan:
        form.add_error("code", "Te veel pogingen. Wacht even en probeer het opnieuw.")
        audit.tweestaps_code_fout(
            request=request, gebruiker=request.user, reden="Code tijdens de wachttijd"
        )
    elif request.method == "POST" and form.is_valid():
        if apparaat.verify_token(form.cleaned_data["code"]):
            if instellen:
                apparaat.confirmed = True
                apparaat.save(update_fields=["confirmed"])
                audit.tweestaps_ingesteld(request=request)
                messages.success(request, "Tweestapsverificatie is ingesteld.")
            otp_login(request, apparaat)
            # Only now is the login complete (apps.py writes no row at the password).
            audit.ingelogd(
                request=request, gebruiker=request.user, omschrijving="Met tweestapsverificatie"
            )
            return redirect(_veilige_volgende(request))
        form.add_error("code", "Deze code klopt niet of is verlopen. Probeer de nieuwste code.")
        audit.tweestaps_code_fout(
            request=request, gebruiker=request.user, reden="Code klopt niet of is verlopen"
        )
    context = {"form": form, "instellen": instellen, "next": _veilige_volgende(request)}
    if instellen:
        context["qr"] = mark_safe(
            segno.make(apparaat.config_url, error="m").svg_inline(scale=4, title="QR-code")
        )
        context["geheim"] = apparaat.config_url.split("secret=")[1].split("&")[0]
        audit.tweestaps_sleutel_getoond(request=request)
    return render(request, "registration/tweestaps.html", context)
