#!/usr/bin/env python3
"""Fetch a period from the DDAS API as the CBS would: a token (client credentials), then
POST /gegevens with Digest and a JAdES signature (nlgov-adr-payload-sig), every page, and
check each answer's Digest and signature. Example (the demo's test chain, docs/ddas-api.md):

  .venv/bin/python scripts/ddas_api_ophalen.py --url http://127.0.0.1:8000 \\
      --client-id … --client-secret … --van 2026-01-01 --tot 2026-12-31 \\
      --sleutel var/ddas-api-testketen/afnemer.key \\
      --keten var/ddas-api-testketen/afnemer-keten.pem \\
      --vertrouwd var/ddas-api-testketen/root.pem -o levering.json
"""

from __future__ import annotations

import argparse
import base64
import json
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from django.conf import settings

settings.configure()  # the signing module builds Django responses for its refusals

from rapportage.ddas.api import fouten, ondertekening, sleutels  # noqa: E402


def token(url: str, client_id: str, geheim: str) -> str:
    basis = base64.b64encode(f"{client_id}:{geheim}".encode()).decode()
    verzoek = urllib.request.Request(
        f"{url}/api/ddas/oauth/token/",
        data=urllib.parse.urlencode({"grant_type": "client_credentials", "scope": "read"}).encode(),
        headers={"Authorization": f"Basic {basis}"},
    )
    with urllib.request.urlopen(verzoek) as antwoord:
        return json.load(antwoord)["access_token"]


def haal(url: str, tok: str, body: dict, eigen, vertrouwd) -> dict:
    inhoud = json.dumps(body).encode()
    koppen = {"Authorization": f"Bearer {tok}", "Content-Type": "application/json"}
    koppen |= ondertekening.onderteken(inhoud, eigen)
    try:
        with urllib.request.urlopen(urllib.request.Request(url, inhoud, koppen)) as antwoord:
            terug, kop = antwoord.read(), antwoord.headers
    except urllib.error.HTTPError as fout:
        sys.exit(f"{fout.code}: {fout.read().decode()}")
    if vertrouwd is not None:
        try:
            ondertekening.verifieer(terug, kop.get("Digest"), kop.get(ondertekening.KOP), vertrouwd)
        except fouten.ApiFout as fout:
            sys.exit(f"Antwoord niet vertrouwd: {fout.antwoord.content.decode()}")
    return json.loads(terug)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--url", default="http://127.0.0.1:8000")
    p.add_argument("--dienst", choices=["shv", "vs"], default="shv")
    p.add_argument("--client-id", required=True)
    p.add_argument("--client-secret", required=True)
    p.add_argument("--van")
    p.add_argument("--tot")
    p.add_argument("--organisatie")
    p.add_argument("--paginagrootte", type=int, default=1000)
    p.add_argument("--sleutel", required=True, help="PEM-sleutel van de afnemer")
    p.add_argument("--keten", required=True, help="PEM-certificaten van de afnemer, blad eerst")
    p.add_argument("--vertrouwd", help="PEM-roots om het antwoord te controleren")
    p.add_argument("-o", "--uitvoer", default="-")
    a = p.parse_args()
    eigen = sleutels._laad(a.sleutel, a.keten, a.vertrouwd or a.keten, "", "", ())
    controle = eigen if a.vertrouwd else None
    tok = token(a.url, a.client_id, a.client_secret)
    eindpunt = f"{a.url}/api/ddas/{a.dienst}/v1/gegevens"
    filter_ = {
        k: v
        for k, v in {
            "aanleverperiodeStartdatum": a.van,
            "aanleverperiodeEinddatum": a.tot,
            "aanleverende_organisatie": a.organisatie,
        }.items()
        if v
    }
    paginas, pagina = [], 1
    while True:
        antwoord = haal(
            eindpunt, tok, {**filter_, "page": pagina, "pageSize": a.paginagrootte}, eigen, controle
        )
        paginas.append(antwoord)
        p_ = antwoord.get("paginering", {})
        print(
            f"pagina {p_.get('currentPage')}/{p_.get('totalPages')} "
            f"({p_.get('totalRecords')} records)",
            file=sys.stderr,
        )
        if pagina >= p_.get("totalPages", 1):
            break
        pagina += 1
    tekst = json.dumps(paginas, ensure_ascii=False, indent=2)
    if a.uitvoer == "-":
        print(tekst)
    else:
        Path(a.uitvoer).write_text(tekst, encoding="utf-8")


if __name__ == "__main__":
    main()
