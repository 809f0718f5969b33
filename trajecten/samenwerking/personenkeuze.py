"""A choice of the person of one party on a traject: one of a list, or explicitly nobody
("niemand"). Used by the traject page, the aanmelding and the team lead's screen."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms

from schuldhulp.models import Gebruiker
from schuldhulp.pakketten import Partij
from trajecten.samenwerking.personen import FUNCTIE

NIEMAND = "niemand"


class PersoonKeuze(forms.ChoiceField):
    """A person of a list, or explicitly nobody ("niemand"); the value is the Gebruiker or
    None. The list is fixed when the form is made (no query when it validates)."""

    def __init__(
        self,
        *,
        kandidaten: Iterable[Gebruiker] = (),
        niemand: str = "",
        leeg: str = "Kies een medewerker",
        **kw,
    ):
        super().__init__(**kw)
        self.personen = {str(g.pk): g for g in kandidaten}
        keuzes = [("", leeg)]
        keuzes += [(pk, str(g)) for pk, g in self.personen.items()]
        if niemand:
            keuzes.append((NIEMAND, niemand))
        self.choices = keuzes

    def clean(self, value: Any) -> Gebruiker | str | None:
        waarde = super().clean(value)
        if waarde in ("", None):
            return ""  # not chosen (only with required=False)
        return None if waarde == NIEMAND else self.personen[waarde]


def persoon_keuze(
    partij: Partij | str,
    kandidaten: Iterable[Gebruiker],
    *,
    label: str,
    required: bool = True,
    niemand: str = "",
    leeg: str = "Kies een medewerker",
    hint: str = "",
) -> PersoonKeuze:
    return PersoonKeuze(
        kandidaten=kandidaten,
        niemand=niemand,
        leeg=leeg,
        label=label,
        required=required,
        help_text=hint,
        error_messages={
            "required": f"Kies de {FUNCTIE[Partij(partij)]}.",
            "invalid_choice": f"Kies als {FUNCTIE[Partij(partij)]} iemand uit de lijst.",
        },
    )
