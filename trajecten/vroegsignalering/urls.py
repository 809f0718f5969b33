from django.urls import path

from trajecten.vroegsignalering import api, views

urlpatterns = [
    path("vroegsignalen/", views.werklijst, name="vroegsignalen"),
    path("vroegsignalen/<int:pk>/", views.zaak_detail, name="vroegsignaal_zaak"),
    path(
        "vroegsignalen/<int:pk>/contactpoging/",
        views.contactpoging,
        name="vroegsignaal_contactpoging",
    ),
    path("vroegsignalen/<int:pk>/omzetten/", views.omzetten, name="vroegsignaal_omzetten"),
    path("vroegsignalen/<int:pk>/sluiten/", views.sluiten, name="vroegsignaal_sluiten"),
    path("vroegsignalen/lijsten/", views.lijsten, name="vroegsignaal_lijsten"),
    path("vroegsignalen/lijsten/<int:pk>/", views.lijst_detail, name="vroegsignaal_lijst"),
    path(
        "vroegsignalen/lijsten/<int:pk>/voortgang/",
        views.lijst_status,
        name="vroegsignaal_lijst_status",
    ),
    path(
        "vroegsignalen/lijsten/<int:pk>/bevestigen/",
        views.lijst_bevestigen,
        name="vroegsignaal_lijst_bevestigen",
    ),
    path(
        "vroegsignalen/lijsten/<int:pk>/annuleren/",
        views.lijst_annuleren,
        name="vroegsignaal_lijst_annuleren",
    ),
    # The signal partner API (token, no session, CSRF-exempt) and its OpenAPI description.
    path("api/v1/vroegsignalen", api.vroegsignalen, name="api_vroegsignalen"),
    path("api/v1/openapi.json", api.openapi, name="api_openapi"),
]
