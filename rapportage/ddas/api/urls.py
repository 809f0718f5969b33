from django.urls import path
from oauth2_provider.views import TokenView

from rapportage.ddas.api import views

urlpatterns = [
    path("api/ddas/oauth/token/", TokenView.as_view(), name="ddas_api_token"),
    path("api/ddas/shv/v1/gegevens", views.gegevens_shv, name="ddas_api_shv"),
    path("api/ddas/vs/v1/gegevens", views.gegevens_vs, name="ddas_api_vs"),
]
