"""The verification page: a signed letter, then the same letter with one byte changed —
on a desktop and on a phone, with screenshots and an accessibility check."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connections

from diplomatie.directory.models import Agent
from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    assert_accessible,
    assert_fits_width,
    screenshot,
)
from tests.conftest import Ministry
from tests.factories import PASSWORD
from tests.signatures.conftest import Signed, make_letter, make_signed
from tests.signatures.test_signing import tamper

pytestmark = pytest.mark.usefixtures("plain_http_cookies")


@pytest.fixture
def signed(
    transactional_db: None, ministry: Ministry, service_head: Agent, desk_officer: Agent
) -> Signed:
    """Signed in another thread: Playwright's event loop runs in this one, and pyHanko
    starts its own with `asyncio.run`."""
    letter = make_letter(ministry, desk_officer)
    result: list[Signed] = []

    def work() -> None:
        try:
            result.append(make_signed(letter, service_head, desk_officer))
        finally:
            connections.close_all()

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(timeout=120)
    return result[0]


def upload(page: Any, name: str, content: bytes) -> None:
    page.set_input_files(
        "input[type=file]",
        files=[{"name": name, "mimeType": "application/pdf", "buffer": content}],
    )
    page.get_by_role("button", name="Verify").click()
    page.wait_for_load_state()


@pytest.mark.parametrize(("size_name", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_verification_page(
    signed: Signed,
    browser: Any,
    live_server: Any,
    size_name: str,
    viewport: dict[str, int],
) -> None:
    context = browser.new_context(viewport=viewport, locale="en-GB")
    page = context.new_page()
    page.goto(live_server.url + "/signatures/verifier/")
    page.get_by_label("E-mail address").fill("henri@d.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/signatures/verifier/")
    assert page.get_by_role("heading", name="Verify a signed document").is_visible()
    assert_accessible(page, f"verify-{size_name}")
    screenshot(page, f"30-verify-{size_name}")

    upload(page, "letter.pdf", signed.archived)
    assert page.get_by_role("status").get_by_text("all 5 signatures are valid").is_visible()
    table = page.get_by_role("table", name="Signatures, in the order they were made")
    assert table.get_by_role("row").count() == 6
    assert table.get_by_text("Henri Dubois").first.is_visible()
    assert_accessible(page, f"verify-valid-{size_name}")
    assert_fits_width(page, f"verify-valid-{size_name}")
    screenshot(page, f"31-verify-valid-{size_name}")

    upload(page, "tampered.pdf", tamper(signed.archived))
    assert page.get_by_role("status").get_by_text("Invalid").is_visible()
    assert table.get_by_text("the signed content was changed after signing").first.is_visible()
    assert_accessible(page, f"verify-invalid-{size_name}")
    assert_fits_width(page, f"verify-invalid-{size_name}")
    screenshot(page, f"32-verify-invalid-{size_name}")
    context.close()
