"""The one place where tests build data. Import the common builders from here:

- fabrieken: factory_boy factories, `gemeente_met_afspraak`, `medewerker`, PAKKETTEN;
- omgeving: `omgeving(pakket)`: a gemeente, a user per role and another gemeente;
- trajecten: a traject in any phase THROUGH trajecten.services (`traject_in`, `naar_fase`,
  `aanmelding`, `overgang`, ...), so every event row and clock is there.

Special-purpose builders live in their own modules (import them from there):
ddas (DDAS files and dated trajecten), klantplan (schuldeisers), rijen (hand-made report
rows with exact dates, not through the services), signalen (vroegsignalering signals and CSV
lists), wereld (gemeente A and B with one object of every kind, for the security tests),
url_tabel (the expected answer per URL and role) and browser (Playwright helpers).
"""

from tests.bouwers.fabrieken import (
    O_TAKEN,
    PAKKETTEN,
    WACHTWOORD,
    AfspraakFactory,
    GebruikerFactory,
    GemeenteFactory,
    KlantFactory,
    OrganisatieFactory,
    gemeente_met_afspraak,
    medewerker,
)
from tests.bouwers.omgeving import Omgeving, beschikbaar, omgeving, uitvoerder
from tests.bouwers.trajecten import (
    PAD,
    aanmelden,
    aanmelding,
    dagen,
    maak_traject,
    momentopname,
    naar_fase,
    overgang,
    probeer,
    stap,
    toegelaten_traject,
    traject_in,
    vandaag,
)

__all__ = [
    "O_TAKEN",
    "PAD",
    "PAKKETTEN",
    "WACHTWOORD",
    "AfspraakFactory",
    "GebruikerFactory",
    "GemeenteFactory",
    "KlantFactory",
    "Omgeving",
    "OrganisatieFactory",
    "aanmelden",
    "aanmelding",
    "beschikbaar",
    "dagen",
    "gemeente_met_afspraak",
    "maak_traject",
    "medewerker",
    "momentopname",
    "naar_fase",
    "omgeving",
    "overgang",
    "probeer",
    "stap",
    "toegelaten_traject",
    "traject_in",
    "uitvoerder",
    "vandaag",
]
