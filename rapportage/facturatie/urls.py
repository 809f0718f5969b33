from django.urls import path

from rapportage.facturatie import views

urlpatterns = [
    path("specificaties/", views.specificaties, name="specificaties"),
    path("specificaties/maken/", views.specificatie_maken, name="specificatie_maken"),
    path("specificaties/<int:pk>/pdf/", views.specificatie_pdf, name="specificatie_pdf"),
    path("specificaties/<int:pk>/csv/", views.specificatie_csv, name="specificatie_csv"),
]
