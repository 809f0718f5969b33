from django.apps import AppConfig


class HuishoudenConfig(AppConfig):
    name = "klantplan.huishouden"
    label = "huishouden"
    verbose_name = "Huishouden van het traject"

    def ready(self) -> None:
        from klantplan.huishouden import models, workflow  # noqa: F401 (registers the rows)
        from schuldhulp.permissions import registreer

        registreer(models.Huishouden, gemeente="traject__gemeente", klant="traject__klant")
        registreer(
            models.Huisgenoot,
            gemeente="huishouden__traject__gemeente",
            klant="huishouden__traject__klant",
        )
