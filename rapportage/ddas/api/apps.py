from django.apps import AppConfig


class DdasApiConfig(AppConfig):
    name = "rapportage.ddas.api"
    label = "ddas_api"
    verbose_name = "DDAS-API (levering aan het CBS)"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from rapportage.ddas.api import checks  # noqa: F401  (registers the system checks)
