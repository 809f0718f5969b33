from django.apps import AppConfig


class SamenwerkingConfig(AppConfig):
    name = "trajecten.samenwerking"
    label = "samenwerking"
    verbose_name = "Samenwerking gemeente en Stadsbank"

    def ready(self) -> None:
        from schuldhulp.permissions import registreer
        from trajecten.samenwerking import (
            mailtasks,  # noqa: F401 (registers the Celery tasks)
            models,
        )

        registreer(models.Overdracht, gemeente="traject__gemeente", klant="traject__klant")
