"""Recompute every organisation's sector from its place in the tree.

Until now the sector was derived from the organisation's own kind, so a service under a
partner administration (the DGEF under the Interior ministry) stood with the ministry.
A root keeps the sector of its kind; every other node takes its root's, except that a
company, an NGO or a media is external wherever it sits. The mapping is
written out here, as it stands today, so that the migration does not move if the model's
table changes later."""

from __future__ import annotations

from typing import Any

from django.db import migrations

STEPLEN = 4
ROOT_SECTOR = {
    "ministry": "ministry",
    "directorate": "ministry",
    "subdirectorate": "ministry",
    "service": "ministry",
    "embassy": "ministry",
    "consulate": "ministry",
    "permanent_representation": "ministry",
    "poste_section": "ministry",
    "partner_administration": "administration",
    "company": "external",
    "ngo": "external",
    "media": "external",
}
EXTERNAL_KINDS = ("company", "ngo", "media")


def sector_from_tree(apps: Any, schema_editor: Any) -> None:
    Organisation = apps.get_model("directory", "Organisation")
    using = schema_editor.connection.alias
    roots = Organisation.objects.using(using).filter(depth=1).values_list("path", "kind")
    for path, kind in roots:
        sector = ROOT_SECTOR[kind]
        Organisation.objects.using(using).filter(path__startswith=path).exclude(
            sector=sector
        ).exclude(kind__in=EXTERNAL_KINDS).update(sector=sector)
    Organisation.objects.using(using).filter(kind__in=EXTERNAL_KINDS).exclude(
        sector="external"
    ).update(sector="external")


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [migrations.RunPython(sector_from_tree, migrations.RunPython.noop)]
