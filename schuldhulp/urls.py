from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from klantplan.portaal.views import digid_patronen as portaal_digid
from schuldhulp import (
    sessie,
    tweestaps,
    views,
    views_beheer,
    views_rechten,
    views_spreekuur,
    wachtwoordwissel,
)

urlpatterns = [
    path("", views.home, name="home"),
    path("start/", views.na_inloggen, name="na_inloggen"),
    path("inloggen/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("uitloggen/overal/", views.overal_uitloggen, name="overal_uitloggen"),
    path("sessie/verlengen/", sessie.verlengen, name="sessie_verlengen"),
    path("tweestaps/", tweestaps.tweestaps, name="tweestaps"),
    path("tweestaps/inrichten/<str:token>/", tweestaps.inrichten, name="tweestaps_inrichten"),
    path("wachtwoord/kiezen/", wachtwoordwissel.wachtwoord_kiezen, name="wachtwoord_kiezen"),
    path("klanten/", views.klanten, name="klanten"),
    path("klanten/nieuw/", views.klant_nieuw, name="klant_nieuw"),
    path("klanten/<int:pk>/", views.klant_detail, name="klant_detail"),
    path("klanten/<int:pk>/wijzigen/", views.klant_wijzig, name="klant_wijzig"),
    path("gemeenten/", views.gemeenten, name="gemeenten"),
    path("gemeenten/<int:pk>/", views.gemeente_detail, name="gemeente_detail"),
    path("gemeenten/<int:pk>/spreekuren/", views_spreekuur.spreekuren, name="gemeente_spreekuren"),
    path(
        "gemeenten/<int:pk>/spreekuren/<int:spreekuur_pk>/verwijderen/",
        views_spreekuur.spreekuur_verwijder,
        name="spreekuur_verwijder",
    ),
    path("verwerkingenlog/", views_beheer.verwerkingenlog, name="verwerkingenlog"),
    path(
        "verwerkingenlog/export/",
        views_beheer.verwerkingenlog_export,
        name="verwerkingenlog_export",
    ),
    path("rechtenverzoeken/", views_rechten.verzoeken, name="rechtenverzoeken"),
    *(
        path(
            f"rechtenverzoeken/<int:pk>/{besluit}/",
            views_rechten.beslissen,
            {"besluit": besluit},
            name=f"rechtenverzoek_{besluit}",
        )
        for besluit in views_rechten.BESLISSINGEN
    ),
    path("gebruikers/<int:pk>/inrichtlink/", views_rechten.inrichtlink, name="inrichtlink"),
    path("", include("trajecten.urls")),
    path("", include("trajecten.vroegsignalering.urls")),
    path("", include("klantplan.urls")),
    path("", include("trajecten.pakket.urls")),
    path("", include("trajecten.samenwerking.urls")),
    path("", include("klantplan.schuldregeling.urls")),
    path("", include("klantplan.huishouden.views")),
    path("", include("klantplan.papieren.views")),
    path("", include("klantplan.portaal.dossier")),
    # Mijn Schuldhulp, the klant's portal, with its own session under this prefix (ADR 0019).
    path("mijn-schuldhulp/", include("klantplan.portaal.views")),
    path("mijn-schuldhulp/", include(portaal_digid)),
    path("", include("rapportage.urls")),
    path("", include("rapportage.facturatie.urls")),
    # The survey at uitstroom: public, the link is the right (ADR 0029).
    path("", include("rapportage.tevredenheid.urls")),
    path("beheer/", admin.site.urls),
]

# Error pages in Dutch (schuldhulp/fouten.py); CSRF failures: settings.CSRF_FAILURE_VIEW.
handler400 = "schuldhulp.fouten.fout_400"
handler403 = "schuldhulp.fouten.fout_403"
handler404 = "schuldhulp.fouten.fout_404"
handler500 = "schuldhulp.fouten.fout_500"
