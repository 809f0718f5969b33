"""What every chunk of scale data needs: names, gemeenten, agreements, norms, users, and the
chain of trajecten of each klant."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as dagtijd
from functools import cache

from faker import Faker

from demo import plan
from schuldhulp.models import Dienstverleningsafspraak, Gebruiker, Gemeente, Rol
from schuldhulp.pakketten import Pakket

BSN_PREFIX_KLANT = 3  # 3xxxxxxxx: klanten; 4xxxxxxxx: people in vroegsignalen only
BSN_PREFIX_SIGNAAL = 4
TRAJECTEN_PER_MEDEWERKER = 300  # over three years: about 100 open trajecten each


class Namen:
    """Pools of Dutch names and streets (Faker is slow per call; a pool is not)."""

    def __init__(self, seed: int, grootte: int = 3_000) -> None:
        nep = Faker("nl_NL")
        nep.seed_instance(seed)
        self.mannen = [nep.first_name_male() for _ in range(grootte // 2)]
        self.vrouwen = [nep.first_name_female() for _ in range(grootte // 2)]
        self.achternamen = [nep.last_name() for _ in range(grootte)]
        self.straten = [nep.street_name() for _ in range(grootte // 2)]


@cache
def tijdstip(d: date, uur: int = 10) -> datetime:
    # cached: called a few million times for a few thousand distinct days
    return datetime.combine(d, dagtijd(uur), tzinfo=UTC)


def geboortedatum(rng: random.Random, vandaag: date) -> date:
    return vandaag - timedelta(days=rng.randint(19 * 365, 78 * 365))


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


def maak_medewerkers(ctx: Context, aantal_trajecten: int) -> int:
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


def maak_ketens(
    ctx: Context, aantal_trajecten: int, aantal_klanten: int, jaren: int
) -> list[Keten]:
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
