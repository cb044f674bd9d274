"""Markdown to safe HTML for publication bodies.

The text is rendered by markdown-it-py (CommonMark plus tables and strikethrough) with raw
HTML disabled, then the HTML is sanitised by nh3 against a short allow-list. Images are
not rendered — they would make the reader's browser fetch remote content — but become
plain links to their address, which the sanitiser then vets like any other link.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import nh3
from django.utils.safestring import SafeString
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import OptionsDict

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "hr",
        "h1", "h2", "h3", "h4", "h5", "h6",
        "strong", "em", "del", "s", "code", "pre", "blockquote",
        "ul", "ol", "li", "a",
        "table", "thead", "tbody", "tr", "th", "td",
        "sup", "sub",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
# Table cell alignment, restricted to its three meaningful values.
ALLOWED_ATTRIBUTE_VALUES = {cell: {"align": {"left", "center", "right"}} for cell in ("th", "td")}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer nofollow"
_ALIGN_STYLES = {f"text-align:{side}": side for side in ("left", "center", "right")}


def _image_as_link(
    renderer: RendererHTML,
    tokens: Sequence[Token],
    idx: int,
    options: OptionsDict,
    env: dict[str, Any],
) -> str:
    token = tokens[idx]
    src = str(token.attrGet("src") or "")
    text = renderer.renderInlineAsText(token.children or [], options, env) or src
    return f'<a href="{escapeHtml(src)}">{escapeHtml(text)}</a>'


def _build_parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
    parser.add_render_rule("image", _image_as_link)
    return parser


_parser = _build_parser()


def _align_cells(tokens: list[Token]) -> None:
    """markdown-it aligns table cells with `style`; the sanitiser keeps `align` only."""
    for token in tokens:
        if token.type in ("th_open", "td_open"):
            style = token.attrGet("style")
            if style is not None:
                token.attrs.pop("style", None)
                side = _ALIGN_STYLES.get(str(style))
                if side:
                    token.attrSet("align", side)


def sanitise_html(html: str) -> str:
    """Keep only the allow-listed tags, attributes and link schemes."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        tag_attribute_values={
            tag: {name: set(values) for name, values in attrs.items()}
            for tag, attrs in ALLOWED_ATTRIBUTE_VALUES.items()
        },
        url_schemes=set(URL_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
    )


def render_markdown(text: str) -> SafeString:
    """Render Markdown written by an agent into HTML safe to put in a page."""
    env: dict[str, Any] = {}
    tokens = _parser.parse(text or "", env)
    _align_cells(tokens)
    html = _parser.renderer.render(tokens, _parser.options, env)
    return SafeString(sanitise_html(html))  # nosec B703  # sanitised by nh3 just before
