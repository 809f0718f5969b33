"""Maatwerk per traject (op- en afschalen) and tasks settled per traject."""

from __future__ import annotations

from django.urls import URLPattern

urls: list[URLPattern] = []
