"""The signatures API used by the parapheur and the pages: import from here.

- `render_pdf(publication, slots)` — the PDF with empty visible signature fields;
- `certify(pdf)` — the seal's certification, first;
- `sign(pdf, agent=, password=, field=, on_behalf_of=, reason=)` — an agent's signature;
- `seal(pdf, field=)` — the *cachet*; `archive(pdf)` — B-LTA;
- `verify(pdf)` — a `VerificationReport`;
- `ensure_certificate(agent)`, `issue_certificate(agent, actor=)`,
  `revoke_certificate(agent, reason=, actor=)` — the agents' certificates.

All of them take and return the whole file as bytes; each signing step is an incremental
update of its input, so the caller stores each version and passes the latest one on.
"""

from diplomatie.signatures.models import Certificate, RevocationReason
from diplomatie.signatures.pki import (
    authority,
    current_crl,
    ensure_certificate,
    issue_certificate,
    revoke_certificate,
    revoke_if_departed,
    root_certificate_der,
    root_certificate_pem,
)
from diplomatie.signatures.render import SignatureSlot, render_pdf
from diplomatie.signatures.signing import CERTIFICATION_FIELD, archive, certify, seal, sign
from diplomatie.signatures.verification import SignatureReport, VerificationReport, verify

__all__ = [
    "CERTIFICATION_FIELD",
    "Certificate",
    "RevocationReason",
    "SignatureReport",
    "SignatureSlot",
    "VerificationReport",
    "archive",
    "authority",
    "certify",
    "current_crl",
    "ensure_certificate",
    "issue_certificate",
    "render_pdf",
    "revoke_certificate",
    "revoke_if_departed",
    "root_certificate_der",
    "root_certificate_pem",
    "seal",
    "sign",
    "verify",
]
