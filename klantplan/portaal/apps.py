from django.apps import AppConfig


class PortaalConfig(AppConfig):
    name = "klantplan.portaal"
    label = "portaal"
    verbose_name = "Mijn Schuldhulp (portaal voor de klant)"

    def ready(self) -> None:
        from klantplan.portaal import handelingen, models  # noqa: F401 (registers the rows)
        from schuldhulp.permissions import registreer
        from schuldhulp.signals import klant_geanonimiseerd

        registreer(models.Bericht, gemeente="traject__gemeente", klant="traject__klant")

        def klant_gewist(sender, klant_id: int, **kwargs) -> None:
            # Retention: the free text of the messages goes with the rest of the dossier's
            # free text; that a message was sent (and when) stays for the figures.
            models.Bericht.objects.filter(traject__klant_id=klant_id).update(tekst="(gewist)")

        klant_geanonimiseerd.connect(klant_gewist, dispatch_uid="portaal_klant_gewist", weak=False)
        _alleen_digid_in_beheer()


def _alleen_digid_in_beheer() -> None:
    """Of the DigiD library's admin only what a real DigiD connection needs (its configuration
    and certificates); no eHerkenning, no mock users (they would change the mock's BSN form),
    no certificate signing requests (ADR 0019)."""
    from digid_eherkenning.models import EherkenningConfiguration
    from digid_eherkenning.models.digid import MockDigidUser
    from django.contrib import admin
    from simple_certmanager.models import SigningRequest

    for model in (EherkenningConfiguration, MockDigidUser, SigningRequest):
        if admin.site.is_registered(model):
            admin.site.unregister(model)
