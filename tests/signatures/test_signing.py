"""End to end: certification, two agents, the cachet, the archival timestamp — valid for
our verifier and for pyHanko's own command-line validator; one changed byte breaks both."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, HTTPServer
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.fields import MDPPerm
from pytest_django.fixtures import Settings

from diplomatie.audit.models import Event
from diplomatie.core.errors import DiplomatieError, InvalidInput, PermissionDenied
from diplomatie.directory.models import Agent
from diplomatie.publications.models import Publication
from diplomatie.signatures.render import render_html
from diplomatie.signatures.services import (
    SignatureSlot,
    certify,
    render_pdf,
    root_certificate_pem,
    sign,
    verify,
)
from tests.factories import PASSWORD
from tests.signatures.conftest import SLOTS, Signed

PYHANKO = Path(sys.executable).with_name("pyhanko")


def offline_prefix() -> list[str]:
    """`unshare -rn` (a private network namespace: no network at all) when allowed."""
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "-rn", "true"], check=False).returncode == 0:
        return [unshare, "-rn"]
    return []


def pyhanko_adesverify(pdf: bytes, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    root = tmp_path / "root.pem"
    root.write_bytes(root_certificate_pem())
    document = tmp_path / "document.pdf"
    document.write_bytes(pdf)
    command = [
        *offline_prefix(),
        str(PYHANKO),
        "sign",
        "adesverify",
        "--trust",
        str(root),
        "--trust-replace",
        str(document),
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def tamper(pdf: bytes) -> bytes:
    """Change one byte inside the first page's content stream (signed by everyone)."""
    start = pdf.index(b"stream\n", pdf.index(b"/Filter /FlateDecode")) + len(b"stream\n")
    position = start + 20
    return pdf[:position] + bytes([pdf[position] ^ 0x01]) + pdf[position + 1 :]


def test_full_sequence_is_valid_for_our_verifier(signed: Signed) -> None:
    report = verify(signed.archived)
    assert report.valid, report.explanation
    kinds = [(s.field, s.kind) for s in report.signatures]
    assert kinds == [
        ("certification", "certification"),
        ("step-1-a", "approval"),
        ("step-2-a", "approval"),
        ("step-3-a", "approval"),
        ("archive-timestamp", "timestamp"),
    ]
    visa = report.signatures[1]
    assert (visa.signer_name, visa.signer_email) == ("Henri Dubois", "henri@d.example")
    assert visa.chain == ("Henri Dubois", "Signature authority", "Root certification authority")
    assert visa.revocation == "good"
    assert visa.intact and visa.trusted and visa.modified_after
    assert visa.modifications_permitted is True
    assert visa.timestamp_time is not None
    assert report.signatures[-1].covers_whole_file
    assert report.signatures[0].signer_name == "Seal of the ministry"


def test_full_sequence_is_valid_for_pyhanko_cli(signed: Signed, tmp_path: Path) -> None:
    result = pyhanko_adesverify(signed.archived, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert len(lines) == 4  # the four signatures; the document timestamp is not listed
    assert all(":INTACT:TRUSTED," in line for line in lines), result.stdout


def test_one_changed_byte_is_invalid_for_both(signed: Signed, tmp_path: Path) -> None:
    tampered = tamper(signed.archived)
    report = verify(tampered)
    assert not report.valid
    assert all(not s.intact for s in report.signatures)
    assert "changed after signing" in report.signatures[1].explanation
    assert "root authority" not in report.signatures[1].explanation
    result = pyhanko_adesverify(tampered, tmp_path)
    assert result.returncode != 0
    assert "INTACT:TRUSTED" not in result.stdout


def test_certification_comes_first_and_permits_form_filling(signed: Signed) -> None:
    reader = PdfFileReader(BytesIO(signed.certified))
    (certification,) = reader.embedded_signatures
    assert certification.docmdp_level == MDPPerm.FILL_FORMS
    with pytest.raises(InvalidInput, match="already signed"):
        certify(signed.visa)


def test_each_step_is_an_incremental_update(signed: Signed) -> None:
    steps = [signed.rendered, signed.certified, signed.visa, signed.signed, signed.sealed]
    for earlier, later in zip(steps, [*steps[1:], signed.archived], strict=True):
        assert later.startswith(earlier)


def test_render_creates_every_field_in_one_revision(letter: Publication) -> None:
    pdf = render_pdf(letter, SLOTS)
    reader = PdfFileReader(BytesIO(pdf))
    assert reader.xrefs.total_revisions == 2  # WeasyPrint's, then the fields
    names = [f.get_object()["/T"] for f in reader.root["/AcroForm"]["/Fields"]]
    assert names == [slot.name for slot in SLOTS]
    html = render_html(letter, SLOTS)
    assert "Draft" in html
    assert "Invitation au dialogue régional" in html
    assert "<strong>vous inviter</strong>" in html
    assert "Affaires consulaires" in html
    assert "Visa — Head of the Levant service" in html
    with pytest.raises(InvalidInput):
        render_pdf(letter, [SignatureSlot("a b", "x")])
    with pytest.raises(InvalidInput):
        render_pdf(letter, [SignatureSlot("a", "x"), SignatureSlot("a", "y")])


def test_wrong_password_is_refused_and_recorded(letter: Publication, service_head: Agent) -> None:
    certified = certify(render_pdf(letter, SLOTS))
    with pytest.raises(PermissionDenied, match="password is not correct"):
        sign(certified, agent=service_head, password="wrong", field="step-1-a")
    assert Event.objects.filter(
        action="signatures.reauthentication_failed", actor=service_head
    ).exists()
    assert not Event.objects.filter(action="signatures.signed").exists()


def test_signing_a_missing_or_filled_field_is_refused(signed: Signed, service_head: Agent) -> None:
    with pytest.raises(InvalidInput, match="no signature field"):
        sign(signed.certified, agent=service_head, password=PASSWORD, field="nope")
    with pytest.raises(InvalidInput, match="already signed"):
        sign(signed.visa, agent=service_head, password=PASSWORD, field="step-1-a")


def test_delegation_is_written_in_the_signature(
    letter: Publication, service_head: Agent, desk_officer: Agent
) -> None:
    certified = certify(render_pdf(letter, SLOTS))
    out = sign(
        certified,
        agent=desk_officer,
        password=PASSWORD,
        field="step-1-a",
        on_behalf_of=service_head,
        reason="Visa",
    )
    report = verify(out)
    assert report.valid
    assert report.signatures[1].signer_name == "Camille Laurent"
    assert report.signatures[1].reason_given == "Visa (for Henri Dubois)"


def test_not_a_pdf_and_unsigned_pdf(letter: Publication) -> None:
    with pytest.raises(InvalidInput, match="not a PDF"):
        verify(b"hello")
    report = verify(render_pdf(letter, SLOTS))
    assert not report.valid
    assert report.explanation == "This PDF carries no signature."


def test_unreachable_external_tsa_signs_nothing(
    letter: Publication, service_head: Agent, settings: Settings
) -> None:
    certified = certify(render_pdf(letter, SLOTS))
    settings.TSA_URL = "http://127.0.0.1:9/tsa"  # nothing listens there
    with pytest.raises(DiplomatieError, match="time-stamping authority did not answer"):
        sign(certified, agent=service_head, password=PASSWORD, field="step-1-a")
    assert not Event.objects.filter(action="signatures.signed").exists()


@contextmanager
def serve_tsa(stamper: Any) -> Iterator[str]:
    """An RFC 3161 server on 127.0.0.1 answering with `stamper` (a DummyTimeStamper)."""
    from asn1crypto import tsp

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            answer = stamper.request_tsa_response(tsp.TimeStampReq.load(body)).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/tsa"
    finally:
        server.shutdown()
        server.server_close()


def foreign_tsa(tmp_path: Path) -> tuple[Any, Path]:
    """A time-stamping authority under a root of its own; its root written as PEM."""
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
    from django.utils import timezone
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    now = timezone.now()

    def build(subject: str, key: Any, issuer: Any, issuer_key: Any, *, ca: bool) -> Any:
        builder = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
            .issuer_name(issuer)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=30))
            .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        )
        if not ca:
            builder = builder.add_extension(
                x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True
            )
        return builder.sign(issuer_key, hashes.SHA256())

    root_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    root_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Foreign TSA root")])
    root = build("Foreign TSA root", root_key, root_name, root_key, ca=True)
    tsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    tsa = build("Foreign TSA", tsa_key, root.subject, root_key, ca=False)
    der = serialization.Encoding.DER
    stamper = DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(tsa.public_bytes(der)),
        tsa_key=asn1_keys.PrivateKeyInfo.load(
            tsa_key.private_bytes(
                der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        ),
        certs_to_embed=[asn1_x509.Certificate.load(root.public_bytes(der))],  # type: ignore[arg-type]
    )
    pem = tmp_path / "foreign-tsa-root.pem"
    pem.write_bytes(root.public_bytes(serialization.Encoding.PEM))
    return stamper, pem


def test_external_tsa_over_http(
    letter: Publication, service_head: Agent, settings: Settings, tmp_path: Path
) -> None:
    certified = certify(render_pdf(letter, SLOTS))
    stamper, root_pem = foreign_tsa(tmp_path)
    with serve_tsa(stamper) as url:
        settings.TSA_URL = url
        out = sign(certified, agent=service_head, password=PASSWORD, field="step-1-a")
    settings.TSA_URL = ""
    # The foreign authority is not trusted until its root is configured...
    report = verify(out)
    assert not report.signatures[1].valid
    assert "its timestamp is not valid" in report.signatures[1].explanation
    # ...then it is, for timestamps only.
    settings.TSA_CA_FILE = str(root_pem)
    report = verify(out)
    assert report.signatures[1].valid, report.signatures[1].explanation
    assert report.signatures[1].timestamp_time is not None


def test_request_user_lazy_proxy_can_sign(letter: Publication, service_head: Agent) -> None:
    from django.utils.functional import SimpleLazyObject

    lazy = SimpleLazyObject(lambda: Agent.objects.get(pk=service_head.pk))
    certified = certify(render_pdf(letter, SLOTS))
    out = sign(certified, agent=lazy, password=PASSWORD, field="step-1-a")  # type: ignore[arg-type]
    assert verify(out).signatures[1].signer_email == "henri@d.example"
