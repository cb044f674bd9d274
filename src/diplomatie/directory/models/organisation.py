"""Organisations: the ministry's tree, its postes, partner administrations and externals."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from treebeard.mp_tree import MP_Node, MP_NodeManager


class OrganisationKind(models.TextChoices):
    MINISTRY = "ministry", _("Ministry")
    DIRECTORATE = "directorate", _("Directorate")
    SUBDIRECTORATE = "subdirectorate", _("Sub-directorate")
    SERVICE = "service", _("Service")
    EMBASSY = "embassy", _("Embassy")
    CONSULATE = "consulate", _("Consulate")
    PERMANENT_REPRESENTATION = "permanent_representation", _("Permanent representation")
    POSTE_SECTION = "poste_section", _("Poste section")
    PARTNER_ADMINISTRATION = "partner_administration", _("Partner administration")
    COMPANY = "company", _("Company")
    NGO = "ngo", _("NGO")
    MEDIA = "media", _("Media")


class Sector(models.TextChoices):
    """Which side of the sharing perimeter an organisation stands on."""

    MINISTRY = "ministry", _("Ministry")
    ADMINISTRATION = "administration", _("Partner administration")
    EXTERNAL = "external", _("External organisation")


K = OrganisationKind
# The sector of a ROOT of the forest, by its kind. A descendant never takes the sector of
# its own kind: it inherits its root's (a service under the Interior ministry stands with
# the partner administrations, not with the ministry). See `Organisation.save`/`move`.
ROOT_SECTOR: dict[str, str] = {
    K.MINISTRY: Sector.MINISTRY,
    K.DIRECTORATE: Sector.MINISTRY,
    K.SUBDIRECTORATE: Sector.MINISTRY,
    K.SERVICE: Sector.MINISTRY,
    K.EMBASSY: Sector.MINISTRY,
    K.CONSULATE: Sector.MINISTRY,
    K.PERMANENT_REPRESENTATION: Sector.MINISTRY,
    K.POSTE_SECTION: Sector.MINISTRY,
    K.PARTNER_ADMINISTRATION: Sector.ADMINISTRATION,
    K.COMPANY: Sector.EXTERNAL,
    K.NGO: Sector.EXTERNAL,
    K.MEDIA: Sector.EXTERNAL,
}

# Kinds that stand outside the sharing perimeter wherever they sit in the tree.
EXTERNAL_KINDS = frozenset({K.COMPANY, K.NGO, K.MEDIA})
POSTE_KINDS = frozenset({K.EMBASSY, K.CONSULATE, K.PERMANENT_REPRESENTATION})

# Which kind may sit under which; `None` stands for a root of the forest.
ALLOWED_PARENTS: dict[str, frozenset[str | None]] = {
    K.MINISTRY: frozenset({None}),
    K.DIRECTORATE: frozenset({K.MINISTRY}),
    K.SUBDIRECTORATE: frozenset({K.DIRECTORATE}),
    K.SERVICE: frozenset(
        {K.MINISTRY, K.DIRECTORATE, K.SUBDIRECTORATE, K.PARTNER_ADMINISTRATION, K.SERVICE}
    ),
    K.EMBASSY: frozenset({K.MINISTRY}),
    K.CONSULATE: frozenset({K.MINISTRY, K.EMBASSY}),
    K.PERMANENT_REPRESENTATION: frozenset({K.MINISTRY}),
    K.POSTE_SECTION: frozenset(POSTE_KINDS),
    K.PARTNER_ADMINISTRATION: frozenset({None, K.PARTNER_ADMINISTRATION}),
    K.COMPANY: frozenset({None}),
    K.NGO: frozenset({None}),
    K.MEDIA: frozenset({None}),
}


class OrganisationManager(MP_NodeManager):  # type: ignore[misc]
    def move(self, node: Organisation, target: Organisation, pos: str | None = None) -> None:
        """Treebeard rewrites the paths of a moved subtree with one UPDATE and no `save()`
        (the admin, `Node.move` and the demo loader all come here): recompute the sector
        of the whole subtree at its new place."""
        super().move(node, target, pos)
        moved = Organisation.objects.get(pk=node.pk)
        sector = sector_at(moved.path, moved.kind)
        moved.descendants(include_self=True).exclude(sector=sector).exclude(
            kind__in=EXTERNAL_KINDS
        ).update(sector=sector)
        node.path, node.depth, node.sector = moved.path, moved.depth, sector


class Organisation(MP_Node):  # type: ignore[misc]
    """A node of the organisation forest, stored as a materialised path.

    The path makes ancestors (prefixes of the path, computed without a query) and
    descendants (`path LIKE 'prefix%'`, one indexed query) cheap at any depth.
    """

    steplen = 4
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

    code: models.SlugField[str, str] = models.SlugField(
        _("code"), max_length=60, unique=True, help_text=_("Stable identifier used in addresses.")
    )
    name: models.CharField[str, str] = models.CharField(_("name (French)"), max_length=200)
    name_en: models.CharField[str, str] = models.CharField(
        _("name (English)"), max_length=200, blank=True
    )
    acronym: models.CharField[str, str] = models.CharField(
        _("acronym"), max_length=30, blank=True, db_index=True
    )
    kind: models.CharField[str, str] = models.CharField(
        _("kind"), max_length=30, choices=OrganisationKind.choices
    )
    sector: models.CharField[str, str] = models.CharField(
        _("sector"), max_length=20, choices=Sector.choices, editable=False
    )
    country = CountryField(_("country"), blank=True)
    city: models.CharField[str, str] = models.CharField(_("city"), max_length=100, blank=True)
    email: models.EmailField[str, str] = models.EmailField(_("e-mail"), blank=True)
    phone: models.CharField[str, str] = models.CharField(_("telephone"), max_length=40, blank=True)
    description: models.TextField[str, str] = models.TextField(_("description"), blank=True)
    created_at: models.DateTimeField[dt.datetime, dt.datetime] = models.DateTimeField(
        auto_now_add=True
    )

    objects = OrganisationManager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [models.Index(fields=["kind"]), models.Index(fields=["sector"])]

    def __str__(self) -> str:
        return self.label

    def save(self, *args: object, **kwargs: object) -> None:
        """The sector follows the place in the tree: a root's comes from its kind, every
        other node takes its root's. Saving a node that already has descendants (a root
        whose kind changed) carries the sector down the subtree in one UPDATE."""
        existed = self.pk is not None
        self.sector = sector_at(self.path, self.kind)
        super().save(*args, **kwargs)
        if existed:
            self.descendants().exclude(sector=self.sector).exclude(kind__in=EXTERNAL_KINDS).update(
                sector=self.sector
            )

    # Annotated by hand: treebeard's base class is untyped, so the plugin cannot infer them.
    path: str
    depth: int
    numchild: int

    @property
    def display_name(self) -> str:
        """The name in the reader's language, French when no English name is known."""
        lang = (get_language() or "fr")[:2]
        if lang == "en" and self.name_en:
            return str(self.name_en)
        return str(self.name)

    @property
    def label(self) -> str:
        if self.acronym:
            return f"{self.display_name} ({self.acronym})"
        return self.display_name

    @property
    def is_poste(self) -> bool:
        return self.kind in POSTE_KINDS

    @property
    def ancestor_paths(self) -> list[str]:
        """Paths of every ancestor, root first — no query needed."""
        return [self.path[:i] for i in range(self.steplen, len(self.path), self.steplen)]

    def ancestors(self) -> models.QuerySet[Organisation]:
        """Ancestors, root first, in one indexed query."""
        qs: models.QuerySet[Organisation] = Organisation.objects.filter(
            path__in=self.ancestor_paths
        )
        return qs.order_by("depth")

    def descendants(self, *, include_self: bool = False) -> models.QuerySet[Organisation]:
        """The whole subtree in one indexed query (`path LIKE 'prefix%'`), in tree order.

        Unlike treebeard's own helpers it does not trust the cached child count, which
        is stale on an instance loaded before children were added."""
        qs: models.QuerySet[Organisation] = Organisation.objects.filter(path__startswith=self.path)
        if not include_self:
            qs = qs.exclude(pk=self.pk)
        return qs.order_by("path")

    @property
    def lineage_paths(self) -> list[str]:
        """Paths of the ancestors and of the organisation itself."""
        return [*self.ancestor_paths, self.path]


def sector_at(path: str, kind: str) -> str:
    """The sector of a node of `kind` stored at `path`: its root's — except that a company,
    an NGO or a media is external wherever it is put (placed under a partner
    administration by mistake, its members must not become insiders)."""
    if kind in EXTERNAL_KINDS:
        return Sector.EXTERNAL
    root_path = path[: Organisation.steplen] if path else ""
    if not path or root_path == path:
        return ROOT_SECTOR[kind]
    root_kind = Organisation.objects.filter(path=root_path).values_list("kind", flat=True).first()
    return ROOT_SECTOR[root_kind or kind]
