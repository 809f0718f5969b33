from django.urls import path

from klantplan import views

app_name = "klantplan"

T = "trajecten/<int:traject_pk>/"
V = T + "klantplan/versie/<int:versie>/"

urlpatterns = [
    # Klantplan and its versions
    path(T + "klantplan/", views.klantplan, name="klantplan"),
    path(T + "klantplan/maken/", views.klantplan_maak, name="klantplan_maak"),
    path(T + "klantplan/nieuwe-versie/", views.klantplan_nieuwe_versie, name="nieuwe_versie"),
    path(T + "klantplan/vergelijken/", views.klantplan_vergelijk, name="vergelijk"),
    path(T + "klantplan/monitoring/nieuw/", views.monitoring_nieuw, name="monitoring_nieuw"),
    path(V, views.klantplan_versie, name="klantplan_versie"),
    path(V + "wijzigen/", views.klantplan_wijzig, name="klantplan_wijzig"),
    path(V + "vaststellen/", views.klantplan_vaststellen, name="vaststellen"),
    path(V + "doelen/nieuw/", views.doel_nieuw, name="doel_nieuw"),
    path(V + "doelen/<int:pk>/wijzigen/", views.doel_wijzig, name="doel_wijzig"),
    path(V + "doelen/<int:pk>/verwijderen/", views.doel_verwijder, name="doel_verwijder"),
    path(V + "doelen/<int:pk>/status/", views.doel_status, name="doel_status"),
    path(V + "acties/nieuw/", views.actie_nieuw, name="actie_nieuw"),
    path(T + "acties/<int:pk>/wijzigen/", views.actie_wijzig, name="actie_wijzig"),
    path(T + "acties/<int:pk>/verwijderen/", views.actie_verwijder, name="actie_verwijder"),
    path(T + "acties/<int:pk>/gedaan/", views.actie_gedaan, name="actie_gedaan"),
    # Schuldenoverzicht
    path(T + "schulden/", views.schulden, name="schulden"),
    path(T + "schulden/nieuw/", views.schuld_nieuw, name="schuld_nieuw"),
    path(T + "schulden/inlezen/", views.schulden_import, name="schulden_import"),
    path(
        T + "schulden/inlezen/voorbeeld.csv",
        views.schulden_import_voorbeeld,
        name="schulden_voorbeeld",
    ),
    path(T + "schulden/<int:pk>/", views.schuld_rij, name="schuld_rij"),
    path(T + "schulden/<int:pk>/wijzigen/", views.schuld_wijzig, name="schuld_wijzig"),
    path(T + "schulden/<int:pk>/verwijderen/", views.schuld_verwijder, name="schuld_verwijder"),
    path("schuldeisers/", views.schuldeisers, name="schuldeisers"),
    # Saneringsvoorstel
    path(T + "saneringsvoorstel/", views.voorstellen, name="voorstellen"),
    path(T + "saneringsvoorstel/<int:pk>/", views.voorstel, name="voorstel"),
    # Documents
    path(T + "documenten/", views.documenten, name="documenten"),
    path(T + "documenten/maken/", views.document_maak, name="document_maak"),
    path(T + "documenten/actielijst-mailen/", views.actielijst_mail, name="actielijst_mail"),
    path(T + "documenten/<int:pk>/download/", views.document_download, name="document_download"),
    # Gesprekken, afstemming, klachten
    path(T + "gesprekken/", views.gesprekken, name="gesprekken"),
    path(T + "gesprekken/nieuw/", views.gesprek_nieuw, name="gesprek_nieuw"),
    path(T + "gesprekken/<int:pk>/", views.gesprek, name="gesprek"),
    path(T + "gesprekken/<int:pk>/acties/nieuw/", views.gesprek_actie_nieuw, name="gesprek_actie"),
    path(T + "afstemming/", views.afstemmingen, name="afstemmingen"),
    path(T + "afstemming/nieuw/", views.afstemming_nieuw, name="afstemming_nieuw"),
    path(T + "klachten/", views.klachten, name="klachten"),
    path(T + "klachten/nieuw/", views.klacht_nieuw, name="klacht_nieuw"),
    path(T + "klachten/<int:pk>/afhandelen/", views.klacht_afhandelen, name="klacht_afhandelen"),
]
