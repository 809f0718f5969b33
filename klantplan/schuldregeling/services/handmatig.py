"""What the klantregisseur does by hand on the overview that is not one plain message: the
first letters to a creditor in one go, "geen reactie" after the term ran out, and the check
that the page a user acted on is still the current one (``Regeling.versie``)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction

from klantplan.schuldregeling.models import Bericht, Onderhandeling
from klantplan.schuldregeling.services.antwoorden import tekst
from klantplan.schuldregeling.services.kern import Door, onder_onderhandeling, onder_regeling, stap
from klantplan.schuldregeling.services.versturen import verstuur
from klantplan.schuldregeling.workflow import Kanaal, Onderhandelingstatus, Richting
from trajecten.services import Geweigerd

TOELICHTING_MAX = 2000


def controleer_versie(regeling_id: int, door: Door, versie: int | None) -> None:
    """Lock the traject and refuse when the regeling changed since the user's page was made
    (every step of a creditor raises ``Regeling.versie``). Call inside the write's
    transaction, before the write."""
    if versie is None:
        raise Geweigerd(
            "Het formulier is niet compleet verstuurd. Laad de pagina opnieuw en probeer het "
            "nog eens."
        )
    onder_regeling(regeling_id, "sr.inzien", door, versie)


@transaction.atomic
def verstuur_kennisgeving_en_saldoverzoek(
    *, onderhandeling_ids: Iterable[int], door: Door, datum: date
) -> list[Bericht]:
    """The opening letters: a creditor not yet written to gets the kennisgeving and then the
    saldoverzoek; one already notified (or silent before) only the saldoverzoek. All or
    nothing."""
    ids = sorted(set(onderhandeling_ids))
    nieuw = list(
        Onderhandeling.objects.filter(pk__in=ids, status=Onderhandelingstatus.NIEUW).values_list(
            "pk", flat=True
        )
    )
    berichten = []
    if nieuw:
        berichten += verstuur(
            onderhandeling_ids=nieuw, handeling="sr.kennisgeving", door=door, datum=datum
        )
    berichten += verstuur(
        onderhandeling_ids=ids, handeling="sr.saldoverzoek", door=door, datum=datum
    )
    return berichten


@transaction.atomic
def leg_geen_reactie_vast(
    *, onderhandeling_id: int, door: Door, datum: date, toelichting: str = ""
) -> None:
    """The term and the reminders ran out without an answer (by hand; the reminder job does
    the same as the system). No message: nothing came in."""
    traject, o = onder_onderhandeling(onderhandeling_id, "sr.geen_reactie", door)
    toelichting = tekst(toelichting, "de toelichting", maximum=TOELICHTING_MAX)
    stap(
        traject=traject,
        onderhandeling=o,
        handeling="sr.geen_reactie",
        door=door,
        datum=datum,
        soort=None,
        richting=Richting.IN,
        kanaal=Kanaal.BRIEF,
        toelichting=toelichting,
    )
    o.termijn_tot = None
    o.save(update_fields=["termijn_tot"])
