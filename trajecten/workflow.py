"""All transitions of a traject and their guards, in one readable table.

A transition is offered and allowed only when
  (a) the user's role may move trajecten (klantregisseur or gemeente consulent) and the user
      works for the traject's gemeente;
  (b) the package task matrix, as agreed when the traject started, gives the task behind the
      transition to the user's side (Stadsbank or gemeente);
  (c) the data it needs is there (e.g. a product before 'start uitvoering').
:func:`waarom_niet` answers with the first reason in plain Dutch, or ``None`` when allowed.
The state field itself is changed only by the django-fsm ``@transition`` methods of
:class:`TrajectWorkflow`, called from ``trajecten.services``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django_fsm import transition

from schuldhulp.pakketten import Partij, Taak
from schuldhulp.permissions import DOSSIERROLLEN, gemeente_ids


class Fase(models.TextChoices):
    """The DDAS phases of a schuldhulptraject, in journey order."""

    AANGEMELD = "aangemeld", "Aangemeld"
    INTAKE = "intake", "Eerste gesprek en intake"
    STABILISATIE = "stabilisatie", "Stabilisatie"
    FINANCIELE_RUST = "financiele_rust", "Financiële rust en plan van aanpak"
    UITVOERING = "uitvoering", "Uitvoering"
    NAZORG = "nazorg", "Nazorg"
    UITGESTROOMD = "uitgestroomd", "Uitgestroomd"


OPEN_FASEN = [f for f in Fase if f != Fase.UITGESTROOMD]


@dataclass(frozen=True)
class Overgang:
    naam: str  # the @transition method on Traject
    knop: str  # what the button says
    bron: tuple[Fase, ...]
    doel: Fase
    taak: Taak | None  # None: a Stadsbank product task (the Stadsbank delivers products)
    gebeurtenis: str  # Gebeurtenissoort value written as event row
    vereist: Callable[[object], str | None] | None = None  # data check → reason or None
    uitstroomreden: bool = False


def _heeft_lopend_product(traject) -> str | None:
    """een lopend product"""
    if not any(p.einddatum is None for p in traject.producten.all()):
        return "Start eerst een product (bijvoorbeeld budgetbeheer of schuldbemiddeling)."
    return None


def _geen_lopend_product(traject) -> str | None:
    """geen lopend product"""
    if any(p.einddatum is None for p in traject.producten.all()):
        return "Er loopt nog een product. Beëindig eerst alle producten."
    return None


OVERGANGEN: dict[str, Overgang] = {
    o.naam: o
    for o in [
        Overgang(
            "voer_eerste_gesprek",
            "Eerste gesprek vastleggen",
            (Fase.AANGEMELD,),
            Fase.INTAKE,
            Taak.INFORMATIE_VERZAMELEN,
            "eerste_gesprek",
        ),
        Overgang(
            "neem_toelatingsbesluit",
            "Toelating vastleggen",
            (Fase.INTAKE,),
            Fase.STABILISATIE,
            Taak.WGS_BESCHIKKING,
            "toelating",
        ),
        Overgang(
            "neem_afwijzingsbesluit",
            "Afwijzing vastleggen",
            (Fase.INTAKE,),
            Fase.UITGESTROOMD,
            Taak.WGS_BESCHIKKING,
            "afwijzing",
            uitstroomreden=True,
        ),
        Overgang(
            "bereik_financiele_rust",
            "Financiële rust vastleggen",
            (Fase.STABILISATIE,),
            Fase.FINANCIELE_RUST,
            Taak.ACUTE_HULP,
            "financiele_rust",
        ),
        Overgang(
            "start_uitvoering",
            "Uitvoering starten",
            (Fase.FINANCIELE_RUST,),
            Fase.UITVOERING,
            Taak.REGIE_OP_RESULTAAT,
            "start_uitvoering",
            vereist=_heeft_lopend_product,
        ),
        Overgang(
            "start_nazorg",
            "Nazorg starten",
            (Fase.UITVOERING,),
            Fase.NAZORG,
            Taak.OPMAAT_TOT_UITSTROOM,
            "start_nazorg",
            vereist=_geen_lopend_product,
        ),
        Overgang(
            "sluit_af",
            "Traject afsluiten (uitstroom)",
            (
                Fase.AANGEMELD,
                Fase.INTAKE,
                Fase.STABILISATIE,
                Fase.FINANCIELE_RUST,
                Fase.UITVOERING,
                Fase.NAZORG,
            ),
            Fase.UITGESTROOMD,
            Taak.EXITGESPREK,
            "uitstroom",
            vereist=_geen_lopend_product,  # no product (or toets) may outlive its traject
            uitstroomreden=True,
        ),
    ]
}


def partij_voor(traject, taak: Taak | None) -> Partij:
    """Who does `taak` in this traject, by the agreement in force at aanmelding."""
    return Partij.STADSBANK if taak is None else traject.afspraak.uitvoerder(taak)


def rol_en_gemeente(traject, user) -> str | None:
    """Guard (a): role and gemeente. Returns a reason or None."""
    if not (user and user.is_authenticated and user.rol in DOSSIERROLLEN):
        return "Met uw rol kunt u trajecten niet wijzigen."
    if traject.gemeente_id not in gemeente_ids(user):
        return "U werkt niet voor de gemeente van dit traject."
    return None


def taak_van_gebruiker(traject, user, taak: Taak | None) -> str | None:
    """Guard (b): the package matrix. Returns a reason or None."""
    partij = partij_voor(traject, taak)
    if user.partij != partij:
        wie = (
            "de Stadsbank (klantregisseur)"
            if partij == Partij.STADSBANK
            else "de gemeente (consulent)"
        )
        wat = taak.label if taak else "Producten"
        return (
            f"Dit doet {wie}: '{wat}' is in pakket {traject.afspraak.get_pakket_display()} "
            f"een taak van de {partij.label.lower()}."
        )
    return None


def waarom_niet(traject, overgang: Overgang, user) -> str | None:
    """The first reason why `user` may not do `overgang` now, or None when allowed."""
    if traject.fase not in overgang.bron:
        return f"Dit kan niet in fase '{Fase(traject.fase).label}'."
    reden = rol_en_gemeente(traject, user) or taak_van_gebruiker(traject, user, overgang.taak)
    if reden:
        return reden
    return overgang.vereist(traject) if overgang.vereist else None


def beschikbare_overgangen(traject, user) -> list[Overgang]:
    """The transitions this user can do now (the only buttons to show)."""
    return [o for o in OVERGANGEN.values() if waarom_niet(traject, o, user) is None]


def _mag(naam: str) -> Callable[[object, object], bool]:
    return lambda traject, user: waarom_niet(traject, OVERGANGEN[naam], user) is None


def _bron(naam: str) -> list[str]:
    return [f.value for f in OVERGANGEN[naam].bron]


def _doel(naam: str) -> str:
    return OVERGANGEN[naam].doel.value


class TrajectWorkflow(models.Model):
    """The django-fsm transitions; their bodies are empty because services write the events."""

    class Meta:
        abstract = True

    @transition(
        field="fase",
        source=_bron("voer_eerste_gesprek"),
        target=_doel("voer_eerste_gesprek"),
        permission=_mag("voer_eerste_gesprek"),
    )
    def voer_eerste_gesprek(self) -> None:
        """Aangemeld → intake: the first conversation took place."""

    @transition(
        field="fase",
        source=_bron("neem_toelatingsbesluit"),
        target=_doel("neem_toelatingsbesluit"),
        permission=_mag("neem_toelatingsbesluit"),
    )
    def neem_toelatingsbesluit(self) -> None:
        """Intake → stabilisatie: toelatingsbeschikking (Wgs)."""

    @transition(
        field="fase",
        source=_bron("neem_afwijzingsbesluit"),
        target=_doel("neem_afwijzingsbesluit"),
        permission=_mag("neem_afwijzingsbesluit"),
    )
    def neem_afwijzingsbesluit(self) -> None:
        """Intake → uitgestroomd: afwijzingsbeschikking."""

    @transition(
        field="fase",
        source=_bron("bereik_financiele_rust"),
        target=_doel("bereik_financiele_rust"),
        permission=_mag("bereik_financiele_rust"),
    )
    def bereik_financiele_rust(self) -> None:
        """Stabilisatie → financiële rust with a plan van aanpak."""

    @transition(
        field="fase",
        source=_bron("start_uitvoering"),
        target=_doel("start_uitvoering"),
        permission=_mag("start_uitvoering"),
    )
    def start_uitvoering(self) -> None:
        """Financiële rust → uitvoering (one or more products run)."""

    @transition(
        field="fase",
        source=_bron("start_nazorg"),
        target=_doel("start_nazorg"),
        permission=_mag("start_nazorg"),
    )
    def start_nazorg(self) -> None:
        """Uitvoering → nazorg."""

    @transition(
        field="fase",
        source=_bron("sluit_af"),
        target=_doel("sluit_af"),
        permission=_mag("sluit_af"),
    )
    def sluit_af(self) -> None:
        """Any open phase → uitgestroomd with a DDAS uitstroomreden."""


class Schuldregelingstatus(models.TextChoices):
    IN_VOORBEREIDING = "in_voorbereiding", "In voorbereiding"
    INGEDIEND = "ingediend", "Voorstel ingediend bij schuldeisers"
    TOEGEKEND = "toegekend", "Toegekend (akkoord)"
    AFGEWEZEN = "afgewezen", "Afgewezen"
    INGETROKKEN = "ingetrokken", "Ingetrokken"
    DWANGAKKOORD_VERZOCHT = "dwangakkoord_verzocht", "Dwangakkoord verzocht"
    DWANGAKKOORD = "dwangakkoord", "Dwangakkoord toegewezen"


S = Schuldregelingstatus
# The minnelijke regeling's own steps: name → (button, sources, target).
SCHULDREGELING_STAPPEN: dict[str, tuple[str, tuple[S, ...], S]] = {
    "dien_in": ("Voorstel ingediend", (S.IN_VOORBEREIDING,), S.INGEDIEND),
    "ken_toe": ("Akkoord schuldeisers vastleggen", (S.INGEDIEND,), S.TOEGEKEND),
    "wijs_af": ("Afwijzing vastleggen", (S.INGEDIEND,), S.AFGEWEZEN),
    "trek_in": ("Voorstel intrekken", (S.IN_VOORBEREIDING, S.INGEDIEND), S.INGETROKKEN),
    "verzoek_dwangakkoord": ("Dwangakkoord verzoeken", (S.AFGEWEZEN,), S.DWANGAKKOORD_VERZOCHT),
    "dwangakkoord_toegewezen": (
        "Dwangakkoord toegewezen",
        (S.DWANGAKKOORD_VERZOCHT,),
        S.DWANGAKKOORD,
    ),
    "dwangakkoord_afgewezen": ("Dwangakkoord afgewezen", (S.DWANGAKKOORD_VERZOCHT,), S.AFGEWEZEN),
}


def _stap(naam: str):
    _knop, bron, doel = SCHULDREGELING_STAPPEN[naam]
    return transition(
        field="schuldregeling_status", source=[b.value for b in bron], target=doel.value
    )


class SchuldregelingWorkflow(models.Model):
    class Meta:
        abstract = True

    @_stap("dien_in")
    def dien_in(self) -> None:
        """The proposal went to the creditors."""

    @_stap("ken_toe")
    def ken_toe(self) -> None:
        """All creditors agreed: the minnelijke regeling is in place."""

    @_stap("wijs_af")
    def wijs_af(self) -> None:
        """One or more creditors refused."""

    @_stap("trek_in")
    def trek_in(self) -> None:
        """The proposal was withdrawn."""

    @_stap("verzoek_dwangakkoord")
    def verzoek_dwangakkoord(self) -> None:
        """A request to the court to force the refusing creditors (art. 287a Fw)."""

    @_stap("dwangakkoord_toegewezen")
    def dwangakkoord_toegewezen(self) -> None:
        """The court granted the dwangakkoord."""

    @_stap("dwangakkoord_afgewezen")
    def dwangakkoord_afgewezen(self) -> None:
        """The court refused the dwangakkoord."""
