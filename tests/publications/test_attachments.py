"""Attachment storage: type detected from content, size bounded, content stored once."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import File
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pytest_django.fixtures import Settings as SettingsWrapper

from diplomatie.core.errors import InvalidInput
from diplomatie.directory.models import Agent
from diplomatie.publications import attachments
from diplomatie.publications.attachments import (
    attachment_path,
    clean_name,
    open_attachment,
    store_attachment,
)
from diplomatie.publications.models import Attachment, Publication
from tests.conftest import Ministry

PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
)
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 100
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 100 + b"PE\x00\x00"


def _image(fmt: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (1, 1), (200, 30, 30)).save(out, format=fmt)
    return out.getvalue()


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in entries.items():
            method = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=method)
    return out.getvalue()


CONTENT_TYPES = b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'


def _ooxml(main_part: str) -> bytes:
    return _zip(
        {
            "[Content_Types].xml": CONTENT_TYPES,
            "_rels/.rels": b"<Relationships/>",
            main_part: b"<?xml version='1.0'?><document/>",
        }
    )


def _opendocument(mimetype: str) -> bytes:
    return _zip(
        {
            "mimetype": mimetype.encode(),
            "META-INF/manifest.xml": b"<manifest/>",
            "content.xml": b"<office:document-content/>",
        }
    )


ACCEPTED = [
    ("note.pdf", PDF, "application/pdf"),
    ("pixel.png", _image("PNG"), "image/png"),
    ("photo.jpg", _image("JPEG"), "image/jpeg"),
    ("anim.gif", _image("GIF"), "image/gif"),
    ("pic.webp", _image("WEBP"), "image/webp"),
    (
        "report.docx",
        _ooxml("word/document.xml"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    (
        "figures.xlsx",
        _ooxml("xl/workbook.xml"),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    (
        "slides.pptx",
        _ooxml("ppt/presentation.xml"),
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
    (
        "memo.odt",
        _opendocument("application/vnd.oasis.opendocument.text"),
        "application/vnd.oasis.opendocument.text",
    ),
    (
        "table.ods",
        _opendocument("application/vnd.oasis.opendocument.spreadsheet"),
        "application/vnd.oasis.opendocument.spreadsheet",
    ),
    (
        "deck.odp",
        _opendocument("application/vnd.oasis.opendocument.presentation"),
        "application/vnd.oasis.opendocument.presentation",
    ),
    ("readme.txt", "Compte rendu — réunion à Beyrouth.\n".encode(), "text/plain"),
    ("data.csv", b"pays,capitale\nLiban,Beyrouth\n", "text/csv"),
    ("bom.txt", b"\xef\xbb\xbfhello\n", "text/plain"),
    # Text whose first bytes look like a weak signature is still just text.
    ("mail.txt", b"From the desk: see attached.\n", "text/plain"),
]

REFUSED = [
    ("program", ELF),
    ("setup.exe", EXE),
    ("report.pdf", EXE),  # The name is ignored.
    ("photo.png", ELF),
    ("page.html", b"<html><script>alert(1)</script></html>"),
    ("page.txt", b"  \n<!DOCTYPE html><p>hi"),
    ("image.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
    ("data.xml", b'<?xml version="1.0"?><a/>'),
    ("notes.txt", b"\xef\xbb\xbf<script>alert(1)</script>"),
    ("run.sh", b"#!/bin/sh\nrm -rf ~\n"),
    ("archive.zip", _zip({"a.txt": b"hello"})),
    ("report.docx", _zip({"word/document.xml": b"<document/>"})),
    (
        "macro.docx",
        _zip(
            {
                "[Content_Types].xml": CONTENT_TYPES,
                "word/document.xml": b"<document/>",
                "word/vbaProject.bin": b"\xd0\xcf\x11\xe0",
            }
        ),
    ),
    ("odd.odt", _opendocument("application/x-something")),
    ("broken.docx", b"PK\x03\x04" + b"\x00" * 60),
    ("latin1.txt", "café".encode("latin-1")),
    ("binary.bin", b"abc\x00def"),
    ("random.dat", bytes(range(256)) * 4),
]


@pytest.fixture
def data_dir(settings: SettingsWrapper, tmp_path: Path) -> Path:
    settings.DATA_DIR = tmp_path
    return tmp_path


@pytest.fixture
def publication(ministry: Ministry, desk_officer: Agent) -> Publication:
    return Publication.objects.create(
        kind="note", subject="x", author=desk_officer, issuer=ministry.levant
    )


def _tmp_files(data_dir: Path) -> list[Path]:
    tmp = data_dir / "attachments" / "tmp"
    return list(tmp.iterdir()) if tmp.exists() else []


def _blobs(data_dir: Path) -> list[Path]:
    root = data_dir / "attachments"
    return [p for p in root.rglob("*") if p.is_file() and "tmp" not in p.relative_to(root).parts]


@pytest.mark.parametrize("case", ACCEPTED, ids=[name for name, _c, _t in ACCEPTED])
def test_accepted_types_are_stored(
    data_dir: Path, publication: Publication, desk_officer: Agent, case: tuple[str, bytes, str]
) -> None:
    name, content, expected = case
    # The browser's announced type is ignored either way.
    upload = SimpleUploadedFile(name, content, content_type="application/x-msdownload")
    attachment = store_attachment(upload, publication=publication, actor=desk_officer)

    attachment.refresh_from_db()
    assert attachment.content_type == expected
    assert attachment.name == name
    assert attachment.size == len(content)
    assert attachment.publication == publication
    assert attachment.uploaded_by == desk_officer
    path = attachment_path(attachment)
    assert path.is_relative_to(data_dir / "attachments")
    sha = attachment.sha256
    assert path == data_dir / "attachments" / sha[:2] / sha[2:4] / sha
    assert path.read_bytes() == content
    with open_attachment(attachment) as f:
        assert f.read() == content
    assert _tmp_files(data_dir) == []


@pytest.mark.parametrize(("name", "content"), REFUSED)
def test_refused_types_leave_nothing(
    data_dir: Path, publication: Publication, desk_officer: Agent, name: str, content: bytes
) -> None:
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    with pytest.raises(InvalidInput) as refused:
        store_attachment(upload, publication=publication, actor=desk_officer)

    assert "is of a type that cannot be attached" in str(refused.value)
    assert name in str(refused.value)
    assert not Attachment.objects.exists()
    assert _tmp_files(data_dir) == []
    assert _blobs(data_dir) == []


def test_identical_content_is_stored_once(
    data_dir: Path, publication: Publication, desk_officer: Agent
) -> None:
    first = store_attachment(
        SimpleUploadedFile("a.pdf", PDF), publication=publication, actor=desk_officer
    )
    second = store_attachment(
        SimpleUploadedFile("copy of a.pdf", PDF), publication=publication, actor=desk_officer
    )

    assert Attachment.objects.count() == 2
    assert first.sha256 == second.sha256
    assert attachment_path(first) == attachment_path(second)
    assert _blobs(data_dir) == [attachment_path(first)]
    assert _tmp_files(data_dir) == []


def test_too_large_is_refused_while_streaming(
    settings: SettingsWrapper, data_dir: Path, publication: Publication, desk_officer: Agent
) -> None:
    settings.ATTACHMENT_MAX_BYTES = 1024

    class Stream(File[bytes]):
        consumed = 0

        def chunks(self, chunk_size: int | None = None) -> Iterator[bytes]:
            for _ in range(1000):
                Stream.consumed += 1
                yield b"a" * 512

    with pytest.raises(InvalidInput) as refused:
        store_attachment(
            Stream(io.BytesIO(), name="big.txt"), publication=publication, actor=desk_officer
        )

    assert str(refused.value) == "The file “big.txt” is too large: 1.0\xa0KB at most."
    assert Stream.consumed == 3
    assert not Attachment.objects.exists()
    assert _tmp_files(data_dir) == []
    assert _blobs(data_dir) == []


def test_exactly_the_limit_is_accepted(
    settings: SettingsWrapper, data_dir: Path, publication: Publication, desk_officer: Agent
) -> None:
    settings.ATTACHMENT_MAX_BYTES = 1024
    upload = SimpleUploadedFile("limit.txt", b"x" * 1024)
    attachment = store_attachment(upload, publication=publication, actor=desk_officer)
    assert attachment.size == 1024


def test_empty_file_is_refused(
    data_dir: Path, publication: Publication, desk_officer: Agent
) -> None:
    with pytest.raises(InvalidInput, match="empty"):
        store_attachment(
            SimpleUploadedFile("empty.pdf", b""), publication=publication, actor=desk_officer
        )
    assert not Attachment.objects.exists()
    assert _tmp_files(data_dir) == []


def test_any_file_object_with_read_is_accepted(
    data_dir: Path, publication: Publication, desk_officer: Agent
) -> None:
    upload = File(io.BytesIO(b"plain words\n"), name="/home/someone/words.txt")
    attachment = store_attachment(upload, publication=publication, actor=desk_officer)
    assert attachment.name == "words.txt"
    assert attachment_path(attachment).read_bytes() == b"plain words\n"


def test_unexpected_error_removes_the_temporary_file(
    data_dir: Path, publication: Publication, desk_officer: Agent, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(*args: Any, **kwargs: Any) -> str:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(attachments, "detect_type", boom)
    with pytest.raises(RuntimeError):
        store_attachment(
            SimpleUploadedFile("a.pdf", PDF), publication=publication, actor=desk_officer
        )
    assert _tmp_files(data_dir) == []
    assert not Attachment.objects.exists()


def test_data_dir_is_read_at_call_time(
    settings: SettingsWrapper, tmp_path: Path, publication: Publication, desk_officer: Agent
) -> None:
    settings.DATA_DIR = tmp_path / "elsewhere"
    attachment = store_attachment(
        SimpleUploadedFile("a.pdf", PDF), publication=publication, actor=desk_officer
    )
    assert attachment_path(attachment).is_relative_to(tmp_path / "elsewhere" / "attachments")


@pytest.mark.parametrize(
    ("raw", "content_type", "expected"),
    [
        ("report.pdf", "application/pdf", "report.pdf"),
        ("REPORT.PDF", "application/pdf", "REPORT.PDF"),
        ("../../etc/passwd", "text/plain", "passwd.txt"),
        ("C:\\Users\\me\\notes.txt", "text/plain", "notes.txt"),
        ("evil\u202efdp.exe", "text/plain", "evilfdp.exe.txt"),
        ("line\nbreak\x00.txt", "text/plain", "linebreak.txt"),
        ("run.bat", "text/plain", "run.bat.txt"),
        ("page.html", "text/plain", "page.html.txt"),
        ("scan", "image/jpeg", "scan.jpg"),
        ("photo.JPEG", "image/jpeg", "photo.JPEG"),
        ("", "application/pdf", "attachment.pdf"),
        ("...", "application/pdf", "attachment.pdf"),
        (".pdf", "application/pdf", "pdf.pdf"),
        ("  spaced   out .pdf ", "application/pdf", "spaced out.pdf"),
        ("a" * 300 + ".pdf", "application/pdf", "a" * 251 + ".pdf"),
        ("a" * 300, "application/pdf", "a" * 251 + ".pdf"),
    ],
)
def test_clean_name(raw: str, content_type: str, expected: str) -> None:
    name = clean_name(raw, content_type)
    assert name == expected
    assert len(name) <= 255


def test_attachment_path_rejects_a_tampered_digest() -> None:
    attachment = Attachment(sha256="../../../../etc/passwd")
    with pytest.raises(ValueError, match="SHA-256"):
        attachment_path(attachment)
