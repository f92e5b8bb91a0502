"""Digital signatures on results (PAdES, with pyHanko) and the keys they are made with.

Production: each agency's signing certificate, issued by a trusted CA (the government's
specialised CA), is a PKCS#12 file ``<agency code>.p12`` in MOTCUA_PKI_DIR, opened with
MOTCUA_PKI_PASSWORD; MOTCUA_PKI_TRUST_ROOTS lists the CA certificates signatures are checked
against. Development: ``manage.py make_dev_pki`` makes a local CA and one certificate per agency
in the same layout.
"""

import datetime
import io
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.stamp import TextStampStyle
from pyhanko_certvalidator import ValidationContext

FONT = Path(__file__).resolve().parent / "fonts" / "DejaVuSerif.ttf"
# The same font rescaled to 1,000 units per em (fontTools.ttLib.scaleUpem): pyHanko writes glyph
# widths as if every font had 1,000, and DejaVu's 2,048 spread the stamp's letters apart.
STAMP_FONT = Path(__file__).resolve().parent / "fonts" / "DejaVuSerif-upem1000.ttf"
CA_NAME = "ca.pem"


def _folder() -> Path:
    return Path(settings.MOTCUA_PKI_DIR)


def _password() -> bytes:
    return settings.MOTCUA_PKI_PASSWORD.encode()


# --- development CA -----------------------------------------------------------------------------
def _name(common: str, organisation: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.STATE_OR_PROVINCE_NAME, "Đà Nẵng"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, common),
        ]
    )


def _ca(folder: Path):
    key_path, cert_path = folder / "ca-key.pem", folder / CA_NAME
    if key_path.exists() and cert_path.exists():
        key = serialization.load_pem_private_key(key_path.read_bytes(), None)
        return key, x509.load_pem_x509_certificate(cert_path.read_bytes())
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = _name("motcua – CA phát triển (không dùng thật)", "motcua development")
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    folder.mkdir(parents=True, exist_ok=True)
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    key_path.chmod(0o600)
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key, cert


def make_dev_certificate(agency, folder: Path | None = None) -> Path:
    """A signing certificate for one agency, from the development CA (made if missing)."""
    if settings.PRODUCTION:
        raise ImproperlyConfigured("Không tạo chứng thư số phát triển trong môi trường production.")
    folder = folder or _folder()
    path = folder / f"{agency.code}.p12"
    if path.exists():
        return path
    ca_key, ca_cert = _ca(folder)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(agency.name, agency.code))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1095))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    blob = pkcs12.serialize_key_and_certificates(
        agency.code.encode(), key, cert, [ca_cert], serialization.BestAvailableEncryption(_password())
    )
    path.write_bytes(blob)
    path.chmod(0o600)
    return path


# --- signing and checking --------------------------------------------------------------------------
def signer_for(agency) -> signers.SimpleSigner:
    path = _folder() / f"{agency.code}.p12"
    if not path.exists() and not settings.PRODUCTION and settings.MOTCUA_PKI_AUTO_DEV:
        make_dev_certificate(agency)  # development only: a certificate from the local CA
    if not path.exists():
        raise ImproperlyConfigured(
            f"Chưa có chứng thư số của {agency.name} ({path}). Production: đặt tệp PKCS#12 vào MOTCUA_PKI_DIR; "
            "phát triển: chạy manage.py make_dev_pki."
        )
    signer = signers.SimpleSigner.load_pkcs12(pfx_file=str(path), passphrase=_password())
    if signer is None:
        raise ImproperlyConfigured(f"Không mở được chứng thư số {path}: sai mật khẩu MOTCUA_PKI_PASSWORD?")
    return signer


def sign_pdf(pdf: bytes, agency, *, signer_name: str, reason: str, box=(330, 40, 560, 130)) -> bytes:
    """A PAdES signature by the agency's certificate, with a visible block on the last page
    naming who signed and when."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    last_page = int(writer.root["/Pages"]["/Count"]) - 1
    meta = signers.PdfSignatureMetadata(
        field_name="ChuKySo",
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason,
        location="Đà Nẵng",
        name=signer_name,
    )
    style = TextStampStyle(
        stamp_text=f"Ký số bởi: {agency.name}\nNgười ký: {signer_name}\nThời gian: %(ts)s",
        text_box_style=TextBoxStyle(font=GlyphAccumulatorFactory(str(STAMP_FONT), font_size=8), font_size=8),
        timestamp_format="%d/%m/%Y %H:%M:%S %z",
        border_width=1,
    )
    pdf_signer = signers.PdfSigner(
        meta,
        signer=signer_for(agency),
        stamp_style=style,
        new_field_spec=fields.SigFieldSpec(sig_field_name="ChuKySo", on_page=last_page, box=box),
    )
    output = io.BytesIO()
    pdf_signer.sign_pdf(writer, output=output)
    return output.getvalue()


def trust_roots() -> list:
    paths = [Path(p) for p in settings.MOTCUA_PKI_TRUST_ROOTS] or [_folder() / CA_NAME]
    return [
        asn1_x509.Certificate.load(
            x509.load_pem_x509_certificate(p.read_bytes()).public_bytes(serialization.Encoding.DER)
        )
        for p in paths
        if p.exists()
    ]


@dataclass
class SignatureCheck:
    intact: bool
    valid: bool
    trusted: bool
    signer: str
    signed_at: datetime.datetime | None

    @property
    def ok(self) -> bool:
        return self.intact and self.valid and self.trusted


def check_pdf(pdf: bytes) -> list[SignatureCheck]:
    """Every signature in a PDF, checked against the trusted roots (offline: no fetching)."""
    reader = PdfFileReader(io.BytesIO(pdf))
    context = ValidationContext(trust_roots=trust_roots(), allow_fetching=False, revocation_mode="soft-fail")
    checks = []
    for embedded in reader.embedded_signatures:
        status = validate_pdf_signature(embedded, context)
        checks.append(
            SignatureCheck(
                intact=status.intact,
                valid=status.valid,
                trusted=status.trusted,
                signer=status.signing_cert.subject.human_friendly,
                signed_at=status.signer_reported_dt,
            )
        )
    return checks
