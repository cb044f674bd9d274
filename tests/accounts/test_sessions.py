"""Sessions: a new id at sign-in, timeouts, "my sessions", and ending with the account."""

from __future__ import annotations

import datetime as dt
import re
import time
from typing import Any

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from diplomatie.accounts.models import AccountSession, SignInMethod
from diplomatie.accounts.sessions import (
    SEEN_KEY,
    STARTED_KEY,
    end_sessions_of,
    session_store,
    sweep_stale_sessions,
)
from diplomatie.audit.models import Event
from diplomatie.directory.models import Agent
from tests.conftest import signed_in
from tests.factories import PASSWORD, run_queued_tasks

NEW_PASSWORD = "a brand new passphrase 2026"


def browser(user_agent: str = "Firefox on a desk") -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE="en", HTTP_USER_AGENT=user_agent)


def sign_in(client: Client, agent: Agent, password: str = PASSWORD) -> Client:
    response = client.post(
        reverse("accounts:login"), {"username": agent.email, "password": password}
    )
    assert response.status_code == 302, response.content.decode()
    return client


def is_signed_in(client: Client) -> bool:
    return client.get(reverse("home")).status_code == 200


def age_session(client: Client, *, started: float | None = None, seen: float | None = None) -> None:
    session = client.session
    if started is not None:
        session[STARTED_KEY] = time.time() - started
    if seen is not None:
        session[SEEN_KEY] = time.time() - seen
    session.save()


# --- A new session id at sign-in (session fixation) -------------------------------------


def test_signing_in_with_a_password_gives_a_new_session_id(
    client: Client, desk_officer: Agent
) -> None:
    # The attacker plants a session in the victim's browser before they sign in.
    session = client.session
    session["planted"] = True
    session.save()
    planted = session.session_key
    assert planted is not None
    sign_in(client, desk_officer)
    assert client.session.session_key != planted
    assert not session_store().exists(planted)
    # The planted key does not open the account.
    attacker = browser()
    attacker.cookies["sessionid"] = planted
    assert not is_signed_in(attacker)


def test_a_sign_in_describes_the_session(client: Client, desk_officer: Agent) -> None:
    client = sign_in(browser("Firefox on a desk"), desk_officer)
    row = AccountSession.objects.get(agent=desk_officer)
    assert row.session_key == client.session.session_key
    assert row.method == SignInMethod.PASSWORD
    assert row.user_agent == "Firefox on a desk"
    assert row.ip_address == "127.0.0.1"
    assert Event.objects.get(action="auth.login").details == {"method": "password"}


# --- Idle and absolute timeouts ---------------------------------------------------------


def test_an_idle_session_ends_with_a_message(desk_officer: Agent) -> None:
    client = sign_in(browser(), desk_officer)
    age_session(client, seen=31 * 60)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    page = client.get(response["Location"]).content.decode()
    assert "You were signed out after 30 minutes without activity" in page
    assert SESSION_KEY not in client.session
    assert Event.objects.get(action="auth.session_timeout").details == {"reason": "idle"}
    assert not AccountSession.objects.exists()


def test_a_session_lasts_at_most_the_absolute_limit(desk_officer: Agent) -> None:
    client = sign_in(browser(), desk_officer)
    age_session(client, started=10 * 3600 + 60, seen=10)
    response = client.get(reverse("home"))
    page = client.get(response["Location"]).content.decode()
    assert "a session lasts at most 10 hours" in page
    assert Event.objects.get(action="auth.session_timeout").details == {"reason": "absolute"}


def test_timeouts_follow_the_settings(settings: Any, desk_officer: Agent) -> None:
    settings.SESSION_IDLE_TIMEOUT = 5 * 60
    client = sign_in(browser(), desk_officer)
    age_session(client, seen=4 * 60)
    assert is_signed_in(client)
    age_session(client, seen=6 * 60)
    response = client.get(reverse("home"))
    page = client.get(response["Location"]).content.decode()
    assert "after 5 minutes without activity" in page


def test_the_timeout_message_is_in_french(desk_officer: Agent) -> None:
    client = sign_in(browser(), desk_officer)
    age_session(client, seen=31 * 60)
    response = client.get(reverse("home"), headers={"accept-language": "fr"})
    page = client.get(response["Location"], headers={"accept-language": "fr"}).content.decode()
    assert "Vous avez été déconnecté après 30 minutes sans activité" in page


def test_last_seen_is_written_at_most_once_a_minute(desk_officer: Agent) -> None:
    client = sign_in(browser(), desk_officer)
    row = AccountSession.objects.get()
    first = row.last_seen_at
    for _ in range(3):
        assert is_signed_in(client)
    row.refresh_from_db()
    assert row.last_seen_at == first
    age_session(client, seen=90)
    assert is_signed_in(client)
    row.refresh_from_db()
    assert row.last_seen_at > first
    assert time.time() - float(client.session[SEEN_KEY]) < 5


# --- My sessions --------------------------------------------------------------------------


def test_my_sessions_lists_mine_and_marks_this_one(
    desk_officer: Agent, service_head: Agent
) -> None:
    desk = sign_in(browser("Firefox on a desk"), desk_officer)
    sign_in(browser("Safari on a phone"), desk_officer)
    sign_in(browser("Edge of the head"), service_head)
    page = desk.get(reverse("accounts:sessions")).content.decode()
    assert "Firefox on a desk" in page
    assert "Safari on a phone" in page
    assert "Edge of the head" not in page
    assert page.count("This session") == 1
    assert page.count("End this session") == 1


def test_ending_one_of_my_sessions_signs_that_device_out(desk_officer: Agent) -> None:
    desk = sign_in(browser("desk"), desk_officer)
    phone = sign_in(browser("phone"), desk_officer)
    row = AccountSession.objects.get(user_agent="phone")
    response = desk.post(reverse("accounts:session_end", args=[row.pk]))
    assert response["Location"] == reverse("accounts:sessions")
    assert not is_signed_in(phone)
    assert is_signed_in(desk)
    assert list(AccountSession.objects.values_list("user_agent", flat=True)) == ["desk"]
    event = Event.objects.get(action="auth.session_ended")
    assert event.actor == desk_officer
    assert event.details["reason"] == "ended_by_owner"


def test_another_agents_session_or_this_one_cannot_be_ended_here(
    desk_officer: Agent, service_head: Agent
) -> None:
    desk = sign_in(browser("desk"), desk_officer)
    head = sign_in(browser("head"), service_head)
    theirs = AccountSession.objects.get(agent=service_head)
    mine = AccountSession.objects.get(agent=desk_officer)
    assert desk.post(reverse("accounts:session_end", args=[theirs.pk])).status_code == 404
    assert desk.post(reverse("accounts:session_end", args=[mine.pk])).status_code == 404
    assert desk.post(reverse("accounts:session_end", args=[99999])).status_code == 404
    assert is_signed_in(head)
    assert is_signed_in(desk)
    assert desk.get(reverse("accounts:session_end", args=[theirs.pk])).status_code == 405


def test_ending_all_my_other_sessions(desk_officer: Agent, service_head: Agent) -> None:
    desk = sign_in(browser("desk"), desk_officer)
    phones = [sign_in(browser(f"phone {n}"), desk_officer) for n in range(2)]
    head = sign_in(browser("head"), service_head)
    response = desk.post(reverse("accounts:sessions_end_others"), follow=True)
    assert "2 other sessions ended." in response.content.decode()
    assert not any(is_signed_in(phone) for phone in phones)
    assert is_signed_in(desk)
    assert is_signed_in(head)


def test_my_sessions_needs_a_sign_in(client: Client, desk_officer: Agent) -> None:
    sign_in(browser(), desk_officer)
    row = AccountSession.objects.get()
    for response in (
        client.get(reverse("accounts:sessions")),
        client.post(reverse("accounts:session_end", args=[row.pk])),
        client.post(reverse("accounts:sessions_end_others")),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    assert AccountSession.objects.count() == 1


def test_my_sessions_in_french(desk_officer: Agent) -> None:
    desk = sign_in(browser(), desk_officer)
    page = desk.get(reverse("accounts:sessions"), headers={"accept-language": "fr"})
    assert "Mes sessions" in page.content.decode()


# --- Every session of an account ends with it -------------------------------------------


def test_end_sessions_of_ends_them_all_but_the_one_kept(
    desk_officer: Agent, service_head: Agent
) -> None:
    first = sign_in(browser("first"), desk_officer)
    second = sign_in(browser("second"), desk_officer)
    head = sign_in(browser("head"), service_head)
    kept = first.session.session_key
    assert end_sessions_of(desk_officer, reason="accreditation_ended", except_key=kept) == 1
    assert is_signed_in(first)
    assert not is_signed_in(second)
    assert end_sessions_of(desk_officer, reason="accreditation_ended") == 1
    assert not is_signed_in(first)
    assert is_signed_in(head)
    events = Event.objects.filter(action="auth.sessions_ended").order_by("sequence")
    assert [e.details["count"] for e in events] == [1, 1]
    assert {e.details["reason"] for e in events} == {"accreditation_ended"}
    assert events[0].target_id == str(desk_officer.pk)


def test_deactivating_an_account_ends_its_sessions(desk_officer: Agent) -> None:
    clients = [sign_in(browser(f"b{n}"), desk_officer) for n in range(2)]
    keys = [str(c.session.session_key) for c in clients]
    agent = Agent.objects.get(pk=desk_officer.pk)  # as the admin or a shell would
    agent.is_active = False
    agent.save()
    assert not any(session_store().exists(key) for key in keys)
    assert not AccountSession.objects.exists()
    ended = Event.objects.get(action="auth.sessions_ended")
    assert ended.details["reason"] == "deactivated"
    assert ended.details["count"] == 2


def test_deactivating_from_the_admin_ends_the_sessions(admin: Agent, desk_officer: Agent) -> None:
    victim = sign_in(browser("victim"), desk_officer)
    staff = Client(HTTP_ACCEPT_LANGUAGE="en")
    signed_in(staff, admin)  # with the second factor every administrator presents
    url = reverse("admin:directory_agent_change", args=[desk_officer.pk])
    page = staff.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {
        key: value
        for key, value in form.initial.items()
        if value is not None and not isinstance(value, list | tuple)
    }
    data.update({"email": desk_officer.email, "display_name": desk_officer.display_name})
    data.pop("is_active", None)
    data.pop("password", None)
    data.pop("photo", None)
    for key, value in list(data.items()):
        if isinstance(value, dt.datetime):  # the admin splits date and time
            local = timezone.localtime(value)
            data.pop(key)
            data[f"{key}_0"] = local.strftime("%Y-%m-%d")
            data[f"{key}_1"] = local.strftime("%H:%M:%S")
    for inline in page.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name, field in management.fields.items():
            data[management.add_prefix(name)] = management.initial.get(name, field.initial)
        for sub in inline.formset.initial_forms:
            data[sub.add_prefix("id")] = sub.instance.pk
            for name, value in sub.initial.items():
                if value is not None:
                    data[sub.add_prefix(name)] = getattr(value, "pk", value)
    response = staff.post(url, data)
    assert response.status_code == 302
    assert not Agent.objects.get(pk=desk_officer.pk).is_active
    assert not is_signed_in(victim)


def test_other_saves_do_not_end_the_sessions(desk_officer: Agent) -> None:
    client = sign_in(browser(), desk_officer)
    agent = Agent.objects.get(pk=desk_officer.pk)
    agent.title = "Chef de bureau"
    agent.save()
    assert is_signed_in(client)
    assert not Event.objects.filter(action="auth.sessions_ended").exists()


def test_changing_my_password_ends_my_other_sessions_only(desk_officer: Agent) -> None:
    desk = sign_in(browser("desk"), desk_officer)
    phone = sign_in(browser("phone"), desk_officer)
    response = desk.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert is_signed_in(desk)
    assert not is_signed_in(phone)
    # The session the change was made from is still listed, under its new key.
    row = AccountSession.objects.get(agent=desk_officer)
    assert row.session_key == desk.session.session_key
    assert row.user_agent == "desk"
    ended = Event.objects.get(action="auth.sessions_ended")
    assert ended.details == {"reason": "password_changed", "count": 1, "kept_current": True}


def test_a_password_set_from_the_shell_ends_every_session(desk_officer: Agent) -> None:
    client = sign_in(browser(), desk_officer)
    agent = Agent.objects.get(pk=desk_officer.pk)
    agent.set_password(NEW_PASSWORD)
    agent.save()
    assert not is_signed_in(client)
    assert Event.objects.get(action="auth.sessions_ended").details["count"] == 1


def test_a_password_reset_ends_every_session(client: Client, desk_officer: Agent) -> None:
    signed = sign_in(browser(), desk_officer)
    client.post(reverse("accounts:password_reset"), {"email": desk_officer.email})
    run_queued_tasks()  # the worker sends the message
    link = re.search(r"https?://[^/]+(/compte/oubli/\S+/)", str(mail.outbox[0].body))
    assert link is not None
    form_url = client.get(link.group(1))["Location"]
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert not is_signed_in(signed)
    ended = Event.objects.get(action="auth.sessions_ended")
    assert ended.details["reason"] == "password_changed"
    assert ended.details["count"] == 1


def test_the_sweep_forgets_sessions_past_their_limits(
    desk_officer: Agent, service_head: Agent
) -> None:
    stale = sign_in(browser("stale"), desk_officer)
    fresh = sign_in(browser("fresh"), service_head)
    key = stale.session.session_key
    assert key is not None
    AccountSession.objects.filter(agent=desk_officer).update(
        last_seen_at=timezone.now() - dt.timedelta(hours=1)
    )
    assert sweep_stale_sessions() == 1
    assert sweep_stale_sessions() == 0
    assert not session_store().exists(key)
    assert is_signed_in(fresh)


@pytest.mark.parametrize("count", [1, 5])
def test_my_sessions_page_cost_does_not_depend_on_history(
    desk_officer: Agent, count: int, django_assert_max_num_queries: Any
) -> None:
    desk = sign_in(browser(), desk_officer)
    for n in range(count):
        sign_in(browser(f"other {n}"), desk_officer)
    with django_assert_max_num_queries(8 + count):
        assert desk.get(reverse("accounts:sessions")).status_code == 200


def test_signing_out_forgets_the_session(desk_officer: Agent) -> None:
    desk = sign_in(browser(), desk_officer)
    assert AccountSession.objects.count() == 1
    desk.post(reverse("accounts:logout"))
    assert not AccountSession.objects.exists()
    assert not is_signed_in(desk)


def test_sessions_end_with_the_cache_engine_too(settings: Any, desk_officer: Agent) -> None:
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    desk = sign_in(browser("desk"), desk_officer)
    phone = sign_in(browser("phone"), desk_officer)
    assert len(desk.get(reverse("accounts:sessions")).context["sessions"]) == 2
    row = AccountSession.objects.get(user_agent="phone")
    desk.post(reverse("accounts:session_end", args=[row.pk]))
    assert not is_signed_in(phone)
    assert end_sessions_of(desk_officer, reason="deactivated") == 1
    assert not is_signed_in(desk)
