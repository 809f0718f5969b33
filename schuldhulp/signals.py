"""Signals for higher apps to react to core events without the core importing them."""

from django.dispatch import Signal

# Sent when a klant's personal data is erased at the end of the retention period
# (kwargs: klant_id). Apps that keep free text or documents about the klant erase theirs.
klant_geanonimiseerd = Signal()
