"""Markdown rendering: hostile input never yields active content; ordinary Markdown works."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.template import Context, Template
from django.utils.safestring import SafeString
from hypothesis import given
from hypothesis import strategies as st

from diplomatie.core.markdown import ALLOWED_TAGS, render_markdown

HOSTILE = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x]( javascript:alert(1) )",
    "[x](<javascript:alert(1)>)",
    "[x](data:text/html,<script>alert(1)</script>)",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](vbscript:msgbox(1))",
    '<a href="javascript:alert(1)">x</a>',
    "<iframe src=https://evil.example></iframe>",
    "<style>body{display:none}</style>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "[x](&#106;avascript:alert(1))",
    "[x](&#x6A;avascript:alert(1))",
    "[x](java&#115;cript:alert(1))",
    "[x](javascript&colon;alert(1))",
    "[x](java\tscript:alert(1))",
    "[x][ref]\n\n[ref]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "![x](javascript:alert(1))",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "![x](https://evil.example/track.png)",
    '[x](https://ok.example "a onmouseover=alert(1)")',
    '<div onclick="alert(1)">x</div>',
    "<details open ontoggle=alert(1)>",
    "<!-- <script>alert(1)</script> -->",
    "`<script>alert(1)</script>`",
    "```html\n<script>alert(1)</script>\n```",
    "| a |\n|---|\n| <script>alert(1)</script> |",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
]
FORBIDDEN_TAGS = ("<script", "<iframe", "<style", "<svg", "<img", "<math", "<object", "<embed")
FORBIDDEN_IN_URLS = ("javascript:", "vbscript:", "data:")


class _Collector(HTMLParser):
    """Every tag and attribute of the output, as a browser's tokenizer would see them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def _elements(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.tags


def _assert_inert(html: str) -> None:
    lowered = html.lower()
    for needle in FORBIDDEN_TAGS:
        assert needle not in lowered, (needle, html)
    for tag, attrs in _elements(html):
        assert tag in ALLOWED_TAGS, (tag, html)
        for name, value in attrs:
            assert not name.startswith("on"), (name, html)
            assert name in {"href", "title", "rel", "align"}, (name, html)
            if name == "href":
                # The parser has already decoded entities, as a browser would.
                url = re.sub(r"[\x00-\x20]", "", value or "").lower()
                assert not url.startswith(FORBIDDEN_IN_URLS), (url, html)
                scheme = re.match(r"([^:/?#]*):", url)
                assert scheme is None or scheme[1] in {"http", "https", "mailto"}, (url, html)


@pytest.mark.parametrize("source", HOSTILE)
def test_hostile_input_is_inert(source: str) -> None:
    html = render_markdown(source)
    _assert_inert(html)
    # No active link at all survives for a dangerous scheme: the text stays text.
    for tag, attrs in _elements(html):
        if tag == "a":
            href = dict(attrs).get("href") or ""
            assert href.startswith("https://"), html


def test_hostile_markup_is_shown_as_text() -> None:
    html = render_markdown("<script>alert(1)</script>")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_returns_safe_string() -> None:
    assert isinstance(render_markdown("hello"), SafeString)
    assert render_markdown("") == ""


def test_headings_and_emphasis() -> None:
    html = render_markdown("# Title\n\n## Section\n\n### Sub\n\n**bold** *it* ~~gone~~")
    assert "<h1>Title</h1>" in html
    assert "<h2>Section</h2>" in html
    assert "<h3>Sub</h3>" in html
    assert "<strong>bold</strong>" in html
    assert "<em>it</em>" in html
    assert "<s>gone</s>" in html


def test_lists() -> None:
    html = render_markdown("- one\n- two\n\n1. first\n2. second\n")
    assert "<ul>\n<li>one</li>\n<li>two</li>\n</ul>" in html
    assert "<ol>\n<li>first</li>\n<li>second</li>\n</ol>" in html


def test_tables_keep_alignment() -> None:
    html = render_markdown("| a | b | c |\n|:--|--:|:-:|\n| 1 | 2 | 3 |\n")
    assert "<table>" in html
    assert "<thead>" in html
    assert "<tbody>" in html
    assert '<th align="left">a</th>' in html
    assert '<td align="right">2</td>' in html
    assert '<td align="center">3</td>' in html
    assert "style=" not in html


def test_code_blocks_are_escaped() -> None:
    html = render_markdown("```python\nif a < b:\n    print('<b>')\n```\n\nInline `x<y`.")
    assert "<pre><code>if a &lt; b:\n    print('&lt;b&gt;')\n</code></pre>" in html
    assert "<code>x&lt;y</code>" in html
    assert "class=" not in html


def test_blockquote_and_rule() -> None:
    html = render_markdown("> quoted\n\n---\n")
    assert "<blockquote>\n<p>quoted</p>\n</blockquote>" in html
    assert "<hr>" in html or "<hr />" in html


def test_https_link_gets_rel() -> None:
    html = render_markdown('[site](https://www.example.org/page "Title")')
    assert html.strip() == (
        '<p><a href="https://www.example.org/page" title="Title" '
        'rel="noopener noreferrer nofollow">site</a></p>'
    )


def test_mailto_and_relative_links_survive() -> None:
    html = render_markdown("[mail](mailto:a@b.example) [here](/publications/3/)")
    assert 'href="mailto:a@b.example"' in html
    assert 'href="/publications/3/"' in html


def test_image_becomes_a_link() -> None:
    html = render_markdown("![a map](https://maps.example/m.png)")
    assert "<img" not in html
    assert '<a href="https://maps.example/m.png" rel="noopener noreferrer nofollow">a map</a>' in (
        html
    )


def test_template_filter() -> None:
    template = Template("{% load markdown %}{{ body|markdown }}|{{ missing|markdown }}")
    html = template.render(Context({"body": "**hi** <b>x</b>", "missing": None}))
    assert html == "<p><strong>hi</strong> &lt;b&gt;x&lt;/b&gt;</p>\n|"


@given(st.text())
def test_arbitrary_text_renders_inert(text: str) -> None:
    html = render_markdown(text)
    assert "<script" not in html.lower()
    for _tag, attrs in _elements(html):
        assert not any(name.startswith("on") for name, _value in attrs)
    assert not re.search(r"<[a-z0-9]+(\s+[a-z-]+(=\"[^\"]*\")?)*\s+on\w+=", html, re.I)


@given(
    st.lists(
        st.sampled_from(
            [
                "<",
                ">",
                "[",
                "]",
                "(",
                ")",
                "!",
                "`",
                "&#",
                "java",
                "script:",
                "on",
                "load=",
                '"',
                "'",
                "\n",
                " ",
                "|",
                "-",
                "data:",
                "svg",
                "img",
                "#",
                "*",
                "\\",
            ]
        )
    ).map("".join)
)
def test_markdown_shaped_noise_renders_inert(text: str) -> None:
    _assert_inert(render_markdown(text))
