"""Seed the report settings and the savings per prevented event (domain.md §6)."""

from decimal import Decimal

from django.db import migrations

BRON = "Business case pilot Almelo (domain.md §6)"
BESPARINGEN = [
    ("huisuitzetting", Decimal("6000.00"), Decimal("1080.00")),
    ("afsluiting", Decimal("790.00"), Decimal("0.00")),
]


def zaai(apps, schema_editor):
    Instellingen = apps.get_model("rapportage", "Instellingen")
    Besparing = apps.get_model("rapportage", "Besparing")
    Instellingen.objects.get_or_create(pk=1)
    for soort, direct, indirect in BESPARINGEN:
        Besparing.objects.get_or_create(
            soort=soort, defaults={"direct": direct, "indirect": indirect, "bron": BRON}
        )


class Migration(migrations.Migration):
    dependencies = [("rapportage", "0001_initial")]

    operations = [migrations.RunPython(zaai, migrations.RunPython.noop)]
