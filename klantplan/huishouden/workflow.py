"""Catalogue rows for the household of a traject (pure Python).

Who keeps the household's data is the package task "informatie verzamelen": in Basis the
gemeente makes the klantanalyse and gathers the financial information, in Ontzorging the
Stadsbank. Reading goes with the dossier.
"""

from __future__ import annotations

from schuldhulp.handelingen import Handeling, Wie, registreer
from schuldhulp.pakketten import Taak

registreer(
    [
        Handeling(
            naam="huishouden.wijzigen",
            knop="Huishouden wijzigen",
            uitleg="Partner en huisgenoten vastleggen (wie dat doet, volgt het pakket).",
            wie=Wie.PAKKET,
            taak=Taak.INFORMATIE_VERZAMELEN,
        ),
        Handeling(
            naam="budget.wijzigen",
            knop="Budget wijzigen",
            uitleg="Inkomsten en vaste lasten vastleggen (wie dat doet, volgt het pakket).",
            wie=Wie.PAKKET,
            taak=Taak.INFORMATIE_VERZAMELEN,
        ),
        Handeling(
            naam="huishouden.inzien", knop="Huishouden", open_traject=False, ook_gedeeld=True
        ),
    ]
)
