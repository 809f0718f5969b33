"""Screens of the schuldregeling: portaal (see klantplan/schuldregeling/urls.py)."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
