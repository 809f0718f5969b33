"""Tekst voor de klant apart van de interne notitie (ADR 0027, issue 20 punt 6).

This is also the data migration: every existing text stays where it is, in the field that
from now on is internal (omschrijving, wat, hulpvraag, oorzaak, leefgebieden, toelichting);
the new klant fields start empty. So no existing note reaches a client document: a document
shows "bespreekt uw contactpersoon nog met u" until a worker words it for the klant. Adding
the columns updates no row, so the freeze triggers of vastgestelde versions do not fire.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("klantplan", "0009_voorstel_berekende_aflosruimte"),
    ]

    operations = [
        migrations.AddField(
            model_name="actie",
            name="klanttekst",
            field=models.TextField(blank=True, verbose_name="tekst voor de klant"),
        ),
        migrations.AddField(
            model_name="doel",
            name="klanttekst",
            field=models.TextField(blank=True, verbose_name="tekst voor de klant"),
        ),
        migrations.AddField(
            model_name="klantplan",
            name="hulpvraag_klant",
            field=models.TextField(
                blank=True,
                help_text="Zichtbaar voor de klant: de hulpvraag zoals die in het klantplan-PDF staat.",
                verbose_name="uw vraag, voor de klant",
            ),
        ),
        migrations.AddField(
            model_name="klantplan",
            name="situatie_klant",
            field=models.TextField(
                blank=True,
                help_text="Zichtbaar voor de klant: de situatie in gewone woorden, voor het klantplan.",
                verbose_name="uw situatie, voor de klant",
            ),
        ),
    ]
