"""Vroegsignalen of scale data: the signaalzaak behind a traject that came in through
vroegsignalering, cases that ended without an aanmelding, and the open cases of today."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from django.db import connection

from demo import plan
from demo.schaal.context import Context, geboortedatum, tijdstip
from demo.schaal.kopie import kopieer, reserveer_ids
from schuldhulp.models import Gemeente

# (partner, soort, achterstand, typical amount in euros) and weight: the national mix.
SIGNAALPARTNERS: list[tuple[tuple[str, str, str, int], int]] = [
    (("Menzis", "zorgverzekeraar", "zorgverzekering", 410), 41),
    (("Welbions", "woningcorporatie", "huur", 1450), 10),
    (("Domijn", "woningcorporatie", "huur", 1450), 10),
    (("Eneco", "energieleverancier", "energie", 620), 20),
    (("Vitens", "drinkwaterbedrijf", "water", 95), 18),
]


class Signaalschrijver:
    """Turns the signals around the trajecten of a chunk, and today's open cases, into rows."""

    def __init__(self, ctx: Context, *, bsn: Callable[[], str], schaal: float) -> None:
        self.ctx = ctx
        self.bsn = bsn  # a fresh BSN of someone who is known by a signal only
        self.schaal = schaal

    def _persoon(self, gemeente: Gemeente, *, bsn: str) -> dict:
        rng, namen = self.ctx.rng, self.ctx.namen
        return {
            "bsn": bsn,
            "voornamen": rng.choice(namen.vrouwen + namen.mannen),
            "tussenvoegsel": "",
            "achternaam": rng.choice(namen.achternamen),
            "geboortedatum": geboortedatum(rng, self.ctx.vandaag) if rng.random() < 0.6 else None,
            "straat": rng.choice(namen.straten),
            "huisnummer": str(rng.randint(1, 250)),
            "postcode": plan.postcode(rng, gemeente.code),
            "woonplaats": gemeente.naam,
            "telefoon": f"06{rng.randint(10000000, 99999999)}" if rng.random() < 0.5 else "",
            "email": "",
        }

    def bij_trajecten(self, ruw, zaken: list[tuple]) -> dict[str, int]:
        """A signaalzaak behind every traject that came in through vroegsignalering, and
        (about twice as many) cases that ended without an aanmelding."""
        from trajecten.vroegsignalering import models as vs

        ctx, rng = self.ctx, self.ctx.rng
        gemeenten = {g.pk: g for g in ctx.gemeenten}
        geval: list[tuple[dict, list[dict], list[dict]]] = []
        for traject, signaaldatum, reis, behandelaar in zaken:
            gemeente = gemeenten[traject["gemeente_id"]]
            persoon = self._persoon(gemeente, bsn=self.bsn())
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
                persoon = self._persoon(gemeente, bsn=self.bsn())
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
            "aangemaakt_op": tijdstip(dag, 8),
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
                    "aangemaakt_op": tijdstip(ontvangen, 8),
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
            "geregistreerd_op": tijdstip(dag, 15),
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
                zaak["geanonimiseerd_op"] = tijdstip(zaak["afgehandeld_op"] + timedelta(days=181))
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

    def open_zaken(self) -> dict[str, int]:
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
                persoon = self._persoon(gemeente, bsn=self.bsn() if rng.random() < 0.85 else "")
                door = rng.choice(regisseurs.get(gemeente.pk, [None]))
                zaak = self._zaak(gemeente, persoon, dag, status, door)
                geval.append(self._met_signalen_en_pogingen(zaak, persoon, door))
        with connection.cursor() as c:
            return {
                f"open_{k}": v
                for k, v in self._schrijf_zaken(c.connection.cursor(), geval, vs).items()
            }
