from django.apps import AppConfig


class FacturatieConfig(AppConfig):
    name = "rapportage.facturatie"
    label = "facturatie"
    verbose_name = "Facturatie op realisatie"

    def ready(self) -> None:
        from rapportage.facturatie import handelingen  # noqa: F401  (registers the rows)
        from rapportage.facturatie.models import Specificatie, Tarief
        from schuldhulp.permissions import registreer

        # Gemeente-level data: counts and amounts only, never a dossier.
        registreer(Specificatie, gemeente="gemeente", klant=None)
        registreer(Tarief, gemeente="afspraak__gemeente", klant=None)
