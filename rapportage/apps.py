from django.apps import AppConfig


class RapportageConfig(AppConfig):
    name = "rapportage"
    verbose_name = "Rapportage"

    def ready(self) -> None:
        from rapportage.models import Kwartaalrapportage
        from schuldhulp.permissions import registreer

        # Gemeente-level data: aggregated figures only, never a dossier.
        registreer(Kwartaalrapportage, gemeente="gemeente", klant=None)
