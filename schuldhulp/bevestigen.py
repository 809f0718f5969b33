"""Confirm what cannot be undone (issue 20, point 3): one pattern for every destructive POST.

The button on the page posts as before. Without the field ``bevestigd=1`` the view does not
act but answers with the confirmation page: what will happen, "Dit kan niet ongedaan worden
gemaakt", and a form that posts the same fields again with ``bevestigd=1`` (Bevestigen) or a
link back (Annuleren). That works without JavaScript. With JavaScript
(static/schuldhulp/bevestigen.js) a button marked ``data-bevestigen`` fetches that same page
and shows its form in a native <dialog>, so the words come from one place: the view.

Access is not decided here: the view has already asked the gate before it asks for a
confirmation, and the service asks it again when it acts.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

VELD = "bevestigd"
# The answer carries this header, so the dialog script knows it got a confirmation page.
KOP = "X-Bevestiging"


@dataclass(frozen=True)
class Bevestiging:
    titel: str  # "Schuld verwijderen"
    vraag: str  # "Weet u zeker dat u de schuld bij … wilt verwijderen?"
    gevolg: str  # what will happen, in one or two sentences
    knop: str  # the button that does it: "Ja, schuld verwijderen"
    terug: str  # where Annuleren goes
    details: tuple[tuple[str, str], ...] = ()  # (label, value): what was filled in


def is_bevestigd(request: HttpRequest) -> bool:
    return request.method == "POST" and request.POST.get(VELD) == "1"


def vraag_bevestiging(request: HttpRequest, bevestiging: Bevestiging) -> HttpResponse:
    """The confirmation page; its form posts every field of this POST again, confirmed."""
    velden = [
        (naam, waarde)
        for naam, waarden in request.POST.lists()
        if naam not in (VELD, "csrfmiddlewaretoken")
        for waarde in waarden
    ]
    response = render(
        request,
        "bevestigen.html",
        {"b": bevestiging, "velden": velden, "actie": request.path, "veld": VELD},
    )
    response[KOP] = "nodig"
    return response
