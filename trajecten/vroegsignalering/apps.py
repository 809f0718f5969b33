from django.apps import AppConfig


class VroegsignaleringConfig(AppConfig):
    name = "trajecten.vroegsignalering"
    label = "vroegsignalering"
    verbose_name = "Vroegsignalering"
