"""The PDFs, read back as text: the klant's actions, the phase, the package wording; every
document is stored with its checksum and can be downloaded again; the actielijst is mailed."""

from __future__ import annotations

import hashlib
import io
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from pypdf import PdfReader

from klantplan import services
from klantplan.models import Document, Documentsoort
from klantplan.services import Schuldgegevens
from tests.bouwers import KlantFactory
from trajecten import services as trajectservices

# A note of the team (ADR 0027): it is in every internal field of the plan built below and
# must never show in a client document.
INTERN = "Faillissement van haar man"


def tekst(pdf: bytes) -> str:
    lezer = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(pagina.extract_text() for pagina in lezer.pages).split())


def _plan(traject, door):
    plan = services.maak_klantplan(traject=traject, door=door)
    services.wijzig_klantplan(
        klantplan_id=plan.pk,
        door=door,
        hulpvraag="Wil rust; belt vaak in paniek.",
        hulpvraag_klant="Ik wil weer rust.",
        situatie_klant="Huurachterstand van twee maanden.",
        oorzaak=INTERN,
        productkeuze="Budgetbeheer",
        leefgebieden={"wonen": f"Huurachterstand van twee maanden. {INTERN}"},
        oplossend_vermogen="met_hulp",
    )
    services.voeg_doel_toe(
        klantplan_id=plan.pk, door=door, klanttekst="De huur is betaald", omschrijving=INTERN
    )
    services.voeg_actie_toe(
        klantplan_id=plan.pk,
        door=door,
        soort="klant",
        klanttekst="Bankafschriften van drie maanden inleveren",
        wat=INTERN,
        deadline=timezone.localdate() + timedelta(days=14),
    )
    services.voeg_actie_toe(
        klantplan_id=plan.pk, door=door, soort="schuldenoverzicht", klanttekst="Saldi opvragen"
    )
    return services.stel_vast(
        klantplan_id=plan.pk, door=door, datum=timezone.localdate(), besproken_met_klant=True
    )


def test_klantplan_ontzorging(traject_a, regisseur_a):
    plan = _plan(traject_a, regisseur_a)
    document = services.maak_document(traject=traject_a, door=regisseur_a, soort="klantplan")
    pdf = bytes(document.inhoud)
    inhoud = tekst(pdf)
    assert "Klantplan Voor" in inhoud and "summier" not in inhoud
    assert "Waar sta ik?" in inhoud
    assert "U bent nu in de stap: Rust" in inhoud  # traject is in fase stabilisatie
    assert "Wat moet u doen?" in inhoud
    assert "Bankafschriften van drie maanden inleveren" in inhoud
    assert "De Stadsbank helpt u met alles" in inhoud
    assert "Huurachterstand van twee maanden" in inhoud  # leefgebieden: full plan
    assert "Wat doet de Stadsbank? Wat Wanneer klaar Gedaan Saldi opvragen" in inhoud
    # Accessible PDF: real text, a title, the Dutch language.
    lezer = PdfReader(io.BytesIO(pdf))
    assert lezer.metadata.title == "Klantplan"
    assert lezer.trailer["/Root"]["/Lang"] == "nl"
    # Stored as it was made.
    assert (document.soort, document.klantplan, document.gemaakt_door) == (
        Documentsoort.KLANTPLAN,
        plan,
        regisseur_a,
    )
    assert document.sha256 == hashlib.sha256(pdf).hexdigest()
    assert document.titel == "Klantplan, versie 1"


def test_klantplan_basis_is_summier(traject_b, consulent_b, regisseur_b):
    _plan(traject_b, regisseur_b)  # the klantplan is the Stadsbank's, also in Basis
    document = services.maak_document(traject=traject_b, door=consulent_b, soort="klantplan")
    inhoud = tekst(bytes(document.inhoud))
    assert "Klantplan Voor" in inhoud and "summier" not in inhoud  # no jargon for the klant
    assert "De gemeente begeleidt u en zet uw schulden op een rij" in inhoud
    assert "We kiezen voor: Budgetbeheer" in inhoud
    assert "Uw situatie" not in inhoud and "Huurachterstand" not in inhoud
    assert "Bankafschriften van drie maanden inleveren" in inhoud
    assert "Wat doet de gemeente? Wat Wanneer klaar Gedaan Saldi opvragen" in inhoud
    assert PdfReader(io.BytesIO(bytes(document.inhoud))).metadata.title == "Klantplan"


def test_concept_staat_als_concept_op_de_pdf(traject_a, regisseur_a):
    services.maak_klantplan(traject=traject_a, door=regisseur_a)
    document = services.maak_document(traject=traject_a, door=regisseur_a, soort="klantplan")
    assert "Concept. Dit plan is nog niet vastgesteld" in tekst(bytes(document.inhoud))


def test_download_geeft_het_bewaarde_document(client, traject_a, regisseur_a):
    _plan(traject_a, regisseur_a)
    document = services.maak_document(traject=traject_a, door=regisseur_a, soort="klantplan")
    client.force_login(regisseur_a)
    antwoord = client.get(f"/trajecten/{traject_a.pk}/documenten/{document.pk}/download/")
    assert antwoord.status_code == 200
    assert antwoord["Content-Type"] == "application/pdf"
    assert antwoord.content == bytes(document.inhoud)
    assert "attachment" in antwoord["Content-Disposition"]


def test_actielijst_na_gesprek_gemaild(traject_a, regisseur_a, django_capture_on_commit_callbacks):
    traject_a.klant.email = "fien@example.nl"
    traject_a.klant.save()
    _plan(traject_a, regisseur_a)
    gesprek = services.registreer_gesprek(
        traject=traject_a,
        door=regisseur_a,
        soort="intakegesprek",
        datum=timezone.localdate(),
        deelnemers="Klant, klantregisseur",
    )
    services.voeg_actie_toe(
        gesprek_id=gesprek.pk,
        door=regisseur_a,
        soort="klant",
        klanttekst="Brief van de deurwaarder doorsturen",
        wat=INTERN,
        deadline=timezone.localdate() + timedelta(days=3),
    )
    with django_capture_on_commit_callbacks(execute=True):
        document = services.verstuur_actielijst(
            traject=traject_a, door=regisseur_a, gesprek_id=gesprek.pk
        )
    assert len(mail.outbox) == 1
    bericht = mail.outbox[0]
    assert bericht.to == ["fien@example.nl"]
    assert "actielijst" in bericht.subject.lower()
    [(naam, pdf, soort)] = bericht.attachments
    assert soort == "application/pdf" and naam.endswith(".pdf")
    inhoud = tekst(pdf)
    assert "Uw actielijst" in inhoud
    assert f"Na het intakegesprek van {gesprek.datum.day}" in inhoud
    assert "Nieuw: Brief van de deurwaarder doorsturen" in inhoud
    assert "Bankafschriften van drie maanden inleveren" in inhoud  # from the klantplan
    assert "Wat doet de Stadsbank?" in inhoud and "Saldi opvragen" in inhoud
    document.refresh_from_db()
    assert document.verzonden_aan == "fien@example.nl" and document.verzonden_op is not None
    assert document.gesprek == gesprek and bytes(document.inhoud) == pdf


def test_actielijst_zonder_emailadres(traject_a, regisseur_a):
    with pytest.raises(services.Geweigerd, match="geen e-mailadres"):
        services.verstuur_actielijst(traject=traject_a, door=regisseur_a)
    assert not Document.objects.exists()


def test_beschikking_toelating_met_bezwaarclausule_in_bijlage(traject_a, regisseur_a):
    document = services.maak_document(traject=traject_a, door=regisseur_a, soort="beschikking")
    inhoud = tekst(bytes(document.inhoud))
    assert "Ons besluit: u krijgt schuldhulp." in inhoud
    assert "Bijlage: bezwaar maken" in inhoud
    assert "artikelen 6:7 en 6:8 Awb" in inhoud
    assert "college van burgemeester en wethouders van Almelo" in inhoud
    assert len(PdfReader(io.BytesIO(bytes(document.inhoud))).pages) >= 2  # annex on its own page


def test_beschikking_afwijzing(gemeente_a, regisseur_a):
    vandaag = timezone.localdate()
    traject = trajectservices.meld_aan(
        klant=KlantFactory(gemeente=gemeente_a), door=regisseur_a, datum=vandaag, kanaal="inwoner"
    )
    trajectservices.voer_overgang_uit(
        traject_id=traject.pk, overgang="voer_eerste_gesprek", door=regisseur_a, datum=vandaag
    )
    with pytest.raises(services.Geweigerd, match="nog geen besluit"):
        services.maak_document(traject=traject, door=regisseur_a, soort="beschikking")
    trajectservices.voer_overgang_uit(
        traject_id=traject.pk,
        overgang="neem_afwijzingsbesluit",
        door=regisseur_a,
        datum=vandaag,
        uitstroomreden="Voldoet niet",
        toelichting="U heeft geen problematische schulden.",
    )
    document = services.maak_document(traject=traject, door=regisseur_a, soort="beschikking")
    inhoud = tekst(bytes(document.inhoud))
    assert "Ons besluit: u krijgt geen schuldhulp." in inhoud
    assert "U heeft geen problematische schulden." in inhoud
    assert "Bijlage: bezwaar maken" in inhoud
    assert document.bestandsnaam.startswith(f"beschikking-traject-{traject.pk}-afwijzing")


def test_kaart_als_schuldeisers_bellen(traject_b, consulent_b):
    document = services.maak_document(traject=traject_b, door=consulent_b, soort="dos_en_donts")
    inhoud = tekst(bytes(document.inhoud))
    assert "Doen" in inhoud and "Niet doen" in inhoud
    assert "Spreek aan de telefoon geen betaling of regeling af." in inhoud
    assert f"Mijn dossiernummer is {traject_b.pk}" in inhoud
    assert "Gemeente Hengelo" in inhoud  # Basis: the consulent is the contact


def test_brief_aan_schuldeisers(traject_a, regisseur_a, schuldeisers):
    for naam, bedrag in [("Belastingdienst", 50_000), ("CJIB", 100_000), ("Vitens", 150_000)]:
        services.voeg_schuld_toe(
            traject=traject_a,
            door=regisseur_a,
            gegevens=Schuldgegevens(
                schuldeiser=schuldeisers[naam],
                oorspronkelijk_bedrag_cent=bedrag,
                actueel_bedrag_cent=bedrag,
                peildatum=timezone.localdate(),
            ),
        )
    voorstel = services.bereken_voorstel(
        traject=traject_a,
        door=regisseur_a,
        soort="schuldregeling",
        aflosruimte_per_maand_cent=5_000,
    )
    document = services.maak_document(
        traject=traject_a, door=regisseur_a, soort="saneringsvoorstel", voorstel_id=voorstel.pk
    )
    inhoud = tekst(bytes(document.inhoud))
    assert inhoud.count("Geachte heer, mevrouw") == 3  # one letter per creditor
    assert "Aangeboden bedrag € 257,14" in inhoud  # Belastingdienst, preferent
    assert "Aangeboden bedrag € 385,72" in inhoud  # Vitens (largest remainder gets the cent)
    assert document.voorstel == voorstel


def test_mailen_mislukt_document_blijft(
    traject_a, regisseur_a, django_capture_on_commit_callbacks, monkeypatch
):
    """A mail server that is down does not lose the actielijst: it is kept, marked unsent."""
    import smtplib

    from django.core.mail import EmailMessage

    def weigert(self, fail_silently=False):
        raise smtplib.SMTPServerDisconnected("weg")

    monkeypatch.setattr(EmailMessage, "send", weigert)
    with django_capture_on_commit_callbacks(execute=True):
        document = services.verstuur_actielijst(
            traject=traject_a, door=regisseur_a, aan="klant@example.nl"
        )
    document.refresh_from_db()
    assert document.verzonden_op is None
    assert document.verzendfout == "Niet verstuurd: SMTPServerDisconnected"
    assert document.grootte > 0
