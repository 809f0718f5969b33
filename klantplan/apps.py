from django.apps import AppConfig


class KlantplanConfig(AppConfig):
    name = "klantplan"
    verbose_name = "Klantplan en schulden"

    def ready(self) -> None:
        from klantplan import models
        from schuldhulp.permissions import registreer

        # Dossier data: only dossier roles of the traject's gemeente (or an explicit share).
        # The Schuldeiser register is shared reference data without personal data.
        for model in (
            models.Klantplan,
            models.Actie,
            models.Monitoringmoment,
            models.Schuld,
            models.Voorstel,
            models.Gesprek,
            models.Afstemming,
            models.Klacht,
            models.Document,
        ):
            registreer(model, gemeente="traject__gemeente", klant="traject__klant")
        registreer(
            models.Doel, gemeente="klantplan__traject__gemeente", klant="klantplan__traject__klant"
        )

        from schuldhulp.signals import klant_geanonimiseerd

        def klant_gewist(sender, klant_id: int, **kwargs) -> None:
            from klantplan.services import anonimiseer_klant

            anonimiseer_klant(klant_id=klant_id)

        klant_geanonimiseerd.connect(
            klant_gewist, dispatch_uid="klantplan_klant_gewist", weak=False
        )
