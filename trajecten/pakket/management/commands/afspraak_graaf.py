"""Print the lifecycle of a dienstverleningsafspraak and of maatwerk, generated from their
catalogue rows (schuldhulp/afspraken.py, trajecten/pakket/workflow.py).

manage.py afspraak_graaf            Mermaid (stateDiagram-v2), for docs and GitHub
manage.py afspraak_graaf --dot      Graphviz: ... | dot -Tsvg > afspraak.svg
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from schuldhulp.afspraken import AFSPRAAK_HANDELINGEN, Afspraakstatus
from schuldhulp.handelingen import Handeling
from trajecten.pakket.workflow import MAATWERK_STAPPEN, PAKKET_HANDELINGEN, Maatwerkstatus

ROLNAMEN = {
    "klantregisseur": "klantregisseur",
    "consulent": "consulent",
    "contractmanager": "contractmanager",
    "beheerder": "beheerder",
}


def _wie(h: Handeling) -> str:
    if not h.rollen:
        return "dagelijkse taak"
    return " of ".join(ROLNAMEN[r] for r in sorted(h.rollen))


def _label(h: Handeling) -> str:
    return f"{h.knop} · {_wie(h)} ({h.naam})"


def _stappen(voorvoegsel: str, start: str, stappen, statussen, eind: tuple[str, ...]):
    """(nodes, edges): the states with their labels, and every transition of the rows."""
    knopen = [(f"{voorvoegsel}_{s.value}", s.label) for s in statussen]
    pijlen = [("start", f"{voorvoegsel}_{start[1]}", start[0])]
    for h in stappen:
        pijlen += [(f"{voorvoegsel}_{b}", f"{voorvoegsel}_{h.doel}", _label(h)) for b in h.bron]
    pijlen += [(f"{voorvoegsel}_{s}", "einde", "") for s in eind]
    return knopen, pijlen


def _delen():
    opstellen = AFSPRAAK_HANDELINGEN["afspraak.opstellen"]
    voorstellen = PAKKET_HANDELINGEN["maatwerk.voorstellen"]
    afspraak = _stappen(
        "afspraak",
        (_label(opstellen), Afspraakstatus.CONCEPT.value),
        [h for h in AFSPRAAK_HANDELINGEN.values() if h.is_overgang],
        Afspraakstatus,
        (Afspraakstatus.BEEINDIGD.value, Afspraakstatus.INGETROKKEN.value),
    )
    maatwerk = _stappen(
        "maatwerk",
        (_label(voorstellen), Maatwerkstatus.VOORGESTELD.value),
        MAATWERK_STAPPEN.values(),
        Maatwerkstatus,
        (Maatwerkstatus.AFGEWEZEN.value, Maatwerkstatus.INGETROKKEN.value, "beeindigd"),
    )
    return [("Dienstverleningsafspraak", afspraak), ("Maatwerk per traject", maatwerk)]


def mermaid() -> str:
    regels = ["stateDiagram-v2"]
    for titel, (knopen, pijlen) in _delen():
        naam = knopen[0][0].split("_")[0]
        regels.append(f'    state "{titel}" as {naam} {{')
        regels += [f'        state "{label}" as {knoop}' for knoop, label in knopen]
        for van, naar, label in pijlen:
            van = "[*]" if van == "start" else van
            naar = "[*]" if naar == "einde" else naar
            regels.append(f"        {van} --> {naar}" + (f": {label}" if label else ""))
        regels.append("    }")
    return "\n".join(regels) + "\n"


def dot() -> str:
    regels = [
        "digraph pakket {",
        "  rankdir=LR;",
        '  node [shape=box, style=rounded, fontname="Helvetica"];',
        '  edge [fontname="Helvetica", fontsize=10];',
    ]
    for titel, (knopen, pijlen) in _delen():
        naam = knopen[0][0].split("_")[0]
        regels.append(f"  subgraph cluster_{naam} {{")
        regels.append(f'    label="{titel}";')
        regels.append(
            f'    {naam}_start [shape=point]; {naam}_einde [shape=doublecircle, label=""];'
        )
        regels += [f'    {knoop} [label="{label}"];' for knoop, label in knopen]
        for van, naar, label in pijlen:
            van = f"{naam}_start" if van == "start" else van
            naar = f"{naam}_einde" if naar == "einde" else naar
            regels.append(f'    {van} -> {naar} [label="{label}"];')
        regels.append("  }")
    regels.append("}")
    return "\n".join(regels) + "\n"


class Command(BaseCommand):
    help = "Toon de levensloop van een dienstverleningsafspraak en van maatwerk (Mermaid of --dot)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dot", action="store_true", help="Graphviz DOT in plaats van Mermaid."
        )

    def handle(self, *args, **options) -> None:
        self.stdout.write(dot() if options["dot"] else mermaid(), ending="")
