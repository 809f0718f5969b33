"""Screens: mail (trajecten.samenwerking)."""

from __future__ import annotations

from django.urls import URLPattern

urls: list[URLPattern] = []
