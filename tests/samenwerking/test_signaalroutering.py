"""Who receives the signaleringen of the clocks: the person of the party aan zet, its team
when nobody is assigned, and for a statutory term also the other party's person; the same
rows from herbereken (Python) and from the daily job (STATUS_SQL, OPGESCHORT_SQL); the
budgetbeheer toets goes to the Stadsbank. And who sees them: own and team signaleringen
(trajecten.selectors.signaleringen_voor), read by one of the team, read for all."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from schuldhulp.models import Rol
from tests.bouwers import KlantFactory, Omgeving, aanmelding, dagen, medewerker, omgeving
from trajecten import normbewaking, selectors, services, stabilisatie
from trajecten.models import Normbewaking, Signalering, Traject

pytestmark = pytest.mark.django_db

WGS = "wgs-eerste-gesprek"  # statutory (Wgs art. 4a): 4 weeks, overdue after 30 days
RUST = "stabilisatie-rust"  # contract norm: 5 weeks, threatening after 30 days


def vandaag():
    return timezone.localdate()


def aangemeld(omg: Omgeving, door, *, geleden: int = 30, **kw) -> Traject:
    return aanmelding(
        KlantFactory(gemeente=omg.gemeente), door, datum=vandaag() - dagen(geleden), **kw
    )


def klok(traject: Traject, code: str) -> Normbewaking:
    return Normbewaking.objects.get(traject=traject, norm__code=code)


def ontvangers(traject: Traject, code: str) -> set[tuple[str, int | None, str]]:
    """(key suffix, person, team party) of the signaleringen of one clock."""
    k = klok(traject, code)
    basis = f"klok-{k.pk}-{k.status}"
    return {
        (s.sleutel.removeprefix(basis), s.gebruiker_id, s.partij)
        for s in Signalering.objects.filter(klok=k)
    }


def zonder_persoon(traject: Traject, veld: str) -> Traject:
    """The person of one side taken off (reassigned away, or the account was removed)."""
    Traject.objects.filter(pk=traject.pk).update(**{veld: None})
    return Traject.objects.get(pk=traject.pk)


# ------------------------------------------------------------------------ routing


def test_termijn_van_een_basistraject_gaat_naar_de_consulent():
    """Basis: the gemeente does the intake; its consulent registered and is aan zet."""
    omg = omgeving("basis")
    traject = aangemeld(omg, omg.consulent)
    assert traject.aan_zet == "gemeente" and traject.behandelaar_id is None
    assert ontvangers(traject, RUST) == {("", omg.consulent.pk, "")}
    assert ontvangers(traject, WGS) == {("", omg.consulent.pk, "")}  # no Stadsbank person
    assert not Signalering.objects.filter(gebruiker=omg.regisseur).exists()


def test_wettelijke_termijn_ook_naar_de_andere_partij():
    omg = omgeving("ontzorging")
    traject = aangemeld(omg, omg.regisseur, consulent=omg.consulent)
    assert traject.aan_zet == "stadsbank"
    assert ontvangers(traject, WGS) == {
        ("", omg.regisseur.pk, ""),
        ("-gemeente", omg.consulent.pk, ""),  # a missed legal term: the gemeente is informed
    }
    assert ontvangers(traject, RUST) == {("", omg.regisseur.pk, "")}  # a contract norm: not


def test_niemand_toegewezen_dan_het_team_van_de_partij_aan_zet():
    omg = omgeving("basis")
    traject = zonder_persoon(aangemeld(omg, omg.consulent, geleden=0), "consulent")
    for k in Normbewaking.objects.filter(traject=traject):  # as if 30 days had passed
        k.start, k.deadline = k.start - dagen(30), k.deadline - dagen(30)
        k.dreigt_vanaf = k.dreigt_vanaf - dagen(30)
        k.save()
    normbewaking.dagelijkse_normbewaking()
    assert ontvangers(traject, RUST) == {("", None, "gemeente")}
    assert ontvangers(traject, WGS) == {("", None, "gemeente")}


def _matrix() -> list[Traject]:
    """Trajecten whose signals go every way: each party aan zet, with and without persons,
    both persons (a statutory term informs the other), and a row without a party."""
    omg = omgeving("ontzorging")
    basis = omgeving("basis")
    rijen = [
        aangemeld(omg, omg.regisseur),  # Stadsbank, no gemeente person
        aangemeld(omg, omg.regisseur, consulent=omg.consulent),  # both persons
        aangemeld(omg, omg.consulent, behandelaar=omg.regisseur),  # gemeente aan zet
        zonder_persoon(aangemeld(omg, omg.regisseur), "behandelaar"),  # Stadsbank team
        aangemeld(basis, basis.consulent),  # Basis: the consulent
        zonder_persoon(aangemeld(basis, basis.consulent), "consulent"),  # gemeente team
        aangemeld(omg, omg.regisseur, bedreigend="huisuitzetting", consulent=omg.consulent),
    ]
    leeg = aangemeld(basis, basis.consulent, behandelaar=basis.regisseur)
    Traject.objects.filter(pk=leeg.pk).update(aan_zet="")  # a row from before the column
    rijen.append(leeg)
    return rijen


def _rijen(trajecten: list[Traject]) -> set[tuple]:
    return set(
        Signalering.objects.filter(traject__in=trajecten).values_list(
            "sleutel", "soort", "klok_id", "gebruiker_id", "partij", "tekst"
        )
    )


def test_python_en_sql_sturen_naar_dezelfde_ontvangers():
    trajecten = _matrix()
    Signalering.objects.all().delete()
    for t in trajecten:  # herbereken: the Python path (signaleer)
        normbewaking.herbereken(Traject.objects.get(pk=t.pk))
    python = _rijen(trajecten)
    assert {(r[3] is None, r[4]) for r in python} >= {(True, "stadsbank"), (True, "gemeente")}
    assert any(r[0].endswith("-gemeente") for r in python)  # informed of a legal term
    assert any(r[0].endswith("-stadsbank") for r in python)
    Signalering.objects.all().delete()
    Normbewaking.objects.filter(traject__in=trajecten).update(status="loopt")
    uitkomst = normbewaking.dagelijkse_normbewaking(vandaag=vandaag())  # STATUS_SQL
    assert _rijen(trajecten) == python
    assert uitkomst["signaleringen"] == len(python)
    tweede = normbewaking.dagelijkse_normbewaking(vandaag=vandaag())
    assert tweede["signaleringen"] == 0 and _rijen(trajecten) == python  # idempotent


def test_opgeschorte_klok_signaleert_als_herbereken():
    """OPGESCHORT_SQL: a paused clock whose status moves gets the same rows (here: the
    gemeente's team, nobody assigned)."""
    omg = omgeving("basis")
    traject = zonder_persoon(aangemeld(omg, omg.consulent), "consulent")
    Signalering.objects.all().delete()  # those of the aanmelding went to the consulent
    rust = klok(traject, RUST)
    stabilisatie.schort_klok_op(klok_id=rust.pk, door=omg.consulent, van=vandaag(), reden="Wacht")
    python = _rijen([traject])
    assert {(r[2], r[3], r[4]) for r in python if r[2] == rust.pk} == {(rust.pk, None, "gemeente")}
    Signalering.objects.filter(klok=rust).delete()
    Normbewaking.objects.filter(pk=rust.pk).update(status="loopt")
    uitkomst = normbewaking.dagelijkse_normbewaking(vandaag=vandaag())
    assert uitkomst["opgeschorte_klokken"] == 1
    assert _rijen([traject]) == python


@pytest.mark.parametrize("behandelaar", [True, False], ids=["behandelaar", "team"])
def test_toets_budgetbeheer_naar_de_stadsbank(behandelaar: bool):
    omg = omgeving("basis")
    traject = aangemeld(
        omg, omg.consulent, geleden=230, behandelaar=omg.regisseur if behandelaar else None
    )
    for naam in ("voer_eerste_gesprek", "neem_toelatingsbesluit"):
        services.voer_overgang_uit(
            traject_id=traject.pk,
            overgang=naam,
            door=omg.consulent,
            datum=vandaag() - dagen(220),
            reden_terugdatering="na",
        )
    # The first toets fell due about 18 days ago: within the job's catch-up window.
    product = services.start_product(
        traject_id=traject.pk,
        soort="Budgetbeheer",
        door=omg.regisseur,
        datum=vandaag() - dagen(200),
        reden_terugdatering="na",
    )
    assert Traject.objects.get(pk=traject.pk).aan_zet == "gemeente"  # not who gets the toets
    normbewaking.dagelijkse_normbewaking(vandaag=vandaag())
    toets = Signalering.objects.get(sleutel=f"toets-{product.pk}-1")
    if behandelaar:
        assert (toets.gebruiker_id, toets.partij) == (omg.regisseur.pk, "")
    else:
        assert (toets.gebruiker_id, toets.partij) == (None, "stadsbank")


# --------------------------------------------------------------------- visibility


@pytest.fixture
def team():
    """A Basis gemeente with two consulenten and a traject nobody is assigned to; and a
    consulent of another gemeente."""
    omg = omgeving("basis")
    tweede = medewerker(f"{omg.consulent.username}_b", Rol.CONSULENT, [omg.gemeente])
    traject = zonder_persoon(aangemeld(omg, omg.consulent, geleden=0), "consulent")
    signaal = Signalering.objects.create(
        sleutel=f"test-{traject.pk}",
        soort="overschreden",
        traject=traject,
        partij="gemeente",
        tekst=f"Termijn overschreden (dossier {traject.pk})",
    )
    return omg, tweede, signaal


def test_teamsignalering_voor_alle_consulenten_van_de_gemeente(client, team):
    omg, tweede, signaal = team
    for wie in (omg.consulent, tweede):
        assert signaal in selectors.signaleringen_voor(wie)
        client.force_login(wie)
        html = client.get(reverse("signaleringen")).content.decode()
        assert signaal.tekst in html and "Voor het team" in html
        assert client.get(reverse("werkvoorraad")).context["aantal_ongelezen"] == 1
    for niet in (omg.ander_consulent, omg.regisseur):  # another gemeente; the other party
        assert signaal not in selectors.signaleringen_voor(niet)
        client.force_login(niet)
        assert signaal.tekst not in client.get(reverse("signaleringen")).content.decode()


def test_gelezen_door_een_is_gelezen_voor_het_team(client, team):
    omg, tweede, signaal = team
    url = reverse("signalering_gelezen", args=[signaal.pk])
    client.force_login(omg.ander_consulent)
    assert client.post(url, {"gelezen": "1"}).status_code == 404
    client.force_login(omg.regisseur)
    assert client.post(url, {"gelezen": "1"}).status_code == 404
    signaal.refresh_from_db()
    assert signaal.gelezen_op is None
    client.force_login(omg.consulent)
    assert client.post(url, {"gelezen": "1"}).status_code == 302
    assert not selectors.ongelezen_signaleringen(tweede).exists()
    client.force_login(tweede)
    assert client.get(reverse("werkvoorraad")).context["aantal_ongelezen"] == 0
    r = client.post(url, {"gelezen": "0"}, HTTP_HX_REQUEST="true")  # and back, for all
    assert r.status_code == 200 and "Voor het team" in r.content.decode()
    assert selectors.ongelezen_signaleringen(omg.consulent).get() == signaal


def test_eigen_signaleringen_blijven_persoonlijk(client):
    omg = omgeving("basis")
    collega = medewerker(f"{omg.consulent.username}_c", Rol.CONSULENT, [omg.gemeente])
    traject = aangemeld(omg, omg.consulent)
    eigen = Signalering.objects.filter(traject=traject, gebruiker=omg.consulent)
    assert eigen.exists()
    assert not selectors.signaleringen_voor(collega).filter(traject=traject).exists()
