"""The schuldeiserportaal: an expiring, single-use link per outgoing question (saldoverzoek,
betaalvoorstel, heroverweging). The URL carries a signed token naming the link's random
``sleutel``; the row says until when it holds and whether it was used.

TODO(helper portaal): reading a token, the answer pages, closing superseded links."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from klantplan.schuldregeling.models import Bericht, Portaallink

ZOUT = "schuldregeling.portaal"
GELDIG = timedelta(weeks=8)


def token(link: Portaallink) -> str:
    return signing.dumps(link.sleutel, salt=ZOUT)


def url(link: Portaallink) -> str:
    return settings.SCHULDHULP_BASIS_URL + reverse(
        "schuldregeling:portaal", kwargs={"token": token(link)}
    )


def maak_link(bericht: Bericht) -> Portaallink:
    return Portaallink.objects.create(
        bericht=bericht,
        onderhandeling=bericht.onderhandeling,
        sleutel=secrets.token_urlsafe(32),
        verloopt_op=timezone.now() + GELDIG,
    )
