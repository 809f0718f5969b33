"""The standard checklist of papers (the beheerder edits it in /beheer/ afterwards)."""

from django.db import migrations

# code, naam, uitleg for the client (B1), volgorde
SOORTEN = [
    ("identiteitsbewijs", "Identiteitsbewijs", "Een foto van de voorkant van uw paspoort of "
     "ID-kaart. Maak uw BSN en pasfoto onleesbaar, bijvoorbeeld met de app KopieID.", 10),
    ("bankafschriften", "Bankafschriften", "Afschriften van al uw bankrekeningen van de "
     "laatste 3 maanden. Ook van een spaarrekening.", 20),
    ("inkomen", "Loonstrook of uitkering", "Uw laatste 3 loonstroken, of de specificatie van "
     "uw uitkering of pensioen.", 30),
    ("woonlasten", "Huurcontract of hypotheek", "Uw huurcontract met de huurprijs, of het "
     "laatste overzicht van uw hypotheek.", 40),
    ("toeslagen", "Beschikking toeslagen", "De laatste brief van de Belastingdienst over "
     "huurtoeslag, zorgtoeslag of kindgebonden budget.", 50),
    ("schuldeisers", "Brieven van schuldeisers", "Alle rekeningen, aanmaningen en brieven van "
     "deurwaarders die u heeft. De nieuwste brief per schuldeiser is genoeg.", 60),
    ("inkomensgegevens_gemeente", "Inkomensgegevens van de gemeente", "De gemeente stuurt de "
     "gegevens van uw uitkering of bijstand. U hoeft hier niets te doen.", 70),
    ("bkr", "Overzicht BKR-registratie", "Wie informatie verzamelt, vraagt dit op bij het BKR. "
     "U hoeft hier niets te doen.", 80),
    ("bewind", "Beschikking beschermingsbewind", "De uitspraak van de rechtbank over uw "
     "beschermingsbewind.", 90),
    ("budgetbeheer", "Getekende overeenkomst budgetbeheer", "De overeenkomst budgetbeheer, "
     "getekend door u (en uw partner).", 95),
    ("post", "Post", "Een brief die binnenkwam (gescand of gefotografeerd).", 200),
]
# soort, pakket ("" every), productsoort ("" always), aanleveraar
EISEN = [
    ("identiteitsbewijs", "", "", "klant"),
    ("bankafschriften", "", "", "klant"),
    ("inkomen", "", "", "klant"),
    ("woonlasten", "", "", "klant"),
    ("toeslagen", "", "", "klant"),
    ("schuldeisers", "", "", "klant"),
    ("inkomensgegevens_gemeente", "ontzorging", "", "gemeente"),
    ("inkomensgegevens_gemeente", "hybride", "", "gemeente"),
    ("bkr", "", "Schuldbemiddeling", "pakket"),
    ("bewind", "", "Beschermingsbewind", "klant"),
    ("budgetbeheer", "", "Budgetbeheer", "klant"),
]


def vul(apps, schema_editor):
    Papiersoort = apps.get_model("papieren", "Papiersoort")
    Papiereis = apps.get_model("papieren", "Papiereis")
    soorten = {}
    for code, naam, uitleg, volgorde in SOORTEN:
        soorten[code], _ = Papiersoort.objects.get_or_create(
            code=code, defaults={"naam": naam, "uitleg": uitleg, "volgorde": volgorde}
        )
    for code, pakket, productsoort, aanleveraar in EISEN:
        Papiereis.objects.get_or_create(
            soort=soorten[code],
            pakket=pakket,
            productsoort=productsoort,
            defaults={"aanleveraar": aanleveraar},
        )


class Migration(migrations.Migration):
    dependencies = [("papieren", "0001_initial")]
    operations = [migrations.RunPython(vul, migrations.RunPython.noop)]
