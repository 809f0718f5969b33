from django.db import migrations


def zaai(apps, schema_editor):
    from trajecten.normenset import zaai_normen

    zaai_normen(apps.get_model("trajecten", "Doorlooptijdnorm"))


class Migration(migrations.Migration):
    dependencies = [("trajecten", "0001_initial")]
    operations = [migrations.RunPython(zaai, migrations.RunPython.noop)]
