"""The group "Functioneel beheer": what a beheerder may do in /beheer/ (Django admin).

Defined here, in code, and kept in step after every ``migrate`` (post_migrate, see
``SchuldhulpConfig.ready``), so production, the demo and the tests give the same rights. A
beheerder configures; he never sees a dossier: no klanten, no vroegsignaalzaken, no rights on
guardian's dossier permissions, reports only to look at.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

BEHEERGROEP = "Functioneel beheer"

# Whole apps: configuration (gemeenten, gebruikers, normen, feestdagen, afnemers).
APPS = ("schuldhulp", "trajecten", "ddas_api")
NIET = ("klant", "klantgebruikerpermissie")  # dossier data and per-dossier rights
# Single models of other apps: (app_label, model, actions).
ALLE = ("view", "add", "change", "delete")
MODELLEN: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("vroegsignalering", "signaalpartner", ALLE),
    ("rapportage", "instellingen", ALLE),
    ("rapportage", "besparing", ALLE),
    ("rapportage", "uitvoeringskosten", ALLE),
    ("rapportage", "kwartaalrapportage", ("view",)),  # made by the service, never changed
    ("huishouden", "vtlbnorm", ALLE),  # VTLB norm amounts per half year
    # The periodic jobs are the code's (schuldhulp/celery.py): the beheerder sees when they
    # run, changing or deleting one is the ops team's, not configuration (issue 20, point 8).
    *(
        ("django_celery_beat", model, ("view",))
        for model in (
            "periodictask",
            "crontabschedule",
            "intervalschedule",
            "clockedschedule",
            "solarschedule",
        )
    ),
    ("papieren", "papiersoort", ALLE),  # the list of papers a traject needs
    ("papieren", "papiereis", ALLE),
)


def beheerrechten() -> Any:
    """The permissions of the group (a queryset)."""
    losse = Q(pk__in=[])
    for app, model, acties in MODELLEN:
        losse |= Q(
            content_type__app_label=app,
            content_type__model=model,
            codename__in=[f"{actie}_{model}" for actie in acties],
        )
    per_app = Q(content_type__app_label__in=APPS) & ~Q(content_type__model__in=NIET)
    return Permission.objects.filter(per_app | losse)


def zorg_voor_beheergroep(**_: Any) -> Group:
    """Create the group or put its rights back to what this module says."""
    groep, _nieuw = Group.objects.get_or_create(name=BEHEERGROEP)
    groep.permissions.set(beheerrechten())
    return groep
