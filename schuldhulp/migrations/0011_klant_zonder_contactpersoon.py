"""The klant's vaste contactpersoon is now one of the two people on its traject
(Traject.vaste_contactpersoon); trajecten 0008 carried the old value over first."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("schuldhulp", "0010_samenwerking"),
        ("trajecten", "0008_samenwerking"),
    ]

    operations = [
        migrations.RemoveField(model_name="klant", name="contactpersoon"),
    ]
