from django.apps import AppConfig


class PapierenConfig(AppConfig):
    name = "klantplan.papieren"
    label = "papieren"
    verbose_name = "Papieren (voorlegger)"

    def ready(self) -> None:
        from klantplan.papieren import models, workflow  # noqa: F401 (registers the rows)
        from schuldhulp.permissions import registreer
        from schuldhulp.signals import klant_geanonimiseerd

        registreer(models.Stuk, gemeente="traject__gemeente", klant="traject__klant")
        registreer(models.Bestand, gemeente="stuk__traject__gemeente", klant="stuk__traject__klant")

        def klant_gewist(sender, klant_id: int, **kwargs) -> None:
            from klantplan.papieren.services import wis_papieren_van_klant

            wis_papieren_van_klant(klant_id=klant_id)

        klant_geanonimiseerd.connect(klant_gewist, dispatch_uid="papieren_klant_gewist", weak=False)
