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
        # A new version by hand, e.g. after a correction in the dossiers (issue 19): a new
        # version beside the old one, never an overwrite (ADR 0022, 0029). The beat job makes
        # the monthly one without anyone; by hand, the same roles that read them.
        Handeling(
            naam="specificatie.maken",
            knop="Specificatie maken",
            onderwerp=Onderwerp.GEMEENTE,
            rollen=frozenset({CONTRACTMANAGER, BEHEERDER}),
            rolreden="Alleen contractmanagers en functioneel beheerders maken een specificatie.",
        ),
    ]
}
registreer(FACTURATIE_HANDELINGEN.values())
