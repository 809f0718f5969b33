"""The reminder job over simulated days: reminder 1 → reminder 2 → geen reactie, each once
(run twice the same day: nothing twice), a missed day caught up, one failing dossier or a
broker outage does not stop the others; e-mail with a fresh link to a creditor without an
account; the klantregisseur is signalled at "geen reactie"."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from unittest import mock

import pytest
import time_machine
from django.core import signing
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from klantplan.schuldregeling import brieven, herinneringen, tasks
from klantplan.schuldregeling.models import Bericht, Onderhandeling, Portaallink
from klantplan.schuldregeling.services import portaal
from klantplan.schuldregeling.services.antwoorden import leg_saldo_vast
from klantplan.schuldregeling.services.versturen import verstuur
from klantplan.schuldregeling.workflow import Berichtsoort, Kanaal
from schuldhulp.celery import BEAT_SCHEDULE
from tests.bouwers.klantplan import schuldeiser
from tests.schuldregeling.bouwers import Dossier, dossier, voorstel
from tests.schuldregeling.test_brieven import tekst
from trajecten.models import Gebeurtenis, Signalering
from trajecten.samenwerking.models import Emailbericht, Mailstatus

pytestmark = pytest.mark.django_db

START = date(2027, 1, 4)  # a Monday: saldo term two weeks → Monday 18 January
ADRES = "incasso@cjib.example"


def _om(dag: date):
    return time_machine.travel(timezone.make_aware(datetime.combine(dag, time(6, 10))), tick=False)


def _run(dag: date) -> dict[str, int]:
    with _om(dag):
        return herinneringen.verstuur_herinneringen().als_dict()


def _vraag(d: Dossier, namen: list[str], handeling: str = "sr.saldoverzoek") -> None:
    verstuur(
        onderhandeling_ids=[d.onderhandeling(n).pk for n in namen],
        handeling=handeling,
        door=d.omg.regisseur,
        datum=timezone.localdate(),
    )


def _start(*namen: str) -> Dossier:
    with _om(START):
        cjib = schuldeiser("CJIB")
        cjib.email = ADRES
        cjib.save(update_fields=["email"])
        d = dossier()
        _vraag(d, list(namen))
    return d


def _herinneringen(o: Onderhandeling) -> list[tuple[int, int, date]]:
    return [
        (b.volgnummer, b.inhoud["herinnering"], b.datum)
        for b in o.berichten.filter(soort=Berichtsoort.HERINNERING).order_by("pk")
    ]


def test_herinnering_1_dan_2_dan_geen_reactie_elk_eenmaal():
    d = _start("CJIB")
    o = d.onderhandeling("CJIB")
    assert o.termijn_tot == date(2027, 1, 18)
    assert _run(date(2027, 1, 18))["herinneringen"] == 0  # the last day to answer

    assert _run(date(2027, 1, 19)) == {
        "herinneringen": 1,
        "geen_reactie": 0,
        "overgeslagen": 0,
        "mislukt": 0,
    }
    o = d.onderhandeling("CJIB")
    assert (o.herinneringen, o.termijn_tot, o.status) == (1, date(2027, 2, 2), "saldo_gevraagd")
    (h1,) = o.berichten.filter(soort=Berichtsoort.HERINNERING)
    assert (h1.volgnummer, h1.kanaal, h1.door_extern) == (1, "brief", "Systeem (termijnbewaking)")
    assert h1.inhoud["vraag"] == "saldoverzoek" and h1.inhoud["termijn_tot"] == "2027-02-02"
    assert h1.printdatum == date(2027, 1, 19) and h1.sha256
    t = tekst(h1)
    assert "Herinnering: wij wachten op uw antwoord" in t
    assert "Op 4 januari 2027 stuurden wij u een saldoverzoek" in t
    assert "18 januari 2027" in t and "2 februari 2027" in t
    assert "laatste herinnering" not in t
    # A fresh link on the reminder, in the letter and in the e-mail (no account).
    link = Portaallink.objects.get(bericht=h1)
    (mail,) = Emailbericht.objects.all()
    assert (mail.gebruiker, mail.aan, mail.status) == (None, ADRES, Mailstatus.WACHTEND)
    token = re.search(r"/schuldeiser/([^/\s]+)/", mail.tekst).group(1)
    assert signing.loads(token, salt=portaal.ZOUT) == link.sleutel
    assert "Op 4 januari 2027 stuurden wij u een saldoverzoek" in mail.tekst
    assert "uiterlijk op 2 februari 2027" in mail.tekst
    assert d.traject.klant.achternaam not in mail.tekst + mail.onderwerp  # no personal data
    assert list(mail.trajecten.all()) == [d.traject]

    # Run twice the same day: nothing twice.
    assert _run(date(2027, 1, 19))["herinneringen"] == 0
    assert Bericht.objects.filter(soort=Berichtsoort.HERINNERING).count() == 1
    assert Emailbericht.objects.count() == 1

    assert _run(date(2027, 2, 3))["herinneringen"] == 1
    o = d.onderhandeling("CJIB")
    assert _herinneringen(o) == [(1, 1, date(2027, 1, 19)), (2, 2, date(2027, 2, 3))]
    h2 = o.berichten.get(soort=Berichtsoort.HERINNERING, volgnummer=2)
    assert "Dit is de laatste herinnering" in tekst(h2)
    assert o.termijn_tot == date(2027, 2, 17)
    assert Emailbericht.objects.count() == 2

    assert _run(date(2027, 2, 17))["geen_reactie"] == 0
    assert _run(date(2027, 2, 18))["geen_reactie"] == 1
    o = d.onderhandeling("CJIB")
    assert (o.status, o.termijn_tot, o.herinneringen) == ("geen_reactie", None, 2)
    g = Gebeurtenis.objects.filter(traject=d.traject, soort="schuldeiser").last()
    assert g.gegevens["status"] == "geen_reactie" and g.door is None
    (s,) = Signalering.objects.filter(traject=d.traject, sleutel__startswith="sr-geen-reactie")
    assert s.gebruiker_id == d.traject.behandelaar_id and s.soort == "overschreden"
    assert _run(date(2027, 2, 19)) == {
        "herinneringen": 0,
        "geen_reactie": 0,
        "overgeslagen": 0,
        "mislukt": 0,
    }
    assert Bericht.objects.filter(soort=Berichtsoort.HERINNERING).count() == 2


def test_een_gemiste_dag_wordt_ingehaald_met_een_nieuwe_termijn_vanaf_die_dag():
    d = _start("Vitens")
    assert _run(date(2027, 1, 27))["herinneringen"] == 1  # a week of missed runs
    o = d.onderhandeling("Vitens")
    assert o.termijn_tot == date(2027, 2, 10)
    assert Emailbericht.objects.count() == 0  # Vitens has no e-mail address: the letter only


def test_een_mislukt_dossier_houdt_de_andere_niet_tegen(caplog):
    d = _start("CJIB", "Vitens")
    echt = brieven.maak_brief
    cjib = d.onderhandeling("CJIB").pk

    def stuk(bericht):
        if bericht.onderhandeling_id == cjib:
            raise RuntimeError("printer kapot")
        echt(bericht)

    with mock.patch.object(herinneringen.brieven, "maak_brief", stuk):
        uitkomst = _run(date(2027, 1, 19))
    assert (uitkomst["herinneringen"], uitkomst["mislukt"]) == (1, 1)
    assert "Herinnering voor onderhandeling" in caplog.text
    # CJIB: nothing half-saved (its transaction rolled back); tried again the next day.
    assert not Bericht.objects.filter(onderhandeling_id=cjib, soort="herinnering").exists()
    assert d.onderhandeling("CJIB").herinneringen == 0
    assert not Emailbericht.objects.exists()
    assert d.onderhandeling("Vitens").herinneringen == 1
    assert _run(date(2027, 1, 20))["herinneringen"] == 1
    assert d.onderhandeling("CJIB").herinneringen == 1


def test_broker_weg_dan_blijft_de_mail_wachten(django_capture_on_commit_callbacks):
    d = _start("CJIB")
    from trajecten.samenwerking import mailtasks

    with (
        mock.patch.object(mailtasks.verstuur_email, "delay", side_effect=OSError("broker weg")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert _run(date(2027, 1, 19))["herinneringen"] == 1
    (mail,) = Emailbericht.objects.all()
    assert mail.status == Mailstatus.WACHTEND  # the outbox queues it again later
    assert d.onderhandeling("CJIB").herinneringen == 1


def test_dubbele_herinnering_wordt_ook_zonder_de_termijn_geweigerd():
    d = _start("CJIB")
    _run(date(2027, 1, 19))
    # As if a second writer lost the new term and count: the code guard finds the reminder.
    Onderhandeling.objects.filter(pk=d.onderhandeling("CJIB").pk).update(
        herinneringen=0, termijn_tot=date(2027, 1, 18)
    )
    assert _run(date(2027, 1, 19))["overgeslagen"] == 1
    assert Bericht.objects.filter(soort="herinnering").count() == 1
    # And the database refuses the same number twice.
    h = Bericht.objects.get(soort="herinnering")
    with pytest.raises(IntegrityError), transaction.atomic():
        Bericht.objects.create(
            onderhandeling=h.onderhandeling,
            traject=h.traject,
            soort="herinnering",
            richting="uit",
            kanaal="brief",
            datum=h.datum,
            volgnummer=h.volgnummer,
        )


def test_herinnering_op_een_betaalvoorstel_telt_door_en_noemt_het_aanbod():
    d = _start("CJIB")
    _run(date(2027, 1, 19))  # reminder 1 of the saldoverzoek: number 1
    with _om(date(2027, 1, 20)):
        leg_saldo_vast(
            onderhandeling_id=d.onderhandeling("CJIB").pk,
            door=d.omg.regisseur,
            datum=date(2027, 1, 20),
            hoofdsom_cent=45_050,
            kanaal=Kanaal.POST,
        )
        voorstel(d)
        _vraag(d, ["CJIB"], "sr.betaalvoorstel")
    o = d.onderhandeling("CJIB")
    assert (o.termijn_tot, o.herinneringen) == (date(2027, 2, 17), 0)
    assert _run(date(2027, 2, 18))["herinneringen"] == 1
    o = d.onderhandeling("CJIB")
    # The betaalvoorstel is the 2nd question: its reminders are numbers 3 and 4.
    assert _herinneringen(o) == [(1, 1, date(2027, 1, 19)), (3, 1, date(2027, 2, 18))]
    h = o.berichten.get(volgnummer=3, soort="herinnering")
    t = tekst(h)
    assert "Op 20 januari 2027 stuurden wij u een betaalvoorstel" in t
    from schuldhulp import opmaak

    assert opmaak.bedrag(o.aangeboden_cent, centen=True) in t


def test_taak_slaat_het_weekend_over_en_staat_in_het_beat_schema():
    regel = BEAT_SCHEDULE["schuldregeling-herinneringen"]
    assert regel["task"] == tasks.herinneringen_versturen.name
    assert (regel["schedule"].hour, regel["schedule"].minute) == ({6}, {10})
    _start("CJIB")
    with _om(date(2027, 1, 23)):
        assert tasks.herinneringen_versturen("2027-01-23") == {}  # Saturday
    with _om(date(2027, 1, 25)):
        assert tasks.herinneringen_versturen("2027-01-25")["herinneringen"] == 1


def test_beheeropdracht(capsys):
    _start("CJIB")
    with _om(date(2027, 1, 19)):
        with pytest.raises(CommandError, match="toekomst"):
            call_command("herinneringen_versturen", "--datum", "2027-01-20")
        with pytest.raises(CommandError, match="JJJJ-MM-DD"):
            call_command("herinneringen_versturen", "--datum", "19-01-2027")
        call_command("herinneringen_versturen")
    assert "1 herinnering(en) verstuurd" in capsys.readouterr().out


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_beattaak_via_redis_en_worker_eenmaal(celery_app_op_redis):
    """The beat's task through a real Redis broker and a real worker: delivered three times
    (a retry, a second beat), one reminder letter and one e-mail."""
    from celery.contrib.testing.worker import start_worker

    from tests.bouwers.celery import wacht_tot

    d = _start("CJIB")
    o = d.onderhandeling("CJIB")
    with start_worker(celery_app_op_redis, perform_ping_check=False, shutdown_timeout=20):
        # The worker runs in this process: it sees the travelled clock (services check dates).
        with _om(date(2027, 1, 19)):
            for _ in range(3):
                tasks.herinneringen_versturen.delay("2027-01-19")
            wacht_tot(lambda: Onderhandeling.objects.get(pk=o.pk).herinneringen == 1)
        # A later day through the same queue (one worker, in order): the second reminder.
        with _om(date(2027, 2, 3)):
            tasks.herinneringen_versturen.delay("2027-02-03")
            wacht_tot(lambda: Onderhandeling.objects.get(pk=o.pk).herinneringen == 2)
    assert _herinneringen(d.onderhandeling("CJIB")) == [
        (1, 1, date(2027, 1, 19)),
        (2, 2, date(2027, 2, 3)),
    ]
    assert Emailbericht.objects.count() == 2
