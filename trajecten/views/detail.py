"""The traject page: phases as steps, the next step and who does it, clocks, timeline."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from schuldhulp import audit
from schuldhulp.permissions import (
    mag,
    partij_reden,
    wie_doet,
)
from schuldhulp.services import GeenAfspraak, afspraak_op
from trajecten import selectors, workflow
from trajecten.models import (
    Aanmeldkanaal,
    BedreigendeSituatie,
    Fase,
    Gebeurtenis,
    Normbewaking,
    Productsoort,
    Schuldregelingstatus,
    Traject,
    Uitstroomreden,
    Verwijspartner,
)
from trajecten.pakket.views.takenverdeling import takenverdeling
from trajecten.samenwerking.paneel import samenwerking
from trajecten.samenwerking.views.paneel_personen import tijdlijnregels
from trajecten.views.knoppen import Actie, acties_voor
from trajecten.views.werkvoorraad import vereis_dossierrol


def _wie_en_waarom(
    traject: Traject, volgende: workflow.Handeling | None, user
) -> tuple[str, str | None]:
    """Who does the next step ('Dit doet …', with the package rule when it is the other
    side), and the remaining reason why this user cannot do it now (or None)."""
    if volgende is None:
        return "", None
    andere_partij = partij_reden(traject, volgende, user)
    wie = andere_partij or f"Dit doet {wie_doet(volgende.partij(traject))}."
    return wie, mag(user, volgende, traject)


def _stappen(traject: Traject) -> list[dict]:
    """The journey as steps: done, current, skipped or to come (from the event rows)."""
    bereikt = {Fase.AANGEMELD} | {g.naar_fase for g in traject.gebeurtenissen.all() if g.naar_fase}
    fasen = list(Fase)
    huidig = fasen.index(Fase(traject.fase))
    stappen = []
    for i, fase in enumerate(fasen):
        if i == huidig:
            stand = "huidig"
        elif fase in bereikt and i < huidig:
            stand = "klaar"
        elif i < huidig:
            stand = "overgeslagen"
        else:
            stand = "komend"
        stappen.append({"fase": fase, "stand": stand})
    return stappen


def _details(g: Gebeurtenis) -> list[str]:
    """Readable facts from an event's data (reason, product, step)."""
    d = g.gegevens or {}
    regels = []
    regels += tijdlijnregels(d)  # the people on the traject (trajecten/samenwerking)
    if g.soort == "schuldeiser":  # a creditor's message: its own keys (status, kanaal)
        return regels + _schuldeiserregels(d)
    if d.get("kanaal"):
        regels.append(f"Aangemeld via: {Aanmeldkanaal(d['kanaal']).label}")
    for sleutel in ("bedreigende_situatie", "bedreiging"):
        if d.get(sleutel):
            regels.append(f"Bedreigende situatie: {BedreigendeSituatie(d[sleutel]).label}")
    if d.get("uitstroomreden"):
        regels.append(f"Reden van uitstroom: {Uitstroomreden(d['uitstroomreden']).label}")
    if d.get("verwezen_naar"):
        regels.append(f"Verwezen naar: {Verwijspartner(d['verwezen_naar']).label}")
    if d.get("productsoort"):
        regels.append(f"Product: {Productsoort(d['productsoort']).label}")
    if d.get("status"):
        regels.append(f"Schuldregeling: {Schuldregelingstatus(d['status']).label}")
    if d.get("resultaat"):
        regels.append(f"Resultaat: {d['resultaat']}")
    if d.get("zelfredzaam") is not None and "zelfredzaam" in d:
        regels.append(f"Financieel zelfredzaam: {'ja' if d['zelfredzaam'] else 'nee'}")
    for punt in d.get("controlelijst", ()):  # financiële rust (klantplan/rustbewijs.py)
        uitleg = f" Toelichting: {punt['toelichting']}" if punt["toelichting"] else ""
        regels.append(f"✓ {punt['uitspraak']} {punt['bewijs']}{uitleg}")
    if d.get("afgerond"):
        regels.append(f"Afgerond; dreiging voorkomen: {'ja' if d.get('voorkomen') else 'nee'}")
    return regels


def _schuldeiserregels(d: dict) -> list[str]:
    """A message to or from a creditor (klantplan.schuldregeling): who, state, channel."""
    from klantplan.schuldregeling.workflow import Kanaal, Onderhandelingstatus

    regels = [f"Schuldeiser: {d['schuldeiser']}"] if d.get("schuldeiser") else []
    if d.get("status") in Onderhandelingstatus.values:
        regels.append(f"Status: {Onderhandelingstatus(d['status']).label}")
    if d.get("kanaal") in Kanaal.values:
        regels.append(f"Kanaal: {Kanaal(d['kanaal']).label}")
    return regels


def _klok_sortering(klok: Normbewaking) -> tuple:
    rang = {"overschreden": 0, "dreigt": 1}.get(klok.status, 2)
    open_ = klok.is_open and not klok.vervallen
    return (not open_, rang if open_ else 0, klok.deadline, klok.pk)


def _ververs_versie(form: forms.Form, traject: Traject) -> None:
    """After a refusal the page shows the new state; a retry then uses that version."""
    if "versie" in form.fields:
        data = form.data.copy()
        data[form.add_prefix("versie")] = str(traject.versie)
        form.data = data


def detail_response(
    request: HttpRequest, traject: Traject, gebonden: Actie | None = None
) -> HttpResponse:
    user = request.user
    acties = acties_voor(traject, user)
    # Maatwerk and tasks settled per traject (trajecten/pakket): its forms take part in the
    # bound-form handling below like the others.
    taken = takenverdeling(traject, user, gebonden)
    acties["takenverdeling"] = taken.acties
    samen = samenwerking(traject, user, gebonden)  # trajecten.samenwerking.paneel
    acties["samenwerking"] = samen.acties
    fout_zonder_formulier = None
    if gebonden is not None:
        _ververs_versie(gebonden.form, traject)
        gevonden = False
        for lijst in acties.values():
            for i, actie in enumerate(lijst):
                if actie.id == gebonden.id:
                    lijst[i] = gebonden
                    gevonden = True
        if not gevonden:  # the action is no longer possible: say why at the top
            fout_zonder_formulier = gebonden
    vandaag = timezone.localdate()
    vrije_dagen = selectors.feestdagen()
    klokken = [
        selectors.klok_weergave(k, vandaag=vandaag, feestdagen=vrije_dagen)
        for k in sorted(traject.klokken.all(), key=_klok_sortering)
    ]
    gebeurtenissen = list(traject.gebeurtenissen.all())
    for g in gebeurtenissen:
        g.details = _details(g)
    volgende = workflow.volgende_overgang(traject.fase)
    volgende_wie, volgende_reden = _wie_en_waarom(traject, volgende, user)
    try:
        huidige_afspraak = afspraak_op(gemeente=traject.gemeente, datum=vandaag)
    except GeenAfspraak:
        huidige_afspraak = None
    context = {
        "traject": traject,
        "klant": traject.klant,
        "stappen": _stappen(traject),
        "acties": acties,
        "gebonden": gebonden,
        "fout_zonder_formulier": fout_zonder_formulier,
        "klokken": klokken,
        "gebeurtenissen": gebeurtenissen,
        "producten": list(traject.producten.all()),
        "crisisinterventies": list(traject.crisisinterventies.all()),
        "moratoria": list(traject.moratoria.all()),
        "volgende": volgende,
        "volgende_wie": volgende_wie,
        "volgende_reden": volgende_reden,
        "pakket_gewijzigd": huidige_afspraak is not None
        and huidige_afspraak.pk != traject.afspraak_id,
        "huidige_afspraak": huidige_afspraak,
        "takenverdeling": taken,
        "samenwerking": samen,
    }
    return render(request, "trajecten/traject_detail.html", context)


def laad_traject(request: HttpRequest, pk: int) -> Traject:
    vereis_dossierrol(request)
    return selectors.traject_detail(request.user, pk)


@login_required
def traject_detail(request: HttpRequest, pk: int) -> HttpResponse:
    traject = laad_traject(request, pk)
    audit.dossier_ingezien(request=request, obj=traject, omschrijving="Traject")
    return detail_response(request, traject)
