"""Catalogue rows of invoicing on realisation (pure Python; read by the one gate)."""

from __future__ import annotations

from schuldhulp.handelingen import BEHEERDER, CONTRACTMANAGER, Handeling, Onderwerp, registreer

FACTURATIE_HANDELINGEN: dict[str, Handeling] = {
    h.naam: h
    for h in [
        # The monthly specificatie: what the gemeente pays for, counts and amounts only.
        Handeling(
            naam="specificatie.inzien",
            knop="Specificaties",
            onderwerp=Onderwerp.GEMEENTE,
            rollen=frozenset({CONTRACTMANAGER, BEHEERDER}),
            rolreden="Alleen contractmanagers en functioneel beheerders zien de maandelijkse "
            "specificaties.",
        ),
    ]
}
registreer(FACTURATIE_HANDELINGEN.values())
