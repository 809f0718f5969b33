"""Financiële rust as a checklist: what the dossier shows for each of its three points.

The Heusden request defines financiële rust as "de schulden groeien niet meer, de vaste lasten
worden maandelijks betaald en de schuldeisers weten dat de klant in de schuldhulp zit". The step
(``bereik_financiele_rust``, catalogue row with ``controlelijst``) asks the worker to confirm each
point. Where the dossier holds evidence it is shown next to the point; where it doesn't, the
worker explains what the point rests on. One rule, used by the form and by the service.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from klantplan.huishouden.budget import maand
from klantplan.huishouden.models import Budgetstatus
from klantplan.models import Schuld
from klantplan.schuldregeling.models import Bericht
from klantplan.schuldregeling.workflow import Berichtsoort, Richting
from schuldhulp.handelingen import Handeling
from schuldhulp.opmaak import bedrag, datum_lang
from trajecten.models import Traject

MIN_TOELICHTING = 10  # characters: "zie verslag" is not an explanation


@dataclass(frozen=True)
class Bewijs:
    aanwezig: bool
    tekst: str  # what the dossier shows, in the worker's words


def _budget(traject: Traject):
    return (
        traject.budgetten.filter(status=Budgetstatus.VASTGESTELD)
        .prefetch_related("posten")
        .order_by("-versie")
        .first()
    )


def _lopend_moratorium(traject: Traject, peildatum: date):
    # In Python over .all(): the traject page has the moratoria and crises prefetched.
    lopend = [
        m
        for m in traject.moratoria.all()
        if m.startdatum and m.startdatum <= peildatum and (m.einddatum or peildatum) >= peildatum
    ]
    return max(lopend, key=lambda m: m.startdatum, default=None)


def _vaste_lasten(budget) -> Bewijs:
    if budget is None:
        return Bewijs(False, "Er is nog geen vastgesteld budget.")
    m = maand(budget)
    inkomsten, lasten = bedrag(m.totaal_in, centen=True), bedrag(m.totaal_uit, centen=True)
    stand = (
        f"Budget vastgesteld op {datum_lang(budget.vastgesteld_op)}: inkomsten {inkomsten}, "
        f"vaste lasten {lasten} per maand"
    )
    if m.tekort:
        return Bewijs(False, f"{stand}; er is een tekort van {bedrag(m.tekort, centen=True)}.")
    return Bewijs(True, f"{stand}: de vaste lasten kunnen betaald worden.")


def _groei(traject: Traject, budget, peildatum: date) -> Bewijs:
    if moratorium := _lopend_moratorium(traject, peildatum):
        return Bewijs(True, f"Het moratorium loopt sinds {datum_lang(moratorium.startdatum)}.")
    if any(c.einddatum is None for c in traject.crisisinterventies.all()):
        return Bewijs(False, "Er loopt nog een crisisinterventie.")
    if budget is not None and not maand(budget).tekort:
        return Bewijs(True, "Het vastgestelde budget sluit en er loopt geen crisisinterventie.")
    return Bewijs(False, "Er loopt geen moratorium en er is geen sluitend budget.")


def _schuldeisers(traject: Traject) -> Bewijs:
    schuldeisers = set(
        Schuld.objects.filter(traject=traject).values_list("schuldeiser_id", flat=True)
    )
    if not schuldeisers:
        return Bewijs(False, "Het schuldenoverzicht heeft nog geen schuldeisers.")
    ingelicht = set(
        Bericht.objects.filter(
            traject=traject, soort=Berichtsoort.KENNISGEVING, richting=Richting.UIT
        ).values_list("onderhandeling__schuld__schuldeiser_id", flat=True)
    )
    n, k = len(schuldeisers), len(schuldeisers & ingelicht)
    tekst = f"{k} van de {n} schuldeisers hebben een kennisgeving gekregen."
    return Bewijs(k == n, tekst)


def bewijs(traject: Traject, peildatum: date) -> dict[str, Bewijs]:
    """Per point of FINANCIELE_RUST_PUNTEN what the dossier shows on `peildatum`."""
    budget = _budget(traject)
    return {
        "groei_gestopt": _groei(traject, budget, peildatum),
        "vaste_lasten": _vaste_lasten(budget),
        "schuldeisers_weten": _schuldeisers(traject),
    }


def fouten(
    handeling: Handeling, gezien: Mapping[str, Bewijs], antwoorden: Mapping[str, str]
) -> dict[str, str]:
    """Per point what is wrong with the answers (point key → Dutch message); empty: all good.
    `antwoorden`: the confirmed points with their explanation ('' when none)."""
    resultaat = {}
    for sleutel, uitspraak in handeling.controlelijst:
        if sleutel not in antwoorden:
            resultaat[sleutel] = f"Vink dit aan als het klopt: {uitspraak}"
        elif not gezien[sleutel].aanwezig and len(antwoorden[sleutel].strip()) < MIN_TOELICHTING:
            resultaat[sleutel] = (
                "Het dossier laat dit niet zien. Leg in de toelichting uit waaruit het blijkt."
            )
    return resultaat


def vastleggen(
    handeling: Handeling, gezien: Mapping[str, Bewijs], antwoorden: Mapping[str, str]
) -> list[dict[str, str]]:
    """What the event row keeps: per point the statement, the evidence and the explanation."""
    return [
        {
            "punt": sleutel,
            "uitspraak": uitspraak,
            "bewijs": gezien[sleutel].tekst,
            "toelichting": antwoorden[sleutel].strip(),
        }
        for sleutel, uitspraak in handeling.controlelijst
    ]


def controleer(
    handeling: Handeling, traject: Traject, peildatum: date, antwoorden: Mapping[str, str]
) -> dict:
    """The service's check (under the traject lock): refused unless every point holds; the
    event row's data otherwise."""
    from trajecten.services import Geweigerd

    gezien = bewijs(traject, peildatum)
    if fout := fouten(handeling, gezien, antwoorden):
        raise Geweigerd(" ".join(dict.fromkeys(fout.values())))
    return {"controlelijst": vastleggen(handeling, gezien, antwoorden)}
