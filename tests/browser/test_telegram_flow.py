"""An embassy sends a telegram for action to a service and for information to two
others; it lands in the right panes; outsiders get 404 even by URL; the head assigns
the task; the assignee closes it with a reply — with screenshots and axe checks."""

from __future__ import annotations

from typing import Any

import pytest

from diplomatie.directory.models import Agent, OrganisationKind
from diplomatie.publications.models import Publication
from diplomatie.routing.models import Task
from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    assert_accessible,
    assert_fits_width,
    screenshot,
)
from tests.conftest import Ministry
from tests.factories import PASSWORD, make_member, make_organisation

pytestmark = pytest.mark.usefixtures("plain_http_cookies")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SUBJECT = "Crise politique : démission du Premier ministre"


def sign_in(browser: Any, live_server: Any, agent: Agent, viewport: dict[str, int]) -> Any:
    context = browser.new_context(viewport=viewport, locale="en-GB")
    page = context.new_page()
    page.goto(live_server.url + "/compte/connexion/")
    page.get_by_label("E-mail address").fill(agent.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(live_server.url + "/")
    return page


def test_telegram_for_action_and_information(
    browser: Any,
    live_server: Any,
    ministry: Ministry,
    ambassador: Agent,
    desk_officer: Agent,
    service_head: Agent,
    journalist: Agent,
    tmp_path: Any,
    settings: Any,
) -> None:
    settings.DATA_DIR = tmp_path
    consul = make_member(ministry.consular, display_name="Claire Consul", email="claire@d.example")
    political = make_member(ministry.political, display_name="Paul Politique")
    protocol = make_organisation(
        OrganisationKind.DIRECTORATE, parent=ministry.ministry, name="Protocole", code="proto"
    )
    outsider = make_member(protocol, display_name="Olivier Outsider")

    # 1. The embassy writes and sends the telegram.
    page = sign_in(browser, live_server, ambassador, DESKTOP)
    page.get_by_role("link", name="Write").first.click()
    page.wait_for_url("**/publications/nouvelle/**")
    page.get_by_label("Kind").select_option("telegram")
    page.get_by_label("On behalf of").select_option(str(ministry.embassy.pk))
    page.get_by_label("Subject").fill(SUBJECT)
    page.get_by_label("Summary (résumé)").fill("Le Premier ministre a démissionné ce matin.")
    page.get_by_label("Body").fill(
        "## Faits\n\n- Démission annoncée à 9 h.\n- Élections anticipées."
    )
    page.get_by_label("For action").select_option(str(ministry.levant.pk))
    page.get_by_label("For information").select_option(
        [str(ministry.consular.pk), str(ministry.political.pk)]
    )
    page.get_by_label("Precedence").select_option("priority")
    pdf = tmp_path / "annexe.pdf"
    pdf.write_bytes(PDF)
    page.get_by_label("Attachment").set_input_files(str(pdf))
    assert_accessible(page, "compose")
    screenshot(page, "10-compose-desktop")
    page.get_by_role("button", name="Send", exact=True).click()
    page.wait_for_url("**/publications/*/")
    publication = Publication.objects.get(subject=SUBJECT)
    assert publication.chrono in page.content()
    assert_accessible(page, "sent-telegram")
    screenshot(page, "11-telegram-sent-desktop")
    detail_url = page.url
    attachment = publication.attachments.get()
    file_url = f"{live_server.url}/publications/{publication.pk}/pieces/{attachment.pk}/"
    page.context.close()

    # 2. It is in the service's "To handle" and the others' "Interests".
    page = sign_in(browser, live_server, service_head, PHONE)
    tasks = page.locator("#task-rows")
    assert SUBJECT in tasks.inner_text()
    assert_accessible(page, "journal-head-phone")
    assert_fits_width(page, "journal-head-phone")
    screenshot(page, "12-journal-head-phone")
    for reader in (consul, political):
        other = sign_in(browser, live_server, reader, DESKTOP)
        assert SUBJECT in other.locator("#interest-rows").inner_text()
        assert SUBJECT not in other.locator("#task-rows").inner_text()
        if reader is consul:
            screenshot(other, "13-journal-information-desktop")
        other.context.close()

    # 3. Outsiders cannot open it, even by its URL or its attachment's URL: 404.
    for stranger in (outsider, journalist):
        other = sign_in(browser, live_server, stranger, DESKTOP)
        assert SUBJECT not in other.content()
        for url in (detail_url, file_url):
            response = other.request.get(url)
            assert response.status == 404, (stranger, url)
        other.context.close()

    # 4. The head assigns the task to the desk officer, without reloading the page.
    page.goto(detail_url)
    page.get_by_label("Assign to").select_option(str(desk_officer.pk))
    page.get_by_role("button", name="Assign", exact=True).click()
    page.get_by_text(f"Assigned — {desk_officer.display_name}").wait_for()
    assert_accessible(page, "detail-head-phone")
    assert_fits_width(page, "detail-head-phone")
    screenshot(page, "14-detail-assigned-phone")
    page.context.close()

    # 5. The assignee closes it with a reply.
    page = sign_in(browser, live_server, desk_officer, PHONE)
    assert SUBJECT in page.locator("#task-rows").inner_text()
    page.goto(detail_url)
    page.get_by_role("link", name="…or close it with a reply").click()
    page.wait_for_url("**/publications/nouvelle/**")
    page.get_by_label("On behalf of").select_option(str(ministry.levant.pk))
    page.get_by_label("Summary (résumé)").fill("Instructions : suivre la situation.")
    page.get_by_label("Body").fill("Merci de rendre compte de l'évolution quotidiennement.")
    assert_fits_width(page, "compose-phone")
    screenshot(page, "15-reply-phone")
    page.get_by_role("button", name="Send", exact=True).click()
    page.wait_for_url("**/publications/*/")
    page.goto(detail_url)
    assert "Done" in page.locator(".task").first.inner_text()
    screenshot(page, "16-task-done-phone")
    task = Task.objects.get(publication=publication)
    assert task.state == "done" and task.reply is not None
    assert task.assignee == desk_officer
    page.context.close()
