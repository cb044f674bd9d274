"""Audience plots as SVG, drawn on the server with pygal.

No JavaScript (`js=[]`): the SVG is shown with `<img>`, and a data table beside it says
the same in words. Drawn 720 units wide with large type, so that it stays legible when
the browser scales it down to a 360 px phone."""

from __future__ import annotations

import re
from typing import Any

import pygal
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from pygal.style import Style

from diplomatie.audience.selectors import AudienceStats

STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1a1f2b",
    foreground_strong="#1a1f2b",
    foreground_subtle="#c9d0dc",
    colors=("#1f4f99", "#a3122a", "#1d6b3a", "#6b4c9a", "#8a5a00"),
    font_family='system-ui, "Noto Sans", "Liberation Sans", Arial, sans-serif',
    label_font_size=22,
    major_label_font_size=22,
    legend_font_size=24,
    title_font_size=26,
    value_font_size=22,
    no_data_font_size=32,
    stroke_opacity=1,
    opacity=0.9,
    value_colors=("#ffffff",),
)

COMMON: dict[str, Any] = {
    "style": STYLE,
    "js": [],
    "width": 720,
    "height": 420,
    "legend_at_bottom": True,
    "legend_at_bottom_columns": 2,
    "legend_box_size": 20,
    "margin": 12,
    "spacing": 12,
    "tooltip_fancy_mode": False,
    "include_x_axis": True,
    "truncate_label": -1,
    "truncate_legend": -1,
    "print_zeroes": False,
    "min_scale": 3,
    "max_scale": 5,
    "explicit_size": False,
}


# pygal always embeds its configuration as a <script>, even with `js=[]`: the image
# needs none (and an <img> would never run it), so it is taken out.
_SCRIPT = re.compile(rb"<script[^>]*>.*?</script>", re.DOTALL)


def _render(chart: Any) -> bytes:
    rendered: bytes = chart.render()
    return _SCRIPT.sub(b"", rendered)


def views_svg(stats: AudienceStats) -> bytes:
    """Views and unique readers per day; about five dates on the x axis."""
    chart = pygal.Line(
        **COMMON,
        no_data_text=_("No views yet"),
        x_labels_major_every=max(1, stats.days // 4),
        show_minor_x_labels=False,
        dots_size=2,
        show_only_major_dots=stats.days > 31,
        value_formatter=lambda v: f"{v:.0f}",
    )
    chart.x_labels = [date_format(p.day, "j/n") for p in stats.series]
    chart.add(_("Views"), [p.views for p in stats.series])
    chart.add(_("Unique readers"), [p.readers for p in stats.series])
    return _render(chart)


def ratings_svg(stats: AudienceStats) -> bytes:
    """How many ratings of each score, 1 to 5."""
    chart = pygal.Bar(
        **{**COMMON, "show_legend": False},
        no_data_text=_("No ratings yet"),
        value_formatter=lambda v: f"{v:.0f}",
        print_values=True,
    )
    chart.x_labels = [str(score) for score in stats.distribution]
    chart.x_title = _("Interest (1 to 5)")
    values = list(stats.distribution.values())
    chart.add(_("Ratings"), values if any(values) else [])
    return _render(chart)
