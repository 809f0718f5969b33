"""Hand-built rows for the report figures: trajecten, events, products and clocks with exact
business dates, written directly (NOT through the services) so a test can put an event exactly
on a quarter edge. tests/rapportage/test_figuren.py builds one traject through
``trajecten.services`` to prove the two agree; use tests.bouwers.trajecten everywhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rapportage.kwartalen import Kwartaal
from schuldhulp.models import Gemeente
from tests.bouwers.fabrieken import KlantFactory
from trajecten.models import Doorlooptijdnorm, Gebeurtenis, Normbewaking, Product, Traject

Q2 = Kwartaal(2026, 2)  # 1 april t/m 30 juni 2026 (finished: "today" is later)


@dataclass
class Bouwer:
    gemeente: Gemeente

    def traject(
        self,
        aanmelding: date,
        *,
        kanaal: str = "wijkteam",
        bedreigend: str = "",
        klant=None,
        gesloten: bool = False,
    ) -> Traject:
        traject = Traject.objects.create(
            klant=klant or KlantFactory(gemeente=self.gemeente),
            gemeente=self.gemeente,
            afspraak=self.gemeente.afspraken.first(),
            aanmelddatum=aanmelding,
            kanaal=kanaal,
            bedreigende_situatie=bedreigend,
            fase="uitgestroomd" if gesloten else "intake",
        )
        self.gebeurtenis(traject, "aanmelding", aanmelding, kanaal=kanaal)
        return traject

    def gebeurtenis(self, traject: Traject, soort: str, datum: date, **gegevens) -> Gebeurtenis:
        return Gebeurtenis.objects.create(
            traject=traject, soort=soort, datum=datum, gegevens=gegevens
        )

    def product(
        self,
        traject: Traject,
        soort: str,
        start: date,
        eind: date | None = None,
        zelfredzaam: bool | None = None,
    ) -> Product:
        product = Product.objects.create(
            traject=traject, soort=soort, startdatum=start, einddatum=eind, zelfredzaam=zelfredzaam
        )
        self.gebeurtenis(traject, "product_gestart", start, product=product.pk, productsoort=soort)
        if eind:
            self.gebeurtenis(
                traject,
                "product_beeindigd",
                eind,
                product=product.pk,
                productsoort=soort,
                zelfredzaam=zelfredzaam,
            )
        return product

    def stap(self, product: Product, status: str, datum: date) -> None:
        self.gebeurtenis(
            product.traject, "schuldregeling", datum, product=product.pk, status=status
        )

    def klok(
        self,
        traject: Traject,
        code: str,
        deadline: date,
        *,
        gehaald_op: date | None = None,
        vervallen: bool = False,
    ) -> Normbewaking:
        norm = Doorlooptijdnorm.objects.get(code=code, gemeente__isnull=True)
        return Normbewaking.objects.create(
            traject=traject,
            norm=norm,
            start=traject.aanmelddatum,
            deadline=deadline,
            gehaald_op=gehaald_op,
            vervallen=vervallen,
        )
