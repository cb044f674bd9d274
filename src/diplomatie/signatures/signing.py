"""PAdES signatures: the seal's certification, agents' approvals, the cachet, archival.

Every operation is an incremental update of the bytes it is given, so every earlier
signature stays valid. Signatures are PAdES baseline B-T: a CMS signature (ECDSA P-256,
SHA-256) with a signature timestamp from an RFC 3161 authority — the one at `TSA_URL`
when configured, else the instance's own time-stamping certificate, in process.
`archive` lifts the whole file to B-LTA: a DSS with every certificate and the current CRL,
then a document timestamp.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import urllib.request
from collections.abc import Iterable
from functools import lru_cache
from io import BytesIO
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from asn1crypto import cms, core, crl, tsp
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfReadError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError, as_signing_certificate, simple_cms_attribute
from pyhanko.sign.signers.pdf_signer import PdfTimeStamper
from pyhanko.sign.timestamps.api import TimeStamper
from pyhanko.sign.timestamps.common_utils import TimestampRequestError
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pyhanko.stamp import TextStampStyle
from pyhanko_certvalidator.registry import SimpleCertificateStore
from pyhanko_certvalidator.util import get_pyca_cryptography_hash

from diplomatie.audit.recorder import record_event
from diplomatie.core.errors import DiplomatieError, InvalidInput, PermissionDenied
from diplomatie.signatures.pki import (
    Authority,
    KeyPair,
    authority,
    current_crls,
    ensure_certificate,
    keypair,
)

if TYPE_CHECKING:
    from diplomatie.directory.models import Agent

CERTIFICATION_FIELD = "certification"
ARCHIVE_FIELD_PREFIX = "archive-timestamp"


class InstanceTimeStamper(DummyTimeStamper):
    """pyHanko's in-process RFC 3161 authority, with the instance's TSA key kept unlocked.

    The parent class reloads its key from DER for every token; this keeps the parsed key.
    """

    def __init__(self, pair: KeyPair, chain: Iterable[asn1_x509.Certificate]) -> None:
        super().__init__(
            tsa_cert=pair.asn1,
            tsa_key=pair.key_info,
            certs_to_embed=list(chain),  # type: ignore[arg-type]
        )
        if not isinstance(pair.key, rsa.RSAPrivateKey):
            raise TypeError("the time-stamping key must be RSA")
        self._key: rsa.RSAPrivateKey = pair.key

    def _sign_tst_info(
        self, tst_info_data: bytes, md_algorithm: str, dt: dt.datetime
    ) -> tuple[bytes, cms.CMSAttributes]:
        digest = hashlib.new(md_algorithm.lower().replace("-", ""), tst_info_data).digest()
        signed_attrs = cms.CMSAttributes(
            [
                simple_cms_attribute("content_type", "tst_info"),
                simple_cms_attribute("signing_time", cms.Time({"utc_time": core.UTCTime(dt)})),
                simple_cms_attribute("signing_certificate", as_signing_certificate(self.tsa_cert)),
                simple_cms_attribute("message_digest", digest),
            ]
        )
        signature = self._key.sign(
            signed_attrs.dump(),
            padding.PKCS1v15(),
            get_pyca_cryptography_hash(md_algorithm.upper()),
        )
        return signature, signed_attrs


_instance_timestampers: dict[str, InstanceTimeStamper] = {}


class HTTPTimeStamper(TimeStamper):
    """An external RFC 3161 authority over HTTP(S), with the standard library only.

    (pyHanko's own HTTP clients need `requests` or `aiohttp`, which the platform does not
    otherwise use.)
    """

    def __init__(self, url: str, *, timeout: float = 10) -> None:
        super().__init__()
        # urlopen would also read file: and other schemes: an authority is http(s) only.
        if urlsplit(url).scheme not in ("http", "https"):
            raise ImproperlyConfigured(
                f"TSA_URL={url!r} is not an http:// or https:// address of a time-stamping "
                "authority."
            )
        self.url = url
        self.timeout = timeout

    async def async_request_tsa_response(self, req: tsp.TimeStampReq) -> tsp.TimeStampResp:
        def post() -> tsp.TimeStampResp:
            request = urllib.request.Request(  # noqa: S310 (the URL is the operator's setting)
                self.url,
                data=req.dump(),
                headers={"Content-Type": "application/timestamp-query"},
                method="POST",
            )
            try:
                # http(s) only: checked when the authority is configured.
                with urllib.request.urlopen(request, timeout=self.timeout) as answer:  # noqa: S310  # nosec B310
                    content_type = answer.headers.get("Content-Type", "")
                    body = answer.read()
            except OSError as exc:
                raise TimestampRequestError("no answer from the time-stamping authority") from exc
            if content_type.split(";")[0].strip() != "application/timestamp-reply":
                raise TimestampRequestError("malformed answer from the time-stamping authority")
            return tsp.TimeStampResp.load(body)

        return await asyncio.to_thread(post)


@lru_cache(maxsize=2)
def _http_timestamper(url: str) -> TimeStamper:
    return HTTPTimeStamper(url)


def timestamper(auth: Authority | None = None) -> TimeStamper:
    """The external authority at `TSA_URL` when set, else the instance's own (no network)."""
    if settings.TSA_URL:
        return _http_timestamper(settings.TSA_URL)
    auth = auth or authority()
    pair = auth.timestamping
    stamper = _instance_timestampers.get(pair.serial)
    if stamper is None:
        stamper = InstanceTimeStamper(pair, auth.chain)
        _instance_timestampers[pair.serial] = stamper
    return stamper


_signers: dict[str, signers.SimpleSigner] = {}


def _signer(pair: KeyPair, auth: Authority) -> signers.SimpleSigner:
    signer = _signers.get(pair.serial)
    if signer is None:
        signer = signers.SimpleSigner(
            signing_cert=pair.asn1,
            signing_key=pair.key_info,
            cert_registry=SimpleCertificateStore.from_certs(auth.chain),
        )
        _signers[pair.serial] = signer
    return signer


def _reader(pdf: bytes) -> PdfFileReader:
    try:
        return PdfFileReader(BytesIO(pdf), strict=False)
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise InvalidInput(_("This file is not a PDF that can be read.")) from exc


def _bytes_reserved() -> int:
    """Room for the CMS signature: ECDSA, three certificates and an RSA timestamp token
    with its chain come to about 5 kB with the instance's own authority; an external
    authority's token may carry a longer chain."""
    return 32768 if settings.TSA_URL else 12288


def _stamp_style(lines: list[str]) -> TextStampStyle:
    return TextStampStyle(stamp_text="\n".join(lines), border_width=0)


def _sign_with(
    pdf: bytes,
    *,
    pair: KeyPair,
    auth: Authority,
    field: str,
    reason: str,
    name: str,
    contact: str = "",
    certify: bool = False,
    stamp_lines: list[str] | None = None,
) -> bytes:
    meta = signers.PdfSignatureMetadata(
        field_name=field,
        reason=reason or None,
        name=name,
        contact_info=contact or None,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        certify=certify,
        docmdp_permissions=fields.MDPPerm.FILL_FORMS,
    )
    pdf_signer = signers.PdfSigner(
        meta,
        signer=_signer(pair, auth),
        timestamper=timestamper(auth),
        stamp_style=_stamp_style(stamp_lines or ["%(signer)s", "%(ts)s"]),
    )
    writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
    try:
        # A fixed reservation spares pyHanko a dummy signature to estimate the size.
        out = pdf_signer.sign_pdf(
            writer, existing_fields_only=not certify, bytes_reserved=_bytes_reserved()
        )
    except SigningError as exc:
        raise InvalidInput(
            _("The document cannot be signed in the field %(field)s: %(error)s")
            % {"field": field, "error": exc}
        ) from exc
    except TimestampRequestError as exc:
        raise DiplomatieError(
            _("The time-stamping authority did not answer: nothing was signed; try again.")
        ) from exc
    return bytes(out.getvalue())


def _field_state(pdf: bytes, field: str) -> bool | None:
    """True if the field is already signed, False if empty, None if it does not exist."""
    reader = _reader(pdf)
    for name, value, _ref in fields.enumerate_sig_fields(reader, filled_status=None):
        if name == field:
            return value is not None
    return None


def _require_empty_field(pdf: bytes, field: str) -> None:
    state = _field_state(pdf, field)
    if state is None:
        raise InvalidInput(_("The document has no signature field %(field)s.") % {"field": field})
    if state:
        raise InvalidInput(_("The signature field %(field)s is already signed.") % {"field": field})


def certify(pdf: bytes) -> bytes:
    """The ministry seal's certification signature: the first signature of the file.

    Invisible (a new field named "certification"), timestamped (B-T), DocMDP level 2
    "form filling and signing": afterwards only the planned fields may be signed, a DSS
    and document timestamps added. Raises `InvalidInput` if the file is already signed
    (PAdES allows one certification, and it must come first).
    """
    reader = _reader(pdf)
    if reader.embedded_signatures:
        raise InvalidInput(_("The document is already signed: the certification must be first."))
    auth = authority()
    with transaction.atomic():
        out = _sign_with(
            pdf,
            pair=auth.seal,
            auth=auth,
            field=CERTIFICATION_FIELD,
            reason=_("Certified by the ministry: only signatures may be added."),
            name=settings.SIGNATURE_ORGANISATION,
            certify=True,
        )
        record_event(
            "signatures.certified",
            details={"serial": auth.seal.serial, "sha256": hashlib.sha256(out).hexdigest()},
        )
    return out


# Second factors a caller may have verified instead of the password (see `sign`).
SECOND_FACTORS = frozenset({"totp", "webauthn"})


def sign(
    pdf: bytes,
    *,
    agent: Agent,
    password: str = "",
    confirmed_by: str = "",
    field: str,
    on_behalf_of: Agent | None = None,
    reason: str = "",
) -> bytes:
    """The agent's approval signature in the empty field `field`, as an incremental update.

    Re-authentication: `confirmed_by` names the fresh second factor ("totp", "webauthn")
    the caller has just verified for this agent (the parapheur does, through
    `accounts.second_factor`); without it, `password` must be the agent's current password, else
    `PermissionDenied` (and a "signatures.reauthentication_failed" audit event — recorded
    in its own transaction when the caller has none; inside a caller's transaction that
    rolls back, the event goes with it, so call `sign` before other writes or outside
    `atomic` if the failure must be kept). The agent's key and certificate are issued on
    first use (`ensure_certificate`); a revoked certificate, an inactive agent or one with
    no organisation is refused with `PermissionDenied`. `on_behalf_of` (delegation) is
    written in the signature's reason and in its visible stamp: "A, for B". PAdES B-T with
    the agent's own certificate. Raises `InvalidInput` if the field is missing or already
    signed, or the bytes are not a PDF.
    """
    if not agent.is_active:
        raise PermissionDenied(_("This account is deactivated: it cannot sign."))
    second_factor = confirmed_by in SECOND_FACTORS
    if not second_factor and not agent.check_password(password):
        with transaction.atomic():
            record_event(
                "signatures.reauthentication_failed", actor=agent, details={"field": field}
            )
        raise PermissionDenied(
            _("The password is not correct: the document was not signed. Type it again.")
        )
    _require_empty_field(pdf, field)
    auth = authority()
    with transaction.atomic():
        row = ensure_certificate(agent)
        pair = keypair(row)
        lines = ["%(signer)s"]
        full_reason = reason
        if on_behalf_of is not None:
            behalf = _("for %(name)s") % {"name": on_behalf_of.display_name or on_behalf_of.email}
            lines.append(behalf)
            full_reason = f"{reason} ({behalf})" if reason else behalf
        lines.append("%(ts)s")
        out = _sign_with(
            pdf,
            pair=pair,
            auth=auth,
            field=field,
            reason=full_reason,
            name=agent.display_name or agent.email,
            contact=agent.email,
            stamp_lines=lines,
        )
        record_event(
            "signatures.signed",
            actor=agent,
            target=row,
            details={
                "field": field,
                "serial": row.serial,
                "on_behalf_of": on_behalf_of.pk if on_behalf_of is not None else None,
                "sha256": hashlib.sha256(out).hexdigest(),
                "confirmed_by": confirmed_by if second_factor else "password",
            },
        )
    return out


def seal(pdf: bytes, *, field: str) -> bytes:
    """The *cachet*: the ministry seal's approval signature in the empty field `field` (B-T).

    No re-authentication: the seal is the server's; the caller decides when it applies
    (the last step of a circuit). Raises `InvalidInput` for a missing or signed field.
    """
    _require_empty_field(pdf, field)
    auth = authority()
    with transaction.atomic():
        out = _sign_with(
            pdf,
            pair=auth.seal,
            auth=auth,
            field=field,
            reason=_("Seal of the ministry"),
            name=settings.SIGNATURE_ORGANISATION,
        )
        record_event(
            "signatures.sealed",
            details={
                "field": field,
                "serial": auth.seal.serial,
                "sha256": hashlib.sha256(out).hexdigest(),
            },
        )
    return out


def _embedded_certificates(reader: PdfFileReader) -> list[asn1_x509.Certificate]:
    found: list[asn1_x509.Certificate] = []
    for embedded in reader.embedded_signatures:
        choices = embedded.signed_data["certificates"] or ()
        found.extend(choice.chosen for choice in choices if choice.name == "certificate")
    return found


def archive(pdf: bytes) -> bytes:
    """Close the file for the long term (PAdES B-LTA).

    Adds a DSS with every certificate involved (signers, seal, time-stamping authority,
    issuing and root authorities) and the instance's current CRL, then a document
    timestamp over everything. Each call adds one more document timestamp (renewal).
    """
    reader = _reader(pdf)
    if not reader.embedded_signatures:
        raise InvalidInput(_("The document has no signature to archive."))
    auth = authority()
    certificates: dict[bytes, asn1_x509.Certificate] = {}
    for certificate in [
        *_embedded_certificates(reader),
        auth.timestamping.asn1,
        auth.seal.asn1,
        *auth.chain,
    ]:
        certificates[certificate.sha256] = certificate
    revocation_lists = [crl.CertificateList.load(bytes(row.der)) for row in current_crls()]
    writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
    DocumentSecurityStore.supply_dss_in_writer(
        writer, None, certs=list(certificates.values()), crls=revocation_lists
    )
    existing = {name for name, _v, _r in fields.enumerate_sig_fields(reader, filled_status=None)}
    field_name = ARCHIVE_FIELD_PREFIX
    counter = 1
    while field_name in existing:
        counter += 1
        field_name = f"{ARCHIVE_FIELD_PREFIX}-{counter}"
    with transaction.atomic():
        try:
            out = PdfTimeStamper(timestamper(auth), field_name=field_name).timestamp_pdf(
                writer, "sha256"
            )
        except TimestampRequestError as exc:
            raise DiplomatieError(
                _("The time-stamping authority did not answer: nothing was archived; try again.")
            ) from exc
        data = bytes(out.getvalue())
        record_event(
            "signatures.archived",
            details={"field": field_name, "sha256": hashlib.sha256(data).hexdigest()},
        )
    return data


__all__ = [
    "ARCHIVE_FIELD_PREFIX",
    "CERTIFICATION_FIELD",
    "archive",
    "certify",
    "seal",
    "sign",
    "timestamper",
]
