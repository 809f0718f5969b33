"""The norm codes and household types of the VTLB engine, in plain Python (no Django), so the
model, the seed data and the pure computation share one list."""

from __future__ import annotations

from datetime import date

# Household types. "" means: the same amount for every household.
ALLE = ""
ALLEENSTAAND = "alleenstaand"
ALLEENSTAANDE_OUDER = "alleenstaande_ouder"
GEHUWD = "gehuwd"
GEHUWD_MET_KINDEREN = "gehuwd_met_kinderen"
ALLEENSTAAND_AOW = "alleenstaand_aow"
GEHUWD_AOW = "gehuwd_aow"

HUISHOUDTYPES: tuple[tuple[str, str], ...] = (
    (ALLE, "Alle huishoudens"),
    (ALLEENSTAAND, "Alleenstaande"),
    (ALLEENSTAANDE_OUDER, "Alleenstaande ouder"),
    (GEHUWD, "Gehuwd of samenwonend"),
    (GEHUWD_MET_KINDEREN, "Gehuwd of samenwonend met kind(eren) onder 18"),
    (ALLEENSTAAND_AOW, "Alleenstaande (ouder) met AOW-leeftijd"),
    (GEHUWD_AOW, "Gehuwd of samenwonend, één of beiden AOW-leeftijd"),
)

# Norm codes: monthly amounts in cents.
BIJSTANDSNORM = "bijstandsnorm"
BVV_MAXIMUM = "bvv_maximum"
NORMHUUR = "normhuur"
MAXIMALE_HUURGRENS = "maximale_huurgrens"
NORMPREMIE_ZORG = "normpremie_zorg"
EIGEN_RISICO = "eigen_risico"
ARBEIDSTOESLAG = "arbeidstoeslag"
KGB_PER_KIND = "kgb_per_kind"
KGB_12_15 = "kgb_12_15"
KGB_16_17 = "kgb_16_17"
KGB_ALLEENSTAANDE_OUDERKOP = "kgb_alleenstaande_ouderkop"

NORMCODES: tuple[tuple[str, str], ...] = (
    (BIJSTANDSNORM, "Bijstandsnorm incl. vakantietoeslag (Participatiewet)"),
    (BVV_MAXIMUM, "Maximale beslagvrije voet (art. 475da Rv)"),
    (NORMHUUR, "Woonlasten die in de norm zitten (normhuur)"),
    (MAXIMALE_HUURGRENS, "Maximale huurgrens huurtoeslag"),
    (NORMPREMIE_ZORG, "Zorgpremie die in de norm zit, per volwassene"),
    (EIGEN_RISICO, "Correctie premie/eigen risico, per volwassene"),
    (ARBEIDSTOESLAG, "Arbeidstoeslag, per werkende"),
    (KGB_PER_KIND, "Kindgebonden budget, per kind onder 18"),
    (KGB_12_15, "Kindgebonden budget, extra per kind van 12 tot en met 15"),
    (KGB_16_17, "Kindgebonden budget, extra per kind van 16 of 17"),
    (KGB_ALLEENSTAANDE_OUDERKOP, "Kindgebonden budget, alleenstaande-ouderkop"),
)

# Which household types each code needs for a complete norm set.
BIJSTAND_TYPES = (ALLEENSTAAND, ALLEENSTAANDE_OUDER, GEHUWD, ALLEENSTAAND_AOW, GEHUWD_AOW)
BVV_TYPES = (ALLEENSTAAND, ALLEENSTAANDE_OUDER, GEHUWD, GEHUWD_MET_KINDEREN)
VEREIST: dict[str, tuple[str, ...]] = {
    BIJSTANDSNORM: BIJSTAND_TYPES,
    BVV_MAXIMUM: BVV_TYPES,
    **{
        code: (ALLE,)
        for code in (
            NORMHUUR,
            MAXIMALE_HUURGRENS,
            NORMPREMIE_ZORG,
            EIGEN_RISICO,
            ARBEIDSTOESLAG,
            KGB_PER_KIND,
            KGB_12_15,
            KGB_16_17,
            KGB_ALLEENSTAANDE_OUDERKOP,
        )
    },
}

CODENAMEN = dict(NORMCODES)
TYPENAMEN = dict(HUISHOUDTYPES)

MAANDEN = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


def normnaam(code: str, huishoudtype: str = ALLE) -> str:
    naam = CODENAMEN.get(code, code)
    return f"{naam} ({TYPENAMEN[huishoudtype].lower()})" if huishoudtype else naam


def datum_nl(dag: date) -> str:
    """'3 maart 2019', independent of the locale."""
    return f"{dag.day} {MAANDEN[dag.month - 1]} {dag.year}"


def euro(cent: int) -> str:
    """'€ 1.234,56' (minus sign in front)."""
    teken = "-" if cent < 0 else ""
    euros, centen = divmod(abs(cent), 100)
    return f"{teken}€ {euros:,}".replace(",", ".") + f",{centen:02d}"
