"""The package task matrix of Klantreis '23 (docs/domein.md §2), in one place.

S = the Stadsbank does the task, G = the gemeente does it, O = optional: the
Dienstverleningsafspraak of the gemeente says who does it.
"""

from __future__ import annotations

from schuldhulp.keuzes import Keuzelijst


class Pakket(Keuzelijst):
    ONTZORGING = "ontzorging", "1 Ontzorging"
    HYBRIDE = "hybride", "2 Hybride"
    BASIS = "basis", "3 Basis"


class Partij(Keuzelijst):
    STADSBANK = "stadsbank", "Stadsbank"
    GEMEENTE = "gemeente", "Gemeente"

    @property
    def naam(self) -> str:
        """In a sentence: "de Stadsbank" (a name), "de gemeente" (a noun)."""
        return "Stadsbank" if self == Partij.STADSBANK else "gemeente"


class Toewijzing(Keuzelijst):
    STADSBANK = "S", "Stadsbank"
    OPTIONEEL = "O", "In overleg"
    GEMEENTE = "G", "Gemeente"


class Taak(Keuzelijst):
    KLANTREGISSEUR_OP_LOCATIE = (
        "klantregisseur_op_locatie",
        "Beschikbaarheid klantregisseur op locatie",
    )
    MONITORING = "monitoring", "Monitoring & signalering"
    AFSTEMMEN_GEMEENTE = "afstemmen_gemeente", "Afstemmen gemeente"
    KLANTPLAN = "klantplan", "(Financieel) klantplan"
    EXTRA_GESPREK = "extra_gesprek", "Extra gesprek"
    POST_SCREENEN = "post_screenen", "Post screenen, zicht op omvang en oorzaak"
    ACUTE_HULP = "acute_hulp", "Acute hulp"
    REGIE_OP_RESULTAAT = "regie_op_resultaat", "Regie op resultaat"
    INFORMATIE_VERZAMELEN = "informatie_verzamelen", "Informatie verzamelen"
    SCHULDENOVERZICHT = "schuldenoverzicht", "Schuldenoverzicht"
    WGS_BESCHIKKING = "wgs_beschikking", "Wgs-beschikking met plan op hoofdlijnen"
    OPMAAT_TOT_UITSTROOM = "opmaat_tot_uitstroom", "Opmaat tot uitstroom"
    EXITGESPREK = "exitgesprek", "Exitgesprek"


S, O, G = Toewijzing.STADSBANK, Toewijzing.OPTIONEEL, Toewijzing.GEMEENTE

# Rows: task; columns: Ontzorging, Hybride, Basis (exactly the table in docs/domein.md §2).
MATRIX: dict[Taak, dict[Pakket, Toewijzing]] = {
    taak: dict(zip(Pakket, waarden, strict=True))
    for taak, waarden in [
        (Taak.KLANTREGISSEUR_OP_LOCATIE, (S, S, S)),
        (Taak.MONITORING, (S, S, S)),
        (Taak.AFSTEMMEN_GEMEENTE, (S, S, S)),
        (Taak.KLANTPLAN, (S, S, S)),
        (Taak.EXTRA_GESPREK, (S, S, G)),
        (Taak.POST_SCREENEN, (S, S, G)),
        (Taak.ACUTE_HULP, (S, S, G)),
        (Taak.REGIE_OP_RESULTAAT, (S, S, G)),
        (Taak.INFORMATIE_VERZAMELEN, (S, O, G)),
        (Taak.SCHULDENOVERZICHT, (S, O, G)),
        (Taak.WGS_BESCHIKKING, (S, O, G)),
        (Taak.OPMAAT_TOT_UITSTROOM, (S, O, O)),
        (Taak.EXITGESPREK, (S, O, G)),
    ]
}

# Notes that change the wording of a task under a package.
TOELICHTING: dict[tuple[Taak, Pakket], str] = {
    (Taak.KLANTPLAN, Pakket.BASIS): "summier, productgericht",
}


def toewijzing(taak: Taak | str, pakket: Pakket | str) -> Toewijzing:
    return MATRIX[Taak(taak)][Pakket(pakket)]


def optionele_taken(pakket: Pakket | str) -> list[Taak]:
    """The tasks that the agreement must settle for this package (the O cells)."""
    return [taak for taak in Taak if MATRIX[taak][Pakket(pakket)] == Toewijzing.OPTIONEEL]


# An agreement may leave an O task to be settled per traject by the two parties.
PER_TRAJECT = "overleg"
KEUZES_OPTIONEEL = [
    (Partij.STADSBANK.value, "Stadsbank"),
    (Partij.GEMEENTE.value, "Gemeente"),
    (PER_TRAJECT, "Per traject in overleg"),
]


def uitvoerder(
    taak: Taak | str, pakket: Pakket | str, keuzes: dict[str, str] | None = None
) -> Partij | None:
    """Who does `taak` under `pakket`, given the agreement's choices for the O tasks.

    An O task that the agreement does not mention stays with the gemeente: the Stadsbank
    only does what was agreed. None: the agreement says "per traject in overleg" (the
    traject's own settlement decides, trajecten/pakket).
    """
    cel = toewijzing(taak, pakket)
    if cel == Toewijzing.STADSBANK:
        return Partij.STADSBANK
    if cel == Toewijzing.GEMEENTE:
        return Partij.GEMEENTE
    keuze = (keuzes or {}).get(Taak(taak).value, Partij.GEMEENTE)
    return None if keuze == PER_TRAJECT else Partij(keuze)
