"""The PDF annex cites docs/rapportage.md: every definition there is the same text."""

from __future__ import annotations

from pathlib import Path

from rapportage.figuren import FIGUREN

DOCS = Path(__file__).resolve().parents[2] / "docs" / "rapportage.md"


def test_elke_definitie_staat_letterlijk_in_de_documentatie():
    tekst = DOCS.read_text(encoding="utf-8")
    for figuur in FIGUREN:
        assert figuur.definitie in tekst, figuur.sleutel
