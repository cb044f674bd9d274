"""Markdown of comments (with @mentions) and wiki pages (with [[links]]), and diffs."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote

from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.text import slugify

from diplomatie.communities.actions import MENTION
from diplomatie.communities.models import Community
from diplomatie.core.markdown import render_markdown
from diplomatie.directory.models import Agent

WIKI_LINK = re.compile(r"\[\[([^\[\]|\n]{1,150})\]\]")
MISSING_MARK = "?nouvelle="


def render_comment(body: str, mentions: Iterable[Agent]) -> SafeString:
    """Markdown with each resolved @mention turned into a link to the colleague's page.
    Only the agents stored as mentioned (resolved when posting, through the policy)
    become links; any other @word stays text."""
    by_token = {a.email.split("@", 1)[0].lower(): a for a in mentions}

    def link(match: re.Match[str]) -> str:
        agent = by_token.get(match.group(1).lower())
        if agent is None:
            return match.group(0)
        url = reverse("directory:agent", args=[agent.pk])
        return f'[@{match.group(1)}]({url} "{_title(agent.display_name)}")'

    return render_markdown(MENTION.sub(link, body))


def _title(text: str) -> str:
    return text.replace('"', "").replace("\\", "").replace("\n", " ")


def render_wiki(body: str, community: Community, titles: dict[str, str]) -> SafeString:
    """Markdown where `[[Page title]]` links to that page of the same community, or —
    when it does not exist yet — to the form that creates it (marked as missing).
    `titles` maps a lower-cased title or slug to the page's slug."""
    base = reverse("communities:wiki", args=[community.slug])

    def link(match: re.Match[str]) -> str:
        title = " ".join(match.group(1).split())
        slug = titles.get(title.lower()) or titles.get(slugify(title))
        text = title.replace("*", r"\*").replace("_", r"\_")
        if slug:
            return f"[{text}](<{base}{slug}/>)"
        return f"[{text}](<{base}{MISSING_MARK}{quote(title)}>)"

    html = str(render_markdown(WIKI_LINK.sub(link, body)))
    # Mark links to pages still to be written; the href was built here, not typed.
    html = html.replace(
        f'<a href="{base}{MISSING_MARK}', f'<a class="wiki-missing" href="{base}{MISSING_MARK}'
    )
    return SafeString(html)  # nosec B703  # render_markdown's sanitised HTML, one class added


@dataclass
class DiffLine:
    kind: str  # "same", "added", "removed", "gap"
    old: int | None
    new: int | None
    text: str


def diff_lines(old: str, new: str, *, context: int = 3) -> list[DiffLine]:
    """A line diff with numbers on both sides, for a table (screen readers read the
    kind of each line from its header cell, not from a colour)."""
    a, b = old.splitlines(), new.splitlines()
    lines: list[DiffLine] = []
    for group in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_grouped_opcodes(context):
        if lines:
            lines.append(DiffLine("gap", None, None, "…"))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines += [
                    DiffLine("same", i1 + k + 1, j1 + k + 1, a[i1 + k]) for k in range(i2 - i1)
                ]
                continue
            if tag in ("replace", "delete"):
                lines += [DiffLine("removed", i + 1, None, a[i]) for i in range(i1, i2)]
            if tag in ("replace", "insert"):
                lines += [DiffLine("added", None, j + 1, b[j]) for j in range(j1, j2)]
    return lines
