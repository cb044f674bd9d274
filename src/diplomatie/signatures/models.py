"""The signature authority's certificates and its certificate revocation lists."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from diplomatie.directory.models import Agent


class CertificateRole(models.TextChoices):
    ROOT = "root", _("root authority")
    ISSUING = "issuing", _("issuing authority")
    TIMESTAMPING = "tsa", _("time-stamping authority")
    SEAL = "seal", _("ministry seal")
    AGENT = "agent", _("agent")


AUTHORITY_ROLES = (
    CertificateRole.ROOT,
    CertificateRole.ISSUING,
    CertificateRole.TIMESTAMPING,
    CertificateRole.SEAL,
)


class RevocationReason(models.TextChoices):
    UNSPECIFIED = "unspecified", _("unspecified")
    KEY_COMPROMISE = "key_compromise", _("key compromised")
    AFFILIATION_CHANGED = "affiliation_changed", _("left the organisation")
    SUPERSEDED = "superseded", _("superseded")
    CESSATION_OF_OPERATION = "cessation_of_operation", _("account closed")


class Certificate(models.Model):
    """One X.509 certificate and its private key, encrypted under the master key.

    `current` marks the certificate in use for its role (one per authority role, one per
    agent); a renewed certificate stays in the table, not current, so that the CRL and old
    signatures can still refer to it.
    """

    role = models.CharField(_("role"), max_length=10, choices=CertificateRole.choices)
    agent: models.ForeignKey[Agent | None, Agent | None] = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signing_certificates",
    )
    serial = models.CharField(_("serial number"), max_length=60, unique=True)
    subject = models.CharField(_("subject"), max_length=500)
    der = models.BinaryField(_("certificate (DER)"))
    encrypted_key = models.BinaryField(_("private key (encrypted)"))
    not_before = models.DateTimeField(_("valid from"))
    not_after = models.DateTimeField(_("valid until"))
    current = models.BooleanField(_("current"), default=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revocation_reason = models.CharField(
        _("revocation reason"), max_length=30, choices=RevocationReason.choices, blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["role"],
                condition=Q(current=True) & ~Q(role="agent"),
                name="signatures_one_current_authority",
            ),
            models.UniqueConstraint(
                fields=["agent"],
                condition=Q(current=True, role="agent"),
                name="signatures_one_current_per_agent",
            ),
            models.CheckConstraint(
                condition=Q(role="agent", agent__isnull=False)
                | (~Q(role="agent") & Q(agent__isnull=True)),
                name="signatures_agent_iff_agent_role",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.subject} ({self.serial})"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class RevocationList(models.Model):
    """A CRL signed by the issuing authority (agents, seal, time-stamping) or by the root
    (the issuing authority); for each, the one with the highest number is current."""

    issuer_role = models.CharField(
        _("issuer"),
        max_length=10,
        choices=[
            (CertificateRole.ROOT, CertificateRole.ROOT.label),
            (CertificateRole.ISSUING, CertificateRole.ISSUING.label),
        ],
        default=CertificateRole.ISSUING,
    )
    number = models.PositiveIntegerField(_("number"))
    der = models.BinaryField(_("CRL (DER)"))
    this_update = models.DateTimeField(_("issued"))
    next_update = models.DateTimeField(_("next update"))

    class Meta:
        verbose_name = _("certificate revocation list")
        verbose_name_plural = _("certificate revocation lists")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["issuer_role", "number"], name="signatures_crl_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"CRL {self.issuer_role} {self.number}"
