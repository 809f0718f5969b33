from django.apps import AppConfig


class SchuldhulpConfig(AppConfig):
    name = "schuldhulp"
    verbose_name = "Schuldhulp (kern)"
