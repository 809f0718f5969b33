from django.apps import AppConfig


class VroegsignaleringConfig(AppConfig):
    name = "trajecten.vroegsignalering"
    label = "vroegsignalering"
    verbose_name = "Vroegsignalering"

    def ready(self) -> None:
        from schuldhulp.permissions import registreer
        from trajecten.vroegsignalering import models

        # Cases and their signals are dossier data: with a klant path, filter_for_user only
        # shows them to dossier roles of the gemeente (and to whom the klant's dossier of the
        # resulting traject is shared). Before conversion there is no klant yet.
        registreer(models.Signaalzaak, gemeente="gemeente", klant="traject__klant")
        registreer(models.Vroegsignaal, gemeente="zaak__gemeente", klant="zaak__traject__klant")
        registreer(models.Contactpoging, gemeente="zaak__gemeente", klant="zaak__traject__klant")
        # An uploaded list belongs to no klant. klant=None would make it gemeente-level data
        # that filter_for_user shows to contractmanagers too; selectors.lijsten_voor therefore
        # also requires permissions.mag_dossiers_zien (the lists hold BSNs and names).
        registreer(models.ImportBatch, gemeente="gemeente", klant=None)

        from schuldhulp.signals import klant_geanonimiseerd

        def klant_gewist(sender, klant_id: int, **kwargs) -> None:
            from trajecten.vroegsignalering.services import anonimiseer_zaken_van_klant

            anonimiseer_zaken_van_klant(klant_id=klant_id)

        klant_geanonimiseerd.connect(
            klant_gewist, dispatch_uid="vroegsignalering_klant_gewist", weak=False
        )
