"""The seeded norms: the legal terms (Wgs, Awb, NVVK) and the Heusden contract table.

Used by the data migration and by tests; a beheerder changes norms as data afterwards.
"""

from __future__ import annotations

from datetime import date

GELDIG_VAN = date(2021, 1, 1)

# code, naam, van, tot, termijn, eenheid, wettelijk, voorwaarde, productsoort, bron
STANDAARDNORMEN: list[tuple] = [
    (
        "wgs-eerste-gesprek",
        "Eerste gesprek binnen 4 weken (Wgs)",
        "aanmelding",
        "eerste_gesprek",
        4,
        "weken",
        True,
        "niet_bedreigend",
        "",
        "Wgs art. 4a lid 1",
    ),
    (
        "wgs-eerste-gesprek-bedreigend",
        "Eerste gesprek binnen 3 werkdagen bij bedreigende situatie (Wgs)",
        "aanmelding",
        "eerste_gesprek",
        3,
        "werkdagen",
        True,
        "bedreigend",
        "",
        "Wgs art. 4a lid 2",
    ),
    (
        "awb-beschikking",
        "Beschikking binnen 8 weken na het eerste gesprek (Awb)",
        "eerste_gesprek",
        "beschikking",
        8,
        "weken",
        True,
        "alle",
        "",
        "Awb art. 4:13",
    ),
    (
        "vroegsignalering-contact",
        "Vroegsignalering: eerste contact binnen 2 weken",
        "signaal_ontvangen",
        "eerste_contact",
        2,
        "weken",
        False,
        "vroegsignalering",
        "",
        "Heusden 2023-2024",
    ),
    (
        "vroegsignalering-rust",
        "Vroegsignalering: financiële rust binnen 5 weken",
        "aanmelding",
        "financiele_rust",
        5,
        "weken",
        False,
        "vroegsignalering",
        "",
        "Heusden 2023-2024",
    ),
    (
        "bedreigend-rust",
        "Bedreigende situatie: financiële rust en plan van aanpak binnen 2 weken",
        "aanmelding",
        "financiele_rust",
        2,
        "weken",
        False,
        "bedreigend",
        "",
        "Heusden 2023-2024",
    ),
    (
        "stabilisatie-rust",
        "Stabilisatie: financiële rust en plan van aanpak binnen 5 weken",
        "aanmelding",
        "financiele_rust",
        5,
        "weken",
        False,
        "niet_vroegsignalering",
        "",
        "Heusden 2023-2024",
    ),
    (
        "schuldregeling-120",
        "Minnelijke schuldregeling binnen 120 dagen na stabilisatie",
        "toelating",
        "schuldregeling_uitkomst",
        120,
        "kalenderdagen",
        False,
        "alle",
        "Schuldbemiddeling",
        "Heusden 2023-2024; NVVK",
    ),
    (
        "budgetbeheer-36",
        "Budget-/inkomensbeheer hooguit 36 maanden",
        "product_start",
        "product_einde",
        36,
        "maanden",
        False,
        "alle",
        "Budgetbeheer",
        "Heusden 2023-2024",
    ),
    (
        "budgetcoaching-6",
        "Budgetcoaching hooguit 6 maanden",
        "product_start",
        "product_einde",
        6,
        "maanden",
        False,
        "alle",
        "Budgetcoaching",
        "Heusden 2023-2024",
    ),
]


def zaai_normen(Doorlooptijdnorm) -> int:
    nieuw = 0
    for (
        code,
        naam,
        van,
        tot,
        termijn,
        eenheid,
        wettelijk,
        voorwaarde,
        product,
        bron,
    ) in STANDAARDNORMEN:
        _, gemaakt = Doorlooptijdnorm.objects.get_or_create(
            code=code,
            gemeente=None,
            geldig_van=GELDIG_VAN,
            defaults=dict(
                naam=naam,
                van_mijlpaal=van,
                tot_mijlpaal=tot,
                termijn=termijn,
                eenheid=eenheid,
                wettelijk=wettelijk,
                voorwaarde=voorwaarde,
                productsoort=product,
                bron=bron,
                opschorting_toegestaan=not wettelijk,
            ),
        )
        nieuw += gemaakt
    # The contract norm for a warme overdracht is data of the same table, measured on the
    # overdracht itself (trajecten.samenwerking.normen).
    from trajecten.samenwerking.normen import zaai as zaai_overdrachtnorm

    nieuw += zaai_overdrachtnorm(Doorlooptijdnorm)
    # The creditors' answer terms of a schuldregeling: measured on each negotiation, not by a
    # traject clock (klantplan.schuldregeling.termijnen).
    from klantplan.schuldregeling.termijnen import zaai as zaai_schuldeisertermijnen

    return nieuw + zaai_schuldeisertermijnen(Doorlooptijdnorm)
