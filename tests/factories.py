"""Test data, built through the services so that tests see what users would."""

from __future__ import annotations

import itertools
from typing import Any

import factory
from django.contrib.auth.hashers import make_password

from diplomatie.directory.actions import do_add_membership, do_create_organisation
from diplomatie.directory.models import Agent, Membership, Organisation, OrganisationKind, Role
from diplomatie.publications.models import Publication

PASSWORD = "correct horse battery staple"
_PASSWORD_HASH: list[str] = []
_codes = itertools.count(1)


def password_hash() -> str:
    """One Argon2 hash shared by every test agent: hashing is deliberately slow."""
    if not _PASSWORD_HASH:
        _PASSWORD_HASH.append(make_password(PASSWORD))
    return _PASSWORD_HASH[0]


class AgentFactory(factory.django.DjangoModelFactory[Agent]):
    class Meta:
        model = Agent
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"agent{n}@diplomatie.example")
    display_name = factory.Sequence(lambda n: f"Agent {n:04d}")
    title = "Rédacteur"
    title_en = "Desk officer"
    password = factory.LazyFunction(password_hash)


def make_agent(**fields: Any) -> Agent:
    agent: Agent = AgentFactory.create(**fields)
    return agent


def make_organisation(
    kind: str = OrganisationKind.SERVICE,
    *,
    parent: Organisation | None = None,
    name: str | None = None,
    **fields: Any,
) -> Organisation:
    number = next(_codes)
    return do_create_organisation(
        code=fields.pop("code", f"org-{number}"),
        name=name or f"Organisation {number}",
        kind=kind,
        parent=parent,
        **fields,
    )


def make_member(
    organisation: Organisation, *, role: str = Role.MEMBER, **agent_fields: Any
) -> Agent:
    agent = make_agent(**agent_fields)
    do_add_membership(agent=agent, organisation=organisation, role=role)
    return agent


def membership(agent: Agent, organisation: Organisation, role: str = Role.MEMBER) -> Membership:
    return do_add_membership(agent=agent, organisation=organisation, role=role)


def draft_data(**overrides: Any) -> Any:
    from diplomatie.publications.actions import DraftData

    fields: dict[str, Any] = {
        "kind": "telegram",
        "subject": f"Télégramme {next(_codes)}",
        "summary": "Résumé du télégramme.",
        "body": "## Situation\n\nLe **gouvernement** a annoncé des élections.",
    }
    fields.update(overrides)
    return DraftData(**fields)


def send_publication(author: Agent, **overrides: Any) -> Publication:
    """Create and send a publication through the services."""
    from diplomatie.publications.actions import do_create_draft, do_send

    publication: Publication = do_create_draft(author, draft_data(**overrides))
    return do_send(author, publication)


# --- Security test suite (issue 9) ---------------------------------------------------------
def run_queued_tasks() -> int:
    """Run the tasks waiting in the queue, in the test's transaction, as the worker would
    (the worker itself closes connections: it needs a `transaction=True` test)."""
    from django_tasks_db.models import DBTaskResult

    done = 0
    for queued in DBTaskResult.objects.ready().order_by("enqueued_at"):
        queued.task.call(*queued.args_kwargs["args"], **queued.args_kwargs["kwargs"])
        queued.delete()
        done += 1
    return done
