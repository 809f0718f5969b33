"""The choice lists of the traject models (kanaal, bedreigende situatie, uitstroomreden,
norm milestones and conditions, signaleringen); re-exported by trajecten.models."""

from __future__ import annotations

from django.db import models


class Aanmeldkanaal(models.TextChoices):
    WIJKTEAM = "wijkteam", "Sociaal wijkteam"
    KETENPARTNER = "ketenpartner", "Ketenpartner"
    INWONER = "inwoner", "Inwoner zelf"
    BEWINDVOERDER = "bewindvoerder", "Bewindvoerder"
    VROEGSIGNALERING = "vroegsignalering", "Vroegsignalering"
    OVERIG = "overig", "Overig"


class BedreigendeSituatie(models.TextChoices):
    HUISUITZETTING = "huisuitzetting", "Dreigende huisuitzetting"
    AFSLUITING = "afsluiting", "Afsluiting energie of water"
    ZORGVERZEKERING = "zorgverzekering", "Opzegging zorgverzekering"
    BESLAG = "beslag", "Beslag of dwangbevel"
    GIJZELING = "gijzeling", "(Dreigende) gijzeling"
    ANDERS = "anders", "Anders"


class Verwijspartner(models.TextChoices):
    """A partner a klant is referred to at uitstroom (issue 19): counted in the report."""

    KRA = "kra", "KRA"
    SCHULDHULPMAATJE = "schuldhulpmaatje", "SchuldHulpMaatje"
    THUISADMINISTRATIE = "thuisadministratie", "Thuisadministratie (Humanitas)"
    FORMULIERENBRIGADE = "formulierenbrigade", "Formulierenbrigade"
    WIJKTEAM = "wijkteam", "Sociaal wijkteam"
    ANDERS = "anders", "Andere partner"


class Uitstroomreden(models.TextChoices):
    """DDAS v1.0 uitstroom.reden."""

    AFGEROND = "Afgerond", "Afgerond"
    ZELF = "Zelf", "Kan zelf verder"
    INGETROKKEN = "Ingetrokken", "Ingetrokken"
    NIET_PASSEND = "Niet passend", "Niet passend (verwijzing andere instantie)"
    NIETVERSCHENEN = "Nietverschenen", "Niet verschenen / niet gemotiveerd"
    VOLDOET_NIET = "Voldoet niet", "Voldoet niet aan de voorwaarden"
    VERHUISD = "Verhuisd", "Verhuisd"
    OVERLEDEN = "Overleden", "Overleden"
    OVERIG = "Overig", "Overig"


class Mijlpaal(models.TextChoices):
    """Points in a journey that a norm clock can start or stop at."""

    AANMELDING = "aanmelding", "Aanmelding"
    EERSTE_GESPREK = "eerste_gesprek", "Eerste gesprek"
    BESCHIKKING = "beschikking", "Beschikking (toelating of afwijzing)"
    TOELATING = "toelating", "Toelating / start stabilisatie"
    FINANCIELE_RUST = "financiele_rust", "Financiële rust en plan van aanpak"
    PRODUCT_START = "product_start", "Start product"
    PRODUCT_EINDE = "product_einde", "Einde product"
    SCHULDREGELING_UITKOMST = "schuldregeling_uitkomst", "Minnelijke regeling tot stand / uitkomst"
    SIGNAAL_ONTVANGEN = "signaal_ontvangen", "Vroegsignaal ontvangen"
    EERSTE_CONTACT = "eerste_contact", "Eerste geslaagde contact"
    # Measured on each warme overdracht itself (trajecten.samenwerking), not by a traject
    # clock: a traject can be handed over more than once.
    OVERDRACHT = "overdracht", "Warme overdracht verstuurd"
    OVERDRACHT_GEACCEPTEERD = "overdracht_geaccepteerd", "Warme overdracht geaccepteerd"
    # The answer terms of the creditors in a schuldregeling, measured on each negotiation
    # (klantplan.schuldregeling), not by a traject clock.
    SCHULDEISER_GEVRAAGD = "schuldeiser_gevraagd", "Vraag aan schuldeiser verstuurd"
    SCHULDEISER_ANTWOORD = "schuldeiser_antwoord", "Antwoord van schuldeiser"


class Normvoorwaarde(models.TextChoices):
    ALLE = "alle", "Alle trajecten"
    BEDREIGEND = "bedreigend", "Alleen bij een bedreigende situatie"
    NIET_BEDREIGEND = "niet_bedreigend", "Alleen zonder bedreigende situatie"
    VROEGSIGNALERING = "vroegsignalering", "Alleen aanmeldingen via vroegsignalering"
    NIET_VROEGSIGNALERING = "niet_vroegsignalering", "Alleen aanmeldingen niet via vroegsignalering"


class Signaleringsoort(models.TextChoices):
    DREIGT = "dreigt", "Termijn dreigt te verlopen"
    OVERSCHREDEN = "overschreden", "Termijn overschreden"
    TOETS_BUDGETBEHEER = "toets_budgetbeheer", "Halfjaarlijkse toets budgetbeheer"
    FASE = "fase", "Traject in een nieuwe fase"
    UITSTROOM = "uitstroom", "Traject afgesloten"
    OVERDRACHT = "overdracht", "Warme overdracht"
    MONITORING = "monitoring", "Monitoringmoment"
    AFSTEMMING = "afstemming", "Afstemming"
    TOEWIJZING = "toewijzing", "Traject toegewezen"
    # From the klant on the portal (klantplan/portaal): work for the person aan zet.
    KLANTBERICHT = "klantbericht", "Bericht van de klant"
    KLANTACTIE = "klantactie", "Actie afgevinkt door de klant"
    # A paper delivered (klantplan/papieren): to review for the side gathering information.
    STUK = "stuk", "Stuk aangeleverd"
