"""Checks that a page holds a payload only as text, never as something a browser runs."""

from __future__ import annotations

from html.parser import HTMLParser

ACTIVE_TAGS = {"script", "iframe", "object", "embed", "frame", "frameset", "base", "meta", "svg"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset"}


class _Collector(HTMLParser):
    def __init__(self, marker: str) -> None:
        super().__init__(convert_charrefs=True)
        self.marker = marker
        self.problems: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        rendered = f"<{tag} {attrs}>"
        if tag in ACTIVE_TAGS and self.marker in rendered:
            self.problems.append(f"active element {rendered}")
        self._in_script = tag == "script"
        for name, raw in attrs:
            value = raw or ""
            if name.startswith("on"):
                self.problems.append(f"event handler {name}={value!r} on <{tag}>")
            squeezed = "".join(value.split()).lower()
            if name in URL_ATTRIBUTES and squeezed.startswith(
                ("javascript:", "vbscript:", "data:text/html", "data:image/svg")
            ):
                self.problems.append(f"script URL {name}={value!r} on <{tag}>")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and self.marker in data:
            self.problems.append(f"payload inside a script: {data[:80]!r}")


def assert_inert(html: str, marker: str) -> None:
    """No element, attribute or URL built from the payload (recognised by `marker`) can
    run in a browser; the page may of course show the payload as text."""
    collector = _Collector(marker)
    collector.feed(html)
    collector.close()
    assert not collector.problems, "\n".join(collector.problems)
