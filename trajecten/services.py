"""Every write on a traject. Views, imports and tasks call these; none writes around them.

State changes lock the traject row (``select_for_update``) and check the version the user
saw, so two people moving the same traject at once cannot both win.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django_fsm import TransitionNotAllowed

from schuldhulp.models import Gebruiker, Klant
from schuldhulp.services import GeenAfspraak, afspraak_op
from trajecten import normbewaking, workflow
from trajecten.models import (
    Crisisinterventie,
    Fase,
    Gebeurtenis,
    Gebeurtenissoort,
    Moratorium,
    Normbewaking,
    Opschorting,
    Product,
    Signalering,
    Traject,
    Uitstroomreden,
)


class Geweigerd(Exception):
    """A write that is not allowed; the message is shown to the user as it is (Dutch)."""


def _controleer_datum(traject: Traject, datum: date, reden_terugdatering: str) -> None:
    vandaag = timezone.localdate()
    if datum > vandaag:
        raise Geweigerd("De datum ligt in de toekomst. Leg vast wat al gebeurd is.")
    laatste = traject.gebeurtenissen.order_by("-datum").values_list("datum", flat=True).first()
    if laatste and datum < laatste:
        raise Geweigerd(
            f"De datum ligt voor de vorige gebeurtenis ({laatste:%d-%m-%Y}). "
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
    return Gebeurtenis.objects.create(
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


def _vergrendel(traject_id: int, verwachte_versie: int | None) -> Traject:
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
    toelichting: str = "",
    reden_terugdatering: str = "",
) -> Traject:
    """A new traject for `klant`, under the package agreement in force on `datum`."""
    if reden := workflow.rol_en_gemeente(Traject(gemeente=klant.gemeente), door):
        raise Geweigerd(reden)
    if datum > timezone.localdate():
        raise Geweigerd("De aanmelddatum ligt in de toekomst.")
    if datum < timezone.localdate() and not reden_terugdatering.strip():
        raise Geweigerd("De aanmelddatum ligt in het verleden. Geef de reden op.")
    if Traject.objects.filter(klant=klant).exclude(fase=Fase.UITGESTROOMD).exists():
        raise Geweigerd("Deze klant heeft al een lopend traject. Open dat traject.")
    try:
        afspraak = afspraak_op(gemeente=klant.gemeente, datum=datum)
    except GeenAfspraak as exc:
        raise Geweigerd(str(exc)) from exc
    traject = Traject.objects.create(
        klant=klant,
        gemeente=klant.gemeente,
        afspraak=afspraak,
        aanmelddatum=datum,
        kanaal=kanaal,
        bedreigende_situatie=bedreigende_situatie,
        crisisinterventie=crisisinterventie or bool(bedreigende_situatie),
        behandelaar=behandelaar or door,
    )
    _gebeurtenis(
        traject,
        soort=Gebeurtenissoort.AANMELDING,
        datum=datum,
        door=door,
        toelichting=toelichting,
        reden_terugdatering=reden_terugdatering,
        kanaal=kanaal,
        bedreigende_situatie=bedreigende_situatie,
    )
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
    verwachte_versie: int | None = None,
) -> Traject:
    """Move a traject along the journey: guards, event row, clocks; all or nothing."""
    definitie = workflow.OVERGANGEN.get(overgang)
    if definitie is None:
        raise Geweigerd("Onbekende stap.")
    traject = _vergrendel(traject_id, verwachte_versie)
    if reden := workflow.waarom_niet(traject, definitie, door):
        raise Geweigerd(reden)
    _controleer_datum(traject, datum, reden_terugdatering)
    if definitie.uitstroomreden:
        if uitstroomreden not in Uitstroomreden.values:
            raise Geweigerd("Kies een reden van uitstroom.")
        traject.uitstroomreden = uitstroomreden
    van_fase = traject.fase
    try:
        getattr(traject, overgang)()
    except TransitionNotAllowed as exc:  # guarded above; kept as a second line of defence
        raise Geweigerd("Deze stap kan nu niet.") from exc
    traject.versie += 1
    traject.save()
    _gebeurtenis(
        traject,
        soort=definitie.gebeurtenis,
        datum=datum,
        door=door,
        toelichting=toelichting,
        reden_terugdatering=reden_terugdatering,
        van_fase=van_fase,
        uitstroomreden=uitstroomreden or None,
    )
    normbewaking.herbereken(traject)
    return traject


def _product_guard(traject: Traject, door: Gebruiker) -> None:
    if reden := (
        workflow.rol_en_gemeente(traject, door) or workflow.taak_van_gebruiker(traject, door, None)
    ):
        raise Geweigerd(reden)
    if not traject.is_open:
        raise Geweigerd("Dit traject is afgesloten.")


@transaction.atomic
def start_product(
    *,
    traject_id: int,
    soort: str,
    door: Gebruiker,
    datum: date,
    toelichting: str = "",
    reden_terugdatering: str = "",
) -> Product:
    traject = _vergrendel(traject_id, None)
    _product_guard(traject, door)
    if traject.fase in (Fase.AANGEMELD, Fase.INTAKE):
        raise Geweigerd("Een product start pas na de toelating.")
    _controleer_datum(traject, datum, reden_terugdatering)
    product = Product.objects.create(traject=traject, soort=soort, startdatum=datum)
    traject.versie += 1
    traject.save(update_fields=["versie"])
    _gebeurtenis(
        traject,
        soort=Gebeurtenissoort.PRODUCT_GESTART,
        datum=datum,
        door=door,
        toelichting=toelichting,
        reden_terugdatering=reden_terugdatering,
        product=product.pk,
        productsoort=soort,
    )
    normbewaking.herbereken(traject)
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
) -> Product:
    product = Product.objects.select_related("traject").get(pk=product_id)
    traject = _vergrendel(product.traject_id, None)
    _product_guard(traject, door)
    if product.einddatum:
        raise Geweigerd("Dit product is al beëindigd.")
    if datum < product.startdatum:
        raise Geweigerd("De einddatum ligt voor de startdatum van het product.")
    _controleer_datum(traject, datum, reden_terugdatering)
    product.einddatum, product.resultaat, product.zelfredzaam = datum, resultaat, zelfredzaam
    product.save()
    _gebeurtenis(
        traject,
        soort=Gebeurtenissoort.PRODUCT_BEEINDIGD,
        datum=datum,
        door=door,
        reden_terugdatering=reden_terugdatering,
        product=product.pk,
        productsoort=product.soort,
        resultaat=resultaat,
        zelfredzaam=zelfredzaam,
    )
    normbewaking.herbereken(traject)
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
) -> Product:
    if stap not in workflow.SCHULDREGELING_STAPPEN:
        raise Geweigerd("Onbekende stap in de schuldregeling.")
    product = Product.objects.select_for_update().get(pk=product_id)
    traject = _vergrendel(product.traject_id, None)
    _product_guard(traject, door)
    if product.soort != "Schuldbemiddeling":
        raise Geweigerd("Alleen een schuldbemiddeling kent deze stappen.")
    _controleer_datum(traject, datum, reden_terugdatering)
    try:
        getattr(product, stap)()
    except TransitionNotAllowed as exc:
        raise Geweigerd(
            f"Deze stap kan niet vanuit '{product.get_schuldregeling_status_display()}'."
        ) from exc
    product.save()
    _gebeurtenis(
        traject,
        soort=Gebeurtenissoort.SCHULDREGELING,
        datum=datum,
        door=door,
        toelichting=toelichting,
        reden_terugdatering=reden_terugdatering,
        product=product.pk,
        stap=stap,
        status=product.schuldregeling_status,
    )
    normbewaking.herbereken(traject)
    return product


@transaction.atomic
def registreer_crisisinterventie(
    *, traject_id: int, door: Gebruiker, soort: str, datum: date, reden_terugdatering: str = ""
) -> Crisisinterventie:
    traject = _vergrendel(traject_id, None)
    if reden := workflow.rol_en_gemeente(traject, door) or workflow.taak_van_gebruiker(
        traject, door, workflow.Taak.ACUTE_HULP
    ):
        raise Geweigerd(reden)
    _controleer_datum(traject, datum, reden_terugdatering)
    interventie = Crisisinterventie.objects.create(traject=traject, soort=soort, startdatum=datum)
    traject.crisisinterventie = True
    traject.save(update_fields=["crisisinterventie"])
    _gebeurtenis(
        traject,
        soort=Gebeurtenissoort.CRISISINTERVENTIE,
        datum=datum,
        door=door,
        reden_terugdatering=reden_terugdatering,
        crisisinterventie=interventie.pk,
        bedreiging=soort,
    )
    return interventie


@transaction.atomic
def rond_crisisinterventie_af(
    *, interventie_id: int, door: Gebruiker, datum: date, voorkomen: bool, resultaat: str = ""
) -> Crisisinterventie:
    interventie = Crisisinterventie.objects.select_for_update().get(pk=interventie_id)
    traject = _vergrendel(interventie.traject_id, None)
    if reden := workflow.rol_en_gemeente(traject, door):
        raise Geweigerd(reden)
    if datum < interventie.startdatum:
        raise Geweigerd("De einddatum ligt voor de startdatum.")
    interventie.einddatum, interventie.voorkomen, interventie.resultaat = (
        datum,
        voorkomen,
        resultaat,
    )
    interventie.save()
    _gebeurtenis(
        traject,
        soort=Gebeurtenissoort.CRISISINTERVENTIE,
        datum=datum,
        door=door,
        crisisinterventie=interventie.pk,
        voorkomen=voorkomen,
        afgerond=True,
    )
    return interventie


@transaction.atomic
def registreer_moratorium(
    *,
    traject_id: int,
    door: Gebruiker,
    aanvraagdatum: date,
    startdatum: date | None = None,
    einddatum: date | None = None,
) -> Moratorium:
    traject = _vergrendel(traject_id, None)
    _product_guard(traject, door)
    if startdatum and einddatum and (einddatum - startdatum).days > 183:
        raise Geweigerd("Een breed moratorium duurt hooguit 6 maanden (art. 287b Fw).")
    moratorium = Moratorium.objects.create(
        traject=traject,
        aanvraagdatum=aanvraagdatum,
        goedkeuringsdatum=startdatum,
        startdatum=startdatum,
        einddatum=einddatum,
    )
    _gebeurtenis(
        traject,
        soort=Gebeurtenissoort.MORATORIUM,
        datum=aanvraagdatum,
        door=door,
        moratorium=moratorium.pk,
    )
    return moratorium


@transaction.atomic
def schort_klok_op(*, klok_id: int, door: Gebruiker, van: date, reden: str) -> Opschorting:
    klok = Normbewaking.objects.select_related("norm").get(pk=klok_id)
    traject = _vergrendel(klok.traject_id, None)
    if r := workflow.rol_en_gemeente(traject, door):
        raise Geweigerd(r)
    if not klok.norm.opschorting_toegestaan:
        raise Geweigerd("Deze termijn mag volgens de afspraak niet worden opgeschort.")
    if not reden.strip():
        raise Geweigerd("Geef de reden van de opschorting op.")
    if klok.opgeschort or klok.gehaald_op:
        raise Geweigerd("Deze klok is al opgeschort of al gehaald.")
    if van > timezone.localdate() or van < klok.start:
        raise Geweigerd(
            "De opschorting begint op of na de start van de klok en niet in de toekomst."
        )
    pauze = Opschorting.objects.create(klok=klok, van=van, reden=reden, door=door)
    _gebeurtenis(
        traject,
        soort=Gebeurtenissoort.OPSCHORTING,
        datum=van,
        door=door,
        toelichting=reden,
        klok=klok.pk,
    )
    normbewaking.herbereken(traject)
    return pauze


@transaction.atomic
def hervat_klok(*, klok_id: int, door: Gebruiker, tot: date) -> Opschorting:
    klok = Normbewaking.objects.get(pk=klok_id)
    traject = _vergrendel(klok.traject_id, None)
    if r := workflow.rol_en_gemeente(traject, door):
        raise Geweigerd(r)
    pauze = klok.opschortingen.filter(tot__isnull=True).first()
    if pauze is None:
        raise Geweigerd("Deze klok is niet opgeschort.")
    if tot < pauze.van or tot > timezone.localdate():
        raise Geweigerd("De hervatting ligt tussen het begin van de opschorting en vandaag.")
    pauze.tot = tot
    pauze.save()
    _gebeurtenis(traject, soort=Gebeurtenissoort.HERVATTING, datum=tot, door=door, klok=klok.pk)
    normbewaking.herbereken(traject)
    return pauze


def markeer_gelezen(*, signalering: Signalering, gelezen: bool = True) -> Signalering:
    signalering.gelezen_op = timezone.now() if gelezen else None
    signalering.save(update_fields=["gelezen_op"])
    return signalering
