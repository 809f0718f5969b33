from django.urls import path

from klantplan.views import acties, contact, documenten, plan, sanering, schulden

app_name = "klantplan"

T = "trajecten/<int:traject_pk>/"
V = T + "klantplan/versie/<int:versie>/"

urlpatterns = [
    # Klantplan and its versions
    path(T + "klantplan/", plan.klantplan, name="klantplan"),
    path(T + "klantplan/maken/", plan.klantplan_maak, name="klantplan_maak"),
    path(T + "klantplan/nieuwe-versie/", plan.klantplan_nieuwe_versie, name="nieuwe_versie"),
    path(T + "klantplan/vergelijken/", plan.klantplan_vergelijk, name="vergelijk"),
    path(T + "klantplan/monitoring/nieuw/", plan.monitoring_nieuw, name="monitoring_nieuw"),
    path(V, plan.klantplan_versie, name="klantplan_versie"),
    path(V + "wijzigen/", plan.klantplan_wijzig, name="klantplan_wijzig"),
    path(V + "vaststellen/", plan.klantplan_vaststellen, name="vaststellen"),
    path(V + "doelen/nieuw/", plan.doel_nieuw, name="doel_nieuw"),
    path(V + "doelen/<int:pk>/wijzigen/", plan.doel_wijzig, name="doel_wijzig"),
    path(V + "doelen/<int:pk>/verwijderen/", plan.doel_verwijder, name="doel_verwijder"),
    path(V + "doelen/<int:pk>/status/", plan.doel_status, name="doel_status"),
    path(V + "acties/nieuw/", acties.actie_nieuw, name="actie_nieuw"),
    path(T + "acties/<int:pk>/wijzigen/", acties.actie_wijzig, name="actie_wijzig"),
    path(T + "acties/<int:pk>/verwijderen/", acties.actie_verwijder, name="actie_verwijder"),
    path(T + "acties/<int:pk>/gedaan/", acties.actie_gedaan, name="actie_gedaan"),
    # Schuldenoverzicht
    path(T + "schulden/", schulden.schulden, name="schulden"),
    path(T + "schulden/nieuw/", schulden.schuld_nieuw, name="schuld_nieuw"),
    path(T + "schulden/inlezen/", schulden.schulden_import, name="schulden_import"),
    path(
        T + "schulden/inlezen/voorbeeld.csv",
        schulden.schulden_import_voorbeeld,
        name="schulden_voorbeeld",
    ),
    path(T + "schulden/<int:pk>/", schulden.schuld_rij, name="schuld_rij"),
    path(T + "schulden/<int:pk>/wijzigen/", schulden.schuld_wijzig, name="schuld_wijzig"),
    path(T + "schulden/<int:pk>/verwijderen/", schulden.schuld_verwijder, name="schuld_verwijder"),
    path("schuldeisers/", schulden.schuldeisers, name="schuldeisers"),
    # Saneringsvoorstel
    path(T + "saneringsvoorstel/", sanering.voorstellen, name="voorstellen"),
    path(T + "saneringsvoorstel/<int:pk>/", sanering.voorstel, name="voorstel"),
    # Documents
    path(T + "documenten/", documenten.documenten, name="documenten"),
    path(T + "documenten/maken/", documenten.document_maak, name="document_maak"),
    path(T + "documenten/actielijst-mailen/", documenten.actielijst_mail, name="actielijst_mail"),
    path(
        T + "documenten/<int:pk>/download/", documenten.document_download, name="document_download"
    ),
    # Gesprekken, afstemming, klachten
    path(T + "gesprekken/", contact.gesprekken, name="gesprekken"),
    path(T + "gesprekken/nieuw/", contact.gesprek_nieuw, name="gesprek_nieuw"),
    path(T + "gesprekken/<int:pk>/", contact.gesprek, name="gesprek"),
    path(
        T + "gesprekken/<int:pk>/acties/nieuw/", contact.gesprek_actie_nieuw, name="gesprek_actie"
    ),
    path(T + "afstemming/", contact.afstemmingen, name="afstemmingen"),
    path(T + "afstemming/nieuw/", contact.afstemming_nieuw, name="afstemming_nieuw"),
    path(
        T + "afstemming/<int:pk>/beantwoorden/",
        contact.afstemming_beantwoorden,
        name="afstemming_beantwoorden",
    ),
    path(T + "klachten/", contact.klachten, name="klachten"),
    path(T + "klachten/nieuw/", contact.klacht_nieuw, name="klacht_nieuw"),
    path(T + "klachten/<int:pk>/afhandelen/", contact.klacht_afhandelen, name="klacht_afhandelen"),
]
