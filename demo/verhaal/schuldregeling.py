"""Schuldregelingen with the creditors in Almelo (Ontzorging: the klantregisseur does it all).

Recorded through the real services, as the users and creditors would:

- **A, onderhandeling loopt**: kennisgeving and saldoverzoek went to every creditor five weeks
  ago; one answered through the schuldeiserportaal with a higher saldo (the debt was updated,
  the old amount kept), one by post; the others are past their term (the reminder job has
  work).
- **B, één schuldeiser weigert**: every saldo is in, the voorstel is chosen and the
  betaalvoorstel sent; all creditors agreed but one, who refused with a reason: the
  klantregisseur can prepare the verzoek dwangakkoord.
- **C, de regeling loopt**: every creditor agreed, the regeling started on the first of a
  month; each month the client's reservation came in and was paid out to the creditors,
  except this month's, which waits for *Uitbetalingen boeken*.
"""

from __future__ import annotations

from datetime import date, timedelta

from demo.verhaal.afspelen import DEMO_REDEN
from klantplan.schuldregeling import schema
from klantplan.schuldregeling.models import Regeling
from klantplan.schuldregeling.services import antwoorden, betalingen, lopend, openen, versturen
from klantplan.services.sanering import bereken_voorstel
from schuldhulp.extern import schuldeiser
from schuldhulp.models import Gebruiker
from trajecten.models import Product, Traject
from trajecten.services import start_product
from trajecten.workflow import Fase, Productsoort, Schuldregelingstatus

GEMEENTE = "GM0141"  # Almelo
REGISSEUR = "regisseur"


def _kandidaten(regisseur: Gebruiker, nodig: int, vandaag: date) -> list[Product]:
    """Running schuldbemiddelingen of Almelo still in preparation, with at least 4 debts;
    where the story has too few, the klantregisseur starts one on a traject that reached
    financiële rust (back-dated as the other demo steps)."""
    producten = (
        Product.objects.filter(
            traject__gemeente__code=GEMEENTE,
            soort=Productsoort.SCHULDBEMIDDELING,
            einddatum__isnull=True,
            schuldregeling_status=Schuldregelingstatus.IN_VOORBEREIDING,
            regeling__isnull=True,
        )
        .select_related("traject")
        .order_by("pk")
    )
    gekozen = [p for p in producten if p.traject.is_open and p.traject.schulden.count() >= 4]
    trajecten = (
        Traject.objects.lopend()
        .filter(gemeente__code=GEMEENTE, fase__in=[Fase.FINANCIELE_RUST, Fase.UITVOERING])
        .exclude(producten__soort=Productsoort.SCHULDBEMIDDELING)
        .order_by("pk")
    )
    for traject in trajecten:
        if len(gekozen) >= nodig:
            break
        if traject.schulden.count() < 4:
            continue
        laatste = traject.gebeurtenissen.order_by("-datum").values_list("datum", flat=True)[0]
        gekozen.append(
            start_product(
                traject_id=traject.pk,
                soort=Productsoort.SCHULDBEMIDDELING,
                door=regisseur,
                datum=max(laatste, vandaag - timedelta(days=70)),
                reden_terugdatering=DEMO_REDEN,
            )
        )
    return gekozen[:nodig]


def _oud_product(regisseur: Gebruiker, vandaag: date) -> Product | None:
    """For the running regeling: a traject whose story went quiet months ago, so the
    negotiation and several months of payments fit before today."""
    grens = vandaag - timedelta(days=150)
    trajecten = (
        Traject.objects.lopend()
        .filter(gemeente__code=GEMEENTE, fase__in=[Fase.FINANCIELE_RUST, Fase.UITVOERING])
        .exclude(producten__soort=Productsoort.SCHULDBEMIDDELING)
        .order_by("pk")
    )
    for traject in trajecten:
        laatste = traject.gebeurtenissen.order_by("-datum").values_list("datum", flat=True)[0]
        if laatste <= grens and traject.schulden.count() >= 4:
            return start_product(
                traject_id=traject.pk,
                soort=Productsoort.SCHULDBEMIDDELING,
                door=regisseur,
                datum=grens,
                reden_terugdatering=DEMO_REDEN,
            )
    return None


def _start(product: Product, vandaag: date, dagen: int) -> date:
    return max(product.startdatum, vandaag - timedelta(days=dagen))


def _open(product: Product, door: Gebruiker, datum: date) -> Regeling:
    return openen.open_regeling(product_id=product.pk, door=door, datum=datum, peildatum=datum)


def _stuur(regeling: Regeling, handeling: str, door: Gebruiker, datum: date) -> None:
    ids = list(regeling.onderhandelingen.values_list("pk", flat=True))
    versturen.verstuur(onderhandeling_ids=ids, handeling=handeling, door=door, datum=datum)


def _onderhandeling_loopt(product: Product, door: Gebruiker, vandaag: date) -> None:
    begin = _start(product, vandaag, 35)
    regeling = _open(product, door, begin)
    _stuur(regeling, "sr.kennisgeving", door, begin)
    _stuur(regeling, "sr.saldoverzoek", door, begin)
    eerste, tweede = list(regeling.onderhandelingen.select_related("schuld__schuldeiser"))[:2]
    antwoorden.leg_saldo_vast(  # through the portal: costs and interest were added
        onderhandeling_id=eerste.pk,
        door=schuldeiser(eerste.pk, eerste.schuld.schuldeiser.naam),
        datum=min(vandaag, begin + timedelta(days=8)),
        hoofdsom_cent=eerste.schuld.actueel_bedrag_cent,
        kosten_cent=4_250,
        rente_cent=1_187,
        kenmerk=eerste.schuld.kenmerk,
    )
    antwoorden.leg_saldo_vast(  # by post, as the client said
        onderhandeling_id=tweede.pk,
        door=door,
        datum=min(vandaag, begin + timedelta(days=12)),
        hoofdsom_cent=tweede.schuld.actueel_bedrag_cent,
        kenmerk=tweede.schuld.kenmerk,
        kanaal="post",
    )


def _een_weigert(product: Product, door: Gebruiker, vandaag: date) -> None:
    begin = _start(product, vandaag, 60)
    regeling = _open(product, door, begin)
    _stuur(regeling, "sr.kennisgeving", door, begin)
    _stuur(regeling, "sr.saldoverzoek", door, begin)
    onderhandelingen = list(regeling.onderhandelingen.select_related("schuld__schuldeiser"))
    for n, o in enumerate(onderhandelingen):
        antwoorden.leg_saldo_vast(
            onderhandeling_id=o.pk,
            door=door,
            datum=min(vandaag, begin + timedelta(days=5 + n)),
            hoofdsom_cent=o.schuld.actueel_bedrag_cent,
            kenmerk=o.schuld.kenmerk,
            kanaal="post",
        )
    voorstel = bereken_voorstel(
        traject=product.traject,
        door=door,
        soort="schuldregeling",
        aflosruimte_per_maand_cent=17_500,
    )
    openen.kies_voorstel(
        regeling_id=regeling.pk,
        voorstel_id=voorstel.pk,
        door=door,
        datum=min(vandaag, begin + timedelta(days=20)),
    )
    verzonden = min(vandaag, begin + timedelta(days=21))
    _stuur(regeling, "sr.betaalvoorstel", door, verzonden)
    weigeraar, *anderen = onderhandelingen
    for n, o in enumerate(anderen):
        antwoorden.leg_antwoord_vast(
            onderhandeling_id=o.pk,
            door=schuldeiser(o.pk, o.schuld.schuldeiser.naam) if n % 2 else door,
            datum=min(vandaag, verzonden + timedelta(days=7 + n)),
            akkoord=True,
            kanaal="post",
        )
    antwoorden.leg_antwoord_vast(
        onderhandeling_id=weigeraar.pk,
        door=schuldeiser(weigeraar.pk, weigeraar.schuld.schuldeiser.naam),
        datum=min(vandaag, verzonden + timedelta(days=18)),
        akkoord=False,
        reden="Wij stemmen niet in met een regeling waarin wij minder dan 50% ontvangen.",
    )


def _regeling_loopt(product: Product, door: Gebruiker, vandaag: date) -> None:
    begin = _start(product, vandaag, 150)
    regeling = _open(product, door, begin)
    _stuur(regeling, "sr.kennisgeving", door, begin)
    _stuur(regeling, "sr.saldoverzoek", door, begin)
    onderhandelingen = list(regeling.onderhandelingen.select_related("schuld__schuldeiser"))
    for o in onderhandelingen:
        antwoorden.leg_saldo_vast(
            onderhandeling_id=o.pk,
            door=schuldeiser(o.pk, o.schuld.schuldeiser.naam),
            datum=min(vandaag, begin + timedelta(days=4)),
            hoofdsom_cent=o.schuld.actueel_bedrag_cent,
            kenmerk=o.schuld.kenmerk,
        )
    dag = min(vandaag, begin + timedelta(days=6))
    voorstel = bereken_voorstel(
        traject=product.traject,
        door=door,
        soort="schuldregeling",
        aflosruimte_per_maand_cent=21_000,
    )
    openen.kies_voorstel(regeling_id=regeling.pk, voorstel_id=voorstel.pk, door=door, datum=dag)
    _stuur(regeling, "sr.betaalvoorstel", door, dag)
    for o in onderhandelingen:
        antwoorden.leg_antwoord_vast(
            onderhandeling_id=o.pk,
            door=schuldeiser(o.pk, o.schuld.schuldeiser.naam),
            datum=min(vandaag, dag + timedelta(days=8)),
            akkoord=True,
        )
    akkoord = min(vandaag, dag + timedelta(days=9))
    eerste = (akkoord.replace(day=1) + timedelta(days=32)).replace(day=1)  # next month
    if eerste > vandaag:
        eerste = akkoord
    regeling = lopend.start_regeling(
        regeling_id=regeling.pk,
        door=door,
        datum=akkoord,
        startdatum=eerste,
        iban_klant="NL91ABNA0417164300",
    )
    maanden = [d for d in schema.maanddata(eerste, regeling.looptijd_maanden) if d <= vandaag]
    for n, maand in enumerate(maanden):
        ontvangen = min(vandaag, maand + timedelta(days=2))
        betalingen.leg_ontvangst_vast(
            regeling_id=regeling.pk,
            door=door,
            datum=ontvangen,
            bedrag_cent=regeling.maandbedrag_cent,
            omschrijving=f"Reservering {maand:%m-%Y}",
        )
        if n < len(maanden) - 1:  # this month's waits for the klantregisseur
            betalingen.boek_uitbetalingen(
                regeling_id=regeling.pk,
                door=door,
                datum=min(vandaag, ontvangen + timedelta(days=1)),
            )


def speel_schuldregeling(vandaag: date) -> dict[str, int]:
    regisseur = Gebruiker.objects.get(username=REGISSEUR)
    verhalen = [_regeling_loopt, _een_weigert, _onderhandeling_loopt]  # longest story first
    oud = _oud_product(regisseur, vandaag)
    kandidaten = sorted(
        (p for p in _kandidaten(regisseur, len(verhalen), vandaag) if oud is None or p != oud),
        key=lambda p: (p.startdatum, p.pk),
    )
    kandidaten = ([oud] if oud else []) + kandidaten
    for product, verhaal in zip(kandidaten, verhalen, strict=False):
        verhaal(product, regisseur, vandaag)
    return {"schuldregelingen": min(len(kandidaten), len(verhalen))}
