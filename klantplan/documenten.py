"""The documents for the klant and the creditors, as PDF (schuldhulp.pdf.render_to_pdf).

Letters to the klant are in plain Dutch (B1: "u", short sentences, legal text in an annex).
Every function returns what :func:`klantplan.services.bewaar_document` stores; it is called
by ``services.maak_document`` after the access check, inside its transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Sum
from django.utils import timezone
from django.utils.text import slugify

from klantplan.models import (
    Actie,
    Documentsoort,
    Gesprek,
    Klantplan,
    Planstatus,
    Schuldstatus,
    Voorstel,
    Wie,
)
from klantplan.sanering import Voorstel as Berekening
from schuldhulp import opmaak
from schuldhulp.models import Gebruiker, spreekuren_tekst
from schuldhulp.pakketten import Pakket, Partij
from schuldhulp.pdf import render_to_pdf
from trajecten.models import Fase, Gebeurtenis, Gebeurtenissoort, Traject
from trajecten.pakket.lopend import lopend_maatwerk
from trajecten.services import Geweigerd
from trajecten.workflow import is_afgesloten

# The journey in the klant's words: (short name, what happens).
FASEN_VOOR_KLANT: dict[str, tuple[str, str]] = {
    Fase.AANGEMELD: ("Aanmelding", "U heeft zich gemeld voor hulp bij uw geldzaken."),
    Fase.INTAKE: ("Eerste gesprek", "We praten met u. We verzamelen uw gegevens en uw post."),
    Fase.STABILISATIE: (
        "Rust",
        "Uw vaste lasten worden betaald. Er komen geen nieuwe schulden bij.",
    ),
    Fase.FINANCIELE_RUST: ("Plan", "We kiezen samen de beste oplossing voor uw schulden."),
    Fase.UITVOERING: ("Oplossing", "De oplossing loopt, bijvoorbeeld een schuldregeling."),
    Fase.NAZORG: ("Nazorg", "We kijken samen of u het zelf weer kunt."),
    Fase.UITGESTROOMD: ("Klaar", "Uw traject is afgerond."),
}

VOLGENDE_STAP: dict[str, str] = {
    Fase.AANGEMELD: "We maken een afspraak voor het eerste gesprek.",
    Fase.INTAKE: (
        "We zetten uw schulden op een rij. Daarna krijgt u een brief: krijgt u schuldhulp of niet?"
    ),
    Fase.STABILISATIE: (
        "We zorgen samen dat uw vaste lasten betaald worden: huur, energie, water en "
        "zorgverzekering."
    ),
    Fase.FINANCIELE_RUST: (
        "We kiezen samen een oplossing voor uw schulden. Daarna vragen we uw schuldeisers "
        "om mee te werken."
    ),
    Fase.UITVOERING: "De oplossing loopt. We houden contact en kijken samen hoe het gaat.",
    Fase.NAZORG: "We kijken samen of u uw geldzaken zelf weer kunt regelen.",
    Fase.UITGESTROOMD: "Uw traject is afgerond. Heeft u weer vragen? Neem dan contact op.",
}

WIE_HELPT: dict[str, str] = {
    Pakket.ONTZORGING: (
        # Who the klant calls is the vaste contactpersoon (the next line of the plan), not
        # the package: it is chosen per traject.
        "De Stadsbank helpt u met alles. Heeft u ook hulp nodig bij iets anders, zoals "
        "wonen of gezondheid? "
        "Dan overleggen wij met de gemeente."
    ),
    Pakket.HYBRIDE: (
        "De gemeente houdt het overzicht over uw hele traject. De Stadsbank helpt met de "
        "geldzaken. In dit plan staat wat u, de gemeente en de Stadsbank afspreken."
    ),
    Pakket.BASIS: (
        "De gemeente begeleidt u en zet uw schulden op een rij. "
        "De Stadsbank regelt het financiële product, bijvoorbeeld budgetbeheer of een "
        "schuldregeling."
    ),
}


@dataclass(frozen=True)
class Stap:
    naam: str
    uitleg: str
    stand: str  # "klaar", "nu" or "straks"


def processtappen(traject: Traject) -> list[Stap]:
    """The journey as steps with where the klant is now ("waar sta ik?")."""
    volgorde = list(Fase)
    huidig = volgorde.index(Fase(traject.fase))
    stappen = []
    for i, fase in enumerate(volgorde):
        naam, uitleg = FASEN_VOOR_KLANT[fase]
        if is_afgesloten(fase) and not traject.is_open:
            stand = "klaar"
        else:
            stand = "klaar" if i < huidig else "nu" if i == huidig else "straks"
        stappen.append(Stap(naam, uitleg, stand))
    return stappen


KLANTPLAN_VOOR_KLANT = "Klantplan"


def contactpersoon(traject: Traject) -> dict[str, str]:
    """The klant's vaste contactpersoon, the same as in the dossier (Traject.contactpersoon);
    while that side has nobody assigned, the organisation itself."""
    persoon = traject.contactpersoon
    if traject.vaste_contactpersoon == Partij.STADSBANK:
        organisatie = traject.gemeente.organisatie.naam
        telefoon = traject.gemeente.organisatie.telefoon
    else:
        organisatie = f"Gemeente {traject.gemeente.naam}"
        telefoon = traject.gemeente.telefoon
    if persoon is None:
        return {
            "naam": f"een medewerker van {organisatie}",
            "organisatie": organisatie,
            "email": "",
            "telefoon": telefoon,
        }
    return {
        "naam": str(persoon),
        "organisatie": organisatie,
        "email": persoon.email,
        "telefoon": persoon.telefoon or telefoon,  # a direct number, else the general one
    }


def _basis(traject: Traject, door: Gebruiker) -> dict[str, Any]:
    return {
        "traject": traject,
        "klant": traject.klant,
        "gemeente": traject.gemeente,
        "organisatie": traject.gemeente.organisatie.naam,
        "pakket": Pakket(traject.afspraak.pakket),
        "pakketnaam": traject.afspraak.get_pakket_display(),
        "contact": contactpersoon(traject),
        # The klantregisseur's days on location (task "klantregisseur op locatie").
        "spreekuur": spreekuren_tekst(traject.gemeente.spreekuren.all()),
        "vandaag": timezone.localdate(),
        "door": door,
    }


def _open_acties(traject: Traject, plan: Klantplan | None) -> list[Actie]:
    acties = list(
        Actie.objects.filter(traject=traject, gedaan_op__isnull=True, gesprek__isnull=False)
    )
    if plan is not None:
        acties += list(plan.acties.filter(gedaan_op__isnull=True))
    return sorted(acties, key=lambda a: (a.deadline is None, a.deadline, a.pk))


def _per_wie(acties: list[Actie]) -> list[tuple[str, list[Actie]]]:
    koppen = {
        Wie.KLANT: "Wat doet u?",
        Wie.STADSBANK: "Wat doet de Stadsbank?",
        Wie.GEMEENTE: "Wat doet de gemeente?",
    }
    return [(kop, [a for a in acties if a.wie == wie]) for wie, kop in koppen.items()]


def _bestandsnaam(soort: str, traject: Traject, extra: str = "") -> str:
    delen = [soort, f"traject-{traject.pk}", extra, timezone.localdate().isoformat()]
    return slugify("-".join(d for d in delen if d)) + ".pdf"


# --- The documents ---------------------------------------------------------------------------


def klantplan_pdf(traject: Traject, door: Gebruiker, klantplan_id: int | None) -> dict[str, Any]:
    plannen = traject.klantplannen.all()
    plan = (
        plannen.filter(pk=klantplan_id).first()
        if klantplan_id
        else plannen.order_by("-versie").first()
    )
    if plan is None:
        raise Geweigerd("Dit traject heeft nog geen klantplan. Maak eerst een klantplan.")
    titel = KLANTPLAN_VOOR_KLANT  # the screen's "(summier, productgericht)" is our jargon
    schulden = traject.schulden.exclude(status=Schuldstatus.AFGEWEZEN)
    context = {
        **_basis(traject, door),
        "titel": titel,
        "plan": plan,
        "concept": plan.status == Planstatus.CONCEPT,
        "doelen": plan.doelen.order_by("volgorde", "pk"),
        "acties_per_wie": _per_wie(list(plan.acties.order_by("deadline", "pk"))),
        "klant_acties": [a for a in _open_acties(traject, plan) if a.wie == Wie.KLANT],
        "stappen": processtappen(traject),
        "fase_naam": FASEN_VOOR_KLANT[traject.fase][0],
        "volgende_stap": VOLGENDE_STAP[traject.fase],
        "wie_helpt": WIE_HELPT[traject.afspraak.pakket],
        "maatwerk": lopend_maatwerk(traject),  # approved op- or afschalen (issue 12)
        "schulden_aantal": schulden.count(),
        "schulden_totaal": schulden.aggregate(t=Sum("actueel_bedrag_cent"))["t"] or 0,
    }
    pdf = render_to_pdf("klantplan/pdf/klantplan.html", context, titel=titel)
    return {
        "titel": f"{titel}, versie {plan.versie}",
        "pdf": pdf,
        "bestandsnaam": _bestandsnaam("klantplan", traject, f"versie-{plan.versie}"),
        "klantplan": plan,
    }


def actielijst_pdf(traject: Traject, door: Gebruiker, gesprek_id: int | None) -> dict[str, Any]:
    gesprek = Gesprek.objects.filter(traject=traject, pk=gesprek_id).first() if gesprek_id else None
    plan = traject.klantplannen.order_by("-versie").first()
    acties = _open_acties(traject, plan)
    context = {
        **_basis(traject, door),
        "titel": "Uw actielijst",
        "gesprek": gesprek,
        "acties_per_wie": _per_wie(acties),
        "nieuw": {a.pk for a in acties if gesprek and a.gesprek_id == gesprek.pk},
        "fase_naam": FASEN_VOOR_KLANT[traject.fase][0],
        "volgende_stap": VOLGENDE_STAP[traject.fase],
    }
    pdf = render_to_pdf("klantplan/pdf/actielijst.html", context, titel="Uw actielijst")
    titel = f"Actielijst na {gesprek}" if gesprek else "Actielijst"
    return {
        "titel": titel,
        "pdf": pdf,
        "bestandsnaam": _bestandsnaam("actielijst", traject),
        "klantplan": plan,
        "gesprek": gesprek,
    }


def beschikking_pdf(traject: Traject, door: Gebruiker) -> dict[str, Any]:
    besluit = (
        Gebeurtenis.objects.filter(
            traject=traject, soort__in=[Gebeurtenissoort.TOELATING, Gebeurtenissoort.AFWIJZING]
        )
        .order_by("-datum", "-pk")
        .first()
    )
    if besluit is None:
        raise Geweigerd(
            "Er is nog geen besluit over de toelating. Leg eerst bij het traject vast of de "
            "klant wordt toegelaten of afgewezen."
        )
    toelating = besluit.soort == Gebeurtenissoort.TOELATING
    plan = (
        traject.klantplannen.filter(status=Planstatus.VASTGESTELD).order_by("-versie").first()
        or traject.klantplannen.order_by("-versie").first()
    )
    titel = "Besluit: u krijgt schuldhulp" if toelating else "Besluit: u krijgt geen schuldhulp"
    context = {
        **_basis(traject, door),
        "titel": titel,
        "merk": f"Gemeente {traject.gemeente.naam}",  # the decision is the gemeente's (Wgs)
        "toelating": toelating,
        "besluit": besluit,
        "reden": besluit.toelichting.strip() or traject.get_uitstroomreden_display(),
        "plan": plan,
        "doelen": plan.doelen.order_by("volgorde", "pk") if plan else [],
    }
    pdf = render_to_pdf("klantplan/pdf/beschikking.html", context, titel=titel)
    soort = "toelating" if toelating else "afwijzing"
    return {
        "titel": f"Beschikking ({soort}) van {opmaak.datum(besluit.datum)}",
        "pdf": pdf,
        "bestandsnaam": _bestandsnaam("beschikking", traject, soort),
        "klantplan": plan,
    }


def dos_en_donts_pdf(traject: Traject, door: Gebruiker) -> dict[str, Any]:
    titel = "Een schuldeiser belt of schrijft: wat doet u?"
    context = {**_basis(traject, door), "titel": titel}
    pdf = render_to_pdf("klantplan/pdf/dos_en_donts.html", context, titel=titel)
    return {
        "titel": "Kaart: wat te doen als schuldeisers bellen",
        "pdf": pdf,
        "bestandsnaam": _bestandsnaam("als-schuldeisers-bellen", traject),
    }


def maandoverzicht_pdf(traject: Traject, door: Gebruiker) -> dict[str, Any]:
    """'Zo ziet uw maand eruit': the current budget in plain language (issue 15)."""
    from klantplan.huishouden import budget as budgetten

    budget = budgetten.huidig(traject)
    if budget is None or not budget.posten.exists():
        raise Geweigerd("Er is nog geen budget. Vul eerst de inkomsten en vaste lasten in.")
    titel = "Zo ziet uw maand eruit"
    context = {**_basis(traject, door), "titel": titel, "budget": budget}
    context["maand"] = budgetten.maand(budget)
    pdf = render_to_pdf("klantplan/pdf/maandoverzicht.html", context, titel=titel)
    return {
        "titel": f"{titel} (budget versie {budget.versie})",
        "pdf": pdf,
        "bestandsnaam": _bestandsnaam("maandoverzicht", traject, str(budget.versie)),
    }


def voorstelbrief_pdf(traject: Traject, door: Gebruiker, voorstel_id: int | None) -> dict[str, Any]:
    voorstel = Voorstel.objects.filter(traject=traject, pk=voorstel_id).first()
    if voorstel is None:
        raise Geweigerd("Dit saneringsvoorstel bestaat niet (meer).")
    berekening = Berekening.from_dict(voorstel.resultaat)
    aandelen = {a.sleutel: a for a in berekening.aandelen}
    regels = [{**r, "aandeel": aandelen[r["sleutel"]]} for r in voorstel.invoer]
    titel = f"Voorstel {voorstel.get_soort_display().lower()}"
    context = {
        **_basis(traject, door),
        "titel": titel,
        "voorstel": voorstel,
        "berekening": berekening,
        "regels": regels,
    }
    pdf = render_to_pdf("klantplan/pdf/voorstelbrief.html", context, titel=titel)
    return {
        "titel": f"{titel}: brief aan {len(regels)} schuldeisers",
        "pdf": pdf,
        "bestandsnaam": _bestandsnaam("saneringsvoorstel", traject, str(voorstel.pk)),
        "voorstel": voorstel,
    }


def maak(
    *,
    traject: Traject,
    door: Gebruiker,
    soort: Documentsoort,
    klantplan_id: int | None = None,
    gesprek_id: int | None = None,
    voorstel_id: int | None = None,
) -> dict[str, Any]:
    if soort == Documentsoort.KLANTPLAN:
        return klantplan_pdf(traject, door, klantplan_id)
    if soort == Documentsoort.ACTIELIJST:
        return actielijst_pdf(traject, door, gesprek_id)
    if soort == Documentsoort.BESCHIKKING:
        return beschikking_pdf(traject, door)
    if soort == Documentsoort.DOS_EN_DONTS:
        return dos_en_donts_pdf(traject, door)
    if soort == Documentsoort.MAANDOVERZICHT:
        return maandoverzicht_pdf(traject, door)
    return voorstelbrief_pdf(traject, door, voorstel_id)
