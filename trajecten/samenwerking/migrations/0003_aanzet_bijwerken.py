"""Fill ``Traject.aan_zet`` for the trajecten that existed before it (trajecten 0008 added
the column empty); new rows get it from every write (trajecten.samenwerking.aanzet).

The rule lives in code (the catalogue, the package split, maatwerk), not in a table, so this
runs the code of ``manage.py aanzet_bijwerken`` with the models of today. A database that
jumps over several later releases at once may reach this step before later migrations
added columns those models read: then it says so and goes on, and the command is run after
``migrate`` (the daily package job also fills running trajecten that have no party).
"""

from django.db import DatabaseError, migrations, transaction


def vul(apps, schema_editor):
    from trajecten.samenwerking import aanzet

    try:
        with transaction.atomic():
            bekeken, gewijzigd = aanzet.werk_bij_alle()
    except DatabaseError as fout:  # models newer than this step of the schema
        print(
            f"\n  Aan zet niet bijgewerkt ({fout.__class__.__name__}): draai na de migratie "
            "'manage.py aanzet_bijwerken'."
        )
        return
    if bekeken:
        print(f"\n  Aan zet bijgewerkt: {bekeken} trajecten bekeken, {gewijzigd} gewijzigd.")


class Migration(migrations.Migration):
    dependencies = [
        ("samenwerking", "0002_overdrachtnorm"),
        ("trajecten", "0008_samenwerking"),
        ("pakket", "0001_initial"),
        ("schuldhulp", "0011_klant_zonder_contactpersoon"),
    ]

    operations = [migrations.RunPython(vul, migrations.RunPython.noop)]
