from django.apps import AppConfig


class TevredenheidConfig(AppConfig):
    name = "rapportage.tevredenheid"
    label = "tevredenheid"
    verbose_name = "Klanttevredenheid bij uitstroom"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from rapportage.tevredenheid import handelingen  # noqa: F401  (registers the rows)
        from rapportage.tevredenheid.models import Antwoord, Uitnodiging
        from rapportage.tevredenheid.services import bij_uitstroom
        from schuldhulp.permissions import registreer
        from trajecten.models import Gebeurtenis

        # The invitation hangs under a traject (and so under its klant); the answer under a
        # gemeente only: it names nobody (ADR 0029).
        registreer(Uitnodiging, gemeente="traject__gemeente", klant="traject__klant")
        registreer(Antwoord, gemeente="gemeente", klant=None)
        post_save.connect(bij_uitstroom, sender=Gebeurtenis, dispatch_uid="tevredenheid")
