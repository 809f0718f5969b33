"""The saneringsvoorstel: calculated by klantplan.sanering, stored with its input."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import transaction

from klantplan import sanering
from klantplan.models import (
    Schuldstatus,
    Voorstel,
    Voorstelsoort,
)
from klantplan.services.fouten import Geweigerd, Ongeldig
from klantplan.services.invoer import bedrag, keuze
from klantplan.services.toegang import controleer_toegang
from klantplan.services.vergrendelen import vergrendel_traject
from schuldhulp import audit, opmaak
from schuldhulp.models import Gebruiker
from trajecten.models import Traject


def berekende_aflosruimte(traject: Traject) -> int | None:
    """Income − VTLB from the current budget, or None (no budget, no norms, no income)."""
    from klantplan.huishouden import aflosruimte, budget

    huidig = budget.huidig(traject)
    if huidig is None:
        return None
    uitkomst = aflosruimte.bereken(traject, huidig).uitkomst
    return uitkomst.aflosruimte_cent if uitkomst is not None else None


@transaction.atomic
def bereken_voorstel(
    *,
    traject: Traject,
    door: Gebruiker,
    soort: str,
    aflosruimte_per_maand_cent: int | None = None,
    looptijd_maanden: int | None = sanering.STANDAARD_LOOPTIJD_MAANDEN,
    krediet_cent: int | None = None,
    preferent_factor: Decimal = sanering.STANDAARD_PREFERENT_FACTOR,
    reden_afwijking: str = "",
) -> Voorstel:
    """Share what the klant can pay among the creditors (klantplan.sanering) and store it.

    With a budget, the aflosruimte is computed (income − VTLB); another amount needs a
    reason, kept with the voorstel."""
    traject = vergrendel_traject(traject.pk)
    controleer_toegang(traject, door, "sanering.wijzigen")
    berekend = berekende_aflosruimte(traject)
    soort = keuze(soort, Voorstelsoort, veld="soort", bericht="Kies de soort voorstel.")
    try:
        factor = Decimal(preferent_factor)
    except (InvalidOperation, TypeError, ValueError) as exc:
        raise Ongeldig("De factor voor preferente schuldeisers is geen getal.") from exc
    if not factor.is_finite() or not Decimal(1) <= factor <= Decimal(10):
        raise Ongeldig(
            "De factor voor preferente schuldeisers ligt tussen 1 en 10 (meestal 2).",
            veld="preferent_factor",
        )
    factor = factor.quantize(Decimal("0.01"))
    schulden = list(
        traject.schulden.select_related("schuldeiser")
        .exclude(status=Schuldstatus.AFGEWEZEN)
        .filter(actueel_bedrag_cent__gt=0)
        .order_by("schuldeiser__naam", "pk")
    )
    if not schulden:
        raise Geweigerd(
            "Er staan geen openstaande schulden in het schuldenoverzicht. Vul eerst het "
            "schuldenoverzicht."
        )
    invoer = [
        {
            "sleutel": f"schuld-{s.pk}",
            "schuld_id": s.pk,
            "schuldeiser_id": s.schuldeiser_id,
            "schuldeiser": s.schuldeiser.naam,
            "kenmerk": s.kenmerk,
            "bedrag_cent": s.actueel_bedrag_cent,
            "preferent": s.schuldeiser.preferent,
        }
        for s in schulden
    ]
    vorderingen = [
        sanering.Vordering(r["sleutel"], r["bedrag_cent"], r["preferent"]) for r in invoer
    ]
    if soort == Voorstelsoort.SCHULDREGELING:
        if looptijd_maanden not in sanering.TOEGESTANE_LOOPTIJDEN_MAANDEN:
            raise Ongeldig(
                "De looptijd is 18 maanden. Alleen voor oudere regelingen geldt nog 36 maanden.",
                veld="looptijd_maanden",
            )
        aflosruimte = bedrag(
            aflosruimte_per_maand_cent, veld="aflosruimte", wat="De aflosruimte per maand"
        )
        try:
            resultaat = sanering.bereken_schuldregeling(
                vorderingen,
                aflosruimte_per_maand_cent=aflosruimte,
                looptijd_maanden=looptijd_maanden,
                preferent_factor=factor,
            )
        except sanering.OngeldigeInvoer as exc:
            raise Ongeldig(str(exc)) from exc
        if berekend is not None and aflosruimte != berekend and not reden_afwijking.strip():
            raise Ongeldig(
                "De aflosruimte wijkt af van wat het budget geeft "
                f"({opmaak.bedrag(berekend, centen=True)} per maand, inkomen min VTLB). Geef de "
                "reden van de afwijking.",
                veld="reden_afwijking",
            )
        velden = {
            "aflosruimte_per_maand_cent": aflosruimte,
            "looptijd_maanden": looptijd_maanden,
            "aflosruimte_berekend_cent": berekend,
            "reden_afwijking": reden_afwijking.strip() if aflosruimte != berekend else "",
        }
    else:
        krediet = bedrag(krediet_cent, veld="krediet", wat="Het bedrag van het krediet")
        try:
            resultaat = sanering.bereken_saneringskrediet(
                vorderingen, krediet_cent=krediet, preferent_factor=factor
            )
        except sanering.OngeldigeInvoer as exc:
            raise Ongeldig(str(exc)) from exc
        velden = {"krediet_cent": krediet}
    voorstel = Voorstel.objects.create(
        traject=traject,
        soort=soort,
        preferent_factor=factor,
        invoer=invoer,
        resultaat=resultaat.as_dict(),
        gemaakt_door=door,
        **velden,
    )
    audit.dossier_aangemaakt(request=None, obj=voorstel, gebruiker=door)
    return voorstel
