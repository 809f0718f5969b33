"""The norm row of the warme overdracht (code warme-overdracht) where the other norms are:
no traject clock is made for it, the werkvoorraad filter shows the trajecten with an open
overdracht, the quarterly report measures it per overdracht, and the beheer screen keeps its
milestones to that code and recomputes no clocks for it."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from rapportage import figuren
from rapportage.models import Instellingen
from tests.bouwers import overgang
from tests.bouwers.rijen import Q2, Bouwer
from tests.samenwerking.bouwers import element, overdracht_nodig, verstuur
from trajecten import admin as trajectenadmin
from trajecten.models import Doorlooptijdnorm, Normbewaking
from trajecten.samenwerking.models import Overdracht
from trajecten.samenwerking.normen import OVERDRACHTNORM
from trajecten.samenwerking.services import overdracht as services

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")
D1 = date(2026, 4, 1)  # aanmelding of the hand-built trajecten


def test_geen_trajectklok_voor_de_overdrachtnorm(hybride, traject):
    o = verstuur(traject, hybride.consulent)
    services.accepteer(overdracht_id=o.pk, door=hybride.regisseur)
    overgang(traject, "bereik_financiele_rust", hybride.regisseur)
    assert Normbewaking.objects.filter(traject=traject).exists()
    assert not Normbewaking.objects.filter(norm__code=OVERDRACHTNORM).exists()


def test_werkvoorraad_filter_toont_de_trajecten_met_een_open_overdracht(client, hybride):
    met = overdracht_nodig(hybride)
    verstuur(met, hybride.consulent)
    zonder = overdracht_nodig(hybride)
    geaccepteerd = overdracht_nodig(hybride)
    services.accepteer(
        overdracht_id=verstuur(geaccepteerd, hybride.consulent).pk, door=hybride.regisseur
    )
    client.force_login(hybride.regisseur)
    html = client.get(reverse("werkvoorraad"), {"weergave": "team"}).content.decode()
    assert "Warme overdracht geaccepteerd binnen 5 werkdagen (open overdrachten)" in html
    tabel = element(html, "werkvoorraad-tabel")
    assert all(f"/trajecten/{t.pk}/" in tabel for t in (met, zonder, geaccepteerd))
    html = element(
        client.get(
            reverse("werkvoorraad"), {"weergave": "team", "norm": OVERDRACHTNORM}
        ).content.decode(),
        "werkvoorraad-tabel",
    )
    assert f"/trajecten/{met.pk}/" in html
    assert f"/trajecten/{zonder.pk}/" not in html and f"/trajecten/{geaccepteerd.pk}/" not in html
    assert "1 traject met deze filters" in html


# --- kwartaalrapportage -------------------------------------------------------------------


def _overdracht(traject, deadline: date, geaccepteerd: datetime | None = None) -> Overdracht:
    return Overdracht.objects.create(
        traject=traject,
        van="gemeente",
        aan="stadsbank",
        situatie="Rapportage",
        deadline=deadline,
        dreigt_vanaf=deadline,
        status="geaccepteerd" if geaccepteerd else "open",
        geaccepteerd_op=geaccepteerd,
    )


def _normen(gemeente) -> dict[str, dict]:
    cijfers = figuren.bereken(gemeente.pk if gemeente else None, Q2, Instellingen.huidige())
    return {n["code"]: n for n in cijfers["normen"]["normen"]}


def test_rapportage_meet_de_overdrachtnorm_per_overdracht(gemeente_a, gemeente_b):
    a, b = Bouwer(gemeente_a), Bouwer(gemeente_b)
    # On time by local date: 23:30 in Amsterdam on the deadline is 21:30 UTC.
    _overdracht(a.traject(D1), date(2026, 4, 10), _om(2026, 4, 10, 23, 30))
    _overdracht(a.traject(D1), date(2026, 5, 11), _om(2026, 5, 12, 9))  # late
    _overdracht(a.traject(D1), date(2026, 6, 30))  # not (yet) accepted: niet gehaald
    gesloten = a.traject(D1, gesloten=True)
    a.gebeurtenis(gesloten, "uitstroom", date(2026, 6, 10))
    _overdracht(gesloten, date(2026, 6, 15))  # the traject ended before: lapses
    _overdracht(a.traject(D1), date(2026, 3, 31))  # Q1
    _overdracht(a.traject(D1), date(2026, 7, 1))  # Q3
    _overdracht(b.traject(D1), date(2026, 5, 1), _om(2026, 4, 30, 12))  # other gemeente

    norm = _normen(gemeente_a)[OVERDRACHTNORM]
    assert norm == {
        "sleutel": f"{OVERDRACHTNORM}@80",
        "code": OVERDRACHTNORM,
        "naam": "Warme overdracht geaccepteerd binnen 5 werkdagen",
        "wettelijk": False,
        "doel": 80,
        "aantal": 3,
        "gehaald": 1,
        "niet_gehaald": 2,
        "pct": 33.3,
    }
    assert _normen(None)[OVERDRACHTNORM]["aantal"] == 4  # the whole Stadsbank
    assert _normen(gemeente_b)[OVERDRACHTNORM]["pct"] == 100.0
    # A gemeente's own row names the norm and sets the target in its report.
    standaard = Doorlooptijdnorm.objects.get(code=OVERDRACHTNORM, gemeente=None)
    standaard.pk, standaard.gemeente = None, gemeente_a
    standaard.naam, standaard.doelpercentage = "Warme overdracht (Almelo)", 95
    standaard.save()
    assert _normen(gemeente_a)[OVERDRACHTNORM]["naam"] == "Warme overdracht (Almelo)"
    assert _normen(gemeente_a)[OVERDRACHTNORM]["doel"] == 95


def test_rapportage_zonder_overdrachten_toont_de_norm_niet(gemeente_a):
    Bouwer(gemeente_a).traject(date(2026, 4, 1))
    assert OVERDRACHTNORM not in _normen(gemeente_a)


def _om(jaar: int, maand: int, dag: int, uur: int, minuut: int = 0) -> datetime:
    return datetime.combine(date(jaar, maand, dag), time(uur, minuut), tzinfo=AMS)


# --- beheer ------------------------------------------------------------------------------


def _formulier(norm: Doorlooptijdnorm, **anders) -> dict:
    data = {
        veld: getattr(norm, veld)
        for veld in trajectenadmin.DoorlooptijdnormForm.Meta.fields
        if veld not in ("gemeente", "geldig_tot", "wettelijk", "opschorting_toegestaan")
    }
    data |= {"gemeente": "", "geldig_tot": "", "geldig_van": norm.geldig_van.isoformat()}
    if norm.opschorting_toegestaan:
        data["opschorting_toegestaan"] = "on"
    return data | anders


@pytest.fixture
def beheer(client, django_user_model):
    beheerder = django_user_model.objects.create_superuser("fb_overdracht", "fb@example.nl", "x")
    client.force_login(beheerder)
    return client


def test_beheer_wijzigt_de_overdrachtnorm_zonder_klokken_te_herberekenen(
    beheer, monkeypatch, django_capture_on_commit_callbacks
):
    herberekend = []
    monkeypatch.setattr(trajectenadmin.tasks.herbereken_klokken, "delay", herberekend.append)
    norm = Doorlooptijdnorm.objects.get(code=OVERDRACHTNORM, gemeente=None)
    url = reverse("admin:trajecten_doorlooptijdnorm_change", args=[norm.pk])
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = beheer.post(url, _formulier(norm, termijn=4))
    assert antwoord.status_code == 302, antwoord.content.decode()[:2000]
    assert Doorlooptijdnorm.objects.get(pk=norm.pk).termijn == 4
    meldingen = [str(m) for m in get_messages(antwoord.wsgi_request)]
    assert any("warme overdrachten die vanaf nu worden verstuurd" in m for m in meldingen)
    assert herberekend == []
    # Another norm still recomputes the clocks of the running trajecten.
    andere = Doorlooptijdnorm.objects.exclude(code=OVERDRACHTNORM).filter(wettelijk=False).first()
    url = reverse("admin:trajecten_doorlooptijdnorm_change", args=[andere.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert beheer.post(url, _formulier(andere, termijn=andere.termijn + 1)).status_code == 302
    assert herberekend == [None]


def test_beheer_houdt_de_overdrachtmijlpalen_bij_hun_code(beheer):
    norm = Doorlooptijdnorm.objects.get(code=OVERDRACHTNORM, gemeente=None)
    url = reverse("admin:trajecten_doorlooptijdnorm_add")
    antwoord = beheer.post(url, _formulier(norm, code="iets-anders", geldig_van="2030-01-01"))
    assert antwoord.status_code == 200
    assert "horen alleen bij de norm met code" in antwoord.content.decode()
    andere = Doorlooptijdnorm.objects.exclude(code=OVERDRACHTNORM).filter(wettelijk=False).first()
    antwoord = beheer.post(url, _formulier(andere, code=OVERDRACHTNORM, geldig_van="2030-01-01"))
    assert antwoord.status_code == 200
    assert "horen alleen bij de norm met code" in antwoord.content.decode()
    assert Doorlooptijdnorm.objects.filter(geldig_van=date(2030, 1, 1)).count() == 0
