from django.apps import AppConfig


class PakketConfig(AppConfig):
    name = "trajecten.pakket"
    label = "pakket"
    verbose_name = "Pakketten en maatwerk"

    def ready(self) -> None:
        from schuldhulp.permissions import registreer
        from trajecten.pakket import models

        registreer(models.Maatwerk, gemeente="traject__gemeente", klant="traject__klant")
        registreer(models.Afspraakgebeurtenis, gemeente="afspraak__gemeente", klant=None)
