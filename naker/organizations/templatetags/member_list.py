"""The rows of a member list, made in one pass (issue 13, ADR 0013 "Member lists").

Fifty rows of ten template variables each cost more than the rest of the page's own work (about
2 ms of the page's 9 on the bench): here each row is one `str.format`, every value escaped as the
template would, the labels translated once per page and each row's links made by the view.
"""

from __future__ import annotations

import functools
from html import escape
from typing import Any

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from naker.organizations.models import Organization

register = template.Library()

_CELLS = (
    '<tr><td>{}</td><td data-label="{}">{}</td><td data-label="{}">{}</td><td>{}<form method="post" action="{}" '
    'class="inline"><input type="hidden" name="csrfmiddlewaretoken" value="{}"><button class="link">{}</button>'
    "</form></td></tr>\n"
)


@register.simple_tag(takes_context=True)
def member_rows(context: template.Context, people: list[dict[str, Any]]) -> SafeString:
    """`<tr>`s for a page of `organizations.selectors.PeoplePage` rows, each with `reset_url` and
    `reveal_url` ("" where no whole NIK may be shown) set by the view.

    Every value is escaped as the template would (Django's `escape` is the standard library's
    `html.escape`, quotes included), by the standard library directly: Django's `format_html` and
    `escape` go through `keep_lazy` and `conditional_escape` for each of the ten values of a row,
    which cost more than the escaping (about 1 ms a page of 50)."""
    labels = (_("NIK"), _("Regency or city"), _("Show NIK"), _("Reset code"))
    nik, regency, show_nik, reset = (escape(label) for label in labels)
    csrf = escape(str(context.get("csrf_token", "")))
    rows = []
    for p in people:
        reveal = f'<a href="{escape(p["reveal_url"])}">{show_nik}</a> · ' if p["reveal_url"] else ""
        rows.append(
            _CELLS.format(
                escape(p["full_name"]),
                nik,
                escape(p["nik_masked"] or "—"),
                regency,
                escape(p["regency"] or "—"),
                reveal,
                escape(p["reset_url"]),
                csrf,
                reset,
            )
        )
    return mark_safe("".join(rows))  # noqa: S308 - every value escaped above


@register.simple_tag(takes_context=True)
def member_head(context: template.Context, org: Organization) -> SafeString:
    """The member list's heading and its links (officers, imports for a union, invitation links, the
    dashboard where the menu offers it, events): made once per process for each organisation's code,
    name and kind, language and URLs, instead of five reversals and five translations a page. Nothing
    in it is the viewer's but whether the dashboard is offered, which is part of the key."""
    offered = context.get("nav_dashboard")
    dashboard = bool(offered() if callable(offered) else offered)
    language = translation.get_language()
    return _head(language, get_urlconf(), get_script_prefix(), org.code, org.name, org.kind, dashboard)


@functools.lru_cache(maxsize=1024)
def _head(language: str, urlconf: Any, prefix: str, code: str, name: str, kind: str, dashboard: bool) -> SafeString:
    links = [(reverse("organizations:officers", args=[code]), _("Officers"))]
    if kind == Organization.Kind.UNION:
        links.append((reverse("outreach:imports", args=[code]), _("Import members")))
    links.append((reverse("outreach:invite_links", args=[code]), _("Invitation links")))
    if dashboard:
        links.append((reverse("insights:dashboard"), _("Dashboard")))
    links.append((reverse("outreach:events"), _("Events")))
    kind_label = str(Organization.Kind(kind).label) if kind in Organization.Kind.values else kind
    parts = [
        escape(kind_label),
        escape(code),
        *(f'<a href="{escape(url)}">{escape(label)}</a>' for url, label in links),
    ]
    return mark_safe(f'<h1>{escape(name)}</h1>\n  <p class="small">{" · ".join(parts)}</p>')  # noqa: S308 - escaped


@receiver(setting_changed)
def _forget(*, setting: str, **kwargs: Any) -> None:
    if setting in {"LANGUAGES", "ROOT_URLCONF", "LANGUAGE_CODE", "LOCALE_PATHS"}:
        _head.cache_clear()
