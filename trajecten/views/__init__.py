"""Screens of the client journey: werkvoorraad, traject detail with its actions, aanmelden,
signaleringen. Thin: reads via trajecten.selectors, writes via trajecten.services, and every
action is a catalogue row the gate (schuldhulp.permissions.mag) allows."""

from trajecten.views.aanmelden import aanmelden
from trajecten.views.detail import traject_detail
from trajecten.views.stappen import (
    traject_crisis_af,
    traject_crisis_start,
    traject_klok_hervatten,
    traject_klok_opschorten,
    traject_moratorium,
    traject_overgang,
    traject_product_einde,
    traject_product_start,
    traject_schuldregeling,
)
from trajecten.views.werkvoorraad import (
    signalering_gelezen,
    signaleringen,
    signaleringen_gelezen,
    werkvoorraad,
)

__all__ = [
    "aanmelden",
    "signalering_gelezen",
    "signaleringen",
    "signaleringen_gelezen",
    "traject_crisis_af",
    "traject_crisis_start",
    "traject_detail",
    "traject_klok_hervatten",
    "traject_klok_opschorten",
    "traject_moratorium",
    "traject_overgang",
    "traject_product_einde",
    "traject_product_start",
    "traject_schuldregeling",
    "werkvoorraad",
]
