"""An `omgeving`: a gemeente under one package, a user per role, and another gemeente (with
its own klantregisseur and consulent) to prove that its users see nothing."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import count

from schuldhulp.models import Gebruiker, Gemeente, Rol
from tests.bouwers.fabrieken import PAKKETTEN, gemeente_met_afspraak, medewerker
from trajecten.models import Doorlooptijdnorm, Traject
from trajecten.normenset import zaai_normen


@dataclass
class Omgeving:
    gemeente: Gemeente
    regisseur: Gebruiker
    consulent: Gebruiker
    contractmanager: Gebruiker
    beheerder: Gebruiker
    ander: Gebruiker  # a klantregisseur of another gemeente
    ander_consulent: Gebruiker

    def rol(self, naam: str) -> Gebruiker:
        return getattr(self, naam)


_teller = count()


def omgeving(pakket: str = "ontzorging") -> Omgeving:
    """`pakket` is a key of PAKKETTEN (e.g. "hybride-gemeente")."""
    soort, keuzes = PAKKETTEN[pakket]
    # The seeded norms come from a data migration; a transactional test (here or in another
    # app, e.g. a browser test) flushes them away, so make sure they are there.
    zaai_normen(Doorlooptijdnorm)
    n = next(_teller)
    # Four-digit CBS codes: wrap within 7000–7999 and 8000–8999 (rolled back per test).
    gemeente = gemeente_met_afspraak(f"Testgemeente {n}", f"GM{7000 + n % 1000:04d}", soort, keuzes)
    andere = gemeente_met_afspraak(f"Andere gemeente {n}", f"GM{8000 + n % 1000:04d}", soort)
    return Omgeving(
        gemeente=gemeente,
        regisseur=medewerker(f"kr{n}", Rol.KLANTREGISSEUR, [gemeente]),
        consulent=medewerker(f"co{n}", Rol.CONSULENT, [gemeente]),
        contractmanager=medewerker(f"cm{n}", Rol.CONTRACTMANAGER, [gemeente]),
        beheerder=medewerker(f"fb{n}", Rol.BEHEERDER, is_staff=True),
        ander=medewerker(f"ak{n}", Rol.KLANTREGISSEUR, [andere]),
        ander_consulent=medewerker(f"ac{n}", Rol.CONSULENT, [andere]),
    )


def uitvoerder(omg: Omgeving, overgang: str, traject: Traject) -> Gebruiker:
    """The user whose side does this transition's task under the traject's agreement."""
    from trajecten.workflow import OVERGANGEN, partij_voor

    partij = partij_voor(traject, OVERGANGEN[overgang].taak)
    return omg.regisseur if partij == "stadsbank" else omg.consulent


def beschikbaar(traject: Traject, user) -> list:
    """The transitions the gate allows this user now (the buttons the page shows)."""
    from schuldhulp.permissions import mag
    from trajecten.workflow import OVERGANGEN

    return [o for o in OVERGANGEN.values() if mag(user, o, traject) is None]
