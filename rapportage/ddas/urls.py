from django.urls import path

from rapportage.ddas import views

urlpatterns = [
    path("ddas/", views.export, name="ddas_export"),
    path("ddas/importeren/", views.importeren, name="ddas_importeren"),
    path("ddas/importeren/<str:sha256>/", views.voorbeeld, name="ddas_voorbeeld"),
]
