"""The demo story: about 300 trajecten over the past 15 months, in every phase.

For the gemeenten where the demo users work, every step is recorded through the services a
user would use (``trajecten.services``, ``klantplan.services``, vroegsignalering), by the user
the package matrix gives the task to (Almelo: Ontzorging, the klantregisseur does everything;
Hengelo: Basis, the consulent takes the gemeente's tasks; Enschede: Hybride). Steps in the
past carry a reason for the back-dating, as the services demand. Trajecten in gemeenten
without a demo user who may do a step are written as rows by ``demo.schaal``
(the same journeys and the same clock arithmetic as ``herbereken``).

Oldenzaal then switches from Ontzorging to Hybride per phase, with two maatwerk cases
(:mod:`.pakketwissel`). Then the daily norm watch runs, so the werkvoorraad shows what is
overdue and what threatens today, vroegsignalen come in (some with contact attempts, some
turned into an aanmelding) and the contractmanager finds the reports of the last quarter.

Run once: a second run finds the trajecten of its first gemeente and adds nothing. Past
steps carry ``DEMO_REDEN`` while the story is written and are then registered on their own
date (:mod:`.tijdlijn`), so the timeline does not say "Later vastgelegd" on every step.

- :mod:`.mix`: where the story plays and the phase mix; :mod:`.medewerkers`: who records what;
- :mod:`.afspelen`: a journey through the services; :mod:`.dossier`: the dossier around it;
- :mod:`.signalen`: signaleringen and vroegsignalen; :mod:`.pakketwissel`: Oldenzaal;
  :mod:`.samenwerking`: Enschede, a warme overdracht and an afstemming waiting for an answer;
  :mod:`.schuldregeling`: Almelo, schuldregelingen with the creditors.
"""

from __future__ import annotations

import logging
import random
from datetime import date

from django.db import transaction
from django.utils import timezone
from faker import Faker

from demo import plan
from demo.schaal import schrijf_trajecten, zorg_voor_schuldeisers
from demo.verhaal.afspelen import (
    DEMO_REDEN,
    Opgenomen,
    contactpersoon,
    nieuwe_klant,
    recidive,
    speel_af,
)
from demo.verhaal.dossier import dossier, klachten
from demo.verhaal.huishouden import speel_huishouden
from demo.verhaal.medewerkers import Medewerkers
from demo.verhaal.mix import VERHAAL, fasen, wachttijd
from demo.verhaal.pakketwissel import speel_pakketwissel
from demo.verhaal.portaal import speel_portaal
from demo.verhaal.samenwerking import speel_samenwerking
from demo.verhaal.schuldregeling import speel_schuldregeling
from demo.verhaal.signalen import ruim_signaleringen_op, vroegsignalen
from demo.verhaal.tevredenheid import speel_tevredenheid
from demo.verhaal.tijdlijn import vastgelegd_op_eigen_datum
from demo.verhaal.volume import vul_almelo_aan
from rapportage import services as rapportage_services
from rapportage.kwartalen import Kwartaal
from rapportage.models import Kwartaalrapportage
from schuldhulp.models import Gebruiker, Gemeente, Klant, Rol
from schuldhulp.services import afspraak_op
from trajecten import normbewaking
from trajecten.models import Traject

__all__ = ["DEMO_REDEN", "maak_verhaal"]


def maak_verhaal(*, seed: int = 2026, vandaag: date | None = None) -> dict[str, int]:
    """Trajecten, klantplannen, schulden, signaleringen, vroegsignalen and reports."""
    # Once: the story's first gemeente has trajecten (its events lose DEMO_REDEN at the end).
    if Traject.objects.filter(gemeente__code=VERHAAL[0][0]).exists():
        return {"nieuwe_trajecten": 0}
    vandaag = vandaag or timezone.localdate()
    rng = random.Random(seed + 1)
    nep = Faker("nl_NL")
    nep.seed_instance(seed + 1)
    medewerkers = Medewerkers()
    schuldeisers = zorg_voor_schuldeisers()
    gemeenten = {g.code: g for g in Gemeente.objects.filter(code__in=[c for c, _ in VERHAAL])}
    opgenomen: list[Opgenomen] = []
    als_rijen: list[tuple[plan.Reis, Klant]] = []

    def met_dossier(traject: Traject, reis: plan.Reis) -> None:
        """The dossier, written while the traject is still open (before its uitstroom)."""
        o = Opgenomen(traject, reis, contactpersoon(traject))
        dossier(rng, o, vandaag, schuldeisers, medewerkers)

    with transaction.atomic():
        for code, aantal in VERHAAL:
            gemeente = gemeenten[code]
            for n, fase in enumerate(fasen(aantal)):
                reis = plan.reis_in_fase(rng, fase=fase, vandaag=vandaag, dagen=wachttijd(fase, n))
                klant = nieuwe_klant(rng, nep, gemeente)
                afspraak = afspraak_op(gemeente=gemeente, datum=reis.aanmelddatum)
                if all(
                    medewerkers.voor_stap(s, afspraak, gemeente.pk) for s in reis.stappen
                ) and medewerkers.iemand(gemeente.pk):
                    traject = speel_af(
                        reis,
                        klant,
                        afspraak,
                        medewerkers,
                        vandaag,
                        voor_uitstroom=lambda t, reis=reis: met_dossier(t, reis),
                    )
                    opgenomen.append(Opgenomen(traject, reis, contactpersoon(traject)))
                else:
                    als_rijen.append((reis, klant))
        _schrijf_als_rijen(als_rijen, vandaag, seed)
        recidive(rng, opgenomen, medewerkers, vandaag, met_dossier)
        klachten(opgenomen, vandaag)  # a klacht may come after uitstroom
        # After every traject exists: the switch moves the running ones of Oldenzaal.
        wissel = speel_pakketwissel(vandaag)
        samen = speel_samenwerking()
        regelingen = speel_schuldregeling(vandaag)
        huishoudens = speel_huishouden(vandaag)
        signalen = ruim_signaleringen_op(vandaag)
        portaalklanten = speel_portaal(vandaag)  # after: its message is new today
        uitkomst = normbewaking.dagelijkse_normbewaking(vandaag=vandaag)
        zaken = vroegsignalen(rng, nep, medewerkers, vandaag)
        almelo = vul_almelo_aan(vandaag=vandaag, seed=seed, reden=DEMO_REDEN)
        vastgelegd_op_eigen_datum(DEMO_REDEN)  # no "Later vastgelegd" on every step
    # After the commit: the invitations are made then (on_commit of each uitstroom).
    tevredenheid = speel_tevredenheid(vandaag, seed)
    rapporten = _rapportages(vandaag)
    return {
        "nieuwe_trajecten": len(opgenomen) + len(als_rijen) + almelo,
        "almelo_als_rijen": almelo,
        "via_services": len(opgenomen),
        "als_rijen": len(als_rijen),
        "signaleringen": signalen + uitkomst["signaleringen"],
        "vroegsignalen_bewerkt": zaken,
        **wissel,
        **samen,
        **regelingen,
        **huishoudens,
        **portaalklanten,
        **tevredenheid,
        "rapportages": rapporten,
    }


def _schrijf_als_rijen(reizen: list[tuple[plan.Reis, Klant]], vandaag: date, seed: int) -> None:
    """Journeys without a demo user for every step: rows, as the scale generator writes."""
    schrijf_trajecten(reizen, vandaag=vandaag, seed=seed, reden=DEMO_REDEN)


# --------------------------------------------------------------------------- reports


def _rapportages(vandaag: date) -> int:
    """The last quarter's report for the contractmanager's gemeenten (PDF included)."""
    kwartaal = Kwartaal.van_datum(vandaag).vorige()
    logging.getLogger("weasyprint").setLevel(logging.WARNING)  # no page-by-page progress
    contractmanager = Gebruiker.objects.filter(rol=Rol.CONTRACTMANAGER).order_by("pk").first()
    gemaakt = 0
    for gemeente in Gemeente.objects.filter(code__in=["GM0141", "GM0164"]).order_by("code"):
        if Kwartaalrapportage.objects.filter(
            gemeente=gemeente, jaar=kwartaal.jaar, kwartaal=kwartaal.nummer
        ).exists():
            continue
        aanvraag = rapportage_services.vraag_aan(
            gemeente=gemeente, kwartaal=kwartaal, door=contractmanager, in_wachtrij=False
        )
        rapportage_services.maak(rapportage_id=aanvraag.pk)
        gemaakt += 1
    return gemaakt
