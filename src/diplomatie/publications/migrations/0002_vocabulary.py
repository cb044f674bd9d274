from typing import Any

from django.db import migrations


def load(apps: Any, schema_editor: Any) -> None:
    from diplomatie.publications.vocabulary import load_vocabulary

    load_vocabulary(apps.get_model("publications", "Theme"))


class Migration(migrations.Migration):
    dependencies = [("publications", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
