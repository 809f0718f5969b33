"""Shared fixtures: users per role, gemeenten with agreements, a browser on Debian's Chromium."""

from __future__ import annotations

import os
import shutil

import pytest

from schuldhulp.models import Rol
from tests.bouwers import GebruikerFactory, KlantFactory, gemeente_met_afspraak
from tests.bouwers.celery import celery_app_op_redis  # noqa: F401 (fixture for the worker tests)
from tests.bouwers.leegmaken import testdatabase_mag_leeg  # noqa: F401 (flush past the log)

# Playwright's sync API runs an event loop in this thread; Django's ORM must still be usable.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(autouse=True)
def _tweestaps_alleen_waar_getest(request, settings):
    """2FA is on by default; tests about other things log in with one step. Tests marked
    `tweestaps` (tests/schuldhulp/test_tweestaps.py) prove the two-factor flow itself."""
    # The marker, not request.keywords: a keyword also matches a parametrize id "tweestaps".
    if request.node.get_closest_marker("tweestaps") is None:
        settings.SCHULDHULP_2FA_VERPLICHT = False


@pytest.fixture(autouse=True)
def _gezaaide_normen(request):
    """Transactional tests (browser, Celery) flush the database, which also removes the norms
    seeded by migration trajecten/0002; put them back for every test that uses the database."""
    marker = request.node.get_closest_marker("django_db")
    namen = set(request.fixturenames)
    if marker is None and not {"db", "transactional_db"} & namen:
        return
    transactioneel = "transactional_db" in namen or (marker and marker.kwargs.get("transaction"))
    request.getfixturevalue("transactional_db" if transactioneel else "db")
    from trajecten.models import Doorlooptijdnorm
    from trajecten.normenset import zaai_normen

    if not Doorlooptijdnorm.objects.exists():
        zaai_normen(Doorlooptijdnorm)
    from klantplan.huishouden.vtlb.models import Vtlbnorm
    from klantplan.huishouden.vtlb.normdata import zaai_vtlbnormen

    if not Vtlbnorm.objects.exists():
        zaai_vtlbnormen(Vtlbnorm)


@pytest.fixture
def normen(db) -> None:
    """The seeded norms, for a test that names them as a precondition (`_gezaaide_normen`
    already puts them back for every test that uses the database)."""
    from trajecten.models import Doorlooptijdnorm
    from trajecten.normenset import zaai_normen

    zaai_normen(Doorlooptijdnorm)


@pytest.fixture
def gemeente_a(db):
    return gemeente_met_afspraak("Almelo", "GM0141", "ontzorging")


@pytest.fixture
def gemeente_b(db):
    return gemeente_met_afspraak("Hengelo", "GM0164", "basis")


@pytest.fixture
def regisseur_a(gemeente_a):
    return GebruikerFactory(username="kr_a", rol=Rol.KLANTREGISSEUR, gemeenten=[gemeente_a])


@pytest.fixture
def consulent_a(gemeente_a):
    return GebruikerFactory(username="cons_a", rol=Rol.CONSULENT, gemeenten=[gemeente_a])


@pytest.fixture
def consulent_b(gemeente_b):
    return GebruikerFactory(username="cons_b", rol=Rol.CONSULENT, gemeenten=[gemeente_b])


@pytest.fixture
def contractmanager_a(gemeente_a):
    return GebruikerFactory(username="cm_a", rol=Rol.CONTRACTMANAGER, gemeenten=[gemeente_a])


@pytest.fixture
def beheerder(db):
    return GebruikerFactory(username="fb", rol=Rol.BEHEERDER, is_staff=True)


@pytest.fixture
def klant_a(gemeente_a):
    return KlantFactory(gemeente=gemeente_a)


@pytest.fixture
def klant_b(gemeente_b):
    return KlantFactory(gemeente=gemeente_b)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
        ],
    }
