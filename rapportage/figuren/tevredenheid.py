"""Klanttevredenheid at uitstroom (issue 19, point 4): the one-minute survey.

The answers (app ``tevredenheid``, looked up by label) keep only their quarter, so a period
shorter than a quarter counts the answers of the quarter(s) it touches. Besides the period,
the figure computes the two years up to and including the period's last quarter (the Almelo
plan asks every two years), in the same aggregate: report and dashboard read both.

Small numbers: with fewer answers than the publication threshold (openbaar.drempel) the
average mark is not given anywhere, internal or public: the respondents were promised
anonymity, and the average of two answers comes close to one person's answer (ADR 0029).
"""

from __future__ import annotations

from datetime import date

from django.db.models import Avg, Count, Q

from rapportage.figuren.andere_apps import FiguurAndereApp, model
from rapportage.figuren.basis import Context, Grafiek, Regel, pad, pct, trendgrafiek
from rapportage.kwartalen import Kwartaal
from rapportage.openbaar import drempel

TWEE_JAAR = 8  # quarters


def _eerste_kwartaal(datum: date, terug: int = 0) -> date:
    kwartaal = Kwartaal.van_datum(datum)
    for _ in range(terug):
        kwartaal = kwartaal.vorige()
    return kwartaal.start


def _uitkomst(rij: dict, prefix: str) -> dict:
    aantal = rij[f"{prefix}aantal"]
    genoeg = aantal >= drempel()
    gemiddeld = rij[f"{prefix}cijfer"]
    return {
        "aantal": aantal,
        "cijfer": round(float(gemiddeld), 1) if genoeg and gemiddeld is not None else None,
        "rust": rij[f"{prefix}rust"],
        "pct_rust": pct(rij[f"{prefix}rust"], aantal),
        "aanraden": rij[f"{prefix}aanraden"],
        "pct_aanraden": pct(rij[f"{prefix}aanraden"], aantal),
    }


def _aggregaten(prefix: str, filter: Q) -> dict:
    return {
        f"{prefix}aantal": Count("pk", filter=filter),
        f"{prefix}cijfer": Avg("cijfer", filter=filter),
        f"{prefix}rust": Count("pk", filter=filter & Q(meer_rust="ja")),
        f"{prefix}aanraden": Count("pk", filter=filter & Q(aanraden="ja")),
    }


class Tevredenheid(FiguurAndereApp):
    app_label = "tevredenheid"
    modellen = ("Antwoord",)
    sleutel = "tevredenheid"
    titel = "Klanttevredenheid bij uitstroom"
    definitie = (
        "Vragenlijsten die klanten na hun uitstroom invulden (via de eenmalige link in Mijn "
        "Schuldhulp of in de brief), geteld in het kwartaal waarin ze werden ingevuld; een "
        "periode korter dan een kwartaal telt de antwoorden van het hele kwartaal. Het "
        "gemiddelde rapportcijfer (1 tot en met 10) en het deel dat 'ja' antwoordde op 'Hebt u "
        "nu meer rust over uw geldzaken?' en op 'Zou u de schuldhulp aanraden?'. Daarnaast "
        "dezelfde cijfers over twee jaar: de acht kwartalen tot en met het laatste kwartaal "
        "van de periode. Met minder antwoorden dan de drempel voor kleine aantallen "
        "(standaard 5) staat er geen gemiddeld cijfer. De antwoorden zijn anoniem: ze zijn "
        "niet te herleiden tot een klant of traject."
    )

    def bereken(self, ctx: Context) -> dict:
        start, eind = ctx.tijdvak.start, ctx.tijdvak.eind
        periode = Q(kwartaal__gte=_eerste_kwartaal(start), kwartaal__lte=eind)
        twee_jaar = Q(kwartaal__gte=_eerste_kwartaal(eind, TWEE_JAAR - 1), kwartaal__lte=eind)
        qs = model("tevredenheid", "Antwoord").objects.all()
        if ctx.gemeente_id is not None:
            qs = qs.filter(gemeente_id=ctx.gemeente_id)
        rij = qs.aggregate(**_aggregaten("p_", periode), **_aggregaten("t_", twee_jaar))
        laatste = Kwartaal.van_datum(eind)
        eerste = Kwartaal.van_datum(_eerste_kwartaal(eind, TWEE_JAAR - 1))
        return {
            **_uitkomst(rij, "p_"),
            "drempel": drempel(),
            "twee_jaar": {**_uitkomst(rij, "t_"), "van": eerste.naam, "tot": laatste.naam},
        }

    def regels(self, reeks: list[dict]) -> list[Regel]:
        def blok(*stap: str, wanneer: str) -> list[Regel]:
            return [
                Regel(f"Ingevulde vragenlijsten{wanneer}", pad(reeks, *stap, "aantal")),
                Regel("Gemiddeld rapportcijfer", pad(reeks, *stap, "cijfer"), "gemiddelde", 1),
                *(
                    Regel(
                        label,
                        pad(reeks, *stap, f"pct_{veld}"),
                        "pct",
                        niveau=1,
                        basis=(pad(reeks, *stap, veld), pad(reeks, *stap, "aantal")),
                    )
                    for veld, label in (
                        ("rust", "Meer rust over geldzaken (ja)"),
                        ("aanraden", "Zou de schuldhulp aanraden (ja)"),
                    )
                ),
            ]

        return [*blok(wanneer=""), *blok("twee_jaar", wanneer=" (twee jaar)")]

    def grafieken(self, reeks: list[dict], labels: list[str]) -> list[Grafiek]:
        return [trendgrafiek("Gemiddeld rapportcijfer", labels, pad(reeks, "cijfer"), "gemiddelde")]
