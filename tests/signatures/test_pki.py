"""The authority: created once (even by racing workers), keys encrypted at rest, agents'
certificates, revocation on departure, CRL and root published anonymously."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.db import connections
from django.test import Client

from diplomatie import env
from diplomatie.audit.models import Event
from diplomatie.core.errors import PermissionDenied
from diplomatie.directory.actions import do_end_membership
from diplomatie.directory.models import Agent, Membership
from diplomatie.publications.models import Publication
from diplomatie.signatures import pki
from diplomatie.signatures.models import Certificate, CertificateRole, RevocationReason
from diplomatie.signatures.services import (
    authority,
    certify,
    current_crl,
    ensure_certificate,
    issue_certificate,
    render_pdf,
    revoke_certificate,
    sign,
    verify,
)
from tests.conftest import Ministry, signed_in
from tests.factories import PASSWORD, make_member
from tests.signatures.conftest import SLOTS


def test_authority_is_created_once_with_the_right_certificates(db: None) -> None:
    first = authority()
    assert authority().root.serial == first.root.serial
    assert Certificate.objects.filter(current=True).count() == 4
    root = first.root.certificate
    assert root.subject == root.issuer
    assert root.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    issuing = first.issuing.certificate
    assert issuing.issuer == root.subject
    tsa = first.timestamping.certificate
    usage = tsa.extensions.get_extension_for_class(x509.ExtendedKeyUsage)
    assert usage.critical and list(usage.value) == [ExtendedKeyUsageOID.TIME_STAMPING]
    assert Event.objects.filter(action="signatures.authority_created").count() == 1


def test_private_keys_are_encrypted_at_rest(db: None) -> None:
    auth = authority()
    row = Certificate.objects.get(role=CertificateRole.SEAL, current=True)
    plain = auth.seal.key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    assert plain not in bytes(row.encrypted_key)
    assert bytes(row.encrypted_key).startswith(b"k1")


def test_master_key_file_is_generated_once_with_mode_0600(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SIGNATURE_KEY", raising=False)
    key = env.signature_key(tmp_path)
    assert env.signature_key(tmp_path) == key
    assert os.stat(tmp_path / "signature_key").st_mode & 0o777 == 0o600
    monkeypatch.setenv("SIGNATURE_KEY", "x" * 40)
    assert env.signature_key(tmp_path) == "x" * 40


@pytest.mark.django_db(transaction=True)
def test_two_workers_creating_the_authority_at_once_agree() -> None:
    barrier = threading.Barrier(2)
    roots: list[str] = []
    errors: list[BaseException] = []

    def create() -> None:
        try:
            barrier.wait(timeout=30)
            roots.append(authority().root.serial)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=create) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    assert len(set(roots)) == 1
    assert Certificate.objects.filter(role=CertificateRole.ROOT).count() == 1


def test_agent_certificate(service_head: Agent) -> None:
    row = ensure_certificate(service_head)
    assert ensure_certificate(service_head).pk == row.pk
    certificate = x509.load_der_x509_certificate(bytes(row.der))
    subject = certificate.subject
    assert subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "Henri Dubois"
    assert subject.get_attributes_for_oid(NameOID.EMAIL_ADDRESS)[0].value == "henri@d.example"
    unit = subject.get_attributes_for_oid(NameOID.ORGANIZATIONAL_UNIT_NAME)[0].value
    assert unit == "Service Levant"
    usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.content_commitment and usage.digital_signature and not usage.key_cert_sign
    points = certificate.extensions.get_extension_for_class(x509.CRLDistributionPoints).value
    assert points[0].full_name[0].value == "http://127.0.0.1:8000/signatures/crl"
    assert certificate.issuer == authority().issuing.certificate.subject
    assert Event.objects.filter(action="signatures.certificate_issued", target_id=row.pk).exists()


def test_no_certificate_for_an_agent_without_organisation(db: None) -> None:
    loner = Agent.objects.create_user("loner@d.example", PASSWORD, display_name="Loner")
    with pytest.raises(PermissionDenied, match="belongs to no organisation"):
        ensure_certificate(loner)


def test_leaving_every_organisation_revokes_and_republishes_the_crl(
    ministry: Ministry, letter: Publication, service_head: Agent
) -> None:
    certified = certify(render_pdf(letter, SLOTS))
    visa = sign(certified, agent=service_head, password=PASSWORD, field="step-1-a")
    row = ensure_certificate(service_head)
    before = current_crl().number
    time.sleep(1.1)  # CRL revocation dates count whole seconds
    for membership in Membership.objects.filter(agent=service_head):
        do_end_membership(membership)
    row.refresh_from_db()
    assert row.revoked_at is not None
    assert row.revocation_reason == RevocationReason.AFFILIATION_CHANGED
    crl = x509.load_der_x509_crl(bytes(current_crl().der))
    assert current_crl().number == before + 1
    assert crl.get_revoked_certificate_by_serial_number(int(row.serial)) is not None
    assert Event.objects.filter(action="signatures.certificate_revoked").exists()

    # Refused at signing...
    with pytest.raises(PermissionDenied, match="revoked"):
        sign(certified, agent=service_head, password=PASSWORD, field="step-2-a")
    # ...while the visa made before the departure stays valid, reported revoked later.
    report = verify(visa)
    visa_report = report.signatures[1]
    assert visa_report.revocation == "revoked"
    assert visa_report.revoked_at is not None
    assert visa_report.valid, visa_report.explanation
    assert "after this signature was timestamped" in visa_report.explanation


def test_key_compromise_invalidates_earlier_signatures(
    letter: Publication, service_head: Agent, admin: Agent
) -> None:
    certified = certify(render_pdf(letter, SLOTS))
    visa = sign(certified, agent=service_head, password=PASSWORD, field="step-1-a")
    revoke_certificate(service_head, reason=RevocationReason.KEY_COMPROMISE, actor=admin)
    report = verify(visa)
    assert not report.valid
    assert report.signatures[1].revocation == "revoked"
    assert "revoked on" in report.signatures[1].explanation
    with pytest.raises(PermissionDenied, match="revoked"):
        sign(certified, agent=service_head, password=PASSWORD, field="step-2-a")
    # An administrator issues a new certificate: signing works again.
    issue_certificate(service_head, actor=admin)
    again = sign(certified, agent=service_head, password=PASSWORD, field="step-2-a")
    assert verify(again).signatures[1].valid


def test_deactivation_revokes(service_head: Agent) -> None:
    row = ensure_certificate(service_head)
    service_head.is_active = False
    service_head.save(update_fields=["is_active"])
    row.refresh_from_db()
    assert row.revocation_reason == RevocationReason.CESSATION_OF_OPERATION


def test_other_memberships_keep_the_certificate(ministry: Ministry) -> None:
    agent = make_member(ministry.levant)
    from tests.factories import membership

    membership(agent, ministry.embassy)
    row = ensure_certificate(agent)
    do_end_membership(Membership.objects.get(agent=agent, organisation=ministry.levant))
    row.refresh_from_db()
    assert row.revoked_at is None


def test_crl_and_root_are_public(client: Client, db: None) -> None:
    auth = authority()
    response = client.get("/signatures/crl")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pkix-crl"
    crl = x509.load_der_x509_crl(response.content)
    assert crl.issuer == auth.issuing.certificate.subject
    assert crl.is_signature_valid(auth.issuing.key.public_key())
    root_crl = x509.load_der_x509_crl(client.get("/signatures/crl-racine").content)
    assert root_crl.issuer == auth.root.certificate.subject

    pem = client.get("/signatures/racine.pem")
    assert pem.status_code == 200
    assert x509.load_pem_x509_certificate(pem.content) == auth.root.certificate
    cer = client.get("/signatures/racine.cer")
    assert cer["Content-Type"] == "application/pkix-cert"
    assert x509.load_der_x509_certificate(cer.content) == auth.root.certificate
    issuing = client.get("/signatures/autorite.cer")
    assert x509.load_der_x509_certificate(issuing.content) == auth.issuing.certificate


def test_crl_is_the_same_for_signed_in_agents(client: Client, service_head: Agent) -> None:
    anonymous = client.get("/signatures/crl").content
    assert signed_in(client, service_head).get("/signatures/crl").content == anonymous


def test_cache_never_serves_another_certificate(db: None) -> None:
    serial = authority().root.serial
    assert pki._cache[serial].serial == serial
