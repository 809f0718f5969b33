"""Strip personal values from the change rows written before issue 17 (point 2).

The table is append-only, so this is the one controlled exception: inside this migration's
transaction the trigger is disabled (only the table owner can, and ALTER TABLE holds an
exclusive lock, so nothing else writes meanwhile), only ``wijzigingen`` is rewritten, through
the same allow-list new rows go through (``auditvelden.zonder_persoonsgegevens``), and the
trigger is enabled again before the commit; any error rolls all of it back. Not reversible:
the values are gone, which is the point.
"""

from django.db import migrations

from schuldhulp.auditvelden import zonder_persoonsgegevens

TRIGGER = "auditregel_alleen_toevoegen"
PARTIJ = 1000


def ontdoe_van_persoonsgegevens(apps, schema_editor) -> None:
    Auditregel = apps.get_model("schuldhulp", "Auditregel")
    tabel = schema_editor.quote_name(Auditregel._meta.db_table)
    schema_editor.execute(f"ALTER TABLE {tabel} DISABLE TRIGGER {TRIGGER}")
    vanaf = 0
    while True:
        partij = list(
            Auditregel.objects.filter(pk__gt=vanaf)
            .exclude(wijzigingen={})
            .order_by("pk")
            .only("pk", "objecttype", "wijzigingen")[:PARTIJ]
        )
        if not partij:
            break
        vanaf = partij[-1].pk
        gewijzigd = []
        for regel in partij:
            schoon = zonder_persoonsgegevens(regel.objecttype, regel.wijzigingen)
            if schoon != regel.wijzigingen:
                regel.wijzigingen = schoon
                gewijzigd.append(regel)
        Auditregel.objects.bulk_update(gewijzigd, ["wijzigingen"])
    schema_editor.execute(f"ALTER TABLE {tabel} ENABLE TRIGGER {TRIGGER}")


class Migration(migrations.Migration):
    dependencies = [("schuldhulp", "0013_verwerkingenlog_bewaartermijn")]
    operations = [migrations.RunPython(ontdoe_van_persoonsgegevens, migrations.RunPython.noop)]
