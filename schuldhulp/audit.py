"""The verwerkingenlog (BIO/AVG): one typed function per kind of event.

Every read of a klant dossier, traject, klantplan or document, every change, every export,
download and import is written here. Rows are append-only (a database trigger refuses UPDATE and
DELETE; only the log's own retention job removes old rows, see schuldhulp/logbewaring.py).
No personal data: the klant is referred to by id, and a change names the fields that changed
but keeps a value only for the non-personal fields of ``auditvelden.VELDEN`` (issue 17).
"""

from __future__ import annotations

from contextvars import ContextVar
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import Model
from django.http import HttpRequest
from django.utils import timezone

from schuldhulp import inzage, opmaak
from schuldhulp.auditvelden import zonder_persoonsgegevens
from schuldhulp.extern import Extern
from schuldhulp.models import Auditactie, Auditregel, Gemeente, Klant

# Set by AuditMiddleware, so services can log the IP address without passing the request.
huidig_verzoek: ContextVar[HttpRequest | None] = ContextVar("huidig_verzoek", default=None)


class AuditMiddleware:
    """Makes the request known to the services (IP address) and logs every read of a dossier
    page after the view (schuldhulp/inzage.py), also when the view did not."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        token = huidig_verzoek.set(request)
        try:
            response = self.get_response(request)
            inzage.na_verzoek(request, response)
            return response
        finally:
            huidig_verzoek.reset(token)


# A view that wrote one of these itself has logged its read; the middleware adds none.
_LEZEN = (Auditactie.INZIEN, Auditactie.DOWNLOADEN, Auditactie.EXPORTEREN)


def _ip(request: HttpRequest | None) -> str | None:
    request = request or huidig_verzoek.get()
    if request is None:
        return None
    # X-Forwarded-For is anyone's to forge: believed only when the request comes from a
    # configured proxy, and then the right-most hop that is not one of ours (the client as
    # our own proxy saw it; what the client put in front of it is not evidence).
    adres = request.META.get("REMOTE_ADDR") or None
    vertrouwd = settings.VERTROUWDE_PROXIES
    if adres not in vertrouwd:
        return adres
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for hop in reversed([h for h in hops if h]):
        if hop not in vertrouwd:
            return hop
    return adres


def _schrijf(
    *,
    request: HttpRequest | None,
    actie: Auditactie,
    obj: Model | None = None,
    objecttype: str = "",
    klant_id: int | None = None,
    gemeente_id: int | None = None,
    omschrijving: str = "",
    wijzigingen: dict[str, Any] | None = None,
    gebruiker=None,
) -> Auditregel:
    request = request or huidig_verzoek.get()
    if request is not None and actie in _LEZEN:
        setattr(request, inzage.GELEZEN, True)
    gebruiker = gebruiker if gebruiker is not None else getattr(request, "user", None)
    ingelogd = gebruiker is not None and gebruiker.is_authenticated
    objecttype = objecttype or (obj._meta.model_name if obj is not None else "")
    # A party without an account (a klant on the portal, a creditor) is named, not linked.
    extern = isinstance(gebruiker, Extern)
    return Auditregel.objects.create(
        gebruiker=gebruiker if ingelogd and not extern else None,
        gebruikersnaam=(str(gebruiker) if extern else gebruiker.get_username())[:150]
        if ingelogd
        else "",
        actie=actie,
        objecttype=objecttype,
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        klant_id=klant_id,
        gemeente_id=gemeente_id,
        omschrijving=omschrijving[:300],
        # The one place a change is written: values only of the allow-listed fields.
        wijzigingen=zonder_persoonsgegevens(objecttype, wijzigingen or {}),
        ip_adres=_ip(request),
    )


def _klant_van(obj: Model) -> tuple[int | None, int | None]:
    """(klant_id, gemeente_id) for a klant or anything hanging under a traject/klant."""
    if isinstance(obj, Klant):
        return obj.pk, obj.gemeente_id
    if isinstance(obj, Gemeente):  # a list of a gemeente's dossiers
        return None, obj.pk
    for pad in ("traject", "klant", "klantplan"):
        tussen = getattr(obj, pad, None)
        if tussen is not None:
            return _klant_van(tussen)
    return getattr(obj, "klant_id", None), getattr(obj, "gemeente_id", None)


def verschil(voor: dict[str, Any], na: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Only the fields that changed, as {veld: {"voor": x, "na": y}} (JSON-safe strings).
    Written through ``_schrijf``, which keeps the values of allow-listed fields only."""
    return {
        veld: {"voor": _tekst(voor.get(veld)), "na": _tekst(na.get(veld))}
        for veld in sorted(set(voor) | set(na))
        if voor.get(veld) != na.get(veld)
    }


def _tekst(waarde: Any) -> Any:
    return waarde if waarde is None or isinstance(waarde, (bool, int, str)) else str(waarde)


def momentopname(obj: Model) -> dict[str, Any]:
    """The concrete field values of `obj` (for before/after). Generated columns are derived
    by the database, not changed by anyone (and reading one after a save costs a query)."""
    return {
        f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields if not f.generated
    }


# --- One function per event kind -------------------------------------------------------------


def dossier_ingezien(
    *, request: HttpRequest, obj: Model, omschrijving: str = "", gebruiker=None
) -> Auditregel:
    """A klant dossier, traject, klantplan or other dossier page was shown (`gebruiker`: a
    party without an account, e.g. the klant on the portal)."""
    klant_id, gemeente_id = _klant_van(obj)
    return _schrijf(
        request=request,
        actie=Auditactie.INZIEN,
        obj=obj,
        klant_id=klant_id,
        gemeente_id=gemeente_id,
        omschrijving=omschrijving,
        gebruiker=gebruiker,
    )


def rechten_gewijzigd(
    *,
    request: HttpRequest | None,
    gebruiker,
    voor: dict[str, Any],
    na: dict[str, Any],
    door=None,
) -> Auditregel | None:
    """A beheerder gave or took access (role, gemeenten, staff, groups): before and after as
    plain values (all on the allow-list), so every beheerder can see who changed whose access
    (issue 17)."""
    if voor:
        wijzigingen = verschil(voor, na)
    else:  # a new account: everything it was given
        wijzigingen = {k: {"voor": None, "na": v} for k, v in na.items()}
    if not wijzigingen:
        return None
    return _schrijf(
        request=request,
        actie=Auditactie.WIJZIGEN if voor else Auditactie.AANMAKEN,
        obj=gebruiker,
        objecttype="gebruiker-rechten",
        omschrijving=f"Rechten van {gebruiker.get_username()}",
        wijzigingen=wijzigingen,
        gebruiker=door,
    )


def rechtenverzoek(*, verzoek: Model, gebruiker, stap: str) -> Auditregel:
    """A request for more access was made, approved or rejected (four eyes, ADR 0015): the
    account by id and name, the role and gemeente codes asked, who asked and who decided."""
    gemeenten = sorted(verzoek.gemeenten.values_list("code", flat=True))
    gevraagd = {"rol": verzoek.rol or None, "gemeenten": gemeenten or None}
    wijzigingen = {
        "gebruiker_id": verzoek.gebruiker_id,
        "aangevraagd_door_id": verzoek.aangevraagd_door_id,
        "beslist_door_id": verzoek.beslist_door_id,
        "activeren": verzoek.activeren,
        **gevraagd,
    }
    voor = "open" if stap != "aangevraagd" else None
    return _schrijf(
        request=None,
        actie=Auditactie.AANMAKEN if stap == "aangevraagd" else Auditactie.WIJZIGEN,
        obj=verzoek,
        objecttype="rechtenverzoek",
        omschrijving=f"Rechtenverzoek {verzoek.pk} voor {verzoek.gebruiker.get_username()} {stap}",
        wijzigingen={
            "status": {"voor": voor, "na": verzoek.status},
            **{k: {"voor": None, "na": v} for k, v in wijzigingen.items() if v},
        },
        gebruiker=gebruiker,
    )


def account_gebeurtenis(
    *, request: HttpRequest | None, gebruiker, soort: str, omschrijving: str, door=None
) -> Auditregel:
    """Something about how `gebruiker` logs in (an enrolment link made or used, a new
    password chosen): which account, never a secret."""
    return _schrijf(
        request=request,
        actie=Auditactie.WIJZIGEN,
        obj=gebruiker,
        objecttype=soort,
        omschrijving=f"{omschrijving} ({gebruiker.get_username()})",
        gebruiker=door,
    )


def wachtwoord_gezet(*, request: HttpRequest, gebruiker) -> Auditregel:
    """A beheerder set another user's password; that user's 2FA was reset with it."""
    return _schrijf(
        request=request,
        actie=Auditactie.WIJZIGEN,
        obj=gebruiker,
        objecttype="gebruiker-wachtwoord",
        omschrijving=(
            f"Wachtwoord van {gebruiker.get_username()} gezet door een beheerder; bij de "
            "volgende inlog een eigen wachtwoord kiezen en tweestapsverificatie opnieuw instellen"
        ),
    )


def bsn_gevonden(*, request: HttpRequest | None, klant: Klant, gebruiker=None) -> Auditregel:
    """Someone typed the BSN of an existing client (a new klant): who found which dossier,
    so probing for BSNs shows in the verwerkingenlog (ADR 0009)."""
    return _schrijf(
        request=request,
        actie=Auditactie.INZIEN,
        objecttype="bsn-controle",
        klant_id=klant.pk,
        gemeente_id=klant.gemeente_id,
        omschrijving="BSN-controle bij een nieuwe klant: het BSN is al van een klant",
        gebruiker=gebruiker,
    )


def dossier_aangemaakt(
    *, request: HttpRequest | None, obj: Model, omschrijving: str = "", gebruiker=None
) -> Auditregel:
    klant_id, gemeente_id = _klant_van(obj)
    return _schrijf(
        request=request,
        actie=Auditactie.AANMAKEN,
        obj=obj,
        klant_id=klant_id,
        gemeente_id=gemeente_id,
        omschrijving=omschrijving,
        gebruiker=gebruiker,
        wijzigingen=verschil({}, momentopname(obj)),
    )


def dossier_gewijzigd(
    *,
    request: HttpRequest | None,
    obj: Model,
    voor: dict[str, Any],
    omschrijving: str = "",
    gebruiker=None,
) -> Auditregel:
    """A change: the fields that changed, with before and after for non-personal ones."""
    klant_id, gemeente_id = _klant_van(obj)
    return _schrijf(
        request=request,
        actie=Auditactie.WIJZIGEN,
        obj=obj,
        klant_id=klant_id,
        gemeente_id=gemeente_id,
        omschrijving=omschrijving,
        gebruiker=gebruiker,
        wijzigingen=verschil(voor, momentopname(obj)),
    )


def traject_gewijzigd(
    *, traject: Model, gebruiker, wijzigingen: dict[str, Any], omschrijving: str = ""
) -> Auditregel:
    """A write on a traject (transition, product, clock...), as recorded by its event row."""
    actie = (
        Auditactie.AANMAKEN
        if wijzigingen.get("gebeurtenis", {}).get("na") == "aanmelding"
        else Auditactie.WIJZIGEN
    )
    return _schrijf(
        request=None,
        actie=actie,
        obj=traject,
        klant_id=traject.klant_id,
        gemeente_id=traject.gemeente_id,
        omschrijving=omschrijving,
        wijzigingen=wijzigingen,
        gebruiker=gebruiker,
    )


def afspraak_gewijzigd(
    *, afspraak: Model, gebruiker, omschrijving: str, wijzigingen: dict[str, Any]
) -> Auditregel:
    """A step in the life of a package agreement (its own history is in
    pakket.Afspraakgebeurtenis; this is the verwerkingenlog's line of it)."""
    return _schrijf(
        request=None,
        actie=Auditactie.AANMAKEN if "aangemaakt" in wijzigingen else Auditactie.WIJZIGEN,
        obj=afspraak,
        gemeente_id=afspraak.gemeente_id,
        omschrijving=omschrijving,
        wijzigingen=wijzigingen,
        gebruiker=gebruiker,
    )


def kwartaalgesprek_gewijzigd(
    *, gesprek: Model, gebruiker, omschrijving: str, wijzigingen: dict[str, Any]
) -> Auditregel:
    """A change to a kwartaalgesprek or its actions (issue 19): one line per save, so the
    meeting's own history can be read back (rapportage/kwartaalgesprek.py)."""
    return _schrijf(
        request=None,
        actie=Auditactie.WIJZIGEN,
        obj=gesprek,
        objecttype="kwartaalgesprek",
        gemeente_id=gesprek.gemeente_id,
        omschrijving=omschrijving,
        wijzigingen=wijzigingen,
        gebruiker=gebruiker,
    )


def document_gedownload(
    *, request: HttpRequest, obj: Model, soort: str, gebruiker=None
) -> Auditregel:
    klant_id, gemeente_id = _klant_van(obj)
    return _schrijf(
        request=request,
        actie=Auditactie.DOWNLOADEN,
        obj=obj,
        klant_id=klant_id,
        gemeente_id=gemeente_id,
        omschrijving=f"Document: {soort}",
        gebruiker=gebruiker,
    )


def export_gemaakt(
    *,
    request: HttpRequest | None,
    soort: str,
    gemeente_id: int | None,
    omschrijving: str = "",
    gebruiker=None,
) -> Auditregel:
    return _schrijf(
        request=request,
        actie=Auditactie.EXPORTEREN,
        objecttype=soort,
        gemeente_id=gemeente_id,
        omschrijving=omschrijving,
        gebruiker=gebruiker,
    )


def api_levering(
    *,
    request: HttpRequest | None,
    soort: str,
    gemeente_id: int | None,
    afnemer: str,
    client_id: str,
    omschrijving: str,
) -> Auditregel:
    """A delivery through the DDAS API (rapportage/ddas/api): an export to a party without
    an account. Who is the afnemer's registered name; the object is its OAuth2 client."""
    regel = Auditregel(
        actie=Auditactie.EXPORTEREN,
        objecttype=soort,
        object_id=client_id[:50],
        gemeente_id=gemeente_id,
        gebruikersnaam=afnemer[:150],
        omschrijving=omschrijving[:300],
        ip_adres=_ip(request),
    )
    regel.save()
    return regel


def import_uitgevoerd(
    *,
    request: HttpRequest | None,
    soort: str,
    gemeente_id: int | None,
    omschrijving: str = "",
    gebruiker=None,
) -> Auditregel:
    return _schrijf(
        request=request,
        actie=Auditactie.IMPORTEREN,
        objecttype=soort,
        gemeente_id=gemeente_id,
        omschrijving=omschrijving,
        gebruiker=gebruiker,
    )


def import_ingezien(*, request: HttpRequest, soort: str, bestand: str, aantal: int) -> Auditregel:
    """The preview of an uploaded file with BSNs (before the import): who saw which file.
    No gemeente: one file may hold several; the file by the start of its checksum."""
    return _schrijf(
        request=request,
        actie=Auditactie.INZIEN,
        objecttype=soort,
        omschrijving=f"Voorvertoning van bestand {bestand[:12]} ({aantal} records)",
    )


def gegevens_verwijderd(
    *,
    obj_type: str,
    object_id: str,
    klant_id: int | None,
    gemeente_id: int | None,
    omschrijving: str,
) -> Auditregel:
    """Retention: what a job anonymised or deleted (no user: the system did it)."""
    regel = Auditregel(
        actie=Auditactie.VERWIJDEREN,
        objecttype=obj_type,
        object_id=object_id,
        klant_id=klant_id,
        gemeente_id=gemeente_id,
        omschrijving=omschrijving,
        gebruikersnaam="systeem",
    )
    regel.save()
    return regel


def ingelogd(*, request: HttpRequest, gebruiker, omschrijving: str = "") -> Auditregel:
    """Written once the login is complete: with 2FA on, after the code, not the password."""
    return _schrijf(
        request=request,
        actie=Auditactie.INLOGGEN,
        objecttype="sessie",
        gebruiker=gebruiker,
        omschrijving=omschrijving,
    )


def tweestaps_sleutel_getoond(*, request: HttpRequest) -> Auditregel:
    """The enrolment page showed the TOTP secret (QR code): whoever sees it can make codes."""
    return _schrijf(
        request=request,
        actie=Auditactie.INZIEN,
        objecttype="tweestaps",
        omschrijving="Sleutel voor tweestapsverificatie getoond (inrichten)",
    )


def tweestaps_ingesteld(*, request: HttpRequest) -> Auditregel:
    return _schrijf(
        request=request,
        actie=Auditactie.AANMAKEN,
        objecttype="tweestaps",
        omschrijving="Tweestapsverificatie ingesteld",
    )


def tweestaps_code_fout(*, request: HttpRequest, gebruiker, reden: str) -> Auditregel:
    """A wrong (or throttled) second-factor code: the password was right, the code not."""
    regel = Auditregel(
        actie=Auditactie.INLOGGEN_MISLUKT,
        objecttype="tweestaps",
        gebruiker=gebruiker,
        gebruikersnaam=gebruiker.get_username()[:150],
        omschrijving=reden[:300],
        ip_adres=_ip(request),
    )
    regel.save()
    return regel


def uitgelogd(*, request: HttpRequest, gebruiker) -> Auditregel:
    return _schrijf(
        request=request, actie=Auditactie.UITLOGGEN, objecttype="sessie", gebruiker=gebruiker
    )


def inloggen_mislukt(*, request: HttpRequest | None, gebruikersnaam: str) -> Auditregel:
    regel = Auditregel(
        actie=Auditactie.INLOGGEN_MISLUKT,
        objecttype="sessie",
        gebruikersnaam=gebruikersnaam[:150],
        ip_adres=_ip(request),
    )
    regel.save()
    return regel


def verwerkingenlog_opgeschoond(*, aantal: int, grens: datetime) -> Auditregel:
    """The log's own retention job ran (schuldhulp/logbewaring.py): its trace in the log."""
    return gegevens_verwijderd(
        obj_type="verwerkingenlog",
        object_id="",
        klant_id=None,
        gemeente_id=None,
        omschrijving=f"Bewaartermijn verwerkingenlog: {aantal} regels ouder dan "
        f"{opmaak.datum(timezone.localtime(grens).date())} verwijderd",
    )
