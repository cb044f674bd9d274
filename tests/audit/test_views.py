"""The administrators' page of the audit log: 404 for everyone else, filters, keyset
pages with a constant number of queries, CSV export (itself audited), chain status."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from diplomatie.audit import selectors
from diplomatie.audit.models import Event
from diplomatie.audit.recorder import record_event
from diplomatie.directory.models import Agent
from tests.conftest import Ministry, signed_in
from tests.factories import make_agent, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(ministry: Ministry) -> Agent:
    agent = make_member(ministry.political, email="staff@d.example")
    agent.is_staff = True
    agent.save(update_fields=["is_staff"])
    return agent


def test_only_administrators_see_the_page(
    client: Client, ministry: Ministry, desk_officer: Agent, ambassador: Agent, admin: Agent
) -> None:
    urls = [reverse("audit:events"), reverse("audit:export")]
    for outsider in (desk_officer, ambassador):
        signed_in(client, outsider)
        for url in urls:
            assert client.get(url).status_code == 404, url
        assert client.post(reverse("audit:verify")).status_code == 404
        assert reverse("audit:events") not in client.get(reverse("home")).content.decode()
        client.logout()
    assert not Event.objects.filter(action="audit.export").exists()
    signed_in(client, admin)
    assert client.get(reverse("audit:events")).status_code == 200
    assert reverse("audit:events") in client.get(reverse("home")).content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(client: Client) -> None:
    response = client.get(reverse("audit:events"))
    assert response.status_code == 302
    assert "/compte/" in response["Location"]


def test_staff_see_and_filter_the_events(
    client: Client, staff: Agent, desk_officer: Agent, ambassador: Agent
) -> None:
    record_event("publication.read_restricted", actor=desk_officer, target=ambassador)
    record_event("publication.read_restricted", actor=ambassador, target=desk_officer)
    record_event("task.taken", actor=desk_officer, target=desk_officer)
    signed_in(client, staff)
    page = client.get(reverse("audit:events")).content.decode()
    assert "task.taken" in page and "publication.read_restricted" in page

    filtered = client.get(
        reverse("audit:events"), {"actor": "camille@", "action": "publication.read"}
    ).content.decode()
    assert "publication.read_restricted" in filtered
    assert "task.taken" not in filtered
    assert "marie@d.example" not in filtered

    by_object = client.get(
        reverse("audit:events"),
        {"target_type": "directory.agent", "target_id": str(ambassador.pk), "action": "pub"},
    ).content.decode()
    assert "camille@d.example" in by_object and "marie@d.example" not in by_object

    today = timezone.localdate()
    tomorrow = (today + dt.timedelta(days=1)).isoformat()
    assert (
        "task.taken"
        not in client.get(reverse("audit:events"), {"date_from": tomorrow}).content.decode()
    )
    assert (
        "task.taken"
        in client.get(
            reverse("audit:events"), {"date_from": today.isoformat(), "date_to": today.isoformat()}
        ).content.decode()
    )
    wrong = client.get(
        reverse("audit:events"), {"date_from": tomorrow, "date_to": today.isoformat()}
    ).content.decode()
    assert "The end date comes before the start date." in wrong


def test_pages_follow_the_sequence(
    client: Client, staff: Agent, desk_officer: Agent, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(selectors, "PAGE_SIZE", 5)
    for n in range(12):
        record_event("test.paged", actor=desk_officer, details={"n": n})
    signed_in(client, staff)
    seen: list[int] = []
    url = reverse("audit:events") + "?action=test.paged"
    while url:
        response = client.get(url)
        page = response.context["page"]
        seen.extend(event.sequence for event in page.events)
        url = (
            reverse("audit:events") + f"?action=test.paged&before={page.next_before}"
            if page.next_before
            else ""
        )
    expected = list(
        Event.objects.filter(action="test.paged")
        .order_by("-sequence")
        .values_list("sequence", flat=True)
    )
    assert seen == expected


def _queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("audit:events")).status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_events(
    client: Client, staff: Agent, ministry: Ministry
) -> None:
    signed_in(client, staff)
    record_event("test.one", actor=make_member(ministry.levant))
    few = _queries(client)
    actors = [make_member(ministry.levant) for _ in range(20)]
    for actor in actors:
        record_event("test.many", actor=actor, target=actor, details={"x": 1})
    assert _queries(client) == few


def test_csv_export_streams_the_filtered_events_and_is_recorded(
    client: Client, staff: Agent, desk_officer: Agent
) -> None:
    record_event("task.taken", actor=desk_officer, target=desk_officer, details={"to": "x"})
    record_event("=cmd|calc", actor=desk_officer)
    record_event("auth.login", actor=staff)
    signed_in(client, staff)
    response = client.get(reverse("audit:export"), {"actor": "camille@"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="audit-')
    body = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][:4] == ["sequence", "time", "actor", "action"]
    actions = [row[3] for row in rows[1:]]
    assert "task.taken" in actions
    assert "'=cmd|calc" in actions  # never a formula in a spreadsheet
    assert "auth.login" not in actions
    assert all(row[2] == "camille@d.example" for row in rows[1:])
    sequences = [int(row[0]) for row in rows[1:]]
    assert sequences == sorted(sequences)
    taken = next(row for row in rows[1:] if row[3] == "task.taken")
    assert taken[7] == '{"to": "x"}'
    assert len(taken[9]) == 64

    export = Event.objects.get(action="audit.export")
    assert export.actor == staff
    assert export.details == {"filters": {"actor": "camille@"}, "format": "csv"}


def test_chain_status_only_on_demand(client: Client, admin: Agent, desk_officer: Agent) -> None:
    record_event("test.one", actor=desk_officer)
    signed_in(client, admin)
    page = client.get(reverse("audit:events")).content.decode()
    assert "The chain is intact" not in page
    fragment = client.post(reverse("audit:verify"), HTTP_HX_REQUEST="true").content.decode()
    assert "The chain is intact" in fragment
    assert "<html" not in fragment
    full = client.post(reverse("audit:verify")).content.decode()
    assert "The chain is intact" in full and "<html" in full


def test_chain_status_names_the_broken_events(
    client: Client, admin: Agent, desk_officer: Agent
) -> None:
    from tests.audit.test_chain import execute

    events = [record_event("test.one", actor=desk_officer) for _ in range(4)]
    execute("DELETE FROM audit_event WHERE sequence = %s", [events[1].sequence])
    signed_in(client, admin)
    fragment = client.post(reverse("audit:verify"), HTTP_HX_REQUEST="true").content.decode()
    assert "The chain is broken: 1 problem found." in fragment
    assert f"Event {events[1].sequence} missing: deleted" in fragment


def test_predicate_and_queryset_agree(
    staff: Agent, admin: Agent, desk_officer: Agent, ambassador: Agent
) -> None:
    from diplomatie.access.policy import can_read_audit_log
    from diplomatie.access.querysets import visible_events

    record_event("test.one", actor=desk_officer)
    former = make_agent(email="former@d.example", is_staff=True, is_active=False)
    superuser_only = make_agent(email="root@d.example", is_superuser=True)
    cases = {
        staff: True,
        admin: True,
        superuser_only: True,
        former: False,
        desk_officer: False,
        ambassador: False,
    }
    for agent, allowed in cases.items():
        assert can_read_audit_log(agent) is allowed, agent.email
        assert visible_events(agent).exists() is allowed, agent.email
    assert can_read_audit_log(None) is False
    assert not visible_events(None).exists()
