"""The ministry's own certificate authority.

At first use the instance creates, in one transaction, a root authority, an issuing
authority, a time-stamping certificate (for its own RFC 3161 authority) and the ministry's
seal certificate. Agents receive a key pair and a certificate from the issuing authority
the first time they sign. Keys are ECDSA P-256 (RSA-2048 for the time-stamping key, which
pyHanko's in-process time-stamper requires) and are stored encrypted (see `keystore`).

Parsed certificates and unlocked keys are cached per process by serial number: a serial is
random (128 bits), so a cache entry can never describe another certificate. Each lookup
still reads the current rows, so a revocation or renewal is seen at once.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from diplomatie.audit.recorder import record_event
from diplomatie.core.errors import InvalidInput, PermissionDenied
from diplomatie.signatures.keystore import open_key, seal_key
from diplomatie.signatures.models import (
    AUTHORITY_ROLES,
    Certificate,
    CertificateRole,
    RevocationList,
    RevocationReason,
)

if TYPE_CHECKING:
    from diplomatie.directory.models import Agent

PrivateKey = ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey

ROOT_YEARS = 20
ISSUING_YEARS = 10
SERVICE_YEARS = 5
AGENT_YEARS = 3
CRL_VALIDITY = dt.timedelta(days=7)
CRL_REFRESH_MARGIN = dt.timedelta(days=1)
# Issued certificates start a little in the past: clocks of validators differ.
BACKDATE = dt.timedelta(minutes=5)

_REASON_FLAGS = {
    RevocationReason.UNSPECIFIED: x509.ReasonFlags.unspecified,
    RevocationReason.KEY_COMPROMISE: x509.ReasonFlags.key_compromise,
    RevocationReason.AFFILIATION_CHANGED: x509.ReasonFlags.affiliation_changed,
    RevocationReason.SUPERSEDED: x509.ReasonFlags.superseded,
    RevocationReason.CESSATION_OF_OPERATION: x509.ReasonFlags.cessation_of_operation,
}


@dataclass(frozen=True)
class KeyPair:
    """A certificate in the forms the libraries want, with its unlocked private key."""

    serial: str
    certificate: x509.Certificate
    asn1: asn1_x509.Certificate
    key: PrivateKey
    key_info: asn1_keys.PrivateKeyInfo


@dataclass(frozen=True)
class Authority:
    root: KeyPair
    issuing: KeyPair
    timestamping: KeyPair
    seal: KeyPair

    @property
    def chain(self) -> list[asn1_x509.Certificate]:
        """The issuing and root certificates, embedded in every signature."""
        return [self.issuing.asn1, self.root.asn1]


_cache: dict[str, KeyPair] = {}
_cache_lock = threading.Lock()


def keypair(row: Certificate) -> KeyPair:
    """The parsed certificate and unlocked key of a row, cached by serial number."""
    cached = _cache.get(row.serial)
    if cached is not None:
        return cached
    der = bytes(row.der)
    private_der = open_key(bytes(row.encrypted_key), label=f"{row.role}:{row.serial}")
    key = serialization.load_der_private_key(private_der, password=None)
    if not isinstance(key, ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey):
        raise TypeError("unexpected key type")
    pair = KeyPair(
        serial=row.serial,
        certificate=x509.load_der_x509_certificate(der),
        asn1=asn1_x509.Certificate.load(der),
        key=key,
        key_info=asn1_keys.PrivateKeyInfo.load(private_der),
    )
    with _cache_lock:
        _cache[row.serial] = pair
    return pair


# --- Building certificates ---------------------------------------------------------------


def crl_url(issuer_role: str = CertificateRole.ISSUING) -> str:
    if issuer_role == CertificateRole.ROOT:
        return f"{settings.PUBLIC_URL}/signatures/crl-racine"
    return f"{settings.PUBLIC_URL}/signatures/crl"


def issuer_url() -> str:
    return f"{settings.PUBLIC_URL}/signatures/autorite.cer"


def _fit(value: str, limit: int) -> str:
    """`value` cut to `limit` bytes of UTF-8 (X.509 name attributes count bytes)."""
    encoded = value.encode("utf-8")[:limit]
    return encoded.decode("utf-8", errors="ignore").strip() or "?"


def _name(common_name: str, *, unit: str = "", email: str = "") -> x509.Name:
    attributes = [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "FR"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, _fit(settings.SIGNATURE_ORGANISATION, 64)),
    ]
    if unit:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, _fit(unit, 64)))
    attributes.append(x509.NameAttribute(NameOID.COMMON_NAME, _fit(common_name, 64)))
    if email:
        attributes.append(x509.NameAttribute(NameOID.EMAIL_ADDRESS, _fit(email, 128)))
    return x509.Name(attributes)


def _new_key(role: str) -> PrivateKey:
    if role == CertificateRole.TIMESTAMPING:
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return ec.generate_private_key(ec.SECP256R1())


def _signature_usage() -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=True,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )


def _ca_usage() -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=False,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=True,
        crl_sign=True,
        encipher_only=False,
        decipher_only=False,
    )


def _distribution_point(url: str) -> x509.CRLDistributionPoints:
    return x509.CRLDistributionPoints(
        [
            x509.DistributionPoint(
                full_name=[x509.UniformResourceIdentifier(url)],
                relative_name=None,
                reasons=None,
                crl_issuer=None,
            )
        ]
    )


def _build(
    *,
    role: str,
    subject: x509.Name,
    key: PrivateKey,
    issuer: KeyPair | None,
    years: int,
    email: str = "",
) -> x509.Certificate:
    """A certificate for `key`, signed by `issuer` (self-signed when None: the root)."""
    now = timezone.now()
    signing_key: PrivateKey = key if issuer is None else issuer.key
    issuer_name = subject if issuer is None else issuer.certificate.subject
    public_key = key.public_key()
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer_name)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - BACKDATE)
        .not_valid_after(now + dt.timedelta(days=365 * years))
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
    )
    if issuer is not None:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()),
            critical=False,
        )
    if role in (CertificateRole.ROOT, CertificateRole.ISSUING):
        path_length = 1 if role == CertificateRole.ROOT else 0
        builder = builder.add_extension(
            x509.BasicConstraints(ca=True, path_length=path_length), critical=True
        ).add_extension(_ca_usage(), critical=True)
        if role == CertificateRole.ISSUING:
            builder = builder.add_extension(
                _distribution_point(crl_url(CertificateRole.ROOT)), critical=False
            )
    else:
        builder = builder.add_extension(
            x509.BasicConstraints(ca=False, path_length=None), critical=True
        )
        if role == CertificateRole.TIMESTAMPING:
            builder = builder.add_extension(
                x509.KeyUsage(
                    digital_signature=True,
                    content_commitment=True,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=False,
                    crl_sign=False,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            ).add_extension(
                x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True
            )
        else:
            builder = builder.add_extension(_signature_usage(), critical=True)
        # Everything the issuing authority signs can be checked against its CRL.
        builder = builder.add_extension(
            _distribution_point(crl_url()), critical=False
        ).add_extension(
            x509.AuthorityInformationAccess(
                [
                    x509.AccessDescription(
                        x509.oid.AuthorityInformationAccessOID.CA_ISSUERS,
                        x509.UniformResourceIdentifier(issuer_url()),
                    )
                ]
            ),
            critical=False,
        )
        if email:
            builder = builder.add_extension(
                x509.SubjectAlternativeName([x509.RFC822Name(email)]), critical=False
            )
    return builder.sign(signing_key, hashes.SHA256())


def _store(
    *, role: str, certificate: x509.Certificate, key: PrivateKey, agent: Agent | None = None
) -> Certificate:
    serial = str(certificate.serial_number)
    private_der = key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return Certificate.objects.create(
        role=role,
        agent=agent,
        serial=serial,
        subject=certificate.subject.rfc4514_string()[:500],
        der=certificate.public_bytes(serialization.Encoding.DER),
        encrypted_key=seal_key(private_der, label=f"{role}:{serial}"),
        not_before=certificate.not_valid_before_utc,
        not_after=certificate.not_valid_after_utc,
    )


# --- The authority -------------------------------------------------------------------------


def _authority_rows() -> dict[str, Certificate]:
    rows = Certificate.objects.filter(current=True, role__in=AUTHORITY_ROLES)
    return {row.role: row for row in rows}


def _create_authority(rows: dict[str, Certificate]) -> None:
    """Create whichever authority certificates are missing, all in one transaction."""
    pairs: dict[str, KeyPair] = {role: keypair(row) for role, row in rows.items()}
    created: list[str] = []
    plan = [
        (CertificateRole.ROOT, _("Root certification authority"), None, ROOT_YEARS),
        (CertificateRole.ISSUING, _("Signature authority"), CertificateRole.ROOT, ISSUING_YEARS),
        (
            CertificateRole.TIMESTAMPING,
            _("Time-stamping authority"),
            CertificateRole.ISSUING,
            SERVICE_YEARS,
        ),
        (CertificateRole.SEAL, _("Seal of the ministry"), CertificateRole.ISSUING, SERVICE_YEARS),
    ]
    for role, label, issuer_role, years in plan:
        if role in pairs:
            continue
        key = _new_key(role)
        issuer = pairs[issuer_role] if issuer_role is not None else None
        certificate = _build(role=role, subject=_name(label), key=key, issuer=issuer, years=years)
        row = _store(role=role, certificate=certificate, key=key)
        pairs[role] = keypair(row)
        created.append(role)
    if created:
        record_event("signatures.authority_created", details={"roles": created})


def authority() -> Authority:
    """The instance's authority, created at first use (safe when two workers race).

    Costs one query once the certificates exist. Two processes creating it at once: the
    unique constraint on the current certificate of each role lets one win; the other rolls
    its attempt back and reads the winner's.
    """
    rows = _authority_rows()
    if len(rows) < len(AUTHORITY_ROLES):
        try:
            with transaction.atomic():
                _create_authority(_authority_rows())
        except IntegrityError:
            pass  # another process created it first: read theirs
        rows = _authority_rows()
    return Authority(
        root=keypair(rows[CertificateRole.ROOT]),
        issuing=keypair(rows[CertificateRole.ISSUING]),
        timestamping=keypair(rows[CertificateRole.TIMESTAMPING]),
        seal=keypair(rows[CertificateRole.SEAL]),
    )


def root_certificate_der() -> bytes:
    return bytes(authority().root.certificate.public_bytes(serialization.Encoding.DER))


def root_certificate_pem() -> bytes:
    return bytes(authority().root.certificate.public_bytes(serialization.Encoding.PEM))


def issuing_certificate_der() -> bytes:
    return bytes(authority().issuing.certificate.public_bytes(serialization.Encoding.DER))


# --- Agents' certificates ------------------------------------------------------------------


def _check_may_hold_certificate(agent: Agent) -> str:
    """The organisation printed in the certificate; refuses an agent who may not sign."""
    from diplomatie.directory.models import Membership

    if not agent.is_active:
        raise PermissionDenied(_("This account is deactivated: it cannot receive a certificate."))
    membership = (
        Membership.objects.active()
        .filter(agent=agent)
        .select_related("organisation")
        .order_by("start", "pk")
        .first()
    )
    if membership is None:
        raise PermissionDenied(
            _("%(name)s belongs to no organisation: no signing certificate can be issued.")
            % {"name": agent}
        )
    return membership.organisation.display_name


def _issue(agent: Agent, *, actor: Agent | None) -> Certificate:
    unit = _check_may_hold_certificate(agent)
    issuing = authority().issuing
    key = _new_key(CertificateRole.AGENT)
    certificate = _build(
        role=CertificateRole.AGENT,
        subject=_name(agent.display_name or agent.email, unit=unit, email=agent.email),
        key=key,
        issuer=issuing,
        years=AGENT_YEARS,
        email=agent.email,
    )
    Certificate.objects.filter(agent=agent, role=CertificateRole.AGENT, current=True).update(
        current=False
    )
    row = _store(role=CertificateRole.AGENT, certificate=certificate, key=key, agent=agent)
    record_event(
        "signatures.certificate_issued",
        actor=actor,
        target=row,
        details={"agent": agent.pk, "serial": row.serial, "subject": row.subject},
    )
    return row


def _lock_agent(agent: Agent) -> None:
    """Serialise certificate issuance per agent (works with `request.user`'s lazy proxy)."""
    from diplomatie.directory.models import Agent as AgentModel

    AgentModel.objects.select_for_update().filter(pk=agent.pk).first()


def _current_row(agent: Agent) -> Certificate | None:
    return Certificate.objects.filter(agent=agent, role=CertificateRole.AGENT, current=True).first()


def _usable(row: Certificate | None) -> bool:
    return row is not None and row.revoked_at is None and row.not_after > timezone.now()


def ensure_certificate(agent: Agent) -> Certificate:
    """The agent's current signing certificate, issued now if they have none.

    A certificate that has expired is renewed; a revoked one is not: the call raises
    `PermissionDenied` (an administrator issues a new one with `issue_certificate` after a
    key compromise). Refuses an inactive agent or one who belongs to no organisation.
    Safe when called twice at once for the same agent: the agent row is locked.
    """
    row = _current_row(agent)
    if _usable(row):
        assert row is not None
        return row
    with transaction.atomic():
        _lock_agent(agent)
        row = _current_row(agent)
        if row is not None and row.revoked_at is not None:
            raise PermissionDenied(
                _(
                    "Your signing certificate was revoked on %(date)s (%(reason)s): "
                    "you cannot sign until an administrator issues a new one."
                )
                % {
                    "date": timezone.localtime(row.revoked_at).strftime("%Y-%m-%d %H:%M"),
                    "reason": row.get_revocation_reason_display(),
                }
            )
        if _usable(row):
            assert row is not None
            return row
        return _issue(agent, actor=agent)


def issue_certificate(agent: Agent, *, actor: Agent | None) -> Certificate:
    """Issue a new certificate to `agent`, replacing the current one (revoked or not).

    For an administrator after a key compromise (revoke first) or a change of name.
    """
    with transaction.atomic():
        _lock_agent(agent)
        return _issue(agent, actor=actor)


def revoke_certificate(
    agent: Agent, *, reason: str = RevocationReason.UNSPECIFIED, actor: Agent | None
) -> None:
    """Revoke the agent's unrevoked certificates and publish a new CRL at once.

    `reason` is a `RevocationReason` value. Nothing happens when the agent has no
    unrevoked certificate (so it is safe to call on every departure).
    """
    if reason not in RevocationReason.values:
        raise InvalidInput(_("Unknown revocation reason: %(reason)s.") % {"reason": reason})
    with transaction.atomic():
        rows = list(
            Certificate.objects.select_for_update().filter(
                agent=agent, role=CertificateRole.AGENT, revoked_at__isnull=True
            )
        )
        if not rows:
            return
        now = timezone.now()
        for row in rows:
            row.revoked_at = now
            row.revocation_reason = reason
            row.save(update_fields=["revoked_at", "revocation_reason"])
            record_event(
                "signatures.certificate_revoked",
                actor=actor,
                target=row,
                details={"agent": agent.pk, "serial": row.serial, "reason": reason},
            )
        publish_crl()


def revoke_if_departed(agent: Agent, *, actor: Agent | None = None) -> None:
    """Revoke the agent's certificate if they are deactivated or have left every organisation.

    "Left" means no membership that is open or ends after today (a membership ended today
    counts as left). Called by the signal receivers in `signals.py`; cheap when the agent
    holds no certificate.
    """
    from django.db.models import Q

    from diplomatie.directory.models import Membership

    if not Certificate.objects.filter(
        agent=agent, role=CertificateRole.AGENT, revoked_at__isnull=True
    ).exists():
        return
    if not agent.is_active:
        revoke_certificate(agent, reason=RevocationReason.CESSATION_OF_OPERATION, actor=actor)
        return
    staying = Membership.objects.filter(agent=agent).filter(
        Q(end__isnull=True) | Q(end__gt=timezone.localdate())
    )
    if not staying.exists():
        revoke_certificate(agent, reason=RevocationReason.AFFILIATION_CHANGED, actor=actor)


# --- Revocation lists ----------------------------------------------------------------------


def publish_crl(issuer_role: str = CertificateRole.ISSUING) -> RevocationList:
    """Sign and store a new CRL of the issuing authority (default) or of the root.

    The issuing authority's CRL lists every revoked certificate it issued (agents, seal,
    time-stamping); the root's lists a revoked issuing authority. Serialised by a lock on
    the issuer's row, so CRL numbers never collide.
    """
    auth = authority()
    issuer = auth.root if issuer_role == CertificateRole.ROOT else auth.issuing
    with transaction.atomic():
        Certificate.objects.select_for_update().filter(role=issuer_role, current=True).first()
        last = (
            RevocationList.objects.filter(issuer_role=issuer_role)
            .order_by("-number")
            .values_list("number", flat=True)
            .first()
        )
        number = (last or 0) + 1
        now = timezone.now()
        builder = (
            x509.CertificateRevocationListBuilder()
            .issuer_name(issuer.certificate.subject)
            .last_update(now - BACKDATE)
            .next_update(now + CRL_VALIDITY)
            .add_extension(x509.CRLNumber(number), critical=False)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()),
                critical=False,
            )
        )
        revoked = Certificate.objects.filter(revoked_at__isnull=False)
        if issuer_role == CertificateRole.ROOT:
            revoked = revoked.filter(role=CertificateRole.ISSUING)
        else:
            revoked = revoked.exclude(role__in=[CertificateRole.ROOT, CertificateRole.ISSUING])
        for row in revoked.only("serial", "revoked_at", "revocation_reason"):
            assert row.revoked_at is not None
            entry = (
                x509.RevokedCertificateBuilder()
                .serial_number(int(row.serial))
                .revocation_date(row.revoked_at)
                .add_extension(
                    x509.CRLReason(_REASON_FLAGS[RevocationReason(row.revocation_reason)]),
                    critical=False,
                )
                .build()
            )
            builder = builder.add_revoked_certificate(entry)
        crl = builder.sign(issuer.key, hashes.SHA256())
        return RevocationList.objects.create(
            issuer_role=issuer_role,
            number=number,
            der=crl.public_bytes(serialization.Encoding.DER),
            this_update=now - BACKDATE,
            next_update=now + CRL_VALIDITY,
        )


def current_crl(issuer_role: str = CertificateRole.ISSUING) -> RevocationList:
    """The latest CRL of that issuer, published anew when there is none or it nears expiry."""
    latest = RevocationList.objects.filter(issuer_role=issuer_role).order_by("-number").first()
    if latest is None or latest.next_update - CRL_REFRESH_MARGIN <= timezone.now():
        return publish_crl(issuer_role)
    return latest


def current_crls() -> list[RevocationList]:
    """The current CRLs of the issuing authority and of the root, in that order."""
    return [current_crl(CertificateRole.ISSUING), current_crl(CertificateRole.ROOT)]
