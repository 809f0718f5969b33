"""Moved to tests/bouwers (the one set of test builders). Kept as a re-export for modules
that other engineers are editing now; import from tests.bouwers instead."""

from tests.bouwers import (  # noqa: F401
    PAD,
    PAKKETTEN,
    Omgeving,
    aanmelden,
    beschikbaar,
    dagen,
    momentopname,
    omgeving,
    stap,
    traject_in,
    uitvoerder,
    vandaag,
)
from tests.bouwers.fabrieken import O_TAKEN  # noqa: F401
