"""Every write of vroegsignalering. Views, the API, imports, tasks and commands call these.

Signals of one gemeente are taken in one at a time (a PostgreSQL advisory lock per
gemeente), so two deliveries for the same household cannot open two cases. The grouping
rule: an open case with the same BSN, else an open case at the same postcode + huisnummer
(the household), else a new case.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from schuldhulp import audit
from schuldhulp.models import Gebruiker, Gemeente, Klant
from schuldhulp.permissions import gemeente_ids, mag_dossiers_zien
from schuldhulp.services import klant_opslaan
from schuldhulp.validators import normaliseer_bsn, normaliseer_postcode
from trajecten import normen
from trajecten.models import Aanmeldkanaal, BedreigendeSituatie, Doorlooptijdnorm, Traject
from trajecten.normbewaking import extra_feestdagen, norm_op, normen_voor_gemeente
from trajecten.services import Geweigerd, meld_aan
from trajecten.vroegsignalering import csvimport
from trajecten.vroegsignalering.models import (
    NORMCODE,
    OPEN_STATUSSEN,
    Bron,
    Contactpoging,
    Contactsoort,
    Dagdeel,
    ImportBatch,
    SignaalPartner,
    Signaalstatus,
    Signaalzaak,
    Sluitreden,
    Vroegsignaal,
    Zaakstatus,
)
from trajecten.vroegsignalering.validatie import (
    Fout,
    SignaalGegevens,
    adres_sleutel,
    controleer_csv_rij,
)

__all__ = ["Geweigerd"]

logger = logging.getLogger(__name__)

SLOT_NAAMRUIMTE = 4104  # first key of the advisory lock (second: gemeente id)
KANDIDATEN_GRENS = 200  # above this many signals, load all open cases of the gemeente
BATCH_GROOTTE = 2000
MAX_BESTAND_BYTES = 25 * 1024 * 1024
DIRECT_MAX_RIJEN = 2000  # larger lists are checked and stored by a Celery task
MAX_OPGESLAGEN_FOUTEN = 5000
VOORBEELD_RIJEN = 25
ONBEVESTIGD_BEWAREN_DAGEN = 7


# --------------------------------------------------------------------------- access


def vereis_gemeente(user: Gebruiker, gemeente_id: int) -> None:
    """Writes on cases: a dossier role that works for the case's gemeente."""
    if not mag_dossiers_zien(user):
        raise Geweigerd("Met uw rol kunt u geen vroegsignalen behandelen.")
    if gemeente_id not in gemeente_ids(user):
        raise Geweigerd("U werkt niet voor deze gemeente.")


def _vergrendel_zaak(zaak_id: int, door: Gebruiker) -> Signaalzaak:
    zaak = Signaalzaak.objects.select_for_update().select_related("gemeente").get(pk=zaak_id)
    vereis_gemeente(door, zaak.gemeente_id)
    return zaak


def _vergrendel_gemeente(gemeente_id: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [SLOT_NAAMRUIMTE, gemeente_id])


# --------------------------------------------------------------------------- the clock


@dataclass
class Normcontext:
    """The norm rows per gemeente and the extra holidays, loaded once per job."""

    peildatum: date
    feestdagen: frozenset[date] = field(default_factory=frozenset)
    _per_gemeente: dict[int, list[Doorlooptijdnorm]] = field(default_factory=dict)

    @classmethod
    def laad(cls, peildatum: date | None = None) -> Normcontext:
        return cls(peildatum=peildatum or timezone.localdate(), feestdagen=extra_feestdagen())

    def rijen(self, gemeente_id: int) -> list[Doorlooptijdnorm]:
        if gemeente_id not in self._per_gemeente:
            self._per_gemeente[gemeente_id] = normen_voor_gemeente(gemeente_id).get(NORMCODE, [])
        return self._per_gemeente[gemeente_id]


def bereken_klok(zaak: Signaalzaak, ctx: Normcontext) -> None:
    """Norm 'eerste contact binnen 2 weken': from the first signal to the first contact.

    The norm row is the one in force on the day the first signal came in (the gemeente's
    own row before the default). A case that is closed is judged on its closing day.
    """
    norm = norm_op(ctx.rijen(zaak.gemeente_id), zaak.eerste_signaal_op)
    if norm is None:
        zaak.klok_norm, zaak.klok_deadline, zaak.klok_status = None, None, ""
        return
    deadline = normen.bereken_deadline(
        zaak.eerste_signaal_op,
        norm.termijn,
        norm.eenheid,
        wettelijk=norm.wettelijk,
        extra_feestdagen=ctx.feestdagen,
    )
    peildatum = ctx.peildatum
    if zaak.status not in OPEN_STATUSSEN and zaak.afgehandeld_op:
        peildatum = min(peildatum, zaak.afgehandeld_op)
    zaak.klok_norm = norm
    zaak.klok_deadline = deadline
    zaak.klok_status = normen.bepaal_status(
        start=zaak.eerste_signaal_op,
        deadline=deadline,
        peildatum=max(peildatum, zaak.eerste_signaal_op),
        gehaald_op=zaak.eerste_contact_op,
        dreig_fractie=norm.dreigpercentage / 100,
    ).value


KLOKVELDEN = ["klok_norm", "klok_deadline", "klok_status"]


def ververs_klokken(*, vandaag: date | None = None) -> dict[str, int]:
    """Daily: recompute the clock of every open case (norm rows can change; idempotent)."""
    ctx = Normcontext.laad(vandaag)
    gewijzigd: list[Signaalzaak] = []
    aantal = 0
    zaken = Signaalzaak.objects.filter(status__in=OPEN_STATUSSEN).only(
        "pk",
        "gemeente_id",
        "status",
        "eerste_signaal_op",
        "eerste_contact_op",
        "afgehandeld_op",
        "klok_norm_id",
        "klok_deadline",
        "klok_status",
    )
    for zaak in zaken.iterator(chunk_size=BATCH_GROOTTE):
        aantal += 1
        voor = (zaak.klok_norm_id, zaak.klok_deadline, zaak.klok_status)
        bereken_klok(zaak, ctx)
        if (zaak.klok_norm_id, zaak.klok_deadline, zaak.klok_status) != voor:
            gewijzigd.append(zaak)
    with transaction.atomic():
        Signaalzaak.objects.bulk_update(gewijzigd, KLOKVELDEN, batch_size=1000)
    uitkomst = {"open_zaken": aantal, "klokken_gewijzigd": len(gewijzigd)}
    logger.info("Vroegsignalering klokken %s: %s", ctx.peildatum.isoformat(), uitkomst)
    return uitkomst


# --------------------------------------------------------------------------- grouping


@dataclass
class _Signaalinfo:
    """What the case summary needs from one signal."""

    partner_naam: str
    soort_achterstand: str
    bedrag_centen: int
    ontvangen_op: date
    volgorde: int


def werk_samenvatting_bij(zaak: Signaalzaak, signalen: Iterable[_Signaalinfo]) -> None:
    """Counts, first/last date and the current arrears (latest amount per partner + kind)."""
    lijst = sorted(signalen, key=lambda s: (s.ontvangen_op, s.volgorde))
    zaak.aantal_signalen = len(lijst)
    zaak.aantal_partners = len({s.partner_naam.casefold() for s in lijst})
    zaak.eerste_signaal_op = lijst[0].ontvangen_op
    zaak.laatste_signaal_op = lijst[-1].ontvangen_op
    laatste: dict[tuple[str, str], int] = {}
    for s in lijst:
        laatste[(s.partner_naam.casefold(), s.soort_achterstand)] = s.bedrag_centen
    zaak.achterstand_centen = sum(laatste.values())


class Zaakindex:
    """Open cases of one gemeente by BSN and by address, to place new signals in."""

    def __init__(self) -> None:
        self.per_bsn: dict[str, object] = {}
        self.per_adres: dict[str, object] = {}

    @classmethod
    def laad(
        cls, gemeente_id: int, items: list[SignaalGegevens], *, vergrendel: bool
    ) -> tuple[Zaakindex, dict[int, Signaalzaak]]:
        qs = Signaalzaak.objects.filter(gemeente_id=gemeente_id, status__in=OPEN_STATUSSEN)
        if len(items) <= KANDIDATEN_GRENS:
            bsns = {i.bsn for i in items if i.bsn}
            postcodes = {i.postcode for i in items}
            qs = qs.filter(Q(bsn__in=bsns) | Q(postcode__in=postcodes))
        if vergrendel:
            qs = qs.select_for_update()
        index = cls()
        zaken: dict[int, Signaalzaak] = {}
        for zaak in qs.order_by("pk"):
            zaken[zaak.pk] = zaak
            index.voeg_toe(
                zaak.pk, bsn=zaak.bsn, postcode=zaak.postcode, huisnummer=zaak.huisnummer
            )
        return index, zaken

    def voeg_toe(self, sleutel: object, *, bsn: str, postcode: str, huisnummer: str) -> None:
        if bsn:
            self.per_bsn.setdefault(bsn, sleutel)
        if postcode and huisnummer:
            self.per_adres.setdefault(adres_sleutel(postcode, huisnummer), sleutel)

    def zoek(self, item: SignaalGegevens) -> object | None:
        if item.bsn and item.bsn in self.per_bsn:
            return self.per_bsn[item.bsn]
        return self.per_adres.get(item.adres_sleutel)


@dataclass
class Plan:
    """Where each new signal goes: an existing case (its pk) or a new one ('nieuw', n)."""

    toewijzing: list[tuple[SignaalGegevens, object]]
    dubbel: list[SignaalGegevens]
    nieuwe_zaken: int
    bestaande_zaken: set[int]


def _bestaande_sleutels(gemeente_id: int, sleutels: list[str]) -> set[str]:
    gevonden: set[str] = set()
    for i in range(0, len(sleutels), 5000):
        gevonden.update(
            Vroegsignaal.objects.filter(
                gemeente_id=gemeente_id, rij_sleutel__in=sleutels[i : i + 5000]
            ).values_list("rij_sleutel", flat=True)
        )
    return gevonden


def plan_signalen(
    gemeente_id: int, items: list[SignaalGegevens], *, index: Zaakindex, met_sleutels: bool
) -> Plan:
    """Group the signals into cases (no writes). Rows read in before are left out."""
    dubbel: list[SignaalGegevens] = []
    if met_sleutels:
        for item in items:
            item.rij_sleutel = item.bereken_rij_sleutel(gemeente_id)
        al_ingelezen = _bestaande_sleutels(gemeente_id, [i.rij_sleutel for i in items])
        gezien: set[str] = set()
        uniek = []
        for item in items:
            if item.rij_sleutel in al_ingelezen or item.rij_sleutel in gezien:
                dubbel.append(item)
            else:
                gezien.add(item.rij_sleutel)
                uniek.append(item)
        items = uniek
    toewijzing: list[tuple[SignaalGegevens, object]] = []
    nieuw = 0
    bestaand: set[int] = set()
    # Oldest first, so a case's person data comes from its first signal.
    for item in sorted(items, key=lambda i: (i.ontvangen_op, i.rij)):
        sleutel = index.zoek(item)
        if sleutel is None:
            sleutel = ("nieuw", nieuw)
            nieuw += 1
        elif isinstance(sleutel, int):
            bestaand.add(sleutel)
        index.voeg_toe(sleutel, bsn=item.bsn, postcode=item.postcode, huisnummer=item.huisnummer)
        toewijzing.append((item, sleutel))
    return Plan(toewijzing=toewijzing, dubbel=dubbel, nieuwe_zaken=nieuw, bestaande_zaken=bestaand)


def _vul_aan(zaak: Signaalzaak, item: SignaalGegevens) -> None:
    """Later signals fill in what the case does not know yet (never overwrite)."""
    for veld, waarde in item.persoonsgegevens().items():
        if waarde and not getattr(zaak, veld):
            setattr(zaak, veld, waarde)


def _nieuwe_zaak(gemeente_id: int, item: SignaalGegevens) -> Signaalzaak:
    zaak = Signaalzaak(
        gemeente_id=gemeente_id,
        status=Zaakstatus.NIEUW,
        eerste_signaal_op=item.ontvangen_op,
        laatste_signaal_op=item.ontvangen_op,
        postcodegebied=item.postcode[:4],
        **item.persoonsgegevens(),
    )
    return zaak


def _signaal(zaak: Signaalzaak, item: SignaalGegevens, **extra) -> Vroegsignaal:
    status = Signaalstatus.IN_BEHANDELING if zaak.eerste_contact_op else Signaalstatus.NIEUW
    return Vroegsignaal(
        zaak=zaak,
        gemeente_id=zaak.gemeente_id,
        partner_soort=item.partner_soort,
        partner_naam=item.partner_naam,
        partner_signaal_id=item.partner_signaal_id,
        rij_sleutel=item.rij_sleutel,
        soort_achterstand=item.soort_achterstand,
        bedrag_centen=item.bedrag_centen,
        maanden_achterstand=item.maanden_achterstand,
        ontvangen_op=item.ontvangen_op,
        status=status,
        **item.persoonsgegevens(),
        **extra,
    )


def voeg_in(model: type[Signaalzaak] | type[Vroegsignaal], objecten: list) -> None:
    """Insert new rows with PostgreSQL COPY: a 50,000-row list in seconds instead of the
    half minute of bulk_create. The ids are taken from the table's own sequence first, so
    later rows can refer to them. Call inside the transaction; errors are Django's."""
    if not objecten:
        return
    tabel = model._meta.db_table
    velden = list(model._meta.concrete_fields)
    kolommen = ", ".join(connection.ops.quote_name(f.column) for f in velden)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [tabel, len(objecten)],
        )
        for obj, (pk,) in zip(objecten, cursor.fetchall(), strict=True):
            obj.pk = pk
        sql = f"COPY {connection.ops.quote_name(tabel)} ({kolommen}) FROM STDIN"
        with connection.wrap_database_errors, cursor.cursor.copy(sql) as copy:
            for obj in objecten:
                # pre_save fills auto_now(_add) timestamps, as save() would.
                copy.write_row([f.pre_save(obj, True) for f in velden])
    for obj in objecten:
        obj._state.adding = False
        obj._state.db = connection.alias


SAMENVATTINGSVELDEN = [
    "eerste_signaal_op",
    "laatste_signaal_op",
    "aantal_signalen",
    "aantal_partners",
    "achterstand_centen",
    *KLOKVELDEN,
    *Signaalzaak.PERSOONSVELDEN,
    "geboortedatum",
]


def _sla_signalen_op(
    gemeente_id: int,
    items: list[SignaalGegevens],
    *,
    bron: str,
    met_sleutels: bool,
    partner: SignaalPartner | None = None,
    batch: ImportBatch | None = None,
    ctx: Normcontext | None = None,
) -> tuple[list[Vroegsignaal], Plan]:
    """Place and store signals (call inside a transaction; takes the gemeente lock)."""
    ctx = ctx or Normcontext.laad()
    _vergrendel_gemeente(gemeente_id)
    index, bestaande = Zaakindex.laad(gemeente_id, items, vergrendel=True)
    plan = plan_signalen(gemeente_id, items, index=index, met_sleutels=met_sleutels)

    per_zaak: dict[object, list[SignaalGegevens]] = defaultdict(list)
    for item, sleutel in plan.toewijzing:
        per_zaak[sleutel].append(item)
    nieuwe: dict[object, Signaalzaak] = {}
    for sleutel, lijst in per_zaak.items():
        if isinstance(sleutel, int):
            for item in lijst:
                _vul_aan(bestaande[sleutel], item)
            continue
        zaak = _nieuwe_zaak(gemeente_id, lijst[0])
        for item in lijst[1:]:
            _vul_aan(zaak, item)
        werk_samenvatting_bij(
            zaak,
            (
                _Signaalinfo(
                    i.partner_naam, i.soort_achterstand, i.bedrag_centen, i.ontvangen_op, n
                )
                for n, i in enumerate(lijst)
            ),
        )
        bereken_klok(zaak, ctx)
        nieuwe[sleutel] = zaak
    voeg_in(Signaalzaak, list(nieuwe.values()))

    extra = {"bron": bron, "partner": partner, "importbatch": batch}
    signalen = [
        _signaal(nieuwe.get(sleutel) or bestaande[sleutel], item, **extra)
        for item, sleutel in plan.toewijzing
    ]
    voeg_in(Vroegsignaal, signalen)

    # Existing cases: recompute their summary from all their signals (old and new).
    geraakt = [bestaande[pk] for pk in sorted(plan.bestaande_zaken)]
    if geraakt:
        infos: dict[int, list[_Signaalinfo]] = defaultdict(list)
        ids = [z.pk for z in geraakt]
        for i in range(0, len(ids), 5000):
            for rij in Vroegsignaal.objects.filter(zaak_id__in=ids[i : i + 5000]).values_list(
                "zaak_id",
                "partner_naam",
                "soort_achterstand",
                "bedrag_centen",
                "ontvangen_op",
                "pk",
            ):
                infos[rij[0]].append(_Signaalinfo(*rij[1:]))
        for zaak in geraakt:
            werk_samenvatting_bij(zaak, infos[zaak.pk])
            bereken_klok(zaak, ctx)
        Signaalzaak.objects.bulk_update(geraakt, SAMENVATTINGSVELDEN, batch_size=1000)
    return signalen, plan


# --------------------------------------------------------------------------- the API


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _nieuw_token() -> str:
    return "vs_" + secrets.token_urlsafe(32)


@transaction.atomic
def maak_partner(
    *, naam: str, soort: str, gemeenten: Iterable[Gemeente]
) -> tuple[SignaalPartner, str]:
    """A new signal partner; returns the token (shown once, only its hash is stored)."""
    naam = naam.strip()
    if not naam:
        raise Geweigerd("Geef de naam van de partner op.")
    if SignaalPartner.objects.filter(naam__iexact=naam).exists():
        raise Geweigerd(f"Er is al een signaalpartner met de naam '{naam}'.")
    partner = SignaalPartner(naam=naam, soort=soort)
    token = zet_token(partner=partner)
    try:
        partner.full_clean(exclude=["token_hash", "token_begin"])
    except ValidationError as exc:
        raise Geweigerd(" ".join(exc.messages)) from exc
    partner.save()
    partner.gemeenten.set(list(gemeenten))
    return partner, token


def zet_token(*, partner: SignaalPartner) -> str:
    """Give `partner` a new token (the old one stops working when saved)."""
    token = _nieuw_token()
    partner.token_hash = _hash_token(token)
    partner.token_begin = token[:10]
    return token


@transaction.atomic
def vernieuw_token(*, partner_id: int) -> str:
    partner = SignaalPartner.objects.select_for_update().get(pk=partner_id)
    token = zet_token(partner=partner)
    partner.save(update_fields=["token_hash", "token_begin"])
    return token


def partner_voor_token(token: str) -> SignaalPartner | None:
    """The active partner with this token, or None. Only hashes are compared."""
    if not token or len(token) > 200:
        return None
    partner = SignaalPartner.objects.filter(token_hash=_hash_token(token), actief=True).first()
    if partner is not None:
        SignaalPartner.objects.filter(pk=partner.pk).update(laatst_gebruikt_op=timezone.now())
    return partner


@dataclass
class Ontvangst:
    signaal: Vroegsignaal
    nieuw: bool


@transaction.atomic
def ontvang_api_signaal(
    *, partner: SignaalPartner, gemeente: Gemeente, gegevens: SignaalGegevens
) -> Ontvangst:
    """Store one signal from the API. The same (partner, signaal_id) again: the first one."""
    if not partner.gemeenten.filter(pk=gemeente.pk).exists():
        raise Geweigerd("U mag geen signalen leveren voor deze gemeente.")
    _vergrendel_gemeente(gemeente.pk)
    bestaand = Vroegsignaal.objects.filter(
        partner=partner, partner_signaal_id=gegevens.partner_signaal_id
    ).first()
    if bestaand is not None:
        return Ontvangst(signaal=bestaand, nieuw=False)
    try:
        with transaction.atomic():
            signalen, _ = _sla_signalen_op(
                gemeente.pk, [gegevens], bron=Bron.API, met_sleutels=False, partner=partner
            )
    except IntegrityError:
        # The same signal id for another gemeente at the same moment: the first one wins.
        bestaand = Vroegsignaal.objects.filter(
            partner=partner, partner_signaal_id=gegevens.partner_signaal_id
        ).first()
        if bestaand is None:
            raise
        return Ontvangst(signaal=bestaand, nieuw=False)
    signaal = signalen[0]
    audit.import_uitgevoerd(
        request=None,
        soort="vroegsignaal-api",
        gemeente_id=gemeente.pk,
        omschrijving=(
            f"Vroegsignaal {signaal.pk} van signaalpartner {partner.pk} (zaak {signaal.zaak_id})"
        ),
    )
    return Ontvangst(signaal=signaal, nieuw=True)


# --------------------------------------------------------------------------- case work


def _markeer_signalen(zaak: Signaalzaak, status: str) -> None:
    Vroegsignaal.objects.filter(zaak=zaak).update(status=status)


@transaction.atomic
def registreer_contactpoging(
    *,
    zaak_id: int,
    door: Gebruiker,
    soort: str,
    datum: date,
    dagdeel: str,
    bereikt: bool,
    notitie: str = "",
) -> Contactpoging:
    """An attempt to reach the person; the first successful one stops the clock."""
    zaak = _vergrendel_zaak(zaak_id, door)
    if not zaak.is_open:
        raise Geweigerd("Deze zaak is afgehandeld. U kunt geen contactpoging meer vastleggen.")
    if soort not in Contactsoort.values:
        raise Geweigerd("Kies hoe u contact zocht (brief, telefoon, e-mail, sms of huisbezoek).")
    if dagdeel not in Dagdeel.values:
        raise Geweigerd("Kies het dagdeel: ochtend, middag of avond.")
    if datum > timezone.localdate():
        raise Geweigerd("De datum ligt in de toekomst. Leg alleen vast wat al gebeurd is.")
    if datum < zaak.eerste_signaal_op:
        raise Geweigerd(
            f"De datum ligt voor het eerste signaal ({zaak.eerste_signaal_op:%d-%m-%Y})."
        )
    poging = Contactpoging.objects.create(
        zaak=zaak,
        soort=soort,
        datum=datum,
        dagdeel=dagdeel,
        bereikt=bereikt,
        notitie=notitie.strip(),
        door=door,
    )
    if bereikt:
        voor = audit.momentopname(zaak)
        if zaak.eerste_contact_op is None or datum < zaak.eerste_contact_op:
            zaak.eerste_contact_op = datum
        zaak.status = Zaakstatus.IN_CONTACT
        bereken_klok(zaak, Normcontext.laad())
        zaak.save()
        _markeer_signalen(zaak, Signaalstatus.IN_BEHANDELING)
        audit.dossier_gewijzigd(
            request=None, obj=zaak, voor=voor, gebruiker=door, omschrijving="Eerste contact"
        )
    audit.dossier_aangemaakt(
        request=None, obj=poging, gebruiker=door, omschrijving=f"Contactpoging zaak {zaak.pk}"
    )
    return poging


@transaction.atomic
def sluit_zaak(
    *, zaak_id: int, door: Gebruiker, reden: str, datum: date, toelichting: str = ""
) -> Signaalzaak:
    """Close a case without an aanmelding, with a reason."""
    zaak = _vergrendel_zaak(zaak_id, door)
    if not zaak.is_open:
        raise Geweigerd("Deze zaak is al afgehandeld.")
    if reden not in Sluitreden.values:
        raise Geweigerd("Kies een reden om de zaak te sluiten.")
    if reden == Sluitreden.ANDERS and not toelichting.strip():
        raise Geweigerd("Licht de reden 'anders' toe.")
    if datum > timezone.localdate():
        raise Geweigerd("De datum ligt in de toekomst.")
    if datum < zaak.eerste_signaal_op:
        raise Geweigerd(
            f"De datum ligt voor het eerste signaal ({zaak.eerste_signaal_op:%d-%m-%Y})."
        )
    voor = audit.momentopname(zaak)
    zaak.status = Zaakstatus.GESLOTEN
    zaak.sluitreden = reden
    zaak.afgehandeld_op = datum
    zaak.afsluittoelichting = toelichting.strip()
    zaak.afgehandeld_door = door
    bereken_klok(zaak, Normcontext.laad())
    zaak.save()
    _markeer_signalen(zaak, Signaalstatus.AFGEHANDELD)
    audit.dossier_gewijzigd(
        request=None, obj=zaak, voor=voor, gebruiker=door, omschrijving="Signaalzaak gesloten"
    )
    return zaak


@dataclass
class Klantgegevens:
    bsn: str
    voornamen: str
    achternaam: str
    geboortedatum: date
    postcode: str
    tussenvoegsel: str = ""
    straat: str = ""
    huisnummer: str = ""
    woonplaats: str = ""
    telefoon: str = ""
    email: str = ""


@dataclass
class Omzetting:
    traject: Traject
    klant: Klant
    klant_nieuw: bool


@transaction.atomic
def zet_om_naar_aanmelding(
    *,
    zaak_id: int,
    door: Gebruiker,
    klantgegevens: Klantgegevens,
    datum: date,
    reden_terugdatering: str = "",
    bedreigende_situatie: str = "",
    toelichting: str = "",
) -> Omzetting:
    """Turn a case into an aanmelding: the klant (made if new) and a traject via
    vroegsignalering. All or nothing: a refused aanmelding leaves no new klant behind."""
    zaak = _vergrendel_zaak(zaak_id, door)
    if not zaak.is_open:
        raise Geweigerd("Deze zaak is al afgehandeld.")
    if datum < zaak.eerste_signaal_op:
        raise Geweigerd(
            f"De aanmelddatum ligt voor het eerste signaal ({zaak.eerste_signaal_op:%d-%m-%Y})."
        )
    if bedreigende_situatie and bedreigende_situatie not in BedreigendeSituatie.values:
        raise Geweigerd("Kies een bedreigende situatie uit de lijst, of laat het veld leeg.")
    bsn = normaliseer_bsn(klantgegevens.bsn)
    klant = Klant.objects.filter(bsn=bsn).first()
    klant_nieuw = klant is None
    if klant is not None and klant.gemeente_id != zaak.gemeente_id:
        raise Geweigerd(
            "Er is al een klant met dit BSN bij een andere gemeente. Neem contact op met de "
            "functioneel beheerder."
        )
    if klant is None:
        klant = Klant(
            gemeente=zaak.gemeente,
            bsn=bsn,
            voornamen=klantgegevens.voornamen.strip(),
            tussenvoegsel=klantgegevens.tussenvoegsel.strip(),
            achternaam=klantgegevens.achternaam.strip(),
            geboortedatum=klantgegevens.geboortedatum,
            straat=klantgegevens.straat.strip(),
            huisnummer=klantgegevens.huisnummer.strip(),
            postcode=normaliseer_postcode(klantgegevens.postcode),
            woonplaats=klantgegevens.woonplaats.strip(),
            telefoon=klantgegevens.telefoon.strip(),
            email=klantgegevens.email.strip(),
            contactpersoon=door,
        )
        try:
            klant_opslaan(klant=klant, door=door)
        except ValidationError as exc:
            raise Geweigerd(" ".join(exc.messages)) from exc
    traject = meld_aan(
        klant=klant,
        door=door,
        datum=datum,
        kanaal=Aanmeldkanaal.VROEGSIGNALERING,
        bedreigende_situatie=bedreigende_situatie,
        behandelaar=door,
        toelichting=toelichting,
        reden_terugdatering=reden_terugdatering,
        signaaldatum=zaak.eerste_signaal_op,
    )
    voor = audit.momentopname(zaak)
    # What the inwoner told us fills the gaps of what the partners delivered.
    for veld, waarde in vars(klantgegevens).items():
        if waarde and not getattr(zaak, veld):
            setattr(zaak, veld, waarde)
    zaak.traject = traject
    zaak.status = Zaakstatus.AANGEMELD
    zaak.afgehandeld_op = datum
    zaak.afgehandeld_door = door
    # An aanmelding means the person was reached, also when no attempt was recorded.
    if zaak.eerste_contact_op is None:
        zaak.eerste_contact_op = datum
    bereken_klok(zaak, Normcontext.laad())
    zaak.save()
    _markeer_signalen(zaak, Signaalstatus.AFGEHANDELD)
    audit.dossier_gewijzigd(
        request=None, obj=zaak, voor=voor, gebruiker=door, omschrijving="Omgezet in aanmelding"
    )
    return Omzetting(traject=traject, klant=klant, klant_nieuw=klant_nieuw)


# --------------------------------------------------------------------------- CSV lists


class AlIngelezen(Geweigerd):
    """The same file was read in before for this gemeente."""

    def __init__(self, batch: ImportBatch) -> None:
        self.batch = batch
        super().__init__(
            f"Dit bestand is al eerder ingelezen op "
            f"{timezone.localtime(batch.aangemaakt_op):%d-%m-%Y %H:%M}. "
            "Er is niets dubbel opgeslagen."
        )


AKTIEVE_BATCHSTATUSSEN = [
    ImportBatch.Status.CONTROLEREN,
    ImportBatch.Status.GECONTROLEERD,
    ImportBatch.Status.BEVESTIGD,
    ImportBatch.Status.VERWERKEN,
    ImportBatch.Status.VERWERKT,
]


def _start_taak(taaknaam: str, batch_id: int) -> None:
    from trajecten.vroegsignalering import tasks  # the tasks module imports this one

    taak = getattr(tasks, taaknaam)
    transaction.on_commit(lambda: taak.delay(batch_id))


def _is_groot(inhoud: bytes) -> bool:
    return inhoud.count(b"\n") > DIRECT_MAX_RIJEN


def upload_lijst(
    *, gemeente: Gemeente, door: Gebruiker, bestandsnaam: str, inhoud: bytes
) -> ImportBatch:
    """Store an uploaded list and check it: at once when it is small, else in a Celery
    task (the page polls its progress). No signal is stored until the user confirms."""
    vereis_gemeente(door, gemeente.pk)
    if not inhoud:
        raise Geweigerd("Het bestand is leeg.")
    if len(inhoud) > MAX_BESTAND_BYTES:
        raise Geweigerd("Het bestand is te groot (meer dan 25 MB). Splits de lijst op.")
    sha = hashlib.sha256(inhoud).hexdigest()
    with transaction.atomic():
        bestaand = ImportBatch.objects.filter(
            gemeente=gemeente, sha256=sha, status__in=AKTIEVE_BATCHSTATUSSEN
        ).first()
        if bestaand is not None:
            raise AlIngelezen(bestaand)
        try:
            with transaction.atomic():
                batch = ImportBatch.objects.create(
                    gemeente=gemeente,
                    bestandsnaam=bestandsnaam[:255],
                    sha256=sha,
                    inhoud=inhoud,
                    grootte=len(inhoud),
                    geupload_door=door,
                )
        except IntegrityError as exc:  # the same file uploaded twice at the same moment
            bestaand = ImportBatch.objects.filter(
                gemeente=gemeente, sha256=sha, status__in=AKTIEVE_BATCHSTATUSSEN
            ).first()
            if bestaand is None:
                raise Geweigerd("Dit bestand wordt al ingelezen.") from exc
            raise AlIngelezen(bestaand) from exc
        if _is_groot(inhoud):
            _start_taak("controleer_import", batch.pk)
    if not _is_groot(inhoud):
        batch = controleer_batch(batch_id=batch.pk)
    return batch


@dataclass
class _Leesuitkomst:
    geldig: list[SignaalGegevens]
    fouten: list[Fout]
    totaal: int


def _lees_en_controleer(batch: ImportBatch, bestand: csvimport.Bestand) -> _Leesuitkomst:
    """Check every row; progress is written every BATCH_GROOTTE rows (committed at once,
    so the polling page sees it)."""
    vandaag = timezone.localdate()
    totaal = bestand.tel_rijen()
    ImportBatch.objects.filter(pk=batch.pk).update(totaal_rijen=totaal, gecontroleerd_rijen=0)
    geldig: list[SignaalGegevens] = []
    fouten: list[Fout] = []
    for aantal, (regel, waarden, velden) in enumerate(bestand.rijen(), start=1):
        if waarden is None:
            fouten.append(
                Fout(
                    veld=None,
                    melding=(
                        f"Deze rij heeft {velden} veld{'en' if velden != 1 else ''}, de kopregel "
                        f"{len(bestand.kolommen)}. Gebruikt deze rij een ander scheidingsteken "
                        f"dan '{bestand.scheidingsteken}', of staat er een "
                        f"'{bestand.scheidingsteken}' in een veld zonder aanhalingstekens?"
                    ),
                    rij=regel,
                )
            )
        else:
            item, rijfouten = controleer_csv_rij(waarden, rij=regel, vandaag=vandaag)
            if item is not None:
                geldig.append(item)
            fouten.extend(rijfouten)
        if aantal % BATCH_GROOTTE == 0:
            ImportBatch.objects.filter(pk=batch.pk).update(gecontroleerd_rijen=aantal)
    return _Leesuitkomst(geldig=geldig, fouten=fouten, totaal=totaal)


def _voorbeeld(plan: Plan) -> list[dict]:
    rijen = []
    for item, sleutel in sorted(plan.toewijzing, key=lambda t: t[0].rij)[:VOORBEELD_RIJEN]:
        rijen.append(
            {
                "rij": item.rij,
                "partner": item.partner_naam,
                "partner_soort": item.partner_soort,
                "soort": item.soort_achterstand,
                "bedrag_centen": item.bedrag_centen,
                "maanden": item.maanden_achterstand,
                "ontvangen_op": item.ontvangen_op.isoformat(),
                "naam": " ".join(
                    p for p in (item.voornamen, item.tussenvoegsel, item.achternaam) if p
                ),
                "adres": f"{item.postcode} {item.huisnummer}",
                "bsn_bekend": bool(item.bsn),
                "zaak": "bestaand" if isinstance(sleutel, int) else "nieuw",
            }
        )
    return rijen


def controleer_batch(*, batch_id: int) -> ImportBatch:
    """Check a list and prepare the preview (no signals are stored). Idempotent."""
    batch = ImportBatch.objects.get(pk=batch_id)
    if batch.status != ImportBatch.Status.CONTROLEREN:
        return batch
    try:
        bestand = csvimport.lees(bytes(batch.inhoud or b""))
        uitkomst = _lees_en_controleer(batch, bestand)  # a broken line is a file error too
    except csvimport.Bestandsfout as exc:
        batch.status = ImportBatch.Status.AFGEKEURD
        batch.bestandsfout = str(exc)
        batch.inhoud = None
        batch.save()
        return batch
    index, _ = Zaakindex.laad(batch.gemeente_id, uitkomst.geldig, vergrendel=False)
    plan = plan_signalen(batch.gemeente_id, uitkomst.geldig, index=index, met_sleutels=True)
    batch.refresh_from_db()
    batch.scheidingsteken = bestand.scheidingsteken
    batch.totaal_rijen = uitkomst.totaal
    batch.gecontroleerd_rijen = uitkomst.totaal
    batch.aantal_fout = len({f.rij for f in uitkomst.fouten})
    batch.aantal_geldig = len(plan.toewijzing)
    batch.aantal_dubbel = len(plan.dubbel)
    batch.aantal_nieuwe_zaken = plan.nieuwe_zaken
    batch.aantal_bestaande_zaken = len(plan.bestaande_zaken)
    batch.fouten = [f.als_dict() for f in uitkomst.fouten[:MAX_OPGESLAGEN_FOUTEN]]
    batch.voorbeeld = _voorbeeld(plan)
    batch.status = ImportBatch.Status.GECONTROLEERD
    batch.save()
    return batch


def bevestig_batch(*, batch_id: int, door: Gebruiker) -> ImportBatch:
    """The user confirmed the preview: store the signals (at once, or in a Celery task)."""
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch_id)
        vereis_gemeente(door, batch.gemeente_id)
        if batch.status != ImportBatch.Status.GECONTROLEERD:
            raise Geweigerd("Deze lijst kan niet (meer) worden bevestigd.")
        if batch.aantal_fout:
            raise Geweigerd(
                "De lijst bevat fouten. Verbeter het bestand en lees het opnieuw in: er wordt "
                "niets opgeslagen zolang er fouten in staan."
            )
        if not batch.aantal_geldig:
            raise Geweigerd("Er staan geen nieuwe signalen in deze lijst.")
        batch.status = ImportBatch.Status.BEVESTIGD
        batch.bevestigd_door = door
        batch.bevestigd_op = timezone.now()
        batch.save(update_fields=["status", "bevestigd_door", "bevestigd_op"])
        groot = batch.totaal_rijen > DIRECT_MAX_RIJEN
        if groot:
            _start_taak("verwerk_import", batch.pk)
    if not groot:
        batch = verwerk_batch(batch_id=batch.pk)
    return batch


def verwerk_batch(*, batch_id: int) -> ImportBatch:
    """Store all signals of a confirmed list in one transaction: all or nothing.

    Safe to run again (a redelivered task): a list that is already processed is left alone
    and rows read in before are skipped by their key."""
    updated = ImportBatch.objects.filter(
        pk=batch_id, status__in=[ImportBatch.Status.BEVESTIGD, ImportBatch.Status.VERWERKEN]
    ).update(status=ImportBatch.Status.VERWERKEN, gecontroleerd_rijen=0)
    batch = ImportBatch.objects.get(pk=batch_id)
    if not updated:
        return batch
    try:
        bestand = csvimport.lees(bytes(batch.inhoud or b""))
        uitkomst = _lees_en_controleer(batch, bestand)
    except csvimport.Bestandsfout as exc:
        return _mislukt(batch_id, str(exc))
    if uitkomst.fouten:
        return _mislukt(batch_id, "De lijst bevat fouten; er is niets opgeslagen.")
    try:
        with transaction.atomic():
            batch = ImportBatch.objects.select_for_update().get(pk=batch_id)
            if batch.status != ImportBatch.Status.VERWERKEN:
                return batch
            signalen, plan = _sla_signalen_op(
                batch.gemeente_id,
                uitkomst.geldig,
                bron=Bron.CSV,
                met_sleutels=True,
                batch=batch,
            )
            batch.status = ImportBatch.Status.VERWERKT
            batch.aantal_opgeslagen = len(signalen)
            batch.aantal_dubbel = len(plan.dubbel)
            batch.aantal_nieuwe_zaken = plan.nieuwe_zaken
            batch.aantal_bestaande_zaken = len(plan.bestaande_zaken)
            batch.gecontroleerd_rijen = uitkomst.totaal
            batch.verwerkt_op = timezone.now()
            batch.inhoud = None  # the raw list holds BSNs; the signals are stored now
            batch.voorbeeld = []
            batch.save()
            audit.import_uitgevoerd(
                request=None,
                soort="vroegsignalen-csv",
                gemeente_id=batch.gemeente_id,
                omschrijving=(
                    f"Lijst {batch.pk}: {len(signalen)} signalen, {plan.nieuwe_zaken} nieuwe "
                    f"zaken, {len(plan.dubbel)} al eerder ingelezen"
                ),
                gebruiker=batch.bevestigd_door,
            )
    except DatabaseError:
        logger.exception("Lijst %s kon niet worden opgeslagen", batch_id)
        return _mislukt(batch_id, "Er ging iets mis bij het opslaan. Er is niets opgeslagen.")
    return batch


def _mislukt(batch_id: int, melding: str) -> ImportBatch:
    ImportBatch.objects.filter(pk=batch_id).update(
        status=ImportBatch.Status.MISLUKT, bestandsfout=melding, inhoud=None, voorbeeld=[]
    )
    return ImportBatch.objects.get(pk=batch_id)


@transaction.atomic
def annuleer_batch(*, batch_id: int, door: Gebruiker) -> ImportBatch:
    batch = ImportBatch.objects.select_for_update().get(pk=batch_id)
    vereis_gemeente(door, batch.gemeente_id)
    if batch.status not in (ImportBatch.Status.GECONTROLEERD, ImportBatch.Status.AFGEKEURD):
        raise Geweigerd("Deze lijst kan niet meer worden geannuleerd.")
    batch.status = ImportBatch.Status.GEANNULEERD
    batch.inhoud = None
    batch.voorbeeld = []
    batch.save(update_fields=["status", "inhoud", "voorbeeld"])
    return batch


# --------------------------------------------------------------------------- retention


def _wis_persoonsgegevens(zaken: list[tuple[int, int]], *, omschrijving: str) -> None:
    """Blank BSN, name, address and contact details of these (pk, gemeente_id) cases and
    their signals; free text goes too. Dates, kinds, amounts and reasons stay."""
    leeg = dict.fromkeys(Signaalzaak.PERSOONSVELDEN, "") | {"geboortedatum": None}
    nu = timezone.now()
    for i in range(0, len(zaken), BATCH_GROOTTE):
        deel = zaken[i : i + BATCH_GROOTTE]
        ids = [pk for pk, _ in deel]
        with transaction.atomic():
            Signaalzaak.objects.filter(pk__in=ids).update(
                **leeg, afsluittoelichting="", geanonimiseerd_op=nu
            )
            Vroegsignaal.objects.filter(zaak_id__in=ids).update(
                **leeg, partner_signaal_id="", rij_sleutel=""
            )
            Contactpoging.objects.filter(zaak_id__in=ids).update(notitie="")
            for pk, gemeente_id in deel:
                audit.gegevens_verwijderd(
                    obj_type="signaalzaak",
                    object_id=str(pk),
                    klant_id=None,
                    gemeente_id=gemeente_id,
                    omschrijving=omschrijving,
                )


def anonimiseer(*, vandaag: date | None = None, bewaartermijn_dagen: int | None = None) -> dict:
    """Blank the personal data of cases closed without an aanmelding longer than the
    retention period ago; keep dates, partner kinds, amounts and the reason. Also drop
    uploaded lists that were never confirmed. Idempotent."""
    vandaag = vandaag or timezone.localdate()
    termijn = (
        bewaartermijn_dagen
        if bewaartermijn_dagen is not None
        else settings.VROEGSIGNALERING_BEWAARTERMIJN_DAGEN
    )
    grens = vandaag - timedelta(days=termijn)
    zaken = list(
        Signaalzaak.objects.filter(
            status=Zaakstatus.GESLOTEN, afgehandeld_op__lte=grens, geanonimiseerd_op__isnull=True
        ).values_list("pk", "gemeente_id")
    )
    _wis_persoonsgegevens(
        zaken,
        omschrijving=(
            f"Persoonsgegevens gewist na de bewaartermijn van {termijn} dagen "
            "(gesloten zonder aanmelding)"
        ),
    )
    oud = timezone.now() - timedelta(days=ONBEVESTIGD_BEWAREN_DAGEN)
    lijsten = ImportBatch.objects.filter(
        aangemaakt_op__lt=oud,
        status__in=[
            ImportBatch.Status.GECONTROLEERD,
            ImportBatch.Status.AFGEKEURD,
            ImportBatch.Status.GEANNULEERD,
            ImportBatch.Status.MISLUKT,
        ],
    ).exclude(inhoud__isnull=True, voorbeeld=[])
    lijsten_gewist = lijsten.update(inhoud=None, voorbeeld=[])
    ImportBatch.objects.filter(
        aangemaakt_op__lt=oud, status=ImportBatch.Status.GECONTROLEERD
    ).update(status=ImportBatch.Status.VERLOPEN)
    uitkomst = {"zaken_geanonimiseerd": len(zaken), "lijsten_gewist": lijsten_gewist}
    logger.info("Vroegsignalering bewaartermijn %s: %s", vandaag.isoformat(), uitkomst)
    return uitkomst


def anonimiseer_zaken_van_klant(*, klant_id: int) -> int:
    """The klant's own dossier was anonymised (trajecten.bewaartermijn): the signal case
    that led to the aanmelding goes with it."""
    zaken = list(
        Signaalzaak.objects.filter(
            traject__klant_id=klant_id, geanonimiseerd_op__isnull=True
        ).values_list("pk", "gemeente_id")
    )
    _wis_persoonsgegevens(zaken, omschrijving="Persoonsgegevens gewist met het klantdossier")
    return len(zaken)
