"""The statement triggers that keep a counter table in step with its source table (the
werkvoorraad, klant and vroegsignaal counters: ADR 0018, 0024). One shape for all three:
after INSERT, UPDATE and DELETE, with the transition tables ``nieuw`` and ``oud``."""

from __future__ import annotations


def statementtriggers(*, tabel: str, naam: str, functie: str) -> tuple[str, str]:
    """SQL to create the three triggers on `tabel` calling `functie`, and SQL to drop them
    (and the function)."""
    maken = f"""
CREATE TRIGGER {naam}_ins AFTER INSERT ON {tabel}
    REFERENCING NEW TABLE AS nieuw
    FOR EACH STATEMENT EXECUTE FUNCTION {functie}();
CREATE TRIGGER {naam}_upd AFTER UPDATE ON {tabel}
    REFERENCING OLD TABLE AS oud NEW TABLE AS nieuw
    FOR EACH STATEMENT EXECUTE FUNCTION {functie}();
CREATE TRIGGER {naam}_del AFTER DELETE ON {tabel}
    REFERENCING OLD TABLE AS oud
    FOR EACH STATEMENT EXECUTE FUNCTION {functie}();
"""
    weg = f"""
DROP TRIGGER IF EXISTS {naam}_ins ON {tabel};
DROP TRIGGER IF EXISTS {naam}_upd ON {tabel};
DROP TRIGGER IF EXISTS {naam}_del ON {tabel};
DROP FUNCTION IF EXISTS {functie}();
"""
    return maken, weg
