"""Screens of the client journey: werkvoorraad, traject detail with its actions, aanmelden,
signaleringen. Thin: reads via trajecten.selectors, writes via trajecten.services."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from schuldhulp import audit
from schuldhulp.models import Klant
from schuldhulp.opmaak import datum_lang
from schuldhulp.permissions import (
    filter_for_user,
    gemeente_ids,
    mag,
    partij_reden,
    vereis,
    wie_doet,
)
from schuldhulp.selectors import gemeenten_voor
from schuldhulp.services import GeenAfspraak, afspraak_op
from trajecten import forms as f
from trajecten import selectors, services, workflow
from trajecten.models import (
    Aanmeldkanaal,
    BedreigendeSituatie,
    Fase,
    Gebeurtenis,
    Gebeurtenissoort,
    Normbewaking,
    Product,
    Productsoort,
    Schuldregelingstatus,
    Traject,
    Uitstroomreden,
)
from trajecten.selectors import Weergave

PER_PAGINA = 25
SIGNALERINGEN_OP_WERKVOORRAAD = 5


def _vereis_dossierrol(request: HttpRequest) -> None:
    vereis(request.user, "dossiers.inzien")


# ------------------------------------------------------------------------------ werkvoorraad


@login_required
def werkvoorraad(request: HttpRequest) -> HttpResponse:
    _vereis_dossierrol(request)
    user = request.user
    gemeenten = gemeenten_voor(user)
    form = f.WerkvoorraadFilterForm(
        request.GET or None,
        gemeenten=gemeenten,
        normen=selectors.normkeuzes(gemeente_ids(user)),
    )
    filters = form.filters()
    qs = selectors.werkvoorraad(user, filters)
    pagina = Paginator(selectors.TweeStappen(qs), PER_PAGINA).get_page(request.GET.get("pagina"))
    selectors.vul_urgente_klokken(pagina.object_list)
    ongelezen = selectors.ongelezen_signaleringen(user)
    context = {
        "form": form,
        "filters": filters,
        "team": filters.weergave == Weergave.TEAM,
        "pagina": pagina,
        "telling": selectors.tellingen(qs),
        "ongelezen": list(ongelezen[:SIGNALERINGEN_OP_WERKVOORRAAD]),
        "aantal_ongelezen": ongelezen.count(),
        "gefilterd": any([filters.gemeente_id, filters.fase, filters.product, filters.norm]),
    }
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "trajecten/_werkvoorraad_resultaat.html", context)
    return render(request, "trajecten/werkvoorraad.html", context)


# ------------------------------------------------------------------------------ signaleringen


@login_required
def signaleringen(request: HttpRequest) -> HttpResponse:
    _vereis_dossierrol(request)
    qs = selectors.signaleringen_voor(request.user)
    pagina = Paginator(qs, PER_PAGINA).get_page(request.GET.get("pagina"))
    return render(
        request,
        "trajecten/signaleringen.html",
        {"pagina": pagina, "aantal_ongelezen": qs.filter(gelezen_op__isnull=True).count()},
    )


@login_required
@require_POST
def signalering_gelezen(request: HttpRequest, pk: int) -> HttpResponse:
    _vereis_dossierrol(request)
    signalering = selectors.signalering_van(request.user, pk)
    gelezen = request.POST.get("gelezen") != "0"
    services.markeer_gelezen(signalering=signalering, gelezen=gelezen)
    if request.htmx:
        return render(request, "trajecten/_signalering_rij.html", {"s": signalering})
    messages.success(
        request, "Signalering gemarkeerd als gelezen." if gelezen else "Signalering is weer nieuw."
    )
    volgende = request.POST.get("volgende", "")
    if not url_has_allowed_host_and_scheme(
        volgende, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        volgende = reverse("signaleringen")
    return redirect(volgende)


# ------------------------------------------------------------------------------ aanmelden


@login_required
def aanmelden(request: HttpRequest) -> HttpResponse:
    _vereis_dossierrol(request)
    user = request.user
    vaste_klant = None
    if klant_pk := request.GET.get("klant"):
        if not klant_pk.isdigit():
            raise Http404
        vaste_klant = get_object_or_404(
            filter_for_user(user, Klant.objects.select_related("gemeente")), pk=klant_pk
        )
        lopend = vaste_klant.trajecten.lopend().first()
        if lopend is not None:
            messages.info(request, "Deze klant heeft al een lopend traject.")
            return redirect("traject_detail", pk=lopend.pk)
        if vaste_klant.gemeente_id not in gemeente_ids(user):
            raise Http404  # a shared dossier of another gemeente: not ours to register
    klanten = selectors.aanmeldbare_klanten(user)
    behandelaar_gemeenten = [vaste_klant.gemeente_id] if vaste_klant else gemeente_ids(user)
    form = f.AanmeldForm(
        request.POST or None,
        klanten=klanten,
        behandelaars=selectors.behandelaars(behandelaar_gemeenten),
        vaste_klant=vaste_klant,
        initial={"klant": vaste_klant, "behandelaar": user},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            traject = services.meld_aan(
                klant=data["klant"],
                door=user,
                datum=data["datum"],
                kanaal=data["kanaal"],
                bedreigende_situatie=data["bedreigende_situatie"],
                crisisinterventie=data["crisisinterventie"],
                behandelaar=data["behandelaar"],
                toelichting=data["toelichting"],
                reden_terugdatering=data["reden_terugdatering"],
            )
        except services.Geweigerd as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                f"{traject.klant.volledige_naam} is aangemeld op "
                f"{datum_lang(traject.aanmelddatum)}.",
            )
            return redirect("traject_detail", pk=traject.pk)
    return render(
        request,
        "trajecten/aanmelden.html",
        {"form": form, "vaste_klant": vaste_klant, "heeft_klanten": klanten.exists()},
    )


# ------------------------------------------------------------------------------ traject detail


@dataclass
class Actie:
    """One thing the user can do on the traject page: a titled form that posts to `url`."""

    id: str
    titel: str
    knop: str
    url: str
    form: forms.Form
    uitleg: str = ""
    knoppen: list[tuple[str, str, str]] = field(default_factory=list)  # (name, value, label)

    @property
    def open(self) -> bool:
        return self.form.is_bound


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
    if d.get("kanaal"):
        regels.append(f"Aangemeld via: {Aanmeldkanaal(d['kanaal']).label}")
    for sleutel in ("bedreigende_situatie", "bedreiging"):
        if d.get(sleutel):
            regels.append(f"Bedreigende situatie: {BedreigendeSituatie(d[sleutel]).label}")
    if d.get("uitstroomreden"):
        regels.append(f"Reden van uitstroom: {Uitstroomreden(d['uitstroomreden']).label}")
    if d.get("productsoort"):
        regels.append(f"Product: {Productsoort(d['productsoort']).label}")
    if d.get("status"):
        regels.append(f"Schuldregeling: {Schuldregelingstatus(d['status']).label}")
    if d.get("resultaat"):
        regels.append(f"Resultaat: {d['resultaat']}")
    if d.get("zelfredzaam") is not None and "zelfredzaam" in d:
        regels.append(f"Financieel zelfredzaam: {'ja' if d['zelfredzaam'] else 'nee'}")
    if d.get("afgerond"):
        regels.append(f"Afgerond; dreiging voorkomen: {'ja' if d.get('voorkomen') else 'nee'}")
    return regels


def _klok_sortering(klok: Normbewaking) -> tuple:
    rang = {"overschreden": 0, "dreigt": 1}.get(klok.status, 2)
    open_ = klok.is_open and not klok.vervallen
    return (not open_, rang if open_ else 0, klok.deadline, klok.pk)


def _acties(traject: Traject, user) -> dict[str, list[Actie]]:
    """Every action this user may take now, grouped by where the page shows it: the buttons
    are exactly the catalogue rows the gate allows (schuldhulp.permissions.mag)."""
    pk = traject.pk
    versie = {"versie": traject.versie}
    url = lambda naam, *args: reverse(naam, args=[pk, *args])  # noqa: E731
    kan = lambda handeling, obj=traject: mag(user, handeling, obj) is None  # noqa: E731
    groepen: dict[str, list[Actie]] = {
        "overgangen": [],
        "uitstroom": [],
        "producten": [],
        "crisis": [],
        "moratorium": [],
        "klokken": [],
    }
    for o in workflow.OVERGANGEN.values():
        if not kan(o):
            continue
        actie_id = f"stap-{o.naam}"
        # The ways out (afwijzing, uitstroom) sit folded below the step forward.
        groepen["uitstroom" if o.uitstroomreden else "overgangen"].append(
            Actie(
                id=actie_id,
                titel=o.knop,
                knop=o.knop,
                url=url("traject_overgang", o.naam),
                form=f.OvergangForm(
                    prefix=actie_id, overgang=o, initial={"versie": traject.versie}
                ),
                uitleg=o.uitleg,
            )
        )
    if kan("product.start"):
        groepen["producten"].append(
            _actie(
                "product.start",
                "product-nieuw",
                url("traject_product_start"),
                f.ProductStartForm,
                initial=versie,
            )
        )
    for product in traject.producten.all():
        product.traject = traject
        _product_acties(groepen["producten"], product, url, versie, kan)
    if kan("moratorium.registreer"):
        groepen["moratorium"].append(
            _actie(
                "moratorium.registreer",
                "moratorium",
                url("traject_moratorium"),
                f.MoratoriumForm,
                initial=versie,
            )
        )
    if kan("crisis.start"):
        groepen["crisis"].append(
            _actie(
                "crisis.start",
                "crisis-nieuw",
                url("traject_crisis_start"),
                f.CrisisStartForm,
                initial=versie,
            )
        )
    for ci in traject.crisisinterventies.all():
        ci.traject = traject
        if kan("crisis.rond_af", ci):
            groepen["crisis"].append(
                _actie(
                    "crisis.rond_af",
                    f"crisis-{ci.pk}",
                    url("traject_crisis_af", ci.pk),
                    f.CrisisAfrondenForm,
                    titel=f"Crisisinterventie afronden: {ci.get_soort_display().lower()}",
                )
            )
    for klok in traject.klokken.all():
        klok.traject = traject
        if kan("klok.hervat", klok):
            groepen["klokken"].append(
                _actie(
                    "klok.hervat",
                    f"hervat-{klok.pk}",
                    url("traject_klok_hervatten", klok.pk),
                    f.HervattingForm,
                    titel=f"Termijn weer laten lopen: {klok.norm.naam}",
                )
            )
        elif kan("klok.schort_op", klok):
            groepen["klokken"].append(
                _actie(
                    "klok.schort_op",
                    f"opschort-{klok.pk}",
                    url("traject_klok_opschorten", klok.pk),
                    f.OpschortingForm,
                    titel=f"Termijn opschorten: {klok.norm.naam}",
                )
            )
    return groepen


def _actie(naam: str, actie_id: str, url: str, formulier, titel: str = "", **kw) -> Actie:
    """A button for catalogue row `naam`, with its words from the catalogue."""
    h = workflow.HANDELINGEN[naam]
    return Actie(
        id=actie_id,
        titel=titel or h.knop,
        knop=h.knop,
        url=url,
        form=formulier(prefix=actie_id, **kw),
        uitleg=h.uitleg,
    )


def _schuldregeling_titel(product: Product) -> str:
    return f"Stap in de schuldregeling (nu: {product.get_schuldregeling_status_display().lower()})"


def _product_acties(
    lijst: list[Actie],
    product: Product,
    url: Callable[..., str],
    versie: dict,
    kan: Callable[..., bool],
) -> None:
    stappen = [
        (s.naam, s.knop) for s in workflow.SCHULDREGELING_STAPPEN.values() if kan(s, product)
    ]
    if stappen:
        actie_id = f"schuldregeling-{product.pk}"
        lijst.append(
            Actie(
                id=actie_id,
                titel=_schuldregeling_titel(product),
                knop="",
                url=url("traject_schuldregeling", product.pk),
                form=f.SchuldregelingStapForm(prefix=actie_id, stappen=stappen, initial=versie),
                knoppen=[(f"{actie_id}-stap", naam, knop) for naam, knop in stappen],
                uitleg="Kies met de knop welke stap er is gezet.",
            )
        )
    if kan("product.beeindig", product):
        lijst.append(
            _actie(
                "product.beeindig",
                f"product-{product.pk}",
                url("traject_product_einde", product.pk),
                f.ProductEindeForm,
                titel=f"{product.get_soort_display()} beëindigen",
                initial=versie,
            )
        )


def _ververs_versie(form: forms.Form, traject: Traject) -> None:
    """After a refusal the page shows the new state; a retry then uses that version."""
    if "versie" in form.fields:
        data = form.data.copy()
        data[form.add_prefix("versie")] = str(traject.versie)
        form.data = data


def _detail_response(
    request: HttpRequest, traject: Traject, gebonden: Actie | None = None
) -> HttpResponse:
    user = request.user
    acties = _acties(traject, user)
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
    }
    return render(request, "trajecten/traject_detail.html", context)


def _traject(request: HttpRequest, pk: int) -> Traject:
    _vereis_dossierrol(request)
    return selectors.traject_detail(request.user, pk)


@login_required
def traject_detail(request: HttpRequest, pk: int) -> HttpResponse:
    traject = _traject(request, pk)
    audit.dossier_ingezien(request=request, obj=traject, omschrijving="Traject")
    return _detail_response(request, traject)


def _uitvoeren(
    request: HttpRequest,
    traject: Traject,
    actie: Actie,
    doe: Callable[[dict], str],
) -> HttpResponse:
    """Validate the form, call the service; success → redirect with a message, else re-render
    the page with the bound form and the reason (the service changed nothing)."""
    if actie.form.is_valid():
        try:
            melding = doe(actie.form.cleaned_data)
        except services.Geweigerd as exc:
            actie.form.add_error(None, str(exc))
        else:
            messages.success(request, melding)
            return redirect("traject_detail", pk=traject.pk)
    # Reload: the page must show the state as it is now, not as the form assumed it.
    return _detail_response(request, selectors.traject_detail(request.user, traject.pk), actie)


@login_required
@require_POST
def traject_overgang(request: HttpRequest, pk: int, naam: str) -> HttpResponse:
    traject = _traject(request, pk)
    overgang = workflow.OVERGANGEN.get(naam)
    if overgang is None:
        raise Http404
    actie_id = f"stap-{naam}"
    actie = Actie(
        id=actie_id,
        titel=overgang.knop,
        knop=overgang.knop,
        url=request.path,
        form=f.OvergangForm(request.POST, prefix=actie_id, overgang=overgang),
        uitleg=overgang.uitleg,
    )

    def doe(data: dict) -> str:
        nieuw = services.voer_overgang_uit(
            traject_id=traject.pk,
            overgang=naam,
            door=request.user,
            datum=data["datum"],
            toelichting=data["toelichting"],
            reden_terugdatering=data["reden_terugdatering"],
            uitstroomreden=data.get("uitstroomreden", ""),
            verwachte_versie=data["versie"],
        )
        soort = Gebeurtenissoort(overgang.gebeurtenis).label
        return (
            f"Vastgelegd: {soort} op {datum_lang(data['datum'])}. "
            f"Het traject is nu in de fase ‘{Fase(nieuw.fase).label}’."
        )

    return _uitvoeren(request, traject, actie, doe)


@login_required
@require_POST
def traject_product_start(request: HttpRequest, pk: int) -> HttpResponse:
    traject = _traject(request, pk)
    actie = Actie(
        id="product-nieuw",
        titel="Product starten",
        knop="Product starten",
        url=request.path,
        form=f.ProductStartForm(request.POST, prefix="product-nieuw"),
    )

    def doe(data: dict) -> str:
        product = services.start_product(
            traject_id=traject.pk,
            soort=data["soort"],
            door=request.user,
            datum=data["datum"],
            toelichting=data["toelichting"],
            reden_terugdatering=data["reden_terugdatering"],
            verwachte_versie=data["versie"],
        )
        return f"{product.get_soort_display()} is gestart op {datum_lang(product.startdatum)}."

    return _uitvoeren(request, traject, actie, doe)


def _product(traject: Traject, product_pk: int) -> Product:
    product = next((p for p in traject.producten.all() if p.pk == product_pk), None)
    if product is None:
        raise Http404
    return product


@login_required
@require_POST
def traject_product_einde(request: HttpRequest, pk: int, product_pk: int) -> HttpResponse:
    traject = _traject(request, pk)
    product = _product(traject, product_pk)
    actie_id = f"product-{product.pk}"
    actie = Actie(
        id=actie_id,
        titel=f"{product.get_soort_display()} beëindigen",
        knop="Product beëindigen",
        url=request.path,
        form=f.ProductEindeForm(request.POST, prefix=actie_id),
    )

    def doe(data: dict) -> str:
        services.beeindig_product(
            product_id=product.pk,
            door=request.user,
            datum=data["datum"],
            resultaat=data["resultaat"],
            zelfredzaam=data["zelfredzaam"],
            reden_terugdatering=data["reden_terugdatering"],
            verwachte_versie=data["versie"],
        )
        return f"{product.get_soort_display()} is beëindigd op {datum_lang(data['datum'])}."

    return _uitvoeren(request, traject, actie, doe)


@login_required
@require_POST
def traject_schuldregeling(request: HttpRequest, pk: int, product_pk: int) -> HttpResponse:
    traject = _traject(request, pk)
    product = _product(traject, product_pk)
    stappen = [(s.naam, s.knop) for s in workflow.SCHULDREGELING_STAPPEN.values()]
    actie_id = f"schuldregeling-{product.pk}"
    form = f.SchuldregelingStapForm(request.POST, prefix=actie_id, stappen=stappen)
    mogelijk = [
        (s.naam, s.knop)
        for s in workflow.SCHULDREGELING_STAPPEN.values()
        if mag(request.user, s, product) is None
    ]
    actie = Actie(
        id=actie_id,
        titel=_schuldregeling_titel(product),
        knop="",
        url=request.path,
        form=form,
        knoppen=[(f"{actie_id}-stap", naam, knop) for naam, knop in mogelijk],
        uitleg="Kies met de knop welke stap er is gezet.",
    )

    def doe(data: dict) -> str:
        nieuw = services.schuldregeling_stap(
            product_id=product.pk,
            stap=data["stap"],
            door=request.user,
            datum=data["datum"],
            toelichting=data["toelichting"],
            reden_terugdatering=data["reden_terugdatering"],
            verwachte_versie=data["versie"],
        )
        return f"Schuldregeling: {nieuw.get_schuldregeling_status_display().lower()}."

    return _uitvoeren(request, traject, actie, doe)


@login_required
@require_POST
def traject_crisis_start(request: HttpRequest, pk: int) -> HttpResponse:
    traject = _traject(request, pk)
    actie = Actie(
        id="crisis-nieuw",
        titel="Crisisinterventie starten",
        knop="Crisisinterventie starten",
        url=request.path,
        form=f.CrisisStartForm(request.POST, prefix="crisis-nieuw"),
    )

    def doe(data: dict) -> str:
        interventie = services.registreer_crisisinterventie(
            traject_id=traject.pk,
            door=request.user,
            soort=data["soort"],
            datum=data["datum"],
            reden_terugdatering=data["reden_terugdatering"],
            verwachte_versie=data["versie"],
        )
        return f"Crisisinterventie gestart: {interventie.get_soort_display().lower()}."

    return _uitvoeren(request, traject, actie, doe)


@login_required
@require_POST
def traject_crisis_af(request: HttpRequest, pk: int, interventie_pk: int) -> HttpResponse:
    traject = _traject(request, pk)
    interventie = next(
        (c for c in traject.crisisinterventies.all() if c.pk == interventie_pk), None
    )
    if interventie is None:
        raise Http404
    actie_id = f"crisis-{interventie.pk}"
    actie = Actie(
        id=actie_id,
        titel=f"Crisisinterventie afronden: {interventie.get_soort_display().lower()}",
        knop="Crisisinterventie afronden",
        url=request.path,
        form=f.CrisisAfrondenForm(request.POST, prefix=actie_id),
    )

    def doe(data: dict) -> str:
        services.rond_crisisinterventie_af(
            interventie_id=interventie.pk,
            door=request.user,
            datum=data["datum"],
            voorkomen=data["voorkomen"],
            resultaat=data["resultaat"],
            reden_terugdatering=data["reden_terugdatering"],
        )
        return "De crisisinterventie is afgerond."

    return _uitvoeren(request, traject, actie, doe)


@login_required
@require_POST
def traject_moratorium(request: HttpRequest, pk: int) -> HttpResponse:
    traject = _traject(request, pk)
    actie = Actie(
        id="moratorium",
        titel="Moratorium vastleggen",
        knop="Moratorium vastleggen",
        url=request.path,
        form=f.MoratoriumForm(request.POST, prefix="moratorium"),
    )

    def doe(data: dict) -> str:
        services.registreer_moratorium(
            traject_id=traject.pk,
            door=request.user,
            aanvraagdatum=data["aanvraagdatum"],
            startdatum=data["startdatum"],
            einddatum=data["einddatum"],
            reden_terugdatering=data["reden_terugdatering"],
            verwachte_versie=data["versie"],
        )
        return "Het moratorium is vastgelegd."

    return _uitvoeren(request, traject, actie, doe)


def _klok(traject: Traject, klok_pk: int) -> Normbewaking:
    klok = next((k for k in traject.klokken.all() if k.pk == klok_pk), None)
    if klok is None:
        raise Http404
    return klok


@login_required
@require_POST
def traject_klok_opschorten(request: HttpRequest, pk: int, klok_pk: int) -> HttpResponse:
    traject = _traject(request, pk)
    klok = _klok(traject, klok_pk)
    actie_id = f"opschort-{klok.pk}"
    actie = Actie(
        id=actie_id,
        titel=f"Termijn opschorten: {klok.norm.naam}",
        knop="Termijn opschorten",
        url=request.path,
        form=f.OpschortingForm(request.POST, prefix=actie_id),
        uitleg="De termijn staat stil tot u hem weer laat lopen.",
    )

    def doe(data: dict) -> str:
        services.schort_klok_op(
            klok_id=klok.pk, door=request.user, van=data["van"], reden=data["reden"]
        )
        return f"De termijn ‘{klok.norm.naam}’ is opgeschort vanaf {datum_lang(data['van'])}."

    return _uitvoeren(request, traject, actie, doe)


@login_required
@require_POST
def traject_klok_hervatten(request: HttpRequest, pk: int, klok_pk: int) -> HttpResponse:
    traject = _traject(request, pk)
    klok = _klok(traject, klok_pk)
    actie_id = f"hervat-{klok.pk}"
    actie = Actie(
        id=actie_id,
        titel=f"Termijn weer laten lopen: {klok.norm.naam}",
        knop="Termijn weer laten lopen",
        url=request.path,
        form=f.HervattingForm(request.POST, prefix=actie_id),
    )

    def doe(data: dict) -> str:
        services.hervat_klok(klok_id=klok.pk, door=request.user, tot=data["tot"])
        return f"De termijn ‘{klok.norm.naam}’ loopt weer vanaf {datum_lang(data['tot'])}."

    return _uitvoeren(request, traject, actie, doe)
