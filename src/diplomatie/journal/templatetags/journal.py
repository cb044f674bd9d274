from django import template

from diplomatie.journal.selectors import COUNT_CAP

register = template.Library()


@register.filter
def capped(value: int) -> str:
    """1000+ rather than an exact count beyond the cap."""
    return f"{COUNT_CAP}+" if value > COUNT_CAP else str(value)
