"""The events the issue asks for: reads of Diffusion Restreinte documents, and permission
and membership changes made in Django's admin (which bypasses the services)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

from diplomatie.audit.chain import verify_chain
from diplomatie.audit.models import Event
from diplomatie.directory.models import Agent, Membership, Role
from diplomatie.publications.models import Publication
from tests.conftest import Ministry, signed_in
from tests.factories import make_member

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _data_dir(settings: Settings, tmp_path: Path) -> None:
    settings.DATA_DIR = tmp_path


def _send(client: Client, ministry: Ministry, classification: str) -> Publication:
    response = client.post(
        reverse("publications:compose"),
        {
            "kind": "telegram",
            "issuer": ministry.embassy.pk,
            "subject": f"Entretien {classification}",
            "summary": "Résumé.",
            "body": "Texte.",
            "language": "fr",
            "classification": classification,
            "audience": "addressees",
            "precedence": "routine",
            "action_to": ministry.levant.pk,
            "tags": "",
            "action": "send",
            "attachment": SimpleUploadedFile("note.pdf", PDF),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return Publication.objects.get(subject=f"Entretien {classification}")


def test_reading_a_restricted_document_is_recorded(
    client: Client, ministry: Ministry, ambassador: Agent, desk_officer: Agent
) -> None:
    signed_in(client, ambassador)
    restricted = _send(client, ministry, "DR")
    unrestricted = _send(client, ministry, "NP")
    client.logout()
    signed_in(client, desk_officer)
    reads = Event.objects.filter(action="publication.read_restricted")
    assert not reads.exists()

    assert client.get(reverse("publications:detail", args=[restricted.pk])).status_code == 200
    page_read = reads.get()
    assert page_read.actor == desk_officer
    assert page_read.target_type == "publications.publication"
    assert page_read.target_id == str(restricted.pk)
    assert page_read.ip_address == "127.0.0.1"
    assert page_read.details == {"chrono": restricted.chrono}

    attachment = restricted.attachments.get()
    url = reverse("publications:attachment", args=[restricted.pk, attachment.pk])
    assert client.get(url).status_code == 200
    file_read = reads.order_by("-sequence").first()
    assert file_read is not None and file_read.pk != page_read.pk
    assert file_read.details["attachment"] == attachment.pk
    assert file_read.details["sha256"] == attachment.sha256

    # Each opening counts, not only the first; an NP document records nothing.
    client.get(reverse("publications:detail", args=[restricted.pk]))
    client.get(reverse("publications:detail", args=[unrestricted.pk]))
    other = unrestricted.attachments.get()
    client.get(reverse("publications:attachment", args=[unrestricted.pk, other.pk]))
    assert reads.count() == 3
    assert not reads.filter(target_id=str(unrestricted.pk)).exists()
    assert verify_chain().intact


def test_an_outsider_refused_a_restricted_document_records_no_read(
    client: Client, ministry: Ministry, ambassador: Agent, journalist: Agent
) -> None:
    signed_in(client, ambassador)
    restricted = _send(client, ministry, "DR")
    client.logout()
    signed_in(client, journalist)
    assert client.get(reverse("publications:detail", args=[restricted.pk])).status_code == 404
    assert not Event.objects.filter(action="publication.read_restricted").exists()


def _agent_form(agent: Agent, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "email": agent.email,
        "display_name": agent.display_name,
        "title": agent.title,
        "title_en": agent.title_en,
        "preferred_language": agent.preferred_language,
        "phone": agent.phone,
        "is_active": "on" if agent.is_active else "",
        "is_staff": "on" if agent.is_staff else "",
        "is_superuser": "on" if agent.is_superuser else "",
        "groups": [g.pk for g in agent.groups.all()],
        "user_permissions": [p.pk for p in agent.user_permissions.all()],
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": agent.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": agent.date_joined.strftime("%H:%M:%S"),
    }
    memberships = list(Membership.objects.filter(agent=agent).order_by("pk"))
    prefix = "memberships"
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": str(len(memberships)),
            f"{prefix}-INITIAL_FORMS": str(len(memberships)),
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    )
    for i, m in enumerate(memberships):
        data.update(
            {
                f"{prefix}-{i}-id": m.pk,
                f"{prefix}-{i}-agent": agent.pk,
                f"{prefix}-{i}-organisation": m.organisation_id,
                f"{prefix}-{i}-role": m.role,
                f"{prefix}-{i}-start": m.start.isoformat(),
                f"{prefix}-{i}-end": m.end.isoformat() if m.end else "",
            }
        )
    data.update(changes)
    return data


def test_admin_permission_and_membership_changes_are_recorded(
    client: Client, ministry: Ministry, admin: Agent, desk_officer: Agent
) -> None:
    group = Group.objects.create(name="Rédacteurs")
    permission = Permission.objects.get(codename="view_agent")
    signed_in(client, admin)
    url = reverse("admin:directory_agent_change", args=[desk_officer.pk])
    assert client.get(url).status_code == 200
    membership = Membership.objects.get(agent=desk_officer)
    response = client.post(
        url,
        _agent_form(
            desk_officer,
            is_staff="on",
            groups=[group.pk],
            user_permissions=[permission.pk],
            **{"memberships-0-role": Role.HEAD},
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    desk_officer.refresh_from_db()
    assert desk_officer.is_staff

    change = Event.objects.get(action="agent.change", target_id=str(desk_officer.pk))
    assert change.actor == admin
    assert change.details["via"] == "admin"
    changes = change.details["changes"]
    assert changes["is_staff"] == {"before": False, "after": True}
    assert changes["groups"] == {"before": [], "after": ["Rédacteurs"]}
    assert changes["user_permissions"]["after"] == [str(permission)]
    assert "is_superuser" not in changes

    role = Event.objects.get(action="membership.change", target_id=str(membership.pk))
    assert role.details["changes"]["role"] == {"before": Role.MEMBER, "after": Role.HEAD}

    # Removing the membership through the inline is recorded before it disappears.
    response = client.post(url, _agent_form(desk_officer, **{"memberships-0-DELETE": "on"}))
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    removed = Event.objects.get(action="membership.delete", target_id=str(membership.pk))
    assert removed.actor == admin
    assert verify_chain().intact


def test_admin_membership_page_and_group_permissions_are_recorded(
    client: Client, ministry: Ministry, admin: Agent
) -> None:
    agent = make_member(ministry.consular)
    signed_in(client, admin)
    response = client.post(
        reverse("admin:directory_membership_add"),
        {
            "agent": agent.pk,
            "organisation": ministry.levant.pk,
            "role": Role.SECRETARY,
            "start": "2026-01-01",
            "end": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    added = Membership.objects.get(agent=agent, organisation=ministry.levant)
    event = Event.objects.get(action="membership.add", target_id=str(added.pk))
    assert event.details["changes"]["role"] == {"after": Role.SECRETARY}
    assert event.details["changes"]["organisation"] == {"after": ministry.levant.pk}

    response = client.post(
        reverse("admin:directory_membership_delete", args=[added.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert Event.objects.filter(action="membership.delete", target_id=str(added.pk)).exists()

    permission = Permission.objects.get(codename="change_agent")
    response = client.post(
        reverse("admin:auth_group_add"), {"name": "Gestion", "permissions": [permission.pk]}
    )
    assert response.status_code == 302
    group = Group.objects.get(name="Gestion")
    event = Event.objects.get(action="group.add", target_id=str(group.pk))
    assert event.details["changes"]["permissions"] == {"after": [str(permission)]}


def test_admin_password_change_is_recorded(
    client: Client, admin: Agent, desk_officer: Agent
) -> None:
    signed_in(client, admin)
    response = client.post(
        reverse("admin:auth_user_password_change", args=[desk_officer.pk]),
        {"password1": "Un-nouveau-secret-42", "password2": "Un-nouveau-secret-42"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get(action="agent.password_set", target_id=str(desk_officer.pk))
    assert event.actor == admin
    assert "Un-nouveau" not in str(event.details)


def test_routing_and_task_changes_are_recorded(
    ministry: Ministry, ambassador: Agent, desk_officer: Agent, service_head: Agent
) -> None:
    from diplomatie.routing.actions import do_reroute_task, do_take_task
    from tests.factories import send_publication

    telegram = send_publication(ambassador, issuer=ministry.embassy, action_to=ministry.levant)
    task = telegram.tasks.get()
    created = Event.objects.get(action="task.created", target_id=str(task.pk))
    assert created.actor == ambassador
    assert created.details == {"organisation": ministry.levant.pk, "to": "new"}
    sent = Event.objects.get(action="publication.send", target_id=str(telegram.pk))
    assert [ministry.levant.pk, "action"] in sent.details["addressees"]
    do_take_task(desk_officer, task)
    assert Event.objects.filter(action="task.taken", target_id=str(task.pk)).exists()
    do_reroute_task(service_head, task, ministry.consular, note="Consular matter.")
    assert Event.objects.filter(action="task.rerouted", target_id=str(task.pk)).exists()
    reroute = Event.objects.get(action="routing.reroute", target_id=str(telegram.pk))
    assert reroute.details["to"] == ministry.consular.pk
    assert verify_chain().intact


def test_own_password_change_and_reset_are_recorded(client: Client, desk_officer: Agent) -> None:
    import re

    from django.core import mail

    from tests.factories import PASSWORD, run_queued_tasks

    signed_in(client, desk_officer)
    new = "a much longer new passphrase"
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    change = Event.objects.get(action="auth.password_change")
    assert change.actor == desk_officer and change.ip_address == "127.0.0.1"
    assert new not in str(change.details)

    client.logout()
    client.post(reverse("accounts:password_reset"), {"email": desk_officer.email})
    run_queued_tasks()  # the worker sends the message
    match = re.search(r"https?://[^/]+(/compte/oubli/[^\s]+/)", str(mail.outbox[0].body))
    assert match
    link = client.get(match.group(1), follow=True)
    other = "another long passphrase here"
    client.post(link.redirect_chain[-1][0], {"new_password1": other, "new_password2": other})
    reset = Event.objects.get(action="auth.password_reset")
    assert reset.actor == desk_officer
    assert verify_chain().intact
