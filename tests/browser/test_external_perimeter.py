"""An accredited journalist on a desktop and on a phone: the page of his rights, a compose
form that offers articles in his community only, and a directory that shows his own
organisation and his community's members — with screenshots and axe checks."""

from __future__ import annotations

from typing import Any

import pytest

from diplomatie.communities.models import Community, CommunityMembership, MembershipState
from diplomatie.directory.models import Agent
from tests.browser.conftest import DESKTOP, PHONE, assert_accessible, assert_fits_width, screenshot
from tests.browser.test_telegram_flow import sign_in
from tests.conftest import Ministry

pytestmark = pytest.mark.usefixtures("plain_http_cookies")


@pytest.mark.parametrize(("size_name", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_the_journalist_sees_his_rights_and_no_more(
    browser: Any,
    live_server: Any,
    ministry: Ministry,
    journalist: Agent,
    desk_officer: Agent,
    size_name: str,
    viewport: dict[str, int],
) -> None:
    club = Community.objects.create(
        name="Club de la presse",
        slug="club-presse",
        open_to_externals=True,
        created_by=desk_officer,
    )
    for agent in (journalist, desk_officer):
        CommunityMembership.objects.create(
            community=club, agent=agent, state=MembershipState.MEMBER
        )
    page = sign_in(browser, live_server, journalist, viewport)

    page.goto(live_server.url + "/annuaire/droits-des-membres-externes/")
    assert page.get_by_role("heading", name="Rights of external members", level=1).is_visible()
    assert "Diplomatic telegram" in page.locator(".rights-may-not").inner_text()
    assert "Article" in page.locator(".rights-may").inner_text()
    assert_accessible(page, f"rights-{size_name}")
    assert_fits_width(page, f"rights-{size_name}")
    screenshot(page, f"perimeter-01-rights-{size_name}")

    page.goto(live_server.url + "/publications/nouvelle/")
    kinds = page.locator("#id_kind option").all_inner_texts()
    assert kinds == ["Article"]
    assert page.locator("#id_action_to").count() == 0
    assert page.locator("#id_lists").count() == 0
    assert page.locator("#id_community option").all_inner_texts()[-1] == "Club de la presse"
    assert_accessible(page, f"compose-external-{size_name}")
    assert_fits_width(page, f"compose-external-{size_name}")
    screenshot(page, f"perimeter-02-compose-{size_name}")

    page.goto(live_server.url + "/annuaire/")
    tree = page.locator(".tree").inner_text()
    assert ministry.media.name in tree
    assert ministry.levant.name in tree  # the desk officer's service, a co-member's
    assert ministry.embassy.name not in tree and ministry.interior.name not in tree
    assert_accessible(page, f"tree-external-{size_name}")
    screenshot(page, f"perimeter-03-directory-{size_name}")
    page.context.close()
