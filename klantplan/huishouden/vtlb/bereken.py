"""The VTLB (vrij te laten bedrag) after the NVVK/Recofa method, simplified: see docs/vtlb.md.

``bereken_vtlb`` is pure (no database): the norms come in as a ``Normset``; ``normset_op``
fetches one from the table ``Vtlbnorm``. Money is in integer cents. Percentages round up in the
client's favour, so what the creditors get is rounded down.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from klantplan.huishouden.vtlb import codes as c

PERCENTAGE = 95  # of the bijstandsnorm, VTLB and beslagvrije voet alike (since 1 January 2021)
METHODE = "NVVK/Recofa-methode vtlb (vereenvoudigd, zie docs/vtlb.md)"
TE_CONTROLEREN = "te controleren"


class GeenNormen(LookupError):
    """No (complete) norm set for the peildatum; the message is Dutch, for the user."""


class OngeldigeInvoer(ValueError):
    """Bad input for the computation; the message is Dutch, for the user."""


@dataclass(frozen=True)
class Norm:
    bedrag_cent: int
    bron: str


@dataclass(frozen=True)
class Normset:
    """The norms valid on one day: (code, huishoudtype) -> Norm."""

    geldig_van: date
    normen: Mapping[tuple[str, str], Norm]
    geldig_tot: date | None = None

    def norm(self, code: str, huishoudtype: str = c.ALLE) -> Norm:
        try:
            return self.normen[(code, huishoudtype)]
        except KeyError:
            raise GeenNormen(
                f"De VTLB-norm '{c.normnaam(code, huishoudtype)}' ontbreekt voor de periode "
                f"vanaf {c.datum_nl(self.geldig_van)}."
            ) from None

    def bedrag(self, code: str, huishoudtype: str = c.ALLE) -> int:
        return self.norm(code, huishoudtype).bedrag_cent


@dataclass(frozen=True)
class VtlbInvoer:
    """One household's month. ``netto_inkomen_cent`` is the net income of the household from
    work, benefits, alimony received etc. including holiday pay per month, but WITHOUT the
    toeslagen (huur-, zorg-, kinderopvangtoeslag, kindgebonden budget) and kinderbijslag: those
    are entered separately and are deducted from the costs they are for (Awir art. 45: not
    available for creditors)."""

    peildatum: date
    partner: bool
    kinderen: tuple[int, ...]  # ages on the peildatum; 18 and over do not count
    netto_inkomen_cent: int
    woonlasten_cent: int  # rent or mortgage costs (gross, before huurtoeslag)
    zorgpremie_cent: int  # actual premiums of client and partner (basic + supplementary)
    werkt: bool = False
    partner_werkt: bool = False
    aow: bool = False  # client or partner has reached the pensioengerechtigde leeftijd
    huurtoeslag_cent: int = 0
    zorgtoeslag_cent: int = 0
    kindgebonden_budget_cent: int = 0
    kinderopvang_cent: int = 0  # costs of childcare
    kinderopvangtoeslag_cent: int = 0
    reiskosten_werk_cent: int = 0  # commuting costs the employer does not pay
    alimentatie_cent: int = 0  # alimony paid
    extra_woonlastencorrectie: bool = False  # rent above the huurgrens accepted (maatwerk)
    overige_correcties: tuple[tuple[str, int], ...] = field(default=())  # (reden, cent)

    def __post_init__(self) -> None:
        bedragen = {
            "netto inkomen": self.netto_inkomen_cent,
            "woonlasten": self.woonlasten_cent,
            "zorgpremie": self.zorgpremie_cent,
            "huurtoeslag": self.huurtoeslag_cent,
            "zorgtoeslag": self.zorgtoeslag_cent,
            "kindgebonden budget": self.kindgebonden_budget_cent,
            "kinderopvang": self.kinderopvang_cent,
            "kinderopvangtoeslag": self.kinderopvangtoeslag_cent,
            "reiskosten werk": self.reiskosten_werk_cent,
            "alimentatie": self.alimentatie_cent,
            **{f"correctie '{reden}'": bedrag for reden, bedrag in self.overige_correcties},
        }
        for naam, bedrag in bedragen.items():
            if not isinstance(bedrag, int) or bedrag < 0:
                raise OngeldigeInvoer(f"Het bedrag voor {naam} moet 0 of meer zijn.")
            if bedrag > 100_000_000:  # EUR 1 million a month
                raise OngeldigeInvoer(f"Het bedrag voor {naam} is onwaarschijnlijk hoog.")
        if any(not 0 <= leeftijd <= 120 for leeftijd in self.kinderen):
            raise OngeldigeInvoer("De leeftijd van een kind moet tussen 0 en 120 jaar liggen.")
        if self.partner_werkt and not self.partner:
            raise OngeldigeInvoer("Er is een werkende partner opgegeven zonder partner.")
        if any(not reden.strip() for reden, _ in self.overige_correcties):
            raise OngeldigeInvoer("Geef bij elke extra correctie een reden.")
        # Entry order must not matter: keep a canonical order.
        object.__setattr__(self, "kinderen", tuple(sorted(self.kinderen)))
        object.__setattr__(self, "overige_correcties", tuple(sorted(self.overige_correcties)))

    @property
    def minderjarigen(self) -> tuple[int, ...]:
        return tuple(leeftijd for leeftijd in self.kinderen if leeftijd < 18)

    @property
    def volwassenen(self) -> int:
        return 2 if self.partner else 1


@dataclass(frozen=True)
class Stap:
    omschrijving: str
    bedrag_cent: int
    bron: str


@dataclass(frozen=True)
class VtlbUitkomst:
    vtlb_cent: int
    aflosruimte_cent: int
    stappen: tuple[Stap, ...]  # add up to vtlb_cent
    beslagvrije_voet_cent: int  # an indication, see beslagvrije_voet()
    normen_geldig_van: date
    bron: str
    waarschuwingen: tuple[str, ...] = ()


def procent_naar_boven(bedrag_cent: int, procent: int = PERCENTAGE) -> int:
    """bedrag x procent / 100, rounded up to the cent (in the client's favour)."""
    return -(-bedrag_cent * procent // 100)


def huishoudtype(invoer: VtlbInvoer) -> str:
    """The household type of the bijstandsnorm."""
    if invoer.aow:
        return c.GEHUWD_AOW if invoer.partner else c.ALLEENSTAAND_AOW
    if invoer.partner:
        return c.GEHUWD
    return c.ALLEENSTAANDE_OUDER if invoer.minderjarigen else c.ALLEENSTAAND


def bvv_type(invoer: VtlbInvoer) -> str:
    """The household type of the maximum beslagvrije voet (art. 475da lid 1 Rv)."""
    if invoer.partner:
        return c.GEHUWD_MET_KINDEREN if invoer.minderjarigen else c.GEHUWD
    return c.ALLEENSTAANDE_OUDER if invoer.minderjarigen else c.ALLEENSTAAND


def _woonlasten(invoer: VtlbInvoer, normen: Normset) -> tuple[int, str, str]:
    normhuur = normen.norm(c.NORMHUUR)
    grens = normen.norm(c.MAXIMALE_HUURGRENS)
    telt = invoer.woonlasten_cent
    uitleg = ""
    if not invoer.extra_woonlastencorrectie and telt > grens.bedrag_cent:
        telt = grens.bedrag_cent
        uitleg = f"; woonlasten boven de huurgrens ({c.euro(grens.bedrag_cent)}) tellen niet mee"
    correctie = max(telt - invoer.huurtoeslag_cent - normhuur.bedrag_cent, -normhuur.bedrag_cent)
    omschrijving = (
        f"Woonlasten {c.euro(telt)} min huurtoeslag {c.euro(invoer.huurtoeslag_cent)} min "
        f"normhuur {c.euro(normhuur.bedrag_cent)}{uitleg}"
    )
    return correctie, omschrijving, f"{normhuur.bron} | {grens.bron}"


def _zorg(invoer: VtlbInvoer, normen: Normset) -> tuple[int, str, str]:
    norm = normen.norm(c.NORMPREMIE_ZORG)
    in_norm = norm.bedrag_cent * invoer.volwassenen
    correctie = max(invoer.zorgpremie_cent - invoer.zorgtoeslag_cent - in_norm, -in_norm)
    omschrijving = (
        f"Zorgpremie {c.euro(invoer.zorgpremie_cent)} min zorgtoeslag "
        f"{c.euro(invoer.zorgtoeslag_cent)} min premie in de norm {c.euro(in_norm)}"
    )
    return correctie, omschrijving, norm.bron


def _kgb_norm(invoer: VtlbInvoer, normen: Normset) -> tuple[int, str]:
    """The kindgebonden budget the household would get at bijstand level."""
    kinderen = invoer.minderjarigen
    if not kinderen:
        return 0, ""
    delen = [normen.norm(c.KGB_PER_KIND)] * len(kinderen)
    delen += [normen.norm(c.KGB_12_15) for leeftijd in kinderen if 12 <= leeftijd <= 15]
    delen += [normen.norm(c.KGB_16_17) for leeftijd in kinderen if leeftijd >= 16]
    if not invoer.partner:
        delen.append(normen.norm(c.KGB_ALLEENSTAANDE_OUDERKOP))
    bronnen = " | ".join(sorted({deel.bron for deel in delen}))
    return sum(deel.bedrag_cent for deel in delen), bronnen


def beslagvrije_voet(
    invoer: VtlbInvoer, normen: Normset, woon_cent: int = 0, zorg_cent: int = 0
) -> int:
    """An indication of the beslagvrije voet (not the exact formula of art. 475da Rv): 95% of
    the income, at most 95% of the bijstandsnorm raised by the housing and health costs above
    what the norm holds, and never above the legal maximum for the household."""
    norm = normen.bedrag(c.BIJSTANDSNORM, huishoudtype(invoer))
    met_lasten = procent_naar_boven(norm) + max(woon_cent, 0) + max(zorg_cent, 0)
    maximum = normen.bedrag(c.BVV_MAXIMUM, bvv_type(invoer))
    return min(procent_naar_boven(invoer.netto_inkomen_cent), met_lasten, maximum)


def bereken_vtlb(invoer: VtlbInvoer, normen: Normset) -> VtlbUitkomst:
    """The VTLB, each step shown, and the aflosruimte (income - VTLB, never negative)."""
    stappen: list[Stap] = []
    soort = huishoudtype(invoer)
    bijstand = normen.norm(c.BIJSTANDSNORM, soort)
    stappen.append(
        Stap(
            f"{PERCENTAGE}% van de bijstandsnorm voor {c.TYPENAMEN[soort].lower()} "
            f"({c.euro(bijstand.bedrag_cent)})",
            procent_naar_boven(bijstand.bedrag_cent),
            bijstand.bron,
        )
    )
    woon, woon_tekst, woon_bron = _woonlasten(invoer, normen)
    stappen.append(Stap(f"Correctie woonlasten: {woon_tekst}", woon, woon_bron))
    zorg, zorg_tekst, zorg_bron = _zorg(invoer, normen)
    stappen.append(Stap(f"Correctie zorgpremie: {zorg_tekst}", zorg, zorg_bron))
    eigen_risico = normen.norm(c.EIGEN_RISICO)
    stappen.append(
        Stap(
            f"Correctie premie/eigen risico ({invoer.volwassenen} x "
            f"{c.euro(eigen_risico.bedrag_cent)})",
            eigen_risico.bedrag_cent * invoer.volwassenen,
            eigen_risico.bron,
        )
    )
    kgb_norm, kgb_bron = _kgb_norm(invoer, normen)
    if kgb_norm:
        stappen.append(
            Stap(
                f"Missend kindgebonden budget: {c.euro(kgb_norm)} op bijstandsniveau min "
                f"ontvangen {c.euro(invoer.kindgebonden_budget_cent)}",
                max(kgb_norm - invoer.kindgebonden_budget_cent, 0),
                kgb_bron,
            )
        )
    werkenden = int(invoer.werkt) + int(invoer.partner_werkt)
    if werkenden:
        toeslag = normen.norm(c.ARBEIDSTOESLAG)
        stappen.append(
            Stap(
                f"Arbeidstoeslag ({werkenden} x {c.euro(toeslag.bedrag_cent)})",
                toeslag.bedrag_cent * werkenden,
                toeslag.bron,
            )
        )
    stappen.extend(_werkelijke_kosten(invoer))
    berekend = sum(stap.bedrag_cent for stap in stappen)
    bvv = beslagvrije_voet(invoer, normen, woon, zorg)
    if berekend < bvv:
        stappen.append(
            Stap(
                f"Aanvulling tot de beslagvrije voet ({c.euro(bvv)}): het VTLB is nooit lager",
                bvv - berekend,
                "Recofa: het vtlb is ten minste de beslagvrije voet (art. 475da Rv)",
            )
        )
    vtlb = max(berekend, bvv)
    return VtlbUitkomst(
        vtlb_cent=vtlb,
        aflosruimte_cent=max(invoer.netto_inkomen_cent - vtlb, 0),
        stappen=tuple(stappen),
        beslagvrije_voet_cent=bvv,
        normen_geldig_van=normen.geldig_van,
        bron=f"{METHODE}; normen geldig vanaf {c.datum_nl(normen.geldig_van)}",
        waarschuwingen=_waarschuwingen(stappen),
    )


def _werkelijke_kosten(invoer: VtlbInvoer) -> list[Stap]:
    """Actual costs the method accepts, as entered (with proof in the dossier)."""
    stappen = []
    opvang = max(invoer.kinderopvang_cent - invoer.kinderopvangtoeslag_cent, 0)
    if opvang:
        stappen.append(
            Stap(
                f"Kinderopvang {c.euro(invoer.kinderopvang_cent)} min kinderopvangtoeslag "
                f"{c.euro(invoer.kinderopvangtoeslag_cent)}",
                opvang,
                "Recofa: werkelijke kosten kinderopvang na aftrek kinderopvangtoeslag",
            )
        )
    if invoer.reiskosten_werk_cent:
        stappen.append(
            Stap(
                "Reiskosten woon-werkverkeer (niet vergoed door de werkgever)",
                invoer.reiskosten_werk_cent,
                "Recofa: werkelijke reiskosten woon-werk",
            )
        )
    if invoer.alimentatie_cent:
        stappen.append(
            Stap(
                "Betaalde alimentatie",
                invoer.alimentatie_cent,
                "Recofa: betaalde alimentatie (onder voorwaarden)",
            )
        )
    stappen.extend(
        Stap(f"Extra correctie: {reden}", bedrag, "Maatwerk; onderbouwing in het dossier")
        for reden, bedrag in invoer.overige_correcties
    )
    return stappen


def _waarschuwingen(stappen: list[Stap]) -> tuple[str, ...]:
    if any(TE_CONTROLEREN in stap.bron for stap in stappen):
        return (
            "Let op: een of meer normbedragen in deze berekening zijn nog niet gecontroleerd "
            "tegen de officiële publicatie (bron: 'te controleren'). Controleer ze voordat u "
            "het VTLB aan schuldeisers voorlegt.",
        )
    return ()


def normset_op(peildatum: date) -> Normset:
    """The norms valid on ``peildatum`` from the table, or GeenNormen when (some) are missing."""
    from klantplan.huishouden.vtlb.models import Vtlbnorm

    rijen = list(Vtlbnorm.objects.geldig_op(peildatum))
    if not rijen:
        raise GeenNormen(
            f"Er zijn geen VTLB-normen voor {c.datum_nl(peildatum)}. De functioneel beheerder "
            "voert de normen van elk half jaar in via Beheer, VTLB-normen."
        )
    normen = {(r.code, r.huishoudtype): Norm(r.bedrag_cent, r.bron) for r in rijen}
    ontbreekt = [
        c.normnaam(code, soort)
        for code, soorten in c.VEREIST.items()
        for soort in soorten
        if (code, soort) not in normen
    ]
    if ontbreekt:
        raise GeenNormen(
            f"Voor {c.datum_nl(peildatum)} ontbreken VTLB-normen: {', '.join(ontbreekt)}. "
            "De functioneel beheerder vult ze aan via Beheer, VTLB-normen."
        )
    einden = [r.geldig_tot for r in rijen if r.geldig_tot]
    return Normset(
        geldig_van=max(r.geldig_van for r in rijen),
        normen=normen,
        geldig_tot=min(einden) if einden else None,
    )
