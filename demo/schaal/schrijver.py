"""Scale data: planned journeys become rows, chunk by chunk, in the shape the services write
them (event data, versions, product statuses), with the clocks herbereken would compute."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from functools import cache
from types import SimpleNamespace

from django.db import connection, transaction

from demo import plan
from demo.schaal.context import (
    BSN_PREFIX_KLANT,
    BSN_PREFIX_SIGNAAL,
    Context,
    Keten,
    geboortedatum,
    tijdstip,
)
from demo.schaal.gebeurtenissen import REDEN, Ids, gebeurtenisrijen
from demo.schaal.klantplannen import klantplannen
from demo.schaal.klokken import Klokregel, bereken_klokken
from demo.schaal.kopie import kopieer, reserveer_ids
from demo.schaal.vroegsignalen import Signaalschrijver
from schuldhulp.models import Klant
from schuldhulp.pakketten import Pakket, Partij
from trajecten.models import UITSTROOM_SOORTEN
from trajecten.workflow import Gebeurtenissoort

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


@cache
def signaaltekst(naam: str, soort: str, deadline: date) -> str:
    """Cached: a few thousand distinct texts for millions of signaleringen."""
    from trajecten.normbewaking import signaleringstekst

    return signaleringstekst(naam, soort, deadline)


class Schrijver:
    """Turns journeys into rows, chunk by chunk."""

    def __init__(self, ctx: Context, *, schaal: float = 1.0, reden: str = REDEN) -> None:
        self.ctx = ctx
        self.reden = reden
        # 150,000 trajecten is the size of the brief; other sizes scale the open cases
        self.schaal = schaal
        self.klant_ids: dict[int, int] = {}
        self.klant_gemeente: dict[int, int] = {}
        self.bsns = plan.bsn_reeks(0, prefix=BSN_PREFIX_KLANT)
        signaal_bsns = plan.bsn_reeks(0, prefix=BSN_PREFIX_SIGNAAL)
        self.bestaande_bsns = set(Klant.objects.values_list("bsn", flat=True))
        self.signalen = Signaalschrijver(ctx, bsn=lambda: self._bsn(signaal_bsns), schaal=schaal)

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
                aangemaakt = tijdstip(keten.trajecten[0][0], 9)
                rijen.append(
                    {
                        "id": pk,
                        "bsn": bsn,
                        "voornamen": rng.choice(namen.mannen if man else namen.vrouwen),
                        "tussenvoegsel": "",
                        "achternaam": rng.choice(namen.achternamen),
                        "geboortedatum": geboortedatum(rng, ctx.vandaag),
                        "straat": rng.choice(namen.straten),
                        "huisnummer": str(rng.randint(1, 250)),
                        "postcode": plan.postcode(rng, gemeente.code),
                        "woonplaats": gemeente.naam,
                        "huishouden": "samenwonend" if rng.random() < 0.4 else "alleenstaand",
                        "aantal_kinderen": rng.choice([0, 0, 0, 1, 2, 2, 3]),
                        "telefoon": f"06{rng.randint(10000000, 99999999)}",
                        "email": f"klant{bsn[-6:]}@example.nl" if rng.random() < 0.7 else "",
                        "gemeente_id": gemeente.pk,
                        "aangemaakt_op": aangemaakt,
                        "gewijzigd_op": aangemaakt,
                        "geanonimiseerd_op": None,
                    }
                )
            kopieer(ruw, Klant, rijen)

    # ---------------------------------------------------------------- one chunk

    def _personen(
        self, gemeente_id: int, pakket: str
    ) -> tuple[int | None, int | None, str, int | None]:
        """The behandelaar (a klantregisseur), the contactpersoon at the gemeente (a
        consulent, where the package gives the gemeente tasks), the klant's vaste
        contactpersoon (Basis: the gemeente) and who records the steps (Basis: often the
        consulent)."""
        rng = self.ctx.rng
        consulenten = self.ctx.consulenten.get(gemeente_id, [])
        regisseurs = self.ctx.regisseurs.get(gemeente_id, [])
        behandelaar = rng.choice(regisseurs) if regisseurs else None
        consulent = None
        if pakket in (Pakket.HYBRIDE, Pakket.BASIS) and consulenten:
            consulent = rng.choice(consulenten)
        basis = pakket == Pakket.BASIS and consulent is not None
        vaste = Partij.GEMEENTE if basis else Partij.STADSBANK
        door = consulent if basis and rng.random() < 0.7 else behandelaar
        return behandelaar, consulent, vaste.value, door or consulent

    def blok(self, reizen: list[tuple[plan.Reis, Keten]]) -> dict[str, int]:
        """Write one chunk of planned trajecten with everything hanging under them."""
        from klantplan import models as kp
        from trajecten import models as tm

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
                            "door_id": traject_rij["_door"],
                        }
                    )
                for g in gebeurtenissen:
                    if g["soort"] in (Gebeurtenissoort.OPSCHORTING, Gebeurtenissoort.HERVATTING):
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
            telling["klantplan"] = klantplannen(self.ctx, ruw, rijen["plannen"])
            telling |= self.signalen.bij_trajecten(ruw, rijen["zaak"])
        return telling

    # ---------------------------------------------------------------- one traject

    def _traject(
        self, reis: plan.Reis, keten: Keten, traject_id: int, volgende: dict[str, int], rijen
    ) -> tuple[dict, list[Klokregel], list[plan.Pauzeplan], list[dict]]:
        from trajecten.normen import Pauze

        ctx, rng = self.ctx, self.ctx.rng
        gemeente_id = self.klant_gemeente[keten.klant]
        afspraak = ctx.afspraak(gemeente_id, reis.aanmelddatum)
        behandelaar, consulent, vaste, door = self._personen(gemeente_id, afspraak.pakket)
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
            "consulent_id": consulent,
            "vaste_contactpersoon": vaste,
            "_door": door,  # not a column: who records the steps (kopieer skips it)
            "fase": reis.fase,
            "uitstroomreden": reis.uitstroomreden,
            "versie": len(reis.stappen),
            "aangemaakt_op": tijdstip(reis.aanmelddatum, 9),
        }
        rijen["traject"].append(traject)
        signaaldatum = None
        if reis.kanaal == "vroegsignalering":
            signaaldatum = reis.aanmelddatum - timedelta(days=rng.randint(2, 12))
            rijen["zaak"].append((traject, signaaldatum, reis, door))
        aanmelding = {"kanaal": reis.kanaal, "bedreigende_situatie": reis.bedreigende_situatie}
        if signaaldatum:
            aanmelding["signaaldatum"] = signaaldatum.isoformat()
        ids = Ids(traject_id, product_ids, crisis_ids, moratorium_ids)
        gebeurtenissen = gebeurtenisrijen(
            reis, ids, door=door, aanmelding=aanmelding, reden=self.reden
        )
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
                soort=g["soort"],
                datum=g["datum"],
                naar_fase=g["naar_fase"],
                gegevens=g["gegevens"],
                sluit_af=g["soort"] in UITSTROOM_SOORTEN,
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
                        "door_id": door,
                        "aangemaakt_op": tijdstip(datum),
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
            gemaakt = tijdstip(dag, 6)
            oud = (self.ctx.vandaag - dag).days > 10
            rijen["signalering"].append(
                {
                    "sleutel": f"klok-{klok_id}-{soort}",
                    "soort": soort,
                    "traject_id": traject["id"],
                    "klok_id": klok_id,
                    "gebruiker_id": traject["_door"],
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
                    "aangemaakt_op": tijdstip(peildatum, 11),
                    "bijgewerkt_op": tijdstip(peildatum, 11),
                    "bijgewerkt_door_id": traject["_door"],
                }
            )
