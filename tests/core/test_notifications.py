from __future__ import annotations

from django.test import Client
from django.urls import reverse

from diplomatie.directory.models import Agent
from diplomatie.notifications.actions import do_notify
from diplomatie.notifications.models import Notification
from tests.conftest import signed_in


def test_agents_see_only_their_own_notifications(
    client: Client, desk_officer: Agent, service_head: Agent
) -> None:
    do_notify([desk_officer], kind="x", text="Pour Camille", url="/")
    do_notify([service_head], kind="x", text="Pour Henri", url="/")
    signed_in(client, desk_officer)
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert "Pour Camille" in page and "Pour Henri" not in page
    assert 'class="badge badge-count">1' in client.get(reverse("me")).content.decode()
    client.post(reverse("notifications:mark_all_read"))
    assert not Notification.objects.filter(agent=desk_officer, read_at__isnull=True).exists()
    assert Notification.objects.filter(agent=service_head, read_at__isnull=True).exists()
