"""Every write of vroegsignalering. Views, the API, imports, tasks and commands call these.

One module per subject:
- ``toegang``: who may write on cases; the case and gemeente locks.
- ``klok``: the contact clock of a case (norm 'eerste contact binnen 2 weken').
- ``groepering``: grouping signals into cases and storing them.
- ``opslag``: bulk writes (COPY inserts, batch size).
- ``partners``: partner API tokens and signals delivered over the API.
- ``zaken``: case work (contact attempts, closing, turning into an aanmelding).
- ``batches``: uploaded CSV lists (check, preview, confirm, store, cancel).
- ``bewaartermijn``: retention (blanking personal data, dropping unconfirmed lists).

The names below are the public interface; import them from this package. Status changes
of cases and lists go through the django-fsm transitions in ``..workflow``.
"""

from trajecten.services import Geweigerd
from trajecten.vroegsignalering.services.batches import (
    MAX_BESTAND_BYTES,
    AlIngelezen,
    annuleer_batch,
    bevestig_batch,
    controleer_batch,
    upload_lijst,
    verwerk_batch,
)
from trajecten.vroegsignalering.services.bewaartermijn import (
    anonimiseer,
    anonimiseer_zaken_van_klant,
)
from trajecten.vroegsignalering.services.klok import (
    KLOKVELDEN,
    Normcontext,
    bereken_klok,
    ververs_klokken,
)
from trajecten.vroegsignalering.services.partners import (
    Ontvangst,
    maak_partner,
    ontvang_api_signaal,
    partner_voor_token,
    vernieuw_token,
    zet_token,
)
from trajecten.vroegsignalering.services.toegang import vereis_gemeente
from trajecten.vroegsignalering.services.zaken import (
    BsnElders,
    Klantgegevens,
    Omzetting,
    registreer_contactpoging,
    sluit_zaak,
    zet_om_naar_aanmelding,
)

__all__ = [
    "KLOKVELDEN",
    "MAX_BESTAND_BYTES",
    "AlIngelezen",
    "BsnElders",
    "Geweigerd",
    "Klantgegevens",
    "Normcontext",
    "Omzetting",
    "Ontvangst",
    "annuleer_batch",
    "anonimiseer",
    "anonimiseer_zaken_van_klant",
    "bereken_klok",
    "bevestig_batch",
    "controleer_batch",
    "maak_partner",
    "ontvang_api_signaal",
    "partner_voor_token",
    "registreer_contactpoging",
    "sluit_zaak",
    "upload_lijst",
    "vereis_gemeente",
    "vernieuw_token",
    "ververs_klokken",
    "verwerk_batch",
    "zet_om_naar_aanmelding",
    "zet_token",
]
