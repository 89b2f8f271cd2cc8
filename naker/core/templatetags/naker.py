from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.safestring import SafeString

from naker.core import shell

register = template.Library()


@register.filter
def cell(value: int | None) -> str:
    """A count as shown: grouped digits, or "<5" where a small cell is suppressed (None)."""
    return "<5" if value is None else str(intcomma(value))


@register.simple_tag(takes_context=True)
def logout_form(context: template.Context) -> SafeString:
    """The layout's logout form with the request's CSRF token (naker.core.shell)."""
    return shell.logout_form(context.get("request"))


@register.simple_tag(takes_context=True)
def page_footer(context: template.Context) -> SafeString:
    """The layout's footer: the language switcher and the time zone note (naker.core.shell)."""
    return shell.footer(context.get("request"))
