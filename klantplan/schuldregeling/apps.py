from django.apps import AppConfig


class SchuldregelingConfig(AppConfig):
    name = "klantplan.schuldregeling"
    label = "schuldregeling"
    verbose_name = "Schuldregeling met de schuldeisers"

    def ready(self) -> None:
        from klantplan.schuldregeling import models
        from schuldhulp.permissions import registreer

        for model in (
            models.Regeling,
            models.Onderhandeling,
            models.Bericht,
            models.Betaling,
            models.Tussentijdsetoets,
        ):
            registreer(model, gemeente="traject__gemeente", klant="traject__klant")
