"""URLs of the schuldregeling; each screen module owns its patterns."""

from __future__ import annotations

from klantplan.schuldregeling.views import brieven, lopend, overzicht, portaal, rechter

app_name = "schuldregeling"
urlpatterns = [
    *overzicht.urlpatterns,
    *portaal.urlpatterns,
    *brieven.urlpatterns,
    *lopend.urlpatterns,
    *rechter.urlpatterns,
]
