from django.apps import AppConfig


class SchuldhulpConfig(AppConfig):
    name = "schuldhulp"
    verbose_name = "Schuldhulp (kern)"

    def ready(self) -> None:
        from django.conf import settings
        from django.contrib.auth import signals
        from django.db.models.signals import post_migrate

        from schuldhulp import audit, checks, logbewaring, rechten

        assert checks and logbewaring.verwerkingenlog_opschonen  # the deploy check, the task

        def na_inloggen(sender, request, user, **kwargs) -> None:
            # With 2FA on, the password is only the first step: the login row is written
            # after the code (schuldhulp.tweestaps), never before it (issue 17).
            if not settings.SCHULDHULP_2FA_VERPLICHT:
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
        # After the last app's migrations (its permissions exist by then): the beheer group.
        post_migrate.connect(rechten.zorg_voor_beheergroep, dispatch_uid="beheergroep")
