"""A password a beheerder chose is replaced by the user's own at the next login (issue 17).

Set on a new account and on a reset in /beheer/ (``Gebruiker.wachtwoord_wijzigen``). After
the second step (the two-factor middleware runs first) every page sends the user here until
he has chosen a password of his own; the verwerkingenlog records that he did, not the
password.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from schuldhulp import audit

VRIJ = ("/inloggen/", "/uitloggen/", "/tweestaps/", "/static/", "/api/", "/wachtwoord/")


def wissel_nodig(request: HttpRequest) -> bool:
    user = request.user
    return user.is_authenticated and getattr(user, "wachtwoord_wijzigen", False)


class WachtwoordwisselMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if wissel_nodig(request) and not request.path.startswith(VRIJ):
            return redirect("wachtwoord_kiezen")
        return self.get_response(request)


class EigenWachtwoordForm(SetPasswordForm):
    def clean_new_password1(self) -> str:
        nieuw = self.cleaned_data["new_password1"]
        if self.user.check_password(nieuw):
            raise forms.ValidationError(
                "Kies een ander wachtwoord dan het wachtwoord dat u van de beheerder kreeg."
            )
        return nieuw


@login_required
def wachtwoord_kiezen(request: HttpRequest) -> HttpResponse:
    if not wissel_nodig(request):
        return redirect(reverse("na_inloggen"))
    form = EigenWachtwoordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        gebruiker = form.save(commit=False)
        gebruiker.wachtwoord_wijzigen = False
        gebruiker.save()
        update_session_auth_hash(request, gebruiker)  # this session stays, the others end
        audit.account_gebeurtenis(
            request=request,
            gebruiker=gebruiker,
            soort="gebruiker-wachtwoord",
            omschrijving="Eigen wachtwoord gekozen na een wachtwoord van de beheerder",
        )
        messages.success(request, "Uw nieuwe wachtwoord is opgeslagen.")
        return redirect(reverse("na_inloggen"))
    return render(request, "registration/wachtwoord_kiezen.html", {"form": form})
