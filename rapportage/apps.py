from django.apps import AppConfig


class RapportageConfig(AppConfig):
    name = "rapportage"
    verbose_name = "Rapportage"

    def ready(self) -> None:
        from rapportage import handelingen
        from rapportage.models import Kwartaalrapportage
        from schuldhulp.permissions import registreer

        # Gemeente-level data: aggregated figures only, never a dossier.
        registreer(Kwartaalrapportage, gemeente="gemeente", klant=None)
        assert handelingen.WIE_AANVRAAGT  # the catalogue rows of a report that hangs
