"""How the klantplan services refuse: plain Dutch messages, per field where possible."""

from __future__ import annotations

from dataclasses import dataclass

from trajecten.services import Geweigerd


class Ongeldig(Geweigerd):
    """Bad input for one field; ``veld`` names the form field the message belongs to."""

    def __init__(self, bericht: str, *, veld: str | None = None) -> None:
        super().__init__(bericht)
        self.veld = veld


@dataclass
class Rijfout:
    rij: int
    berichten: list[str]


class ImportGeweigerd(Geweigerd):
    """The CSV import found errors: nothing was stored."""

    def __init__(self, fouten: list[Rijfout]) -> None:
        self.fouten = fouten
        aantal = len(fouten)
        super().__init__(
            f"Er {'is' if aantal == 1 else 'zijn'} {aantal} "
            f"{'rij' if aantal == 1 else 'rijen'} met fouten. Er is niets opgeslagen."
        )
