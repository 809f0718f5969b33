from django.urls import include, path

from rapportage import views, views_dashboard

urlpatterns = [
    path("dashboard/", views_dashboard.dashboard_pagina, name="rapportage_dashboard"),
    path("rapportages/abonneren/", views_dashboard.abonneren, name="rapportage_abonneren"),
    path(
        "rapportages/<int:pk>/kwartaalgesprek/",
        views_dashboard.kwartaalgesprek_vastleggen,
        name="rapportage_kwartaalgesprek",
    ),
    path(
        "rapportages/gesprekken/<int:pk>/wijzigen/",
        views_dashboard.kwartaalgesprek_wijzigen,
        name="rapportage_kwartaalgesprek_wijzigen",
    ),
    path(
        "rapportages/acties/<int:pk>/afronden/",
        views_dashboard.actie_afronden,
        name="rapportage_actie_afronden",
    ),
    path("rapportages/", views.rapportages, name="rapportages"),
    path("rapportages/aanvragen/", views.rapportage_aanvragen, name="rapportage_aanvragen"),
    path("rapportages/<int:pk>/", views.rapportage_detail, name="rapportage_detail"),
    path(
        "rapportages/<int:pk>/voortgang/",
        views.rapportage_voortgang,
        name="rapportage_voortgang",
    ),
    path(
        "rapportages/<int:pk>/opnieuw/",
        views.rapportage_opnieuw_proberen,
        name="rapportage_opnieuw_proberen",
    ),
    path(
        "rapportages/<int:pk>/annuleren/", views.rapportage_annuleren, name="rapportage_annuleren"
    ),
    path("rapportages/<int:pk>/pdf/", views.rapportage_pdf, name="rapportage_pdf"),
    path("rapportages/<int:pk>/csv/", views.rapportage_csv, name="rapportage_csv"),
    path("", include("rapportage.ddas.urls")),
    path("", include("rapportage.ddas.api.urls")),
]
