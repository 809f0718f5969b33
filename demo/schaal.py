"""Scale data: ``manage.py demo_data --omvang schaal`` (150,000 trajecten, 100,000 klanten).

The journeys come from :mod:`demo.plan`, the same planner the demo uses; here they
become rows and go into PostgreSQL with COPY, in chunks of a few thousand trajecten, so memory
stays flat and 150,000 trajecten take minutes. What the services would have written is written
here in the same shape (event data, versions, product statuses), and the clocks are computed
with the functions ``trajecten.normbewaking.herbereken`` uses (tests/demo/test_demo_schaal.py
checks a sample against ``herbereken`` itself).

Like ``urls.py``, this module composes the apps (it imports trajecten, klantplan and
vroegsignalering), so it sits in the project package and nothing imports it but the command
and the benchmarks.

Meant for a database of its own (``bench_schuldhulp``): it refuses to add to a database that
already holds scale data.
"""

from __future__ import annotations

import json
import math
import random
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as dagtijd
from types import SimpleNamespace
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone
from faker import Faker

from demo import plan
from schuldhulp.models import Dienstverleningsafspraak, Gebruiker, Gemeente, Klant, Rol
from schuldhulp.pakketten import Pakket, Partij, Taak

BSN_PREFIX_KLANT = 3  # 3xxxxxxxx: klanten; 4xxxxxxxx: people in vroegsignalen only
BSN_PREFIX_SIGNAAL = 4
PER_BLOK = 5_000  # trajecten per chunk
TRAJECTEN_PER_MEDEWERKER = 300  # over three years: about 100 open trajecten each


# --------------------------------------------------------------------------- COPY


def _kolommen(model: type[models.Model], voorbeeld: dict) -> list[tuple[str, Callable]]:
    """(column, value getter) per concrete field: the row's value, else the field's
    default (a callable default is called per row, auto_now(_add) is now)."""
    nu = timezone.now()
    uit: list[tuple[str, Callable]] = []
    for veld in model._meta.concrete_fields:
        naam = veld.attname
        json_veld = veld.get_internal_type() == "JSONField"
        if naam in voorbeeld:
            if json_veld:
                uit.append((veld.column, lambda r, n=naam: _json(r[n])))
            else:
                uit.append((veld.column, lambda r, n=naam: r[n]))
            continue
        if veld.primary_key:
            continue  # the sequence gives the id
        if getattr(veld, "auto_now", False) or getattr(veld, "auto_now_add", False):
            uit.append((veld.column, lambda r, w=nu: w))
        elif veld.has_default() and callable(veld.default):
            uit.append(
                (
                    veld.column,
                    lambda r, v=veld, j=json_veld: _json(v.default()) if j else v.default(),
                )
            )
        elif veld.has_default():
            waarde = _json(veld.default) if json_veld else veld.default
            uit.append((veld.column, lambda r, w=waarde: w))
        elif veld.null:
            uit.append((veld.column, lambda r: None))
        else:
            uit.append((veld.column, lambda r: ""))
    return uit


def _json(waarde: Any) -> str | None:
    return None if waarde is None else json.dumps(waarde, ensure_ascii=False)


def kopieer(cursor, model: type[models.Model], rijen: Iterable[dict]) -> int:
    """COPY dict rows into `model`'s table (psycopg 3 ``cursor.copy``). Columns a row leaves
    out get the field's default, so fields that other apps add later do not break the
    generator or the benchmarks. `cursor` is a raw psycopg cursor
    (``connection.cursor().connection.cursor()``). Returns the number of rows."""
    rijen = iter(rijen)
    eerste = next(rijen, None)
    if eerste is None:
        return 0
    kolommen = _kolommen(model, eerste)
    namen = ", ".join(f'"{kolom}"' for kolom, _ in kolommen)
    getters = [getter for _, getter in kolommen]
    aantal = 0
    with cursor.copy(f'COPY "{model._meta.db_table}" ({namen}) FROM STDIN') as copy:
        for rij in _met_eerste(eerste, rijen):
            copy.write_row([g(rij) for g in getters])
            aantal += 1
    return aantal


def _met_eerste(eerste: dict, rest: Iterator[dict]) -> Iterator[dict]:
    yield eerste
    yield from rest


def reserveer_ids(cursor, model: type[models.Model], aantal: int) -> int:
    """Take `aantal` ids from the table's sequence at once; returns the first. Rows can then
    refer to each other before they are written (no other writer may use the table
    meanwhile: this is for a bench database)."""
    tabel = model._meta.db_table
    cursor.execute(f"SELECT nextval(pg_get_serial_sequence('{tabel}', 'id'))")
    eerste = cursor.fetchone()[0]
    if aantal > 1:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{tabel}', 'id'), %s)", [eerste + aantal - 1]
        )
    return eerste


# --------------------------------------------------------------------------- clocks


@dataclass(frozen=True)
class Klokregel:
    """One clock as herbereken would store it."""

    code: str
    norm: Any
    product_id: int | None
    start: date
    gehaald_op: date | None
    stand: Any  # trajecten.normbewaking.Klokstand


def bereken_klokken(
    traject: Any,
    gebeurtenissen: list[Any],
    producten: list[Any],
    *,
    normen_per_code: dict[str, list],
    pauzes: dict[str, list],
    peildatum: date,
    feestdagen: frozenset[date],
) -> list[Klokregel]:
    """The clocks of one traject from its events, the way ``normbewaking.herbereken``
    decides them (same helpers), without touching the database. `traject`, the events
    and the products may be light objects with the same attributes as the models."""
    from trajecten import normbewaking

    mijlpalen = normbewaking.Mijlpalen.van(traject, gebeurtenissen)
    uit: list[Klokregel] = []
    for code, rijen in normen_per_code.items():
        soort = rijen[-1]
        if not normbewaking._voorwaarde_geldt(soort, traject):
            continue
        if soort.productsoort:
            bronnen = [
                (p.pk, normbewaking._product_mijlpalen(p, gebeurtenissen) | mijlpalen.traject)
                for p in producten
                if p.soort == soort.productsoort
            ]
        else:
            bronnen = [(None, mijlpalen.traject)]
        for product_id, data in bronnen:
            start = data.get(soort.van_mijlpaal)
            norm = normbewaking.norm_op(rijen, start) if start else None
            if norm is None:
                continue
            gehaald_op = data.get(norm.tot_mijlpaal)
            stand = normbewaking.klokstand(
                start=start,
                termijn=norm.termijn,
                eenheid=norm.eenheid,
                wettelijk=norm.wettelijk,
                dreigpercentage=norm.dreigpercentage,
                pauzes=pauzes.get(code, []) if product_id is None else [],
                gehaald_op=gehaald_op,
                einde_traject=mijlpalen.einde,
                peildatum=peildatum,
                feestdagen=feestdagen,
            )
            uit.append(Klokregel(code, norm, product_id, start, gehaald_op, stand))
    return uit


# --------------------------------------------------------------------------- people


class Namen:
    """Pools of Dutch names and streets (Faker is slow per call; a pool is not)."""

    def __init__(self, seed: int, grootte: int = 3_000) -> None:
        nep = Faker("nl_NL")
        nep.seed_instance(seed)
        self.mannen = [nep.first_name_male() for _ in range(grootte // 2)]
        self.vrouwen = [nep.first_name_female() for _ in range(grootte // 2)]
        self.achternamen = [nep.last_name() for _ in range(grootte)]
        self.straten = [nep.street_name() for _ in range(grootte // 2)]


def _tijdstip(d: date, uur: int = 10) -> datetime:
    return datetime.combine(d, dagtijd(uur), tzinfo=UTC)


def _geboortedatum(rng: random.Random, vandaag: date) -> date:
    return vandaag - timedelta(days=rng.randint(19 * 365, 78 * 365))


# --------------------------------------------------------------------------- the generator


@dataclass
class Keten:
    """The trajecten of one klant, one after the other: (aanmelddatum, sluit uiterlijk)."""

    klant: int  # index
    gemeente: int  # index in Context.gemeenten
    trajecten: list[tuple[date, date | None]]


class Context:
    """What every chunk needs: gemeenten, agreements, norms, users, creditors, id blocks."""

    def __init__(self, *, vandaag: date, seed: int) -> None:
        from klantplan.models import Schuldeiser
        from trajecten.normbewaking import extra_feestdagen, normen_voor_gemeente
        from trajecten.vroegsignalering.services import Normcontext

        self.vandaag = vandaag
        self.rng = random.Random(seed)
        self.namen = Namen(seed)
        self.gemeenten = list(Gemeente.objects.order_by("code"))
        gewichten = [plan.GEMEENTEPROFIEL.get(g.code, (20, []))[0] for g in self.gemeenten]
        self.gewichten = gewichten
        self.afspraken: dict[int, list[Dienstverleningsafspraak]] = {}
        for a in Dienstverleningsafspraak.objects.order_by("geldig_van"):
            self.afspraken.setdefault(a.gemeente_id, []).append(a)
        self.normen = {g.pk: normen_voor_gemeente(g.pk) for g in self.gemeenten}
        self.feestdagen = extra_feestdagen()
        self.normcontext = Normcontext.laad(vandaag)
        self.schuldeisers = {s.naam.casefold(): s.pk for s in Schuldeiser.objects.all()}
        self.regisseurs: dict[int, list[int]] = {}
        self.consulenten: dict[int, list[int]] = {}

    def laad_medewerkers(self) -> None:
        """Everyone with a dossier role per gemeente they work for (demo users included)."""
        from schuldhulp.models import GemeenteGebruikerPermissie
        from schuldhulp.permissions import GEMEENTE_PERMISSIE

        self.regisseurs.clear()
        self.consulenten.clear()
        for user_id, gid, rol in (
            GemeenteGebruikerPermissie.objects.filter(
                permission__codename=GEMEENTE_PERMISSIE,
                user__rol__in=[Rol.KLANTREGISSEUR, Rol.CONSULENT],
                user__is_active=True,
            )
            .order_by("user_id")
            .values_list("user_id", "content_object_id", "user__rol")
        ):
            doel = self.regisseurs if rol == Rol.KLANTREGISSEUR else self.consulenten
            doel.setdefault(gid, []).append(user_id)

    def afspraak(self, gemeente_id: int, datum: date) -> Dienstverleningsafspraak:
        rijen = self.afspraken[gemeente_id]
        geldig = [a for a in rijen if a.geldig_op(datum)]
        return geldig[-1] if geldig else rijen[0]


def _maak_medewerkers(ctx: Context, aantal_trajecten: int) -> int:
    """Klantregisseurs for every gemeente and consulenten where the gemeente does tasks,
    in proportion to its size; the demo users keep a caseload of their own."""
    from django.contrib.auth.models import Permission

    from schuldhulp.models import GemeenteGebruikerPermissie
    from schuldhulp.permissions import GEMEENTE_PERMISSIE

    recht = Permission.objects.get(codename=GEMEENTE_PERMISSIE)
    totaal = sum(ctx.gewichten)
    nieuw: list[Gebruiker] = []
    koppeling: list[tuple[Gebruiker, int]] = []
    for gemeente, gewicht in zip(ctx.gemeenten, ctx.gewichten, strict=True):
        aandeel = aantal_trajecten * gewicht / totaal
        n = max(1, math.ceil(aandeel / TRAJECTEN_PER_MEDEWERKER))
        pakket = ctx.afspraken[gemeente.pk][-1].pakket
        m = 0 if pakket == Pakket.ONTZORGING else max(1, n // (1 if pakket == Pakket.BASIS else 3))
        for rol, aantal, afkorting in [(Rol.KLANTREGISSEUR, n, "kr"), (Rol.CONSULENT, m, "con")]:
            for i in range(aantal):
                g = Gebruiker(
                    username=f"{afkorting}.{gemeente.code.lower()}.{i + 1:02d}",
                    first_name=ctx.rng.choice(ctx.namen.vrouwen + ctx.namen.mannen),
                    last_name=ctx.rng.choice(ctx.namen.achternamen),
                    rol=rol,
                    email=f"{afkorting}.{gemeente.code.lower()}.{i + 1}@stadsbank.example",
                )
                g.set_unusable_password()
                nieuw.append(g)
                koppeling.append((g, gemeente.pk))
    Gebruiker.objects.bulk_create(nieuw, batch_size=1000)
    GemeenteGebruikerPermissie.objects.bulk_create(
        [
            GemeenteGebruikerPermissie(user=g, permission=recht, content_object_id=gid)
            for g, gid in koppeling
        ],
        batch_size=1000,
    )
    ctx.laad_medewerkers()
    return len(nieuw)


def _ketens(ctx: Context, aantal_trajecten: int, aantal_klanten: int, jaren: int) -> list[Keten]:
    """Klanten with one to three trajecten; a later traject starts after the earlier one
    closed (the planner closes it by then), as with a klant who comes back (recidive)."""
    rng = ctx.rng
    begin = ctx.vandaag - timedelta(days=round(365.25 * jaren))
    dagen = (ctx.vandaag - begin).days
    extra = aantal_trajecten - aantal_klanten
    ketens: list[Keten] = []
    for k in range(aantal_klanten):
        gi = rng.choices(range(len(ctx.gemeenten)), weights=ctx.gewichten)[0]
        lengte = 1 + (k < extra) + (k < extra - aantal_klanten)
        # boundaries at least 90 days apart: each traject runs within its own stretch
        while True:
            grenzen = sorted(rng.sample(range(90, dagen - 30), lengte - 1))
            stukken = list(zip([0, *grenzen], [*grenzen, dagen], strict=True))
            if all(tot - van >= 90 for van, tot in stukken[:-1]):
                break
        trajecten: list[tuple[date, date | None]] = []
        for n, (van, tot) in enumerate(stukken):
            laatste = n == len(stukken) - 1
            start = van + rng.randrange(max(1, (tot - van) // 2 if not laatste else tot - van))
            sluit = None if laatste else begin + timedelta(days=tot - rng.randint(1, 20))
            trajecten.append((begin + timedelta(days=start), sluit))
        ketens.append(Keten(k, gi, trajecten))
    return ketens


def genereer(
    *,
    trajecten: int,
    klanten: int | None = None,
    jaren: int = 3,
    seed: int = 2026,
    vandaag: date | None = None,
    melding: Callable[[str], None] = print,
) -> dict[str, int]:
    """Fill the database with scale data (gemeenten and demo users first, if needed)."""
    from demo.basis import maak_demo_data
    from trajecten.models import Traject

    vandaag = vandaag or timezone.localdate()
    klanten = klanten or max(1, round(trajecten * 2 / 3))
    if klanten > trajecten or trajecten > 3 * klanten:
        raise ValueError("Kies tussen 1 en 3 trajecten per klant.")
    begin = time.monotonic()
    maak_demo_data(met_verhaal=False)
    if (
        Klant.objects.filter(bsn__startswith=str(BSN_PREFIX_KLANT), voornamen__gt="")
        .filter(pk__in=Traject.objects.values("klant_id"))
        .count()
        > 1000
    ):
        raise ValueError("Deze database bevat al schaalgegevens. Gebruik een lege database.")
    ctx = Context(vandaag=vandaag, seed=seed)
    ctx.schuldeisers = zorg_voor_schuldeisers()
    medewerkers = _maak_medewerkers(ctx, trajecten)
    ketens = _ketens(ctx, trajecten, klanten, jaren)
    melding(f"Plan: {klanten:,} klanten, {trajecten:,} trajecten, {medewerkers} medewerkers")
    telling: dict[str, int] = {}
    schrijver = Schrijver(ctx, schaal=trajecten / 150_000)
    # Trajecten in order of aanmelding, so ids follow time as in a real database.
    alle = sorted(
        ((aanmeld, sluit, keten) for keten in ketens for aanmeld, sluit in keten.trajecten),
        key=lambda t: t[0],
    )
    schrijver.klanten(ketens)
    for i in range(0, len(alle), PER_BLOK):
        with transaction.atomic():
            reizen = [
                (
                    plan.maak_reis(
                        ctx.rng, aanmelddatum=aanmeld, vandaag=vandaag, sluit_uiterlijk=sluit
                    ),
                    keten,
                )
                for aanmeld, sluit, keten in alle[i : i + PER_BLOK]
            ]
            for tabel, n in schrijver.blok(reizen).items():
                telling[tabel] = telling.get(tabel, 0) + n
        melding(
            f"  {min(i + PER_BLOK, len(alle)):>9,} / {len(alle):,} trajecten "
            f"({time.monotonic() - begin:.0f} s)"
        )
    with transaction.atomic():
        telling |= schrijver.open_vroegsignalen()
    _na_het_laden(vandaag, melding)
    telling["seconden"] = round(time.monotonic() - begin)
    return telling


def zorg_voor_schuldeisers() -> dict[str, int]:
    """The register seeded by klantplan's migration plus the creditors the planner uses
    (plan.EXTRA_SCHULDEISERS); returns casefolded name → id."""
    from klantplan.models import Schuldeiser

    for naam, soort, preferent in plan.EXTRA_SCHULDEISERS:
        if not Schuldeiser.objects.filter(naam__iexact=naam).exists():
            Schuldeiser(naam=naam, soort=soort, preferent=preferent).save()
    return {naam.casefold(): pk for naam, pk in Schuldeiser.objects.values_list("naam", "pk")}


def _na_het_laden(vandaag: date, melding: Callable[[str], None]) -> None:
    """Sequences, statistics, and one run of the daily norm watch (toetsen, run record)."""
    from trajecten.normbewaking import dagelijkse_normbewaking

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    uitkomst = dagelijkse_normbewaking(vandaag=vandaag)
    melding(f"Dagelijkse normbewaking: {uitkomst}")


def schrijf_trajecten(
    reizen: list[tuple[plan.Reis, Klant]],
    *,
    vandaag: date,
    seed: int = 2026,
    reden: str = "",
) -> dict[str, int]:
    """Write planned journeys of existing klanten as rows (the demo's trajecten in gemeenten
    without a demo user, and tests that need many trajecten fast). The behandelaar is one
    of the users who work for the klant's gemeente."""
    ctx = Context(vandaag=vandaag, seed=seed)
    ctx.laad_medewerkers()
    ctx.schuldeisers = zorg_voor_schuldeisers()
    schrijver = Schrijver(ctx, reden=reden or REDEN, schaal=0)
    index = {g.pk: n for n, g in enumerate(ctx.gemeenten)}
    blok = []
    for reis, klant in reizen:
        schrijver.klant_ids[klant.pk] = klant.pk
        schrijver.klant_gemeente[klant.pk] = klant.gemeente_id
        blok.append((reis, Keten(klant.pk, index[klant.gemeente_id], [])))
    return schrijver.blok(blok) if blok else {}


# --------------------------------------------------------------------------- rows


TOELICHTING = "Schaalgegevens"
REDEN = "Gegevens overgenomen uit het vorige systeem"


class Schrijver:
    """Turns journeys into rows, chunk by chunk."""

    def __init__(self, ctx: Context, *, schaal: float = 1.0, reden: str = REDEN) -> None:
        self.ctx = ctx
        self.reden = reden
        # 150,000 trajecten is the size of the brief; other sizes scale the open cases
        self.schaal = schaal
        self.klant_ids: dict[int, int] = {}
        self.klant_gemeente: dict[int, int] = {}
        self.behandelaar_van_klant: dict[int, int | None] = {}
        self.bsns = plan.bsn_reeks(0, prefix=BSN_PREFIX_KLANT)
        self.signaal_bsns = plan.bsn_reeks(0, prefix=BSN_PREFIX_SIGNAAL)
        self.bestaande_bsns = set(Klant.objects.values_list("bsn", flat=True))

    # ---------------------------------------------------------------- klanten

    def _bsn(self, reeks: Iterator[str]) -> str:
        for bsn in reeks:
            if bsn not in self.bestaande_bsns:
                self.bestaande_bsns.add(bsn)
                return bsn
        raise RuntimeError("BSN-reeks is op")

    def klanten(self, ketens: list[Keten]) -> None:
        ctx, rng, namen = self.ctx, self.ctx.rng, self.ctx.namen
        volgorde = sorted(ketens, key=lambda k: k.trajecten[0][0])
        with connection.cursor() as c, transaction.atomic():
            ruw = c.connection.cursor()
            eerste = reserveer_ids(ruw, Klant, len(volgorde))
            rijen = []
            for n, keten in enumerate(volgorde):
                gemeente = ctx.gemeenten[keten.gemeente]
                pk = eerste + n
                self.klant_ids[keten.klant] = pk
                self.klant_gemeente[keten.klant] = gemeente.pk
                man = rng.random() < 0.45
                bsn = self._bsn(self.bsns)
                aangemaakt = _tijdstip(keten.trajecten[0][0], 9)
                rijen.append(
                    {
                        "id": pk,
                        "bsn": bsn,
                        "voornamen": rng.choice(namen.mannen if man else namen.vrouwen),
                        "tussenvoegsel": "",
                        "achternaam": rng.choice(namen.achternamen),
                        "geboortedatum": _geboortedatum(rng, ctx.vandaag),
                        "straat": rng.choice(namen.straten),
                        "huisnummer": str(rng.randint(1, 250)),
                        "postcode": plan.postcode(rng, gemeente.code),
                        "woonplaats": gemeente.naam,
                        "huishouden": "samenwonend" if rng.random() < 0.4 else "alleenstaand",
                        "aantal_kinderen": rng.choice([0, 0, 0, 1, 2, 2, 3]),
                        "telefoon": f"06{rng.randint(10000000, 99999999)}",
                        "email": f"klant{bsn[-6:]}@example.nl" if rng.random() < 0.7 else "",
                        "gemeente_id": gemeente.pk,
                        "contactpersoon_id": rng.choice(ctx.regisseurs.get(gemeente.pk, [None])),
                        "aangemaakt_op": aangemaakt,
                        "gewijzigd_op": aangemaakt,
                        "geanonimiseerd_op": None,
                    }
                )
            kopieer(ruw, Klant, rijen)

    # ---------------------------------------------------------------- one chunk

    def _behandelaar(self, gemeente_id: int, pakket: str) -> int | None:
        rng = self.ctx.rng
        consulenten = self.ctx.consulenten.get(gemeente_id, [])
        regisseurs = self.ctx.regisseurs.get(gemeente_id, [])
        if pakket == Pakket.BASIS and consulenten and rng.random() < 0.7:
            return rng.choice(consulenten)
        return rng.choice(regisseurs) if regisseurs else None

    def blok(self, reizen: list[tuple[plan.Reis, Keten]]) -> dict[str, int]:
        """Write one chunk of planned trajecten with everything hanging under them."""
        from klantplan import models as kp
        from trajecten import models as tm
        from trajecten.vroegsignalering import models as vs

        rijen: dict[str, list[dict]] = {naam: [] for naam in TABELLEN}
        with connection.cursor() as c:
            ruw = c.connection.cursor()
            ids = {
                "traject": reserveer_ids(ruw, tm.Traject, len(reizen)),
                "product": reserveer_ids(
                    ruw, tm.Product, sum(len(r.producten) for r, _ in reizen) + 1
                ),
                "crisis": reserveer_ids(
                    ruw, tm.Crisisinterventie, sum(len(r.crises) for r, _ in reizen) + 1
                ),
                "moratorium": reserveer_ids(
                    ruw, tm.Moratorium, sum(len(r.moratoria) for r, _ in reizen) + 1
                ),
            }
            volgende = dict(ids)
            klokken_nodig: list[tuple] = []
            for n, (reis, keten) in enumerate(reizen):
                traject_id = ids["traject"] + n
                klokken_nodig.append(self._traject(reis, keten, traject_id, volgende, rijen))
            klok_eerste = reserveer_ids(
                ruw, tm.Normbewaking, sum(len(k[1]) for k in klokken_nodig) + 1
            )
            klok_id = klok_eerste
            for traject_rij, klokken, pauzes, gebeurtenissen in klokken_nodig:
                klok_per_code: dict[str, int] = {}
                for klok in klokken:
                    if klok.product_id is None:
                        klok_per_code[klok.code] = klok_id
                    self._klok(klok_id, klok, traject_rij, rijen)
                    klok_id += 1
                for pauze in pauzes:
                    k = klok_per_code.get(pauze.norm)
                    if k is None:
                        continue
                    rijen["opschorting"].append(
                        {
                            "klok_id": k,
                            "van": pauze.van,
                            "tot": pauze.tot,
                            "reden": pauze.reden,
                            "door_id": traject_rij["behandelaar_id"],
                        }
                    )
                for g in gebeurtenissen:
                    if g["soort"] in ("opschorting", "hervatting"):
                        g["gegevens"] = {"klok": klok_per_code.get(g.pop("_norm"))}
            telling = {}
            for naam, model in [
                ("traject", tm.Traject),
                ("gebeurtenis", tm.Gebeurtenis),
                ("product", tm.Product),
                ("crisis", tm.Crisisinterventie),
                ("moratorium", tm.Moratorium),
                ("klok", tm.Normbewaking),
                ("opschorting", tm.Opschorting),
                ("signalering", tm.Signalering),
                ("schuld", kp.Schuld),
                ("klacht", kp.Klacht),
            ]:
                if naam == "gebeurtenis":
                    rijen[naam].sort(key=lambda r: r["datum"])
                telling[naam] = kopieer(ruw, model, rijen[naam])
            telling["klantplan"] = self._klantplannen(ruw, rijen)
            telling |= self._vroegsignalen(ruw, rijen["zaak"], vs)
        return telling

    # ---------------------------------------------------------------- one traject

    def _traject(
        self, reis: plan.Reis, keten: Keten, traject_id: int, volgende: dict[str, int], rijen
    ) -> tuple[dict, list[Klokregel], list[plan.Pauzeplan], list[dict]]:
        from trajecten.normen import Pauze

        ctx, rng = self.ctx, self.ctx.rng
        gemeente_id = self.klant_gemeente[keten.klant]
        afspraak = ctx.afspraak(gemeente_id, reis.aanmelddatum)
        behandelaar = self._behandelaar(gemeente_id, afspraak.pakket)
        if keten.klant not in self.behandelaar_van_klant:
            self.behandelaar_van_klant[keten.klant] = behandelaar
        product_ids = [volgende["product"] + i for i in range(len(reis.producten))]
        volgende["product"] += len(reis.producten)
        crisis_ids = [volgende["crisis"] + i for i in range(len(reis.crises))]
        volgende["crisis"] += len(reis.crises)
        moratorium_ids = [volgende["moratorium"] + i for i in range(len(reis.moratoria))]
        volgende["moratorium"] += len(reis.moratoria)
        traject = {
            "id": traject_id,
            "klant_id": self.klant_ids[keten.klant],
            "gemeente_id": gemeente_id,
            "afspraak_id": afspraak.pk,
            "aanmelddatum": reis.aanmelddatum,
            "kanaal": reis.kanaal,
            "crisisinterventie": reis.crisisinterventie,
            "bedreigende_situatie": reis.bedreigende_situatie,
            "behandelaar_id": behandelaar,
            "fase": reis.fase,
            "uitstroomreden": reis.uitstroomreden,
            "versie": len(reis.stappen),
            "aangemaakt_op": _tijdstip(reis.aanmelddatum, 9),
        }
        rijen["traject"].append(traject)
        signaaldatum = None
        if reis.kanaal == "vroegsignalering":
            signaaldatum = reis.aanmelddatum - timedelta(days=rng.randint(2, 12))
            rijen["zaak"].append((traject, signaaldatum, reis, behandelaar))
        gebeurtenissen = [
            gebeurtenis_rij(
                traject_id,
                soort="aanmelding",
                datum=reis.aanmelddatum,
                door=behandelaar,
                reden=self.reden,
                gegevens={"kanaal": reis.kanaal, "bedreigende_situatie": reis.bedreigende_situatie}
                | ({"signaaldatum": signaaldatum.isoformat()} if signaaldatum else {}),
            )
        ]
        fase = "aangemeld"
        for stap in reis.stappen:
            rij, fase = stap_rij(
                stap,
                reis,
                traject_id,
                fase,
                behandelaar,
                product_ids,
                crisis_ids,
                moratorium_ids,
                reden=self.reden,
            )
            gebeurtenissen.append(rij)
        rijen["gebeurtenis"].extend(gebeurtenissen)
        for pid, p in zip(product_ids, reis.producten, strict=True):
            rijen["product"].append(
                {
                    "id": pid,
                    "traject_id": traject_id,
                    "soort": p.soort,
                    "startdatum": p.start,
                    "einddatum": p.eind,
                    "resultaat": p.resultaat,
                    "zelfredzaam": p.zelfredzaam,
                    "schuldregeling_status": p.status,
                }
            )
        for cid, c in zip(crisis_ids, reis.crises, strict=True):
            rijen["crisis"].append(
                {
                    "id": cid,
                    "traject_id": traject_id,
                    "soort": c.soort,
                    "startdatum": c.start,
                    "einddatum": c.eind,
                    "voorkomen": c.voorkomen,
                    "resultaat": c.resultaat,
                }
            )
        for mid, m in zip(moratorium_ids, reis.moratoria, strict=True):
            rijen["moratorium"].append(
                {
                    "id": mid,
                    "traject_id": traject_id,
                    "aanvraagdatum": m.aanvraag,
                    "goedkeuringsdatum": m.start,
                    "startdatum": m.start,
                    "einddatum": m.eind,
                }
            )
        # clocks, from light objects with the attributes herbereken reads
        licht_traject = SimpleNamespace(
            aanmelddatum=reis.aanmelddatum,
            is_open=reis.is_open,
            bedreigende_situatie=reis.bedreigende_situatie,
            kanaal=reis.kanaal,
        )
        licht = [
            SimpleNamespace(
                soort=g["soort"], datum=g["datum"], naar_fase=g["naar_fase"], gegevens=g["gegevens"]
            )
            for g in gebeurtenissen
        ]
        producten = [
            SimpleNamespace(pk=pid, soort=p.soort, startdatum=p.start, einddatum=p.eind)
            for pid, p in zip(product_ids, reis.producten, strict=True)
        ]
        pauzes: dict[str, list[Pauze]] = {}
        for p in reis.pauzes:
            pauzes.setdefault(p.norm, []).append(Pauze(p.van, p.tot))
        klokken = bereken_klokken(
            licht_traject,
            licht,
            producten,
            normen_per_code=ctx.normen[gemeente_id],
            pauzes=pauzes,
            peildatum=ctx.vandaag,
            feestdagen=ctx.feestdagen,
        )
        self._schulden(reis, traject, rijen)
        rijen["plannen"].append((reis, traject, afspraak))
        if rng.random() < 0.006 and "voer_eerste_gesprek" in reis.mijlpalen:
            datum = reis.mijlpalen["voer_eerste_gesprek"] + timedelta(days=rng.randint(5, 200))
            if datum <= ctx.vandaag:
                af = datum + timedelta(days=rng.randint(10, 60))
                klaar = af <= ctx.vandaag
                rijen["klacht"].append(
                    {
                        "traject_id": traject_id,
                        "soort": rng.choice(["klacht", "bezwaar"]),
                        "datum": datum,
                        "onderwerp": "Bereikbaarheid van de klantregisseur",
                        "uitkomst": rng.choice(["gegrond", "ongegrond"]) if klaar else "open",
                        "afgehandeld_op": af if klaar else None,
                        "door_id": behandelaar,
                        "aangemaakt_op": _tijdstip(datum),
                    }
                )
        return traject, klokken, reis.pauzes, gebeurtenissen

    def _klok(self, klok_id: int, klok: Klokregel, traject: dict, rijen) -> None:
        stand = klok.stand
        rijen["klok"].append(
            {
                "id": klok_id,
                "traject_id": traject["id"],
                "norm_id": klok.norm.pk,
                "product_id": klok.product_id,
                "start": klok.start,
                "deadline": stand.deadline,
                "gehaald_op": klok.gehaald_op,
                "dreigt_vanaf": stand.dreigt_vanaf,
                "status": stand.status,
                "opgeschort": stand.opgeschort,
                "vervallen": stand.vervallen,
            }
        )
        # Signaleringen as the daily job made them over time: 'dreigt' on the day the clock
        # started to threaten, 'overschreden' the day after the deadline; old ones are read.
        if stand.vervallen or stand.status in ("loopt", "gehaald"):
            return
        momenten = []
        if stand.dreigt_vanaf != date.min and stand.dreigt_vanaf <= self.ctx.vandaag:
            momenten.append(("dreigt", stand.dreigt_vanaf))
        if stand.status in ("overschreden", "te_laat_gehaald"):
            momenten.append(("overschreden", stand.deadline + timedelta(days=1)))
        for soort, dag in momenten:
            if klok.gehaald_op and dag > klok.gehaald_op:
                continue
            gemaakt = _tijdstip(dag, 6)
            oud = (self.ctx.vandaag - dag).days > 10
            rijen["signalering"].append(
                {
                    "sleutel": f"klok-{klok_id}-{soort}",
                    "soort": soort,
                    "traject_id": traject["id"],
                    "klok_id": klok_id,
                    "gebruiker_id": traject["behandelaar_id"],
                    "tekst": signaaltekst(klok.norm.naam, soort, stand.deadline),
                    "aangemaakt_op": gemaakt,
                    "gelezen_op": gemaakt + timedelta(days=self.ctx.rng.randint(0, 4))
                    if oud or self.ctx.rng.random() < 0.4
                    else None,
                }
            )

    def _schulden(self, reis: plan.Reis, traject: dict, rijen) -> None:
        gesprek = reis.mijlpalen.get("voer_eerste_gesprek")
        if gesprek is None:
            return
        rng = self.ctx.rng
        peildatum = min(self.ctx.vandaag, gesprek + timedelta(days=rng.randint(0, 30)))
        status = plan.schuldstatus(reis, rng)
        for s in plan.schulden(rng):
            rijen["schuld"].append(
                {
                    "traject_id": traject["id"],
                    "schuldeiser_id": self.ctx.schuldeisers[s.schuldeiser.casefold()],
                    "oorspronkelijk_bedrag_cent": s.oorspronkelijk_cent,
                    "actueel_bedrag_cent": s.actueel_cent,
                    "peildatum": peildatum,
                    "status": status,
                    "zakelijk": s.zakelijk,
                    "beslag": s.beslag,
                    "kenmerk": f"{rng.randint(10**7, 10**8 - 1)}",
                    "aangemaakt_op": _tijdstip(peildatum, 11),
                    "bijgewerkt_op": _tijdstip(peildatum, 11),
                    "bijgewerkt_door_id": traject["behandelaar_id"],
                }
            )

    # ---------------------------------------------------------------- klantplannen

    def _klantplannen(self, ruw, rijen) -> int:
        """Version 1 of the klantplan for every traject that was toegelaten: written as a
        concept with its doelen and acties, then fixed (the freeze trigger allows that)."""
        from klantplan import models as kp

        ctx, rng = self.ctx, self.ctx.rng
        plannen = [
            (reis, traject, afspraak)
            for reis, traject, afspraak in rijen["plannen"]
            if "neem_toelatingsbesluit" in reis.mijlpalen
        ]
        if not plannen:
            return 0
        eerste = reserveer_ids(ruw, kp.Klantplan, len(plannen))
        planrijen, doelen, acties, vast = [], [], [], []
        for n, (reis, traject, afspraak) in enumerate(plannen):
            pk = eerste + n
            toelating = reis.mijlpalen["neem_toelatingsbesluit"]
            datum = toelating + timedelta(days=rng.randint(3, 25))
            summier = afspraak.pakket == Pakket.BASIS
            planrijen.append(
                {
                    "id": pk,
                    "traject_id": traject["id"],
                    "versie": 1,
                    "status": "concept",
                    "hulpvraag": rng.choice(plan.HULPVRAGEN),
                    "oorzaak": rng.choice(plan.OORZAKEN),
                    "leefgebieden": {} if summier else plan.LEEFGEBIEDEN,
                    "oplossend_vermogen": ""
                    if summier
                    else rng.choice(["zelf", "met_hulp", "met_hulp", "overnemen"]),
                    "productkeuze": reis.producten[0].soort if reis.producten else "",
                    "aangemaakt_door_id": traject["behandelaar_id"],
                    "aangemaakt_op": _tijdstip(toelating),
                    "gewijzigd_op": _tijdstip(min(datum, ctx.vandaag)),
                }
            )
            if datum <= ctx.vandaag:
                vast.append((pk, datum, traject["behandelaar_id"]))
            klaar = reis.uitstroomreden == "Afgerond"
            for volgorde, omschrijving in enumerate(rng.sample(plan.DOELEN, 3), start=1):
                doelen.append(
                    {
                        "klantplan_id": pk,
                        "ref": uuid.UUID(int=rng.getrandbits(128), version=4),
                        "omschrijving": omschrijving,
                        "streefdatum": datum + timedelta(days=30 * volgorde * 2),
                        "status": "gehaald"
                        if klaar or (volgorde == 1 and reis.fase != "stabilisatie")
                        else "open",
                        "volgorde": volgorde,
                    }
                )
            for soort, wat, wie in rng.sample(plan.ACTIES, 4):
                deadline = datum + timedelta(days=rng.randint(7, 60))
                if not wie:
                    taak = None if soort == "product" else Taak(soort)
                    partij = Partij.STADSBANK if taak is None else afspraak.uitvoerder(taak)
                    wie = "stadsbank" if partij == Partij.STADSBANK else "gemeente"
                acties.append(
                    {
                        "traject_id": traject["id"],
                        "klantplan_id": pk,
                        "gesprek_id": None,
                        "ref": uuid.UUID(int=rng.getrandbits(128), version=4),
                        "soort": soort,
                        "wat": wat,
                        "wie": wie,
                        "deadline": deadline,
                        "gedaan_op": deadline - timedelta(days=rng.randint(0, 5))
                        if deadline < ctx.vandaag and rng.random() < 0.8
                        else None,
                        "aangemaakt_op": _tijdstip(toelating),
                        "bijgewerkt_op": _tijdstip(toelating),
                    }
                )
        kopieer(ruw, kp.Klantplan, planrijen)
        kopieer(ruw, kp.Doel, doelen)
        kopieer(ruw, kp.Actie, acties)
        if vast:
            ruw.execute(
                "UPDATE klantplan_klantplan AS k SET status = 'vastgesteld', "
                "besproken_met_klant = true, vastgesteld_op = v.datum, "
                "vastgesteld_door_id = v.door "
                "FROM unnest(%s::bigint[], %s::date[], %s::bigint[]) AS v(id, datum, door) "
                "WHERE k.id = v.id",
                [[v[0] for v in vast], [v[1] for v in vast], [v[2] for v in vast]],
            )
        return len(planrijen)

    # ---------------------------------------------------------------- vroegsignalen

    def _persoon(self, gemeente: Gemeente, *, bsn: str) -> dict:
        rng, namen = self.ctx.rng, self.ctx.namen
        return {
            "bsn": bsn,
            "voornamen": rng.choice(namen.vrouwen + namen.mannen),
            "tussenvoegsel": "",
            "achternaam": rng.choice(namen.achternamen),
            "geboortedatum": _geboortedatum(rng, self.ctx.vandaag) if rng.random() < 0.6 else None,
            "straat": rng.choice(namen.straten),
            "huisnummer": str(rng.randint(1, 250)),
            "postcode": plan.postcode(rng, gemeente.code),
            "woonplaats": gemeente.naam,
            "telefoon": f"06{rng.randint(10000000, 99999999)}" if rng.random() < 0.5 else "",
            "email": "",
        }

    def _vroegsignalen(self, ruw, zaken: list[tuple], vs) -> dict[str, int]:
        """A signaalzaak behind every traject that came in through vroegsignalering, and
        (about twice as many) cases that ended without an aanmelding."""
        ctx, rng = self.ctx, self.ctx.rng
        gemeenten = {g.pk: g for g in ctx.gemeenten}
        geval: list[tuple[dict, list[dict], list[dict]]] = []
        for traject, signaaldatum, reis, behandelaar in zaken:
            gemeente = gemeenten[traject["gemeente_id"]]
            persoon = self._persoon(gemeente, bsn=self._bsn(self.signaal_bsns))
            zaak = self._zaak(gemeente, persoon, signaaldatum, "aangemeld", behandelaar)
            zaak["traject_id"] = traject["id"]
            zaak["afgehandeld_op"] = reis.aanmelddatum
            zaak["eerste_contact_op"] = signaaldatum + timedelta(
                days=rng.randint(0, (reis.aanmelddatum - signaaldatum).days)
            )
            geval.append(self._met_signalen_en_pogingen(zaak, persoon, behandelaar))
            for _ in range(2):  # cases of the same period that did not lead to an aanmelding
                dag = signaaldatum - timedelta(days=rng.randint(0, 60))
                if dag > ctx.vandaag - timedelta(days=45):
                    continue  # recent open cases are made once, at the end
                persoon = self._persoon(gemeente, bsn=self._bsn(self.signaal_bsns))
                zaak = self._zaak(gemeente, persoon, dag, "gesloten", behandelaar)
                geval.append(self._met_signalen_en_pogingen(zaak, persoon, behandelaar))
        return self._schrijf_zaken(ruw, geval, vs)

    def _zaak(self, gemeente: Gemeente, persoon: dict, dag: date, status: str, door) -> dict:
        rng = self.ctx.rng
        zaak = {
            **persoon,
            "gemeente_id": gemeente.pk,
            "status": status,
            "postcodegebied": persoon["postcode"][:4],
            "eerste_signaal_op": dag,
            "laatste_signaal_op": dag,
            "aantal_signalen": 1,
            "aantal_partners": 1,
            "achterstand_centen": 0,
            "eerste_contact_op": None,
            "traject_id": None,
            "sluitreden": "",
            "afgehandeld_op": None,
            "afsluittoelichting": "",
            "afgehandeld_door_id": door if status in ("gesloten", "aangemeld") else None,
            "geanonimiseerd_op": None,
            "aangemaakt_op": _tijdstip(dag, 8),
        }
        if status == "gesloten":
            zaak["sluitreden"] = plan.kies(
                rng,
                [
                    ("geen_contact", 40),
                    ("hulp_geweigerd", 20),
                    ("al_in_beeld", 15),
                    ("zelf_opgelost", 20),
                    ("verhuisd", 5),
                ],
            )
            zaak["afgehandeld_op"] = min(self.ctx.vandaag, dag + timedelta(days=rng.randint(7, 40)))
            if zaak["sluitreden"] != "geen_contact":
                zaak["eerste_contact_op"] = dag + timedelta(days=rng.randint(1, 14))
                zaak["eerste_contact_op"] = min(zaak["eerste_contact_op"], zaak["afgehandeld_op"])
        elif status == "in_contact":
            zaak["eerste_contact_op"] = min(
                self.ctx.vandaag, dag + timedelta(days=rng.randint(1, 10))
            )
        return zaak

    def _met_signalen_en_pogingen(self, zaak: dict, persoon: dict, door) -> tuple:
        rng = self.ctx.rng
        signalen = []
        for n in range(plan.kies(rng, [(1, 70), (2, 22), (3, 8)])):
            naam, soort, achterstand, bedrag = plan.kies(rng, [(p, w) for p, w in SIGNAALPARTNERS])
            ontvangen = zaak["eerste_signaal_op"] + timedelta(days=7 * n)
            signalen.append(
                {
                    **persoon,
                    "gemeente_id": zaak["gemeente_id"],
                    "bron": "csv",
                    "partner_id": None,
                    "partner_soort": soort,
                    "partner_naam": naam,
                    "partner_signaal_id": "",
                    "importbatch_id": None,
                    "rij_sleutel": "",
                    "soort_achterstand": achterstand,
                    "bedrag_centen": int(bedrag * rng.uniform(0.5, 2.5) * 100),
                    "maanden_achterstand": rng.randint(1, 4),
                    "ontvangen_op": ontvangen,
                    "status": "afgehandeld"
                    if zaak["status"] in ("gesloten", "aangemeld")
                    else "in_behandeling"
                    if zaak["eerste_contact_op"]
                    else "nieuw",
                    "aangemaakt_op": _tijdstip(ontvangen, 8),
                }
            )
        laatste = signalen[-1]["ontvangen_op"]
        grens = zaak["afgehandeld_op"] or self.ctx.vandaag
        if laatste > grens:
            for s in signalen:
                s["ontvangen_op"] = zaak["eerste_signaal_op"]
            laatste = zaak["eerste_signaal_op"]
        zaak["laatste_signaal_op"] = laatste
        zaak["aantal_signalen"] = len(signalen)
        zaak["aantal_partners"] = len({s["partner_naam"] for s in signalen})
        zaak["achterstand_centen"] = sum(
            {
                (s["partner_naam"], s["soort_achterstand"]): s["bedrag_centen"] for s in signalen
            }.values()
        )
        pogingen = []
        dag = zaak["eerste_signaal_op"]
        bereikt = zaak["eerste_contact_op"]
        for _ in range(rng.randint(0, 2)):
            dag = dag + timedelta(days=rng.randint(1, 4))
            if (bereikt and dag >= bereikt) or dag > grens:
                break
            pogingen.append(self._poging(dag, False, door))
        if bereikt:
            pogingen.append(self._poging(bereikt, True, door))
        return zaak, signalen, pogingen

    def _poging(self, dag: date, bereikt: bool, door) -> dict:
        rng = self.ctx.rng
        return {
            "soort": plan.kies(
                rng, [("telefoon", 50), ("brief", 25), ("huisbezoek", 15), ("sms", 10)]
            ),
            "datum": dag,
            "dagdeel": rng.choice(["ochtend", "middag", "avond"]),
            "bereikt": bereikt,
            "notitie": "Gesproken met de bewoner" if bereikt else "Niet bereikt",
            "door_id": door,
            "geregistreerd_op": _tijdstip(dag, 15),
        }

    def _schrijf_zaken(self, ruw, geval: list[tuple], vs) -> dict[str, int]:
        from trajecten.vroegsignalering.services import bereken_klok

        if not geval:
            return {"signaalzaak": 0, "vroegsignaal": 0, "contactpoging": 0}
        ctx = self.ctx
        eerste = reserveer_ids(ruw, vs.Signaalzaak, len(geval))
        zaakrijen, signalen, pogingen = [], [], []
        grens_anoniem = ctx.vandaag - timedelta(days=180)
        for n, (zaak, zaak_signalen, zaak_pogingen) in enumerate(geval):
            zaak["id"] = eerste + n
            object_ = vs.Signaalzaak(
                gemeente_id=zaak["gemeente_id"],
                status=zaak["status"],
                eerste_signaal_op=zaak["eerste_signaal_op"],
                eerste_contact_op=zaak["eerste_contact_op"],
                afgehandeld_op=zaak["afgehandeld_op"],
            )
            bereken_klok(object_, ctx.normcontext)
            zaak["klok_norm_id"] = object_.klok_norm.pk if object_.klok_norm else None
            zaak["klok_deadline"] = object_.klok_deadline
            zaak["klok_status"] = object_.klok_status
            anoniem = (
                zaak["status"] == "gesloten"
                and zaak["afgehandeld_op"] is not None
                and zaak["afgehandeld_op"] < grens_anoniem
            )
            if anoniem:  # the retention job blanked the person's data
                zaak["geanonimiseerd_op"] = _tijdstip(zaak["afgehandeld_op"] + timedelta(days=181))
                for veld in vs.Signaalzaak.PERSOONSVELDEN:
                    zaak[veld] = ""
                zaak["geboortedatum"] = None
            zaakrijen.append(zaak)
            for s in zaak_signalen:
                s["zaak_id"] = zaak["id"]
                if anoniem:
                    for veld in vs.Signaalzaak.PERSOONSVELDEN:
                        s[veld] = ""
                    s["geboortedatum"] = None
                signalen.append(s)
            for p in zaak_pogingen:
                p["zaak_id"] = zaak["id"]
                pogingen.append(p)
        return {
            "signaalzaak": kopieer(ruw, vs.Signaalzaak, zaakrijen),
            "vroegsignaal": kopieer(ruw, vs.Vroegsignaal, signalen),
            "contactpoging": kopieer(ruw, vs.Contactpoging, pogingen),
        }

    def open_vroegsignalen(self) -> dict[str, int]:
        """The open cases of the last weeks: new ones and ones with contact."""
        from trajecten.vroegsignalering import models as vs

        ctx, rng = self.ctx, self.ctx.rng
        geval = []
        regisseurs = ctx.regisseurs
        for gemeente, gewicht in zip(ctx.gemeenten, ctx.gewichten, strict=True):
            # about 4 signals per 1,000 inhabitants a month; a few weeks' worth is open
            aantal = max(3, round(gewicht * 4 * 1.3 * 0.5 * self.schaal))
            for _ in range(aantal):
                dag = ctx.vandaag - timedelta(days=rng.randint(0, 40))
                status = "in_contact" if rng.random() < 0.35 else "nieuw"
                persoon = self._persoon(
                    gemeente, bsn=self._bsn(self.signaal_bsns) if rng.random() < 0.85 else ""
                )
                door = rng.choice(regisseurs.get(gemeente.pk, [None]))
                zaak = self._zaak(gemeente, persoon, dag, status, door)
                geval.append(self._met_signalen_en_pogingen(zaak, persoon, door))
        with connection.cursor() as c:
            return {
                f"open_{k}": v
                for k, v in self._schrijf_zaken(c.connection.cursor(), geval, vs).items()
            }


# (partner, soort, achterstand, typical amount in euros) and weight: the national mix.
SIGNAALPARTNERS: list[tuple[tuple[str, str, str, int], int]] = [
    (("Menzis", "zorgverzekeraar", "zorgverzekering", 410), 41),
    (("Welbions", "woningcorporatie", "huur", 1450), 10),
    (("Domijn", "woningcorporatie", "huur", 1450), 10),
    (("Eneco", "energieleverancier", "energie", 620), 20),
    (("Vitens", "drinkwaterbedrijf", "water", 95), 18),
]

TABELLEN = [
    "traject",
    "gebeurtenis",
    "product",
    "crisis",
    "moratorium",
    "klok",
    "opschorting",
    "signalering",
    "schuld",
    "klacht",
    "zaak",
    "plannen",
]


def signaaltekst(naam: str, soort: str, deadline: date) -> str:
    from trajecten.normbewaking import signaleringstekst

    return signaleringstekst(naam, soort, deadline)


def gebeurtenis_rij(
    traject_id: int,
    *,
    soort: str,
    datum: date,
    door: int | None,
    gegevens: dict,
    van_fase: str = "",
    naar_fase: str = "",
    toelichting: str = "",
    reden: str = REDEN,
) -> dict:
    """An event row as trajecten.services._gebeurtenis writes it (the business date lies in
    the past, so it carries a reden_terugdatering, as the services demand)."""
    return {
        "traject_id": traject_id,
        "soort": soort,
        "datum": datum,
        "geregistreerd_op": _tijdstip(datum, 12),
        "door_id": door,
        "van_fase": van_fase,
        "naar_fase": naar_fase,
        "toelichting": toelichting,
        "reden_terugdatering": reden,
        "gegevens": gegevens,
    }


# transition → event kind (trajecten.workflow.OVERGANGEN[...].gebeurtenis)
GEBEURTENIS_VAN_OVERGANG = {
    "voer_eerste_gesprek": "eerste_gesprek",
    "neem_toelatingsbesluit": "toelating",
    "neem_afwijzingsbesluit": "afwijzing",
    "bereik_financiele_rust": "financiele_rust",
    "start_uitvoering": "start_uitvoering",
    "start_nazorg": "start_nazorg",
    "sluit_af": "uitstroom",
}


def stap_rij(
    stap: plan.Stap,
    reis: plan.Reis,
    traject_id: int,
    fase: str,
    door: int | None,
    product_ids: list[int],
    crisis_ids: list[int],
    moratorium_ids: list[int],
    *,
    reden: str = REDEN,
) -> tuple[dict, str]:
    """The event row a service writes for `stap`, and the fase after it."""
    if stap.actie == plan.OVERGANG:
        nieuw = plan.DOELFASE[stap.naam]
        uit = gebeurtenis_rij(
            traject_id,
            soort=GEBEURTENIS_VAN_OVERGANG[stap.naam],
            datum=stap.datum,
            door=door,
            van_fase=fase,
            naar_fase=nieuw,
            gegevens={"uitstroomreden": stap.uitstroomreden or None},
            reden=reden,
        )
        return uit, nieuw
    if stap.actie in (plan.PRODUCT_START, plan.PRODUCT_EINDE, plan.SCHULDREGELING):
        product = reis.producten[stap.product]
        pid = product_ids[stap.product]
        if stap.actie == plan.PRODUCT_START:
            soort, gegevens = "product_gestart", {"product": pid, "productsoort": product.soort}
        elif stap.actie == plan.PRODUCT_EINDE:
            soort = "product_beeindigd"
            gegevens = {
                "product": pid,
                "productsoort": product.soort,
                "resultaat": stap.resultaat,
                "zelfredzaam": stap.zelfredzaam,
            }
        else:
            soort = "schuldregeling"
            gegevens = {"product": pid, "stap": stap.naam, "status": plan.STAP_STATUS[stap.naam]}
        return gebeurtenis_rij(
            traject_id, soort=soort, datum=stap.datum, door=door, gegevens=gegevens, reden=reden
        ), fase
    if stap.actie == plan.CRISIS_START:
        gegevens = {
            "crisisinterventie": crisis_ids[stap.crisis],
            "bedreiging": reis.crises[stap.crisis].soort,
        }
    elif stap.actie == plan.CRISIS_AF:
        gegevens = {
            "crisisinterventie": crisis_ids[stap.crisis],
            "voorkomen": stap.voorkomen,
            "afgerond": True,
        }
    elif stap.actie == plan.MORATORIUM:
        gegevens = {"moratorium": moratorium_ids[stap.moratorium]}
    else:  # opschorting / hervatting: the clock id is filled in once the clocks have ids
        pauze = reis.pauzes[stap.pauze]
        uit = gebeurtenis_rij(
            traject_id,
            soort=stap.actie,
            datum=stap.datum,
            door=door,
            gegevens={},
            toelichting=pauze.reden if stap.actie == plan.OPSCHORTING else "",
            reden=reden,
        )
        uit["_norm"] = pauze.norm
        return uit, fase
    soort = "moratorium" if stap.actie == plan.MORATORIUM else "crisisinterventie"
    return gebeurtenis_rij(
        traject_id, soort=soort, datum=stap.datum, door=door, gegevens=gegevens, reden=reden
    ), fase
