"""Every write of the klantplan app. Views, the CSV import and the documents call these.

All functions take keyword-only arguments, run in one transaction and refuse with a plain
Dutch message (:class:`Geweigerd`, or :class:`Ongeldig` naming the field). Who may write:
a klantregisseur or gemeente consulent who works for the traject's gemeente
(:mod:`klantplan.services.toegang`, the one access check).

One module per subject; this package re-exports the public functions, so callers keep
writing ``from klantplan import services`` and ``services.stel_vast(...)``.
"""

from klantplan.services.acties import (
    ACTIESOORT_TAAK,
    markeer_actie,
    standaard_wie,
    verwijder_actie,
    voeg_actie_toe,
    wijzig_actie,
)
from klantplan.services.bewaartermijn import GEANONIMISEERD, anonimiseer_klant
from klantplan.services.contact import (
    beantwoord_afstemming,
    handel_klacht_af,
    registreer_afstemming,
    registreer_gesprek,
    registreer_klacht,
)
from klantplan.services.documenten import bewaar_document, maak_document, verstuur_actielijst
from klantplan.services.fouten import Geweigerd, ImportGeweigerd, Ongeldig, Rijfout
from klantplan.services.invoer import MAX_TEKST, datum_nl
from klantplan.services.plan import (
    maak_klantplan,
    nieuwe_versie,
    registreer_monitoring,
    stel_vast,
    verwijder_doel,
    voeg_doel_toe,
    wijzig_doel,
    wijzig_klantplan,
    zet_doelstatus,
)
from klantplan.services.sanering import bereken_voorstel, berekende_aflosruimte
from klantplan.services.schulden import (
    Schuldgegevens,
    importeer_schulden,
    verwijder_schuld,
    voeg_schuld_toe,
    voeg_schuldeiser_toe,
    wijzig_schuld,
)

__all__ = [
    "ACTIESOORT_TAAK",
    "GEANONIMISEERD",
    "MAX_TEKST",
    "Geweigerd",
    "ImportGeweigerd",
    "Ongeldig",
    "Rijfout",
    "Schuldgegevens",
    "anonimiseer_klant",
    "beantwoord_afstemming",
    "bereken_voorstel",
    "berekende_aflosruimte",
    "bewaar_document",
    "datum_nl",
    "handel_klacht_af",
    "importeer_schulden",
    "maak_document",
    "maak_klantplan",
    "markeer_actie",
    "nieuwe_versie",
    "registreer_afstemming",
    "registreer_gesprek",
    "registreer_klacht",
    "registreer_monitoring",
    "standaard_wie",
    "stel_vast",
    "verstuur_actielijst",
    "verwijder_actie",
    "verwijder_doel",
    "verwijder_schuld",
    "voeg_actie_toe",
    "voeg_doel_toe",
    "voeg_schuld_toe",
    "voeg_schuldeiser_toe",
    "wijzig_actie",
    "wijzig_doel",
    "wijzig_klantplan",
    "wijzig_schuld",
    "zet_doelstatus",
]
