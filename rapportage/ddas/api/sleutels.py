"""The key material of the API from the settings: this system's signing key and certificate
chain, the trust anchors for an afnemer's signature, and optional CRLs. Read once per
configuration; ``problemen()`` says in Dutch what is wrong (the system check uses it)."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings

from rapportage.ddas.api import testketen


class NietIngericht(Exception):
    """The API has no (usable) key material; the message says what to set."""


@dataclass(frozen=True)
class Sleutelmateriaal:
    sleutel: rsa.RSAPrivateKey
    keten: tuple[x509.Certificate, ...]  # leaf first
    kid: str
    vertrouwd: tuple[x509.Certificate, ...]
    crls: tuple[x509.CertificateRevocationList, ...]

    @property
    def x5c(self) -> list[str]:
        return [
            base64.b64encode(c.public_bytes(serialization.Encoding.DER)).decode()
            for c in self.keten
        ]


def vingerafdruk(cert: x509.Certificate) -> str:
    """x5t#S256: base64url of the SHA-256 of the DER certificate."""
    return base64.urlsafe_b64encode(cert.fingerprint(hashes.SHA256())).rstrip(b"=").decode()


def testketen_map() -> Path:
    return Path(settings.DATA_DIR) / "ddas-api-testketen"


def _paden() -> tuple[str, str, str, str]:
    """(key, chain, trust anchors, key password) from the settings or the test chain."""
    if settings.DDAS_API_TESTKETEN:
        keten = testketen.maak(testketen_map())
        return (
            str(keten.sleutel("server")),
            str(keten.certificaat("server")),
            str(keten.root),
            "",
        )
    return (
        settings.DDAS_API_SLEUTEL,
        settings.DDAS_API_CERTIFICAAT,
        settings.DDAS_API_VERTROUWD,
        settings.DDAS_API_SLEUTEL_WACHTWOORD,
    )


def _lees(pad: str, wat: str) -> bytes:
    if not pad:
        raise NietIngericht(f"{wat} is niet ingesteld.")
    try:
        return Path(pad).read_bytes()
    except OSError as fout:
        raise NietIngericht(f"{wat} ({pad}) is niet te lezen: {fout.strerror}.") from None


def _certificaten(pad: str, wat: str) -> tuple[x509.Certificate, ...]:
    try:
        certs = tuple(x509.load_pem_x509_certificates(_lees(pad, wat)))
    except ValueError:
        raise NietIngericht(f"{wat} ({pad}) bevat geen PEM-certificaten.") from None
    return certs


@lru_cache(maxsize=4)
def _laad(
    sleutelpad: str, ketenpad: str, vertrouwdpad: str, wachtwoord: str, kid: str, crl: tuple
) -> Sleutelmateriaal:
    try:
        sleutel = serialization.load_pem_private_key(
            _lees(sleutelpad, "DDAS_API_SLEUTEL"), password=wachtwoord.encode() or None
        )
    except (ValueError, TypeError):
        raise NietIngericht(
            f"DDAS_API_SLEUTEL ({sleutelpad}) is geen leesbare PEM-sleutel (of het "
            "wachtwoord DDAS_API_SLEUTEL_WACHTWOORD klopt niet)."
        ) from None
    if not isinstance(sleutel, rsa.RSAPrivateKey) or sleutel.key_size < 2048:
        raise NietIngericht(
            "DDAS_API_SLEUTEL moet een RSA-sleutel van minstens 2048 bits zijn (PS256)."
        )
    keten = _certificaten(ketenpad, "DDAS_API_CERTIFICAAT")
    if keten[0].public_key() != sleutel.public_key():
        raise NietIngericht(
            "Het eerste certificaat in DDAS_API_CERTIFICAAT hoort niet bij DDAS_API_SLEUTEL."
        )
    vertrouwd = _certificaten(vertrouwdpad, "DDAS_API_VERTROUWD")
    crls = []
    for pad in crl:
        inhoud = _lees(pad, "DDAS_API_CRL")
        try:
            crls.append(
                x509.load_pem_x509_crl(inhoud)
                if b"-----BEGIN" in inhoud
                else x509.load_der_x509_crl(inhoud)
            )
        except ValueError:
            raise NietIngericht(f"DDAS_API_CRL ({pad}) is geen CRL (PEM of DER).") from None
    return Sleutelmateriaal(
        sleutel=sleutel,
        keten=keten,
        kid=kid or vingerafdruk(keten[0]),
        vertrouwd=vertrouwd,
        crls=tuple(crls),
    )


def materiaal() -> Sleutelmateriaal:
    """The configured key material (NietIngericht with the reason when there is none)."""
    sleutel, keten, vertrouwd, wachtwoord = _paden()
    return _laad(
        sleutel, keten, vertrouwd, wachtwoord, settings.DDAS_API_KID, tuple(settings.DDAS_API_CRL)
    )


def is_ingesteld() -> bool:
    """Whether anybody set up the API at all (a test chain or any of the paths)."""
    return bool(
        settings.DDAS_API_TESTKETEN
        or settings.DDAS_API_SLEUTEL
        or settings.DDAS_API_CERTIFICAAT
        or settings.DDAS_API_VERTROUWD
    )


def problemen() -> list[str]:
    try:
        materiaal()
    except NietIngericht as fout:
        return [str(fout)]
    return []
