"""Reading the schuldregeling for the screens: the regelingen a user may see, one row per
creditor for the overview, who holds up the 120-day norm, the shares agreeing and the
history of one creditor. Every query starts from ``filter_for_user`` (another gemeente's
rows: 404). The letters' PDF bytes are never loaded for a list."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from klantplan.models import Voorstel
from klantplan.schuldregeling import aandelen
from klantplan.schuldregeling.models import (
    Bericht,
    Onderhandeling,
    Regeling,
    Saldowijziging,
)
from klantplan.schuldregeling.workflow import (
    AFGEROND,
    NIET_AKKOORD,
    WACHT_OP_SCHULDEISER,
    Berichtsoort,
    Onderhandelingstatus,
    Richting,
)
from schuldhulp import opmaak
from schuldhulp.permissions import filter_for_user
from trajecten import normen
from trajecten.models import Normbewaking, Traject
from trajecten.selectors import KlokWeergave, feestdagen, klok_weergave

NORM_120 = "schuldregeling-120"
# Who counts as agreeing: an akkoord, or bound by the court's dwangakkoord.
STEMT_IN = (Onderhandelingstatus.AKKOORD.value, Onderhandelingstatus.DWANGAKKOORD.value)
# A waiting state → the outgoing question it waits on (a reminder does not restart the wait).
VRAAG_VAN: dict[str, str] = {
    Onderhandelingstatus.SALDO_GEVRAAGD.value: Berichtsoort.SALDOVERZOEK.value,
    Onderhandelingstatus.VOORSTEL.value: Berichtsoort.BETAALVOORSTEL.value,
    Onderhandelingstatus.HEROVERWEGING.value: Berichtsoort.HEROVERWEGING.value,
}
# Columns of a message a list needs (never the PDF bytes).
_LIJSTVELDEN = (
    "pk",
    "onderhandeling_id",
    "traject_id",
    "soort",
    "richting",
    "kanaal",
    "datum",
    "volgnummer",
    "sha256",
    "door_extern",
)


def regelingen(user, traject: Traject) -> QuerySet[Regeling]:
    return (
        filter_for_user(user, Regeling.objects.select_related("product", "voorstel"))
        .filter(traject=traject)
        .order_by("-aangemaakt_op", "-pk")
    )


def regeling(user, pk: int) -> Regeling:
    return get_object_or_404(
        filter_for_user(
            user, Regeling.objects.select_related("product", "voorstel", "traject__klant")
        ),
        pk=pk,
    )


def onderhandeling(user, pk: int) -> Onderhandeling:
    return get_object_or_404(
        filter_for_user(
            user,
            Onderhandeling.objects.select_related(
                "regeling__product", "regeling__voorstel", "schuld__schuldeiser", "traject"
            ),
        ),
        pk=pk,
    )


def bericht_met_pdf(user, pk: int) -> Bericht:
    return get_object_or_404(
        filter_for_user(user, Bericht.objects.select_related("onderhandeling__schuld__schuldeiser"))
        .filter(richting=Richting.UIT)
        .exclude(pdf=None),
        pk=pk,
    )


def voorstellen(user, regeling: Regeling) -> QuerySet[Voorstel]:
    """The traject's saneringsvoorstellen of the regeling's kind, newest first."""
    return (
        filter_for_user(user, Voorstel.objects.select_related("gemaakt_door"))
        .filter(traject_id=regeling.traject_id, soort=regeling.soort)
        .order_by("-gemaakt_op", "-pk")
    )


# --- The overview -----------------------------------------------------------------------------


@dataclass
class Rij:
    """One creditor of the overview."""

    o: Onderhandeling
    oud_cent: int | None = None  # the amount the client gave, when a saldo changed it
    laatste_in: Bericht | None = None
    laatste_uit: Bericht | None = None
    wacht_sinds: date | None = None  # the last question it still owes an answer to
    wachtdagen: int | None = None
    termijn_tekst: str = ""
    te_laat: bool = False
    # Filled by the screen: the bulk messages the gate allows for this row now.
    acties: list[str] = field(default_factory=list)
    acties_tekst: str = ""

    @property
    def naam(self) -> str:
        return self.o.schuld.schuldeiser.naam

    @property
    def kenmerk(self) -> str:
        return self.o.kenmerk or self.o.schuld.kenmerk

    @property
    def vordering_cent(self) -> int:
        return self.o.schuld.actueel_bedrag_cent

    @property
    def wacht(self) -> bool:
        return self.o.status in WACHT_OP_SCHULDEISER

    @property
    def stemt_in(self) -> bool:
        return self.o.status in STEMT_IN

    @property
    def tag(self) -> str:
        """The tag colour of the state (app.css): agreed, refused, waiting, late, other."""
        if self.stemt_in:
            return "ok"
        if self.o.status in NIET_AKKOORD:
            return "fout"
        if self.wacht:
            return "overschreden" if self.te_laat else "loopt"
        return "vervallen"


@dataclass
class Overzicht:
    regeling: Regeling
    rijen: list[Rij]
    klok: KlokWeergave | None
    instemming: aandelen.Instemming
    ophouders: list[Rij] = field(default_factory=list)  # owe an answer, longest first
    bij_ons: list[Rij] = field(default_factory=list)  # waiting for a message of ours
    voorstel_verouderd: bool = False  # a saldo changed after the voorstel was chosen

    @property
    def procent_aantal(self) -> str:
        return _procent(self.instemming.procent_aantal)

    @property
    def procent_bedrag(self) -> str:
        return _procent(self.instemming.procent_bedrag)


def _procent(waarde) -> str:
    return f"{opmaak.getal(waarde, 1)}%"


def instemming(onderhandelingen) -> aandelen.Instemming:
    """The shares agreeing over these negotiations (their debts' current amounts)."""
    return aandelen.bereken(
        aandelen.Vordering(o.schuld.actueel_bedrag_cent, o.status in STEMT_IN)
        for o in onderhandelingen
    )


def klok_120(regeling: Regeling, vandaag: date) -> KlokWeergave | None:
    """The product's 120-day clock (trajecten norm ``schuldregeling-120``: from toelating,
    the start of stabilisatie, to the outcome of the schuldregeling); None for a product
    without one (a saneringskrediet)."""
    klok = (
        Normbewaking.objects.select_related("norm")
        .filter(traject_id=regeling.traject_id, product_id=regeling.product_id)
        .filter(norm__code=NORM_120)
        .first()
    )
    if klok is None:
        return None
    return klok_weergave(klok, vandaag=vandaag, feestdagen=feestdagen())


def overzicht(regeling: Regeling, vandaag: date) -> Overzicht:
    """Everything the overview shows of `regeling` (already loaded through the gate)."""
    onderhandelingen = list(
        regeling.onderhandelingen.select_related("schuld__schuldeiser").order_by(
            "schuld__schuldeiser__naam", "pk"
        )
    )
    rijen = {o.pk: Rij(o=o) for o in onderhandelingen}
    berichten = (
        Bericht.objects.filter(onderhandeling__regeling=regeling)
        .only(*_LIJSTVELDEN)
        .order_by("datum", "pk")
    )
    for b in berichten:
        rij = rijen[b.onderhandeling_id]
        if b.richting == Richting.IN:
            rij.laatste_in = b
        else:
            rij.laatste_uit = b
            if b.soort == VRAAG_VAN.get(rij.o.status):
                rij.wacht_sinds = b.datum
    oud = {}
    for w in Saldowijziging.objects.filter(
        schuld_id__in=[o.schuld_id for o in onderhandelingen]
    ).order_by("aangemaakt_op", "pk"):
        oud.setdefault(w.schuld_id, w.oud_cent)  # the first: what the client gave
    for rij in rijen.values():
        rij.oud_cent = oud.get(rij.o.schuld_id)
        if rij.wacht and rij.o.termijn_tot:
            rij.termijn_tekst = normen.resterend_tekst(
                peildatum=vandaag, deadline=rij.o.termijn_tot, eenheid="kalenderdagen"
            )
            rij.te_laat = vandaag > rij.o.termijn_tot
        if rij.wacht and rij.wacht_sinds:
            rij.wachtdagen = (vandaag - rij.wacht_sinds).days
        else:
            rij.wacht_sinds = None
    lijst = list(rijen.values())
    ophouders = sorted(
        (r for r in lijst if r.wacht),
        key=lambda r: (r.wacht_sinds or vandaag, r.naam, r.o.pk),
    )
    bij_ons = [r for r in lijst if not r.wacht and r.o.status not in AFGEROND]
    return Overzicht(
        regeling=regeling,
        rijen=lijst,
        klok=klok_120(regeling, vandaag),
        instemming=instemming(onderhandelingen),
        ophouders=ophouders,
        bij_ons=bij_ons,
        voorstel_verouderd=regeling.voorstel_id is not None
        and any(o.aangeboden_cent is None for o in onderhandelingen),
    )


# --- One creditor's history -------------------------------------------------------------------


def geschiedenis(o: Onderhandeling) -> list[Bericht]:
    """All messages in and out of this creditor, oldest first (PDF bytes not loaded)."""
    return list(
        Bericht.objects.filter(onderhandeling=o)
        .only(*_LIJSTVELDEN, "inhoud", "door", "printdatum")
        .select_related("door")
        .order_by("datum", "pk")
    )


def saldowijzigingen(o: Onderhandeling) -> QuerySet[Saldowijziging]:
    return Saldowijziging.objects.filter(schuld_id=o.schuld_id).select_related("door")
