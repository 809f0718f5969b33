"""Pages over a stable order (the primary key): page n is rows (n-1)·size … n·size-1 of that
order. Rows added during a fetch get higher keys and land on the last page; earlier pages do
not shift (ADR 0010)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from rapportage.ddas.api import fouten


@dataclass(frozen=True)
class Pagina:
    nummer: int
    grootte: int
    totaal: int

    @property
    def aantal(self) -> int:
        return max(1, -(-self.totaal // self.grootte))

    def als_json(self) -> dict[str, Any]:
        """The yaml's ``Paginering`` object."""
        return {
            "pageSize": self.grootte,
            "currentPage": self.nummer,
            "totalPages": self.aantal,
            "totalRecords": self.totaal,
        }


def pagineer(qs: QuerySet, *, nummer: int, grootte: int) -> tuple[list[int], Pagina]:
    """The primary keys of page `nummer` of `qs` (ordered by pk here) and the page."""
    pagina = Pagina(nummer=nummer, grootte=grootte, totaal=qs.count())
    if nummer > pagina.aantal:
        aantal = "is 1 pagina" if pagina.aantal == 1 else f"zijn {pagina.aantal} pagina's"
        raise fouten.onverwerkbaar(f"Pagina {nummer} bestaat niet: er {aantal}.")
    begin = (nummer - 1) * grootte
    pks = list(qs.order_by("pk").values_list("pk", flat=True)[begin : begin + grootte])
    return pks, pagina
