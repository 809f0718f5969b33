"""Every task of the package matrix means something (issue 12 point 4): the klantplan, the
schulden, monitoring and each kind of gesprek or afstemming are written by the side the
package gives the task; the other side can always add a note (adviesgesprek, signaal,
warme overdracht); the klantregisseur's spreekuren are kept per gemeente and reach the
klant's documents."""

from __future__ import annotations

import io
from datetime import time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.html import escape
from pypdf import PdfReader

from klantplan import services
from klantplan.models import Afstemmingsoort, Gesprekssoort
from klantplan.services.toegang import actie_handeling, gesprek_handeling
from schuldhulp import services as kern
from schuldhulp.handelingen import CATALOGUS, Wie
from schuldhulp.models import Auditregel, Spreekuur, spreekuren_tekst
from schuldhulp.pakketten import MATRIX, Pakket, Partij, Taak, Toewijzing
from schuldhulp.permissions import mag
from tests.bouwers import omgeving, probeer, traject_in, vandaag
from trajecten.models import Fase
from trajecten.workflow import AFSTEMMING_HANDELING, GESPREK_HANDELING, HANDELINGEN

pytestmark = pytest.mark.django_db


def _tekst(pdf: bytes) -> str:
    lezer = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(p.extract_text() for p in lezer.pages).split())


# --- The catalogue --------------------------------------------------------------------------


def test_elke_taak_van_de_matrix_bindt_een_handeling():
    gebonden = {h.taak for h in CATALOGUS.values() if h.taak is not None}
    assert gebonden == set(Taak), set(Taak) - gebonden
    # A task means: the package decides (never a task on a row that any side may do).
    assert all(h.wie == Wie.PAKKET for h in CATALOGUS.values() if h.taak is not None)


def test_elke_soort_gesprek_en_afstemming_heeft_een_rij():
    assert set(GESPREK_HANDELING) == set(Gesprekssoort.values)
    # "warme_overdracht" is history: the structured warme overdracht replaced it (no row).
    assert set(AFSTEMMING_HANDELING) == set(Afstemmingsoort.values) - {"warme_overdracht"}
    assert {n: HANDELINGEN[n].taak for n in GESPREK_HANDELING.values()} == {
        "gesprek.adviesgesprek": None,  # either side: the note the other side can add
        "gesprek.intakegesprek": Taak.INFORMATIE_VERZAMELEN,
        "gesprek.extra_gesprek": Taak.EXTRA_GESPREK,
        "gesprek.post_screening": Taak.POST_SCREENEN,
        "gesprek.monitoringgesprek": Taak.MONITORING,
        "gesprek.exitgesprek": Taak.EXITGESPREK,
    }
    assert {n: HANDELINGEN[n].taak for n in AFSTEMMING_HANDELING.values()} == {
        "afstemming.signaal": None,
        "afstemming.nazorgadvies": Taak.AFSTEMMEN_GEMEENTE,
        "afstemming.voortgang": Taak.AFSTEMMEN_GEMEENTE,
    }


def test_spreekuur_is_overal_een_taak_van_de_stadsbank():
    """The spreekuur row is about a gemeente (no traject): the roles carry the task, which
    only holds while the matrix gives it to the Stadsbank in every package."""
    h = HANDELINGEN["spreekuur.wijzigen"]
    assert h.taak == Taak.KLANTREGISSEUR_OP_LOCATIE
    assert set(MATRIX[h.taak].values()) == {Toewijzing.STADSBANK}
    assert h.rollen == {"klantregisseur", "beheerder"}


# --- Klantplan and schulden -----------------------------------------------------------------


@pytest.mark.parametrize("pakket", ["ontzorging", "hybride-gemeente", "basis"])
def test_consulent_leest_het_klantplan_maar_schrijft_het_niet(client, pakket):
    omg = omgeving(pakket)
    traject = traject_in(omg, Fase.STABILISATIE)
    reden = probeer(lambda: services.maak_klantplan(traject=traject, door=omg.consulent))
    assert reden and "de Stadsbank (klantregisseur)" in reden and "(Financieel) klantplan" in reden
    client.force_login(omg.consulent)
    leeg = client.get(reverse("klantplan:klantplan", args=[traject.pk]))
    assert leeg.status_code == 200 and not leeg.context["kan_schrijven"]
    assert "Klantplan maken" not in leeg.content.decode()
    assert escape(reden) in leeg.content.decode()  # the page says who makes it

    plan = services.maak_klantplan(traject=traject, door=omg.regisseur)
    services.voeg_doel_toe(klantplan_id=plan.pk, door=omg.regisseur, omschrijving="Rust")
    pagina = client.get(reverse("klantplan:klantplan", args=[traject.pk]))
    html = pagina.content.decode()
    assert pagina.status_code == 200 and "Rust" in html
    assert "Klantplan wijzigen" not in html and "Monitoringmoment vastleggen" not in html
    assert "PDF voor de klant maken" in html  # a document is either side's
    versie = reverse("klantplan:vaststellen", args=[traject.pk, plan.versie])
    assert client.get(versie).status_code == 403
    assert probeer(
        lambda: services.stel_vast(
            klantplan_id=plan.pk, door=omg.consulent, datum=vandaag(), besproken_met_klant=True
        )
    ) == mag(omg.consulent, "klantplan.vaststellen", traject)


@pytest.mark.parametrize(
    ("pakket", "schrijver"),
    [
        ("ontzorging", "regisseur"),
        ("hybride-stadsbank", "regisseur"),
        ("hybride-gemeente", "consulent"),
        ("basis", "consulent"),
    ],
)
def test_schuldenoverzicht_volgt_het_pakket(pakket, schrijver, schuldeisers):
    omg = omgeving(pakket)
    traject = traject_in(omg, Fase.INTAKE)
    andere = "consulent" if schrijver == "regisseur" else "regisseur"

    def schuld(door):
        return lambda: services.voeg_schuld_toe(
            traject=traject,
            door=door,
            gegevens=services.Schuldgegevens(
                schuldeiser=schuldeisers["CJIB"],
                oorspronkelijk_bedrag_cent=10_000,
                actueel_bedrag_cent=12_000,
                peildatum=vandaag(),
            ),
        )

    assert probeer(schuld(omg.rol(schrijver))) is None
    reden = probeer(schuld(omg.rol(andere)))
    assert reden and "Schuldenoverzicht" in reden


def test_schuldenoverzicht_in_overleg_eerst_afspreken(schuldeisers):
    omg = omgeving("hybride-overleg")
    traject = traject_in(omg, Fase.INTAKE)
    for door in (omg.regisseur, omg.consulent):
        reden = mag(door, "schulden.wijzigen", traject)
        assert reden and "Nog niet afgesproken" in reden


# --- Gesprekken, monitoring, afstemming ------------------------------------------------------


def _gesprek(traject, door, soort: str):
    return lambda: services.registreer_gesprek(
        traject=traject, door=door, soort=soort, datum=vandaag(), deelnemers="Klant"
    )


@pytest.mark.parametrize("pakket", ["ontzorging", "basis"])
def test_elke_soort_gesprek_door_de_partij_van_zijn_taak(client, pakket):
    omg = omgeving(pakket)
    traject = traject_in(omg, Fase.UITVOERING)
    pakketsoort = Pakket(traject.afspraak.pakket)
    for rol in ("regisseur", "consulent"):
        door = omg.rol(rol)
        mag_soorten = []
        for soort in Gesprekssoort.values:
            taak = HANDELINGEN[GESPREK_HANDELING[soort]].taak
            partij = None if taak is None else Partij(traject.afspraak.uitvoerder(taak))
            verwacht = partij is None or partij == door.partij
            reden = probeer(_gesprek(traject, door, soort))
            assert (reden is None) == verwacht, (pakketsoort, rol, soort, reden)
            assert reden == mag(door, GESPREK_HANDELING[soort], traject)
            if verwacht:
                mag_soorten.append(soort)
        # The form offers exactly the kinds the gate allows.
        client.force_login(door)
        form = client.get(reverse("klantplan:gesprek_nieuw", args=[traject.pk])).context["form"]
        assert [w for w, _ in form.fields["soort"].choices if w] == mag_soorten
    if pakketsoort == Pakket.BASIS:  # the gemeente screens the post and holds extra gesprekken
        assert probeer(_gesprek(traject, omg.consulent, "post_screening")) is None
        assert "Post screenen" in probeer(_gesprek(traject, omg.regisseur, "post_screening"))


def test_gesprek_van_een_soort_die_niet_mag_wordt_geweigerd_in_het_formulier(client):
    omg = omgeving("ontzorging")
    traject = traject_in(omg, Fase.UITVOERING)
    client.force_login(omg.consulent)
    url = reverse("klantplan:gesprek_nieuw", args=[traject.pk])
    r = client.post(url, {"soort": "extra_gesprek", "datum": vandaag(), "deelnemers": "Klant"})
    assert r.status_code == 200 and not traject.gesprekken.exists()
    assert "Kies een van de mogelijkheden" in r.content.decode()
    r = client.post(url, {"soort": "adviesgesprek", "datum": vandaag(), "deelnemers": "Klant"})
    assert r.status_code == 302 and traject.gesprekken.get().door == omg.consulent


def test_afspraken_uit_een_gesprek_horen_bij_wie_die_soort_vastlegt(client):
    omg = omgeving("ontzorging")
    traject = traject_in(omg, Fase.UITVOERING)
    intake = _gesprek(traject, omg.regisseur, "intakegesprek")()
    advies = _gesprek(traject, omg.consulent, "adviesgesprek")()
    actie = services.voeg_actie_toe(
        gesprek_id=intake.pk, door=omg.regisseur, soort="klant", wat="Post meenemen"
    )
    assert actie_handeling(actie) == gesprek_handeling("intakegesprek")

    reden = probeer(
        lambda: services.voeg_actie_toe(
            gesprek_id=intake.pk, door=omg.consulent, soort="klant", wat="Iets"
        )
    )
    assert reden == mag(omg.consulent, "gesprek.intakegesprek", traject) and reden
    assert (
        probeer(
            lambda: services.markeer_actie(
                actie_id=actie.pk, door=omg.consulent, gedaan_op=vandaag()
            )
        )
        == reden
    )
    eigen = services.voeg_actie_toe(
        gesprek_id=advies.pk, door=omg.consulent, soort="klant", wat="Formulier invullen"
    )
    services.markeer_actie(actie_id=eigen.pk, door=omg.consulent, gedaan_op=vandaag())

    client.force_login(omg.consulent)
    pagina = client.get(reverse("klantplan:gesprek", args=[traject.pk, intake.pk]))
    assert not pagina.context["kan_afspraken"] and escape(reden) in pagina.content.decode()
    afspraak_url = reverse("klantplan:gesprek_actie", args=[traject.pk, intake.pk])
    assert client.get(afspraak_url).status_code == 403
    gedaan = reverse("klantplan:actie_gedaan", args=[traject.pk, actie.pk])
    assert client.post(gedaan, {"gedaan": "1"}).status_code == 403
    assert client.get(reverse("klantplan:gesprek", args=[traject.pk, advies.pk])).context[
        "kan_afspraken"
    ]


@pytest.mark.parametrize("pakket", ["ontzorging", "hybride-gemeente", "basis"])
def test_monitoring_is_van_de_stadsbank(client, pakket):
    omg = omgeving(pakket)
    traject = traject_in(omg, Fase.UITVOERING)

    def monitoring(door):
        return lambda: services.registreer_monitoring(
            traject=traject, door=door, datum=vandaag(), doelen_gehaald="deels", schaal="gelijk"
        )

    assert probeer(monitoring(omg.regisseur)) is None
    reden = probeer(monitoring(omg.consulent))
    assert reden == mag(omg.consulent, "monitoring.vastleggen", traject)
    assert "Monitoring & signalering" in reden
    client.force_login(omg.consulent)
    assert client.get(reverse("klantplan:monitoring_nieuw", args=[traject.pk])).status_code == 403


def test_afstemming_per_soort_en_de_notitie_van_de_andere_kant(client):
    omg = omgeving("ontzorging")
    traject = traject_in(omg, Fase.NAZORG)

    def afstemming(door, soort):
        return lambda: services.registreer_afstemming(
            traject=traject, door=door, soort=soort, datum=vandaag(), bericht="Bericht"
        )

    # The gemeente can always add a signal: collaboration stays possible. A warm handover
    # is the structured one on the traject page now, for either side.
    assert probeer(afstemming(omg.consulent, "signaal")) is None
    for door in (omg.consulent, omg.regisseur):
        assert "trajectpagina" in probeer(afstemming(door, "warme_overdracht"))
    for soort in ("nazorgadvies", "voortgang"):
        reden = probeer(afstemming(omg.consulent, soort))
        assert reden and "Afstemmen gemeente" in reden
        assert afstemming(omg.regisseur, soort)().door == omg.regisseur

    client.force_login(omg.consulent)
    form = client.get(reverse("klantplan:afstemming_nieuw", args=[traject.pk])).context["form"]
    assert [w for w, _ in form.fields["soort"].choices if w] == ["signaal"]
    assert "andere partij" in form.fields["soort"].help_text


def test_onbekende_soort_krijgt_eerst_de_poort():
    omg = omgeving("ontzorging")
    traject = traject_in(omg, Fase.INTAKE)
    reden = probeer(_gesprek(traject, omg.ander, "geen_soort"))
    assert reden == "U werkt niet voor de gemeente van dit traject."
    assert probeer(_gesprek(traject, omg.regisseur, "geen_soort")) == "Kies de soort gesprek."


# --- Spreekuren of the klantregisseur --------------------------------------------------------


def _voeg_toe(omg, door, weekdag=2, van=time(9), tot=time(12), locatie="Stadhuis, Markt 1"):
    return kern.voeg_spreekuur_toe(
        gemeente=omg.gemeente, door=door, weekdag=weekdag, van=van, tot=tot, locatie=locatie
    )


def test_spreekuren_wie_mag_ze_wijzigen():
    omg = omgeving("basis")
    spreekuur = _voeg_toe(omg, omg.regisseur)
    assert str(spreekuur) == "dinsdag 9.00–12.00 uur, Stadhuis, Markt 1"
    _voeg_toe(omg, omg.beheerder, weekdag=4, van=time(13, 30), tot=time(16), locatie="Wijkcentrum")
    for rol in ("consulent", "contractmanager", "ander", "ander_consulent"):
        with pytest.raises(PermissionDenied) as fout:
            _voeg_toe(omg, omg.rol(rol), weekdag=5)
        assert str(fout.value) == mag(omg.rol(rol), "spreekuur.wijzigen", omg.gemeente)
    assert spreekuren_tekst(omg.gemeente.spreekuren.all()) == (
        "dinsdag 9.00–12.00 uur, Stadhuis, Markt 1; donderdag 13.30–16.00 uur, Wijkcentrum"
    )
    regel = Auditregel.objects.filter(objecttype="spreekuur", object_id=str(spreekuur.pk)).get()
    assert regel.gemeente_id == omg.gemeente.pk and regel.gebruiker == omg.regisseur


def test_spreekuur_ongeldig_of_overlappend_wordt_geweigerd():
    omg = omgeving("ontzorging")
    _voeg_toe(omg, omg.regisseur)
    with pytest.raises(ValidationError) as fout:
        _voeg_toe(omg, omg.regisseur, van=time(11), tot=time(13))
    assert "dinsdag 9.00–12.00 uur" in str(fout.value)
    with pytest.raises(ValidationError):
        _voeg_toe(omg, omg.regisseur, weekdag=3, van=time(12), tot=time(9))
    with pytest.raises(ValidationError):
        _voeg_toe(omg, omg.regisseur, weekdag=6)
    with pytest.raises(ValidationError):
        _voeg_toe(omg, omg.regisseur, weekdag=3, locatie="   ")
    assert omg.gemeente.spreekuren.count() == 1
    # Right after the last one is fine.
    _voeg_toe(omg, omg.regisseur, van=time(12), tot=time(13))


def test_spreekurenscherm_en_gemeentepagina(client):
    omg = omgeving("hybride-gemeente")
    scherm = reverse("gemeente_spreekuren", args=[omg.gemeente.pk])
    detail = reverse("gemeente_detail", args=[omg.gemeente.pk])
    client.force_login(omg.regisseur)
    assert "Spreekuren wijzigen" in client.get(detail).content.decode()
    r = client.post(scherm, {"weekdag": "1", "van": "09:00", "tot": "08:00", "locatie": "Hal"})
    assert r.status_code == 200 and "Het spreekuur eindigt na het begin." in r.content.decode()
    r = client.post(scherm, {"weekdag": "1", "van": "09:00", "tot": "11:30", "locatie": "Hal"})
    assert r.status_code == 302
    spreekuur = Spreekuur.objects.get(gemeente=omg.gemeente)
    client.force_login(omg.consulent)  # reads the days, may not change them
    html = client.get(detail).content.decode()
    assert "maandag 9.00–11.30 uur, Hal" in html and "Spreekuren wijzigen" not in html
    assert client.get(scherm).status_code == 403
    verwijder = reverse("spreekuur_verwijder", args=[omg.gemeente.pk, spreekuur.pk])
    assert client.post(verwijder).status_code == 403
    client.force_login(omg.ander)  # another gemeente's klantregisseur: not found
    assert client.get(scherm).status_code == 404
    assert client.post(verwijder).status_code == 404
    client.force_login(omg.regisseur)
    assert client.post(verwijder).status_code == 302
    assert not Spreekuur.objects.filter(pk=spreekuur.pk).exists()
    assert Auditregel.objects.filter(
        objecttype="spreekuur", object_id=str(spreekuur.pk), actie="wijzigen"
    ).exists()


def test_spreekuur_staat_in_klantplan_en_actielijst(schuldeisers):
    omg = omgeving("ontzorging")
    traject = traject_in(omg, Fase.STABILISATIE)
    plan = services.maak_klantplan(traject=traject, door=omg.regisseur)
    gesprek = _gesprek(traject, omg.regisseur, "intakegesprek")()

    def pdf(soort: str, **kw) -> str:
        document = services.maak_document(traject=traject, door=omg.consulent, soort=soort, **kw)
        return _tekst(bytes(document.inhoud))

    assert "Spreekuur van de klantregisseur" not in pdf("klantplan", klantplan_id=plan.pk)
    _voeg_toe(omg, omg.regisseur)
    verwacht = "Spreekuur van de klantregisseur: dinsdag 9.00–12.00 uur, Stadhuis, Markt 1."
    assert verwacht in pdf("klantplan", klantplan_id=plan.pk)
    assert verwacht in pdf("actielijst", gesprek_id=gesprek.pk)


def test_elke_partij_vinkt_haar_eigen_acties_af(client):
    """The klantplan is the Stadsbank's, but an actie assigned to the gemeente is ticked off
    by the consulent (and not by the klantregisseur); the page shows "Gedaan" only there."""
    omg = omgeving("hybride-gemeente")
    traject = traject_in(omg, Fase.STABILISATIE)
    plan = services.maak_klantplan(traject=traject, door=omg.regisseur)
    acties = {
        wie: services.voeg_actie_toe(
            door=omg.regisseur, klantplan_id=plan.pk, soort="klant", wat=f"Actie {wie}", wie=wie
        )
        for wie in ("gemeente", "stadsbank")
    }
    markeer = services.markeer_actie
    reden = probeer(
        lambda: markeer(actie_id=acties["stadsbank"].pk, door=omg.consulent, gedaan_op=vandaag())
    )
    assert reden == "Deze actie is van de stadsbank: die vinkt hem af."
    reden = probeer(
        lambda: markeer(actie_id=acties["gemeente"].pk, door=omg.regisseur, gedaan_op=vandaag())
    )
    assert reden == "Deze actie is van de gemeente: die vinkt hem af."

    client.force_login(omg.consulent)
    pagina = client.get(reverse("klantplan:klantplan", args=[traject.pk]))
    html = pagina.content.decode()
    assert pagina.context["afvinkbaar"] == {acties["gemeente"].pk}
    assert html.count('name="gedaan" value="1"') == 1 and "Wijzigen<span" not in html
    antwoord = client.post(
        reverse("klantplan:actie_gedaan", args=[traject.pk, acties["gemeente"].pk]),
        {"gedaan": "1"},
    )
    assert antwoord.status_code == 302
    acties["gemeente"].refresh_from_db()
    assert acties["gemeente"].gedaan_op == vandaag()
    assert actie_handeling(acties["gemeente"], voortgang=True) == "actie.afvinken.gemeente"
