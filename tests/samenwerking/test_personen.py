"""The people on a traject (trajecten/samenwerking/services/personen.py): the behandelaar at
the Stadsbank, the contactpersoon at the gemeente, the klant's vaste contactpersoon, and the
team lead's bulk assignment. Every change is a timeline row with its reason; bad input is
refused with a clear reason and changes nothing."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from klantplan import services as kp
from schuldhulp.models import Rol
from tests.bouwers import (
    KlantFactory,
    aanmelding,
    medewerker,
    momentopname,
    omgeving,
    traject_in,
    vandaag,
)
from trajecten.models import Fase, Gebeurtenis, Signalering, Traject
from trajecten.samenwerking.services import personen
from trajecten.services import Geweigerd

pytestmark = pytest.mark.django_db


@pytest.fixture
def omg():
    return omgeving("hybride-gemeente")


@pytest.fixture
def traject(omg) -> Traject:
    """Registered by the klantregisseur: behandelaar is the regisseur, no contactpersoon."""
    return aanmelding(KlantFactory(gemeente=omg.gemeente), omg.regisseur)


@pytest.fixture
def collega(omg):
    return medewerker("kr-collega", Rol.KLANTREGISSEUR, [omg.gemeente], first_name="Karin")


def _laatste(traject: Traject) -> Gebeurtenis:
    return Gebeurtenis.objects.filter(traject=traject).latest("pk")


def _toewijzingen(traject: Traject) -> list[Signalering]:
    return list(Signalering.objects.filter(traject=traject, soort="toewijzing").order_by("pk"))


# --- behandelaar --------------------------------------------------------------------------


def test_behandelaar_wijzigen_legt_reden_datum_en_namen_vast(omg, traject, collega):
    voor = Traject.objects.get(pk=traject.pk)
    klokken = momentopname(traject)[5]
    nieuw = personen.wijzig_behandelaar(
        traject_id=traject.pk,
        behandelaar=collega,
        door=omg.regisseur,
        reden=" Verlof ",
        verwachte_versie=voor.versie,
    )
    assert Traject.objects.get(pk=traject.pk).behandelaar == collega
    assert nieuw.versie == voor.versie + 1
    g = _laatste(traject)
    assert (g.soort, g.datum, g.door, g.toelichting) == (
        "behandelaar",
        vandaag(),
        omg.regisseur,
        "Verlof",
    )
    assert g.gegevens == {
        "behandelaar": collega.pk,
        "behandelaar_naam": str(collega),
        "vorige_behandelaar": omg.regisseur.pk,
        "vorige_behandelaar_naam": str(omg.regisseur),
    }
    assert momentopname(traject)[5] == klokken  # the clocks do not depend on the person
    [signaal] = _toewijzingen(traject)
    assert (signaal.gebruiker, signaal.partij) == (collega, "")
    assert signaal.tekst == f"Dossier {traject.pk}: u bent nu de behandelaar bij de Stadsbank."
    assert str(collega) not in signaal.tekst and traject.klant.achternaam not in signaal.tekst


def _weigering(omg, traject, nieuw, reden="Verlof", door=None, versie=None) -> str:
    voor = momentopname(traject)
    with pytest.raises(Geweigerd) as exc:
        personen.wijzig_behandelaar(
            traject_id=traject.pk,
            behandelaar=nieuw,
            door=door or omg.regisseur,
            reden=reden,
            verwachte_versie=versie,
        )
    assert momentopname(traject) == voor and _toewijzingen(traject) == []
    return str(exc.value)


def test_behandelaar_van_een_andere_gemeente_geweigerd(omg, traject):
    assert _weigering(omg, traject, omg.ander) == (
        "Kies als behandelaar bij de Stadsbank iemand die voor deze gemeente werkt."
    )


@pytest.mark.parametrize("rol", ["contractmanager", "beheerder", "consulent"])
def test_behandelaar_moet_een_klantregisseur_zijn(omg, traject, rol):
    assert _weigering(omg, traject, omg.rol(rol)) == (
        "De behandelaar bij de Stadsbank moet een klantregisseur zijn."
    )


def test_inactieve_klantregisseur_geweigerd(omg, traject, collega):
    collega.is_active = False
    collega.save()
    assert "werkt" in _weigering(omg, traject, collega)


def test_dezelfde_behandelaar_geen_reden_verouderd(omg, traject, collega):
    assert _weigering(omg, traject, omg.regisseur) == (
        "Dit is al de behandelaar bij de Stadsbank van dit traject."
    )
    assert _weigering(omg, traject, collega, reden="  ") == "Geef de reden op."
    assert _weigering(omg, traject, collega, versie=traject.versie - 1).startswith(
        "Iemand anders heeft dit traject net gewijzigd."
    )


def test_alleen_de_stadsbank_wijst_de_behandelaar_toe(omg, traject, collega):
    for rol in ("consulent", "contractmanager", "beheerder"):
        assert "Stadsbank" in _weigering(omg, traject, collega, door=omg.rol(rol))
    assert _weigering(omg, traject, collega, door=omg.ander) == (
        "U werkt niet voor de gemeente van dit traject."
    )


def test_niemand_als_behandelaar_met_reden_meldt_het_team(omg, traject):
    personen.wijzig_behandelaar(
        traject_id=traject.pk, behandelaar=None, door=omg.regisseur, reden="Vertrokken"
    )
    assert Traject.objects.get(pk=traject.pk).behandelaar is None
    g = _laatste(traject)
    assert (g.gegevens["behandelaar"], g.gegevens["vorige_behandelaar"]) == (None, omg.regisseur.pk)
    [signaal] = _toewijzingen(traject)
    assert (signaal.gebruiker, signaal.partij) == (None, "stadsbank")  # the team's
    with pytest.raises(Geweigerd, match=r"^Dit traject heeft al geen behandelaar bij de Stadsbank"):
        personen.wijzig_behandelaar(
            traject_id=traject.pk, behandelaar=None, door=omg.regisseur, reden="x"
        )


def test_wie_zichzelf_toewijst_krijgt_geen_signalering(omg, traject, collega):
    personen.wijzig_behandelaar(
        traject_id=traject.pk, behandelaar=collega, door=collega, reden="Ik neem het over"
    )
    assert _toewijzingen(traject) == []


def test_afgesloten_traject_geweigerd(omg, collega):
    traject = traject_in(omg, Fase.UITGESTROOMD)
    assert _weigering(omg, traject, collega) == "Dit traject is afgesloten."


# --- contactpersoon gemeente -------------------------------------------------------------


def test_contactpersoon_wijzigen(omg, traject):
    personen.wijzig_contactpersoon(
        traject_id=traject.pk, contactpersoon=omg.consulent, door=omg.consulent, reden="Wijk"
    )
    traject = Traject.objects.get(pk=traject.pk)
    assert (traject.consulent, traject.behandelaar) == (omg.consulent, omg.regisseur)
    g = _laatste(traject)
    assert (g.soort, g.gegevens["contactpersoon"], g.gegevens["vorige_contactpersoon"]) == (
        "contactpersoon",
        omg.consulent.pk,
        None,
    )
    tweede = medewerker("co-twee", Rol.CONSULENT, [omg.gemeente])
    personen.wijzig_contactpersoon(
        traject_id=traject.pk, contactpersoon=tweede, door=omg.consulent, reden="Verlof"
    )
    [signaal] = _toewijzingen(traject)
    assert signaal.gebruiker == tweede
    assert "contactpersoon bij de gemeente" in signaal.tekst


@pytest.mark.parametrize(
    ("nieuw", "door", "bericht"),
    [
        (
            "regisseur",
            "consulent",
            "De contactpersoon bij de gemeente moet een consulent van de gemeente zijn.",
        ),
        (
            "ander_consulent",
            "consulent",
            "Kies als contactpersoon bij de gemeente iemand die voor deze gemeente werkt.",
        ),
        (
            "contractmanager",
            "consulent",
            "De contactpersoon bij de gemeente moet een consulent van de gemeente zijn.",
        ),
        ("consulent", "regisseur", "De gemeente (consulent) wijst haar contactpersoon toe."),
    ],
)
def test_contactpersoon_weigeringen(omg, traject, nieuw, door, bericht):
    voor = momentopname(traject)
    with pytest.raises(Geweigerd, match=f"^{re.escape(bericht)}$"):
        personen.wijzig_contactpersoon(
            traject_id=traject.pk,
            contactpersoon=omg.rol(nieuw),
            door=omg.rol(door),
            reden="Verdelen",
        )
    assert momentopname(traject) == voor


# --- vaste contactpersoon -----------------------------------------------------------------


def test_vaste_contactpersoon_kiezen(omg, traject):
    personen.wijzig_contactpersoon(
        traject_id=traject.pk, contactpersoon=omg.consulent, door=omg.consulent, reden="Wijk"
    )
    personen.kies_vaste_contactpersoon(
        traject_id=traject.pk, partij="gemeente", door=omg.regisseur, reden="Wens klant"
    )
    traject = Traject.objects.get(pk=traject.pk)
    assert traject.vaste_contactpersoon == "gemeente" and traject.contactpersoon == omg.consulent
    g = _laatste(traject)
    assert g.soort == "vaste_contactpersoon" and g.gegevens == {
        "vaste_contactpersoon": "gemeente",
        "vorige_vaste_contactpersoon": "stadsbank",
        "persoon": omg.consulent.pk,
        "persoon_naam": str(omg.consulent),
    }
    assert _toewijzingen(traject)[-1].gebruiker == omg.consulent
    for partij, reden, bericht in [
        ("gemeente", "x", "De contactpersoon bij de gemeente is al de vaste contactpersoon"),
        ("klant", "x", "Kies wie de vaste contactpersoon van de klant is."),
        ("stadsbank", " ", "Geef de reden op."),
    ]:
        with pytest.raises(Geweigerd, match=f"^{re.escape(bericht)}"):
            personen.kies_vaste_contactpersoon(
                traject_id=traject.pk, partij=partij, door=omg.consulent, reden=reden
            )
    with pytest.raises(Geweigerd, match="Met uw rol"):
        personen.kies_vaste_contactpersoon(
            traject_id=traject.pk, partij="stadsbank", door=omg.contractmanager, reden="x"
        )


def _pdf_tekst(document) -> str:
    lezer = PdfReader(io.BytesIO(bytes(document.inhoud)))
    return " ".join(" ".join(p.extract_text() for p in lezer.pages).split())


def test_nieuwe_behandelaar_staat_in_het_volgende_klantplan(omg, traject, collega):
    """Vaste contactpersoon = Stadsbank: the klantplan PDF names the behandelaar; after a
    reassignment the next PDF names the new one (the one source: Traject.contactpersoon)."""
    omg.regisseur.first_name, omg.regisseur.last_name = "Sanne", "Kuipers"
    omg.regisseur.save()
    collega.last_name = "Jansen"
    collega.save()
    kp.maak_klantplan(traject=traject, door=omg.regisseur)
    eerst = _pdf_tekst(kp.maak_document(traject=traject, door=omg.regisseur, soort="klantplan"))
    assert "Uw contactpersoon is Sanne Kuipers" in eerst
    personen.wijzig_behandelaar(
        traject_id=traject.pk, behandelaar=collega, door=omg.regisseur, reden="Verlof"
    )
    daarna = _pdf_tekst(kp.maak_document(traject=traject, door=omg.regisseur, soort="klantplan"))
    assert "Uw contactpersoon is Karin Jansen" in daarna and "Sanne Kuipers" not in daarna


# --- bulk: the team lead ------------------------------------------------------------------


def _open_trajecten(omg, n: int) -> list[Traject]:
    """Registered by the consulent: nobody at the Stadsbank yet."""
    return [aanmelding(KlantFactory(gemeente=omg.gemeente), omg.consulent) for _ in range(n)]


def test_verdeel_wijst_toe_met_een_tijdlijnregel_per_traject(omg, collega):
    trajecten = _open_trajecten(omg, 3)
    assert all(t.behandelaar is None for t in trajecten)
    aantal = personen.verdeel(
        gemeente=omg.gemeente,
        door=omg.regisseur,
        partij="stadsbank",
        traject_ids=[t.pk for t in trajecten],
        naar=collega,
        reden="Nieuwe aanmeldingen",
        van=None,
    )
    assert aantal == 3
    for t in trajecten:
        assert Traject.objects.get(pk=t.pk).behandelaar == collega
        assert _laatste(t).toelichting == "Nieuwe aanmeldingen"
    assert Signalering.objects.filter(soort="toewijzing", gebruiker=collega).count() == 3
    # Again: already theirs, nothing to do (no new rows).
    assert (
        personen.verdeel(
            gemeente=omg.gemeente,
            door=omg.regisseur,
            partij="stadsbank",
            traject_ids=[trajecten[0].pk],
            naar=collega,
            reden="Nog eens",
        )
        == 0
    )


def test_verdeel_is_alles_of_niets(omg, collega):
    trajecten = _open_trajecten(omg, 2)
    elders = omgeving("hybride-gemeente")
    anders = aanmelding(KlantFactory(gemeente=elders.gemeente), elders.regisseur)
    gesloten = traject_in(omg, Fase.UITGESTROOMD)
    voor = [momentopname(t) for t in trajecten]
    for extra, bericht in [
        (anders, f"Traject {anders.pk} hoort niet bij gemeente {omg.gemeente.naam}."),
        (gesloten, f"Traject {gesloten.pk}: Dit traject is afgesloten."),
    ]:
        with pytest.raises(Geweigerd, match=f"^{re.escape(bericht)}$"):
            personen.verdeel(
                gemeente=omg.gemeente,
                door=omg.regisseur,
                partij="stadsbank",
                traject_ids=[*(t.pk for t in trajecten), extra.pk],
                naar=collega,
                reden="Verdelen",
            )
        assert [momentopname(t) for t in trajecten] == voor


def test_verdeel_weigert_wat_intussen_van_een_ander_is(omg, collega):
    [traject] = _open_trajecten(omg, 1)
    personen.wijzig_behandelaar(
        traject_id=traject.pk, behandelaar=omg.regisseur, door=omg.regisseur, reden="Eerder"
    )
    with pytest.raises(Geweigerd, match="intussen aan iemand anders toegewezen"):
        personen.verdeel(
            gemeente=omg.gemeente,
            door=omg.regisseur,
            partij="stadsbank",
            traject_ids=[traject.pk],
            naar=collega,
            reden="Verdelen",
            van=None,  # the lead saw it as unassigned
        )


@pytest.mark.parametrize(
    ("door", "partij", "naar", "bericht"),
    [
        (
            "contractmanager",
            "stadsbank",
            "regisseur",
            "Met uw rol kunt u geen trajecten toewijzen.",
        ),
        ("ander", "stadsbank", "regisseur", "U werkt niet voor deze gemeente."),
        (
            "consulent",
            "stadsbank",
            "regisseur",
            "De Stadsbank (klantregisseur) wijst de behandelaar toe.",
        ),
        (
            "regisseur",
            "stadsbank",
            "consulent",
            "De behandelaar bij de Stadsbank moet een klantregisseur zijn.",
        ),
        ("regisseur", "gemeente", None, "De gemeente (consulent) wijst haar contactpersoon toe."),
    ],
)
def test_verdeel_weigeringen(omg, door, partij, naar, bericht):
    [traject] = _open_trajecten(omg, 1)
    voor = momentopname(traject)
    with pytest.raises(Geweigerd, match=re.escape(bericht)):
        personen.verdeel(
            gemeente=omg.gemeente,
            door=omg.rol(door),
            partij=partij,
            traject_ids=[traject.pk],
            naar=omg.rol(naar) if naar else None,
            reden="Verdelen",
        )
    assert momentopname(traject) == voor


def test_verdeel_zonder_trajecten_of_reden(omg, collega):
    [traject] = _open_trajecten(omg, 1)
    for ids, reden, bericht in [
        ([], "x", "Kies een of meer trajecten."),
        ([traject.pk], " ", "Geef de reden op."),
    ]:
        with pytest.raises(Geweigerd, match=f"^{re.escape(bericht)}$"):
            personen.verdeel(
                gemeente=omg.gemeente,
                door=omg.regisseur,
                partij="stadsbank",
                traject_ids=ids,
                naar=collega,
                reden=reden,
            )


# --- aanmelding: each side its own person ----------------------------------------------------


def test_consulent_meldt_aan_als_contactpersoon_niet_als_behandelaar(omg):
    traject = aanmelding(KlantFactory(gemeente=omg.gemeente), omg.consulent)
    assert (traject.behandelaar, traject.consulent) == (None, omg.consulent)
    assert traject.vaste_contactpersoon == "gemeente"
    traject = aanmelding(
        KlantFactory(gemeente=omg.gemeente),
        omg.consulent,
        behandelaar=omg.regisseur,
        vaste_contactpersoon="stadsbank",
    )
    assert (traject.behandelaar, traject.consulent) == (omg.regisseur, omg.consulent)
    assert traject.contactpersoon == omg.regisseur
    with pytest.raises(Geweigerd, match="moet een klantregisseur zijn"):
        aanmelding(KlantFactory(gemeente=omg.gemeente), omg.consulent, behandelaar=omg.consulent)
