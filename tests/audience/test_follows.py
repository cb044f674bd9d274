"""Follows feed the interests pane, once each, and never beyond the visibility policy."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from diplomatie.access.querysets import visible_publications
from diplomatie.audience.actions import do_follow_agent, do_follow_theme, do_unfollow_theme
from diplomatie.audience.models import Follow
from diplomatie.audience.selectors import followed_publications
from diplomatie.core.errors import NotFound
from diplomatie.directory.models import Agent
from diplomatie.journal.selectors import Filters, interest_page, interests_for
from diplomatie.publications.models import Theme, ThemeKind
from tests.conftest import Ministry, signed_in
from tests.factories import make_member, send_publication


def theme(code: str, kind: str = ThemeKind.TOPIC, region: Theme | None = None) -> Theme:
    found, _ = Theme.objects.get_or_create(
        code=code, defaults={"kind": kind, "name": code.title(), "region": region}
    )
    return found


def test_a_followed_theme_brings_its_publications_once(
    ministry: Ministry, ambassador: Agent, desk_officer: Agent
) -> None:
    energy = theme("t-energie")
    # Addressed to the consular directorate: not to the desk officer's organisations.
    about = send_publication(
        ambassador,
        issuer=ministry.embassy,
        action_to=ministry.consular,
        themes=[energy],
        audience="ministry",
    )
    other = send_publication(
        ambassador, issuer=ministry.embassy, action_to=ministry.consular, audience="ministry"
    )
    assert about.pk not in {p.pk for p in interests_for(desk_officer)}
    do_follow_theme(desk_officer, energy)
    do_follow_theme(desk_officer, energy)  # idempotent
    assert Follow.objects.filter(agent=desk_officer).count() == 1
    pks = [p.pk for p in interest_page(desk_officer, Filters()).rows]
    assert pks == [about.pk]
    assert other.pk not in pks
    do_unfollow_theme(desk_officer, energy)
    assert interest_page(desk_officer, Filters()).total == 0


def test_reached_several_ways_it_appears_once(
    ministry: Ministry, ambassador: Agent, desk_officer: Agent
) -> None:
    energy = theme("t-energie")
    both = send_publication(
        ambassador,
        issuer=ministry.embassy,
        action_to=ministry.consular,
        info_to=[ministry.levant],
        themes=[energy],
    )
    do_follow_theme(desk_officer, energy)
    do_follow_agent(desk_officer, ambassador)
    page = interest_page(desk_officer, Filters())
    assert [p.pk for p in page.rows] == [both.pk]
    assert page.total == 1


def test_a_followed_region_brings_its_countries_and_a_country_is_a_theme(
    ministry: Ministry, ambassador: Agent, desk_officer: Agent
) -> None:
    europe = theme("r-europe-test", ThemeKind.REGION)
    germany = theme("xx-de", ThemeKind.COUNTRY, region=europe)
    about = send_publication(
        ambassador,
        issuer=ministry.embassy,
        action_to=ministry.consular,
        themes=[germany],
        audience="ministry",
    )
    do_follow_theme(desk_officer, europe)
    assert [p.pk for p in followed_publications(desk_officer)] == [about.pk]


def test_a_followed_agent_brings_what_they_write(
    ministry: Ministry, ambassador: Agent, desk_officer: Agent
) -> None:
    note = send_publication(
        ambassador, issuer=ministry.embassy, action_to=ministry.consular, audience="ministry"
    )
    do_follow_agent(desk_officer, ambassador)
    assert [p.pk for p in interest_page(desk_officer, Filters()).rows] == [note.pk]


def test_follows_never_bring_a_hidden_publication(
    ministry: Ministry, ambassador: Agent, desk_officer: Agent, journalist: Agent
) -> None:
    energy = theme("t-energie")
    restricted = send_publication(
        ambassador,
        issuer=ministry.embassy,
        action_to=ministry.consular,
        themes=[energy],
        classification="DR",
    )
    addressees_only = send_publication(
        ambassador, issuer=ministry.embassy, action_to=ministry.consular, themes=[energy]
    )
    public = send_publication(
        ambassador,
        issuer=ministry.embassy,
        action_to=ministry.consular,
        themes=[energy],
        audience="partners",
    )
    for reader in (desk_officer, journalist):
        do_follow_theme(reader, energy)
        brought = {p.pk for p in interests_for(reader)}
        visible = set(visible_publications(reader).values_list("pk", flat=True))
        assert brought <= visible
        assert restricted.pk not in brought
        assert addressees_only.pk not in brought
        assert public.pk in brought
    # The journalist cannot see the ambassador in the directory: no following them.
    with pytest.raises(NotFound):
        do_follow_agent(journalist, ambassador)


def test_follow_buttons_work_without_javascript_and_with_htmx(
    client: Client, ministry: Ministry, ambassador: Agent, desk_officer: Agent
) -> None:
    energy = theme("t-energie")
    signed_in(client, desk_officer)
    back = reverse("directory:agent", args=[ambassador.pk])
    response = client.post(
        reverse("audience:follow"), {"agent": ambassador.pk, "action": "follow", "next": back}
    )
    assert response.status_code == 302 and response["Location"] == back
    assert Follow.objects.filter(agent=desk_officer, followed=ambassador).exists()
    page = client.get(back).content.decode()
    assert 'value="unfollow"' in page
    response = client.post(
        reverse("audience:follow"),
        {"theme": energy.pk, "action": "follow", "next": "https://evil.example/"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert 'value="unfollow"' in response.content.decode()
    response = client.post(
        reverse("audience:follow"), {"theme": energy.pk, "action": "unfollow", "next": "//evil"}
    )
    assert response["Location"] == reverse("audience:follows")
    assert not Follow.objects.filter(agent=desk_officer, theme=energy).exists()
    page = client.get(reverse("audience:follows")).content.decode()
    assert ambassador.display_name in page


def test_following_an_invisible_agent_is_404(
    client: Client, ministry: Ministry, journalist: Agent, ambassador: Agent
) -> None:
    signed_in(client, journalist)
    response = client.post(reverse("audience:follow"), {"agent": ambassador.pk, "action": "follow"})
    assert response.status_code == 404
    response = client.post(reverse("audience:follow"), {"theme": 999999, "action": "follow"})
    assert response.status_code == 404


def test_theme_follow_buttons_on_the_publication_page(
    client: Client, ministry: Ministry, ambassador: Agent, desk_officer: Agent
) -> None:
    energy = theme("t-energie")
    note = send_publication(
        ambassador, issuer=ministry.embassy, action_to=ministry.levant, themes=[energy]
    )
    signed_in(client, desk_officer)
    page = client.get(reverse("publications:detail", args=[note.pk])).content.decode()
    assert f'name="theme" value="{energy.pk}"' in page


@pytest.mark.parametrize("ranking", ["recent", "read", "rated"])
def test_journal_query_count_with_follows_does_not_grow(
    client: Client, ministry: Ministry, ambassador: Agent, desk_officer: Agent, ranking: str
) -> None:
    from diplomatie.audience.actions import do_rate_publication, do_record_view

    energy = theme("t-energie")
    do_follow_theme(desk_officer, energy)
    do_follow_agent(desk_officer, ambassador)
    signed_in(client, desk_officer)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("home"), {"ranking": ranking}).status_code == 200
        return len(queries)

    small = count()
    for _ in range(12):
        note = send_publication(
            ambassador,
            issuer=ministry.embassy,
            action_to=ministry.consular,
            themes=[energy],
            audience="ministry",
        )
        do_record_view(ambassador, note)
        do_rate_publication(ambassador, note, score=4)
    make_member(ministry.levant)
    assert count() == small


def test_rankings_most_read_this_week_and_best_rated_this_month(
    client: Client, ministry: Ministry, ambassador: Agent, desk_officer: Agent
) -> None:
    import datetime as dt

    from django.utils import timezone

    from diplomatie.audience.actions import do_rate_publication, do_record_view

    notes = [
        send_publication(ambassador, issuer=ministry.embassy, action_to=ministry.political)
        for _ in range(4)
    ]
    readers = [make_member(ministry.political) for _ in range(3)]
    now = timezone.now()
    for count, note in zip((1, 3, 2), notes, strict=False):
        for reader in readers[:count]:
            do_record_view(reader, note, now=now)
    do_record_view(readers[0], notes[3], now=now - dt.timedelta(days=10))  # too old
    do_rate_publication(readers[0], notes[3], score=5)
    do_rate_publication(readers[0], notes[0], score=2)
    do_rate_publication(readers[1], notes[0], score=5)
    read = interest_page(desk_officer, Filters(), ranking="read")
    assert [p.pk for p in read.rows] == [notes[1].pk, notes[2].pk, notes[0].pk]
    assert [p.rank for p in read.rows] == [3, 2, 1]
    rated = interest_page(desk_officer, Filters(), ranking="rated")
    assert [p.pk for p in rated.rows] == [notes[3].pk, notes[0].pk]
    signed_in(client, desk_officer)
    page = client.get(reverse("home"), {"ranking": "read", "kind": "telegram"}).content.decode()
    assert 'aria-current="true"' in page and "ranking=rated" in page and "kind=telegram" in page


def test_ranked_pagination_walks_every_row_once(
    ministry: Ministry, ambassador: Agent, desk_officer: Agent
) -> None:
    from diplomatie.audience.actions import do_record_view
    from diplomatie.journal.selectors import PAGE_SIZE

    reader = make_member(ministry.political)
    notes = [
        send_publication(ambassador, issuer=ministry.embassy, action_to=ministry.political)
        for _ in range(PAGE_SIZE + 4)
    ]
    for note in notes:
        do_record_view(reader, note)
    seen: list[int] = []
    cursor = None
    while True:
        page = interest_page(desk_officer, Filters(), cursor, ranking="read")
        seen.extend(p.pk for p in page.rows)
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert sorted(seen) == sorted(n.pk for n in notes)


def test_follows_page_query_count_does_not_grow(
    client: Client, ministry: Ministry, desk_officer: Agent
) -> None:
    signed_in(client, desk_officer)
    do_follow_theme(desk_officer, theme("t-0"))
    do_follow_agent(desk_officer, make_member(ministry.levant))

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("audience:follows")).status_code == 200
        return len(queries)

    small = count()
    for i in range(1, 8):
        do_follow_theme(desk_officer, theme(f"t-{i}"))
        do_follow_agent(desk_officer, make_member(ministry.consular))
    assert count() == small
