"""Opening a schuldregeling on a product, and choosing the saneringsvoorstel its
betaalvoorstellen rest on."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from klantplan.models import Schuldstatus, Voorstel, Voorstelsoort
from klantplan.schuldregeling.models import Onderhandeling, Regeling
from klantplan.schuldregeling.services.kern import Door, onder_regeling
from trajecten.models import Product
from trajecten.services import Geweigerd, _leg_vast, _onder_traject
from trajecten.workflow import Productsoort

SOORT_VAN_PRODUCT = {
    Productsoort.SCHULDBEMIDDELING: Voorstelsoort.SCHULDREGELING,
    Productsoort.SANERINGSKREDIET: Voorstelsoort.SANERINGSKREDIET,
}


def reden_niet_openen(product: Product) -> str | None:
    """Why no regeling can be opened on `product` (after the gate): the page asks the same."""
    if product.soort not in SOORT_VAN_PRODUCT:
        return "Een schuldregeling hoort bij schuldbemiddeling of een saneringskrediet."
    if product.einddatum is not None:
        return "Dit product is beëindigd."
    if Regeling.objects.filter(product=product).exists():
        return "Voor dit product is de schuldregeling al geopend."
    if not product.traject.schulden.exclude(status=Schuldstatus.AFGEWEZEN).exists():
        return "Er staan geen schulden in het schuldenoverzicht. Vul dat eerst."
    return None


@transaction.atomic
def open_regeling(*, product_id: int, door: Door, datum: date, peildatum: date) -> Regeling:
    """One negotiation per debt of the schuldenoverzicht (a rejected debt excepted)."""
    traject, product = _onder_traject(
        Product, product_id, "Dit product bestaat niet.", "sr.regeling_openen", door
    )
    if reden := reden_niet_openen(product):
        raise Geweigerd(reden)
    if peildatum > datum:
        raise Geweigerd("De peildatum ligt in de toekomst.")
    regeling = Regeling.objects.create(
        product=product,
        traject=traject,
        soort=SOORT_VAN_PRODUCT[Productsoort(product.soort)],
        peildatum=peildatum,
    )
    schulden = traject.schulden.exclude(status=Schuldstatus.AFGEWEZEN).order_by("pk")
    Onderhandeling.objects.bulk_create(
        Onderhandeling(regeling=regeling, traject=traject, schuld=s) for s in schulden
    )
    _leg_vast(
        traject,
        "sr.regeling_openen",
        door=door,
        datum=datum,
        regeling=regeling.pk,
        product=product.pk,
        schuldeisers=schulden.count(),
    )
    return regeling


@transaction.atomic
def kies_voorstel(
    *, regeling_id: int, voorstel_id: int, door: Door, datum: date, versie: int | None = None
) -> Regeling:
    """The offer to each creditor is its share in `voorstel` (klantplan.sanering): every
    creditor of the regeling must be in it, with the amount it now claims."""
    traject, regeling = onder_regeling(regeling_id, "sr.voorstel_kiezen", door, versie)
    voorstel = Voorstel.objects.filter(pk=voorstel_id, traject=traject).first()
    if voorstel is None:
        raise Geweigerd("Dit saneringsvoorstel hoort niet bij dit traject.")
    if voorstel.soort != regeling.soort:
        raise Geweigerd(
            f"Dit is een voorstel voor een {voorstel.get_soort_display().lower()}; de "
            f"regeling is een {regeling.get_soort_display().lower()}."
        )
    aandelen = {a["sleutel"]: a for a in voorstel.resultaat["aandelen"]}
    onderhandelingen = list(regeling.onderhandelingen.select_related("schuld__schuldeiser"))
    for o in onderhandelingen:
        aandeel = aandelen.get(f"schuld-{o.schuld_id}")
        if aandeel is None or aandeel["vordering_cent"] != o.schuld.actueel_bedrag_cent:
            raise Geweigerd(
                f"Het voorstel rekent niet met de huidige vordering van "
                f"{o.schuld.schuldeiser.naam}. Maak een nieuw saneringsvoorstel."
            )
        o.aangeboden_cent = aandeel["aandeel_cent"]
    Onderhandeling.objects.bulk_update(onderhandelingen, ["aangeboden_cent"])
    regeling.voorstel = voorstel
    regeling.versie += 1
    regeling.save(update_fields=["voorstel", "versie"])
    _leg_vast(
        traject,
        "sr.voorstel_kiezen",
        door=door,
        datum=datum,
        regeling=regeling.pk,
        voorstel=voorstel.pk,
    )
    return regeling
