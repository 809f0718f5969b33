"""Retention: blank a klant's dossier texts when its retention period has passed."""

from __future__ import annotations

from django.db import connection, transaction

from klantplan.models import (
    Actie,
    Afstemming,
    Document,
    Doel,
    Gesprek,
    Klacht,
    Klantplan,
    Monitoringmoment,
    Schuld,
    Voorstel,
)

GEANONIMISEERD = "Geanonimiseerd"


@transaction.atomic
def anonimiseer_klant(*, klant_id: int) -> int:
    """The klant's dossier passed its retention period (trajecten.bewaartermijn sends
    ``klant_geanonimiseerd``): blank every free text, delete the PDFs. Rows, dates, kinds and
    amounts stay, so the reports (gesprekken, klachten, schulden) do not change.
    Returns the number of documents deleted."""
    with connection.cursor() as cursor:
        # The freeze trigger lets this one transaction through (SET LOCAL semantics).
        cursor.execute("SELECT set_config('klantplan.anonimiseren', 'aan', true)")
    van_klant = {"traject__klant_id": klant_id}
    Klantplan.objects.filter(**van_klant).update(
        hulpvraag="",
        oorzaak="",
        leefgebieden={},
        oplossend_vermogen_toelichting="",
        hulpvraag_klant="",
        situatie_klant="",
    )
    Doel.objects.filter(klantplan__traject__klant_id=klant_id).update(
        omschrijving=GEANONIMISEERD, klanttekst=""
    )
    Actie.objects.filter(**van_klant).update(wat=GEANONIMISEERD, klanttekst="")
    Monitoringmoment.objects.filter(**van_klant).update(afspraak_gemeente="", toelichting="")
    Schuld.objects.filter(**van_klant).update(kenmerk="")
    for voorstel in Voorstel.objects.filter(**van_klant):
        voorstel.invoer = [{**regel, "kenmerk": ""} for regel in voorstel.invoer]
        voorstel.save(update_fields=["invoer"])
    Gesprek.objects.filter(**van_klant).update(deelnemers="", samenvatting="")
    Afstemming.objects.filter(**van_klant).update(bericht=GEANONIMISEERD)
    Klacht.objects.filter(**van_klant).update(onderwerp=GEANONIMISEERD, toelichting="")
    verwijderd, _ = Document.objects.filter(**van_klant).delete()
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('klantplan.anonimiseren', '', true)")
    return verwijderd
