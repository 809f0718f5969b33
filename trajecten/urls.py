from django.urls import path

from trajecten import views

urlpatterns = [
    path("werkvoorraad/", views.werkvoorraad, name="werkvoorraad"),
    path("signaleringen/", views.signaleringen, name="signaleringen"),
    path("signaleringen/gelezen/", views.signaleringen_gelezen, name="signaleringen_gelezen"),
    path("signaleringen/<int:pk>/gelezen/", views.signalering_gelezen, name="signalering_gelezen"),
    path("trajecten/aanmelden/", views.aanmelden, name="traject_aanmelden"),
    path("trajecten/<int:pk>/", views.traject_detail, name="traject_detail"),
    path("trajecten/<int:pk>/stap/<str:naam>/", views.traject_overgang, name="traject_overgang"),
    path(
        "trajecten/<int:pk>/producten/nieuw/",
        views.traject_product_start,
        name="traject_product_start",
    ),
    path(
        "trajecten/<int:pk>/producten/<int:product_pk>/beeindigen/",
        views.traject_product_einde,
        name="traject_product_einde",
    ),
    path(
        "trajecten/<int:pk>/producten/<int:product_pk>/schuldregeling/",
        views.traject_schuldregeling,
        name="traject_schuldregeling",
    ),
    path(
        "trajecten/<int:pk>/crisisinterventies/nieuw/",
        views.traject_crisis_start,
        name="traject_crisis_start",
    ),
    path(
        "trajecten/<int:pk>/crisisinterventies/<int:interventie_pk>/afronden/",
        views.traject_crisis_af,
        name="traject_crisis_af",
    ),
    path(
        "trajecten/<int:pk>/moratoria/nieuw/", views.traject_moratorium, name="traject_moratorium"
    ),
    path(
        "trajecten/<int:pk>/termijnen/<int:klok_pk>/opschorten/",
        views.traject_klok_opschorten,
        name="traject_klok_opschorten",
    ),
    path(
        "trajecten/<int:pk>/termijnen/<int:klok_pk>/hervatten/",
        views.traject_klok_hervatten,
        name="traject_klok_hervatten",
    ),
]
