from trajecten.pakket.views import afspraken, maatwerk

urlpatterns = [*afspraken.urls, *maatwerk.urls]
