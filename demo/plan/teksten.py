"""Klantplan text for demo and scale data: causes, questions, goals, actions."""

from __future__ import annotations

OORZAKEN = [
    "Baan verloren na een reorganisatie; de WW was lager dan de vaste lasten.",
    "Scheiding: de klant bleef achter met de gezamenlijke schulden.",
    "Langdurig ziek geweest; inkomen viel terug naar bijstandsniveau.",
    "Terugvordering van toeslagen door de Belastingdienst.",
    "Faillissement van de eigen onderneming (zzp).",
    "Kopen op afbetaling en achteraf betalen liep uit de hand.",
    "Overlijden van de partner; de administratie bleef liggen.",
]
HULPVRAGEN = [
    "Rust in het hoofd en weer overzicht over de post.",
    "Niet uit huis gezet worden en de huur weer kunnen betalen.",
    "Een regeling met de schuldeisers, zodat het ooit stopt.",
    "Leren om zelf de geldzaken bij te houden.",
    "Dat de deurwaarder niet meer aan de deur komt.",
]
DOELEN = [
    "De vaste lasten (huur, energie, zorgverzekering) worden elke maand betaald.",
    "Alle schulden staan in het schuldenoverzicht met een actueel saldo.",
    "De klant opent zelf de post en legt die elke week in de map.",
    "Er is een minnelijke schuldregeling met alle schuldeisers.",
    "De klant heeft een buffer van € 300 voor onverwachte uitgaven.",
    "De klant kan na afloop zelf het budget bijhouden.",
]
ACTIES: list[tuple[str, str, str]] = [
    # (actiesoort, wat, wie: '' = by the package matrix)
    ("klant", "Loonstroken van de laatste drie maanden inleveren.", "klant"),
    ("klant", "Alle ongeopende post meenemen naar het volgende gesprek.", "klant"),
    ("schuldenoverzicht", "Saldi opvragen bij alle schuldeisers.", ""),
    ("acute_hulp", "Verhuurder bellen over de huurachterstand en uitstel vragen.", ""),
    ("informatie_verzamelen", "Inkomen en vaste lasten op een rij zetten.", ""),
    ("afstemmen_gemeente", "Wijkteam vragen om hulp bij de opvoeding (ander leefgebied).", ""),
    ("product", "Budgetbeheerrekening openen en vaste lasten overzetten.", ""),
    ("klant", "Abonnementen opzeggen die niet nodig zijn.", "klant"),
]
LEEFGEBIEDEN = {
    "wonen": "Huurwoning; achterstand van twee maanden.",
    "werk_en_inkomen": "Parttime baan, aanvulling vanuit de Participatiewet.",
    "gezondheid": "Slaapt slecht door de zorgen over geld.",
    "administratie": "Post bleef ongeopend liggen; geen overzicht.",
}
