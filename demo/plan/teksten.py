"""Klantplan text for demo and scale data: causes, questions, goals, actions.

The lists are the team's own notes (alleen intern); VOOR_DE_KLANT gives the text the klant
reads in documents and on Mijn Schuldhulp (ADR 0027). The notes are written as a worker
writes them, so a test can prove they never reach the klant: see INTERNE_NOTITIE.
"""

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

# A note that must never reach a client document: an afspraak of the demo's Mijn Schuldhulp
# klant carries it (demo/verhaal/portaal.py); tests look for it in the PDF and portal text.
INTERNE_NOTITIE = "Faillissement van haar man; zij staat nog voor zijn zakelijke schulden garant."

# Internal text -> the same in words for the klant (B1, addressed to the klant).
VOOR_DE_KLANT: dict[str, str] = {
    HULPVRAGEN[0]: "U wilt weer rust en overzicht. U wilt weten welke post belangrijk is.",
    HULPVRAGEN[1]: "U wilt in uw huis blijven wonen. U wilt de huur weer kunnen betalen.",
    HULPVRAGEN[2]: "U wilt een regeling met de mensen aan wie u geld moet.",
    HULPVRAGEN[3]: "U wilt leren om zelf uw geldzaken bij te houden.",
    HULPVRAGEN[4]: "U wilt dat de deurwaarder niet meer komt.",
    DOELEN[0]: "U betaalt elke maand de huur, de energie en de zorgverzekering.",
    DOELEN[1]: "We weten van al uw schulden hoe hoog ze nu zijn.",
    DOELEN[2]: "U opent zelf de post. U legt die elke week in de map.",
    DOELEN[3]: "Er is een regeling met al uw schuldeisers.",
    DOELEN[4]: "U heeft € 300 apart gezet voor als er iets stuk gaat.",
    DOELEN[5]: "U houdt na afloop zelf uw geld bij.",
    **{
        wat: klant
        for (_, wat, _), klant in zip(
            ACTIES,
            [
                "Lever uw loonstroken van de laatste drie maanden in.",
                "Neem alle post die nog dicht is mee naar het volgende gesprek.",
                "We vragen bij al uw schuldeisers op hoeveel u nog moet betalen.",
                "We bellen uw verhuurder over de achterstand en vragen om uitstel.",
                "We zetten uw inkomen en vaste lasten op een rij.",
                "We vragen het wijkteam om hulp bij de opvoeding.",
                "We openen een rekening voor budgetbeheer en zetten uw vaste lasten daarop.",
                "Zeg de abonnementen op die u niet nodig heeft.",
            ],
            strict=True,
        )
    },
}
SITUATIE_VOOR_DE_KLANT = (
    "U woont in een huurwoning. U heeft een achterstand in de huur. U werkt een paar dagen "
    "per week en krijgt daarnaast een uitkering. Door de zorgen slaapt u slecht. De post "
    "bleef liggen. Daarom helpen we u eerst met overzicht."
)
