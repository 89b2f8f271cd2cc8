from django import template
from django.contrib.humanize.templatetags.humanize import intcomma

register = template.Library()


@register.filter
def cell(value: int | None) -> str:
    """A count as shown: grouped digits, or "<5" where a small cell is suppressed (None)."""
    return "<5" if value is None else str(intcomma(value))
