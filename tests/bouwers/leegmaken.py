"""Transactional tests empty the test database with one TRUNCATE of all tables (Django's
flush). The verwerkingenlog refuses TRUNCATE (migration schuldhulp/0015, ADR 0013) unless the
transaction-local setting below is on: the flush of a test database turns it on first."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db.backends.postgresql.operations import DatabaseOperations

INSTELLING = "SELECT set_config('schuldhulp.testdatabase_leegmaken', 'aan', true);"


@pytest.fixture(scope="session", autouse=True)
def testdatabase_mag_leeg() -> Iterator[None]:
    origineel = DatabaseOperations.sql_flush

    def sql_flush(self: DatabaseOperations, *args: Any, **kwargs: Any) -> list[str]:
        opdrachten = origineel(self, *args, **kwargs)
        return [INSTELLING, *opdrachten] if opdrachten else opdrachten

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(DatabaseOperations, "sql_flush", sql_flush)
        yield
