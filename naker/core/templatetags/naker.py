from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.safestring import SafeString

from naker.core import shell

register = template.Library()


@register.filter
def cell(value: int | None) -> str:
    """A count as shown: grouped digits, or "<5" where a small cell is suppressed (None)."""
    return "<5" if value is None else str(intcomma(value))


@register.simple_tag
def kept_include(name: str, **args: object) -> SafeString:
    """`{% include name with k=v %}` for a template that shows the same to everyone (its arguments,
    the language and the URLs alone), rendered once per process (naker.core.shell.kept_include)."""
    return shell.kept_include(name, **args)


@register.simple_tag(takes_context=True)
def logout_form(context: template.Context) -> SafeString:
    """The layout's logout form with the request's CSRF token (naker.core.shell)."""
    return shell.logout_form(context.get("request"))


@register.simple_tag(takes_context=True)
def page_footer(context: template.Context) -> SafeString:
    """The layout's footer: the language switcher and the time zone note (naker.core.shell)."""
    return shell.footer(context.get("request"))
