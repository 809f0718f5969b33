"""The schuldeiserportaal: an expiring, single-use, signed link per outgoing question.

TODO(helper portaal)."""

from __future__ import annotations

from klantplan.schuldregeling.models import Bericht, Portaallink


def maak_link(bericht: Bericht) -> Portaallink:
    raise NotImplementedError
