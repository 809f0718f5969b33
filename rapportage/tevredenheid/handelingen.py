"""Catalogue row of the survey at uitstroom (pure Python; read by the one gate).

The klant fills it in without logging in: the link is the right, as the creditor's link to
the schuldeiserportaal is. The party is ``schuldhulp.extern.Extern`` with the role *klant*
and a reach of exactly one invitation (services.partij); the row's checks say whether that
invitation still opens the survey (not used, not expired).
"""

from __future__ import annotations

from typing import Any

from schuldhulp.handelingen import KLANT, Handeling, Onderwerp, registreer


def _niet_ingevuld(uitnodiging: Any) -> str | None:
    if uitnodiging.ingevuld_op is not None:
        return "U hebt deze vragenlijst al ingevuld."
    return None


def _niet_verlopen(uitnodiging: Any) -> str | None:
    from django.utils import timezone  # this module stays importable without Django set up

    if uitnodiging.verloopt_op <= timezone.now():
        return "Deze link is verlopen."
    return None


registreer(
    [
        Handeling(
            naam="tevredenheid.invullen",
            knop="Versturen",
            onderwerp=Onderwerp.TRAJECT,
            rollen=frozenset({KLANT}),
            rolreden="Alleen de klant met de link uit de brief vult deze vragenlijst in.",
            open_traject=False,  # it is about a traject that has ended
            vereist=(_niet_ingevuld, _niet_verlopen),
        ),
    ]
)
