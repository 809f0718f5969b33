from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Holds the ``demo_data`` command; no models."""

    name = "demo"
    label = "demo"
    verbose_name = "Demogegevens"
