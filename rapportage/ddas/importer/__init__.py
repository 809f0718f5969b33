"""DDAS v1.0 import: read a file, show per record what will happen, import after confirmation.

Three steps, each usable from the browser and from ``manage.py ddas_import``:

1. :func:`lees_bestand` (:mod:`.lezen`) checks size, encoding, JSON and the official schema.
2. :func:`analyseer` (:mod:`.analyse`, reading each record with :mod:`.velden`, :mod:`.fasen`
   and :mod:`.onderdelen`) turns every record into a plan with its problems and warnings.
   Nothing is written.
3. :func:`importeer` (:mod:`.schrijven`) writes the records without errors in one
   transaction; records that are already there are skipped.

Uploaded files are kept by :mod:`.opslag` (named by their sha256, removed after 30 days).
"""

from __future__ import annotations

from rapportage.ddas.importer.analyse import Record, Status, Voorbeeld, analyseer
from rapportage.ddas.importer.lezen import (
    MAX_BYTES,
    Bestand,
    Melding,
    OngeldigBestand,
    lees_bestand,
)
from rapportage.ddas.importer.opslag import bewaar, importmap, laad, ruim_op
from rapportage.ddas.importer.schrijven import Resultaat, importeer

# The module whose herbereken the import calls, reachable here for tests that patch it.
from trajecten import normbewaking

__all__ = [
    "MAX_BYTES",
    "Bestand",
    "Melding",
    "OngeldigBestand",
    "Record",
    "Resultaat",
    "Status",
    "Voorbeeld",
    "analyseer",
    "bewaar",
    "importeer",
    "importmap",
    "laad",
    "lees_bestand",
    "normbewaking",
    "ruim_op",
]
