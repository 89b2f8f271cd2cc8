"""The rows of an employer's lists, made in one pass (issue 13, ADR 0013 "employer's pages").

Up to 100 posts or applicants a page, each a dozen template variables, two or three `{% url %}`,
a `{% csrf_token %}` and several `{% translate %}`: that rendering cost more than the rest of the
page's own work. Here each row is one `str.format`, every value escaped as the template would (the
standard library's `html.escape`, which Django's `escape` is), the labels translated and each link
reversed once per page, dates formatted as the `date` filter formats them (in the current time
zone and language).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from html import escape
from typing import TYPE_CHECKING

from django import template
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from naker.core import fragments

if TYPE_CHECKING:
    from naker.jobs.selectors import ApplicantRow, PostRow

register = template.Library()

_MARK = 2147483647  # an id no row has: each link is reversed once with it, then filled per row


def _link(name: str) -> Callable[[int], str]:
    before, after = (escape(part) for part in reverse(name, args=[_MARK]).split(str(_MARK)))
    return lambda pk: f"{before}{pk}{after}"


def _day(value: date | datetime) -> str:
    """`{{ value|date:"j M Y" }}`: a time in the current time zone, month names in the current language."""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return escape(formats.date_format(value, "j M Y"))


_POST = (
    '<tr data-post="{pk}"><td><a href="{detail}">{title}</a><br><span class="small">{kind} · {closes}</span></td>'
    "<td>{status}{reason}</td><td>{applicants}{hires}</td><td>{karirhub}</td></tr>\n"
)


@register.simple_tag
def post_rows(rows: list[PostRow]) -> SafeString:
    """`<tr>`s of the staff's posts list (`jobs.selectors.newest_posts`). The page is kept for everyone on
    the company's staff (jobs.views.posts): each form holds the CSRF mark the view replaces with the
    request's own field (naker.core.fragments.with_csrf)."""
    detail, applicants, mark = _link("jobs:detail"), _link("jobs:applicants"), _link("jobs:mark_reported")
    not_reported = escape(_("Not reported"))
    mark_button = escape(_("Mark as reported"))
    out = []
    for r in rows:
        if r.reported_to_karirhub_on:
            on = formats.date_format(r.reported_to_karirhub_on, "j M Y")
            karirhub = escape(_("Reported on %(date)s") % {"date": on})
        else:
            karirhub = (
                f'{not_reported}<form method="post" action="{mark(r.pk)}">{fragments.CSRF_MARK}'
                f'<button class="link">{mark_button}</button></form>'
            )
        hires = ngettext("%(n)s hired", "%(n)s hired", r.hires) % {"n": r.hires} if r.hires else ""
        out.append(
            _POST.format(
                pk=r.pk,
                detail=detail(r.pk),
                title=escape(r.title),
                kind=escape(r.get_kind_display()),
                closes=_day(r.closes_on),
                status=escape(r.get_status_display()),
                reason=f'<br><span class="small">{escape(r.review_reason)}</span>' if r.review_reason else "",
                applicants=f'<a href="{applicants(r.pk)}">{r.applicants}</a>',
                hires=f' <span class="small">({escape(hires)})</span>' if hires else "",
                karirhub=karirhub,
            )
        )
    return mark_safe("".join(out))  # noqa: S308 - every value escaped above


_APPLICANT = (
    '<div class="card" data-applicant="{pk}"><h2>{name}</h2><p><strong>{stage}</strong> · '
    '<span class="small">{source} · {applied}</span></p><p class="small">{contact}</p>{message}{certificates}'
    "{form}</div>\n"
)
# the buttons each stage offers, in the page's order: the stage it moves to, from these stages
_MOVES = (
    ("shortlisted", ("applied",)),
    ("interview", ("applied", "shortlisted")),
    ("offered", ("interview",)),
    ("hired", ("offered", "interview")),
)


@register.simple_tag(takes_context=True)
def applicant_cards(context: template.Context, rows: list[ApplicantRow]) -> SafeString:
    """The cards of a post's applicants (`jobs.selectors.applicants_for`), each with the buttons that
    move it on (none once hired or not selected)."""
    move = _link("jobs:move")
    csrf = escape(str(context.get("csrf_token", "")))
    labels = {
        "shortlisted": _("Shortlist"),
        "interview": _("Invite to interview"),
        "offered": _("Make an offer"),
        "hired": _("Hire"),
    }
    buttons = [(stage, escape(labels[stage]), sources) for stage, sources in _MOVES]
    not_selected = escape(_("Not selected"))
    out = []
    for a in rows:
        contact = escape(a.phone or "") + (f" · {escape(a.email)}" if a.email else "")
        if a.has_profile:
            contact += f" · {escape(a.regency or '')} · {escape(a.get_education_display())}"
        certificates = "".join(
            f'<p class="small"><a href="{escape(c["url"])}">{escape(c["title"])}</a> ({escape(c["issuer"])})</p>'
            for c in a.certificates
        )
        form = ""
        if a.stage not in ("hired", "not_selected"):
            offered = "".join(
                f'<button name="stage" value="{stage}">{label}</button>'
                for stage, label, sources in buttons
                if a.stage in sources
            )
            form = (
                f'<form method="post" action="{move(a.pk)}"><input type="hidden" name="csrfmiddlewaretoken" '
                f'value="{csrf}">{offered}<button name="stage" value="not_selected" class="secondary">'
                f"{not_selected}</button></form>"
            )
        out.append(
            _APPLICANT.format(
                pk=a.pk,
                name=escape(a.name),
                stage=escape(a.get_stage_display()),
                source=escape(a.get_source_display()),
                applied=_day(a.applied_at),
                contact=contact,
                message=f"<p>{escape(a.message)}</p>" if a.message else "",
                certificates=certificates,
                form=form,
            )
        )
    return mark_safe("".join(out))  # noqa: S308 - every value escaped above
