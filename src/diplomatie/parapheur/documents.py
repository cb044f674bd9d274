"""The parapheur's only door to the PDF and its signatures (app `signatures`).

Every revision of a circuit's PDF is stored content-addressed under
`DATA_DIR/parapheur/<sha[:2]>/<sha>`: a revision is never overwritten, and the hashes
recorded in the acts name the exact bytes each actor saw and produced.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings

from diplomatie.core.errors import NotFound

if TYPE_CHECKING:
    from diplomatie.directory.models import Agent
    from diplomatie.publications.models import Publication


def _services() -> Any:
    """The signatures app's services, imported when first needed."""
    return importlib.import_module("diplomatie.signatures.services")


def documents_root() -> Path:
    """Read at call time: tests and deployments point DATA_DIR elsewhere."""
    return Path(settings.DATA_DIR) / "parapheur"


def sha256_of(pdf: bytes) -> str:
    return hashlib.sha256(pdf).hexdigest()


def pdf_path(sha256: str) -> Path:
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise NotFound("document")
    return documents_root() / sha256[:2] / sha256


def store(pdf: bytes) -> str:
    """Write the revision (atomically, once) and return its SHA-256."""
    sha = sha256_of(pdf)
    path = pdf_path(sha)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(pdf)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    return sha


def load(sha256: str) -> bytes:
    path = pdf_path(sha256)
    try:
        pdf = path.read_bytes()
    except FileNotFoundError:
        raise NotFound("document") from None
    if sha256_of(pdf) != sha256:
        raise NotFound("document")
    return pdf


def freeze(publication: Publication, slots: Sequence[tuple[str, str]]) -> bytes:
    """Render the document with one visible field per (name, label) and certify it with
    the ministry's seal: after this, only form filling and signing are allowed."""
    services = _services()
    pdf: bytes = services.render_pdf(
        publication, [services.SignatureSlot(name=name, label=label) for name, label in slots]
    )
    certified: bytes = services.certify(pdf)
    return certified


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
    signed: bytes = _services().sign(
        pdf,
        agent=agent,
        password=password,
        confirmed_by=confirmed_by,
        field=field,
        on_behalf_of=on_behalf_of,
        reason=reason,
    )
    return signed


def seal(pdf: bytes, *, field: str) -> bytes:
    sealed: bytes = _services().seal(pdf, field=field)
    return sealed


def archive(pdf: bytes) -> bytes:
    archived: bytes = _services().archive(pdf)
    return archived
