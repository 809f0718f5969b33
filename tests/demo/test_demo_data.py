import random
from collections import Counter
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from demo import plan as demo_plan
from demo.basis import maak_demo_data
from demo.schaal.gebeurtenissen import Ids, gebeurtenisrijen
from demo.verhaal import pakketwissel
from demo.verhaal.mix import FASEMIX
from klantplan.huishouden.models import Budget
from klantplan.models import Actie, Afstemming, Klantplan, Schuld
from klantplan.portaal.models import Bericht
from klantplan.portaal.sessie import trajecten_van
from rapportage.models import Kwartaalrapportage
from schuldhulp.models import Dienstverleningsafspraak, Gebruiker, Gemeente, Klant
from trajecten import selectors, workflow
from trajecten.models import (
    Crisisinterventie,
    Fase,
    Gebeurtenis,
    Normbewaking,
    Signalering,
    Traject,
)
from trajecten.pakket.models import Afspraakgebeurtenis, Maatwerk
from trajecten.samenwerking.models import Overdracht
from trajecten.selectors import Filters, Weergave
from trajecten.vroegsignalering.models import Contactpoging, Signaalzaak

pytestmark = pytest.mark.django_db


def test_demo_data_is_idempotent():
    eerste = maak_demo_data(klanten_per_gemeente=3, met_verhaal=False)
    aantallen = (
        Gemeente.objects.count(),
        Klant.objects.count(),
        Dienstverleningsafspraak.objects.count(),
        Gebruiker.objects.count(),
    )
    tweede = maak_demo_data(klanten_per_gemeente=3, met_verhaal=False)
    assert eerste["gemeenten"] == 22 and eerste["nieuwe_klanten"] == 66
    assert tweede["nieuwe_klanten"] == 0
    assert aantallen == (
        Gemeente.objects.count(),
        Klant.objects.count(),
        Dienstverleningsafspraak.objects.count(),
        Gebruiker.objects.count(),
    )
    # at least one gemeente changed package
    assert Dienstverleningsafspraak.objects.filter(gemeente__code="GM0164").count() == 2


def _tellingen() -> dict[str, int]:
    modellen = [
        Dienstverleningsafspraak,
        Afspraakgebeurtenis,
        Maatwerk,
        Klant,
        Traject,
        Gebeurtenis,
        Normbewaking,
        Signalering,
        Schuld,
        Klantplan,
        Crisisinterventie,
        Signaalzaak,
        Contactpoging,
        Kwartaalrapportage,
    ]
    return {m.__name__: m.objects.count() for m in modellen}


def test_demo_verhaal_twee_keer_zonder_dubbelingen_en_in_elke_fase():
    call_command("demo_data")
    eerste = _tellingen()
    call_command("demo_data")
    assert _tellingen() == eerste
    _oldenzaal_midden_in_de_pakketwissel()
    _tijdlijn_en_volume_van_almelo()

    # trajecten in every phase, made over the past 15 months
    fasen = Counter(Traject.objects.values_list("fase", flat=True))
    assert set(fasen) == set(Fase.values)
    assert eerste["Traject"] >= 250
    # closed with DDAS reasons, products in several schuldregeling steps
    redenen = set(
        Traject.objects.exclude(uitstroomreden="").values_list("uitstroomreden", flat=True)
    )
    assert {"Zelf", "Nietverschenen", "Voldoet niet"} <= redenen
    statussen = set(
        Traject.objects.filter(producten__soort="Schuldbemiddeling").values_list(
            "producten__schuldregeling_status", flat=True
        )
    )
    assert {"ingediend", "toegekend", "afgewezen"} <= statussen
    assert Traject.objects.filter(producten__soort="Budgetbeheer").exists()
    # debts: about 13 creditors and € 40,000 per klant on average
    per_traject = Schuld.objects.values("traject").annotate(n=Count("pk"))
    gemiddeld = sum(r["n"] for r in per_traject) / len(per_traject)
    assert 10 <= gemiddeld <= 16
    # klantplannen fixed with doelen, crises (some prevented evictions), vroegsignalen worked on
    assert Klantplan.objects.filter(status="vastgesteld", doelen__isnull=False).exists()
    assert Crisisinterventie.objects.filter(soort="huisuitzetting", voorkomen=True).exists()
    assert Contactpoging.objects.filter(bereikt=True).exists()
    assert Signaalzaak.objects.filter(status="aangemeld", traject__isnull=False).exists()
    # issue 19: klanten filled in the survey at uitstroom, and some were referred on
    from rapportage.tevredenheid.models import Antwoord

    assert Antwoord.objects.filter(gemeente__code="GM0141").count() >= 5
    assert Gebeurtenis.objects.filter(gegevens__has_key="verwezen_naar").exists()
    assert Kwartaalrapportage.objects.filter(status="klaar").count() == 2

    # the regisseur's werkvoorraad shows what is overdue and what threatens today
    regisseur = Gebruiker.objects.get(username="regisseur")
    telling = selectors.tellingen(
        selectors.werkvoorraad(regisseur, Filters(Weergave.MIJN)), regisseur
    )
    assert telling["overschreden"] >= 5 and telling["dreigt"] >= 3 and telling["lopend"] >= 50
    assert selectors.ongelezen_signaleringen(regisseur).exists()
    # A warme overdracht waits for the receiving side (aan zet), one was accepted; in Enschede
    # an afstemming waits for the Stadsbank's answer; the consulent has the daily e-mail on.
    assert set(Overdracht.objects.values_list("status", flat=True)) == {"open", "geaccepteerd"}
    open_ = Overdracht.objects.get(status="open")
    assert open_.traject.aan_zet == open_.aan
    assert Afstemming.objects.filter(aan="stadsbank", status="open").exists()
    assert Gebruiker.objects.get(username="consulent.enschede").dagoverzicht
    _schuldregelingen_in_almelo()
    _klant_van_mijn_schuldhulp()


def _klant_van_mijn_schuldhulp() -> None:
    """The README's BSN for the mock DigiD is a person with an open traject (as partner), a
    fixed budget, actions of the klant and a message: what the portal demo needs."""
    persoon = Klant.objects.get(bsn="999993653")
    ids = trajecten_van(persoon)
    assert ids and Traject.objects.filter(pk__in=ids, fase__in=workflow.OPEN_FASEN).exists()
    assert Budget.objects.filter(traject_id__in=ids, status="vastgesteld").exists()
    assert Actie.objects.filter(klantplan__traject_id__in=ids, soort="klant").exists()
    assert Bericht.objects.filter(traject_id__in=ids).exists()
    # One afspraak carries a note of the team (ADR 0027): in the dossier, not in the PDF.
    from demo.plan import INTERNE_NOTITIE
    from klantplan.services import maak_document
    from tests.klantplan.test_documenten import tekst

    actie = Actie.objects.get(traject_id__in=ids, wat=INTERNE_NOTITIE)
    assert actie.klanttekst and actie.klanttekst != actie.wat
    regisseur = Gebruiker.objects.get(username="regisseur")
    document = maak_document(traject=actie.traject, door=regisseur, soort="actielijst")
    inhoud = tekst(bytes(document.inhoud))
    assert actie.klanttekst in inhoud and "Faillissement" not in inhoud


def _schuldregelingen_in_almelo() -> None:
    """One negotiation waits on creditors past their term (one answered through the portal
    with a higher saldo, one by post); in another every creditor agreed but one; a third runs,
    with this month's reservation waiting to be paid out."""
    from klantplan.schuldregeling.models import Bericht, Betaling, Regeling, Saldowijziging
    from klantplan.schuldregeling.services import betalingen

    assert Regeling.objects.filter(traject__gemeente__code="GM0141").count() == 3
    assert Saldowijziging.objects.filter(door_extern__contains="schuldeiserportaal").exists()
    statussen = sorted(
        (sorted(r.onderhandelingen.values_list("status", flat=True)))
        for r in Regeling.objects.filter(fase="onderhandeling")
    )
    loopt = next(s for s in statussen if "saldo_gevraagd" in s)
    assert loopt.count("saldo_ontvangen") == 2
    assert loopt.count("saldo_gevraagd") == len(loopt) - 2
    weigert = next(s for s in statussen if "afgewezen" in s)
    assert weigert.count("afgewezen") == 1
    assert weigert.count("akkoord") == len(weigert) - 1
    assert Bericht.objects.filter(kanaal="portaal", richting="in").exists()
    lopend = Regeling.objects.get(fase="lopend")
    assert Betaling.objects.filter(regeling=lopend, richting="ontvangen").exists()
    stand = betalingen.stand(lopend)
    assert stand.te_betalen_cent > 0 and stand.ontvangen_cent == (
        stand.uitbetaald_cent + stand.te_betalen_cent
    )


def test_de_demo_volgt_de_catalogus():
    """The planner and the row writer keep no journey of their own: every step is a
    handeling of the catalogue, and its event row has the catalogue's kind and phases."""
    rng = random.Random(5)
    vandaag = date(2026, 11, 23)
    for _ in range(300):
        aanmelding = vandaag - timedelta(days=rng.randint(0, 900))
        reis = demo_plan.maak_reis(rng, aanmelddatum=aanmelding, vandaag=vandaag)
        ids = Ids(1, *([*range(len(p))] for p in (reis.producten, reis.crises, reis.moratoria)))
        rijen = gebeurtenisrijen(reis, ids, door=None, aanmelding={}, reden="")
        namen = ["traject.aanmelden", *(s.handeling for s in reis.stappen)]
        assert [r["soort"] for r in rijen] == [workflow.HANDELINGEN[n].gebeurtenis for n in namen]
        for naam, rij in zip(namen, rijen, strict=True):
            assert rij["naar_fase"] == (
                workflow.OVERGANGEN[naam].doel if naam in workflow.OVERGANGEN else ""
            )
        naar = [r["naar_fase"] for r in rijen if r["naar_fase"]]
        assert reis.fase == (naar[-1] if naar else Fase.AANGEMELD)
    # the demo's phase mix names every phase of the catalogue
    assert set(FASEMIX) == set(workflow.Fase)


def _tijdlijn_en_volume_van_almelo() -> None:
    """Issue 20, point 9: no "Later vastgelegd … Demogegevens" on the timeline (every step
    registered on its own date), and Almelo with ~250 aanmeldingen in a full quarter."""
    from demo.verhaal.afspelen import DEMO_REDEN

    assert not Gebeurtenis.objects.filter(reden_terugdatering=DEMO_REDEN).exists()
    g = Gebeurtenis.objects.filter(traject__gemeente__code="GM0141").order_by("pk").first()
    assert timezone.localtime(g.geregistreerd_op).date() == g.datum
    vandaag = timezone.localdate()
    kwartaal = (vandaag.month - 1) // 3
    eind = date(vandaag.year, 3 * kwartaal + 1, 1) - timedelta(days=1)  # last full quarter
    begin = date(eind.year, eind.month - 2, 1)
    aantal = Traject.objects.filter(
        gemeente__code="GM0141", aanmelddatum__range=(begin, eind)
    ).count()
    assert 200 <= aantal <= 300, aantal
    # The demo user keeps a caseload a person can carry; colleagues take the rest.
    regisseur = Gebruiker.objects.get(username="regisseur")
    assert Traject.objects.lopend().filter(behandelaar=regisseur).count() < 300


def _oldenzaal_midden_in_de_pakketwissel() -> None:
    """Oldenzaal switched from Ontzorging to Hybride today through the services, per phase:
    its running trajecten follow both splits; two maatwerk cases, one approved."""
    vandaag = timezone.localdate()
    ontzorging, hybride = Dienstverleningsafspraak.objects.filter(gemeente__code="GM0173")
    assert (ontzorging.pakket, ontzorging.status) == ("ontzorging", "beeindigd")
    assert ontzorging.geldig_tot == vandaag - timedelta(days=1)
    assert (hybride.pakket, hybride.status, hybride.geldig_van) == ("hybride", "actief", vandaag)
    assert (hybride.overgang, hybride.overgang_fasen) == ("per_fase", ["aangemeld", "intake"])
    assert hybride.vastgesteld_door.username == "beheerder"
    assert list(hybride.gebeurtenissen.values_list("naar_status", flat=True)) == [
        "concept",
        "vastgesteld",
        "actief",
    ]
    assert ontzorging.gebeurtenissen.filter(naar_status="beeindigd").exists()

    lopend = Traject.objects.lopend().filter(gemeente__code="GM0173")
    verhuisd = lopend.filter(afspraak=hybride)
    gebleven = lopend.filter(afspraak=ontzorging)
    assert verhuisd.count() >= 2 and gebleven.count() >= 2
    for t in verhuisd:
        assert t.fase in pakketwissel.FASEN and t.afspraak_sinds == vandaag
        wissel = t.gebeurtenissen.get(soort="pakketwissel")
        assert (wissel.datum, wissel.gegevens["naar"]) == (vandaag, "hybride")
    assert not gebleven.filter(fase__in=pakketwissel.FASEN).exists()
    assert not gebleven.filter(gebeurtenissen__soort="pakketwissel").exists()
    # Nobody follows an agreement that had ended before the traject started.
    assert not gebleven.filter(aanmelddatum__gt=ontzorging.geldig_tot).exists()

    op, af = Maatwerk.objects.filter(traject__gemeente__code="GM0173").order_by("pk")
    assert (op.soort, op.status, op.beoordeeld_door.username) == (
        "opschalen",
        "goedgekeurd",
        "consulent.oldenzaal",
    )
    assert (af.soort, af.status, af.beoordeeld_door) == ("afschalen", "voorgesteld", None)
    assert op.traject.afspraak == hybride and af.traject.afspraak == ontzorging
    # The gate follows: approved opschalen gives the Stadsbank the schuldenoverzicht of that
    # one moved traject; the other moved ones leave it to the gemeente (Hybride as agreed);
    # the proposal awaiting the consulent changes nothing yet.
    assert op.traject.uitvoerder("schuldenoverzicht") == "stadsbank"
    ander = verhuisd.exclude(pk=op.traject_id).first()
    assert ander.uitvoerder("schuldenoverzicht") == "gemeente"
    assert af.traject.uitvoerder("exitgesprek") == "stadsbank"
