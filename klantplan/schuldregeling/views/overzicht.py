"""Screens of the schuldregeling: overzicht (see klantplan/schuldregeling/urls.py)."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
