"""Screens of the schuldregeling: the schuldeiserportaal (see klantplan/schuldregeling/urls.py).

TODO(helper portaal)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, path


def portaal(request: HttpRequest, token: str) -> HttpResponse:
    raise Http404


urlpatterns: list[URLPattern] = [
    path("schuldeiser/<str:token>/", portaal, name="portaal"),
]
