"""The papers for the court when the minnelijke regeling fails: the verzoek dwangakkoord
(art. 287a Fw) and the Wsnp-verzoek with the 285-verklaring (art. 285 lid 1 sub f Fw).

Both show the same creditor list (claim, offer, answer and its date, reason) and the share
agreeing by count and by amount (selectors.instemming over klantplan.schuldregeling.
aandelen: exact, rounded down). The repayment capacity is the aflosruimte of the chosen
saneringsvoorstel; the VTLB computation comes later (issue 15), so the papers say where the
number comes from.

The services (klantplan/schuldregeling/services/rechter.py) store the PDF as a klantplan
``Document``; this module only reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.text import slugify

from klantplan.documenten import contactpersoon
from klantplan.models import Documentsoort
from klantplan.sanering import Voorstel as Berekening
from klantplan.schuldregeling.models import Bericht, Onderhandeling, Regeling
from klantplan.schuldregeling.selectors import STEMT_IN, instemming
from klantplan.schuldregeling.workflow import (
    NIET_AKKOORD,
    Berichtsoort,
    Richting,
)
from schuldhulp.models import Gebruiker
from schuldhulp.opmaak import getal
from schuldhulp.pdf import render_to_pdf
from trajecten.models import Gebeurtenis, Gebeurtenissoort
from trajecten.workflow import Schuldregelingstatus

# The creditor's answer to the betaalvoorstel (or the heroverweging), as received.
ANTWOORDEN = (
    Berichtsoort.BETAALVOORSTEL_ANTWOORD,
    Berichtsoort.HEROVERWEGING_ANTWOORD,
    Berichtsoort.GEEN_MEDEWERKING,
)
TITELS = {
    Documentsoort.DWANGAKKOORD: "Verzoek tot vaststelling van een dwangakkoord (art. 287a Fw)",
    Documentsoort.WSNP_VERZOEK: "Verzoek tot toepassing van de schuldsaneringsregeling (Wsnp)",
}
SJABLONEN = {
    Documentsoort.DWANGAKKOORD: "schuldregeling/pdf/dwangakkoord.html",
    Documentsoort.WSNP_VERZOEK: "schuldregeling/pdf/wsnp.html",
}


@dataclass(frozen=True)
class Schuldeiserregel:
    """One creditor (claim) of the regeling as the court reads it."""

    naam: str
    kenmerk: str
    preferent: bool
    vordering_cent: int
    aanbod_cent: int | None
    percentage: str  # the offer as a share of the claim (from the voorstel), '25,71%'
    status: str  # the negotiation's state, as a label
    stemt_in: bool
    weigert: bool
    antwoord_op: date | None  # the day the answer came in (none: no reaction)
    reden: str


def onderhandelingen(regeling: Regeling) -> list[Onderhandeling]:
    """The negotiations with their creditor and their incoming answers (without the PDFs)."""
    antwoorden = Bericht.objects.filter(richting=Richting.IN, soort__in=ANTWOORDEN).only(
        "onderhandeling_id", "soort", "datum"
    )
    return list(
        regeling.onderhandelingen.select_related("schuld__schuldeiser").prefetch_related(
            Prefetch("berichten", queryset=antwoorden.order_by("datum", "pk"), to_attr="antwoorden")
        )
    )


def procent(waarde: Decimal | None, decimalen: int = 1) -> str:
    """'80,0%' (Dutch notation, independent of the active language)."""
    return "—" if waarde is None else f"{getal(waarde, decimalen)}%"


def regels(regeling: Regeling, rijen: list[Onderhandeling]) -> list[Schuldeiserregel]:
    per_schuld = {}
    if regeling.voorstel is not None:
        per_schuld = {a["sleutel"]: a for a in regeling.voorstel.resultaat["aandelen"]}
    uit = []
    for o in rijen:
        aandeel = per_schuld.get(f"schuld-{o.schuld_id}")
        antwoord = o.antwoorden[-1] if getattr(o, "antwoorden", None) else None
        uit.append(
            Schuldeiserregel(
                naam=o.schuld.schuldeiser.naam,
                kenmerk=o.kenmerk or o.schuld.kenmerk,
                preferent=bool(aandeel and aandeel["preferent"]),
                vordering_cent=o.schuld.actueel_bedrag_cent,
                aanbod_cent=o.aangeboden_cent,
                percentage=procent(Decimal(aandeel["percentage"]) if aandeel else None, 2),
                status=o.get_status_display(),
                stemt_in=o.status in STEMT_IN,
                weigert=o.status in NIET_AKKOORD,
                antwoord_op=antwoord.datum if antwoord else None,
                reden=o.afwijsreden,
            )
        )
    return uit


def _dwangakkoord_afgewezen(regeling: Regeling) -> Gebeurtenis | None:
    """The court's refusal of an earlier verzoek dwangakkoord on this product, if any."""
    return (
        Gebeurtenis.objects.filter(
            traject_id=regeling.traject_id,
            soort=Gebeurtenissoort.SCHULDREGELING,
            gegevens__product=regeling.product_id,
            gegevens__stap="dwangakkoord_afgewezen",
        )
        .order_by("-datum", "-pk")
        .first()
    )


def context(soort: Documentsoort, regeling: Regeling, door: Gebruiker) -> dict[str, Any]:
    traject = regeling.traject
    rijen = onderhandelingen(regeling)
    schuldeisers = regels(regeling, rijen)
    voorstel = regeling.voorstel
    stemmen = instemming(rijen)
    berekening = Berekening.from_dict(voorstel.resultaat) if voorstel else None
    return {
        "titel": TITELS[soort],
        "regeling": regeling,
        "traject": traject,
        "klant": traject.klant,
        "gemeente": traject.gemeente,
        "organisatie": traject.gemeente.organisatie.naam,
        "merk": traject.gemeente.organisatie.naam,
        "contact": contactpersoon(traject),
        "door": door,
        "vandaag": timezone.localdate(),
        "voorstel": voorstel,
        "berekening": berekening,
        "procent_concurrent": procent(berekening and berekening.concurrent_percentage, 2),
        "procent_preferent": procent(berekening and berekening.preferent_percentage, 2),
        "schuldeisers": schuldeisers,
        "weigeraars": [r for r in schuldeisers if r.weigert],
        "instemming": stemmen,
        "procent_aantal": procent(stemmen.procent_aantal),
        "procent_bedrag": procent(stemmen.procent_bedrag),
        "totaal_vordering_cent": sum(r.vordering_cent for r in schuldeisers),
        "totaal_aanbod_cent": sum(r.aanbod_cent or 0 for r in schuldeisers),
        "dwangakkoord_verzocht": (
            regeling.product.schuldregeling_status == Schuldregelingstatus.DWANGAKKOORD_VERZOCHT
        ),
        "dwangakkoord_afgewezen": _dwangakkoord_afgewezen(regeling),
    }


def maak_pdf(soort: Documentsoort, regeling: Regeling, door: Gebruiker) -> dict[str, Any]:
    """The bundle as PDF with its title and file name (for ``bewaar_document``)."""
    gegevens = context(soort, regeling, door)
    pdf = render_to_pdf(SJABLONEN[soort], gegevens, titel=gegevens["titel"])
    naam = slugify(f"{soort}-traject-{regeling.traject_id}-{timezone.localdate().isoformat()}")
    klant = regeling.traject.klant.volledige_naam
    return {
        "titel": f"{TITELS[soort]}: {klant}",
        "pdf": pdf,
        "bestandsnaam": f"{naam}.pdf",
        "voorstel": regeling.voorstel,
    }
