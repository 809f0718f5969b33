"""The world of tests/bouwers/wereld.py (two gemeenten with one object of every kind) for the
security tests of this folder: module-scoped fixtures ``wereld`` and ``sessies``."""

from tests.bouwers.wereld import sessies, wereld  # noqa: F401 (fixtures)
