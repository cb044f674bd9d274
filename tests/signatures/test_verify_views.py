"""The verification page and the `verify` command."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from pytest_django.fixtures import Settings as SettingsWrapper

from diplomatie.directory.models import Agent
from tests.conftest import signed_in
from tests.signatures.conftest import Signed
from tests.signatures.test_signing import tamper


def upload(client: Client, content: bytes, name: str = "document.pdf") -> Any:
    return client.post(
        "/signatures/verifier/",
        {"document": SimpleUploadedFile(name, content, content_type="application/pdf")},
    )


def test_anonymous_is_sent_to_sign_in(client: Client, db: None) -> None:
    response = client.get("/signatures/verifier/")
    assert response.status_code == 302
    assert "/login" in response["Location"] or "connexion" in response["Location"]


def test_page_shows_the_form(client: Client, journalist: Agent) -> None:
    response = signed_in(client, journalist).get("/signatures/verifier/")
    assert response.status_code == 200
    assert b'type="file"' in response.content
    assert b"/signatures/racine.pem" in response.content


def test_valid_file_shows_every_signature(client: Client, signed: Signed) -> None:
    agent = Agent.objects.get(email="henri@d.example")
    response = upload(signed_in(client, agent), signed.archived)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Valid: all 5 signatures are valid." in html
    assert "<caption>" in html
    assert "Henri Dubois" in html and "camille@d.example" in html
    assert "Root certification authority" in html


def test_tampered_file_is_invalid_with_the_reason(client: Client, signed: Signed) -> None:
    agent = Agent.objects.get(email="camille@d.example")
    response = upload(signed_in(client, agent), tamper(signed.archived))
    html = response.content.decode()
    assert "Invalid" in html
    assert "the signed content was changed after signing" in html


def test_non_pdf_and_unsigned_pdf(client: Client, desk_officer: Agent, signed: Signed) -> None:
    signed_in(client, desk_officer)
    response = upload(client, b"GIF89a not a pdf", name="image.pdf")
    assert response.status_code == 400
    assert "This file is not a PDF." in response.content.decode()
    response = upload(client, signed.rendered)
    assert response.status_code == 200
    assert "This PDF carries no signature." in response.content.decode()
    broken = b"%PDF-1.7\n garbage"
    response = upload(client, broken)
    assert response.status_code == 400
    assert "not a PDF that can be read" in response.content.decode()


def test_size_limit(client: Client, desk_officer: Agent, settings: SettingsWrapper) -> None:
    settings.ATTACHMENT_MAX_BYTES = 100
    response = upload(signed_in(client, desk_officer), b"%PDF-" + b"0" * 200)
    assert response.status_code == 400
    assert "too large" in response.content.decode()


def run_verify(path: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("verify", str(path), stdout=out, stderr=err)
    return int(exit_info.value.code or 0), out.getvalue(), err.getvalue()


def test_verify_command_exit_codes(signed: Signed, tmp_path: Path) -> None:
    good = tmp_path / "good.pdf"
    good.write_bytes(signed.archived)
    code, out, _err = run_verify(good)
    assert code == 0, out
    assert "step-1-a [signature]: VALID" in out
    assert "Henri Dubois <henri@d.example>" in out
    assert out.strip().endswith("VALID: Valid: all 5 signatures are valid.")

    bad = tmp_path / "bad.pdf"
    bad.write_bytes(tamper(signed.archived))
    code, out, _err = run_verify(bad)
    assert code == 1
    assert "ALTERED" in out

    unsigned = tmp_path / "unsigned.pdf"
    unsigned.write_bytes(signed.rendered)
    assert run_verify(unsigned)[0] == 1

    text = tmp_path / "notes.txt"
    text.write_text("hello")
    code, _out, err = run_verify(text)
    assert code == 2
    assert "not a PDF" in err
    assert run_verify(tmp_path / "missing.pdf")[0] == 2
