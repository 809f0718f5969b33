"""The demo's Mijn Schuldhulp (issue 16): the Almelo household of demo.verhaal.huishouden logs
in with the mock DigiD as the partner (BSN ``PARTNER_BSN``): a traject in stabilisatie, a
vastgesteld budget ('Zo ziet uw maand eruit'), actions for the klant from an adviesgesprek, and
an unanswered message that is work on the regisseur's werkvoorraad."""

from __future__ import annotations

from datetime import date, timedelta

from demo.plan import INTERNE_NOTITIE
from demo.verhaal.huishouden import PARTNER_BSN, REGISSEUR
from klantplan.models import Actiesoort, Gesprekssoort, Wie
from klantplan.portaal import services as portaal
from klantplan.portaal.models import Bericht
from klantplan.services.acties import voeg_actie_toe
from klantplan.services.contact import registreer_gesprek
from schuldhulp.models import Gebruiker, Klant
from trajecten.models import Traject

# (tekst voor de klant, dagen tot de deadline, interne notitie: never shown to the klant)
ACTIES = [
    ("Stuur de bankafschriften van de laatste drie maanden.", 7, INTERNE_NOTITIE),
    ("Bel de woningcorporatie over een betalingsregeling voor de huur.", 10, ""),
    ("Open alle post en leg brieven van schuldeisers apart.", 14, ""),
]


def speel_portaal(vandaag: date) -> dict[str, int]:
    partner = Klant.objects.filter(bsn=PARTNER_BSN).first()
    traject = Traject.objects.filter(huishouden__partner=partner).first() if partner else None
    if traject is None or Bericht.objects.filter(traject=traject).exists():
        return {"portaalklanten": 0}
    regisseur = Gebruiker.objects.get(username=REGISSEUR)
    gesprek = registreer_gesprek(
        traject=traject,
        door=regisseur,
        soort=Gesprekssoort.ADVIESGESPREK,
        datum=vandaag - timedelta(days=2),
        deelnemers="Klant, partner en klantregisseur",
        samenvatting="Afspraken gemaakt over de post en de vaste lasten.",
    )
    for klanttekst, dagen, notitie in ACTIES:
        voeg_actie_toe(
            door=regisseur,
            soort=Actiesoort.KLANT,
            klanttekst=klanttekst,
            wat=notitie,
            wie=Wie.KLANT,
            deadline=vandaag + timedelta(days=dagen),
            gesprek_id=gesprek.pk,
        )
    portaal.stuur_bericht(
        traject_id=traject.pk,
        klant=partner,
        tekst="Moet ik de afschriften van de spaarrekening ook sturen?",
    )
    portaal.beantwoord(
        traject_id=traject.pk,
        door=traject.behandelaar or regisseur,
        tekst="Ja, graag. Stuur ze mee als foto bij Uw papieren.",
    )
    portaal.stuur_bericht(
        traject_id=traject.pk,
        klant=partner,
        tekst="Ik heb een brief van de deurwaarder gekregen. Wat moet ik doen?",
    )
    return {"portaalklanten": 1}
