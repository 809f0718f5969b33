from django.db import migrations


def zaai(apps, schema_editor):
    from trajecten.samenwerking.normen import zaai as zaai_norm

    zaai_norm(apps.get_model("trajecten", "Doorlooptijdnorm"))


class Migration(migrations.Migration):
    dependencies = [
        ("samenwerking", "0001_samenwerking"),
        ("trajecten", "0008_samenwerking"),
    ]

    operations = [migrations.RunPython(zaai, migrations.RunPython.noop)]
