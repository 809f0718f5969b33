from django.apps import AppConfig


class KlantplanConfig(AppConfig):
    name = "klantplan"
