"""The VTLB norms as data (issue 15, point 3) on PostgreSQL: the seeded half years from the
migration, normset_op, the period rules of clean() and the beheerder's admin."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from klantplan.huishouden.vtlb import codes as c
from klantplan.huishouden.vtlb.bereken import GeenNormen, normset_op
from klantplan.huishouden.vtlb.models import Vtlbnorm, periodefouten
from klantplan.huishouden.vtlb.normdata import rijen, zaai_vtlbnormen
from schuldhulp import rechten

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def gezaaid():
    """The migration seeds them; a flushed database (transactional tests) does not."""
    zaai_vtlbnormen(Vtlbnorm)


def nieuwe(**velden) -> Vtlbnorm:
    gegevens = {
        "code": c.NORMHUUR,
        "huishoudtype": c.ALLE,
        "bedrag_cent": 25000,
        "bron": "test",
        "geldig_van": date(2027, 1, 1),
        "geldig_tot": date(2027, 6, 30),
        **velden,
    }
    return Vtlbnorm(**gegevens)


def test_de_gezaaide_perioden_sluiten_aan_zonder_overlap():
    assert Vtlbnorm.objects.count() == len(rijen())
    assert periodefouten(Vtlbnorm.objects.all()) == []
    starts = set(Vtlbnorm.objects.values_list("geldig_van", flat=True))
    assert starts == {date(2025, 1, 1), date(2025, 7, 1), date(2026, 1, 1), date(2026, 7, 1)}
    assert all(rij.bron.strip() for rij in Vtlbnorm.objects.all())


@pytest.mark.parametrize(
    ("peildatum", "start"),
    [
        (date(2026, 1, 1), date(2026, 1, 1)),
        (date(2026, 6, 30), date(2026, 1, 1)),
        (date(2026, 7, 1), date(2026, 7, 1)),
        (date(2026, 12, 31), date(2026, 7, 1)),
        (date(2025, 3, 15), date(2025, 1, 1)),
    ],
)
def test_normset_op_een_dag(peildatum, start):
    normen = normset_op(peildatum)
    assert normen.geldig_van == start
    assert normen.bedrag(c.BIJSTANDSNORM, c.GEHUWD) > normen.bedrag(c.BIJSTANDSNORM, c.ALLEENSTAAND)


@pytest.mark.parametrize(
    ("peildatum", "tekst"),
    [
        (date(2019, 3, 3), "Er zijn geen VTLB-normen voor 3 maart 2019"),
        (date(2027, 1, 1), "Er zijn geen VTLB-normen voor 1 januari 2027"),
    ],
)
def test_een_dag_zonder_normen_geeft_geennormen(peildatum, tekst):
    with pytest.raises(GeenNormen, match=tekst):
        normset_op(peildatum)


def test_een_onvolledige_normset_noemt_wat_ontbreekt():
    Vtlbnorm.objects.filter(code=c.NORMHUUR, geldig_van=date(2026, 7, 1)).delete()
    with pytest.raises(GeenNormen, match="ontbreken VTLB-normen: Woonlasten die in de norm"):
        normset_op(date(2026, 8, 1))


def test_een_aansluitende_nieuwe_periode_mag():
    nieuwe().full_clean()


def test_overlap_wordt_geweigerd():
    with pytest.raises(
        ValidationError, match="vanaf 1 juli 2026 overlapt met de periode vanaf 1 oktober"
    ):
        nieuwe(geldig_van=date(2026, 10, 1)).full_clean()


def test_open_einde_voor_een_latere_periode_is_overlap():
    laatste = Vtlbnorm.objects.get(code=c.NORMHUUR, geldig_van=date(2026, 7, 1))
    nieuwe().save()
    laatste.geldig_tot = None
    with pytest.raises(ValidationError, match="Zet bij de eerste 'geldig tot' op 31 december"):
        laatste.full_clean()


def test_gat_wordt_geweigerd():
    with pytest.raises(ValidationError, match="zit een gat"):
        nieuwe(geldig_van=date(2027, 2, 1)).full_clean()


def test_einde_voor_begin_wordt_geweigerd():
    with pytest.raises(ValidationError, match="einddatum ligt voor de begindatum"):
        nieuwe(geldig_tot=date(2026, 12, 1)).full_clean()


def test_huishoudtype_moet_bij_de_code_passen():
    with pytest.raises(ValidationError, match="alleen het huishoudtype: alle huishoudens"):
        nieuwe(huishoudtype=c.GEHUWD).full_clean()


def test_beheergroep_mag_de_normen_beheren():
    groep = rechten.zorg_voor_beheergroep()
    codes = set(groep.permissions.values_list("codename", flat=True))
    assert {"view_vtlbnorm", "add_vtlbnorm", "change_vtlbnorm", "delete_vtlbnorm"} <= codes


def test_beheerder_opent_de_normen_en_kopieert_een_halfjaar(client, beheerder):
    beheerder.groups.add(Group.objects.get_or_create(name=rechten.BEHEERGROEP)[0])
    rechten.zorg_voor_beheergroep()
    client.force_login(beheerder)
    lijst = "/beheer/huishouden/vtlbnorm/"
    assert client.get(lijst).status_code == 200
    assert client.get(lijst + "add/").status_code == 200
    laatste = Vtlbnorm.objects.filter(geldig_van=date(2026, 7, 1))
    antwoord = client.post(
        lijst,
        {
            "action": "kopieer_naar_volgend_halfjaar",
            "_selected_action": [str(pk) for pk in laatste.values_list("pk", flat=True)],
        },
    )
    assert antwoord.status_code == 302
    kopie = Vtlbnorm.objects.filter(geldig_van=date(2027, 1, 1))
    assert kopie.count() == laatste.count()
    assert set(kopie.values_list("geldig_tot", flat=True)) == {date(2027, 6, 30)}
    assert all("te controleren" in rij.bron for rij in kopie)
    assert periodefouten(Vtlbnorm.objects.all()) == []
    # A middle period may not be deleted (it would leave a gap).
    midden = Vtlbnorm.objects.get(code=c.NORMHUUR, geldig_van=date(2026, 7, 1))
    assert client.get(f"{lijst}{midden.pk}/delete/").status_code == 403
