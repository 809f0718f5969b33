from django.urls import path

from rapportage.tevredenheid import views

app_name = "tevredenheid"
urlpatterns = [
    path("vragenlijst/<str:token>/", views.vragenlijst, name="vragenlijst"),
]
