"""The schuldeiser register and the schuldenoverzicht (by hand or from a CSV file)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction

from klantplan.models import (
    Schuld,
    Schuldeiser,
    Schuldeisersoort,
    Schuldenaar,
    Schuldstatus,
)
from klantplan.services.fouten import Geweigerd, ImportGeweigerd, Ongeldig, Rijfout
from klantplan.services.invoer import bedrag, datum_verleden, keuze, tekst
from klantplan.services.toegang import controleer_registerrol, controleer_toegang
from klantplan.services.vergrendelen import vergrendel_onder_traject, vergrendel_traject
from klantplan.validatie import (
    OngeldigeWaarde,
    controleer_kvk,
)
from schuldhulp import audit
from schuldhulp.models import Gebruiker
from trajecten.models import Traject


@transaction.atomic
def voeg_schuldeiser_toe(
    *, door: Gebruiker, naam: str, soort: str, kvk_nummer: str = "", preferent: bool = False
) -> Schuldeiser:
    """Add a creditor to the shared register (any klantregisseur or consulent)."""
    controleer_registerrol(door)
    naam = tekst(naam, veld="naam", label="de naam", verplicht=True)[:200]
    try:
        kvk_nummer = controleer_kvk(kvk_nummer)
    except OngeldigeWaarde as exc:
        raise Ongeldig(str(exc), veld="kvk_nummer") from exc
    soort = keuze(soort, Schuldeisersoort, veld="soort", bericht="Kies de soort schuldeiser.")
    if Schuldeiser.objects.filter(naam__iexact=naam).exists():
        raise Ongeldig("Er staat al een schuldeiser met deze naam in het register.", veld="naam")
    if kvk_nummer and Schuldeiser.objects.filter(kvk_nummer=kvk_nummer).exists():
        raise Ongeldig("Er staat al een schuldeiser met dit KvK-nummer.", veld="kvk_nummer")
    try:
        with transaction.atomic():  # a savepoint: a concurrent twin loses with a message
            return Schuldeiser.objects.create(
                naam=naam, soort=soort, kvk_nummer=kvk_nummer, preferent=preferent
            )
    except IntegrityError as exc:  # saved by another request after the checks above
        if Schuldeiser.objects.filter(naam__iexact=naam).exists():
            raise Ongeldig(
                "Er staat al een schuldeiser met deze naam in het register.", veld="naam"
            ) from exc
        raise Ongeldig(
            "Er staat al een schuldeiser met dit KvK-nummer.", veld="kvk_nummer"
        ) from exc


@dataclass(frozen=True)
class Schuldgegevens:
    schuldeiser: Schuldeiser | None
    oorspronkelijk_bedrag_cent: int | None
    actueel_bedrag_cent: int | None
    peildatum: date | None
    status: str = Schuldstatus.AANGEMELD
    zakelijk: bool = False
    beslag: bool = False
    kenmerk: str = ""
    van: str = Schuldenaar.KLANT


def _controleer_schuld(gegevens: Schuldgegevens) -> dict:
    """All checks on one debt line; the first problem is raised, naming its field."""
    if gegevens.schuldeiser is None:
        raise Ongeldig("Kies de schuldeiser.", veld="schuldeiser")
    oorspronkelijk = bedrag(
        gegevens.oorspronkelijk_bedrag_cent,
        veld="oorspronkelijk_bedrag",
        wat="Het oorspronkelijke bedrag",
    )
    actueel = bedrag(gegevens.actueel_bedrag_cent, veld="actueel_bedrag", wat="Het actuele bedrag")
    peildatum = datum_verleden(gegevens.peildatum, veld="peildatum", wat="De peildatum")
    if peildatum.year < 1980:
        raise Ongeldig("De peildatum ligt te ver terug. Controleer het jaartal.", veld="peildatum")
    return {
        "schuldeiser": gegevens.schuldeiser,
        "oorspronkelijk_bedrag_cent": oorspronkelijk,
        "actueel_bedrag_cent": actueel,
        "peildatum": peildatum,
        "status": keuze(
            gegevens.status, Schuldstatus, veld="status", bericht="Kies de status van de schuld."
        ),
        "zakelijk": bool(gegevens.zakelijk),
        "van": keuze(gegevens.van, Schuldenaar, veld="van", bericht="Kies van wie de schuld is."),
        "beslag": bool(gegevens.beslag),
        "kenmerk": tekst(gegevens.kenmerk, veld="kenmerk", label="het kenmerk")[:100],
    }


@transaction.atomic
def voeg_schuld_toe(*, traject: Traject, door: Gebruiker, gegevens: Schuldgegevens) -> Schuld:
    traject = vergrendel_traject(traject.pk)
    controleer_toegang(traject, door, "schulden.wijzigen")
    schuld = Schuld.objects.create(
        traject=traject, bijgewerkt_door=door, **_controleer_schuld(gegevens)
    )
    audit.dossier_aangemaakt(request=None, obj=schuld, gebruiker=door)
    return schuld


@transaction.atomic
def wijzig_schuld(*, schuld_id: int, door: Gebruiker, gegevens: Schuldgegevens) -> Schuld:
    _traject, schuld = vergrendel_onder_traject(Schuld, schuld_id)
    controleer_toegang(schuld.traject, door, "schulden.wijzigen")
    voor = audit.momentopname(schuld)
    for naam, waarde in _controleer_schuld(gegevens).items():
        setattr(schuld, naam, waarde)
    schuld.bijgewerkt_door = door
    schuld.save()
    audit.dossier_gewijzigd(request=None, obj=schuld, voor=voor, gebruiker=door)
    return schuld


@transaction.atomic
def verwijder_schuld(*, schuld_id: int, door: Gebruiker) -> None:
    _traject, schuld = vergrendel_onder_traject(Schuld, schuld_id)
    controleer_toegang(schuld.traject, door, "schulden.wijzigen")
    if schuld.onderhandelingen.exists():
        raise Geweigerd(
            "Deze schuld staat in de schuldregeling met de schuldeisers: de berichten en "
            "antwoorden blijven bewaard, dus de schuld kan niet weg. Leg in de schuldregeling "
            "vast wat de schuldeiser antwoordde."
        )
    audit.dossier_gewijzigd(
        request=None, obj=schuld, voor={}, gebruiker=door, omschrijving="Schuld verwijderd"
    )
    schuld.delete()


@transaction.atomic
def importeer_schulden(*, traject: Traject, door: Gebruiker, inhoud: bytes) -> list[Schuld]:
    """Read a creditor list (CSV) into the schuldenoverzicht. Every row is checked first;
    with any error nothing is stored and :class:`ImportGeweigerd` lists the errors per row."""
    from klantplan.csvimport import lees_schulden

    traject = vergrendel_traject(traject.pk)
    controleer_toegang(traject, door, "schulden.wijzigen")
    rijen, fouten = lees_schulden(inhoud)
    bestaande = set(traject.schulden.exclude(kenmerk="").values_list("schuldeiser_id", "kenmerk"))
    gecontroleerd: list[dict] = []
    for rij in rijen:
        berichten = list(rij.fouten)
        if not berichten:
            try:
                velden = _controleer_schuld(rij.gegevens)
            except Ongeldig as exc:
                berichten.append(str(exc))
            else:
                sleutel = (velden["schuldeiser"].pk, velden["kenmerk"])
                if velden["kenmerk"] and sleutel in bestaande:
                    berichten.append(
                        f"Deze schuld ({velden['schuldeiser']}, kenmerk {velden['kenmerk']}) "
                        "staat al in het overzicht of komt twee keer voor in het bestand."
                    )
                bestaande.add(sleutel)
                gecontroleerd.append(velden)
        if berichten:
            fouten.append(Rijfout(rij=rij.nummer, berichten=berichten))
    if fouten:
        raise ImportGeweigerd(sorted(fouten, key=lambda f: f.rij))
    if not gecontroleerd:
        raise Geweigerd("Het bestand bevat geen schulden.")
    schulden = Schuld.objects.bulk_create(
        Schuld(traject=traject, bijgewerkt_door=door, **velden) for velden in gecontroleerd
    )
    audit.import_uitgevoerd(
        request=None,
        soort="schulden",
        gemeente_id=traject.gemeente_id,
        gebruiker=door,
        omschrijving=f"Traject {traject.pk}: {len(schulden)} schulden ingelezen",
    )
    return schulden
