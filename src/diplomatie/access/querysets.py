"""Visibility as querysets: what an agent may list, search or count."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from diplomatie.access.perimeter import INSTITUTIONAL_SECTORS, Perimeter, perimeter_of
from diplomatie.directory.models import Agent, Membership, Organisation
from diplomatie.publications.models import Audience, Classification, Publication, Status
from diplomatie.routing.models import Addressing

if TYPE_CHECKING:
    from diplomatie.parapheur.models import Circuit


def visible_organisations(agent: Agent | None) -> QuerySet[Organisation]:
    """Internal agents see the whole directory; externals see the institutional tree
    (the ministry and partner administrations) and their own organisations, never
    other external organisations. An agent who belongs nowhere today sees nothing."""
    perimeter = perimeter_of(agent)
    qs: QuerySet[Organisation] = Organisation.objects.all()
    if perimeter.agent_id is None or not perimeter.belongs:
        return qs.none()
    if perimeter.internal:
        return qs
    return qs.filter(perimeter.subtree_q() | Q(sector__in=INSTITUTIONAL_SECTORS))


def visible_agents(agent: Agent | None) -> QuerySet[Agent]:
    """Internal agents see every active agent; externals see themselves and the
    members of their own organisations only."""
    perimeter = perimeter_of(agent)
    qs = Agent.objects.filter(is_active=True)
    if perimeter.agent_id is None:
        return qs.none()
    if perimeter.internal:
        return qs
    colleagues = Membership.objects.active().filter(
        agent=OuterRef("pk"), organisation_id__in=perimeter.organisation_ids
    )
    return qs.filter(Exists(colleagues)) | qs.filter(pk=perimeter.agent_id)


def publication_audiences(perimeter: Perimeter) -> list[str]:
    """The audiences wider than "addressees only" that reach this agent."""
    audiences: list[str] = []
    if perimeter.in_ministry:
        audiences.append(Audience.MINISTRY)
    if perimeter.in_administration:
        audiences.append(Audience.ADMINISTRATIONS)
    if perimeter.belongs:
        audiences.append(Audience.PARTNERS)
    return audiences


def visible_publications(agent: Agent | None) -> QuerySet[Publication]:
    """Publications the agent may read.

    - drafts: their author and co-authors only;
    - sent: the author and co-authors; members of the issuing organisation and of the
      organisations it is addressed to, or of any of their descendants; and, for
      *Non protégé* publications, whoever the audience reaches (the ministry, all
      public administrations, partners too);
    - *Diffusion Restreinte*: never beyond the addressees, and never an external
      member, whatever the rows say.
    """
    perimeter = perimeter_of(agent)
    qs: QuerySet[Publication] = Publication.objects.all()
    if perimeter.agent_id is None:
        return qs.none()
    authored = Q(author_id=perimeter.agent_id) | Q(
        Exists(
            Publication.coauthors.through.objects.filter(
                publication_id=OuterRef("pk"), agent_id=perimeter.agent_id
            )
        )
    )
    if not perimeter.belongs:
        return qs.filter(authored)
    reached = Q(issuer_id__in=perimeter.lineage_ids) | Q(
        Exists(
            Addressing.objects.filter(
                publication_id=OuterRef("pk"), organisation_id__in=perimeter.lineage_ids
            )
        )
    )
    if not perimeter.internal:
        reached &= Q(classification=Classification.NP)
    audiences = publication_audiences(perimeter)
    if audiences:
        reached |= Q(classification=Classification.NP, audience__in=audiences)
    return qs.filter(authored | (Q(status=Status.SENT) & reached))


def visible_circuits(agent: Agent | None) -> QuerySet[Circuit]:
    """Signature circuits the agent may see: those of the publications they may read
    (their own drafts included), those they are an actor of or have acted in, and —
    during an absence — those waiting for an agent who delegated to them."""
    from diplomatie.parapheur.models import Act, Assignee, Circuit, Delegation, StepState

    perimeter = perimeter_of(agent)
    qs: QuerySet[Circuit] = Circuit.objects.all()
    if perimeter.agent_id is None:
        return qs.none()
    me = perimeter.agent_id
    today = timezone.localdate()
    absent = Delegation.objects.filter(
        delegate_id=me, cancelled=False, starts_on__lte=today, ends_on__gte=today
    ).values("agent_id")
    return qs.filter(
        Q(publication__in=visible_publications(agent))
        | Exists(Assignee.objects.filter(step__circuit=OuterRef("pk"), agent_id=me))
        | Exists(Act.objects.filter(circuit=OuterRef("pk"), actor_id=me))
        | Exists(
            Assignee.objects.filter(
                step__circuit=OuterRef("pk"),
                step__state=StepState.OPEN,
                done_at__isnull=True,
                agent_id__in=absent,
            )
        )
    )
