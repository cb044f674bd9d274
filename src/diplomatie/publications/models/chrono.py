from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models

if TYPE_CHECKING:
    from diplomatie.directory.models import Organisation


class ChronoCounter(models.Model):
    """The last chrono number given by an issuing organisation in a year.

    Numbers are taken under a row lock (PostgreSQL) or an immediate transaction
    (SQLite) in the transaction that sends, so they are unique and without gaps."""

    issuer: models.ForeignKey[Organisation, Organisation] = models.ForeignKey(
        "directory.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issuer", "year"], name="chrono_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.issuer_id}/{self.year}: {self.last}"
