"""Admin registrations of the app: the VTLB norms (the household data itself is dossier data and
stays out of /beheer/)."""

from klantplan.huishouden.vtlb import admin  # noqa: F401 (registers VtlbnormAdmin)
