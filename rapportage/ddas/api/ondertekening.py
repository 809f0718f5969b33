"""Digest (RFC 3230) and the JAdES detached payload signature ``nlgov-adr-payload-sig``
(ADR module signing-jades, "payload signing"): PS256, ``typ: JOSE``, ``kid``, the certificate
chain in ``x5c``, and ``sigD`` with mId HttpHeaders and ``pars: ["digest"]`` — only the
Digest header is signed, and the Digest binds the body.

The signed data (the detached JWS payload) is the header line ``digest: SHA-256=…``. A
request signed over the body bytes themselves (no ``sigD``; the VS documentation's wording)
is accepted too: both bind the same body (ADR 0010).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import UTC, datetime
from itertools import pairwise
from typing import Any

from cryptography import x509
from cryptography.x509.oid import NameOID
from cryptography.x509.verification import (
    ExtensionPolicy,
    PolicyBuilder,
    Store,
    VerificationError,
)
from jwcrypto import jwk, jws
from jwcrypto.common import JWException, JWSEHeaderParameter, base64url_decode

from rapportage.ddas.api import fouten
from rapportage.ddas.api.sleutels import Sleutelmateriaal, vingerafdruk

KOP = "nlgov-adr-payload-sig"
ALG = "PS256"
HTTP_HEADERS = "http://uri.etsi.org/19182/HttpHeaders"
_REGISTER = {  # the JAdES headers on top of jwcrypto's own (both critical)
    "sigT": JWSEHeaderParameter("Claimed signing time (JAdES)", True, True, None),
    "sigD": JWSEHeaderParameter("Signed data reference (JAdES)", True, True, None),
}


def digest(inhoud: bytes) -> str:
    return "SHA-256=" + base64.b64encode(hashlib.sha256(inhoud).digest()).decode()


def te_tekenen(digestkop: str) -> bytes:
    """The JAdES HttpHeaders data to be signed for ``pars: ["digest"]``."""
    return f"digest: {digestkop}".encode()


def onderteken(inhoud: bytes, m: Sleutelmateriaal, nu: datetime | None = None) -> dict[str, str]:
    """The headers ``Digest`` and ``nlgov-adr-payload-sig`` for a message with this body."""
    kop = digest(inhoud)
    beschermd = {
        "alg": ALG,
        "typ": "JOSE",
        "kid": m.kid,
        "x5c": m.x5c,
        "x5t#S256": vingerafdruk(m.keten[0]),
        "sigT": (nu or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "sigD": {"mId": HTTP_HEADERS, "pars": ["digest"]},
        "crit": ["sigT", "sigD"],
    }
    token = jws.JWS(te_tekenen(kop), header_registry=_REGISTER)
    token.add_signature(jwk.JWK.from_pyca(m.sleutel), None, json.dumps(beschermd))
    kopdeel, _, handtekening = token.serialize(compact=True).split(".")
    return {"Digest": kop, KOP: f"{kopdeel}..{handtekening}"}


def _ongeldig(detail: str) -> fouten.ApiFout:
    return fouten.ongeldig(detail, soort="ongeldige-ondertekening")


def controleer_digest(inhoud: bytes, kop: str | None) -> str:
    if not kop:
        raise _ongeldig("De header Digest ontbreekt (SHA-256=<base64>, RFC 3230).")
    waarden = [w.strip() for w in kop.split(",")]
    sha = [w for w in waarden if w[:8].upper() == "SHA-256="]
    if len(sha) != 1:
        raise _ongeldig("De header Digest bevat geen (of meer dan één) SHA-256-waarde.")
    if not hmac.compare_digest(sha[0][8:], digest(inhoud)[8:]):
        raise _ongeldig(
            "De Digest klopt niet met de inhoud van het verzoek: het bericht is gewijzigd."
        )
    return sha[0]


def _beschermd(waarde: str) -> dict[str, Any]:
    delen = waarde.split(".")
    if len(delen) != 3 or delen[1] != "" or not delen[0] or not delen[2]:
        raise _ongeldig(f"{KOP} is geen JWS met losse payload (<kop>..<handtekening>).")
    try:
        kop = json.loads(base64url_decode(delen[0]))
    except (ValueError, UnicodeDecodeError):
        raise _ongeldig(f"De kop van {KOP} is geen leesbare JSON.") from None
    if not isinstance(kop, dict):
        raise _ongeldig(f"De kop van {KOP} is geen JSON-object.")
    return kop


def _certificaten(kop: dict[str, Any]) -> list[x509.Certificate]:
    x5c = kop.get("x5c")
    if not isinstance(x5c, list) or not x5c or not all(isinstance(c, str) for c in x5c):
        raise _ongeldig("De kop van de handtekening mist de certificaatketen (x5c).")
    try:
        return [x509.load_der_x509_certificate(base64.b64decode(c, validate=True)) for c in x5c]
    except ValueError:
        raise _ongeldig("Een certificaat in x5c is niet te lezen.") from None


def _controleer_keten(
    certs: list[x509.Certificate], m: Sleutelmateriaal, nu: datetime
) -> list[x509.Certificate]:
    """The chain from the signer to a trust anchor (refused: ApiFout)."""
    verifier = (
        PolicyBuilder()
        .store(Store(list(m.vertrouwd)))
        .time(nu)
        .extension_policies(
            ca_policy=ExtensionPolicy.webpki_defaults_ca(), ee_policy=ExtensionPolicy.permit_all()
        )
        .build_client_verifier()
    )
    try:
        keten = verifier.verify(certs[0], certs[1:]).chain
    except VerificationError as fout:
        raise _ongeldig(
            f"Het certificaat van de ondertekenaar leidt niet tot een vertrouwde root: {fout}"
        ) from None
    try:
        gebruik = certs[0].extensions.get_extension_for_class(x509.KeyUsage).value
        if not (gebruik.digital_signature or gebruik.content_commitment):
            raise _ongeldig("Het certificaat van de ondertekenaar is niet voor ondertekenen.")
    except x509.ExtensionNotFound:
        pass
    _controleer_intrekking(keten, m, nu)
    return keten


def _controleer_intrekking(
    keten: list[x509.Certificate], m: Sleutelmateriaal, nu: datetime
) -> None:
    """Revocation by the configured CRLs (OCSP is not done: docs/ddas-api.md)."""
    for cert, uitgever in pairwise(keten):
        for crl in m.crls:
            if crl.issuer != cert.issuer or not crl.is_signature_valid(uitgever.public_key()):
                continue
            volgende = crl.next_update_utc
            if volgende is not None and volgende < nu:
                raise _ongeldig(f"De CRL van {cert.issuer.rfc4514_string()} is verlopen.")
            if crl.get_revoked_certificate_by_serial_number(cert.serial_number) is not None:
                raise _ongeldig("Het certificaat van de ondertekenaar is ingetrokken.")


def _heeft_oin(cert: x509.Certificate, oin: str) -> bool:
    velden = cert.subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER)
    velden += cert.subject.get_attributes_for_oid(NameOID.ORGANIZATION_IDENTIFIER)
    return any(oin in str(v.value) for v in velden)


def verifieer(
    inhoud: bytes,
    digestkop: str | None,
    handtekening: str | None,
    m: Sleutelmateriaal,
    *,
    oin: str = "",
    nu: datetime | None = None,
) -> x509.Certificate:
    """Check Digest and signature of a request; the signer's certificate, or ApiFout (400)."""
    nu = nu or datetime.now(UTC)
    kop = controleer_digest(inhoud, digestkop)
    if not handtekening:
        raise _ongeldig(f"De header {KOP} (JAdES-handtekening) ontbreekt.")
    if "," in handtekening:
        raise _ongeldig(f"De header {KOP} komt meer dan één keer voor.")
    beschermd = _beschermd(handtekening.strip())
    if beschermd.get("alg") != ALG:
        raise _ongeldig(f"De handtekening moet {ALG} gebruiken.")
    if beschermd.get("typ", "JOSE") != "JOSE" or not beschermd.get("kid"):
        raise _ongeldig("De kop van de handtekening moet typ 'JOSE' en een kid hebben.")
    sigd = beschermd.get("sigD")
    if sigd is None:
        gegevens = inhoud
    elif sigd == {"mId": HTTP_HEADERS, "pars": ["digest"]}:
        gegevens = te_tekenen(kop)
    else:
        raise _ongeldig(f"sigD moet mId {HTTP_HEADERS} met pars ['digest'] zijn.")
    certs = _certificaten(beschermd)
    keten = _controleer_keten(certs, m, nu)
    token = jws.JWS(header_registry=_REGISTER)
    try:
        token.deserialize(handtekening.strip())
        token.verify(jwk.JWK.from_pyca(certs[0].public_key()), alg=ALG, detached_payload=gegevens)
    except (JWException, ValueError, TypeError):
        raise _ongeldig("De handtekening klopt niet met het bericht.") from None
    if oin and not _heeft_oin(keten[0], oin):
        raise _ongeldig("Het ondertekeningscertificaat hoort niet bij deze afnemer (OIN).")
    return keten[0]
