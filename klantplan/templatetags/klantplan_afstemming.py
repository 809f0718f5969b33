"""{% open_afstemmingen traject user %}: how many afstemmingen wait for the user's answer
(the traject page shows it with a link to the afstemming tab; _afstemming_open.html)."""

from __future__ import annotations

from django import template

from klantplan.models import Afstemming
from schuldhulp.permissions import mag
from trajecten.models import Traject
from trajecten.samenwerking.workflow import Afstemmingstatus

register = template.Library()


@register.simple_tag
def open_afstemmingen(traject: Traject, user) -> int:
    partij = getattr(user, "partij", None)
    if partij is None:
        return 0
    rijen = list(
        Afstemming.objects.filter(traject=traject, status=Afstemmingstatus.OPEN, aan=partij)
    )
    for a in rijen:
        a.traject = traject
    # The gate decides who answers (a reader of a shared dossier does not).
    return sum(1 for a in rijen if mag(user, "afstemming.beantwoorden", a) is None)
