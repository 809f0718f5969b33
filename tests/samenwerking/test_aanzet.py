"""Whose turn it is (trajecten.samenwerking.aanzet): per package, with a warme overdracht,
maatwerk and a task settled per traject, products, an ended traject; kept up to date by
every write, by a package switch, by the daily job, the command and the data migration."""

from __future__ import annotations

import importlib
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from schuldhulp.afspraken import Overgangsregeling
from schuldhulp.models import Rol
from schuldhulp.pakketten import Partij
from tests.bouwers import (
    KlantFactory,
    aanmelding,
    dagen,
    gemeente_met_afspraak,
    medewerker,
    omgeving,
    overgang,
    stap,
    traject_in,
    uitvoerder,
    vandaag,
)
from tests.bouwers.afspraken import vastgesteld
from tests.samenwerking.bouwers import overdracht_nodig, verstuur
from trajecten import services
from trajecten.models import Fase, Gebeurtenis, Traject
from trajecten.pakket.services import afspraken, maatwerk
from trajecten.samenwerking import aanzet
from trajecten.samenwerking.services import overdracht as overdrachten

pytestmark = pytest.mark.django_db

S, G = Partij.STADSBANK, Partij.GEMEENTE


def opgeslagen(traject: Traject) -> str:
    return Traject.objects.values_list("aan_zet", flat=True).get(pk=traject.pk)


def stand(traject: Traject) -> tuple[Partij | None, str, Partij | None]:
    """What bepaal says now, checked against the stored column."""
    traject = Traject.objects.get(pk=traject.pk)
    az = aanzet.bepaal(traject)
    assert opgeslagen(traject) == (az.partij.value if az.partij else "")
    return az.partij, az.wat, az.overdracht_van


# --------------------------------------------------------------------- per package


def test_ontzorging_de_stadsbank_doet_elke_stap():
    omg = omgeving("ontzorging")
    verwacht = {
        Fase.AANGEMELD: "Eerste gesprek vastleggen",
        Fase.INTAKE: "Toelating vastleggen",
        Fase.STABILISATIE: "Financiële rust vastleggen",
        Fase.FINANCIELE_RUST: "Product starten",  # start uitvoering needs a running product
        Fase.UITVOERING: "Producten uitvoeren",  # Budgetcoaching runs (naar_fase)
    }
    for fase, wat in verwacht.items():
        assert stand(traject_in(omg, fase)) == (S, wat, None), fase


def test_uitvoering_zonder_lopend_product_dan_nazorg_en_uitstroom():
    omg = omgeving("ontzorging")
    traject = traject_in(omg, Fase.UITVOERING)
    (product,) = traject.producten.all()
    services.beeindig_product(product_id=product.pk, door=omg.regisseur, datum=vandaag())
    assert stand(traject) == (S, "Nazorg starten", None)
    overgang(traject, "start_nazorg", omg.regisseur)
    assert stand(traject) == (S, "Traject afsluiten (uitstroom)", None)
    services.start_product(
        traject_id=traject.pk, soort="Budgetbeheer", door=omg.regisseur, datum=vandaag()
    )
    assert stand(traject)[:2] == (S, "Producten uitvoeren")  # uitstroom waits for it


def test_afgesloten_traject_niemand_aan_zet():
    omg = omgeving("hybride-gemeente")
    traject = aanmelding(KlantFactory(gemeente=omg.gemeente), omg.consulent)
    assert opgeslagen(traject) == G
    overgang(traject, "sluit_af", omg.consulent, uitstroomreden="Zelf")
    assert stand(traject) == (None, "", None)
    assert opgeslagen(traject) == ""


def test_aangemeld_door_de_gemeente_bij_ontzorging_eerst_warme_overdracht():
    """The gemeente registered, the Stadsbank takes the next step: the gemeente hands over
    first, the Stadsbank accepts (or asks; the gemeente answers), then it is the Stadsbank's."""
    omg = omgeving("ontzorging")
    traject = aanmelding(KlantFactory(gemeente=omg.gemeente), omg.consulent)
    assert stand(traject) == (G, "Warme overdracht aan de Stadsbank versturen", G)
    o = verstuur(traject, omg.consulent)
    assert stand(traject) == (S, "Warme overdracht accepteren", None)
    assert aanzet.bepaal(Traject.objects.get(pk=traject.pk)).open_overdracht == o
    overdrachten.stel_vraag(overdracht_id=o.pk, door=omg.regisseur, vraag="Welke schulden?")
    assert stand(traject) == (G, "Vraag over de warme overdracht beantwoorden", None)
    overdrachten.beantwoord(overdracht_id=o.pk, door=omg.consulent, antwoord="Zie de map.")
    assert stand(traject)[:2] == (S, "Warme overdracht accepteren")
    overdrachten.accepteer(overdracht_id=o.pk, door=omg.regisseur)
    assert stand(traject) == (S, "Eerste gesprek vastleggen", None)


def test_hybride_gemeente_doet_intake_en_draagt_over_voor_de_stabilisatie():
    omg = omgeving("hybride-gemeente")
    traject = aanmelding(KlantFactory(gemeente=omg.gemeente), omg.consulent)
    assert stand(traject) == (G, "Eerste gesprek vastleggen", None)
    overgang(traject, "voer_eerste_gesprek", omg.consulent)
    assert stand(traject) == (G, "Toelating vastleggen", None)
    overgang(traject, "neem_toelatingsbesluit", omg.consulent)
    # Acute hulp (financiële rust) is the Stadsbank's in Hybride.
    assert stand(traject) == (G, "Warme overdracht aan de Stadsbank versturen", G)


def test_hybride_terug_naar_de_gemeente_voor_de_nazorg():
    omg = omgeving("hybride-gemeente")
    traject = overdracht_nodig(omg)
    overdrachten.accepteer(overdracht_id=verstuur(traject, omg.consulent).pk, door=omg.regisseur)
    assert stand(traject) == (S, "Financiële rust vastleggen", None)
    overgang(traject, "bereik_financiele_rust", omg.regisseur)
    product = services.start_product(
        traject_id=traject.pk, soort="Budgetbeheer", door=omg.regisseur, datum=vandaag()
    )
    overgang(traject, "start_uitvoering", omg.regisseur)
    assert stand(traject) == (S, "Producten uitvoeren", None)
    services.beeindig_product(product_id=product.pk, door=omg.regisseur, datum=vandaag())
    # Opmaat tot uitstroom is the gemeente's here: the Stadsbank hands back.
    assert stand(traject) == (S, "Warme overdracht aan de gemeente versturen", S)


def test_basis_producten_van_de_stadsbank_zonder_overdracht_heen_en_weer():
    """Basis: the gemeente does the journey, the Stadsbank the products. A product to start
    or to run is the Stadsbank's turn without a handover each way."""
    omg = omgeving("basis")
    traject = aanmelding(KlantFactory(gemeente=omg.gemeente), omg.consulent)
    assert stand(traject) == (G, "Eerste gesprek vastleggen", None)
    for naam in ("voer_eerste_gesprek", "neem_toelatingsbesluit", "bereik_financiele_rust"):
        stap(omg, traject, naam)
    assert stand(traject) == (S, "Product starten", None)
    services.start_product(
        traject_id=traject.pk, soort="Schuldbemiddeling", door=omg.regisseur, datum=vandaag()
    )
    assert stand(traject) == (G, "Uitvoering starten", None)  # regie op resultaat
    stap(omg, traject, "start_uitvoering")
    assert stand(traject) == (S, "Producten uitvoeren", None)
    (product,) = Traject.objects.get(pk=traject.pk).producten.all()
    services.beeindig_product(product_id=product.pk, door=omg.regisseur, datum=vandaag())
    assert stand(traject) == (G, "Nazorg starten", None)


# ------------------------------------------------------------- maatwerk, overleg


def _hybride_met_overleg(taak: str):
    """Hybride where the agreement leaves `taak` per traject in overleg."""
    keuzes = {"informatie_verzamelen": "gemeente", "wgs_beschikking": "gemeente", taak: "overleg"}
    gemeente = gemeente_met_afspraak(f"Overleg {taak}", f"GM09{len(taak):02d}", "hybride", keuzes)
    regisseur = medewerker(f"kr_{taak}", Rol.KLANTREGISSEUR, [gemeente])
    consulent = medewerker(f"co_{taak}", Rol.CONSULENT, [gemeente])
    traject = aanmelding(KlantFactory(gemeente=gemeente), consulent, behandelaar=regisseur)
    return traject, regisseur, consulent


def test_taak_in_overleg_blijft_bij_wie_het_traject_heeft_tot_het_is_afgesproken():
    traject, _, consulent = _hybride_met_overleg("wgs_beschikking")
    overgang(traject, "voer_eerste_gesprek", consulent)
    wat = "Afspreken wie 'Wgs-beschikking met plan op hoofdlijnen' doet (in overleg)"
    assert stand(traject) == (G, wat, None)
    maatwerk.spreek_taak_af(
        door=consulent, traject_id=traject.pk, taak="wgs_beschikking", partij="gemeente"
    )
    assert stand(traject) == (G, "Toelating vastleggen", None)


def test_afspraak_in_overleg_telt_meteen_ook_al_las_de_service_het_maatwerk_eerder():
    """spreek_taak_af reads the traject's maatwerk before it adds the settled task
    (Traject.uitvoerder caches it on the instance); werk_bij must read it afresh."""
    traject, regisseur, _ = _hybride_met_overleg("informatie_verzamelen")
    # Nobody took a step we know of (the registering user's account is gone).
    Gebeurtenis.objects.filter(traject=traject).update(door=None)
    aanzet.werk_bij(Traject.objects.get(pk=traject.pk))
    assert stand(traject) == (None, "Afspreken wie 'Informatie verzamelen' doet (in overleg)", None)
    maatwerk.spreek_taak_af(
        door=regisseur, traject_id=traject.pk, taak="informatie_verzamelen", partij="stadsbank"
    )
    assert stand(traject) == (S, "Eerste gesprek vastleggen", None)


def test_maatwerk_dat_morgen_begint_telt_vanaf_morgen_via_de_dagelijkse_taak():
    omg = omgeving("ontzorging")
    traject = aanmelding(KlantFactory(gemeente=omg.gemeente), omg.consulent)
    assert stand(traject) == (G, "Warme overdracht aan de Stadsbank versturen", G)
    morgen = vandaag() + dagen(1)
    voorstel = maatwerk.stel_voor(
        door=omg.regisseur,
        traject_id=traject.pk,
        soort="afschalen",
        taken=["informatie_verzamelen"],
        van=morgen,
        tot=morgen + dagen(30),
        reden="De klant heeft een vaste contactpersoon bij de gemeente.",
    )
    maatwerk.beoordeel(door=omg.consulent, maatwerk_id=voorstel.pk, goedkeuren=True)
    assert stand(traject)[1] == "Warme overdracht aan de Stadsbank versturen"  # not yet
    with time_machine.travel(timezone.now() + dagen(1)):
        Traject.objects.filter(pk=traject.pk).update(aan_zet=S)  # what a stale row would say
        afspraken.dagelijks()
        # From today the gemeente does the intake itself: no handover.
        assert stand(traject) == (G, "Eerste gesprek vastleggen", None)
    with time_machine.travel(timezone.now() + dagen(32)):
        Traject.objects.filter(pk=traject.pk).update(aan_zet=S)
        afspraken.dagelijks()  # ended yesterday: the agreement's split again
        assert stand(traject) == (G, "Warme overdracht aan de Stadsbank versturen", G)


def test_dagelijkse_taak_bekijkt_alleen_wat_de_kalender_veranderde():
    omg = omgeving("ontzorging")
    stil = aanmelding(KlantFactory(gemeente=omg.gemeente), omg.regisseur)
    leeg = aanmelding(KlantFactory(gemeente=omg.gemeente), omg.regisseur)
    Traject.objects.filter(pk=stil.pk).update(aan_zet=G)  # wrong, but nothing changed today
    Traject.objects.filter(pk=leeg.pk).update(aan_zet="")  # a row from before the column
    assert aanzet.dagelijks() == {"aan_zet_bekeken": 1, "aan_zet_gewijzigd": 1}
    assert opgeslagen(leeg) == S and opgeslagen(stil) == G


def test_pakketwissel_bepaalt_opnieuw_wie_aan_zet_is():
    omg = omgeving("ontzorging")
    traject = aanmelding(KlantFactory(gemeente=omg.gemeente), omg.regisseur)
    Traject.objects.filter(pk=traject.pk).update(aan_zet=G)  # the bulk move writes no event
    nieuw = vastgesteld(omg, overgang=Overgangsregeling.ALLES, pakket="basis", over=0)
    assert Traject.objects.get(pk=traject.pk).afspraak_id == nieuw.pk
    # Basis: the gemeente does the intake; the Stadsbank held the traject and hands over.
    assert stand(traject) == (S, "Warme overdracht aan de gemeente versturen", S)


# ------------------------------------------------------- in bulk: command, migration


def _gemengd() -> list[Traject]:
    omg = omgeving("hybride-gemeente")
    rijen = [
        traject_in(omg, fase)
        for fase in (Fase.AANGEMELD, Fase.STABILISATIE, Fase.UITVOERING, Fase.UITGESTROOMD)
    ]
    rijen.append(overdracht_nodig(omg))
    open_ = overdracht_nodig(omg)
    verstuur(open_, omg.consulent)
    rijen.append(open_)
    return rijen


def test_in_bulk_hetzelfde_als_een_voor_een():
    rijen = _gemengd()
    goed = {t.pk: opgeslagen(t) for t in rijen}
    assert set(goed.values()) == {S, G, ""}
    Traject.objects.filter(pk__in=goed).update(aan_zet=G)
    bekeken, gewijzigd = aanzet.werk_bij_alle(blok=2)  # several blocks
    assert bekeken == len(rijen) and gewijzigd == sum(1 for w in goed.values() if w != G)
    assert {t.pk: opgeslagen(t) for t in rijen} == goed
    assert aanzet.werk_bij_alle() == (len(rijen) - 1, 0)  # idempotent (the ended one: "")


def test_commando_aanzet_bijwerken():
    rijen = _gemengd()
    goed = {t.pk: opgeslagen(t) for t in rijen}
    Traject.objects.filter(pk__in=goed).update(aan_zet="")
    uit = StringIO()
    call_command("aanzet_bijwerken", stdout=uit)
    assert {t.pk: opgeslagen(t) for t in rijen} == goed
    assert "trajecten bekeken, bij 5 gewijzigd" in uit.getvalue()
    uit = StringIO()
    call_command("aanzet_bijwerken", "--traject", str(rijen[0].pk), stdout=uit)
    assert "1 trajecten bekeken, bij 0 gewijzigd" in uit.getvalue()


def test_datamigratie_vult_bestaande_trajecten():
    rijen = _gemengd()
    goed = {t.pk: opgeslagen(t) for t in rijen}
    Traject.objects.filter(pk__in=goed).update(aan_zet="")  # as trajecten 0008 left them
    migratie = importlib.import_module("trajecten.samenwerking.migrations.0003_aanzet_bijwerken")
    migratie.vul(None, None)
    assert {t.pk: opgeslagen(t) for t in rijen} == goed


def test_werk_bij_na_elke_schrijfactie():
    """The services call werk_bij in the same transaction (via _leg_vast): no stale row."""
    omg = omgeving("hybride-gemeente")
    traject = aanmelding(KlantFactory(gemeente=omg.gemeente), omg.consulent)
    for naam in ("voer_eerste_gesprek", "neem_toelatingsbesluit"):
        overgang(traject, naam, uitvoerder(omg, naam, traject))
        assert opgeslagen(traject) == aanzet.bepaal(Traject.objects.get(pk=traject.pk)).partij
