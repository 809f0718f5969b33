"""Retention: when the klant's dossier is anonymised, the klantplan app blanks its free text
and deletes the PDFs, also of a fixed klantplan; the rows the reports count stay."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from klantplan import services
from klantplan.models import Document, Doel, Gesprek, Klacht, Klantplan, Schuld
from schuldhulp.models import Klant
from schuldhulp.signals import klant_geanonimiseerd


def test_anonimiseren_wist_teksten_en_documenten(traject_a, regisseur_a, schuldeisers):
    vandaag = timezone.localdate()
    plan = services.maak_klantplan(traject=traject_a, door=regisseur_a)
    services.wijzig_klantplan(
        klantplan_id=plan.pk,
        door=regisseur_a,
        hulpvraag="Mijn ex-man Jan heeft schulden gemaakt",
        oorzaak="Scheiding",
        leefgebieden={"gezondheid": "Depressie"},
        hulpvraag_klant="U wilt af van de schulden van Jan",
        situatie_klant="U bent gescheiden van Jan",
    )
    services.voeg_doel_toe(
        klantplan_id=plan.pk, door=regisseur_a, omschrijving="Rust", klanttekst="Rust voor Jan"
    )
    services.stel_vast(
        klantplan_id=plan.pk, door=regisseur_a, datum=vandaag, besproken_met_klant=True
    )
    gesprek = services.registreer_gesprek(
        traject=traject_a,
        door=regisseur_a,
        soort="intakegesprek",
        datum=vandaag,
        deelnemers="Klant en haar zus Petra",
        samenvatting="Vertelde over de scheiding",
    )
    services.registreer_klacht(
        traject=traject_a, door=regisseur_a, soort="klacht", datum=vandaag, onderwerp="Bejegening"
    )
    services.voeg_schuld_toe(
        traject=traject_a,
        door=regisseur_a,
        gegevens=services.Schuldgegevens(
            schuldeiser=schuldeisers["CJIB"],
            oorspronkelijk_bedrag_cent=100,
            actueel_bedrag_cent=100,
            peildatum=vandaag,
            kenmerk="Boete kenteken 12-AB-34",
        ),
    )
    services.bewaar_document(
        traject=traject_a,
        door=regisseur_a,
        soort="klantplan",
        titel="Klantplan",
        pdf=b"%PDF-1.7 persoonsgegevens",
        bestandsnaam="k.pdf",
        klantplan=plan,
    )

    with transaction.atomic():
        klant_geanonimiseerd.send(sender=Klant, klant_id=traject_a.klant_id)

    plan = Klantplan.objects.get(pk=plan.pk)
    assert (plan.hulpvraag, plan.leefgebieden, plan.status) == ("", {}, "vastgesteld")
    assert (plan.hulpvraag_klant, plan.situatie_klant) == ("", "")
    assert (Doel.objects.get().omschrijving, Doel.objects.get().klanttekst) == (
        "Geanonimiseerd",
        "",
    )
    gesprek = Gesprek.objects.get(pk=gesprek.pk)
    assert (gesprek.deelnemers, gesprek.samenvatting, gesprek.soort) == ("", "", "intakegesprek")
    assert Klacht.objects.get().onderwerp == "Geanonimiseerd"
    assert Schuld.objects.get().kenmerk == "" and Schuld.objects.get().actueel_bedrag_cent == 100
    assert not Document.objects.exists()
    # Outside the retention job the plan is frozen again.
    with pytest.raises(IntegrityError), transaction.atomic():
        Klantplan.objects.filter(pk=plan.pk).update(hulpvraag="Weer iets")
