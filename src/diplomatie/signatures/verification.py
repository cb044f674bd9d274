"""Verification of the signatures of a PDF, for the page and the `verify` command.

pyHanko validates each signature (integrity, chain of trust up to the instance's root,
revocation against the instance's current CRL, timestamp, and the analysis of every
later incremental update against the certification's DocMDP level). No network: the
validation context trusts only the instance root, fetches nothing, and is reused for
a minute (keyed by the CRL number, so a revocation is seen at once).

A signature whose certificate was revoked *after* its trusted timestamp, for a reason
other than a key compromise, stays valid — the AdES rule: the timestamp proves the
signature existed while the certificate was good (agents' certificates are revoked when
they leave; what they signed before remains signed). The report says so.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from dataclasses import dataclass, field
from io import BytesIO

from asn1crypto import crl as asn1_crl
from asn1crypto import x509 as asn1_x509
from django.conf import settings
from django.utils.translation import gettext as _
from pyhanko.keys import load_certs_from_pemder
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko.sign.validation.status import (
    DocumentTimestampStatus,
    PdfSignatureStatus,
    SignatureCoverageLevel,
)
from pyhanko_certvalidator import ValidationContext

from diplomatie.core.errors import InvalidInput
from diplomatie.signatures.pki import authority, current_crls

CONTEXT_TTL_SECONDS = 60.0


class Kind:
    CERTIFICATION = "certification"
    APPROVAL = "approval"
    TIMESTAMP = "timestamp"


@dataclass(frozen=True)
class SignatureReport:
    """What one signature (or document timestamp) of the file says, in plain terms."""

    field: str
    kind: str  # Kind.CERTIFICATION, Kind.APPROVAL or Kind.TIMESTAMP
    signer_name: str
    signer_email: str
    signer_unit: str
    chain: tuple[str, ...]  # from the signer's certificate up to the root (common names)
    trusted: bool  # the chain leads to the instance's root
    revocation: str  # "good", "revoked" or "unknown"
    revoked_at: dt.datetime | None
    signing_time: dt.datetime | None  # claimed by the signer's computer
    timestamp_time: dt.datetime | None  # from the time-stamping authority
    intact: bool  # the signed bytes hash to the signed value
    covers_whole_file: bool
    modified_after: bool  # later incremental updates exist
    modification: str  # "none", "archival data", "signatures and form filling", "other"
    modifications_permitted: bool | None
    reason_given: str  # the /Reason of the signature (e.g. "for B" under a delegation)
    valid: bool
    explanation: str


@dataclass(frozen=True)
class VerificationReport:
    """Every signature of the file in order, and the overall judgment with its reason."""

    signatures: tuple[SignatureReport, ...]
    valid: bool
    explanation: str
    warnings: tuple[str, ...] = field(default=())


_local = threading.local()


def _validation_contexts() -> tuple[ValidationContext, ValidationContext]:
    """Contexts for signers and for timestamps; reused for a minute.

    Signers: only the instance root is trusted, revocation checked against the current
    CRLs (hard-fail). Timestamps: the same, plus the roots in `TSA_CA_FILE` when an
    external authority is configured (soft-fail: its revocation lists are not fetched).
    """
    auth = authority()
    revocation_lists = current_crls()
    tsa_file = getattr(settings, "TSA_CA_FILE", "")
    key = (auth.root.serial, tsa_file, *(row.number for row in revocation_lists))
    cached = getattr(_local, "contexts", None)
    if (
        cached is not None
        and cached[0] == key
        and time.monotonic() - cached[1] < CONTEXT_TTL_SECONDS
    ):
        contexts: tuple[ValidationContext, ValidationContext] = cached[2]
        return contexts
    crls = [asn1_crl.CertificateList.load(bytes(row.der)) for row in revocation_lists]
    signers = ValidationContext(
        trust_roots=[auth.root.asn1],
        other_certs=[auth.issuing.asn1],
        crls=crls,
        allow_fetching=False,
        revocation_mode="hard-fail",
    )
    timestamps = signers
    if tsa_file:
        timestamps = ValidationContext(
            trust_roots=[auth.root.asn1, *load_certs_from_pemder([tsa_file])],
            other_certs=[auth.issuing.asn1],
            crls=crls,
            allow_fetching=False,
            revocation_mode="soft-fail",
        )
    contexts = (signers, timestamps)
    _local.contexts = (key, time.monotonic(), contexts)
    return contexts


def _names(certificate: asn1_x509.Certificate) -> tuple[str, str, str]:
    subject = certificate.subject.native
    return (
        str(subject.get("common_name", "")),
        str(subject.get("email_address", "")),
        str(subject.get("organizational_unit_name", "")),
    )


def _chain(status: PdfSignatureStatus | DocumentTimestampStatus) -> tuple[str, ...]:
    path = status.validation_path
    if path is not None:
        names: list[str] = []
        for certificate in reversed(list(path.iter_certs(include_root=True))):
            name = _names(certificate)[0]
            if not names or names[-1] != name:  # an untrusted root may come twice
                names.append(name)
        return tuple(names)
    cert = status.signing_cert
    issuer = str(cert.issuer.native.get("common_name", ""))
    return (_names(cert)[0], issuer)


def _modification(status: PdfSignatureStatus | DocumentTimestampStatus) -> str:
    level = status.modification_level
    if level is None or level == ModificationLevel.NONE:
        return "none"
    if level == ModificationLevel.LTA_UPDATES:
        return "archival data"
    if level == ModificationLevel.FORM_FILLING:
        return "signatures and form filling"
    return "other"


def _describe(
    embedded: EmbeddedPdfSignature,
    status: PdfSignatureStatus | DocumentTimestampStatus,
    kind: str,
) -> SignatureReport:
    name, email, unit = _names(status.signing_cert)
    timestamp_time: dt.datetime | None
    timestamp_ok = True
    signing_time: dt.datetime | None
    if isinstance(status, DocumentTimestampStatus):
        timestamp_time = status.timestamp
        signing_time = status.timestamp
    else:
        ts = status.timestamp_validity
        timestamp_time = ts.timestamp if ts is not None else None
        timestamp_ok = ts is None or (ts.intact and ts.valid and ts.trusted)
        signing_time = status.signer_reported_dt
    details = status.revocation_details
    revoked_at = details.revocation_date if details is not None else None
    revocation = "revoked" if details is not None else ("good" if status.trusted else "unknown")
    coverage = status.coverage
    covers_whole = coverage == SignatureCoverageLevel.ENTIRE_FILE
    modification = _modification(status)
    permitted = status.docmdp_ok
    intact = status.intact and status.valid
    reason_given = str(embedded.sig_object.get("/Reason", "") or "")

    revoked_later = (
        details is not None
        and not details.ca_revoked
        and timestamp_time is not None
        and timestamp_ok
        and revoked_at is not None
        and revoked_at > timestamp_time
        and details.revocation_reason.native != "key_compromise"
    )
    problems: list[str] = []
    if not intact:
        problems.append(
            _("the signed content was changed after signing (its hash no longer matches)")
        )
    if details is not None and not revoked_later:
        problems.append(
            _("the certificate was revoked on %(date)s") % {"date": _format(revoked_at)}
        )
    elif intact and not status.trusted and details is None:
        # (pyHanko does not judge the chain of a signature whose hash fails.)
        problems.append(_("the certificate does not lead to the ministry's root authority"))
    if not timestamp_ok:
        problems.append(_("its timestamp is not valid"))
    if coverage is None or coverage < SignatureCoverageLevel.ENTIRE_REVISION:
        problems.append(_("it does not cover its whole revision of the file"))
    if permitted is False or modification == "other":
        problems.append(
            _("the document was modified afterwards in a way its certification does not permit")
        )
    valid = not problems
    if valid:
        parts = [_("Valid: content intact, certificate issued by the ministry's authority")]
        if revoked_later:
            parts.append(
                _("revoked on %(date)s, after this signature was timestamped")
                % {"date": _format(revoked_at)}
            )
        else:
            parts.append(_("not revoked"))
        if not covers_whole:
            parts.append(_("later changes are only signatures and archival data, as permitted"))
        explanation = ", ".join(str(p) for p in parts) + "."
    else:
        explanation = _("Invalid: %(problems)s.") % {"problems": "; ".join(problems)}
    return SignatureReport(
        field=str(embedded.field_name),
        kind=kind,
        signer_name=name,
        signer_email=email,
        signer_unit=unit,
        chain=_chain(status),
        trusted=bool(status.trusted) or revoked_later,
        revocation=revocation,
        revoked_at=revoked_at,
        signing_time=signing_time,
        timestamp_time=timestamp_time,
        intact=intact,
        covers_whole_file=covers_whole,
        modified_after=not covers_whole,
        modification=modification,
        modifications_permitted=permitted,
        reason_given=reason_given,
        valid=valid,
        explanation=explanation,
    )


def _format(moment: dt.datetime | None) -> str:
    if moment is None:
        return "?"
    from django.utils import timezone

    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S %Z")


def _broken(embedded: EmbeddedPdfSignature, kind: str, error: Exception) -> SignatureReport:
    return SignatureReport(
        field=str(embedded.field_name),
        kind=kind,
        signer_name="",
        signer_email="",
        signer_unit="",
        chain=(),
        trusted=False,
        revocation="unknown",
        revoked_at=None,
        signing_time=None,
        timestamp_time=None,
        intact=False,
        covers_whole_file=False,
        modified_after=True,
        modification="other",
        modifications_permitted=None,
        reason_given="",
        valid=False,
        explanation=_("Invalid: this signature cannot be checked (%(error)s).") % {"error": error},
    )


def verify(pdf: bytes) -> VerificationReport:
    """Check every signature and document timestamp of `pdf`, in the order they were made.

    Raises `InvalidInput` when the bytes are not a readable PDF. A readable PDF without
    signatures gives an invalid report saying so. The whole file is valid when every
    signature is valid.
    """
    if not pdf.startswith(b"%PDF-"):
        raise InvalidInput(_("This file is not a PDF."))
    try:
        reader = PdfFileReader(BytesIO(pdf), strict=False)
        embedded_signatures = list(reader.embedded_signatures)
    except (PdfError, ValueError, KeyError, TypeError, IndexError) as exc:
        raise InvalidInput(_("This file is not a PDF that can be read.")) from exc
    if not embedded_signatures:
        return VerificationReport((), False, _("This PDF carries no signature."))
    signers_context, timestamps_context = _validation_contexts()
    reports: list[SignatureReport] = []
    for embedded in embedded_signatures:
        if embedded.sig_object_type == "/DocTimeStamp":
            kind = Kind.TIMESTAMP
        elif embedded.docmdp_level is not None:
            kind = Kind.CERTIFICATION
        else:
            kind = Kind.APPROVAL
        try:
            status: PdfSignatureStatus | DocumentTimestampStatus
            if kind == Kind.TIMESTAMP:
                status = validate_pdf_timestamp(embedded, validation_context=timestamps_context)
            else:
                status = validate_pdf_signature(
                    embedded,
                    signer_validation_context=signers_context,
                    ts_validation_context=timestamps_context,
                )
        except (SignatureValidationError, PdfError, ValueError, KeyError, TypeError) as exc:
            reports.append(_broken(embedded, kind, exc))
            continue
        reports.append(_describe(embedded, status, kind))
    invalid = [r for r in reports if not r.valid]
    warnings: list[str] = []
    if reports[0].kind != Kind.CERTIFICATION:
        warnings.append(_("The first signature is not a certification by the ministry's seal."))
    last_update = reader.xrefs.total_revisions
    if all(r.modified_after for r in reports) and last_update > 0:
        warnings.append(_("The last revision of the file is covered by no signature."))
    if invalid:
        explanation = _("Invalid: %(count)d of %(total)d signatures fail (%(fields)s).") % {
            "count": len(invalid),
            "total": len(reports),
            "fields": ", ".join(r.field for r in invalid),
        }
        return VerificationReport(tuple(reports), False, explanation, tuple(warnings))
    explanation = _("Valid: all %(total)d signatures are valid.") % {"total": len(reports)}
    return VerificationReport(tuple(reports), True, explanation, tuple(warnings))
