"""A self-signed test chain for the demo and the tests: root → intermediate → two leaves,
"server" (this system signs its answers) and "afnemer" (a test CBS signs its requests).
Never for production: a DDAS afnemer trusts PKIoverheid only (docs/ddas-api.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

GELDIG = timedelta(days=825)


@dataclass(frozen=True)
class Keten:
    map: Path

    @property
    def root(self) -> Path:
        return self.map / "root.pem"

    def sleutel(self, wie: str) -> Path:
        return self.map / f"{wie}.key"

    def certificaat(self, wie: str) -> Path:
        """Leaf and intermediate, leaf first (what goes into x5c)."""
        return self.map / f"{wie}-keten.pem"


def _naam(cn: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "NL"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Schuldhulp testketen"),
            x509.NameAttribute(NameOID.COMMON_NAME, cn),
        ]
    )


def _sleutel() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _cert(
    onderwerp: str,
    sleutel: rsa.RSAPrivateKey,
    uitgever: x509.Certificate | None,
    uitgeversleutel: rsa.RSAPrivateKey,
    *,
    ca: bool,
    serienummer: str = "",
    nu: datetime,
) -> x509.Certificate:
    naam = _naam(onderwerp)
    if serienummer:
        naam = x509.Name([*naam, x509.NameAttribute(NameOID.SERIAL_NUMBER, serienummer)])
    bouwer = (
        x509.CertificateBuilder()
        .subject_name(naam)
        .issuer_name(uitgever.subject if uitgever else naam)
        .public_key(sleutel.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(nu - timedelta(days=1))
        .not_valid_after(nu + GELDIG)
        .add_extension(
            x509.BasicConstraints(ca=ca, path_length=1 if ca and uitgever is None else None),
            critical=True,
        )
        .add_extension(
            x509.KeyUsage(
                digital_signature=not ca,
                content_commitment=not ca,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=ca,
                crl_sign=ca,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(sleutel.public_key()), critical=False
        )
    )
    if uitgever is not None:
        bouwer = bouwer.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(uitgeversleutel.public_key()),
            critical=False,
        )
    if not ca:
        bouwer = bouwer.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False
        )
    return bouwer.sign(uitgeversleutel, hashes.SHA256())


def _pem(*certs: x509.Certificate) -> bytes:
    return b"".join(c.public_bytes(serialization.Encoding.PEM) for c in certs)


def _schrijf(pad: Path, inhoud: bytes) -> None:
    pad.write_bytes(inhoud)
    pad.chmod(0o600)


def maak(map: Path, *, oin_afnemer: str = "00000001003214345000") -> Keten:
    """Make the chain in `map` if it is not there yet (idempotent)."""
    keten = Keten(map)
    if keten.root.exists() and all(keten.certificaat(w).exists() for w in ("server", "afnemer")):
        return keten
    map.mkdir(parents=True, exist_ok=True)
    map.chmod(0o700)
    nu = datetime.now(UTC)
    root_sleutel, tussen_sleutel = _sleutel(), _sleutel()
    root = _cert("Test Root CA", root_sleutel, None, root_sleutel, ca=True, nu=nu)
    tussen = _cert("Test Intermediate CA", tussen_sleutel, root, root_sleutel, ca=True, nu=nu)
    for wie, oin in (("server", ""), ("afnemer", oin_afnemer)):
        sleutel = _sleutel()
        blad = _cert(
            f"DDAS {wie} (test)", sleutel, tussen, tussen_sleutel, ca=False, serienummer=oin, nu=nu
        )
        _schrijf(
            keten.sleutel(wie),
            sleutel.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            ),
        )
        _schrijf(keten.certificaat(wie), _pem(blad, tussen))
    _schrijf(keten.root, _pem(root))
    return keten
