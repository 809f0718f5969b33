from django.db import migrations


def zaai(apps, schema_editor):
    from klantplan.schuldregeling.termijnen import zaai as zaai_termijnen

    zaai_termijnen(apps.get_model("trajecten", "Doorlooptijdnorm"))


class Migration(migrations.Migration):
    dependencies = [
        ("schuldregeling", "0001_initial"),
        ("trajecten", "0009_schuldregeling_keuzes"),
    ]

    operations = [migrations.RunPython(zaai, migrations.RunPython.noop)]
