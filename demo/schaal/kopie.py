"""COPY for bulk rows: dict rows into a model's table, and id blocks taken in advance.

Shared with the benchmarks (``bench/normjob.py``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from operator import itemgetter
from typing import Any

from django.db import models
from django.utils import timezone


def _kolommen(model: type[models.Model], voorbeeld: dict) -> tuple[list[str], Callable]:
    """The columns to COPY and a function from a dict row to its values in that order.

    A column the row has is read from it (a JSON field is serialised); otherwise the field's
    default (a callable default is called per row, auto_now(_add) is now). The columns are
    ordered by kind so that a row is one ``itemgetter`` call plus a few extras: at a million
    trajecten ~40 million values pass here, and a lambda per value cost more than the COPY."""
    nu = timezone.now()
    gelezen: list[str] = []  # (column) read from the row as is
    sleutels: list[str] = []
    json_gelezen: list[tuple[str, str]] = []  # (column, key) read and serialised
    vast: list[tuple[str, Any]] = []  # (column, value) the same for every row
    per_rij: list[tuple[str, Callable[[], Any]]] = []  # (column, callable default)
    for veld in model._meta.concrete_fields:
        if veld.generated:
            continue  # PostgreSQL computes it (Signaalzaak.klokvolgorde, ADR 0024)
        naam = veld.attname
        json_veld = veld.get_internal_type() == "JSONField"
        if naam in voorbeeld:
            if json_veld:
                json_gelezen.append((veld.column, naam))
            else:
                gelezen.append(veld.column)
                sleutels.append(naam)
            continue
        if veld.primary_key:
            continue  # the sequence gives the id
        if getattr(veld, "auto_now", False) or getattr(veld, "auto_now_add", False):
            vast.append((veld.column, nu))
        elif veld.has_default() and callable(veld.default):
            standaard = veld.default
            per_rij.append(
                (veld.column, (lambda v=standaard: _json(v())) if json_veld else standaard)
            )
        elif veld.has_default():
            vast.append((veld.column, _json(veld.default) if json_veld else veld.default))
        elif veld.null:
            vast.append((veld.column, None))
        else:
            vast.append((veld.column, ""))
    kolommen = gelezen + [k for k, _ in json_gelezen] + [k for k, _ in vast]
    kolommen += [k for k, _ in per_rij]
    lees = itemgetter(*sleutels) if len(sleutels) > 1 else None
    een = sleutels[0] if len(sleutels) == 1 else None
    json_sleutels = [n for _, n in json_gelezen]
    vaste = tuple(w for _, w in vast)
    functies = [f for _, f in per_rij]

    def waarden(rij: dict) -> tuple:
        deel = lees(rij) if lees else ((rij[een],) if een is not None else ())
        if json_sleutels:
            deel += tuple(_json(rij[n]) for n in json_sleutels)
        deel += vaste
        if functies:
            deel += tuple(f() for f in functies)
        return deel

    return kolommen, waarden


def _json(waarde: Any) -> str | None:
    return None if waarde is None else json.dumps(waarde, ensure_ascii=False)


def kopieer(cursor, model: type[models.Model], rijen: Iterable[dict]) -> int:
    """COPY dict rows into `model`'s table (psycopg 3 ``cursor.copy``). Columns a row leaves
    out get the field's default, so fields that other apps add later do not break the
    generator or the benchmarks. `cursor` is a raw psycopg cursor
    (``connection.cursor().connection.cursor()``). Returns the number of rows."""
    rijen = iter(rijen)
    eerste = next(rijen, None)
    if eerste is None:
        return 0
    kolommen, waarden = _kolommen(model, eerste)
    namen = ", ".join(f'"{kolom}"' for kolom in kolommen)
    aantal = 0
    with cursor.copy(f'COPY "{model._meta.db_table}" ({namen}) FROM STDIN') as copy:
        schrijf = copy.write_row
        for rij in _met_eerste(eerste, rijen):
            schrijf(waarden(rij))
            aantal += 1
    return aantal


def _met_eerste(eerste: dict, rest: Iterator[dict]) -> Iterator[dict]:
    yield eerste
    yield from rest


def reserveer_ids(cursor, model: type[models.Model], aantal: int) -> int:
    """Take `aantal` ids from the table's sequence at once; returns the first. Rows can then
    refer to each other before they are written (no other writer may use the table
    meanwhile: this is for a bench database)."""
    tabel = model._meta.db_table
    cursor.execute(f"SELECT nextval(pg_get_serial_sequence('{tabel}', 'id'))")
    eerste = cursor.fetchone()[0]
    if aantal > 1:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{tabel}', 'id'), %s)", [eerste + aantal - 1]
        )
    return eerste
