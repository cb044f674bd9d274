"""French and English: the compiled catalogue is complete and up to date."""

from __future__ import annotations

from pathlib import Path

import polib
from django.conf import settings
from django.test import Client
from django.urls import reverse

from diplomatie.directory.models import Agent
from tests.conftest import signed_in

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "fr" / "LC_MESSAGES"


def test_french_catalogue_is_complete() -> None:
    po = polib.pofile(str(CATALOGUE / "django.po"))
    assert po.percent_translated() == 100, [e.msgid for e in po.untranslated_entries()]
    assert not po.fuzzy_entries(), [e.msgid for e in po.fuzzy_entries()]


def test_compiled_catalogue_matches_the_sources() -> None:
    """The .mo file is committed (no gettext needed on a fresh machine): keep it in sync."""
    po = polib.pofile(str(CATALOGUE / "django.po"))
    mo = polib.mofile(str(CATALOGUE / "django.mo"))

    def entries(catalogue: polib._BaseFile) -> set[tuple[str, str, str]]:
        found = set()
        for e in catalogue:
            if e.obsolete or not e.msgid:
                continue
            translated = e.msgstr or "|".join(v for _, v in sorted(e.msgstr_plural.items()))
            found.add((e.msgctxt or "", e.msgid, translated))
        return found

    assert entries(po) == entries(mo), "run `make messages` to recompile django.mo"


def test_language_comes_from_the_browser(client: Client, desk_officer: Agent) -> None:
    signed_in(client, desk_officer)
    english = client.get(reverse("directory:tree"), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert '<html lang="en">' in english.content.decode()
    assert "Organisations" in english.content.decode()
    french = client.get(reverse("directory:tree"), HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")
    assert '<html lang="fr">' in french.content.decode()
    assert "Aller au contenu" in french.content.decode()


def test_language_can_be_switched_even_before_sign_in(client: Client, db: None) -> None:
    response = client.post(
        reverse("accounts:set_language"),
        {"language": "en", "next": reverse("accounts:login")},
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert response.status_code == 302
    page = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="fr")
    assert '<html lang="en">' in page.content.decode()
    assert "Sign in" in page.content.decode()
