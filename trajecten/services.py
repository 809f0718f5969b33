"""Every write on a traject. Views, imports and tasks call these; none writes around them.

State changes lock the traject row (``select_for_update``) and check the version the user
saw, so two people moving the same traject at once cannot both win.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django.db import IntegrityError, connection, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django_fsm import TransitionNotAllowed

from schuldhulp import audit, opmaak
from schuldhulp.extern import Extern
from schuldhulp.handelingen import handeling as zoek_handeling
from schuldhulp.models import Gebruiker, Klant
from schuldhulp.pakketten import Partij
from schuldhulp.permissions import mag
from schuldhulp.services import GeenAfspraak, afspraak_op
from trajecten import normbewaking, workflow
from trajecten.models import (
    Aanmeldkanaal,
    BedreigendeSituatie,
    Gebeurtenis,
    Gebeurtenissoort,
    Product,
    Productsoort,
    Signalering,
    Traject,
    Uitstroomreden,
    Verwijspartner,
)
from trajecten.samenwerking import aanzet, informeren, personen


class Geweigerd(Exception):
    """A write that is not allowed; the message is shown to the user as it is (Dutch)."""


def _controleer_datum(traject: Traject, datum: date, reden_terugdatering: str) -> None:
    vandaag = timezone.localdate()
    if datum > vandaag:
        raise Geweigerd("De datum ligt in de toekomst. Leg vast wat al gebeurd is.")
    laatste = traject.gebeurtenissen.order_by("-datum").values_list("datum", flat=True).first()
    if laatste and datum < laatste:
        raise Geweigerd(
            f"De datum ligt voor de vorige gebeurtenis ({opmaak.datum(laatste)}). "
            "Kies een datum op of na die dag."
        )
    if datum < vandaag and not reden_terugdatering.strip():
        raise Geweigerd("De datum ligt in het verleden. Geef de reden op waarom u terugdateert.")


def _gebeurtenis(
    traject: Traject,
    *,
    soort: str,
    datum: date,
    door,
    toelichting: str = "",
    reden_terugdatering: str = "",
    van_fase: str = "",
    **gegevens,
) -> Gebeurtenis:
    if isinstance(door, Extern):  # a creditor through its link, or the system: no account
        gegevens["door_extern"] = door.naam
        door = None
    gebeurtenis = Gebeurtenis.objects.create(
        traject=traject,
        soort=soort,
        datum=datum,
        door=door,
        toelichting=toelichting,
        reden_terugdatering=reden_terugdatering,
        van_fase=van_fase,
        naar_fase=traject.fase if van_fase else "",
        gegevens=gegevens,
    )
    # Every write on a traject passes here: one audit entry with what changed.
    wijzigingen = {
        "gebeurtenis": {"voor": None, "na": soort},
        "datum": {"voor": None, "na": datum.isoformat()},
    }
    if van_fase:
        wijzigingen["fase"] = {"voor": van_fase, "na": traject.fase}
    audit.traject_gewijzigd(
        traject=traject,
        gebruiker=door,
        wijzigingen=wijzigingen,
        omschrijving=Gebeurtenissoort(soort).label
        + (f" (door {gegevens['door_extern']})" if gegevens.get("door_extern") else ""),
    )
    return gebeurtenis


def _vergrendel(traject_id: int, verwachte_versie: int | None) -> Traject:
    """Lock the traject row for the rest of the transaction (always lock the traject
    first, then its products or clocks, so two writers never wait on each other in a
    cycle) and check the version the user saw."""
    traject = (
        Traject.objects.select_for_update(of=("self",))
        .select_related("afspraak", "gemeente")
        .get(pk=traject_id)
    )
    if verwachte_versie is not None and traject.versie != verwachte_versie:
        raise Geweigerd(
            "Iemand anders heeft dit traject net gewijzigd. Bekijk de nieuwe stand en "
            "probeer het zo nodig opnieuw."
        )
    return traject


def _leg_vast(
    traject: Traject,
    handeling: str,
    *,
    door: Gebruiker,
    datum: date,
    velden: tuple[str, ...] = (),
    klokken: bool = True,
    **gebeurtenis,
) -> Gebeurtenis:
    """The second half of the one write path (the first is lock → gate → checks → change):
    a new version of the traject (every recorded event makes the page a user saw stale),
    the event row of the handeling's kind with its audit entry, and the clocks recomputed.
    `velden`: traject fields the change set, saved with the version. Returns the event row."""
    traject.versie += 1
    traject.save(update_fields=["versie", *velden])
    rij = _gebeurtenis(
        traject,
        soort=zoek_handeling(handeling).gebeurtenis,
        datum=datum,
        door=door,
        **gebeurtenis,
    )
    # Whose turn first: the clocks' signaleringen go to the party aan zet (normbewaking).
    aanzet.werk_bij(traject)
    if klokken:
        normbewaking.herbereken(traject)
    return rij


def poort(door: Gebruiker, handeling: str, obj) -> None:
    """Ask the gate (schuldhulp.permissions.mag) under the lock; a refusal says why."""
    if reden := mag(door, handeling, obj):
        raise Geweigerd(reden)


def _onder_traject(model, pk: int, fout: str, handeling: str, door: Gebruiker, versie=None):
    """Lock the traject of row `pk` of `model` (traject first, then the row), then ask the
    gate about that row: the preamble of every write on a product, crisis or clock."""
    traject = _vergrendel(_traject_id_van(model, pk, fout), versie)
    # Read again under the lock: a writer before us may have removed it (clocks are
    # recomputed) or, in theory, moved it; then it is not this traject's any more.
    rij = model.objects.select_for_update(of=("self",)).filter(pk=pk, traject=traject).first()
    if rij is None:
        raise Geweigerd(fout)
    rij.traject = traject
    poort(door, handeling, rij)
    return traject, rij


@transaction.atomic
def meld_aan(
    *,
    klant: Klant,
    door: Gebruiker,
    datum: date,
    kanaal: str,
    bedreigende_situatie: str = "",
    crisisinterventie: bool = False,
    behandelaar: Gebruiker | None = None,
    consulent: Gebruiker | None = None,
    vaste_contactpersoon: str = "",
    toelichting: str = "",
    reden_terugdatering: str = "",
    signaaldatum: date | None = None,
) -> Traject:
    """A new traject for `klant`, under the package agreement in force on `datum`.

    `signaaldatum`: for a vroegsignalering, the day the first signal came in (kept on the
    aanmelding event; the signaalzaak measured the contact norm from there).
    The person who registers is the person of their own side unless another is named; the
    klant's vaste contactpersoon is the side named, else the registering side.
    """
    poort(door, "traject.aanmelden", klant)
    if door.partij == Partij.STADSBANK:
        behandelaar = behandelaar or door
    elif door.partij == Partij.GEMEENTE:
        consulent = consulent or door
    for partij, persoon in ((Partij.STADSBANK, behandelaar), (Partij.GEMEENTE, consulent)):
        if reden := personen.fout(klant.gemeente_id, partij, persoon):
            raise Geweigerd(reden)
    if vaste_contactpersoon and vaste_contactpersoon not in Partij.values:
        raise Geweigerd("Kies wie de vaste contactpersoon van de klant is.")
    vaste_contactpersoon = vaste_contactpersoon or (door.partij or Partij.STADSBANK).value
    if kanaal not in Aanmeldkanaal.values:
        raise Geweigerd("Kies via welk kanaal de klant is aangemeld.")
    if bedreigende_situatie and bedreigende_situatie not in BedreigendeSituatie.values:
        raise Geweigerd("Kies een bedreigende situatie uit de lijst, of laat het veld leeg.")
    if datum > timezone.localdate():
        raise Geweigerd("De aanmelddatum ligt in de toekomst.")
    if datum < timezone.localdate() and not reden_terugdatering.strip():
        raise Geweigerd("De aanmelddatum ligt in het verleden. Geef de reden op.")
    if signaaldatum is not None:
        if kanaal != Aanmeldkanaal.VROEGSIGNALERING:
            raise Geweigerd(
                "Een signaaldatum hoort alleen bij een aanmelding via vroegsignalering."
            )
        if signaaldatum > datum:
            raise Geweigerd("Het signaal kan niet na de aanmelding zijn binnengekomen.")
    # A shared lock on the gemeente: vaststellen of an agreement (which locks the gemeente
    # FOR UPDATE, trajecten/pakket) waits for us, or we read what it settled; aanmeldingen do
    # not wait for each other.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM schuldhulp_gemeente WHERE id = %s FOR SHARE", [klant.gemeente_id]
        )
    try:
        afspraak = afspraak_op(gemeente=klant.gemeente, datum=datum)
    except GeenAfspraak as exc:
        raise Geweigerd(str(exc)) from exc
    try:
        with transaction.atomic():  # the unique constraint decides between two at once
            traject = Traject.objects.create(
                klant=klant,
                gemeente=klant.gemeente,
                afspraak=afspraak,
                aanmelddatum=datum,
                kanaal=kanaal,
                bedreigende_situatie=bedreigende_situatie,
                crisisinterventie=crisisinterventie or bool(bedreigende_situatie),
                behandelaar=behandelaar,
                consulent=consulent,
                vaste_contactpersoon=vaste_contactpersoon,
            )
    except IntegrityError as exc:
        raise Geweigerd("Deze klant heeft al een lopend traject. Open dat traject.") from exc
    gegevens: dict = {"kanaal": kanaal, "bedreigende_situatie": bedreigende_situatie}
    if signaaldatum is not None:
        gegevens["signaaldatum"] = signaaldatum.isoformat()
    _gebeurtenis(
        traject,
        soort=Gebeurtenissoort.AANMELDING,
        datum=datum,
        door=door,
        toelichting=toelichting,
        reden_terugdatering=reden_terugdatering,
        **gegevens,
    )
    aanzet.werk_bij(traject)  # before the clocks: their signaleringen go to the party aan zet
    normbewaking.herbereken(traject)
    return traject


@transaction.atomic
def voer_overgang_uit(
    *,
    traject_id: int,
    overgang: str,
    door: Gebruiker,
    datum: date,
    toelichting: str = "",
    reden_terugdatering: str = "",
    uitstroomreden: str = "",
    controlelijst: Mapping[str, str] | None = None,
    verwachte_versie: int | None = None,
    verwezen_naar: str = "",
) -> Traject:
    """Move a traject along the journey: guards, event row, clocks; all or nothing.
    `controlelijst`: for a step with a checklist, the confirmed points (key → explanation).
    `verwezen_naar`: at uitstroom, the partner the klant was referred to (a Verwijspartner)."""
    definitie = workflow.OVERGANGEN.get(overgang)
    if definitie is None:
        raise Geweigerd("Onbekende stap.")
    traject = _vergrendel(traject_id, verwachte_versie)
    poort(door, overgang, traject)
    _controleer_datum(traject, datum, reden_terugdatering)
    if definitie.uitstroomreden:
        if uitstroomreden not in Uitstroomreden.values:
            raise Geweigerd("Kies een reden van uitstroom.")
        traject.uitstroomreden = uitstroomreden
        if verwezen_naar and verwezen_naar not in Verwijspartner.values:
            raise Geweigerd("Kies een partner uit de lijst.")
    else:
        verwezen_naar = ""
    extra = {}
    if definitie.controlelijst:  # financiële rust: its three points (klantplan/rustbewijs.py)
        from klantplan import rustbewijs  # klantplan builds on trajecten, not the other way

        extra = rustbewijs.controleer(definitie, traject, datum, controlelijst or {})
    van_fase = traject.fase
    try:
        getattr(traject, overgang)()
    except TransitionNotAllowed as exc:  # guarded above; kept as a second line of defence
        raise Geweigerd("Deze stap kan nu niet.") from exc
    gebeurtenis = _leg_vast(
        traject,
        overgang,
        door=door,
        datum=datum,
        velden=("fase", "uitstroomreden"),
        toelichting=toelichting,
        reden_terugdatering=reden_terugdatering,
        van_fase=van_fase,
        uitstroomreden=uitstroomreden or None,
        **extra,
        **({"verwezen_naar": verwezen_naar} if verwezen_naar else {}),
    )
    # The other party hears of the new phase or the uitstroom; the party aan zet that it is
    # its turn (trajecten/samenwerking/informeren.py).
    informeren.fase_gewijzigd(traject, gebeurtenis, door.partij, door.pk)
    return traject


def _traject_id_van(model, pk: int, fout: str) -> int:
    traject_id = model.objects.filter(pk=pk).values_list("traject_id", flat=True).first()
    if traject_id is None:
        raise Geweigerd(fout)
    return traject_id


@transaction.atomic
def start_product(
    *,
    traject_id: int,
    soort: str,
    door: Gebruiker,
    datum: date,
    toelichting: str = "",
    reden_terugdatering: str = "",
    verwachte_versie: int | None = None,
) -> Product:
    traject = _vergrendel(traject_id, verwachte_versie)
    poort(door, "product.start", traject)
    if soort not in Productsoort.values:
        raise Geweigerd("Kies een product uit de lijst.")
    _controleer_datum(traject, datum, reden_terugdatering)
    product = Product.objects.create(traject=traject, soort=soort, startdatum=datum)
    _leg_vast(
        traject,
        "product.start",
        datum=datum,
        door=door,
        toelichting=toelichting,
        reden_terugdatering=reden_terugdatering,
        product=product.pk,
        productsoort=soort,
    )
    return product


@transaction.atomic
def beeindig_product(
    *,
    product_id: int,
    door: Gebruiker,
    datum: date,
    resultaat: str = "",
    zelfredzaam: bool | None = None,
    reden_terugdatering: str = "",
    verwachte_versie: int | None = None,
) -> Product:
    traject, product = _onder_traject(
        Product, product_id, "Dit product bestaat niet.", "product.beeindig", door, verwachte_versie
    )
    if datum < product.startdatum:
        raise Geweigerd("De einddatum ligt voor de startdatum van het product.")
    _controleer_datum(traject, datum, reden_terugdatering)
    product.einddatum, product.resultaat, product.zelfredzaam = datum, resultaat, zelfredzaam
    product.save()
    _leg_vast(
        traject,
        "product.beeindig",
        datum=datum,
        door=door,
        reden_terugdatering=reden_terugdatering,
        product=product.pk,
        productsoort=product.soort,
        resultaat=resultaat,
        zelfredzaam=zelfredzaam,
    )
    return product


@transaction.atomic
def schuldregeling_stap(
    *,
    product_id: int,
    stap: str,
    door: Gebruiker,
    datum: date,
    toelichting: str = "",
    reden_terugdatering: str = "",
    verwachte_versie: int | None = None,
) -> Product:
    if stap not in workflow.SCHULDREGELING_STAPPEN:
        raise Geweigerd("Onbekende stap in de schuldregeling.")
    traject, product = _onder_traject(
        Product, product_id, "Dit product bestaat niet.", stap, door, verwachte_versie
    )
    _controleer_datum(traject, datum, reden_terugdatering)
    try:
        getattr(product, stap)()
    except TransitionNotAllowed as exc:
        raise Geweigerd(
            f"Deze stap kan niet vanuit '{product.get_schuldregeling_status_display()}'."
        ) from exc
    product.save()
    _leg_vast(
        traject,
        stap,
        datum=datum,
        door=door,
        toelichting=toelichting,
        reden_terugdatering=reden_terugdatering,
        product=product.pk,
        stap=stap,
        status=product.schuldregeling_status,
    )
    return product


def markeer_gelezen(*, signalering: Signalering, gelezen: bool = True) -> Signalering:
    signalering.gelezen_op = timezone.now() if gelezen else None
    signalering.save(update_fields=["gelezen_op"])
    return signalering


def markeer_alles_gelezen(signaleringen: QuerySet[Signalering]) -> int:
    """Mark these (selectors.ongelezen_signaleringen of a user) read at once: how many."""
    return signaleringen.filter(gelezen_op__isnull=True).update(gelezen_op=timezone.now())
