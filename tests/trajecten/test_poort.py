"""Page and service agree, for every handeling × role × package × phase.

For each package and phase a traject is brought there through the services, with a running
schuldbemiddeling, a running crisisinterventie and a paused clock next to it. Then, for every
user: the traject page (rendered as that user) offers a set of buttons, and every catalogue
row is tried through its service in a savepoint that is rolled back. The two sets must be
equal — a button is shown exactly when the service accepts the write — and every refusal is
the gate's own reason.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.urls import reverse

from schuldhulp.pakketten import Taak
from schuldhulp.permissions import dossierwerkers, mag
from tests.bouwers import omgeving, probeer, traject_in, vandaag
from tests.bouwers.trajecten import RUST_BEVESTIGD
from trajecten import services, stabilisatie, workflow
from trajecten.models import Crisisinterventie, Fase, Normbewaking, Opschorting, Product
from trajecten.samenwerking.services import personen
from trajecten.workflow import HANDELINGEN, Onderwerp

pytestmark = pytest.mark.django_db

ROLLEN = ["regisseur", "consulent", "contractmanager", "beheerder", "ander", "ander_consulent"]
PAKKETTEN = ["ontzorging", "hybride-stadsbank", "hybride-gemeente", "basis"]


def _bijzaken(traject):
    """A running schuldbemiddeling, a running crisisinterventie and a paused clock."""
    product = Product.objects.create(
        traject=traject, soort="Schuldbemiddeling", startdatum=vandaag()
    )
    crisis = Crisisinterventie.objects.create(traject=traject, soort="beslag", startdatum=vandaag())
    klok = (
        Normbewaking.objects.filter(traject=traject, norm__opschorting_toegestaan=True)
        .order_by("pk")
        .first()
    )
    if klok is not None:
        Opschorting.objects.create(klok=klok, van=klok.start, reden="Wacht op papieren")
        Normbewaking.objects.filter(pk=klok.pk).update(opgeschort=True)
    return product, crisis


def _pogingen(traject, crisis) -> list[tuple[str, object, Callable]]:
    """Every traject handeling with its object and a valid call of its service."""
    d = vandaag()
    pogingen: list[tuple[str, object, Callable]] = []
    for naam in workflow.OVERGANGEN:
        pogingen.append(
            (
                naam,
                traject,
                lambda door, naam=naam: services.voer_overgang_uit(
                    traject_id=traject.pk,
                    overgang=naam,
                    door=door,
                    datum=d,
                    uitstroomreden="Afgerond",
                    controlelijst=RUST_BEVESTIGD,
                ),
            )
        )
    for p in Product.objects.filter(traject=traject):
        for stap in workflow.SCHULDREGELING_STAPPEN:
            pogingen.append(
                (
                    stap,
                    p,
                    lambda door, stap=stap, p=p: services.schuldregeling_stap(
                        product_id=p.pk, stap=stap, door=door, datum=d
                    ),
                )
            )
        pogingen.append(
            (
                "product.beeindig",
                p,
                lambda door, p=p: services.beeindig_product(product_id=p.pk, door=door, datum=d),
            )
        )
    t = traject.pk
    # The people on the traject (trajecten/samenwerking): anyone of the gemeente, or nobody.
    for nieuw in [*dossierwerkers([traject.gemeente_id]), None]:
        pogingen += [
            (
                "traject.wijzig_behandelaar",
                traject,
                lambda door, nieuw=nieuw: personen.wijzig_behandelaar(
                    traject_id=t, behandelaar=nieuw, door=door, reden="Werk verdelen"
                ),
            ),
            (
                "traject.wijzig_contactpersoon",
                traject,
                lambda door, nieuw=nieuw: personen.wijzig_contactpersoon(
                    traject_id=t, contactpersoon=nieuw, door=door, reden="Werk verdelen"
                ),
            ),
        ]
    for partij in ("stadsbank", "gemeente"):
        pogingen.append(
            (
                "traject.kies_vaste_contactpersoon",
                traject,
                lambda door, partij=partij: personen.kies_vaste_contactpersoon(
                    traject_id=t, partij=partij, door=door, reden="Wens van de klant"
                ),
            )
        )
    pogingen += [
        (
            "product.start",
            traject,
            lambda door: services.start_product(
                traject_id=t, soort="Budgetcoaching", door=door, datum=d
            ),
        ),
        (
            "moratorium.registreer",
            traject,
            lambda door: stabilisatie.registreer_moratorium(
                traject_id=t, door=door, aanvraagdatum=d
            ),
        ),
        (
            "crisis.start",
            traject,
            lambda door: stabilisatie.registreer_crisisinterventie(
                traject_id=t, door=door, soort="beslag", datum=d
            ),
        ),
        (
            "crisis.rond_af",
            crisis,
            lambda door: stabilisatie.rond_crisisinterventie_af(
                interventie_id=crisis.pk, door=door, datum=d, voorkomen=True
            ),
        ),
    ]
    for klok in Normbewaking.objects.filter(traject=traject):
        pogingen.append(
            (
                "klok.schort_op",
                klok,
                lambda door, k=klok: stabilisatie.schort_klok_op(
                    klok_id=k.pk, door=door, van=max(k.start, d), reden="Wacht op papieren"
                ),
            )
        )
        pogingen.append(
            (
                "klok.hervat",
                klok,
                lambda door, k=klok: stabilisatie.hervat_klok(klok_id=k.pk, door=door, tot=d),
            )
        )
    return pogingen


_KNOP = re.compile(
    r'id="(stap-(?P<overgang>[a-z_]+)|product-nieuw|product-(?P<product>\d+)|moratorium'
    r"|crisis-nieuw|crisis-(?P<crisis>\d+)|hervat-(?P<hervat>\d+)|opschort-(?P<opschort>\d+)"
    r'|behandelaar|contactpersoon|vaste-contactpersoon)"'
)
_STAP = re.compile(r'name="schuldregeling-(\d+)-stap" value="([a-z_]+)"')


def _knoppen(html: str, traject_pk: int) -> set[tuple[str, int]]:
    """The (handeling, object) pairs the traject page offers as buttons."""
    gezien: set[tuple[str, int]] = set()
    for m in _KNOP.finditer(html):
        if m["overgang"]:
            gezien.add((m["overgang"], traject_pk))
        elif m["product"]:
            gezien.add(("product.beeindig", int(m["product"])))
        elif m["crisis"]:
            gezien.add(("crisis.rond_af", int(m["crisis"])))
        elif m["hervat"]:
            gezien.add(("klok.hervat", int(m["hervat"])))
        elif m["opschort"]:
            gezien.add(("klok.schort_op", int(m["opschort"])))
        else:
            naam = {
                "product-nieuw": "product.start",
                "moratorium": "moratorium.registreer",
                "crisis-nieuw": "crisis.start",
                "behandelaar": "traject.wijzig_behandelaar",
                "contactpersoon": "traject.wijzig_contactpersoon",
                "vaste-contactpersoon": "traject.kies_vaste_contactpersoon",
            }[m[1]]
            gezien.add((naam, traject_pk))
    gezien |= {(stap, int(pk)) for pk, stap in _STAP.findall(html)}
    return gezien


def test_elke_traject_handeling_wordt_geprobeerd():
    """The table below covers every catalogue row about a traject (a new row needs a line)."""
    traject_rijen = {n for n, h in HANDELINGEN.items() if h.onderwerp == Onderwerp.TRAJECT}
    # The dossier rows (tests/klantplan/test_poort_dossier.py) and the rows that also work
    # on a closed traject (samenwerking, pakket) are tried in their own tests.
    dossier = set(workflow.DOSSIER) | {n for n, h in HANDELINGEN.items() if not h.open_traject}
    geprobeerd = set(workflow.OVERGANGEN) | set(workflow.SCHULDREGELING_STAPPEN)
    geprobeerd |= {
        "product.start",
        "product.beeindig",
        "moratorium.registreer",
        "crisis.start",
        "crisis.rond_af",
        "klok.schort_op",
        "klok.hervat",
        "traject.wijzig_behandelaar",
        "traject.wijzig_contactpersoon",
        "traject.kies_vaste_contactpersoon",
    }
    assert traject_rijen - dossier == geprobeerd


@pytest.mark.parametrize("pakket", PAKKETTEN)
@pytest.mark.parametrize("fase", list(Fase))
def test_pagina_en_service_zijn_het_eens(client, pakket: str, fase: Fase):
    omg = omgeving(pakket)
    traject = traject_in(omg, fase)
    _product, crisis = _bijzaken(traject)
    pogingen = _pogingen(traject, crisis)
    for rol in ROLLEN:
        door = omg.rol(rol)
        aanvaard = set()
        for naam, obj, schrijf in pogingen:
            if probeer(lambda s=schrijf, d=door: s(d)) is None:
                aanvaard.add((naam, obj.pk))
        if rol in ("regisseur", "consulent"):
            client.force_login(door)
            html = client.get(reverse("traject_detail", args=[traject.pk])).content.decode()
            assert _knoppen(html, traject.pk) == aanvaard, (rol, fase, pakket)
        else:  # no page for them; the services refuse every write
            assert aanvaard == set(), (rol, fase, pakket)
    if fase == Fase.UITGESTROOMD:  # a closed traject takes no writes at all
        for rol in ROLLEN:
            door = omg.rol(rol)
            assert all(probeer(lambda s=s, d=door: s(d)) for _n, _o, s in pogingen)


@pytest.mark.parametrize("pakket", PAKKETTEN)
def test_weigering_is_de_reden_van_de_poort(pakket: str):
    """A refused write says exactly what the gate says (one rule, one wording)."""
    omg = omgeving(pakket)
    traject = traject_in(omg, Fase.STABILISATIE)
    _product, crisis = _bijzaken(traject)
    for rol in ROLLEN:
        door = omg.rol(rol)
        for naam, obj, schrijf in _pogingen(traject, crisis):
            vers = type(obj).objects.get(pk=obj.pk)  # as the service reads it, under its lock
            poort = mag(door, naam, vers)
            reden = probeer(lambda s=schrijf, d=door: s(d))
            if poort is not None:
                assert reden == poort, (naam, rol)


def test_gesloten_traject_weigert_crisis_afronden_en_hervatten():
    """Formerly accepted by the services while the page hid them: now refused, by the gate."""
    omg = omgeving()
    traject = traject_in(omg, Fase.STABILISATIE)
    crisis = stabilisatie.registreer_crisisinterventie(
        traject_id=traject.pk, door=omg.regisseur, soort="beslag", datum=vandaag()
    )
    klok = Normbewaking.objects.filter(traject=traject, norm__opschorting_toegestaan=True).first()
    stabilisatie.schort_klok_op(
        klok_id=klok.pk, door=omg.regisseur, van=vandaag(), reden="papieren"
    )
    traject = services.voer_overgang_uit(
        traject_id=traject.pk,
        overgang="sluit_af",
        door=omg.regisseur,
        datum=vandaag(),
        uitstroomreden="Zelf",
    )
    with pytest.raises(services.Geweigerd, match=r"^Dit traject is afgesloten\.$"):
        stabilisatie.rond_crisisinterventie_af(
            interventie_id=crisis.pk, door=omg.regisseur, datum=vandaag(), voorkomen=True
        )
    with pytest.raises(services.Geweigerd, match=r"^Dit traject is afgesloten\.$"):
        stabilisatie.hervat_klok(klok_id=klok.pk, door=omg.regisseur, tot=vandaag())


def test_object_zonder_gemeente_is_van_niemand():
    """An object that names no gemeente is refused, never allowed by default."""
    from schuldhulp.models import Gemeente, Klant

    omg = omgeving()
    for door in (omg.regisseur, omg.consulent):
        assert mag(door, "vroegsignalering.behandelen", Gemeente(pk=None)) is not None
        assert mag(door, "klant.wijzigen", Klant()) is not None
        assert mag(door, "traject.aanmelden", Klant()) is not None
        assert mag(door, "vroegsignalering.behandelen", omg.gemeente) is None


def test_beheer_alleen_voor_de_beheerder(client):
    """/beheer/ follows the gate too: a staff account with a dossier role gets no admin."""
    omg = omgeving()
    omg.regisseur.is_staff = True
    omg.regisseur.save()
    client.force_login(omg.regisseur)
    assert client.get("/beheer/").status_code == 302  # to the admin login: no access
    client.force_login(omg.beheerder)
    assert client.get("/beheer/").status_code == 200


def test_verouderd_formulier_voor_klok_en_crisis_wordt_geweigerd():
    """Crisis afronden and the clocks check the version the user saw, like every step."""
    omg = omgeving()
    traject = traject_in(omg, Fase.STABILISATIE)
    crisis = stabilisatie.registreer_crisisinterventie(
        traject_id=traject.pk, door=omg.regisseur, soort="beslag", datum=vandaag()
    )
    oud = traject.versie  # the page before the crisis was recorded
    klok = Normbewaking.objects.filter(traject=traject, norm__opschorting_toegestaan=True).first()
    for schrijf in (
        lambda: stabilisatie.rond_crisisinterventie_af(
            interventie_id=crisis.pk,
            door=omg.regisseur,
            datum=vandaag(),
            voorkomen=True,
            verwachte_versie=oud,
        ),
        lambda: stabilisatie.schort_klok_op(
            klok_id=klok.pk, door=omg.regisseur, van=vandaag(), reden="x", verwachte_versie=oud
        ),
    ):
        with pytest.raises(services.Geweigerd, match="Iemand anders heeft dit traject"):
            schrijf()


def test_behandelaar_wijzigen():
    """A handeling like any other: the gate, input checks, an event row with the reason
    (more in tests/samenwerking/test_personen.py)."""
    from tests.bouwers import medewerker
    from trajecten.models import Gebeurtenis

    omg = omgeving()
    traject = traject_in(omg, Fase.INTAKE)
    assert traject.behandelaar == omg.regisseur
    collega = medewerker("kr-collega", "klantregisseur", [omg.gemeente])
    for nieuw, reden, bericht in [
        (
            omg.ander,
            "Verlof",
            "Kies als behandelaar bij de Stadsbank iemand die voor deze gemeente werkt.",
        ),
        (omg.consulent, "Verlof", "De behandelaar bij de Stadsbank moet een klantregisseur zijn."),
        (omg.regisseur, "Verlof", "Dit is al de behandelaar bij de Stadsbank van dit traject."),
        (collega, "  ", "Geef de reden op."),
    ]:
        with pytest.raises(services.Geweigerd, match=f"^{re.escape(bericht)}$"):
            personen.wijzig_behandelaar(
                traject_id=traject.pk, behandelaar=nieuw, door=omg.regisseur, reden=reden
            )
    with pytest.raises(services.Geweigerd, match="De Stadsbank"):
        personen.wijzig_behandelaar(
            traject_id=traject.pk, behandelaar=collega, door=omg.consulent, reden="x"
        )
    traject = personen.wijzig_behandelaar(
        traject_id=traject.pk, behandelaar=collega, door=omg.regisseur, reden="Verlof"
    )
    assert traject.behandelaar == collega
    g = Gebeurtenis.objects.filter(traject=traject).latest("pk")
    assert (g.soort, g.toelichting, g.gegevens["vorige_behandelaar"]) == (
        "behandelaar",
        "Verlof",
        omg.regisseur.pk,
    )


def test_behandelaar_wijzigen_in_het_scherm(client):
    from django.utils.html import escape

    from tests.bouwers import medewerker

    omg = omgeving()
    traject = traject_in(omg, Fase.STABILISATIE)
    collega = medewerker("kr-scherm", "klantregisseur", [omg.gemeente], first_name="Kees")
    client.force_login(omg.regisseur)
    url = reverse("traject_detail", args=[traject.pk])
    assert 'id="behandelaar"' in client.get(url).content.decode()
    r = client.post(
        reverse("traject_behandelaar", args=[traject.pk]),
        {
            "behandelaar-versie": traject.versie,
            "behandelaar-persoon": collega.pk,
            "behandelaar-reden": "Neemt het over",
        },
        follow=True,
    )
    html = r.content.decode()
    assert "is nu de behandelaar bij de Stadsbank" in html
    assert escape(f"Nieuwe behandelaar: {collega} (was: {omg.regisseur})") in html


# --- Maatwerk and tasks settled per traject (trajecten/pakket/workflow.py, issue 12) ---------


def _maatwerk_rijen(traject):
    """A proposed and an approved maatwerk row on `traject` (made directly, like _bijzaken)."""
    from trajecten.pakket.models import Maatwerk

    d = vandaag()

    def rij(taak: str, soort: str, partij: str, status: str):
        return Maatwerk.objects.create(
            traject=traject,
            soort=soort,
            taken=[taak],
            partij=partij,
            van=d,
            evaluatie_op=d + timedelta(days=30),
            reden="Meer of minder hulp",
            status=status,
        )

    return (
        rij("monitoring", "afschalen", "gemeente", "voorgesteld"),
        rij("klantregisseur_op_locatie", "afschalen", "gemeente", "goedgekeurd"),
    )


def _pakket_pogingen(traject, rijen) -> list[tuple[str, object, Callable]]:
    """Every catalogue row of trajecten/pakket with its object and a valid service call."""
    from trajecten.models import Traject
    from trajecten.pakket.services import maatwerk as mw

    d = vandaag()
    t = Traject.objects.get(pk=traject.pk)  # reads the maatwerk rows above
    taak = next(x for x in Taak if t.uitvoerder(x) is not None)
    soort = "afschalen" if t.uitvoerder(taak) == "stadsbank" else "opschalen"
    pogingen: list[tuple[str, object, Callable]] = [
        (
            "maatwerk.voorstellen",
            traject,
            lambda door: mw.stel_voor(
                door=door,
                traject_id=t.pk,
                soort=soort,
                taken=[taak],
                van=d,
                evaluatie_op=d + timedelta(days=90),
                reden="Meer of minder hulp",
            ),
        )
    ]
    for open_taak in mw.open_overleg(t):
        pogingen.append(
            (
                "taak.afspreken",
                traject,
                lambda door, x=open_taak: mw.spreek_taak_af(
                    door=door, traject_id=t.pk, taak=x, partij="stadsbank"
                ),
            )
        )
    for m in rijen:
        pogingen += [
            (
                "maatwerk.goedkeuren",
                m,
                lambda door, m=m: mw.beoordeel(door=door, maatwerk_id=m.pk, goedkeuren=True),
            ),
            (
                "maatwerk.afwijzen",
                m,
                lambda door, m=m: mw.beoordeel(
                    door=door, maatwerk_id=m.pk, goedkeuren=False, toelichting="Niet nodig"
                ),
            ),
            ("maatwerk.intrekken", m, lambda door, m=m: mw.trek_in(door=door, maatwerk_id=m.pk)),
            (
                "maatwerk.beeindigen",
                m,
                lambda door, m=m: mw.beeindig(door=door, maatwerk_id=m.pk, reden="Klaar"),
            ),
        ]
    return pogingen


_MAATWERK_KNOP = re.compile(
    r'name="maatwerk-(?P<beoordeel>\d+)-beoordelen-stap" value="(?P<stap>[a-z]+)"'
    r'|id="maatwerk-(?P<pk>\d+)-(?P<actie>intrekken|beeindigen)"'
    r'|href="/trajecten/(?P<voorstel>\d+)/maatwerk/nieuw/"'
    r'|id="(?P<afspreken>taak-afspreken)"'
)


def _pakket_knoppen(html: str, traject_pk: int) -> set[tuple[str, int]]:
    gezien: set[tuple[str, int]] = set()
    for m in _MAATWERK_KNOP.finditer(html):
        if m["beoordeel"]:
            gezien.add((f"maatwerk.{m['stap']}", int(m["beoordeel"])))
        elif m["pk"]:
            gezien.add((f"maatwerk.{m['actie']}", int(m["pk"])))
        elif m["voorstel"]:
            gezien.add(("maatwerk.voorstellen", int(m["voorstel"])))
        else:
            gezien.add(("taak.afspreken", traject_pk))
    return gezien


def test_elke_pakket_handeling_wordt_geprobeerd():
    from trajecten.pakket.workflow import PAKKET_HANDELINGEN

    traject = traject_in(omgeving("hybride-overleg"), Fase.STABILISATIE)
    namen = {naam for naam, _o, _s in _pakket_pogingen(traject, _maatwerk_rijen(traject))}
    assert namen == set(PAKKET_HANDELINGEN)


@pytest.mark.parametrize("pakket", [*PAKKETTEN, "hybride-overleg"])
@pytest.mark.parametrize("fase", [Fase.AANGEMELD, Fase.STABILISATIE, Fase.UITGESTROOMD])
def test_pakket_pagina_en_service_zijn_het_eens(client, pakket: str, fase: Fase):
    """Maatwerk and settling a task: the traject page offers exactly what the services
    accept, and every refusal is the gate's own reason."""
    omg = omgeving(pakket)
    traject = traject_in(omg, fase)
    rijen = _maatwerk_rijen(traject)
    pogingen = _pakket_pogingen(traject, rijen)
    for rol in ROLLEN:
        door = omg.rol(rol)
        aanvaard = set()
        for naam, obj, schrijf in pogingen:
            reden = probeer(lambda s=schrijf, d=door: s(d))
            if reden is None:
                aanvaard.add((naam, obj.pk))
            vers = type(obj).objects.get(pk=obj.pk)
            if (poort := mag(door, naam, vers)) is not None:
                assert reden == poort, (naam, rol)
        if rol in ("regisseur", "consulent"):
            client.force_login(door)
            html = client.get(reverse("traject_detail", args=[traject.pk])).content.decode()
            assert _pakket_knoppen(html, traject.pk) == aanvaard, (rol, fase, pakket)
        else:
            assert aanvaard == set(), (rol, fase, pakket)
