"""The letters to creditors: a PDF per message type in plain language, stored on the message
with its checksum, and put in the day's print batch.

TODO(helper brieven): templates per Berichtsoort, the print batch."""

from __future__ import annotations

from klantplan.schuldregeling.models import Bericht


def maak_brief(bericht: Bericht) -> None:
    """Render and store the letter of `bericht` (an outgoing message)."""
    raise NotImplementedError
