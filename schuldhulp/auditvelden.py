"""What the verwerkingenlog may keep of a change (issue 17, point 2).

A change row names every field that changed, but keeps a value only for fields on the
allow-list below: references, phases, statuses, roles, gemeenten, booleans and the dates of
steps. Everything else (BSN, names, birth date, address, phone, e-mail, amounts, free text such
as toelichting, hulpvraag or notes) is recorded as ``"gewijzigd"`` without a value.

The list is per ``objecttype`` (the model name, or the name an audit function gives), because
that is all an existing row says about itself: the data migration that strips old rows
(schuldhulp 0014) uses the same function. An unknown objecttype keeps no values at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from django.apps import apps
from django.utils import timezone

from schuldhulp import opmaak

GEWIJZIGD = "gewijzigd"  # a changed field whose value is not logged


@dataclass(frozen=True)
class Auditvelden:
    """The fields of one objecttype whose values are not personal data."""

    model: str  # app_label.Model, for the Dutch field labels ("" when not a model)
    openbaar: frozenset[str]
    labels: dict[str, str] = field(default_factory=dict)  # keys that are not model fields
    elders: dict[str, str] = field(default_factory=dict)  # key → app.Model.veld for its choices


def _velden(model: str, *namen: str, **labels: str) -> Auditvelden:
    return Auditvelden(model, frozenset(namen) | frozenset(labels), labels)


# Reference ids (``*_id``), codes and dates: never the content of a dossier.
# fmt: off
VELDEN: dict[str, Auditvelden] = {
    "klant": _velden(
        "schuldhulp.Klant", "id", "gemeente_id", "aangemaakt_op", "gewijzigd_op",
        "geanonimiseerd_op",
    ),
    # A traject's own row is written per event (trajecten.services._gebeurtenis).
    "traject": replace(_velden(
        "trajecten.Traject", "id", "klant_id", "gemeente_id", "afspraak_id", "afspraak_sinds",
        "aanmelddatum", "kanaal", "crisisinterventie", "bedreigende_situatie", "behandelaar_id",
        "consulent_id", "vaste_contactpersoon", "aan_zet", "fase", "uitstroomreden", "versie",
        "aangemaakt_op", gebeurtenis="gebeurtenis", datum="datum",
    ), elders={"gebeurtenis": "trajecten.Gebeurtenis.soort"}),
    "klantplan": _velden(
        "klantplan.Klantplan", "id", "traject_id", "versie", "status", "productkeuze",
        "vastgesteld_op", "vastgesteld_door_id", "besproken_met_klant", "vorige_id",
        "aangemaakt_door_id", "aangemaakt_op", "gewijzigd_op",
    ),
    "doel": _velden(
        "klantplan.Doel", "id", "klantplan_id", "ref", "streefdatum", "status", "volgorde",
        "bijgewerkt_op",
    ),
    "actie": _velden(
        "klantplan.Actie", "id", "traject_id", "klantplan_id", "gesprek_id", "ref", "soort",
        "wie", "deadline", "gedaan_op", "aangemaakt_op", "bijgewerkt_op",
    ),
    "gesprek": _velden(
        "klantplan.Gesprek", "id", "traject_id", "soort", "datum", "door_id", "aangemaakt_op"
    ),
    "afstemming": _velden(
        "klantplan.Afstemming", "id", "traject_id", "soort", "datum", "door_id",
        "aangemaakt_op", "van", "aan", "status", "beantwoord_door_id", "beantwoord_op",
    ),
    "klacht": _velden(
        "klantplan.Klacht", "id", "traject_id", "soort", "datum", "uitkomst", "afgehandeld_op",
        "door_id", "aangemaakt_op",
    ),
    # Which creditors and how much a person owes is the dossier itself: no values.
    "schuld": _velden(
        "klantplan.Schuld", "id", "traject_id", "peildatum", "status", "zakelijk", "beslag",
        "aangemaakt_op", "bijgewerkt_op", "bijgewerkt_door_id",
    ),
    "voorstel": _velden(
        "klantplan.Voorstel", "id", "traject_id", "soort", "gemaakt_door_id", "gemaakt_op"
    ),
    "monitoringmoment": _velden(
        "klantplan.Monitoringmoment", "id", "traject_id", "klantplan_id", "datum",
        "doelen_gehaald", "schaal", "door_id", "aangemaakt_op",
    ),
    "signaalzaak": _velden(
        "vroegsignalering.Signaalzaak", "id", "gemeente_id", "status", "eerste_signaal_op",
        "laatste_signaal_op", "aantal_signalen", "aantal_partners", "klok_norm_id",
        "klok_deadline", "klok_status", "eerste_contact_op", "traject_id", "sluitreden",
        "afgehandeld_op", "afgehandeld_door_id", "geanonimiseerd_op", "aangemaakt_op",
        "gewijzigd_op",
    ),
    "contactpoging": _velden(
        "vroegsignalering.Contactpoging", "id", "zaak_id", "soort", "datum", "dagdeel",
        "bereikt", "door_id", "geregistreerd_op",
    ),
    # The papers (klantplan.papieren): kind, status, who and when; never the description,
    # the reason of a rejection, the file's name or its place on disk.
    "stuk": _velden(
        "papieren.Stuk", "id", "traject_id", "soort_id", "aanleveraar", "uit_lijst", "status",
        "gevraagd_op", "gevraagd_door_id", "ontvangen_op", "beoordeeld_op", "beoordeeld_door_id",
    ),
    "bestand": _velden(
        "papieren.Bestand", "id", "stuk_id", "paginas", "grootte", "geupload_op",
        "door_gebruiker_id", "door_klant",
    ),
    # The household and its budget (klantplan.huishouden): who and when; never amounts,
    # birth years or what a budget line is for.
    "huishouden": _velden(
        "huishouden.Huishouden", "id", "traject_id", "partner_id", "gewijzigd_op",
        "gewijzigd_door_id",
    ),
    "huisgenoot": _velden("huishouden.Huisgenoot", "id", "huishouden_id", "soort"),
    "budget": _velden(
        "huishouden.Budget", "id", "traject_id", "versie", "status", "vastgesteld_op",
        "gewijzigd_op", "gewijzigd_door_id",
    ),
    "budgetpost": _velden("huishouden.Budgetpost", "id", "budget_id", "van", "ingevoerd_door_id"),
    # A message on Mijn Schuldhulp: its direction and moments, never its text.
    "bericht": _velden(
        "portaal.Bericht", "id", "traject_id", "van_klant", "klant_id", "door_id",
        "aangemaakt_op", "gelezen_op",
    ),
    # Not about a klant: a gemeente's consulting hours and its contract with the Stadsbank.
    "spreekuur": _velden(
        "schuldhulp.Spreekuur", "id", "gemeente_id", "weekdag", "van", "tot", "locatie"
    ),
    "dienstverleningsafspraak": _velden(
        "schuldhulp.Dienstverleningsafspraak", "id", "gemeente_id", "status", "pakket",
        "geldig_van", "geldig_tot", "optionele_taken", "prijs_per_traject", "prijs_per_maand",
        "overgang", "overgang_fasen", "vastgesteld_op", "vastgesteld_door_id", "voorganger_id",
        "voorganger_tot_was", aangemaakt="aangemaakt", trajecten="trajecten (pakketwissel)",
        prijzen="prijzen voor de specificatie",
    ),
    # A kwartaalgesprek (issue 19): the date and the actions' deadlines and state; never the
    # names of who attended or the text of agreements and actions.
    "kwartaalgesprek": _velden(
        "rapportage.Kwartaalgesprek", "datum", acties_erbij="acties erbij",
        acties_weg="acties verwijderd", afgerond="acties afgerond", heropend="acties heropend",
    ),
    # Who may see which dossiers: the values are the point (issue 17, point 1).
    "gebruiker-rechten": _velden(
        "",
        rol="rol",
        gemeenten="gemeenten",
        is_active="actief",
        is_staff="toegang tot beheer",
        is_superuser="alle rechten (superuser)",
        groups="groepen",
    ),
    # A request for more access and its decision (four eyes, ADR 0015): references, role
    # and gemeente codes, never a name.
    "rechtenverzoek": _velden(
        "schuldhulp.Rechtenverzoek", "status", "rol", "activeren", gebruiker_id="account",
        aangevraagd_door_id="aangevraagd door", beslist_door_id="beslist door",
        gemeenten="gemeenten erbij",
    ),
}
# fmt: on


def zonder_persoonsgegevens(objecttype: str, wijzigingen: dict[str, Any]) -> dict[str, Any]:
    """``{veld: {"voor": x, "na": y}}`` with the values of fields off the allow-list replaced
    by ``"gewijzigd"``. Idempotent: a stripped dict comes back unchanged."""
    velden = VELDEN.get(objecttype)
    openbaar = velden.openbaar if velden else frozenset()
    return {
        veld: waarde if veld in openbaar and isinstance(waarde, dict) else GEWIJZIGD
        for veld, waarde in wijzigingen.items()
    }


# --- For the screen -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Veldwijziging:
    label: str
    voor: str | None = None  # None with gelogd=False: the value was never kept
    na: str | None = None
    gelogd: bool = False


def objectnaam(objecttype: str) -> str:
    """'klantplan' → 'klantplan', 'gebruiker-rechten' → 'gebruiker-rechten': the Dutch name
    of the model when there is one."""
    model = _model(objecttype)
    return str(model._meta.verbose_name) if model is not None else objecttype


# Bookkeeping a beheerder does not need to read in a change: the row's own number (the column
# Object has it), a technical reference and the moments that equal the row's own time.
TECHNISCH = frozenset({"id", "ref", "aangemaakt_op", "gewijzigd_op", "bijgewerkt_op"})


def leesbaar(
    objecttype: str, wijzigingen: dict[str, Any], namen: Namen | None = None
) -> list[Veldwijziging]:
    """The changes of a row with Dutch labels and readable values, for the beheerder: a
    reference to a person or gemeente by name, to a dossier by its number, never a dict or a
    bare id; fields that did not visibly change are left out."""
    velden = VELDEN.get(objecttype)
    namen = namen if namen is not None else Namen()
    uit: list[Veldwijziging] = []
    for veld, waarde in wijzigingen.items():
        if veld in TECHNISCH:
            continue
        modelveld = _modelveld(objecttype, veld)
        label = (velden.labels.get(veld) if velden else None) or _modellabel(modelveld, veld)
        if isinstance(waarde, dict):
            voor, na = (_toon(modelveld, waarde.get(k), namen) for k in ("voor", "na"))
            if voor != na:
                uit.append(Veldwijziging(label, voor, na, gelogd=True))
        else:
            uit.append(Veldwijziging(label))
    return uit


def _modellabel(modelveld, veld: str) -> str:
    """The field's Dutch verbose_name; Django's default for a field without one (its code
    name with spaces) loses its technical tail like any other key."""
    if modelveld is None or modelveld.verbose_name == modelveld.name.replace("_", " "):
        return _label(veld)
    return str(modelveld.verbose_name)


def _label(veld: str) -> str:
    """'klant_id' → 'klant', 'bedrag_cent' → 'bedrag': no code names on the screen."""
    for staart in ("_id", "_cent"):
        veld = veld.removesuffix(staart)
    return veld.replace("_", " ")


class Namen:
    """Names of the people and gemeenten a page of log rows refers to, one query per id (a
    page shows 50 rows; most refer to the same few)."""

    def __init__(self) -> None:
        self._bekend: dict[tuple[str, Any], str] = {}

    def van(self, model, pk: Any) -> str:
        sleutel = (model._meta.label, pk)
        if sleutel not in self._bekend:
            self._bekend[sleutel] = self._zoek(model, pk)
        return self._bekend[sleutel]

    @staticmethod
    def _zoek(model, pk: Any) -> str:
        from schuldhulp.models import Gebruiker, Gemeente

        naam = str(model._meta.verbose_name)
        if issubclass(model, Gebruiker):  # the username, as in the column Medewerker
            gevonden = model.objects.filter(pk=pk).values_list("username", flat=True).first()
            return gevonden or f"{naam} {pk} (bestaat niet meer)"
        if issubclass(model, Gemeente):
            gevonden = model.objects.filter(pk=pk).values_list("naam", flat=True).first()
            return gevonden or f"gemeente {pk}"
        # A dossier, klant or row of a dossier: its number (a name would be personal data).
        return f"{naam} {pk}"


def _model(objecttype: str):
    velden = VELDEN.get(objecttype)
    return apps.get_model(velden.model) if velden is not None and velden.model else None


def _modelveld(objecttype: str, veld: str):
    velden = VELDEN.get(objecttype)
    if velden is not None and veld in velden.elders:
        model, naam = velden.elders[veld].rsplit(".", 1)
        return apps.get_model(model)._meta.get_field(naam)
    model = _model(objecttype)
    for f in model._meta.concrete_fields if model is not None else ():
        if veld in (f.attname, f.name):
            return f
    return None


def _toon(modelveld, waarde: Any, namen: Namen) -> str | None:
    if waarde is None or waarde == "":
        return None
    if modelveld is not None and modelveld.is_relation and modelveld.related_model is not None:
        return namen.van(modelveld.related_model, waarde)
    if isinstance(waarde, bool):
        return "ja" if waarde else "nee"
    if isinstance(waarde, list):
        return ", ".join(str(w) for w in waarde) or None
    if isinstance(waarde, str) and len(waarde) >= 10 and waarde[:4].isdigit():
        try:  # dates and moments as written by audit._tekst (ISO)
            if len(waarde) == 10:
                return opmaak.datum(date.fromisoformat(waarde))
            return opmaak.datum_tijd(timezone.localtime(datetime.fromisoformat(waarde)))
        except ValueError:
            pass
    keuzes = dict(modelveld.flatchoices) if modelveld is not None and modelveld.choices else {}
    return str(keuzes.get(waarde, waarde))
