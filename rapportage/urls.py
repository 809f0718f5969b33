from django.urls import include, path

from rapportage import views

urlpatterns = [
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
