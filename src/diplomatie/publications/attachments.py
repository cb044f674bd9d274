"""Storing the files attached to publications.

An upload is streamed to a temporary file under the data directory while its SHA-256 and
size are computed; its type is then detected from its *content* — never from its name nor
from the type the browser announced — and only an allow-list of types is accepted. The
accepted file is moved to `DATA_DIR/attachments/<sha[:2]>/<sha[2:4]>/<sha>`: storage is
content-addressed, so identical files are stored once whatever their names.

Permissions and transactions are the caller's business.
"""

from __future__ import annotations

import codecs
import contextlib
import hashlib
import os
import re
import tempfile
import unicodedata
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import puremagic
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from diplomatie.core.errors import InvalidInput
from diplomatie.publications.models import Attachment

if TYPE_CHECKING:
    from django.core.files.base import File
    from django_stubs_ext import StrPromise

    from diplomatie.directory.models import Agent
    from diplomatie.publications.models import Publication

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
GIF = "image/gif"
WEBP = "image/webp"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
ODP = "application/vnd.oasis.opendocument.presentation"
TEXT = "text/plain"
CSV = "text/csv"

ALLOWED_TYPES: dict[str, StrPromise] = {
    PDF: _("PDF document"),
    PNG: _("PNG image"),
    JPEG: _("JPEG image"),
    GIF: _("GIF image"),
    WEBP: _("WebP image"),
    DOCX: _("Word document"),
    XLSX: _("Excel spreadsheet"),
    PPTX: _("PowerPoint presentation"),
    ODT: _("OpenDocument text"),
    ODS: _("OpenDocument spreadsheet"),
    ODP: _("OpenDocument presentation"),
    TEXT: _("Plain text"),
    CSV: _("CSV table"),
}

# The extensions a stored name may keep for each type; any other gets the first one
# appended, so that a download is never opened by the reader's system as something else
# (a text file named `run.bat`, `page.html`…).
EXTENSIONS: dict[str, tuple[str, ...]] = {
    PDF: (".pdf",),
    PNG: (".png",),
    JPEG: (".jpg", ".jpeg", ".jpe", ".jfif"),
    GIF: (".gif",),
    WEBP: (".webp",),
    DOCX: (".docx",),
    XLSX: (".xlsx",),
    PPTX: (".pptx",),
    ODT: (".odt",),
    ODS: (".ods",),
    ODP: (".odp",),
    TEXT: (".txt", ".text", ".md", ".log"),
    CSV: (".csv",),
}

# Types recognised by their signature (puremagic); containers and text are handled apart.
_SIGNATURE_TYPES = frozenset({PDF, PNG, JPEG, GIF, WEBP})
_OPENDOCUMENT_TYPES = frozenset({ODT, ODS, ODP})
_OOXML_PARTS = (("word/", DOCX), ("xl/", XLSX), ("ppt/", PPTX))
_ZIP_MAGIC = b"PK\x03\x04"
# Text starting like markup: a browser may render it as HTML, SVG or XML.
_MARKUP_START = re.compile(rb"<[a-zA-Z!?/]")

HEAD_BYTES = 64 * 1024
CHUNK_BYTES = 64 * 1024
NAME_MAX = 255
SHA256_PATTERN = re.compile(r"[0-9a-f]{64}")


class RefusedType(Exception):
    """The content is not of an allowed type; `detected` says what it looks like."""

    def __init__(self, detected: str) -> None:
        super().__init__(detected)
        self.detected = detected


# Paths -----------------------------------------------------------------------------------


def attachments_root() -> Path:
    """Read at call time: tests and deployments point DATA_DIR elsewhere."""
    return Path(settings.DATA_DIR) / "attachments"


def blob_path(sha256: str) -> Path:
    if not SHA256_PATTERN.fullmatch(sha256):
        raise ValueError(f"not a SHA-256 digest: {sha256!r}")
    return attachments_root() / sha256[:2] / sha256[2:4] / sha256


def attachment_path(attachment: Attachment) -> Path:
    """Where the content of `attachment` lives on disk."""
    return blob_path(attachment.sha256)


def open_attachment(attachment: Attachment) -> BinaryIO:
    """The content of `attachment`, opened for binary reading; the caller closes it."""
    return attachment_path(attachment).open("rb")


# Type detection --------------------------------------------------------------------------


def _zip_type(path: Path) -> str:
    """Tell OOXML and OpenDocument apart from any other ZIP archive, which is refused."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                with archive.open("mimetype") as entry:
                    declared = entry.read(100).decode("ascii", "replace").strip()
                if declared in _OPENDOCUMENT_TYPES:
                    return declared
                raise RefusedType(declared or "OpenDocument?")
            if "[Content_Types].xml" in names:
                if any(name.lower().endswith("vbaproject.bin") for name in names):
                    # Macro-enabled (docm, xlsm, pptm): not what the allowed types are.
                    raise RefusedType(gettext("office document with macros"))
                for prefix, content_type in _OOXML_PARTS:
                    if any(name.startswith(prefix) for name in names):
                        return content_type
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, RuntimeError) as e:
        raise RefusedType(gettext("damaged ZIP archive")) from e
    raise RefusedType(gettext("ZIP archive"))


def _signature_type(head: bytes) -> tuple[str | None, str | None]:
    """(allowed type, description) from the signature of the first bytes, by puremagic."""
    try:
        matches = puremagic.magic_string(head)
    except (puremagic.PureError, ValueError):
        return None, None
    if not matches:
        return None, None
    best = max(match.confidence for match in matches)
    for match in matches:
        if match.confidence == best and match.mime_type in _SIGNATURE_TYPES:
            return match.mime_type, match.name
    return None, matches[0].name or matches[0].mime_type or None


def _is_text(head: bytes, complete: bool) -> bool:
    """No NUL byte and valid UTF-8 (a character cut at the end of `head` is allowed)."""
    if b"\x00" in head:
        return False
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(head, final=complete)
    except UnicodeDecodeError:
        return False
    return True


def detect_type(path: Path, name: str) -> str:
    """The allowed MIME type of the file at `path`, or `RefusedType`.

    `name` only ever refines a type already proven from the content: UTF-8 text named
    `*.csv` is `text/csv`.
    """
    with path.open("rb") as f:
        head = f.read(HEAD_BYTES)
        complete = not f.read(1)
    if head.startswith(_ZIP_MAGIC):
        return _zip_type(path)
    content_type, description = _signature_type(head)
    if content_type is not None:
        return content_type
    if _is_text(head, complete):
        start = head.removeprefix(codecs.BOM_UTF8).lstrip()
        if _MARKUP_START.match(start):
            raise RefusedType(gettext("HTML or XML markup"))
        if start.startswith(b"#!"):
            raise RefusedType(gettext("script"))
        return CSV if name.lower().endswith(".csv") else TEXT
    raise RefusedType(description or gettext("unknown type"))


# Names -----------------------------------------------------------------------------------


def base_name(raw: str | None) -> str:
    """The last component of `raw` without control or invisible formatting characters
    (such as the right-to-left override that disguises `exe.pdf`); may be empty."""
    name = unicodedata.normalize("NFC", raw or "")
    name = re.split(r"[/\\]", name)[-1]
    name = "".join(c for c in name if unicodedata.category(c) not in {"Cc", "Cf", "Zl", "Zp"})
    return " ".join(name.split()).strip(" .")


def clean_name(raw: str | None, content_type: str) -> str:
    """A base name safe to store and offer for download, with an extension that matches
    the detected type; at most 255 characters."""
    name = base_name(raw)
    base, dot, ext = name.rpartition(".")
    suffix = f".{ext}".lower() if dot else ""
    allowed = EXTENSIONS.get(content_type, ())
    if not base or suffix not in allowed:
        stem = name or gettext("attachment")
        suffix = allowed[0] if allowed else ""
    else:
        stem, suffix = base, f".{ext}"
    return stem[: NAME_MAX - len(suffix)].rstrip(" .") + suffix


# Storing ---------------------------------------------------------------------------------


def _chunks(upload: File[Any]) -> Iterator[bytes]:
    """The content of a Django `File`, or of any binary file-like object with `read`."""
    chunks = getattr(upload, "chunks", None)
    if callable(chunks):
        yield from chunks(CHUNK_BYTES)
        return
    with contextlib.suppress(AttributeError, OSError, ValueError):
        upload.seek(0)
    while chunk := upload.read(CHUNK_BYTES):
        yield chunk


def _refused(name: str, detected: str) -> InvalidInput:
    return InvalidInput(
        gettext(
            "The file “%(name)s” is of a type that cannot be attached (%(detected)s). "
            "Allowed: PDF, images, office documents and plain text."
        )
        % {"name": name, "detected": detected}
    )


def store_attachment(upload: File[Any], *, publication: Publication, actor: Agent) -> Attachment:
    """Validate `upload`, store its content once and attach it to `publication`.

    Raises `InvalidInput` for an empty, too large or refused file; nothing is written to
    the database and no temporary file is left behind in that case.
    """
    shown_name = base_name(upload.name)[:NAME_MAX] or gettext("attachment")
    max_bytes = int(settings.ATTACHMENT_MAX_BYTES)
    tmp_dir = attachments_root() / "tmp"
    tmp_dir.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=tmp_dir, prefix="upload-")
    tmp_path = Path(tmp_name)
    try:
        digest = hashlib.sha256()
        size = 0
        with os.fdopen(fd, "wb") as out:
            for chunk in _chunks(upload):
                data = bytes(chunk)
                size += len(data)
                if size > max_bytes:
                    raise InvalidInput(
                        gettext("The file “%(name)s” is too large: %(size)s at most.")
                        % {"name": shown_name, "size": filesizeformat(max_bytes)}
                    )
                digest.update(data)
                out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if size == 0:
            raise InvalidInput(gettext("The file “%(name)s” is empty.") % {"name": shown_name})
        try:
            content_type = detect_type(tmp_path, shown_name)
        except RefusedType as refused:
            raise _refused(shown_name, refused.detected) from None

        sha256 = digest.hexdigest()
        final = blob_path(sha256)
        if final.is_file() and final.stat().st_size == size:
            tmp_path.unlink()  # Already stored: content-addressed.
        else:
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp_path, final)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp_path.unlink()
        raise

    return Attachment.objects.create(
        publication=publication,
        name=clean_name(upload.name, content_type),
        content_type=content_type,
        size=size,
        sha256=sha256,
        uploaded_by=actor,
    )
