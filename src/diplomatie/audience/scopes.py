"""Audience scopes: the sets of publications whose audience an agent may study.

A scope has a key (used in URLs), a title and its publications. Each kind of scope comes
from one provider, a function of the agent; another kind (a community's moderators, say)
is one more provider appended to `PROVIDERS`, built on a queryset from `access/`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from diplomatie.access.audience import (
    authored_audience,
    headed_audience,
    headed_organisations,
    moderated_audience,
    moderated_communities,
)
from diplomatie.core.errors import NotFound
from diplomatie.directory.models import Agent
from diplomatie.publications.models import Publication


@dataclass(frozen=True)
class Scope:
    key: str
    title: str
    publications: QuerySet[Publication]


def author_scopes(agent: Agent) -> list[Scope]:
    return [Scope("mine", _("My publications"), authored_audience(agent))]


def head_scopes(agent: Agent) -> list[Scope]:
    return [
        Scope(
            f"org-{organisation.code}",
            _("Publications of %(organisation)s") % {"organisation": organisation.label},
            headed_audience(agent, organisation),
        )
        for organisation in headed_organisations(agent).order_by("path")
    ]


def moderator_scopes(agent: Agent) -> list[Scope]:
    return [
        Scope(
            f"com-{community.slug}",
            _("Community %(community)s") % {"community": community.name},
            moderated_audience(agent, community),
        )
        for community in moderated_communities(agent).order_by("name")
    ]


PROVIDERS: list[Callable[[Agent], list[Scope]]] = [author_scopes, head_scopes, moderator_scopes]


def scopes_for(agent: Agent) -> list[Scope]:
    return [scope for provider in PROVIDERS for scope in provider(agent)]


def get_scope_for(agent: Agent, key: str) -> Scope:
    """The scope, or NotFound — the same for "no such scope" and "not yours"."""
    for scope in scopes_for(agent):
        if scope.key == key:
            return scope
    raise NotFound("scope")
