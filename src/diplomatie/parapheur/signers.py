"""Who signs in the parapheur, for the second factor's requirement (registered with
`accounts.second_factor.requirement` in `ParapheurConfig.ready()`).

The rule: an agent must have a second factor when a signature or cachet step
- of a running circuit is assigned to them, done or not, or names a role they hold;
- of an active circuit template names them, or names a role they hold;
or when such an agent has delegated to them today. A visa is an approval, not a
signature: it asks for no re-authentication, and so for no second factor.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from diplomatie.directory.models import Agent, Membership
from diplomatie.parapheur.models import (
    Assignee,
    CircuitState,
    Delegation,
    Step,
    StepKind,
    TemplateStep,
)

SIGNING = (StepKind.SIGNATURE, StepKind.CACHET)


def _signs_himself(agent_id: int) -> bool:
    if Assignee.objects.filter(
        agent_id=agent_id, step__kind__in=SIGNING, step__circuit__state=CircuitState.RUNNING
    ).exists():
        return True
    if TemplateStep.objects.filter(
        template__active=True, kind__in=SIGNING, agents__id=agent_id
    ).exists():
        return True
    roles = list(
        Membership.objects.active()
        .filter(agent_id=agent_id)
        .exclude(role="")
        .values_list("organisation_id", "role")
    )
    if not roles:
        return False
    by_role = Q()
    for organisation_id, role in roles:
        by_role |= Q(role_organisation_id=organisation_id, role=role)
    return (
        TemplateStep.objects.filter(by_role, template__active=True, kind__in=SIGNING).exists()
        or Step.objects.filter(
            by_role, kind__in=SIGNING, circuit__state=CircuitState.RUNNING
        ).exists()
    )


def may_be_asked_to_sign(agent: Agent) -> bool:
    if _signs_himself(agent.pk):
        return True
    today = timezone.localdate()
    absent = Delegation.objects.filter(
        delegate_id=agent.pk, cancelled=False, starts_on__lte=today, ends_on__gte=today
    ).values_list("agent_id", flat=True)
    return any(_signs_himself(agent_id) for agent_id in absent)
