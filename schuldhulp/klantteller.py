"""How many klanten each gemeente has, kept as data (issue 21, ADR 0024).

The total above the klantenlijst was a COUNT over every klant of the user's gemeenten on
every request (an index-only scan that grows with the klanten). ``Klantteller`` holds delta
rows per gemeente, written by a statement trigger on ``schuldhulp_klant`` in the writing
transaction (also bulk writes, COPY of the generator, the DDAS import); the total is a sum
over a few rows. :func:`herstel` (step of the daily job) folds them to one row per gemeente
and recounts; a second run changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, transaction

from schuldhulp.tellertriggers import statementtriggers

_ECHT = "SELECT gemeente_id, count(*)::int FROM schuldhulp_klant GROUP BY 1"


def aantal(gemeenten: Iterable[int]) -> int:
    """The klanten of these gemeenten: one query over their counter rows."""
    ids = list(gemeenten)
    if not ids:
        return 0
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(aantal), 0) FROM schuldhulp_klantteller "
            "WHERE gemeente_id = ANY(%s)",
            [ids],
        )
        return int(cursor.fetchone()[0])


def herstel() -> dict[str, int]:
    """Fold the delta rows and recount; returns how many gemeenten were off."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("LOCK TABLE schuldhulp_klantteller IN SHARE ROW EXCLUSIVE MODE")
        cursor.execute(
            f"""
            WITH echt (gemeente_id, aantal) AS ({_ECHT}), bewaard AS (
                SELECT gemeente_id, sum(aantal)::int AS aantal
                FROM schuldhulp_klantteller GROUP BY 1
            )
            SELECT count(*) FROM echt FULL JOIN bewaard USING (gemeente_id)
            WHERE coalesce(echt.aantal, 0) <> coalesce(bewaard.aantal, 0)
            """
        )
        (scheef,) = cursor.fetchone()
        cursor.execute("DELETE FROM schuldhulp_klantteller")
        cursor.execute(f"INSERT INTO schuldhulp_klantteller (gemeente_id, aantal) {_ECHT}")
    return {"klanttellers_hersteld": scheef}


_INSERT = (
    "INSERT INTO schuldhulp_klantteller (gemeente_id, aantal) "
    "SELECT gemeente_id, sum(d) FROM ({delen}) AS v GROUP BY 1 HAVING sum(d) <> 0;"
)
_OUD = "SELECT gemeente_id, -1 AS d FROM oud"
_NIEUW = "SELECT gemeente_id, 1 AS d FROM nieuw"
TRIGGER_FUNCTIE = f"""
CREATE OR REPLACE FUNCTION schuldhulp_klantteller_bij() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {_INSERT.format(delen=_NIEUW)}
    ELSIF TG_OP = 'DELETE' THEN
        {_INSERT.format(delen=_OUD)}
    ELSE
        {_INSERT.format(delen=_OUD + " UNION ALL " + _NIEUW)}
    END IF;
    RETURN NULL;
END $$;
"""
TRIGGERS, TRIGGERS_WEG = statementtriggers(
    tabel="schuldhulp_klant", naam="klant_teller", functie="schuldhulp_klantteller_bij"
)
