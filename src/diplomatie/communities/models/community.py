"""A community: agents who share a subject, with its members and moderators."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from diplomatie.directory.models import Agent


class Access(models.TextChoices):
    OPEN = "open", _("Open: anyone may join")
    ON_REQUEST = "request", _("On request: a moderator approves")
    INVITATION = "invitation", _("By invitation only")


class MembershipState(models.TextChoices):
    MEMBER = "member", _("Member")
    REQUESTED = "requested", _("Request pending")
    INVITED = "invited", _("Invited")
    REFUSED = "refused", _("Request refused")
    DECLINED = "declined", _("Invitation declined")
    LEFT = "left", _("Left")


class CommunityRole(models.TextChoices):
    MEMBER = "member", _("Member")
    MODERATOR = "moderator", _("Moderator")


# Only these states make someone a member: they read and write in the community.
ACTIVE_STATES = (MembershipState.MEMBER,)


class Community(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    access = models.CharField(
        _("access"), max_length=12, choices=Access.choices, default=Access.OPEN
    )
    open_to_externals = models.BooleanField(
        _("open to external members"),
        default=False,
        help_text=_("Journalists, NGOs and companies on the platform may take part."),
    )
    created_by: models.ForeignKey[Agent, Agent] = models.ForeignKey(
        "directory.Agent", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CommunityMembership(models.Model):
    """One row per agent and community, whose state follows the membership's life:
    requested → member | refused, invited → member | declined, member → left."""

    community: models.ForeignKey[Community, Community] = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="memberships"
    )
    agent: models.ForeignKey[Agent, Agent] = models.ForeignKey(
        "directory.Agent", on_delete=models.CASCADE, related_name="community_memberships"
    )
    state = models.CharField(_("state"), max_length=10, choices=MembershipState.choices)
    role = models.CharField(
        _("role"), max_length=10, choices=CommunityRole.choices, default=CommunityRole.MEMBER
    )
    invited_by: models.ForeignKey[Agent | None, Agent | None] = models.ForeignKey(
        "directory.Agent", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = models.CharField(_("message"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("community membership")
        verbose_name_plural = _("community memberships")
        constraints = [
            models.UniqueConstraint(fields=["community", "agent"], name="community_member_once"),
            models.CheckConstraint(
                condition=Q(role="member") | Q(state="member"),
                name="community_moderator_is_member",
            ),
        ]
        indexes = [
            models.Index(fields=["agent", "state"], name="community_member_agent"),
            models.Index(fields=["community", "state", "role"], name="community_member_state"),
        ]

    def __str__(self) -> str:
        return f"{self.agent_id} in {self.community_id}: {self.state}/{self.role}"

    @property
    def is_member(self) -> bool:
        return self.state in ACTIVE_STATES

    @property
    def is_moderator(self) -> bool:
        return self.is_member and self.role == CommunityRole.MODERATOR
