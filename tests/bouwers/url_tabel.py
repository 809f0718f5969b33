"""The expected answer of every URL of the application per role, for an object of the user's
own gemeente (A) and of another gemeente (B): the table that tests/schuldhulp/test_url_wandeling.py
walks and test_csp.py and test_audit_dekking.py reuse. Built on the world of
tests/bouwers/wereld.py.

Answers: 200, 403, 404, 405 (POST only), LOGIN (302 to the login page), BEHEERLOGIN (302 to
the admin login) or Naar("/pad") (302 elsewhere).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from rapportage.kwartalen import Kwartaal
from tests.bouwers.fabrieken import KlantFactory
from tests.bouwers.papieren import pdf
from tests.bouwers.wereld import ROLLEN, Dossiers, Wereld
from trajecten.models import Traject
from trajecten.workflow import FINANCIELE_RUST_PUNTEN

LOGIN = "login"
BEHEERLOGIN = "beheerlogin"


@dataclass(frozen=True)
class Naar:
    """A 302 to somewhere else than a login page."""

    pad: str


Verwacht = int | str | Naar


def per_rol(
    anoniem: Verwacht,
    regisseur: Verwacht,
    consulent: Verwacht,
    contractmanager: Verwacht,
    beheerder: Verwacht,
    schuldeiser: Verwacht | None = None,
    afnemer: Verwacht | None = None,
    klant: Verwacht | None = None,
) -> dict[str, Verwacht]:
    """`schuldeiser` (a creditor with A's portal link, not logged in), `afnemer` (the
    DDAS API's client with a valid bearer token, no session) and `klant` (A's klant logged
    in to Mijn Schuldhulp): as `anoniem` unless said otherwise (only the portals' own URLs
    differ; a token or a portal session opens no staff page)."""
    antwoorden = (anoniem, regisseur, consulent, contractmanager, beheerder)
    extern = (
        anoniem if schuldeiser is None else schuldeiser,
        anoniem if afnemer is None else afnemer,
        anoniem if klant is None else klant,
    )
    return dict(zip(ROLLEN, (*antwoorden, *extern), strict=True))


# The usual answers.
IEDEREEN = per_rol(LOGIN, 200, 200, 200, 200)
DOSSIERROL = per_rol(LOGIN, 200, 200, 403, 403)  # pages without an object
DOSSIER_A = per_rol(LOGIN, 200, 200, 403, 403)  # an object of the user's own gemeente
DOSSIER_B = per_rol(LOGIN, 404, 404, 403, 403)  # an object of another gemeente: not found
ALLEEN_POST = per_rol(LOGIN, 405, 405, 405, 405)
RAPPORT_A = per_rol(LOGIN, 200, 200, 200, 200)  # aggregated figures: dossier roles read too
RAPPORT_B = per_rol(LOGIN, 404, 404, 404, 200)  # the beheerder works for every gemeente
SPECIFICATIE_A = per_rol(LOGIN, 404, 404, 200, 200)  # invoicing: contract roles only
DDAS = per_rol(LOGIN, 200, 403, 403, 403)  # a file with every BSN: klantregisseurs only
# A's package is Ontzorging: the Stadsbank's tasks (klantplan, schulden, monitoring, intake)
# are not the consulent's, who reads the dossier but gets no write form (issue 12).
STADSBANK_A = per_rol(LOGIN, 200, 403, 403, 403)
SPREEKUUR_A = per_rol(LOGIN, 200, 403, 403, 200)  # klantregisseur and beheerder
SPREEKUUR_B = per_rol(LOGIN, 404, 404, 404, 200)  # the beheerder works for every gemeente
AFSPRAAK_A = per_rol(LOGIN, 403, 403, 200, 200)  # agreements: contractmanager, beheerder write
AFSPRAAK_B = per_rol(LOGIN, 404, 404, 404, 200)  # another gemeente (the beheerder has all)

BEHEER_SCHERM = per_rol(LOGIN, 403, 403, 403, 200)  # beheer screens outside /beheer/
# The schuldeiserportaal: the token in the URL is the right, for anyone holding it.
LINKHOUDER = per_rol(200, 200, 200, 200, 200, schuldeiser=200)

# Mijn Schuldhulp (issue 16): only A's klant with a portal session; everybody else (a staff
# session is not read there) goes to the portal's own login page. B's traject: 404.
PORTAALLOGIN = Naar("/mijn-schuldhulp/inloggen/")
PORTAAL_A = per_rol(*[PORTAALLOGIN] * 5, klant=200)
PORTAAL_B = per_rol(*[PORTAALLOGIN] * 5, klant=404)
PORTAAL_OPEN = per_rol(*[200] * 5, klant=200)  # pages for whoever is not logged in (yet)
PORTAAL_POST = per_rol(*[405] * 5, klant=405)

Payload = Callable[[Dossiers, Wereld], dict[str, Any]]


@dataclass(frozen=True)
class Regel:
    """One URL pattern: how to fill it in, what each role gets, and what a POST does."""

    kwargs: Callable[[Dossiers], dict[str, Any]] | None = None
    a: dict[str, Verwacht] = field(default_factory=lambda: DOSSIER_A)
    b: dict[str, Verwacht] | None = None  # None: the URL names no object of a gemeente
    post: Payload | None = None  # a valid POST body (built from A's or B's objects)
    post_a: int = 302  # the answer to that POST on A's object
    post_b: int = 404  # ... and on B's (nothing may change)
    post_a_schrijft: bool = True  # the POST on A changes dossier data (not only the log)
    als: str = "regisseur"  # who POSTs
    reden_geen_post: str = ""  # why a URL that takes a POST has no cross-gemeente POST here


def _papiersoort(code: str) -> int:
    from klantplan.papieren.models import Papiersoort

    return Papiersoort.objects.get(code=code).pk


def vorige_maand() -> str:
    from rapportage.facturatie.berekening import Maand

    return Maand.van(timezone.localdate()).vorige().code


def vandaag() -> str:
    return timezone.localdate().isoformat()


def versie(d: Dossiers) -> int:
    return Traject.objects.get(pk=d.traject.pk).versie


def regelingversie(d: Dossiers) -> int:
    from klantplan.schuldregeling.models import Regeling

    return Regeling.objects.get(pk=d.regeling.pk).versie


def met_prefix(prefix: str, **velden: Any) -> dict[str, Any]:
    return {f"{prefix}-{naam}": waarde for naam, waarde in velden.items()}


def stap(d: Dossiers, **velden: Any) -> dict[str, Any]:
    return {"versie": versie(d), "datum": vandaag(), **velden}


# The three points of financiële rust, each ticked and explained (klantplan/rustbewijs.py).
RUSTPUNTEN = {
    f"{veld}_{sleutel}": waarde
    for sleutel, _ in FINANCIELE_RUST_PUNTEN
    for veld, waarde in (("punt", "on"), ("toelichting", "Nagegaan met de klant."))
}


def t(d: Dossiers, **extra: Any) -> dict[str, Any]:
    return {"traject_pk": d.traject.pk, **extra}


def v(d: Dossiers, **extra: Any) -> dict[str, Any]:
    return t(d, versie=d.klantplan.versie, **extra)


def klantgegevens(d: Dossiers, _w: Wereld) -> dict[str, Any]:
    return {
        "gemeente": d.gemeente.pk,
        "bsn": KlantFactory.build().bsn,
        "voornamen": "Tanya",
        "achternaam": "Nieuw",
        "geboortedatum": "1984-05-12",
        "postcode": "7607 AB",
        "huishouden": "alleenstaand",
        "aantal_kinderen": "0",
    }


def schuldgegevens(d: Dossiers, _w: Wereld) -> dict[str, Any]:
    return {
        "schuldeiser": d.schuld.schuldeiser_id,
        "oorspronkelijk_bedrag": "100,00",
        "actueel_bedrag": "150,00",
        "peildatum": vandaag(),
        "status": "aangemeld",
    }


def schulden_csv(_d: Dossiers, _w: Wereld) -> dict[str, Any]:
    inhoud = f"schuldeiser;actueel bedrag;peildatum\nBelastingdienst;12,50;{vandaag()}\n"
    return {"bestand": SimpleUploadedFile("schulden.csv", inhoud.encode(), "text/csv")}


def signalen_csv(d: Dossiers, _w: Wereld) -> dict[str, Any]:
    ontvangen = (timezone.localdate() - timedelta(days=2)).strftime("%d-%m-%Y")
    inhoud = (
        "partner_soort;partner_naam;soort_achterstand;bedrag;maanden_achterstand;"
        "datum_ontvangen;achternaam;postcode;huisnummer\n"
        f"energie;Enexis;energie;99,00;1;{ontvangen};Post;7607 AB;3\n"
    )
    return {
        "gemeente": d.gemeente.pk,
        "bestand": SimpleUploadedFile("signalen.csv", inhoud.encode(), "text/csv"),
    }


def vaststellen(d: Dossiers, _w: Wereld) -> dict[str, Any]:
    """Confirm from the preview: the fingerprint of the preview as the page gave it."""
    from trajecten.pakket.forms.afspraken import plan_kenmerk
    from trajecten.pakket.services import afspraken

    kenmerk = plan_kenmerk(afspraken.voorvertoning(d.concept, "behouden"))
    return {"overgang": "behouden", "reden": "Getekend", "kenmerk": kenmerk, "vaststellen": "1"}


def omzetgegevens(_d: Dossiers, _w: Wereld) -> dict[str, Any]:
    return {
        "bsn": KlantFactory.build().bsn,
        "voornamen": "Tanya",
        "achternaam": "Omgezet",
        "geboortedatum": "1984-05-12",
        "postcode": "7607 AB",
        "aanmelddatum": vandaag(),
    }


TABEL: dict[str, Regel] = {
    # --- schuldhulp: login, home, klanten, gemeenten, verwerkingenlog -----------------------
    "home": Regel(a=IEDEREEN),
    "na_inloggen": Regel(  # where a login lands: the first page the gate allows
        a=per_rol(
            LOGIN,
            Naar("/werkvoorraad/"),
            Naar("/werkvoorraad/"),
            Naar("/dashboard/"),
            Naar("/beheer/"),
        )
    ),
    "login": Regel(
        a=per_rol(200, Naar("/start/"), Naar("/start/"), Naar("/start/"), Naar("/start/")),
        reden_geen_post="inloggen hoort bij geen gemeente (test_csp.py: CSRF)",
    ),
    "logout": Regel(
        a=per_rol(405, 405, 405, 405, 405),
        reden_geen_post="uitloggen hoort bij geen gemeente (test_csp.py: CSRF)",
    ),
    "overal_uitloggen": Regel(
        a=per_rol(405, 405, 405, 405, 405),
        reden_geen_post="uitloggen hoort bij geen gemeente (test_csp.py: CSRF)",
    ),
    "sessie_verlengen": Regel(
        a=per_rol(405, 405, 405, 405, 405),
        reden_geen_post="de eigen sessie, geen gemeente (tests/schuldhulp/test_sessie.py)",
    ),
    # With 2FA off (tests/conftest.py) the code page sends the user on.
    "tweestaps": Regel(
        a=per_rol(LOGIN, Naar("/"), Naar("/"), Naar("/"), Naar("/")),
        reden_geen_post="tweestapsverificatie hoort bij geen gemeente (test_tweestaps.py)",
    ),
    # Issue 17 (ADR 0015): an unknown or used enrolment link says so (410 Gone); the forced
    # password page sends a user who needs none on to his start page.
    "tweestaps_inrichten": Regel(
        kwargs=lambda d: {"token": "onbekend"},
        a=per_rol(LOGIN, 410, 410, 410, 410),
        b=per_rol(LOGIN, 410, 410, 410, 410),
        reden_geen_post="eigen account, geen gemeente (tests/schuldhulp/test_tweestaps.py)",
    ),
    "wachtwoord_kiezen": Regel(
        a=per_rol(LOGIN, *[Naar("/start/")] * 4),
        reden_geen_post="eigen wachtwoord, geen gemeente (test_beheer_scheiding.py)",
    ),
    "rechtenverzoeken": Regel(a=BEHEER_SCHERM),
    **{
        f"rechtenverzoek_{besluit}": Regel(
            kwargs=lambda d: {"pk": d.rechtenverzoek.pk},
            a=ALLEEN_POST,
            b=ALLEEN_POST,
            reden_geen_post="beheer, geen gemeente (tests/schuldhulp/test_beheer_scheiding.py)",
        )
        for besluit in ("goedkeuren", "afwijzen")
    },
    "inrichtlink": Regel(
        kwargs=lambda d: {"pk": d.regisseur.pk},
        a=BEHEER_SCHERM,
        b=BEHEER_SCHERM,  # the beheerder manages the accounts of every gemeente
        reden_geen_post="beheer, geen gemeente (tests/schuldhulp/test_tweestaps.py)",
    ),
    "klanten": Regel(a=DOSSIERROL),
    "klant_nieuw": Regel(a=DOSSIERROL, post=klantgegevens, post_b=200),
    "klant_detail": Regel(kwargs=lambda d: {"pk": d.klant.pk}, b=DOSSIER_B),
    "klant_wijzig": Regel(
        kwargs=lambda d: {"pk": d.klant.pk},
        b=DOSSIER_B,
        post=lambda d, w: {**klantgegevens(d, w), "bsn": d.klant.bsn, "voornamen": "Gewijzigd"},
    ),
    "gemeenten": Regel(a=IEDEREEN),
    "gemeente_detail": Regel(
        kwargs=lambda d: {"pk": d.gemeente.pk}, a=IEDEREEN, b=per_rol(LOGIN, 404, 404, 404, 200)
    ),
    "verwerkingenlog": Regel(
        a=per_rol(LOGIN, 403, 403, 403, 200),
        reden_geen_post="zoeken (POST: het BSN niet in de URL), beheer, geen gemeente",
    ),
    "verwerkingenlog_export": Regel(a=per_rol(LOGIN, 403, 403, 403, 200)),  # CSV, GET only
    # --- e-mail (issue 13): own setting; the outbox is beheer, bound to no gemeente --------
    "mijn_instellingen": Regel(
        a=IEDEREEN, reden_geen_post="eigen instelling, geen gemeente (test_mail_schermen.py)"
    ),
    "uitgaande_email": Regel(a=BEHEER_SCHERM),
    "uitgaande_email_detail": Regel(
        kwargs=lambda d: {"pk": d.emailbericht.pk}, a=BEHEER_SCHERM, b=BEHEER_SCHERM
    ),
    "uitgaande_email_opnieuw": Regel(
        kwargs=lambda d: {"pk": d.emailbericht.pk},
        a=ALLEEN_POST,
        b=ALLEEN_POST,
        reden_geen_post="beheer, geen gemeente (tests/samenwerking/test_mail_schermen.py)",
    ),
    "gemeente_spreekuren": Regel(
        kwargs=lambda d: {"pk": d.gemeente.pk},
        a=SPREEKUUR_A,
        b=SPREEKUUR_B,
        post=lambda d, w: {"weekdag": "4", "van": "13:00", "tot": "15:00", "locatie": "Wijkhuis"},
    ),
    "spreekuur_verwijder": Regel(
        kwargs=lambda d: {"pk": d.gemeente.pk, "spreekuur_pk": d.spreekuur.pk},
        a=ALLEEN_POST,
        b=ALLEEN_POST,
        post=lambda d, w: {},
    ),
    # --- trajecten -----------------------------------------------------------------------------
    "werkvoorraad": Regel(a=DOSSIERROL),
    "signaleringen": Regel(a=DOSSIERROL),
    "signaleringen_gelezen": Regel(
        a=ALLEEN_POST,
        reden_geen_post="alles gelezen: alleen de eigen signaleringen (en die van het team) van "
        "wie post, geen object in de URL (tests/trajecten/test_werk_vinden.py)",
    ),
    "signalering_gelezen": Regel(
        kwargs=lambda d: {"pk": d.signalering.pk},
        a=ALLEEN_POST,
        b=ALLEEN_POST,
        post=lambda d, w: {"gelezen": "1"},
    ),
    "traject_aanmelden": Regel(
        a=DOSSIERROL,
        post=lambda d, w: {
            "klant": d.klant_vrij.pk,
            "datum": vandaag(),
            "kanaal": "wijkteam",
            "behandelaar": d.regisseur.pk,
            "vaste_contactpersoon": "stadsbank",
        },
        post_b=200,  # B's klant is no choice in the form
    ),
    "traject_detail": Regel(kwargs=lambda d: {"pk": d.traject.pk}, b=DOSSIER_B),
    "traject_overgang": Regel(
        kwargs=lambda d: {"pk": d.traject.pk, "naam": "bereik_financiele_rust"},
        a=ALLEEN_POST,
        b=ALLEEN_POST,
        post=lambda d, w: met_prefix("stap-bereik_financiele_rust", **stap(d), **RUSTPUNTEN),
    ),
    "traject_product_start": Regel(
        kwargs=lambda d: {"pk": d.traject.pk},
        a=ALLEEN_POST,
        b=ALLEEN_POST,
        post=lambda d, w: met_prefix("product-nieuw", **stap(d, soort="Budgetcoaching")),
    ),
    "traject_product_einde": Regel(
        kwargs=lambda d: {"pk": d.traject.pk, "product_pk": d.product.pk},
        a=ALLEEN_POST,
        b=ALLEEN_POST,
        post=lambda d, w: {
            **met_prefix(f"product-{d.product.pk}", **stap(d, resultaat="klaar")),
            "bevestigd": "1",  # ending a product cannot be undone: confirmed (bevestigen.py)
        },
    ),
    "traject_schuldregeling": Regel(
        kwargs=lambda d: {"pk": d.traject.pk, "product_pk": d.product.pk},
        a=ALLEEN_POST,
        b=ALLEEN_POST,
        post=lambda d, w: met_prefix(f"schuldregeling-{d.product.pk}", **stap(d, stap="dien_in")),
    ),
    "traject_crisis_start": Regel(
        kwargs=lambda d: {"pk": d.traject.pk},
        a=ALLEEN_POST,
        b=ALLEEN_POST,
        post=lambda d, w: met_prefix("crisis-nieuw", **stap(d, soort="afsluiting")),
    ),
    "traject_crisis_af": Regel(
        kwargs=lambda d: {"pk": d.traject.pk, "interventie_pk": d.crisis.pk},
        a=ALLEEN_POST,
        b=ALLEEN_POST,
        post=lambda d, w: met_prefix(
            f"crisis-{d.crisis.pk}", **stap(d, voorkomen="on", resultaat="Voorkomen")
        ),
    ),
    # --- the people on a traject and the team lead's screen (issue 13) -----------------------
    "traject_behandelaar": Regel(
        kwargs=lambda d: {"pk": d.traject.pk},
        a=ALLEEN_POST,
        b=ALLEEN_POST,
        post=lambda d, w: met_prefix(
            "behandelaar", versie=versie(d), persoon="niemand", reden="Verlof"
        ),
    ),
    "traject_contactpersoon": Regel(
        kwargs=lambda d: {"pk": d.traject.pk},
        a=ALLEEN_POST,
        b=ALLEEN_POST,
        post=lambda d, w: met_prefix(
            "contactpersoon", versie=versie(d), persoon=d.consulent.pk, reden="Wijkteam"
        ),
        als="consulent",  # the gemeente names its contactpersoon
    ),
    "traject_vaste_contactpersoon": Regel(
        kwargs=lambda d: {"pk": d.traject.pk},
        a=ALLEEN_POST,
        b=ALLEEN_POST,
        post=lambda d, w: met_prefix(
            "vaste-contactpersoon", versie=versie(d), partij="gemeente", reden="Wens klant"
        ),
    ),
    "team_kies": Regel(a=DOSSIERROL),
    "team_verdelen": Regel(
        kwargs=lambda d: {"pk": d.gemeente.pk},
        b=DOSSIER_B,
        post=lambda d, w: {
            "van": d.regisseur.pk,
            "trajecten": [d.traject.pk],
            "naar": "niemand",
            "reden": "Werk verdelen",
        },
    ),
    "traject_moratorium": Regel(
        kwargs=lambda d: {"pk": d.traject.pk},
        a=ALLEEN_POST,
        b=ALLEEN_POST,
        post=lambda d, w: met_prefix("moratorium", versie=versie(d), aanvraagdatum=vandaag()),
    ),
    "traject_klok_opschorten": Regel(
        kwargs=lambda d: {"pk": d.traject.pk, "klok_pk": d.klok.pk},
        a=ALLEEN_POST,
        b=ALLEEN_POST,
        post=lambda d, w: met_prefix(
            f"opschort-{d.klok.pk}", versie=versie(d), van=vandaag(), reden="Papieren"
        ),
    ),
    "traject_klok_hervatten": Regel(
        kwargs=lambda d: {"pk": d.traject.pk, "klok_pk": d.klok_opgeschort.pk},
        a=ALLEEN_POST,
        b=ALLEEN_POST,
        post=lambda d, w: met_prefix(
            f"hervat-{d.klok_opgeschort.pk}", versie=versie(d), tot=vandaag()
        ),
    ),
    # --- pakket: maatwerk per traject and tasks settled per traject (issue 12) ---------------
    # Only the klantregisseur proposes (the gate's 403 for the consulent of A).
    "maatwerk_voorstellen": Regel(
        kwargs=lambda d: {"pk": d.traject.pk},
        a=per_rol(LOGIN, 200, 403, 403, 403),
        b=DOSSIER_B,
        post=lambda d, w: {
            "versie": versie(d),
            "soort": "afschalen",
            "taken": ["post_screenen"],
            "van": vandaag(),
            "evaluatie_op": "2040-01-01",
            "reden": "Kan het weer zelf",
        },
    ),
    "maatwerk_beoordelen": Regel(
        kwargs=lambda d: {"pk": d.maatwerk.pk},
        a=ALLEEN_POST,
        b=ALLEEN_POST,
        post=lambda d, w: met_prefix(f"maatwerk-{d.maatwerk.pk}-beoordelen", stap="goedkeuren"),
        als="consulent",  # the gemeente decides
    ),
    "maatwerk_intrekken": Regel(
        kwargs=lambda d: {"pk": d.maatwerk.pk}, a=ALLEEN_POST, b=ALLEEN_POST, post=lambda d, w: {}
    ),
    "maatwerk_beeindigen": Regel(
        kwargs=lambda d: {"pk": d.maatwerk_goedgekeurd.pk},
        a=ALLEEN_POST,
        b=ALLEEN_POST,
        post=lambda d, w: met_prefix(
            f"maatwerk-{d.maatwerk_goedgekeurd.pk}-beeindigen", reden="Doel bereikt"
        ),
    ),
    # Ontzorging leaves nothing in overleg: A's POST is refused on the page (200, nothing
    # written); tests/pakket/test_maatwerk_schermen.py settles a task for real.
    "traject_taak_afspreken": Regel(
        kwargs=lambda d: {"pk": d.traject.pk},
        a=ALLEEN_POST,
        b=ALLEEN_POST,
        post=lambda d, w: met_prefix(
            "taak-afspreken", versie=versie(d), taak="schuldenoverzicht", partij="gemeente"
        ),
        post_a=200,
        post_a_schrijft=False,
    ),
    # --- samenwerking: warme overdracht (issue 13) --------------------------------------------
    # The world's traject has an open overdracht of the consulent: a second one is refused on
    # the page (200, nothing written), as is an answer while no question waits;
    # tests/samenwerking sends and answers for real.
    "overdracht_versturen": Regel(
        kwargs=lambda d: {"pk": d.traject.pk},
        a=ALLEEN_POST,
        b=ALLEEN_POST,
        post=lambda d, w: met_prefix(
            "overdracht-nieuw", versie=versie(d), situatie="Huurachterstand, klant werkt mee"
        ),
        post_a=200,
        post_a_schrijft=False,
        als="consulent",
    ),
    "overdracht_accepteren": Regel(
        kwargs=lambda d: {"pk": d.overdracht.pk},
        a=ALLEEN_POST,
        b=ALLEEN_POST,
        post=lambda d, w: met_prefix(f"overdracht-{d.overdracht.pk}-accepteren", versie=versie(d)),
    ),
    "overdracht_vraag": Regel(
        kwargs=lambda d: {"pk": d.overdracht.pk},
        a=ALLEEN_POST,
        b=ALLEEN_POST,
        post=lambda d, w: met_prefix(
            f"overdracht-{d.overdracht.pk}-vraag", versie=versie(d), vraag="Is er beslag?"
        ),
    ),
    "overdracht_antwoord": Regel(
        kwargs=lambda d: {"pk": d.overdracht.pk},
        a=ALLEEN_POST,
        b=ALLEEN_POST,
        post=lambda d, w: met_prefix(
            f"overdracht-{d.overdracht.pk}-antwoord", versie=versie(d), antwoord="Nee"
        ),
        post_a=200,
        post_a_schrijft=False,
        als="consulent",
    ),
    # --- vroegsignalering ----------------------------------------------------------------------
    "vroegsignalen": Regel(a=DOSSIERROL),
    "vroegsignaal_zaak": Regel(kwargs=lambda d: {"pk": d.zaak.pk}, b=DOSSIER_B),
    "vroegsignaal_contactpoging": Regel(
        kwargs=lambda d: {"pk": d.zaak.pk},
        a=ALLEEN_POST,
        b=ALLEEN_POST,
        post=lambda d, w: {
            "soort": "telefoon",
            "datum": vandaag(),
            "dagdeel": "ochtend",
            "bereikt": "nee",
        },
    ),
    "vroegsignaal_omzetten": Regel(
        kwargs=lambda d: {"pk": d.zaak.pk}, b=DOSSIER_B, post=omzetgegevens
    ),
    "vroegsignaal_sluiten": Regel(
        kwargs=lambda d: {"pk": d.zaak.pk},
        b=DOSSIER_B,
        post=lambda d, w: {"reden": "zelf_opgelost", "datum": vandaag()},
    ),
    "vroegsignaal_lijsten": Regel(a=DOSSIERROL, post=signalen_csv, post_b=200),
    "vroegsignaal_lijst": Regel(kwargs=lambda d: {"pk": d.lijst.pk}, b=DOSSIER_B),
    "vroegsignaal_lijst_status": Regel(kwargs=lambda d: {"pk": d.lijst.pk}, b=DOSSIER_B),
    "vroegsignaal_lijst_bevestigen": Regel(
        kwargs=lambda d: {"pk": d.lijst.pk}, a=ALLEEN_POST, b=ALLEEN_POST, post=lambda d, w: {}
    ),
    "vroegsignaal_lijst_annuleren": Regel(
        kwargs=lambda d: {"pk": d.lijst.pk}, a=ALLEEN_POST, b=ALLEEN_POST, post=lambda d, w: {}
    ),
    # The partner API: a token, no session (test_fuzz.py and tests/vroegsignalering/).
    "api_vroegsignalen": Regel(
        a=per_rol(405, 405, 405, 405, 405),
        reden_geen_post="token van een signaalpartner, geen gebruiker (tests/vroegsignalering)",
    ),
    "api_openapi": Regel(a=per_rol(200, 200, 200, 200, 200)),
    # The DDAS delivery API: POST only, a token and a signature, no session
    # (tests/rapportage/ddas_api); GET is FSC's 405 for everyone, the afnemer too.
    "ddas_api_token": Regel(
        a=per_rol(405, 405, 405, 405, 405),
        reden_geen_post="OAuth2-tokenendpoint (client credentials), geen sessie",
    ),
    "ddas_api_shv": Regel(
        a=per_rol(405, 405, 405, 405, 405),
        reden_geen_post="token en handtekening van een afnemer (tests/rapportage/ddas_api)",
    ),
    "ddas_api_vs": Regel(
        a=per_rol(405, 405, 405, 405, 405),
        reden_geen_post="token en handtekening van een afnemer (tests/rapportage/ddas_api)",
    ),
    # --- klantplan -----------------------------------------------------------------------------
    "klantplan:klantplan": Regel(kwargs=t, b=DOSSIER_B),
    # Both refuse on A (there is a plan; v2 is still a concept): a redirect with a message.
    "klantplan:klantplan_maak": Regel(
        kwargs=t, a=ALLEEN_POST, b=ALLEEN_POST, post=lambda d, w: {}, post_a_schrijft=False
    ),
    "klantplan:nieuwe_versie": Regel(
        kwargs=t, a=ALLEEN_POST, b=ALLEEN_POST, post=lambda d, w: {}, post_a_schrijft=False
    ),
    "klantplan:vergelijk": Regel(kwargs=t, b=DOSSIER_B),
    "klantplan:monitoring_nieuw": Regel(
        kwargs=t,
        a=STADSBANK_A,
        b=DOSSIER_B,
        post=lambda d, w: {"datum": vandaag(), "doelen_gehaald": "deels", "schaal": "gelijk"},
    ),
    "klantplan:klantplan_versie": Regel(kwargs=v, b=DOSSIER_B),
    "klantplan:klantplan_wijzig": Regel(
        kwargs=v, a=STADSBANK_A, b=DOSSIER_B, post=lambda d, w: {"hulpvraag": "Nieuwe hulpvraag"}
    ),
    "klantplan:vaststellen": Regel(
        kwargs=v,
        a=STADSBANK_A,
        b=DOSSIER_B,
        post=lambda d, w: {"datum": vandaag(), "besproken_met_klant": "on"},
    ),
    "klantplan:doel_nieuw": Regel(
        kwargs=v,
        a=STADSBANK_A,
        b=DOSSIER_B,
        post=lambda d, w: {"klanttekst": "Nieuw doel", "status": "open"},
    ),
    "klantplan:doel_wijzig": Regel(
        kwargs=lambda d: v(d, pk=d.doel.pk),
        a=STADSBANK_A,
        b=DOSSIER_B,
        post=lambda d, w: {"klanttekst": "Gewijzigd doel", "status": "open"},
    ),
    "klantplan:doel_verwijder": Regel(
        kwargs=lambda d: v(d, pk=d.doel.pk),
        a=ALLEEN_POST,
        b=ALLEEN_POST,
        post=lambda d, w: {"bevestigd": "1"},
    ),
    "klantplan:doel_status": Regel(
        kwargs=lambda d: v(d, pk=d.doel.pk),
        a=ALLEEN_POST,
        b=ALLEEN_POST,
        post=lambda d, w: {"status": "gehaald"},
    ),
    "klantplan:actie_nieuw": Regel(
        kwargs=v,
        a=STADSBANK_A,
        b=DOSSIER_B,
        post=lambda d, w: {"soort": "klant", "klanttekst": "Nieuwe actie"},
    ),
    "klantplan:actie_wijzig": Regel(
        kwargs=lambda d: t(d, pk=d.actie.pk),
        a=STADSBANK_A,
        b=DOSSIER_B,
        post=lambda d, w: {"soort": "klant", "klanttekst": "Gewijzigde actie"},
    ),
    "klantplan:actie_verwijder": Regel(
        kwargs=lambda d: t(d, pk=d.actie.pk),
        a=ALLEEN_POST,
        b=ALLEEN_POST,
        post=lambda d, w: {"bevestigd": "1"},
    ),
    "klantplan:actie_gedaan": Regel(
        kwargs=lambda d: t(d, pk=d.actie.pk),
        a=ALLEEN_POST,
        b=ALLEEN_POST,
        post=lambda d, w: {"gedaan": "1"},
    ),
    "klantplan:schulden": Regel(kwargs=t, b=DOSSIER_B),
    # The household (issue 15): a page of the dossier; its writes follow the package task
    # "informatie verzamelen" (Ontzorging in A: the Stadsbank).
    "huishouden:huishouden": Regel(kwargs=t, b=DOSSIER_B),
    "huishouden:budget": Regel(kwargs=t, b=DOSSIER_B),
    "huishouden:budget_post": Regel(
        kwargs=t,
        a=ALLEEN_POST,
        b=ALLEEN_POST,
        post=lambda d, w: {"soort": "uitkering", "van": "klant", "bedrag": "1.250,00"},
    ),
    "huishouden:budget_post_verwijderen": Regel(
        kwargs=lambda d: t(d, pk=d.budgetpost.pk),
        a=ALLEEN_POST,
        b=ALLEEN_POST,
        post=lambda d, w: {},
    ),
    "huishouden:budget_vaststellen": Regel(
        kwargs=t, a=ALLEEN_POST, b=ALLEEN_POST, post=lambda d, w: {}
    ),
    "huishouden:partner": Regel(
        kwargs=t,
        a=ALLEEN_POST,
        b=ALLEEN_POST,
        post=lambda d, w: {
            "bsn": "111222333",
            "voornamen": "Sanne",
            "achternaam": "Partner",
            "geboortedatum": "4-3-1985",
        },
    ),
    "huishouden:partner_ontkoppelen": Regel(
        kwargs=t, a=ALLEEN_POST, b=ALLEEN_POST, post=lambda d, w: {"bevestigd": "1"}
    ),
    "huishouden:huisgenoot": Regel(
        kwargs=t,
        a=ALLEEN_POST,
        b=ALLEEN_POST,
        post=lambda d, w: {"soort": "kind", "geboortejaar": "2015"},
    ),
    "huishouden:huisgenoot_verwijderen": Regel(
        kwargs=lambda d: t(d, pk=d.huisgenoot.pk),
        a=ALLEEN_POST,
        b=ALLEEN_POST,
        post=lambda d, w: {},
    ),
    "klantplan:schuld_nieuw": Regel(kwargs=t, a=STADSBANK_A, b=DOSSIER_B, post=schuldgegevens),
    "klantplan:schulden_import": Regel(kwargs=t, a=STADSBANK_A, b=DOSSIER_B, post=schulden_csv),
    "klantplan:schulden_voorbeeld": Regel(kwargs=t, b=DOSSIER_B),
    "klantplan:schuld_rij": Regel(kwargs=lambda d: t(d, pk=d.schuld.pk), b=DOSSIER_B),
    "klantplan:schuld_wijzig": Regel(
        kwargs=lambda d: t(d, pk=d.schuld.pk), a=STADSBANK_A, b=DOSSIER_B, post=schuldgegevens
    ),
    "klantplan:schuld_verwijder": Regel(
        kwargs=lambda d: t(d, pk=d.schuld_los.pk),
        a=ALLEEN_POST,
        b=ALLEEN_POST,
        post=lambda d, w: {"bevestigd": "1"},
    ),
    "klantplan:schuldeisers": Regel(
        a=DOSSIERROL, reden_geen_post="één register voor alle gemeenten (geen dossier)"
    ),
    "klantplan:voorstellen": Regel(
        kwargs=t,
        b=DOSSIER_B,
        post=lambda d, w: {
            "soort": "schuldregeling",
            "aflosruimte": "50,00",
            "reden_afwijking": "Afgesproken met de klant",  # the budget gives another amount
            "looptijd_maanden": "18",
            "preferent_factor": "2",
        },
    ),
    "klantplan:voorstel": Regel(kwargs=lambda d: t(d, pk=d.voorstel.pk), b=DOSSIER_B),
    "klantplan:documenten": Regel(kwargs=t, b=DOSSIER_B),
    "klantplan:document_maak": Regel(
        kwargs=t, a=ALLEEN_POST, b=ALLEEN_POST, post=lambda d, w: {"soort": "dos_en_donts"}
    ),
    "klantplan:actielijst_mail": Regel(
        kwargs=t, a=ALLEEN_POST, b=ALLEEN_POST, post=lambda d, w: {"gesprek": d.gesprek.pk}
    ),
    "klantplan:document_download": Regel(kwargs=lambda d: t(d, pk=d.document.pk), b=DOSSIER_B),
    "klantplan:gesprekken": Regel(kwargs=t, b=DOSSIER_B),
    "klantplan:gesprek_nieuw": Regel(
        kwargs=t,
        b=DOSSIER_B,
        post=lambda d, w: {"soort": "extra_gesprek", "datum": vandaag(), "deelnemers": "klant"},
    ),
    "klantplan:gesprek": Regel(kwargs=lambda d: t(d, pk=d.gesprek.pk), b=DOSSIER_B),
    "klantplan:gesprek_actie": Regel(  # an intakegesprek: informatie verzamelen (Stadsbank)
        kwargs=lambda d: t(d, pk=d.gesprek.pk),
        a=STADSBANK_A,
        b=DOSSIER_B,
        post=lambda d, w: {"soort": "klant", "klanttekst": "Afspraak"},
    ),
    "klantplan:afstemmingen": Regel(kwargs=t, b=DOSSIER_B),
    "klantplan:afstemming_nieuw": Regel(
        kwargs=t,
        b=DOSSIER_B,
        post=lambda d, w: {"soort": "signaal", "datum": vandaag(), "bericht": "Zorg"},
    ),
    "klantplan:afstemming_beantwoorden": Regel(  # addressed to the gemeente: it answers
        kwargs=lambda d: t(d, pk=d.afstemming.pk),
        a=ALLEEN_POST,
        b=ALLEEN_POST,
        post=lambda d, w: {"antwoord": "Wij pakken het op."},
        als="consulent",
    ),
    "klantplan:klachten": Regel(kwargs=t, b=DOSSIER_B),
    "klantplan:klacht_nieuw": Regel(
        kwargs=t,
        b=DOSSIER_B,
        post=lambda d, w: {"soort": "klacht", "datum": vandaag(), "onderwerp": "Wachttijd"},
    ),
    "klantplan:klacht_afhandelen": Regel(
        kwargs=lambda d: t(d, pk=d.klacht.pk),
        b=DOSSIER_B,
        post=lambda d, w: {"uitkomst": "gegrond", "afgehandeld_op": vandaag()},
    ),
    # --- papieren (voorlegger, issue 16): A is Ontzorging, so the Stadsbank gathers the
    # information (asks, uploads, judges); the consulent reads and downloads.
    "papieren:papieren": Regel(kwargs=t, b=DOSSIER_B),
    "papieren:vragen": Regel(
        kwargs=t,
        a=ALLEEN_POST,
        b=ALLEEN_POST,
        post=lambda d, w: {"soort": _papiersoort("post"), "omschrijving": "Brief van CJIB"},
    ),
    "papieren:uploaden": Regel(
        kwargs=lambda d: t(d, pk=d.stuk.pk),
        a=ALLEEN_POST,
        b=ALLEEN_POST,
        post=lambda d, w: {"bestanden": pdf()},
    ),
    "papieren:beoordelen": Regel(
        kwargs=lambda d: t(d, pk=d.stuk.pk),
        a=ALLEEN_POST,
        b=ALLEEN_POST,
        post=lambda d, w: {"oordeel": "af", "reden": "Onleesbaar"},
    ),
    "papieren:downloaden": Regel(
        kwargs=lambda d: t(d, pk=d.stuk.pk, bestand_pk=d.stuk.bestanden.get().pk), b=DOSSIER_B
    ),
    # --- pakket: dienstverleningsafspraken ------------------------------------------------------
    "gemeente_afspraken": Regel(kwargs=lambda d: {"pk": d.gemeente.pk}, a=IEDEREEN, b=AFSPRAAK_B),
    "afspraak_nieuw": Regel(
        kwargs=lambda d: {"pk": d.gemeente.pk},
        a=AFSPRAAK_A,
        b=AFSPRAAK_B,
        post=lambda d, w: {
            "pakket": "basis",
            "geldig_van": "2041-01-01",
            "prijs_per_traject": "1.250,00",
            "keuze_opmaat_tot_uitstroom": "overleg",
        },
        als="contractmanager",
    ),
    "afspraak_wijzig": Regel(
        kwargs=lambda d: {"pk": d.concept.pk},
        a=AFSPRAAK_A,
        b=AFSPRAAK_B,
        post=lambda d, w: {"pakket": "ontzorging", "geldig_van": "2040-02-01", "opmerking": "Nu"},
        als="contractmanager",
    ),
    "afspraak_vaststellen": Regel(
        kwargs=lambda d: {"pk": d.concept.pk},
        a=AFSPRAAK_A,
        b=AFSPRAAK_B,
        post=vaststellen,
        als="contractmanager",
    ),
    "afspraak_intrekken": Regel(
        kwargs=lambda d: {"pk": d.concept.pk},
        a=ALLEEN_POST,
        b=ALLEEN_POST,
        post=lambda d, w: {f"intrekken-{d.concept.pk}-reden": "Toch niet"},
        als="contractmanager",
    ),
    # --- schuldregeling: overzicht (the klantregisseur's screen; issue 14) ---------------------
    # Reading: the dossier's own people (consulent too); writing: the klantregisseur. The
    # world's regeling already exists (a second is refused on the page: 200, nothing saved);
    # its creditor waits on the saldoverzoek, so a statusverzoek and an incoming
    # statusbericht are accepted; the world's voorstel can be chosen.
    "schuldregeling:traject": Regel(kwargs=lambda d: {"pk": d.traject.pk}, b=DOSSIER_B),
    "schuldregeling:openen": Regel(
        kwargs=lambda d: {"pk": d.traject.pk},
        a=ALLEEN_POST,
        b=ALLEEN_POST,
        post=lambda d, w: {"product": d.product.pk, f"openen-{d.product.pk}-peildatum": vandaag()},
        post_a=200,
        post_a_schrijft=False,
    ),
    "schuldregeling:regeling": Regel(kwargs=lambda d: {"pk": d.regeling.pk}, b=DOSSIER_B),
    "schuldregeling:versturen": Regel(
        kwargs=lambda d: {"pk": d.regeling.pk},
        a=ALLEEN_POST,
        b=ALLEEN_POST,
        post=lambda d, w: {
            "versie": regelingversie(d),
            "actie": "statusverzoek",
            "schuldeisers": [d.onderhandeling.pk],
        },
    ),
    "schuldregeling:voorstel_kiezen": Regel(
        kwargs=lambda d: {"pk": d.regeling.pk},
        a=ALLEEN_POST,
        b=ALLEEN_POST,
        post=lambda d, w: {"versie": regelingversie(d), "voorstel": d.voorstel.pk},
    ),
    "schuldregeling:schuldeiser": Regel(kwargs=lambda d: {"pk": d.onderhandeling.pk}, b=DOSSIER_B),
    "schuldregeling:vastleggen": Regel(
        kwargs=lambda d: {"pk": d.onderhandeling.pk, "naam": "status"},
        a=ALLEEN_POST,
        b=ALLEEN_POST,
        post=lambda d, w: {
            "versie": regelingversie(d),
            **met_prefix(
                "status",
                datum=vandaag(),
                kanaal="telefoon",
                soort="statusbericht",
                tekst="Incasso gestopt",
            ),
        },
    ),
    "schuldregeling:bericht_pdf": Regel(kwargs=lambda d: {"pk": d.portaalbericht.pk}, b=DOSSIER_B),
    # --- schuldregeling: brieven (the print batch; issue 14) ----------------------------------
    # Klantregisseurs only (they send the letters), for their own gemeenten; another
    # gemeente as ?gemeente= is a 404 (tests/schuldregeling/test_brieven_printbatch.py). A
    # day is no object of a gemeente: A and B ask the same day (no letters in the world on
    # 2020-01-02: back to the list with a message).
    "schuldregeling:printbatch": Regel(a=DDAS),
    "schuldregeling:printbatch_pdf": Regel(
        kwargs=lambda d: {"dag": "2020-01-02"},
        a=per_rol(LOGIN, Naar("/schuldregeling/brieven/"), 403, 403, 403),
        b=per_rol(LOGIN, Naar("/schuldregeling/brieven/"), 403, 403, 403),
    ),
    # --- schuldregeling: rechter (dwangakkoord, Wsnp, uitspraak; issue 14) ----------------------
    # The world's regeling has one creditor not yet written to: each request is refused by
    # the gate's data check (page again with the reason, 200, nothing saved); B's: 404.
    "schuldregeling:rechter": Regel(kwargs=lambda d: {"pk": d.regeling.pk}, b=DOSSIER_B),
    "schuldregeling:dwangakkoord_bundel": Regel(
        kwargs=lambda d: {"pk": d.regeling.pk},
        a=ALLEEN_POST,
        b=ALLEEN_POST,
        post=lambda d, w: {"versie": regelingversie(d)},
        post_a=200,
        post_a_schrijft=False,
    ),
    "schuldregeling:wsnp_verzoek": Regel(
        kwargs=lambda d: {"pk": d.regeling.pk},
        a=ALLEEN_POST,
        b=ALLEEN_POST,
        post=lambda d, w: {"versie": regelingversie(d)},
        post_a=200,
        post_a_schrijft=False,
    ),
    "schuldregeling:uitspraak": Regel(
        kwargs=lambda d: {"pk": d.regeling.pk},
        a=ALLEEN_POST,
        b=ALLEEN_POST,
        post=lambda d, w: {
            "versie": regelingversie(d),
            "uitkomst": "wsnp_afgewezen",
            "datum": vandaag(),
        },
        post_a=200,
        post_a_schrijft=False,
    ),
    # --- schuldregeling: schuldeiserportaal (issue 14) -----------------------------------------
    # The link is the credential (a signed, expiring, single-use token; no account): whoever
    # holds A's or B's link gets its page, logged in or not. Another dossier's letter under
    # a token, a tampered, expired or used token, a POST with another negotiation's id:
    # test_url_wandeling.py (test_portaal_*) and tests/schuldregeling/test_portaal.py.
    "schuldregeling:portaal": Regel(
        kwargs=lambda d: {"token": d.portaaltoken},
        a=LINKHOUDER,
        b=LINKHOUDER,
        reden_geen_post="de link is het recht, niet de gemeente: test_portaal_* in "
        "test_url_wandeling.py POST met de token van A en een id van B",
    ),
    "schuldregeling:portaal_bericht": Regel(
        kwargs=lambda d: {"token": d.portaaltoken, "pk": d.portaalbericht.pk},
        a=LINKHOUDER,
        b=LINKHOUDER,
    ),
    # --- the survey at uitstroom (issue 19, ADR 0029): the link is the right, as above ------
    "tevredenheid:vragenlijst": Regel(
        kwargs=lambda d: {"token": d.tevredenheidstoken},
        a=LINKHOUDER,
        b=LINKHOUDER,
        reden_geen_post="de link is het recht, niet de gemeente; invullen, twee keer invullen, "
        "verlopen en een vervalste link: tests/tevredenheid/test_tevredenheid.py",
    ),
    # --- schuldregeling: lopend (the running regeling, the bank statement; issue 14) ----------
    # The world's regeling is still in onderhandeling: start, payment, toets and kwijting are
    # refused by the gate's data check (the page again with the reason, 200, nothing saved);
    # a premature end is allowed from onderhandeling, so that POST on A writes. B's: 404.
    # With a running regeling: tests/schuldregeling/test_lopend_schermen.py.
    "schuldregeling:lopend_starten": Regel(
        kwargs=lambda d: {"pk": d.regeling.pk},
        a=STADSBANK_A,
        b=DOSSIER_B,
        post=lambda d, w: {
            "versie": regelingversie(d),
            "startdatum": vandaag(),
            "iban_klant": "NL91ABNA0417164300",
        },
        post_a=200,
        post_a_schrijft=False,
    ),
    "schuldregeling:lopend_betalingen": Regel(
        kwargs=lambda d: {"pk": d.regeling.pk},
        b=DOSSIER_B,
        post=lambda d, w: {
            "versie": regelingversie(d),
            "actie": "ontvangst",
            "ontvangst-datum": vandaag(),
            "ontvangst-bedrag": "150,00",
        },
        post_a=200,
        post_a_schrijft=False,
    ),
    "schuldregeling:lopend_schema": Regel(kwargs=lambda d: {"pk": d.regeling.pk}, b=DOSSIER_B),
    "schuldregeling:lopend_toets": Regel(
        kwargs=lambda d: {"pk": d.regeling.pk},
        a=STADSBANK_A,
        b=DOSSIER_B,
        post=lambda d, w: {
            "versie": regelingversie(d),
            "datum": vandaag(),
            "inkomen_gewijzigd": "nee",
        },
        post_a=200,
        post_a_schrijft=False,
    ),
    "schuldregeling:lopend_kwijting": Regel(
        kwargs=lambda d: {"pk": d.regeling.pk},
        a=STADSBANK_A,
        b=DOSSIER_B,
        post=lambda d, w: {"versie": regelingversie(d), "datum": vandaag()},
        post_a=200,
        post_a_schrijft=False,
    ),
    "schuldregeling:lopend_beeindigen": Regel(
        kwargs=lambda d: {"pk": d.regeling.pk},
        a=STADSBANK_A,
        b=DOSSIER_B,
        post=lambda d, w: {
            "versie": regelingversie(d),
            "datum": vandaag(),
            "reden": "De klant ziet af van de regeling",
        },
    ),
    # The bank statement holds lines of every gemeente: no object in the URL. Uploading only
    # keeps the file for the preview (nothing booked); a line of another gemeente's regeling
    # is listed as not bookable (tests/schuldregeling/test_bankimport_schermen.py). Without an
    # upload in the session the preview sends back to the upload page.
    "schuldregeling:bankafschrift": Regel(
        a=DDAS,
        post=lambda d, w: {
            "bestand": SimpleUploadedFile(
                "afschrift.csv",
                f"datum;bedrag;tegenrekening;omschrijving;transactie-id\n"
                f"{vandaag()};150,00;NL91ABNA0417164300;Reservering;W-{d.gemeente.pk}\n".encode(),
                "text/csv",
            )
        },
        post_b=302,
        post_a_schrijft=False,
    ),
    "schuldregeling:bankafschrift_voorbeeld": Regel(
        a=per_rol(LOGIN, Naar("/schuldregeling/bankafschrift/"), 403, 403, 403)
    ),
    # --- rapportage ----------------------------------------------------------------------------
    "rapportages": Regel(a=RAPPORT_A),
    "rapportage_aanvragen": Regel(
        a=ALLEEN_POST,
        post=lambda d, w: {
            "gemeente": d.gemeente.pk,
            "kwartaal": Kwartaal.van_datum(timezone.localdate()).vorige().code,
        },
        post_b=422,  # B is no choice in the form
        als="contractmanager",
    ),
    "rapportage_detail": Regel(kwargs=lambda d: {"pk": d.rapportage.pk}, a=RAPPORT_A, b=RAPPORT_B),
    # The dashboard (issue 19): contractmanager and beheerder; the gemeente is a GET choice
    # that the form limits (tests/rapportage/test_dashboard.py).
    "rapportage_dashboard": Regel(a=per_rol(LOGIN, 403, 403, 200, 200)),
    "rapportage_abonneren": Regel(
        a=ALLEEN_POST,
        post=lambda d, w: {"gemeente": d.gemeente.pk, "aan": "1"},
        als="contractmanager",
    ),
    # Only the contractmanager records the meeting; the beheerder reads B's report, then the
    # gate refuses (403); the others do not find B's report.
    "rapportage_kwartaalgesprek": Regel(
        kwargs=lambda d: {"pk": d.rapportage.pk},
        a=per_rol(LOGIN, 403, 403, 200, 403),
        b=per_rol(LOGIN, 404, 404, 404, 403),
        post=lambda d, w: {
            "datum": vandaag(),
            "aanwezigen": "Gemeente en Stadsbank",
            "actie-TOTAL_FORMS": "1",
            "actie-INITIAL_FORMS": "0",
            "actie-0-omschrijving": "Cijfers toelichten",
            "actie-0-eigenaar": "Stadsbank",
            "actie-0-deadline": vandaag(),
        },
        als="contractmanager",
    ),
    # Changing the meeting (issue 19): as recording it; the gate also refuses once the next
    # version exists (tests/rapportage/test_kwartaalgesprek_wijzigen.py).
    "rapportage_kwartaalgesprek_wijzigen": Regel(
        kwargs=lambda d: {"pk": d.kwartaalactie.gesprek_id},
        a=per_rol(LOGIN, 403, 403, 200, 403),
        b=per_rol(LOGIN, 404, 404, 404, 403),
        post=lambda d, w: {
            "datum": vandaag(),
            "aanwezigen": "Gemeente en Stadsbank",
            "actie-TOTAL_FORMS": "1",
            "actie-INITIAL_FORMS": "1",
            "actie-0-id": d.kwartaalactie.pk,
            "actie-0-omschrijving": "Cijfers toelichten aan de raad",
            "actie-0-eigenaar": "Stadsbank",
            "actie-0-deadline": vandaag(),
        },
        als="contractmanager",
    ),
    "rapportage_actie_afronden": Regel(
        kwargs=lambda d: {"pk": d.kwartaalactie.pk},
        a=ALLEEN_POST,
        b=ALLEEN_POST,
        post=lambda d, w: {"afgerond": "1"},
        als="contractmanager",
    ),
    "rapportage_voortgang": Regel(
        kwargs=lambda d: {"pk": d.rapportage.pk}, a=RAPPORT_A, b=RAPPORT_B
    ),
    # A report that hangs: retry (hand it to the broker again) or cancel; contractmanager.
    "rapportage_opnieuw_proberen": Regel(
        kwargs=lambda d: {"pk": d.rapportage_bezig.pk},
        a=ALLEEN_POST,
        b=ALLEEN_POST,
        post=lambda d, w: {},
        als="contractmanager",
    ),
    "rapportage_annuleren": Regel(
        kwargs=lambda d: {"pk": d.rapportage_bezig.pk},
        a=ALLEEN_POST,
        b=ALLEEN_POST,
        post=lambda d, w: {},
        als="contractmanager",
    ),
    "rapportage_pdf": Regel(kwargs=lambda d: {"pk": d.rapportage.pk}, a=RAPPORT_A, b=RAPPORT_B),
    "rapportage_csv": Regel(kwargs=lambda d: {"pk": d.rapportage.pk}, a=RAPPORT_A, b=RAPPORT_B),
    "specificaties": Regel(a=SPECIFICATIE_A),
    # A new version by hand (issue 19): contractmanager (own gemeenten) and beheerder; B is
    # no choice in the contractmanager's form (422, nothing made).
    "specificatie_maken": Regel(
        a=ALLEEN_POST,
        post=lambda d, w: {"gemeente": d.gemeente.pk, "maand": vorige_maand()},
        post_b=422,
        als="contractmanager",
    ),
    "specificatie_pdf": Regel(
        kwargs=lambda d: {"pk": d.specificatie.pk}, a=SPECIFICATIE_A, b=RAPPORT_B
    ),
    "specificatie_csv": Regel(
        kwargs=lambda d: {"pk": d.specificatie.pk}, a=SPECIFICATIE_A, b=RAPPORT_B
    ),
    "ddas_export": Regel(
        a=DDAS,
        post=lambda d, w: {
            "gemeente": d.gemeente.pk,
            "van": f"{timezone.localdate().year}-01-01",
            "tot": vandaag(),
            "actie": "downloaden",
        },
        post_a=200,  # the JSON file (and an export line in the log)
        post_b=200,  # the form again: B is no choice
        post_a_schrijft=False,
    ),
    "ddas_importeren": Regel(a=DDAS, reden_geen_post="zie test_ddas_import_van_andere_gemeente"),
    # --- Mijn Schuldhulp, the klant's portal (issue 16, docs/portaal.md) ----------------------
    # A's klant reads and writes only its own traject; B's: 404. POSTs (and 50 messages,
    # another's action, a staff session in the portal): tests/portaal/test_portaal.py.
    "portaal:inloggen": Regel(a=per_rol(*[200] * 5, klant=Naar("/mijn-schuldhulp/"))),
    "portaal:onbekend": Regel(a=PORTAAL_OPEN),
    "portaal:uitloggen": Regel(
        a=PORTAAL_POST, reden_geen_post="uitloggen wist alleen de eigen portaalsessie"
    ),
    "portaal:sessie_verlengen": Regel(
        a=PORTAAL_POST, reden_geen_post="verlengt alleen de eigen portaalsessie (test_sessie.py)"
    ),
    "portaal:start": Regel(a=per_rol(*[PORTAALLOGIN] * 5, klant=302)),  # to its one traject
    "portaal:traject": Regel(kwargs=lambda d: {"pk": d.traject.pk}, a=PORTAAL_A, b=PORTAAL_B),
    "portaal:berichten": Regel(
        kwargs=lambda d: {"pk": d.traject.pk},
        a=PORTAAL_A,
        b=PORTAAL_B,
        reden_geen_post="een bericht stuurt alleen de klant: test_portaal.py (ander traject 404)",
    ),
    "portaal:actie_gedaan": Regel(
        kwargs=lambda d: {"pk": d.traject.pk, "actie_pk": d.gesprek_actie.pk},
        a=PORTAAL_POST,
        b=PORTAAL_POST,
        reden_geen_post="afvinken doet alleen de klant: test_portaal.py",
    ),
    "portaal:document": Regel(
        kwargs=lambda d: {"pk": d.traject.pk, "document_pk": d.document.pk},
        a=PORTAAL_A,
        b=PORTAAL_B,
    ),
    "portaal:maandoverzicht": Regel(
        kwargs=lambda d: {"pk": d.traject.pk}, a=PORTAAL_A, b=PORTAAL_B
    ),
    "portaal:papieren": Regel(kwargs=lambda d: {"pk": d.traject.pk}, a=PORTAAL_A, b=PORTAAL_B),
    "portaal:papier_uploaden": Regel(
        kwargs=lambda d: {"pk": d.traject.pk, "stuk_pk": d.stuk.pk},
        a=PORTAAL_POST,
        b=PORTAAL_POST,
        reden_geen_post="uploaden doet alleen de klant: test_portaal_browser.py",
    ),
    "portaal:papier_downloaden": Regel(
        kwargs=lambda d: {"pk": d.traject.pk, "stuk_pk": d.stuk.pk}, a=PORTAAL_A, b=PORTAAL_B
    ),
    # DigiD: without PORTAAL_DIGID_MOCK (as here) the real SAML flow, which has no
    # configuration in the world (a page, 503); the ACS without an artifact refuses (403); the
    # mock IdP is off (404). With the mock: tests/portaal/test_portaal.py.
    "digid:login": Regel(a=per_rol(*[503] * 5, klant=503)),
    "digid:acs": Regel(a=per_rol(*[403] * 5, klant=403)),
    "digid-mock:login": Regel(a=per_rol(*[404] * 5, klant=404)),
    "digid-mock:bsn": Regel(a=per_rol(*[404] * 5, klant=404)),
    # The worker's side: the klant's messages in the dossier, and the answer.
    "portaal_dossier:berichten": Regel(
        kwargs=t,
        b=DOSSIER_B,
        post=lambda d, w: {"tekst": "Wij bellen u morgen."},
    ),
    # Only the session that uploaded a file may open it (B's file: uploaded by someone else).
    "ddas_voorbeeld": Regel(
        kwargs=lambda d: {"sha256": d.ddas_sha},
        a=DDAS,
        b=per_rol(LOGIN, 404, 403, 403, 403),
        post=lambda d, w: {},
    ),
}

# --- The Django admin (/beheer/) ---------------------------------------------------------------
# Model label → what the beheerder gets on (changelist, add, change). Everybody else: the
# admin login (the others are no staff). The beheerder's rights are those of the demo's group
# "Functioneel beheer" (tests/bouwers/wereld.py: beheerrechten).
BEHEER = (200, 200, 200)
ALLEEN_INZIEN = (200, 403, 200)  # AlleenLezen: services write these rows
GEEN_RECHT = (403, 403, 403)
ADMIN: dict[str, tuple[int, int, int]] = {
    "auth.group": GEEN_RECHT,
    "otp_totp.totpdevice": GEEN_RECHT,
    "axes.accessattempt": GEEN_RECHT,
    "axes.accesslog": GEEN_RECHT,
    "axes.accessfailurelog": GEEN_RECHT,
    # The periodic jobs: to look at, not to change (schuldhulp/rechten.py).
    "django_celery_beat.periodictask": ALLEEN_INZIEN,
    "django_celery_beat.clockedschedule": ALLEEN_INZIEN,
    "django_celery_beat.crontabschedule": ALLEEN_INZIEN,
    "django_celery_beat.solarschedule": ALLEEN_INZIEN,
    "django_celery_beat.intervalschedule": ALLEEN_INZIEN,
    "schuldhulp.dienstverleningsafspraak": ALLEEN_INZIEN,  # written on its own screens
    "schuldhulp.gemeente": BEHEER,
    "schuldhulp.organisatie": BEHEER,
    "schuldhulp.gebruiker": BEHEER,
    "trajecten.doorlooptijdnorm": BEHEER,
    "huishouden.vtlbnorm": BEHEER,
    "papieren.papiersoort": BEHEER,
    "papieren.papiereis": BEHEER,
    "trajecten.extrafeestdag": BEHEER,
    "trajecten.signalering": ALLEEN_INZIEN,
    "trajecten.traject": ALLEEN_INZIEN,
    "trajecten.normbewakingsrun": ALLEEN_INZIEN,
    "vroegsignalering.signaalpartner": BEHEER,
    "rapportage.instellingen": ALLEEN_INZIEN,  # one row: it exists, so no second one
    "rapportage.besparing": BEHEER,
    "rapportage.uitvoeringskosten": BEHEER,
    "rapportage.kwartaalrapportage": ALLEEN_INZIEN,  # a report is never changed
    "ddas_api.afnemer": BEHEER,  # the beheerder registers the CBS (docs/ddas-api.md)
    # DigiD (ADR 0019): keys and SAML settings are for a superuser, not the beheer group.
    "digid_eherkenning.digidconfiguration": GEEN_RECHT,
    "digid_eherkenning.configcertificate": GEEN_RECHT,
    "simple_certmanager.certificate": GEEN_RECHT,
}
# Extra admin views of third-party ModelAdmins: URL name → (kwargs, what the beheerder gets).
ADMIN_EXTRA: dict[str, tuple[Callable[[Wereld], dict[str, Any]], int]] = {
    # The TOTP secret as text and as QR code: never for the beheerder (no right on devices).
    "admin:otp_totp_totpdevice_config": (lambda w: {"pk": _totp(w)}, 403),
    "admin:otp_totp_totpdevice_qrcode": (lambda w: {"pk": _totp(w)}, 403),
    # Setting a medewerker's password is user management: the beheerder's job.
    "admin:auth_user_password_change": (lambda w: {"id": w.a.regisseur.pk}, 200),
    # The DigiD library's private files (IdP metadata, certificate): no right, no file.
    "admin:digid_eherkenning_digidconfiguration_idp_metadata_file": (lambda w: _digid(w), 403),
    "admin:simple_certmanager_certificate_public_certificate": (lambda w: _certificaat(w), 403),
}


def _digid(_w: Wereld) -> dict[str, Any]:
    from digid_eherkenning.models import DigidConfiguration

    return {"pk": DigidConfiguration.get_solo().pk}


def _certificaat(_w: Wereld) -> dict[str, Any]:
    from simple_certmanager.models import Certificate

    return {"pk": Certificate.objects.order_by("pk").first().pk}


def _totp(w: Wereld) -> int:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.get(user=w.beheerder).pk


ADMIN_SITE = {
    "admin:index",
    "admin:login",
    "admin:logout",
    "admin:password_change",
    "admin:password_change_done",
    "admin:autocomplete",
    "admin:jsi18n",
    "admin:view_on_site",
    "admin:app_list",
}
ADMIN_PER_MODEL = ("changelist", "add", "history", "delete", "change")
