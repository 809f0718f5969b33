"""The papers' services: the checklist as data, the gate for every action per package, the
download (no-store, audited), the werkvoorraad signal, and retention."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory
from django.utils import timezone

from klantplan.papieren import services
from klantplan.papieren.models import Bestand, Papiereis, Papiersoort, Stuk
from schuldhulp.extern import Extern
from schuldhulp.models import Auditactie, Auditregel, Rol
from schuldhulp.permissions import mag
from tests.bouwers import GebruikerFactory
from tests.bouwers.papieren import jpeg, pdf
from tests.bouwers.trajecten import overgang
from trajecten.bewaartermijn import pas_bewaartermijn_toe
from trajecten.models import Signalering
from trajecten.selectors import ongelezen_signaleringen

pytestmark = pytest.mark.django_db


def _stuk(traject, code="bankafschriften") -> Stuk:
    return services.stukken_voor_klant(traject).get(soort__code=code)


def _klant(traject) -> Extern:
    """The portal's party for this traject (role klant, reach: this traject)."""
    return Extern(
        rol="klant",
        naam="Klant (via Mijn Schuldhulp)",
        omvat=lambda obj: getattr(obj, "traject_id", None) == traject.pk,
        buiten_bereik="Dit traject is niet van u.",
    )


def test_lijst_volgt_pakket_en_producten(traject_a, traject_b):
    codes_a = set(services.stukken_voor_klant(traject_a).values_list("soort__code", flat=True))
    codes_b = set(services.stukken_voor_klant(traject_b).values_list("soort__code", flat=True))
    assert {"bankafschriften", "inkomen", "woonlasten", "identiteitsbewijs"} <= codes_a
    # Ontzorging: the gemeente delivers its income data; Basis: not on the list
    assert "inkomensgegevens_gemeente" in codes_a and "inkomensgegevens_gemeente" not in codes_b
    assert _stuk(traject_a, "inkomensgegevens_gemeente").partij == "gemeente"
    assert "bkr" not in codes_a  # only with a schuldbemiddeling
    # The list is data: a rule the beheerder adds shows up on the next look, once
    extra = Papiersoort.objects.create(code="zorgpolis", naam="Polis zorgverzekering")
    Papiereis.objects.create(soort=extra, pakket="ontzorging")
    assert services.stukken_voor_klant(traject_a).filter(soort=extra).count() == 1
    assert services.stukken_voor_klant(traject_a).filter(soort=extra).count() == 1
    assert not services.stukken_voor_klant(traject_b).filter(soort=extra).exists()


def test_poort_per_pakket(traject_a, traject_b, regisseur_a, consulent_a, consulent_b):
    a, b = _stuk(traject_a), _stuk(traject_b)
    # Ontzorging: the Stadsbank gathers information; the consulent may read and download only
    assert mag(regisseur_a, "papier.aanleveren", a) is None
    assert mag(regisseur_a, "papier.vragen", traject_a) is None
    assert "Stadsbank" in mag(consulent_a, "papier.aanleveren", a)
    assert "Stadsbank" in mag(consulent_a, "papier.vragen", traject_a)
    # Basis: the gemeente does; the klantregisseur of Hengelo does not
    regisseur_b = GebruikerFactory(
        username="kr_b", rol=Rol.KLANTREGISSEUR, gemeenten=[traject_b.gemeente]
    )
    assert mag(consulent_b, "papier.aanleveren", b) is None
    assert "gemeente" in mag(regisseur_b, "papier.aanleveren", b)
    # Another gemeente: nothing
    assert mag(regisseur_a, "papier.aanleveren", b) is not None
    assert mag(regisseur_a, "papier.downloaden", b) is not None
    with pytest.raises(PermissionDenied):
        services.lever_aan(a, [jpeg()], door_gebruiker=consulent_a)
    assert not Bestand.objects.exists()
    # approving needs a delivered paper, by the package's side
    assert "Gevraagd" in mag(regisseur_a, "papier.goedkeuren", a)
    services.lever_aan(a, [jpeg()], door_gebruiker=regisseur_a)
    a.refresh_from_db()
    assert mag(regisseur_a, "papier.goedkeuren", a) is None
    assert mag(consulent_a, "papier.goedkeuren", a) is not None
    assert mag(consulent_a, "papier.downloaden", a) is None  # reading goes with the dossier


def test_goedkeuren_en_afkeuren(traject_a, regisseur_a):
    stuk = services.lever_aan(_stuk(traject_a), [pdf()], door_gebruiker=regisseur_a)
    with pytest.raises(ValidationError, match="waarom"):
        services.keur_af(stuk, door=regisseur_a, reden="  ")
    stuk = services.keur_af(stuk, door=regisseur_a, reden="Pagina 2 ontbreekt")
    assert (stuk.status, stuk.afkeurreden) == ("afgekeurd", "Pagina 2 ontbreekt")
    stuk = services.lever_aan(stuk, [pdf(paginas=2)], door_gebruiker=regisseur_a)
    assert (stuk.status, stuk.afkeurreden) == ("ontvangen", "")
    stuk = services.keur_goed(stuk, door=regisseur_a)
    assert stuk.status == "goedgekeurd" and stuk.beoordeeld_door == regisseur_a
    with pytest.raises(PermissionDenied, match="Goedgekeurd"):
        services.lever_aan(stuk, [pdf()], door_gebruiker=regisseur_a)
    assert stuk.bestanden.count() == 2


def test_klant_levert_eigen_stukken_en_meldt_werk(traject_a, regisseur_a):
    klant = _klant(traject_a)
    stuk = services.lever_aan(_stuk(traject_a), [jpeg(), jpeg()], door_klant=klant)
    bestand = stuk.bestanden.get()
    assert bestand.door_klant and bestand.paginas == 2
    # not a paper the gemeente delivers, and not another traject's
    with pytest.raises(PermissionDenied, match="contactpersoon"):
        services.lever_aan(
            _stuk(traject_a, "inkomensgegevens_gemeente"), [jpeg()], door_klant=klant
        )
    # the werkvoorraad: work for the klantregisseur (Ontzorging: the Stadsbank judges)
    signaal = ongelezen_signaleringen(regisseur_a).get(soort="stuk")
    assert "Bankafschriften" in signaal.tekst and str(traject_a.pk) in signaal.tekst
    regel = Auditregel.objects.get(actie=Auditactie.AANMAKEN, objecttype="bestand")
    assert regel.klant_id == traject_a.klant_id and "door de klant" in regel.omschrijving
    # the worker's own upload is no work for himself
    services.lever_aan(_stuk(traject_a, "inkomen"), [jpeg()], door_gebruiker=regisseur_a)
    assert Signalering.objects.filter(soort="stuk").count() == 1


def test_klant_van_ander_traject(traject_a, traject_b):
    with pytest.raises(PermissionDenied, match="niet van u"):
        services.lever_aan(_stuk(traject_b), [jpeg()], door_klant=_klant(traject_a))


def test_download_no_store_en_gelogd(traject_a, regisseur_a, consulent_a):
    stuk = services.lever_aan(_stuk(traject_a), [pdf(paginas=3)], door_gebruiker=regisseur_a)
    request = RequestFactory().get("/")
    request.user = consulent_a
    response = services.download_response(stuk, request)
    inhoud = response.content
    assert inhoud.startswith(b"%PDF-")
    assert response["Cache-Control"] == "no-store"
    assert "attachment" in response["Content-Disposition"]
    regel = Auditregel.objects.get(actie=Auditactie.DOWNLOADEN)
    assert (regel.gebruiker, regel.klant_id) == (consulent_a, traject_a.klant_id)


def test_bewaartermijn_wist_de_bestanden(
    traject_a, regisseur_a, prive_map, settings, django_capture_on_commit_callbacks
):
    stuk = services.lever_aan(_stuk(traject_a), [jpeg()], door_gebruiker=regisseur_a)
    services.keur_af(stuk, door=regisseur_a, reden="Onleesbaar, naam van de bank ontbreekt")
    pad = prive_map / stuk.bestanden.get().bestand.name
    assert pad.is_file()
    overgang(traject_a, "sluit_af", regisseur_a, uitstroomreden="Afgerond")
    later = timezone.localdate() + timedelta(days=settings.BEWAARTERMIJN_NA_UITSTROOM_DAGEN + 1)
    with django_capture_on_commit_callbacks(execute=True):
        verlopen = pas_bewaartermijn_toe(uitvoeren=True, peildatum=later)
    assert [v.klant_id for v in verlopen] == [traject_a.klant_id]
    assert not pad.exists()
    assert not Bestand.objects.exists()
    stuk.refresh_from_db()
    assert stuk.afkeurreden == "" and stuk.status == "afgekeurd"  # the row (a figure) stays
