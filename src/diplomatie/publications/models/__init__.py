from diplomatie.publications.models.attachment import Attachment
from diplomatie.publications.models.chrono import ChronoCounter
from diplomatie.publications.models.publication import (
    ACKNOWLEDGED_PRECEDENCES,
    CHRONO_KINDS,
    ROUTED_KINDS,
    Audience,
    Classification,
    Kind,
    Precedence,
    Publication,
    Status,
)
from diplomatie.publications.models.read import Read
from diplomatie.publications.models.reference import Reference, ReferenceKind
from diplomatie.publications.models.revision import Revision
from diplomatie.publications.models.theme import Tag, Theme, ThemeKind

__all__ = [
    "ACKNOWLEDGED_PRECEDENCES",
    "CHRONO_KINDS",
    "ROUTED_KINDS",
    "Attachment",
    "Audience",
    "ChronoCounter",
    "Classification",
    "Kind",
    "Precedence",
    "Publication",
    "Read",
    "Reference",
    "ReferenceKind",
    "Revision",
    "Status",
    "Tag",
    "Theme",
    "ThemeKind",
]
