"""DDAS v1.0 export: the trajecten of one or more gemeenten over a period, as the official JSON.

The file is made as a stream (issue 21, punt 4; ADR 0025): the trajecten are read in blocks
(a server-side cursor, their relations prefetched per block), each becomes a record
(``record.py``), is checked against the official schema on its own and written, and nothing
of it is kept. So a year of a large Stadsbank costs the memory of one block, not of the whole
file. The file around the records (dates, organisations, contact person) is checked before
the first byte: when that fails nothing is offered. A traject whose record fails is reported
(which traject, which path, a Dutch message) and left out. The bytes are exactly those of
``json.dumps(document, ensure_ascii=False, indent=2)`` of the whole document.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from rapportage.ddas import mapping
from rapportage.ddas.record import (
    aanleverende_organisatie,
    code_gegevensleverancier,
    euro,
    met_relaties,
    omschrijf,
    traject_record,
    trajecten_in_periode,
)
from schuldhulp.models import Gebruiker, Gemeente, Organisatie
from trajecten.models import Traject

__all__ = [
    "BLOK",
    "Export",
    "Probleem",
    "Stroom",
    "code_gegevensleverancier",
    "euro",
    "maak_export",
    "traject_record",
    "trajecten_in_periode",
]

# Trajecten per block: one fetch of the cursor and one query per prefetched relation. 500
# keeps a block at a few MB and the number of round trips small (docs/schaal.md, punt 4).
BLOK = 500
# The stream hands the web server pieces of about this size, not one per record.
STUK = 64 * 1024
# The records of levering i sit at this depth in the document (indent 2).
_INSPRONG = " " * 8
_PLEK = "@@ddas-records-{}@@"


@dataclass(frozen=True)
class Probleem:
    """One schema failure: where it is and what is wrong, in Dutch."""

    traject_id: int | None
    omschrijving: str
    pad: str
    melding: str

    def __str__(self) -> str:
        return f"{self.omschrijving}: {self.pad} – {self.melding}"


class Stroom:
    """One DDAS file, made while it is read.

    Iterate over the object for the bytes of the file (only when :attr:`aanbiedbaar`), or call
    :meth:`controleer` to learn the count and the problems without keeping anything. Both
    read the trajecten once; afterwards :attr:`aantal_trajecten` and :attr:`uitgesloten`
    hold the outcome.
    """

    def __init__(
        self,
        *,
        gemeenten: list[Gemeente],
        van: date,
        tot: date,
        basis: QuerySet[Traject] | None = None,
        contactpersoon: Gebruiker | None = None,
        nu: datetime | None = None,
        blok: int = BLOK,
    ) -> None:
        """`basis` is where the trajecten come from: a view passes
        ``filter_for_user(user, Traject.objects.all())``; a command run by the operator
        passes nothing (all trajecten)."""
        self.gemeenten, self.van, self.tot, self.blok = gemeenten, van, tot, blok
        self.basis = basis if basis is not None else Traject.objects.all()
        self.contactpersoon = contactpersoon
        self.nu = (nu or timezone.now()).astimezone(UTC).replace(microsecond=0)
        self.organisaties: list[Organisatie] = sorted(
            {g.organisatie_id: g.organisatie for g in gemeenten}.values(), key=lambda o: o.naam
        )
        self.aantal_trajecten = 0
        self.uitgesloten: list[Probleem] = []
        self.fouten = [
            Probleem(None, "Bestand", mapping.pad_tekst(f.pad), f.melding)
            for f in mapping.schemafouten(self.document_zonder_records())
        ]

    @property
    def aanbiedbaar(self) -> bool:
        """Only a file whose part around the records validated may be offered; the records
        are checked one by one as they are written."""
        return not self.fouten

    @property
    def aantal_uitgesloten(self) -> int:
        return len({p.traject_id for p in self.uitgesloten})

    def document_zonder_records(self) -> dict[str, Any]:
        """The document with an empty list of records in every levering (a new dict)."""
        return {
            "startdatumLevering": self.van.isoformat(),
            "einddatumLevering": self.tot.isoformat(),
            "aanleverdatumEnTijd": self.nu.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "codeGegevensleverancier": code_gegevensleverancier(),
            "leveringen": [
                {
                    "teller": i + 1,
                    "aanleverende_organisatie": aanleverende_organisatie(
                        organisatie, self.contactpersoon
                    ),
                    "schuldhulptrajecten": [],
                }
                for i, organisatie in enumerate(self.organisaties)
            ],
        }

    def selectie(self) -> QuerySet[Traject]:
        """Every traject of the file (before the schema check), for a count."""
        return trajecten_in_periode(
            self.basis.filter(gemeente__in=self.gemeenten), van=self.van, tot=self.tot
        )

    def _trajecten(self, organisatie: Organisatie) -> Iterator[Traject]:
        eigen = [g for g in self.gemeenten if g.organisatie_id == organisatie.pk]
        qs = trajecten_in_periode(self.basis.filter(gemeente__in=eigen), van=self.van, tot=self.tot)
        qs = met_relaties(qs).order_by("gemeente__code", "aanmelddatum", "klant__bsn", "pk")
        # A server-side cursor: `blok` rows at a time, relations prefetched per block.
        return qs.iterator(chunk_size=self.blok)

    def records(self) -> Iterator[tuple[int, dict[str, Any]]]:
        """(levering index, record) for every traject whose record validates, in file order.
        A record that fails is counted in :attr:`uitgesloten` and not yielded."""
        self.aantal_trajecten, self.uitgesloten = 0, []
        for i, organisatie in enumerate(self.organisaties):
            for traject in self._trajecten(organisatie):
                record = traject_record(traject, tot=self.tot)
                fouten = mapping.recordfouten(record)
                if fouten:
                    naam = omschrijf(traject)
                    self.uitgesloten.extend(
                        Probleem(traject.pk, naam, mapping.pad_tekst(f.pad), f.melding)
                        for f in fouten
                    )
                    continue
                self.aantal_trajecten += 1
                yield i, record

    def controleer(self) -> Stroom:
        """Read every traject once for the count and the problems; keep nothing."""
        for _ in self.records():
            pass
        return self

    def __iter__(self) -> Iterator[bytes]:
        """The file in pieces of about :data:`STUK` bytes."""
        if not self.aanbiedbaar:
            raise ValueError("Het bestand voldoet niet aan het DDAS-schema.")
        kop = self.document_zonder_records()
        for i, levering in enumerate(kop["leveringen"]):
            levering["schuldhulptrajecten"] = _PLEK.format(i)
        tekst = json.dumps(kop, ensure_ascii=False, indent=2)
        # The text between the records: [before levering 0's list, between 0 and 1, …, after].
        delen: list[str] = []
        for i in range(len(self.organisaties)):
            voor, tekst = tekst.split(json.dumps(_PLEK.format(i)), 1)
            delen.append(voor)
        delen.append(tekst)

        buffer: list[str] = [delen[0]]
        grootte = len(delen[0])
        huidige, in_lijst = 0, False

        def sluit_lijst() -> str:
            return "\n      ]" if in_lijst else "[]"

        for i, record in self.records():
            while huidige < i:  # levering(en) before this one are complete
                buffer.append(sluit_lijst() + delen[huidige + 1])
                huidige, in_lijst = huidige + 1, False
            rij = json.dumps(record, ensure_ascii=False, indent=2)
            regels = rij.replace("\n", "\n" + _INSPRONG)  # no string holds a raw newline
            stuk = (",\n" if in_lijst else "[\n") + _INSPRONG + regels
            in_lijst = True
            buffer.append(stuk)
            grootte += len(stuk)
            if grootte >= STUK:
                yield "".join(buffer).encode("utf-8")
                buffer, grootte = [], 0
        while huidige < len(self.organisaties):
            buffer.append(sluit_lijst() + delen[huidige + 1])
            huidige, in_lijst = huidige + 1, False
        yield "".join(buffer).encode("utf-8")


@dataclass
class Export:
    """The whole document in memory: for the API's pages and for tests. A full year goes
    through :class:`Stroom` instead."""

    document: dict[str, Any]
    aantal_trajecten: int
    uitgesloten: list[Probleem] = field(default_factory=list)
    fouten: list[Probleem] = field(default_factory=list)

    @property
    def aanbiedbaar(self) -> bool:
        """Only a document that validated completely may be offered."""
        return not self.fouten

    @property
    def aantal_uitgesloten(self) -> int:
        return len({p.traject_id for p in self.uitgesloten})

    def als_json(self) -> bytes:
        return json.dumps(self.document, ensure_ascii=False, indent=2).encode("utf-8")


def maak_export(**opties: Any) -> Export:
    """The DDAS document for `gemeenten` over [van, tot], validated, as one dict (the
    arguments of :class:`Stroom`). The same records, in the same order, as the stream."""
    stroom = Stroom(**opties)
    document = stroom.document_zonder_records()
    for i, record in stroom.records():
        document["leveringen"][i]["schuldhulptrajecten"].append(record)
    return Export(
        document=document,
        aantal_trajecten=stroom.aantal_trajecten,
        uitgesloten=stroom.uitgesloten,
        fouten=stroom.fouten,
    )
