"""The VS exchange model (VNG-Realisatie/ddas-vroegsignalering v1.0, vendored unchanged in
``rapportage/ddas/schema/vroegsignalering/``) from the vroegsignalering app, as it stood at
the end of the period. One ``levering`` per gemeente; a zaak is in it when it ran during the
period (first signal on or before `tot`, not closed before `van`), with every signal of it
received by `tot` (so the zaak's references resolve within the delivery)."""

from __future__ import annotations

import json
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from django.db.models import Prefetch, QuerySet
from jsonschema import FormatChecker, validators
from jsonschema.protocols import Validator

from rapportage.ddas import mapping
from rapportage.ddas.export import code_gegevensleverancier, euro
from rapportage.ddas.mapping import iso, zonder_leeg
from schuldhulp.models import Gemeente
from trajecten.vroegsignalering.models import (
    Achterstandsoort,
    Contactpoging,
    Contactsoort,
    Signaalzaak,
    Sluitreden,
    Vroegsignaal,
)
from trajecten.vroegsignalering.workflow import Zaakstatus

SCHEMA_PAD = (
    Path(__file__).resolve().parent.parent
    / "schema"
    / "vroegsignalering"
    / "json_schema_Uitwisselmodel.json"
)

SIGNAALPARTNER = {  # soort achterstand → EnumSignaalpartner
    Achterstandsoort.HUUR: "Huur",
    Achterstandsoort.ENERGIE: "Energie",
    Achterstandsoort.WATER: "Water",
    Achterstandsoort.ZORGVERZEKERING: "Zorg",
    Achterstandsoort.ANDERS: "Overige",
}
CONTACTSOORT = {
    Contactsoort.BRIEF: "Brief",
    Contactsoort.TELEFOON: "Telefoon",
    Contactsoort.EMAIL: "Mail",
    Contactsoort.SMS: "SMS/Whatsapp",
    Contactsoort.HUISBEZOEK: "Huisbezoek",
}
RESULTAAT = {  # sluitreden → EnumEindresultaat
    Sluitreden.GEEN_CONTACT: "Definitief geen contact kunnen krijgen",
    Sluitreden.HULP_GEWEIGERD: "Inwoner regelt het zelf/hoeft geen hulp vanuit vroegsignalering",
    Sluitreden.AL_IN_BEELD: "Inwoner al bekend bij schuldhulpverlening",
    Sluitreden.ZELF_OPGELOST: "Inwoner heeft zelf al betaald/betalingsregeling getroffen",
    Sluitreden.VERHUISD: "Persoon is geen inwoner (meer) in de gemeente",
}
AANGEMELD = "Vervolghulp en/of verwijzing financieel"
NIET_OPGEPAKT = "Nog niet opgepakt"


@cache
def schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PAD.read_text(encoding="utf-8"))


@cache
def validator() -> Validator:
    klasse = validators.validator_for(schema())
    return klasse(schema(), format_checker=FormatChecker())


def zaken_in_periode(basis: QuerySet[Signaalzaak], *, van: date, tot: date) -> QuerySet:
    return basis.filter(eerste_signaal_op__lte=tot).exclude(afgehandeld_op__lt=van)


def _voorletters(voornamen: str) -> str:
    return "".join(f"{deel[0].upper()}." for deel in voornamen.split() if deel)


def _client(s: Vroegsignaal) -> dict[str, Any]:
    nummer, toevoeging = mapping.splits_huisnummer(s.huisnummer)
    return zonder_leeg(
        {
            "Burgerservicenummer": s.bsn or None,
            "Voorletters": _voorletters(s.voornamen) or None,
            "Voorvoegsel": s.tussenvoegsel or None,
            "Achternaam": s.achternaam or None,
            "Geboortedatum": iso(s.geboortedatum),
            "Straatnaam": s.straat or None,
            "Postcode": mapping.postcode_ddas(s.postcode) or None,
            "Huisnummer": nummer or None,
            "Huisnummertoevoeging": toevoeging or None,
            "Plaatsnaam": s.woonplaats or None,
        }
    )


def _opgepakt(zaak: Signaalzaak, tot: date) -> date | None:
    """The first contact attempt on or before `tot` (the prefetch holds only those)."""
    poging = next(iter(zaak.contactpogingen.all()), None)
    return poging.datum if poging else None


def _afgehandeld(zaak: Signaalzaak, tot: date) -> bool:
    return zaak.afgehandeld_op is not None and zaak.afgehandeld_op <= tot


def _signaal(s: Vroegsignaal, zaak: Signaalzaak, tot: date) -> dict[str, Any]:
    niet_opgepakt = _opgepakt(zaak, tot) is None and not _afgehandeld(zaak, tot)
    return {
        **zonder_leeg(
            {
                "ID": str(s.pk),
                "bedrag": euro(s.bedrag_centen),
                "signaaldatum": iso(s.ontvangen_op),
                "status": NIET_OPGEPAKT if niet_opgepakt else None,
                "signaalpartner": {"type": SIGNAALPARTNER[s.soort_achterstand]},
            }
        ),
        "client": _client(s),  # required, also when the retention job blanked it
    }


def _resultaat(zaak: Signaalzaak, tot: date) -> str | None:
    if not _afgehandeld(zaak, tot):
        return None
    if zaak.status == Zaakstatus.AANGEMELD:
        return AANGEMELD
    if zaak.sluitreden == Sluitreden.ANDERS:
        return "Niet opgepakt: andere reden" if _opgepakt(zaak, tot) is None else None
    return RESULTAAT.get(zaak.sluitreden)


def _zaak(zaak: Signaalzaak, tot: date) -> dict[str, Any]:
    return zonder_leeg(
        {
            "resultaat": _resultaat(zaak, tot),
            "datum_opgepakt": iso(_opgepakt(zaak, tot)),
            "vroegsignalen": [{"ID": str(s.pk)} for s in zaak.signalen.all()],
            "contactpogingen": [
                {
                    "soort": CONTACTSOORT[p.soort],
                    "bereikt": p.bereikt,
                    "datum": iso(p.datum),
                    "dagdeel": p.get_dagdeel_display(),
                }
                for p in zaak.contactpogingen.all()
            ],
        }
    )


def maak_document(*, zaak_pks: list[int], van: date, tot: date, nu: datetime) -> dict[str, Any]:
    """The VS document for these zaken (a page), one levering per gemeente."""
    zaken = (
        Signaalzaak.objects.filter(pk__in=zaak_pks)
        .select_related("gemeente__organisatie")
        .prefetch_related(
            Prefetch(
                "signalen",
                queryset=Vroegsignaal.objects.filter(ontvangen_op__lte=tot).order_by(
                    "ontvangen_op", "pk"
                ),
            ),
            Prefetch(
                "contactpogingen",
                queryset=Contactpoging.objects.filter(datum__lte=tot).order_by("datum", "pk"),
            ),
        )
        .order_by("gemeente__code", "pk")
    )
    per_gemeente: dict[Gemeente, list[Signaalzaak]] = {}
    for zaak in zaken:
        per_gemeente.setdefault(zaak.gemeente, []).append(zaak)
    leveringen = [
        zonder_leeg(
            {
                "teller": i + 1,
                "gemeentecode": gemeente.code,
                "aanleverende_organisatie": {"naam": gemeente.organisatie.naam},
                "vroegsignalen": [
                    _signaal(s, zaak, tot) for zaak in lijst for s in zaak.signalen.all()
                ],
                "vroegsignaalzaken": [_zaak(zaak, tot) for zaak in lijst],
            }
        )
        for i, (gemeente, lijst) in enumerate(per_gemeente.items())
    ]
    return zonder_leeg(
        {
            "startdatumLevering": van.isoformat(),
            "einddatumLevering": tot.isoformat(),
            "aanleverdatumEnTijd": nu.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "codeGegevensleverancier": code_gegevensleverancier(),
            "leveringen": leveringen,
        }
    )


def schemafouten(document: dict[str, Any]) -> list[str]:
    return [
        f"{mapping.pad_tekst(e.absolute_path)}: {mapping.melding(e)}"
        for e in validator().iter_errors(document)
    ]
