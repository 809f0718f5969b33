"""Reading in CSV lists: preview first, nothing stored until confirmed, all-or-nothing,
no duplicates on re-upload, errors per row, large files in a Celery task."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from schuldhulp.celery import app as celery_app
from schuldhulp.models import Auditregel
from tests.bouwers.signalen import csv_bestand, csv_rij, dagen_geleden, geldig_bsn, groot_bestand
from trajecten.vroegsignalering import services
from trajecten.vroegsignalering.models import ImportBatch, Signaalzaak, Vroegsignaal
from trajecten.vroegsignalering.services import batches, groepering

pytestmark = pytest.mark.django_db


def upload(gemeente, gebruiker, inhoud: bytes, naam: str = "lijst.csv") -> ImportBatch:
    return services.upload_lijst(
        gemeente=gemeente, door=gebruiker, bestandsnaam=naam, inhoud=inhoud
    )


def fouten_van(batch: ImportBatch) -> dict[tuple[int, str | None], str]:
    return {(f["rij"], f["veld"]): f["melding"] for f in batch.fouten}


# --- happy path ----------------------------------------------------------------------------


def test_voorbeeld_eerst_dan_opslaan(gemeente_a, regisseur_a, normen):
    bsn = geldig_bsn()
    inhoud = csv_bestand(
        [
            csv_rij(bsn=bsn),
            csv_rij(
                bsn=bsn,
                partner_soort="Energieleverancier",
                partner_naam="Eneco",
                soort_achterstand="energie",
                bedrag="250",
            ),
            csv_rij(bsn="", postcode="7601xy", huisnummer="3a", achternaam="Jansen"),
        ]
    )
    batch = upload(gemeente_a, regisseur_a, inhoud)
    assert batch.status == ImportBatch.Status.GECONTROLEERD
    assert (batch.totaal_rijen, batch.aantal_geldig, batch.aantal_fout) == (3, 3, 0)
    assert (batch.aantal_nieuwe_zaken, batch.aantal_bestaande_zaken) == (2, 0)
    assert batch.scheidingsteken == ";"
    assert len(batch.voorbeeld) == 3 and batch.voorbeeld[0]["bedrag_centen"] == 123456
    assert not Vroegsignaal.objects.exists()  # nothing stored before confirmation
    assert not Signaalzaak.objects.exists()

    batch = services.bevestig_batch(batch_id=batch.pk, door=regisseur_a)
    assert batch.status == ImportBatch.Status.VERWERKT
    assert batch.aantal_opgeslagen == 3
    assert batch.inhoud is None and batch.voorbeeld == []  # the raw list (BSNs) is gone
    zaak = Signaalzaak.objects.get(bsn=bsn)
    assert zaak.signaalsterkte == "2 signalen van 2 partners"
    assert zaak.achterstand_centen == 123456 + 25000
    jansen = Signaalzaak.objects.get(achternaam="Jansen")
    assert (jansen.postcode, jansen.huisnummer, jansen.bsn) == ("7601 XY", "3A", "")
    assert set(Vroegsignaal.objects.values_list("bron", flat=True)) == {"csv"}
    assert Auditregel.objects.filter(objecttype="vroegsignalen-csv", gemeente_id=gemeente_a.pk)


def test_signaal_bij_bestaande_open_zaak(gemeente_a, regisseur_a, normen):
    bsn = geldig_bsn()
    eerste = upload(gemeente_a, regisseur_a, csv_bestand([csv_rij(bsn=bsn)]), "mei.csv")
    services.bevestig_batch(batch_id=eerste.pk, door=regisseur_a)
    tweede = upload(
        gemeente_a,
        regisseur_a,
        csv_bestand(
            [csv_rij(bsn=bsn, bedrag="1500", datum_ontvangen=dagen_geleden(1).isoformat())]
        ),
        "juni.csv",
    )
    assert (tweede.aantal_nieuwe_zaken, tweede.aantal_bestaande_zaken) == (0, 1)
    assert tweede.voorbeeld[0]["zaak"] == "bestaand"
    services.bevestig_batch(batch_id=tweede.pk, door=regisseur_a)
    zaak = Signaalzaak.objects.get()
    assert zaak.aantal_signalen == 2
    assert zaak.achterstand_centen == 150000  # the latest amount of the same partner and kind
    assert zaak.eerste_signaal_op == dagen_geleden(5)
    assert zaak.laatste_signaal_op == dagen_geleden(1)


@pytest.mark.parametrize("scheidingsteken", [";", ","])
def test_scheidingsteken_wordt_herkend(gemeente_a, regisseur_a, scheidingsteken):
    rij = csv_rij(bedrag="1.234,56", woonplaats="Almelo, centrum")  # commas inside values
    batch = upload(gemeente_a, regisseur_a, csv_bestand([rij], scheidingsteken=scheidingsteken))
    assert batch.scheidingsteken == scheidingsteken
    assert (batch.aantal_geldig, batch.aantal_fout) == (1, 0), batch.fouten
    assert batch.voorbeeld[0]["bedrag_centen"] == 123456


def test_bom_en_windows_codering(gemeente_a, regisseur_a):
    rijen = [csv_rij(achternaam="Çelik", woonplaats="Hoogeveen")]
    met_bom = upload(gemeente_a, regisseur_a, csv_bestand(rijen, bom=True), "bom.csv")
    assert (met_bom.aantal_geldig, met_bom.aantal_fout) == (1, 0), met_bom.fouten
    cp1252 = upload(gemeente_a, regisseur_a, csv_bestand(rijen, codering="cp1252"), "excel.csv")
    assert (cp1252.aantal_geldig, cp1252.aantal_fout) == (1, 0), cp1252.fouten
    assert cp1252.voorbeeld[0]["naam"] == "Tanya Çelik"


@pytest.mark.parametrize(
    ("bedrag", "centen"),
    [
        ("1.234,56", 123456),
        ("1234,5", 123450),
        ("1234.56", 123456),
        ("€ 12", 1200),
        ("1,234.56", 123456),
    ],
)
def test_bedragnotaties(gemeente_a, regisseur_a, bedrag, centen):
    batch = upload(gemeente_a, regisseur_a, csv_bestand([csv_rij(bedrag=bedrag)]))
    assert batch.voorbeeld[0]["bedrag_centen"] == centen


# --- file-level errors ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("inhoud", "woord"),
    [
        (b"", "leeg"),
        (b"  \r\n", "leeg"),
        (b"partner_soort\tpartner_naam\tbedrag\r\n", "tabs"),
        (b"woningcorporatie Woonstichting 12 7607AB\r\n", "Geen scheidingsteken"),
        (b"naam;bedrag;postcode\r\nJansen;12;7607AB\r\n", "Onbekende kolom: 'naam'"),
        (b"PK\x03\x04\x00\x00binary", "geen CSV"),
    ],
)
def test_onleesbaar_bestand_wordt_afgekeurd(gemeente_a, regisseur_a, inhoud, woord):
    if not inhoud:
        with pytest.raises(services.Geweigerd, match="leeg"):
            upload(gemeente_a, regisseur_a, inhoud)
        return
    batch = upload(gemeente_a, regisseur_a, inhoud)
    assert batch.status == ImportBatch.Status.AFGEKEURD
    assert woord in batch.bestandsfout
    assert batch.inhoud is None


def test_verkeerde_kopregel(gemeente_a, regisseur_a):
    inhoud = csv_bestand(
        [csv_rij()],
        kolommen=["partner_soort", "partnernaam", "soort_achterstand", "bedrag", "postcode"],
    )
    batch = upload(gemeente_a, regisseur_a, inhoud)
    assert batch.status == ImportBatch.Status.AFGEKEURD
    assert "Onbekende kolom: 'partnernaam'" in batch.bestandsfout
    assert "ontbreken: partner_naam, maanden_achterstand, datum_ontvangen" in batch.bestandsfout


def test_geen_kopregel(gemeente_a, regisseur_a):
    regels = csv_bestand([csv_rij(), csv_rij()]).split(b"\r\n", 1)[1]  # header removed
    batch = upload(gemeente_a, regisseur_a, regels)
    assert batch.status == ImportBatch.Status.AFGEKEURD
    assert "kopregel" in batch.bestandsfout


# --- row-level errors ----------------------------------------------------------------------


def test_elke_soort_foute_rij(gemeente_a, regisseur_a):
    morgen = (timezone.localdate() + timedelta(days=1)).strftime("%d-%m-%Y")
    rijen = [
        csv_rij(),  # row 2: fine
        csv_rij(bsn="123456789"),  # 3: elfproef
        csv_rij(bsn="12345"),  # 4: length
        csv_rij(bedrag="0"),  # 5
        csv_rij(bedrag="-12,50"),  # 6
        csv_rij(bedrag="250.000,00"),  # 7: impossible amount
        csv_rij(bedrag="twaalf"),  # 8
        csv_rij(datum_ontvangen="31-02-2026"),  # 9: impossible date
        csv_rij(datum_ontvangen=morgen),  # 10: future
        csv_rij(datum_ontvangen="gisteren"),  # 11
        csv_rij(maanden_achterstand="0"),  # 12
        csv_rij(postcode="7607"),  # 13
        csv_rij(partner_soort="bank"),  # 14
        csv_rij(soort_achterstand="gas"),  # 15
        csv_rij(achternaam=""),  # 16
        csv_rij(geboortedatum="01-01-2999"),  # 17
        csv_rij(email="geen-mail"),  # 18
    ]
    inhoud = csv_bestand(rijen, kolommen=[*csv_rij().keys(), "geboortedatum", "email"])
    inhoud += b"woningcorporatie,Woonstichting,huur,12,2,01-01-2026,,,Jansen,7607AB,1\r\n"  # 19
    batch = upload(gemeente_a, regisseur_a, inhoud)
    fouten = fouten_van(batch)
    verwacht = {
        (3, "bsn"): "elfproef",
        (4, "bsn"): "9 cijfers",
        (5, "bedrag"): "groter zijn dan € 0",
        (6, "bedrag"): "groter zijn dan € 0",
        (7, "bedrag"): "onwaarschijnlijk hoog",
        (8, "bedrag"): "geen geldig bedrag",
        (9, "datum_ontvangen"): "bestaat niet",
        (10, "datum_ontvangen"): "toekomst",
        (11, "datum_ontvangen"): "geen geldige datum",
        (12, "maanden_achterstand"): "tussen 1 en",
        (13, "postcode"): "4 cijfers en 2 letters",
        (14, "partner_soort"): "Onbekende soort partner",
        (15, "soort_achterstand"): "Onbekende soort achterstand",
        (16, "achternaam"): "Vul de achternaam in",
        (17, "geboortedatum"): "toekomst",
        (18, "email"): "e-mailadres",
        (19, None): "ander scheidingsteken",
    }
    for sleutel, woord in verwacht.items():
        assert sleutel in fouten, (sleutel, fouten)
        assert woord in fouten[sleutel], (sleutel, fouten[sleutel])
    assert batch.aantal_fout == 17  # rows 3 to 19
    assert batch.aantal_geldig == 1
    assert not any("123456789" in m for m in fouten.values())  # no BSN in messages
    with pytest.raises(services.Geweigerd, match="fouten"):
        services.bevestig_batch(batch_id=batch.pk, door=regisseur_a)
    assert not Vroegsignaal.objects.exists()


def test_lege_regels_worden_overgeslagen(gemeente_a, regisseur_a):
    inhoud = csv_bestand([csv_rij()]) + b";;;;;;;;;;\r\n\r\n"
    batch = upload(gemeente_a, regisseur_a, inhoud)
    assert (batch.totaal_rijen, batch.aantal_fout) == (1, 0)


# --- duplicates ----------------------------------------------------------------------------


def test_zelfde_bestand_nogmaals_geeft_geen_dubbelen(gemeente_a, regisseur_a, normen):
    inhoud = csv_bestand([csv_rij(), csv_rij(bsn=geldig_bsn(), huisnummer="14")])
    batch = upload(gemeente_a, regisseur_a, inhoud)
    with pytest.raises(services.AlIngelezen) as fout:  # during the preview
        upload(gemeente_a, regisseur_a, inhoud, "nogmaals.csv")
    assert fout.value.batch == batch
    services.bevestig_batch(batch_id=batch.pk, door=regisseur_a)
    with pytest.raises(services.AlIngelezen):  # after processing
        upload(gemeente_a, regisseur_a, inhoud, "nogmaals.csv")
    assert ImportBatch.objects.count() == 1
    assert Vroegsignaal.objects.count() == 2


def test_zelfde_rijen_in_ander_bestand_worden_overgeslagen(gemeente_a, regisseur_a, normen):
    rij1, rij2 = csv_rij(), csv_rij(bsn=geldig_bsn(), huisnummer="14")
    eerste = upload(gemeente_a, regisseur_a, csv_bestand([rij1]))
    services.bevestig_batch(batch_id=eerste.pk, door=regisseur_a)
    # The next month's list repeats row 1 (other delimiter, same values) and has row 2 twice.
    tweede = upload(gemeente_a, regisseur_a, csv_bestand([rij1, rij2, rij2], scheidingsteken=","))
    assert (tweede.aantal_geldig, tweede.aantal_dubbel, tweede.aantal_fout) == (1, 2, 0)
    services.bevestig_batch(batch_id=tweede.pk, door=regisseur_a)
    assert Vroegsignaal.objects.count() == 2


def test_geannuleerd_bestand_mag_opnieuw(gemeente_a, regisseur_a):
    inhoud = csv_bestand([csv_rij()])
    batch = upload(gemeente_a, regisseur_a, inhoud)
    services.annuleer_batch(batch_id=batch.pk, door=regisseur_a)
    assert ImportBatch.objects.get(pk=batch.pk).inhoud is None
    opnieuw = upload(gemeente_a, regisseur_a, inhoud)
    assert opnieuw.pk != batch.pk


def test_alles_of_niets(gemeente_a, regisseur_a, normen, monkeypatch):
    """A failure while storing leaves nothing behind (not even the first rows)."""
    from django.db import DatabaseError

    rijen = [csv_rij(), csv_rij(bsn=geldig_bsn(), huisnummer="14")]  # two households
    batch = upload(gemeente_a, regisseur_a, csv_bestand(rijen))
    echte = groepering.bereken_klok
    aantal = {"n": 0}

    def faalt_halverwege(zaak, ctx):
        aantal["n"] += 1
        if aantal["n"] == 2:
            raise DatabaseError("schijf vol")
        echte(zaak, ctx)

    monkeypatch.setattr(groepering, "bereken_klok", faalt_halverwege)
    batch = services.bevestig_batch(batch_id=batch.pk, door=regisseur_a)
    assert batch.status == ImportBatch.Status.MISLUKT
    assert "niets opgeslagen" in batch.bestandsfout
    assert not Vroegsignaal.objects.exists()
    assert not Signaalzaak.objects.exists()


def test_andere_gemeente_mag_niet(gemeente_b, regisseur_a):
    with pytest.raises(services.Geweigerd):
        upload(gemeente_b, regisseur_a, csv_bestand([csv_rij()]))


# --- large files ---------------------------------------------------------------------------


@pytest.fixture
def celery_direct():
    """Run Celery tasks in-process (the real path: on_commit → delay → task)."""
    vorige = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = vorige


def test_groot_bestand_via_celery_met_voortgang(
    gemeente_a, regisseur_a, normen, celery_direct, django_capture_on_commit_callbacks
):
    aantal = 50_000
    inhoud = groot_bestand(aantal)
    begin = time.perf_counter()
    with django_capture_on_commit_callbacks(execute=True) as taken:
        batch = upload(gemeente_a, regisseur_a, inhoud, "groot.csv")
    controle = time.perf_counter() - begin
    assert len(taken) == 1  # the check ran as a Celery task after the commit
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.GECONTROLEERD, batch.bestandsfout
    assert (batch.totaal_rijen, batch.gecontroleerd_rijen, batch.voortgang_procent) == (
        aantal,
        aantal,
        100,
    )
    assert (batch.aantal_geldig, batch.aantal_fout) == (aantal, 0), batch.fouten[:3]
    assert batch.aantal_nieuwe_zaken == aantal - aantal // 10
    assert not Vroegsignaal.objects.exists()

    begin = time.perf_counter()
    with django_capture_on_commit_callbacks(execute=True) as taken:
        batch = services.bevestig_batch(batch_id=batch.pk, door=regisseur_a)
    opslaan = time.perf_counter() - begin
    assert len(taken) == 1
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.VERWERKT, batch.bestandsfout
    assert Vroegsignaal.objects.count() == aantal
    assert Signaalzaak.objects.count() == aantal - aantal // 10
    assert Signaalzaak.objects.filter(aantal_signalen=2, aantal_partners=2).count() == aantal // 10
    assert not Signaalzaak.objects.exclude(klok_status="loopt").exists()
    print(f"\n50.000 rijen: controleren {controle:.1f} s, opslaan {opslaan:.1f} s")
    assert controle + opslaan < 120


def test_voortgang_wordt_tussendoor_bijgewerkt(gemeente_a, regisseur_a, monkeypatch):
    """The polling page sees progress while a large list is being checked."""
    from trajecten.vroegsignalering.csvimport import lees

    monkeypatch.setattr(batches, "DIRECT_MAX_RIJEN", 10)
    monkeypatch.setattr(batches, "BATCH_GROOTTE", 100)
    inhoud = groot_bestand(450)
    batch = upload(gemeente_a, regisseur_a, inhoud)
    assert batch.status == ImportBatch.Status.CONTROLEREN  # waits for the worker
    uitkomst = batches._lees_en_controleer(batch, lees(inhoud))
    assert uitkomst.totaal == 450
    batch.refresh_from_db()
    # Written every 100 rows (committed at once outside a transaction); the final count
    # is set when the preview is ready.
    assert (batch.totaal_rijen, batch.gecontroleerd_rijen, batch.voortgang_procent) == (
        450,
        400,
        89,
    )


def test_lijst_van_een_gestorven_worker_wordt_afgemaakt(
    gemeente_a, regisseur_a, normen, monkeypatch, celery_direct
):
    """Broker down at the confirm, and a worker killed after it set 'verwerken': the periodic
    job (issue 17, point 8) puts the list back in line and it is stored once."""
    from datetime import timedelta

    import time_machine
    from django.utils import timezone

    from trajecten.vroegsignalering import tasks

    monkeypatch.setattr(batches, "DIRECT_MAX_RIJEN", 10)
    inhoud = groot_bestand(40)
    batch = upload(gemeente_a, regisseur_a, inhoud)
    batches.controleer_batch(batch_id=batch.pk)
    # The confirm's message never reached a worker (broker down): the list waits.
    monkeypatch.setattr(batches.wachtrij, "na_commit", lambda *a: None)
    services.bevestig_batch(batch_id=batch.pk, door=regisseur_a)
    # A worker took it, set 'verwerken' and was killed before storing anything.
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.VERWERKEN)
    assert batches.herstart_vastgelopen() == 0  # not yet: it may still be running
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        assert tasks.herstart_vastgelopen() == 1  # eager here: the task runs in-process
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.VERWERKT
    assert Vroegsignaal.objects.count() == 40
    # Once more (a second beat): nothing twice.
    with time_machine.travel(timezone.now() + timedelta(minutes=32)):
        assert tasks.herstart_vastgelopen() == 0
    assert Vroegsignaal.objects.count() == 40


def test_lijst_die_hangt_bij_controleren_kan_worden_geannuleerd(
    client, gemeente_a, regisseur_a, normen, monkeypatch
):
    """Broker down at the upload: the list hangs at 'controleren' (issue 17, point 8). The
    page offers to cancel; then the task that still comes (or the beat job) stops at once."""
    from django.urls import reverse

    monkeypatch.setattr(batches, "DIRECT_MAX_RIJEN", 10)
    monkeypatch.setattr(batches.wachtrij, "na_commit", lambda *a, **k: None)  # never delivered
    batch = upload(gemeente_a, regisseur_a, groot_bestand(40))
    assert batch.status == ImportBatch.Status.CONTROLEREN
    client.force_login(regisseur_a)
    html = client.get(reverse("vroegsignaal_lijst", args=[batch.pk])).content.decode()
    assert "Blijft dit hangen?" in html and "Annuleren, niets opslaan" in html
    antwoord = client.post(reverse("vroegsignaal_lijst_annuleren", args=[batch.pk]), follow=True)
    assert "De lijst is geannuleerd" in antwoord.content.decode()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.GEANNULEERD and batch.inhoud is None
    assert batches.controleer_batch(batch_id=batch.pk).status == ImportBatch.Status.GEANNULEERD
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        assert batches.herstart_vastgelopen() == 0
    assert Vroegsignaal.objects.count() == 0
