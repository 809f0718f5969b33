from django.apps import AppConfig


class SchuldhulpConfig(AppConfig):
    name = "schuldhulp"
    verbose_name = "Schuldhulp (kern)"

    def ready(self) -> None:
        from django.contrib.auth import signals

        from schuldhulp import audit, checks, logbewaring

        assert checks and logbewaring.verwerkingenlog_opschonen  # the deploy check, the task

        def na_inloggen(sender, request, user, **kwargs) -> None:
            audit.ingelogd(request=request, gebruiker=user)

        def na_uitloggen(sender, request, user, **kwargs) -> None:
            if user is not None:
                audit.uitgelogd(request=request, gebruiker=user)

        def mislukt(sender, credentials, request=None, **kwargs) -> None:
            audit.inloggen_mislukt(
                request=request, gebruikersnaam=str(credentials.get("username", ""))
            )

        signals.user_logged_in.connect(na_inloggen, dispatch_uid="audit_inloggen", weak=False)
        signals.user_logged_out.connect(na_uitloggen, dispatch_uid="audit_uitloggen", weak=False)
        signals.user_login_failed.connect(mislukt, dispatch_uid="audit_mislukt", weak=False)
