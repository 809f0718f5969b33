"""Traject page part 'mail' of the collaboration block (trajecten.samenwerking.paneel):
e-mail about this traject that could not be sent, so a failure is never silent."""

from __future__ import annotations

from trajecten.models import Traject
from trajecten.samenwerking.mail import korte_reden
from trajecten.samenwerking.models import Emailbericht, Mailstatus
from trajecten.samenwerking.paneel import Deel
from trajecten.views.knoppen import Actie


def _ontvanger(bericht: Emailbericht) -> str:
    gebruiker = bericht.gebruiker
    if gebruiker is None:  # someone without an account (a creditor of the schuldregeling)
        return bericht.aan
    rol = gebruiker.get_rol_display().lower() if gebruiker.rol else ""
    naam = gebruiker.get_full_name() or gebruiker.username
    return f"{naam} ({rol})" if rol else naam


def deel(traject: Traject, user, gebonden: Actie | None = None) -> Deel:
    mislukt = (
        Emailbericht.objects.filter(trajecten=traject, status=Mailstatus.MISLUKT)
        .select_related("gebruiker")
        .order_by("-aangemaakt_op", "-pk")
    )
    return Deel(
        {
            "mislukt": [
                {
                    "ontvanger": _ontvanger(b),
                    "onderwerp": b.onderwerp,
                    "op": b.aangemaakt_op,
                    "reden": korte_reden(b.fout),
                }
                for b in mislukt
            ]
        }
    )
