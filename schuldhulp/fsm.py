"""django-fsm transition methods generated from the catalogue of handelingen."""

from __future__ import annotations

from django.db import models
from django_fsm import transition

from schuldhulp.handelingen import Handeling


def fsm_basis(
    naam: str, handelingen: list[Handeling], module: str = "trajecten.models"
) -> type[models.Model]:
    """An abstract model whose django-fsm transition methods are the catalogue's rows with a
    target state (trajecten/workflow.py): the journey is written down once. The methods only
    move the state; services call them after the gate (schuldhulp.permissions.mag) said yes
    and write the event rows."""

    def methode(h: Handeling):
        def stap(self) -> None:
            """Only the state moves here; the service writes the event row."""

        # "afspraak.vaststellen" → method vaststellen; traject rows have no prefix.
        stap.__name__ = stap.__qualname__ = h.naam.rsplit(".", 1)[-1]
        stap.__doc__ = h.uitleg or h.knop
        return transition(field=h.veld, source=list(h.bron), target=h.doel)(stap)

    leden = {h.naam.rsplit(".", 1)[-1]: methode(h) for h in handelingen}
    meta = type("Meta", (), {"abstract": True})
    return type(naam, (models.Model,), {"__module__": module, "Meta": meta, **leden})
