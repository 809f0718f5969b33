"""COPY for bulk rows: dict rows into a model's table, and id blocks taken in advance.

Shared with the benchmarks (``bench/normjob.py``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.db import models
from django.utils import timezone


def _kolommen(model: type[models.Model], voorbeeld: dict) -> list[tuple[str, Callable]]:
    """(column, value getter) per concrete field: the row's value, else the field's
    default (a callable default is called per row, auto_now(_add) is now)."""
    nu = timezone.now()
    uit: list[tuple[str, Callable]] = []
    for veld in model._meta.concrete_fields:
        if veld.generated:
            continue  # PostgreSQL computes it (Signaalzaak.klokvolgorde, ADR 0024)
        naam = veld.attname
        json_veld = veld.get_internal_type() == "JSONField"
        if naam in voorbeeld:
            if json_veld:
                uit.append((veld.column, lambda r, n=naam: _json(r[n])))
            else:
                uit.append((veld.column, lambda r, n=naam: r[n]))
            continue
        if veld.primary_key:
            continue  # the sequence gives the id
        if getattr(veld, "auto_now", False) or getattr(veld, "auto_now_add", False):
            uit.append((veld.column, lambda r, w=nu: w))
        elif veld.has_default() and callable(veld.default):
            uit.append(
                (
                    veld.column,
                    lambda r, v=veld, j=json_veld: _json(v.default()) if j else v.default(),
                )
            )
        elif veld.has_default():
            waarde = _json(veld.default) if json_veld else veld.default
            uit.append((veld.column, lambda r, w=waarde: w))
        elif veld.null:
            uit.append((veld.column, lambda r: None))
        else:
            uit.append((veld.column, lambda r: ""))
    return uit


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
    kolommen = _kolommen(model, eerste)
    namen = ", ".join(f'"{kolom}"' for kolom, _ in kolommen)
    getters = [getter for _, getter in kolommen]
    aantal = 0
    with cursor.copy(f'COPY "{model._meta.db_table}" ({namen}) FROM STDIN') as copy:
        for rij in _met_eerste(eerste, rijen):
            copy.write_row([g(rij) for g in getters])
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
