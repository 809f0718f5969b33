from django.apps import AppConfig


class TrajectenConfig(AppConfig):
    name = "trajecten"
    verbose_name = "Trajecten"

    def ready(self) -> None:
        from schuldhulp.permissions import registreer
        from trajecten import bewaartermijn, models

        assert bewaartermijn.bewaartermijn_toepassen  # registers the Celery task
        registreer(models.Traject, gemeente="gemeente", klant="klant")
        for model in (
            models.Gebeurtenis,
            models.Product,
            models.Normbewaking,
            models.Signalering,
            models.Moratorium,
            models.Crisisinterventie,
        ):
            registreer(model, gemeente="traject__gemeente", klant="traject__klant")
