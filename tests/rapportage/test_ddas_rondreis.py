"""DDAS round trip by its meaning: export → fresh dossiers → import gives the same norm clocks
and the same quarter figures, as far as a DDAS file carries them (docs/ddas.md).

The file test (export → import → export gives the same document) is in test_ddas_import.py;
this one catches an import that writes the same dates with a different meaning, like a crisis
aanmelding that lost its 3-werkdagen clock (issue 18, defect 1).
"""

from __future__ import annotations

from typing import Any

import pytest

from rapportage import figuren
from rapportage.ddas import importer
from rapportage.ddas.export import maak_export
from rapportage.kwartalen import Kwartaal
from rapportage.models import Instellingen
from schuldhulp.models import Klant
from tests.bouwers.ddas import bouw_gemeente, d
from trajecten.models import Doorlooptijdnorm, Normbewaking, Normvoorwaarde, Traject

pytestmark = pytest.mark.django_db

# What a DDAS file does not carry, so the figures built on it cannot survive a round trip:
# the aanmeldkanaal (vroegsignalering or not), the kind and result of a crisis, the Wsnp
# (no DDAS oplossing), klantplan, package and vroegsignalen figures.
KANAALVOORWAARDEN = {Normvoorwaarde.VROEGSIGNALERING, Normvoorwaarde.NIET_VROEGSIGNALERING}


def _kanaalnormen() -> set[str]:
    return set(
        Doorlooptijdnorm.objects.filter(voorwaarde__in=KANAALVOORWAARDEN).values_list(
            "code", flat=True
        )
    )


def ddas_cijfers(c: dict[str, Any], kanaalnormen: set[str]) -> dict[str, Any]:
    """The part of one quarter's figures that a DDAS file carries."""
    rust = c["financiele_rust"]
    return {
        "aanmeldingen": c["aanmeldingen"]["totaal"],
        "intakes": c["intakes"]["totaal"],
        "wachttijd": c["wachttijd"],
        "normen": [n for n in c["normen"]["normen"] if n["code"] not in kanaalnormen],
        "financiele_rust": {
            veld: rust["vroeg"][veld] + rust["overig"][veld]
            for veld in ("aantal", "binnen", "vervallen")
        },
        "doorlooptijd_toelating": c["doorlooptijd_toelating"],
        "crisisinterventies": (
            c["crisisinterventies"]["gestart"],
            c["crisisinterventies"]["afgerond"],
        ),
        "moratoria": c["moratoria"],
        "producten": {s: v for s, v in c["producten"]["per_soort"].items() if s != "Wsnp"},
        "schuldregelingen": {k: v for k, v in c["schuldregelingen"].items() if k != "wsnp"},
        "uitstroom": c["uitstroom"],
        "recidive": c["recidive"],
    }


def _stand(gemeente_id: int) -> tuple[dict, dict]:
    """(clocks per klant and norm, the DDAS part of the four quarters of 2026)."""
    klokken = {
        (k.traject.klant.bsn, k.traject.aanmelddatum, k.norm.code): (
            k.start,
            k.deadline,
            k.gehaald_op,
            k.status,
        )
        for k in Normbewaking.objects.select_related("traject__klant", "norm")
    }
    instellingen, kanaalnormen = Instellingen.huidige(), _kanaalnormen()
    cijfers = {
        q: ddas_cijfers(figuren.bereken(gemeente_id, Kwartaal(2026, q), instellingen), kanaalnormen)
        for q in (1, 2, 3, 4)
    }
    return klokken, cijfers


def test_rondreis_houdt_klokken_en_kwartaalcijfers(gemeente_a, regisseur_a):
    bouw_gemeente(gemeente_a, regisseur_a)
    klokken, cijfers = _stand(gemeente_a.pk)
    codes = {code for _, _, code in klokken}
    # The crisis aanmelding has the Wgs 3-werkdagen clock and the contract's 2-week clock.
    assert {"wgs-eerste-gesprek-bedreigend", "bedreigend-rust"} <= codes
    document = maak_export(gemeenten=[gemeente_a], van=d(1, 1, 2025), tot=d(12, 31))

    Traject.objects.all().delete()
    Klant.objects.all().delete()
    resultaat = importer.importeer(importer.lees_bestand(document.als_json()), door=regisseur_a)
    assert resultaat.geimporteerd == 5

    klokken_na, cijfers_na = _stand(gemeente_a.pk)
    kanaalnormen = _kanaalnormen()
    assert {k: v for k, v in klokken_na.items() if k[2] not in kanaalnormen} == {
        k: v for k, v in klokken.items() if k[2] not in kanaalnormen
    }
    assert cijfers_na == cijfers
    crisis = Traject.objects.get(aanmelddatum=d(1, 5))
    assert crisis.bedreigende_situatie == "anders" and crisis.crisisinterventie
