"""Package agreements: timeline per gemeente, concept, vaststellen with preview."""

from __future__ import annotations

from django.urls import URLPattern

urls: list[URLPattern] = []
