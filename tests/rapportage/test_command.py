"""manage.py kwartaalrapportage: makes a report and prints its figures; clear Dutch errors."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from rapportage.models import Kwartaalrapportage

pytestmark = pytest.mark.django_db


def test_maakt_rapportage_en_toont_json(bouw_a, gemeente_a):
    bouw_a.traject(date(2026, 6, 30), kanaal="ketenpartner")
    uit = io.StringIO()
    call_command(
        "kwartaalrapportage", "--gemeente", "gm0141", "--kwartaal", "2026-2", "--json", stdout=uit
    )
    cijfers = json.loads(uit.getvalue())
    assert cijfers["kwartalen"][-1] == "2026-2"
    assert cijfers["figuren"]["aanmeldingen"][-1]["per_kanaal"]["ketenpartner"] == 1
    assert Kwartaalrapportage.objects.get().status == "klaar"


def test_zonder_json_een_regel_met_checksum(gemeente_a):
    uit = io.StringIO()
    call_command("kwartaalrapportage", "--stadsbank", "--kwartaal", "2026-1", stdout=uit)
    assert "versie 1: klaar" in uit.getvalue() and "SHA-256" in uit.getvalue()


@pytest.mark.parametrize(
    ("argumenten", "melding"),
    [
        (["--gemeente", "GM9999", "--kwartaal", "2026-2"], "Onbekende gemeente"),
        (["--gemeente", "GM0141", "--kwartaal", "2099-1"], "toekomst"),
        (["--gemeente", "GM0141", "--kwartaal", "2026-7"], "kwartaal"),
    ],
)
def test_foute_invoer(gemeente_a, argumenten, melding):
    with pytest.raises(CommandError, match=melding):
        call_command("kwartaalrapportage", *argumenten)
    assert not Kwartaalrapportage.objects.exists()
