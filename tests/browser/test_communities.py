"""An agent asks to join a community on request; its moderator approves; the new member
comments on a community post mentioning a colleague, who finds the notification and the
comment — desktop and phone, with screenshots and axe checks; and the wiki's history and
diff pages pass the same checks."""

from __future__ import annotations

from typing import Any

import pytest

from diplomatie.communities.actions import (
    do_create_community,
    do_create_wiki_page,
    do_edit_wiki_page,
)
from diplomatie.communities.models import Access, CommunityMembership, MembershipState
from diplomatie.directory.models import Agent
from tests.browser.conftest import DESKTOP, PHONE, assert_accessible, assert_fits_width, screenshot
from tests.browser.test_telegram_flow import sign_in
from tests.communities.conftest import add_member, community_post
from tests.conftest import Ministry

pytestmark = pytest.mark.usefixtures("plain_http_cookies")


def test_request_approve_comment_and_mention(
    browser: Any,
    live_server: Any,
    ministry: Ministry,
    desk_officer: Agent,
    service_head: Agent,
    ambassador: Agent,
) -> None:
    network = do_create_community(
        service_head,
        name="Réseau Levant",
        description="Les postes du Levant et le service : analyses partagées.",
        access=Access.ON_REQUEST,
    )
    do_create_community(service_head, name="Diplomatie numérique", access=Access.OPEN)
    add_member(network, ambassador, service_head)
    post = community_post(
        service_head,
        network,
        subject="Reconstruction : points d'attention",
        body="Trois questions restent ouvertes :\n\n1. le suivi ;\n2. les ONG ;\n3. le calendrier.",
    )
    page_ = do_create_wiki_page(service_head, network, title="Contacts", body="- Beyrouth\n")
    do_edit_wiki_page(
        service_head, page_, title="Contacts", body="- Beyrouth\n- Amman\n\nVoir [[Procédures]].\n",
        comment="Amman",
    )  # fmt: skip

    # 1. The desk officer finds the community and asks to join (desktop).
    page = sign_in(browser, live_server, desk_officer, DESKTOP)
    page.get_by_role("link", name="Communities").first.click()
    page.wait_for_url("**/communautes/")
    assert_accessible(page, "communities-index")
    screenshot(page, "communities-01-index-desktop")
    page.get_by_role("link", name="Réseau Levant").click()
    page.wait_for_url(f"**/communautes/{network.slug}/")
    assert post.subject not in page.content()  # not a member yet
    page.get_by_label("Message to the moderators (optional)").fill("Je suis le dossier Levant.")
    assert_accessible(page, "community-outsider")
    screenshot(page, "communities-02-ask-desktop")
    page.get_by_role("button", name="Ask to join").click()
    page.get_by_text("Your request is waiting for a moderator.").first.wait_for()
    page.context.close()

    # 2. The moderator approves it, on a phone, and sees who is in.
    page = sign_in(browser, live_server, service_head, PHONE)
    page.goto(live_server.url + f"/communautes/{network.slug}/")
    page.get_by_role("link", name="Requests").click()
    page.wait_for_url("**/demandes/")
    page.get_by_text("Je suis le dossier Levant.").wait_for()
    assert_accessible(page, "requests")
    assert_fits_width(page, "requests-phone")
    screenshot(page, "communities-03-requests-phone")
    page.get_by_role("button", name=f"Approve — {desk_officer.display_name}").click()
    page.get_by_text("Request approved.").wait_for()
    page.goto(live_server.url + f"/communautes/{network.slug}/membres/")
    assert_accessible(page, "members-moderator")
    assert_fits_width(page, "members-moderator-phone")
    screenshot(page, "communities-03b-members-moderator-phone")
    page.context.close()
    assert CommunityMembership.objects.get(community=network, agent=desk_officer).state == (
        MembershipState.MEMBER
    )

    # 3. The new member reads the post and comments, mentioning the ambassador.
    page = sign_in(browser, live_server, desk_officer, DESKTOP)
    page.goto(live_server.url + "/notifications/")
    page.get_by_text("Your request to join Réseau Levant was approved.").wait_for()
    page.goto(live_server.url + f"/communautes/{network.slug}/")
    assert_accessible(page, "community-member")
    screenshot(page, "communities-04-community-desktop")
    page.get_by_role("link", name=post.subject).click()
    page.wait_for_url(f"**/publications/{post.pk}/")
    page.get_by_label("Your comment").fill("Bonne synthèse. @marie, qu'en pense l'ambassade ?")
    page.get_by_role("button", name="Comment", exact=True).click()
    comment = page.locator(".comment").filter(has_text="Bonne synthèse")
    comment.wait_for()
    assert comment.get_by_role("link", name="@marie").get_attribute("href") == (
        f"/annuaire/personnes/{ambassador.pk}/"
    )
    assert_accessible(page, "discussion")
    screenshot(page, "communities-05-discussion-desktop")
    page.context.close()

    # 4. The ambassador sees the notification on her phone and lands on the comment.
    page = sign_in(browser, live_server, ambassador, PHONE)
    page.get_by_role("link", name="Notifications").first.click()
    page.wait_for_url("**/notifications/")
    mention = page.get_by_text(f"{desk_officer.display_name} mentioned you")
    mention.wait_for()
    assert_accessible(page, "notifications")
    assert_fits_width(page, "notifications-phone")
    screenshot(page, "communities-06-notification-phone")
    page.get_by_role("link", name=f"{desk_officer.display_name} mentioned you").first.click()
    page.wait_for_url(f"**/publications/{post.pk}/**")
    page.locator(".comment").filter(has_text="Bonne synthèse").wait_for()
    assert_fits_width(page, "discussion-phone")
    screenshot(page, "communities-07-discussion-phone")

    # 5. The wiki: a page, its history and a diff, on the phone.
    page.goto(live_server.url + f"/communautes/{network.slug}/wiki/contacts/")
    assert_accessible(page, "wiki-page")
    assert_fits_width(page, "wiki-phone")
    screenshot(page, "communities-08-wiki-phone")
    page.get_by_role("link", name="History").click()
    page.wait_for_url("**/historique/")
    assert_accessible(page, "wiki-history")
    assert_fits_width(page, "history-phone")
    screenshot(page, "communities-09-history-phone")
    page.get_by_role("button", name="Compare").click()
    page.wait_for_url("**/diff/**")
    assert_accessible(page, "wiki-diff")
    assert_fits_width(page, "diff-phone")
    screenshot(page, "communities-10-diff-phone")
    page.goto(live_server.url + f"/communautes/{network.slug}/membres/")
    assert_accessible(page, "members")
    assert_fits_width(page, "members-phone")
    screenshot(page, "communities-11-members-phone")
    page.context.close()
