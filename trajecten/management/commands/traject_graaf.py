"""Print the traject state graph, generated from workflow.OVERGANGEN and SCHULDREGELING_STAPPEN.

manage.py traject_graaf            Mermaid (stateDiagram-v2), for docs and GitHub
manage.py traject_graaf --dot      Graphviz: ... | dot -Tsvg > traject.svg
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from schuldhulp.pakketten import MATRIX, Pakket
from trajecten.workflow import OVERGANGEN, SCHULDREGELING_STAPPEN, Fase, Schuldregelingstatus


def _wie(overgang) -> str:
    """Who does the task per package (docs/domein.md §2): S/O/G for Ontzorging/Hybride/Basis."""
    if overgang.taak is None:
        return "Stadsbank"
    cellen = "/".join(MATRIX[overgang.taak][p] for p in Pakket)
    return f"{overgang.taak.label} {cellen}"


def _label(overgang) -> str:
    """Button · task with its S/O/G cells · data guard (the docstring of `vereist`)."""
    delen = [overgang.knop, _wie(overgang)]
    delen += [f"mits {controle.__doc__.strip()}" for controle in overgang.vereist]
    return " · ".join(delen)


def _sr(status: Schuldregelingstatus) -> str:
    return f"sr_{status.value}"


def mermaid() -> str:
    regels = ["stateDiagram-v2", "    direction LR"]
    regels += [f'    state "{fase.label}" as {fase.value}' for fase in Fase]
    regels.append(f"    [*] --> {Fase.AANGEMELD.value}: Aanmelding")
    for overgang in OVERGANGEN.values():
        for bron in overgang.bron:
            regels.append(f"    {bron.value} --> {overgang.doel.value}: {_label(overgang)}")
    regels.append(f"    {Fase.UITGESTROOMD.value} --> [*]")
    regels.append('    state "Schuldregeling (product Schuldbemiddeling)" as schuldregeling {')
    regels += [f'        state "{s.label}" as {_sr(s)}' for s in Schuldregelingstatus]
    regels.append(f"        [*] --> {_sr(Schuldregelingstatus.IN_VOORBEREIDING)}")
    for naam, stap in SCHULDREGELING_STAPPEN.items():
        knop, bronnen, doel = stap.knop, stap.bron, stap.doel
        for bron in bronnen:
            regels.append(f"        {_sr(bron)} --> {_sr(doel)}: {knop} ({naam})")
    regels.append("    }")
    return "\n".join(regels) + "\n"


def dot() -> str:
    regels = [
        "digraph traject {",
        "  rankdir=LR;",
        '  node [shape=box, style=rounded, fontname="Helvetica"];',
        '  edge [fontname="Helvetica", fontsize=10];',
        '  start [shape=point]; einde [shape=doublecircle, label="", width=0.2];',
    ]
    regels += [f'  {fase.value} [label="{fase.label}"];' for fase in Fase]
    regels.append(f'  start -> {Fase.AANGEMELD.value} [label="Aanmelding"];')
    for overgang in OVERGANGEN.values():
        for bron in overgang.bron:
            regels.append(f'  {bron.value} -> {overgang.doel.value} [label="{_label(overgang)}"];')
    regels.append(f"  {Fase.UITGESTROOMD.value} -> einde;")
    regels.append("  subgraph cluster_schuldregeling {")
    regels.append('    label="Schuldregeling (product Schuldbemiddeling)";')
    regels += [f'    {_sr(s)} [label="{s.label}"];' for s in Schuldregelingstatus]
    for naam, stap in SCHULDREGELING_STAPPEN.items():
        knop, bronnen, doel = stap.knop, stap.bron, stap.doel
        for bron in bronnen:
            regels.append(f'    {_sr(bron)} -> {_sr(doel)} [label="{knop} ({naam})"];')
    regels.append("  }")
    regels.append("}")
    return "\n".join(regels) + "\n"


class Command(BaseCommand):
    help = (
        "Toon de fasen en overgangen van een traject als Mermaid-diagram (of Graphviz met --dot)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dot", action="store_true", help="Graphviz DOT in plaats van Mermaid."
        )

    def handle(self, *args, **options) -> None:
        self.stdout.write(dot() if options["dot"] else mermaid(), ending="")
