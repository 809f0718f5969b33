"""URLs for tests/schuldhulp/test_foutpaginas.py: the application's, plus views that fail on
purpose, and the same error handlers (Django reads them from the ROOT_URLCONF in use)."""

from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.urls import path

from schuldhulp import urls
from schuldhulp.fouten import NietGevonden


def boem(request):
    raise RuntimeError("Iets onverwachts")


def verdacht(request):
    raise SuspiciousOperation("Verdacht verzoek")


def intern_niet_gevonden(request):
    raise Http404("No Klant matches the given query.")


def eigen_niet_gevonden(request):
    raise NietGevonden("Deze download bestaat niet.")


urlpatterns = [
    path("test/boem/", boem),
    path("test/verdacht/", verdacht),
    path("test/intern-404/", intern_niet_gevonden),
    path("test/eigen-404/", eigen_niet_gevonden),
    *urls.urlpatterns,
]
handler400, handler403 = urls.handler400, urls.handler403
handler404, handler500 = urls.handler404, urls.handler500
