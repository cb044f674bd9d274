"""The only writers of the directory: organisations and memberships."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from diplomatie.audit.recorder import record_event
from diplomatie.core.errors import InvalidInput
from diplomatie.directory.models import Agent, Membership, Organisation, Role
from diplomatie.directory.models.organisation import ALLOWED_PARENTS


def check_parent(kind: str, parent: Organisation | None) -> None:
    allowed = ALLOWED_PARENTS.get(kind)
    if allowed is None:
        raise InvalidInput(_("Unknown kind of organisation: %(kind)s.") % {"kind": kind})
    parent_kind = parent.kind if parent is not None else None
    if parent_kind not in allowed:
        if parent is None:
            raise InvalidInput(_("This kind of organisation must have a parent organisation."))
        raise InvalidInput(
            _("A %(kind)s cannot be placed under a %(parent)s.")
            % {
                "kind": Organisation(kind=kind).get_kind_display().lower(),
                "parent": parent.get_kind_display().lower(),
            }
        )


@transaction.atomic
def do_create_organisation(
    *,
    code: str,
    name: str,
    kind: str,
    parent: Organisation | None = None,
    actor: Agent | None = None,
    **fields: object,
) -> Organisation:
    """Create an organisation at its place in the tree, after checking that place."""
    check_parent(kind, parent)
    if Organisation.objects.filter(code=code).exists():
        raise InvalidInput(_("The code %(code)s is already used.") % {"code": code})
    node = Organisation(code=code, name=name, kind=kind, **fields)
    created: Organisation
    if parent is None:
        created = Organisation.objects.add_root(instance=node)
    else:
        # Re-read the parent: treebeard needs its current child count and path.
        fresh_parent = Organisation.objects.select_for_update().get(pk=parent.pk)
        created = Organisation.objects.add_child(fresh_parent, instance=node)
    record_event("organisation.create", actor=actor, target=created, details={"code": code})
    return created


@transaction.atomic
def do_add_membership(
    *,
    agent: Agent,
    organisation: Organisation,
    role: str = Role.MEMBER,
    start: dt.date | None = None,
    end: dt.date | None = None,
    actor: Agent | None = None,
) -> Membership:
    if role not in Role.values:
        raise InvalidInput(_("Unknown role: %(role)s.") % {"role": role})
    start = start or timezone.localdate()
    if end is not None and end < start:
        raise InvalidInput(_("A membership cannot end before it starts."))
    membership, _created = Membership.objects.get_or_create(
        agent=agent, organisation=organisation, role=role, start=start, defaults={"end": end}
    )
    record_event(
        "membership.add",
        actor=actor,
        target=membership,
        details={"agent": agent.pk, "organisation": organisation.pk, "role": role},
    )
    return membership


@transaction.atomic
def do_end_membership(
    membership: Membership, *, end: dt.date | None = None, actor: Agent | None = None
) -> Membership:
    end = end or timezone.localdate()
    if end < membership.start:
        raise InvalidInput(_("A membership cannot end before it starts."))
    membership.end = end
    membership.save(update_fields=["end"])
    record_event("membership.end", actor=actor, target=membership, details={"end": str(end)})
    return membership
