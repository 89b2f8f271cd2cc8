"""Reads of the jobs app, each taking the viewer first and returning only what the viewer may see.

- Anyone sees published opportunities (open ones in the list; a closed one by its number).
- A company's staff (officer or admin of it, DESIGN.md §3) and platform admins see every post of the
  company, and its posts' applicants: no one else sees an applicant.
- A worker sees their own applications with each step.
- Officers of unions and chambers see, in their scope, applications and placements as counts
  (`naker.core.disclosure`: cells under 5 hidden, others rounded to 5).
"""

from __future__ import annotations

import datetime
import statistics
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, Max, Prefetch, Q, QuerySet, Value, When
from django.db.models.functions import TruncDate
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from naker.accounts.models import WorkerProfile
from naker.accounts.selectors import is_platform_admin
from naker.core import disclosure, fragments
from naker.core.kept_sql import Kept, prepared_cursor
from naker.credentials import selectors as credential_selectors
from naker.credentials.models import Credential
from naker.jobs import errors
from naker.jobs.models import (
    AgencyLicence,
    Application,
    ApplicationStep,
    AutoApplyRequest,
    Opportunity,
    OpportunitySkill,
    Placement,
    PosterFlag,
    TrainingCommitment,
    stage_counter,
)
from naker.learning import search as learning_search
from naker.organizations import selectors as org_selectors
from naker.organizations.models import Membership, Organization
from naker.regions import selectors as region_selectors

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from naker.accounts.models import User

    Viewer = User | AnonymousUser

PAGE_SIZE = 20

# What every viewer sees alike of the open opportunities (the list's pages, the API's, the cards of a
# person's matches) is kept a short time under keys holding this generation and the day (closing dates
# and licences end with the day). Any write to an opportunity, its skills, an agency's licence or an
# employer's or chamber's name bumps it (apps.py; services after bulk updates): a new or changed post
# shows at once in this process, and in the others within SHARED_SECONDS with the per-process local
# cache (at once with Redis). Issue 13.
OPPORTUNITIES = fragments.Generation("jobs:opportunities")
SHARED_SECONDS = 60


def shared_key(prefix: str, *parts: object) -> str:
    """A key for something built from the open opportunities alone (the same for every viewer)."""
    return fragments.key(f"naker:jobs:{prefix}", OPPORTUNITIES.current(), today(), translation.get_language(), *parts)


FINAL_STAGES = (Application.Stage.HIRED, Application.Stage.NOT_SELECTED, Application.Stage.WITHDRAWN)
# The employer's stages, in order: an application moves forward (skipping is allowed) or out.
STAGE_ORDER: list[str] = [
    Application.Stage.APPLIED,
    Application.Stage.SHORTLISTED,
    Application.Stage.INTERVIEW,
    Application.Stage.OFFERED,
    Application.Stage.HIRED,
]

# Destinations of Indonesian migrant workers (BP2MI placement statistics' main countries) with the
# currency their pay is usually stated in. ISO 3166-1 alpha-2 / ISO 4217.
DESTINATIONS: dict[str, tuple[str, str]] = {
    "MY": ("Malaysia", "MYR"),
    "TW": ("Taiwan", "TWD"),
    "HK": ("Hong Kong", "HKD"),
    "SG": ("Singapura", "SGD"),
    "JP": ("Jepang", "JPY"),
    "KR": ("Korea Selatan", "KRW"),
    "SA": ("Arab Saudi", "SAR"),
    "AE": ("Uni Emirat Arab", "AED"),
    "QA": ("Qatar", "QAR"),
    "KW": ("Kuwait", "KWD"),
    "OM": ("Oman", "OMR"),
    "BH": ("Bahrain", "BHD"),
    "BN": ("Brunei Darussalam", "BND"),
    "DE": ("Jerman", "EUR"),
    "NL": ("Belanda", "EUR"),
    "PL": ("Polandia", "PLN"),
    "IT": ("Italia", "EUR"),
    "GB": ("Inggris", "GBP"),
    "AU": ("Australia", "AUD"),
    "NZ": ("Selandia Baru", "NZD"),
    "US": ("Amerika Serikat", "USD"),
    "CA": ("Kanada", "CAD"),
    "TR": ("Turki", "TRY"),
}
CURRENCIES = frozenset({"IDR", *(currency for _name, currency in DESTINATIONS.values())})


def country_name(code: str) -> str:
    return DESTINATIONS.get(code, (code, ""))[0]


def today() -> datetime.date:
    return timezone.localdate()


# --- who may do what -------------------------------------------------------------------------------


def employer(code: str) -> Organization:
    org = org_selectors.organization(code)
    if org is None or org.kind != Organization.Kind.COMPANY:
        raise errors.EmployerNotFound()
    return org


def is_staff_of(viewer: Viewer, org: Organization) -> bool:
    """An officer or admin of the company (or a platform admin)."""
    return org.kind == Organization.Kind.COMPANY and org_selectors.role_in(viewer, org) is not None


def employer_for_staff(viewer: Viewer, code: str) -> Organization:
    org = employer(code)
    if not is_staff_of(viewer, org):
        raise errors.NotEmployerStaff()
    return org


def employers_of(viewer: Viewer) -> list[Organization]:
    """The companies the viewer works for as an officer or admin (the menu's "Employer" entries)."""
    return [o for o in org_selectors.managed_by(viewer) if o.kind == Organization.Kind.COMPANY]


def unions_of(viewer: Viewer) -> list[Organization]:
    return [o for o in org_selectors.managed_by(viewer) if o.kind == Organization.Kind.UNION]


def chambers_of(viewer: Viewer) -> list[Organization]:
    return [o for o in org_selectors.managed_by(viewer) if o.kind == Organization.Kind.CHAMBER]


def chamber_covers(chamber: Organization, company: Organization) -> bool:
    """Whether the chamber's region holds the company (Kadin Indonesia holds every company)."""
    if chamber.level == Organization.Level.NATIONAL:
        return True
    province = company.province_id or (company.regency_id or "").split(".")[0] or None
    if chamber.level == Organization.Level.PROVINCE:
        return bool(province) and chamber.province_id == province
    if chamber.level == Organization.Level.REGENCY:
        return bool(company.regency_id) and chamber.regency_id == company.regency_id
    return False


def licence_of(agency: Organization) -> AgencyLicence | None:
    return AgencyLicence.objects.filter(agency=agency).first()


def valid_licence(agency: Organization, day: datetime.date | None = None) -> AgencyLicence | None:
    found = licence_of(agency)
    return found if found is not None and found.is_valid_on(day or today()) else None


# --- opportunities ----------------------------------------------------------------------------------


def _with_related(qs: QuerySet[Opportunity]) -> QuerySet[Opportunity]:
    return qs.select_related("employer", "regency", "province", "licence", "vouched_by").prefetch_related(
        Prefetch("skills", queryset=OpportunitySkill.objects.select_related("skill").order_by("-required", "id"))
    )


def open_filter(day: datetime.date | None = None) -> Q:
    """Published, not past its closing date, and (abroad) its agency's licence still valid."""
    day = day or today()
    return Q(status=Opportunity.Status.PUBLISHED, closes_on__gte=day) & (
        ~Q(kind=Opportunity.Kind.ABROAD) | Q(licence__valid_until__gte=day, licence__valid_from__lte=day)
    )


def open_opportunities() -> QuerySet[Opportunity]:
    return Opportunity.objects.filter(open_filter())


def is_open(opportunity: Opportunity, day: datetime.date | None = None) -> bool:
    """Takes applications now: checked on every application, not only by the nightly job."""
    day = day or today()
    if opportunity.status != Opportunity.Status.PUBLISHED or opportunity.closes_on < day:
        return False
    if opportunity.kind == Opportunity.Kind.ABROAD:
        return opportunity.licence is not None and opportunity.licence.is_valid_on(day)
    return True


class _EveryWord:
    """Opportunities have no index and no vocabulary of their own: every word of a query is looked
    for as typed (the course vocabulary would drop words only job posts use), none is completed or
    corrected."""

    def known(self, terms: set[str]) -> set[str]:
        return set(terms)

    def starting(self, prefix: str) -> list[str]:
        return []

    def near(self, word: str, max_distance: int) -> list[tuple[str, int]]:
        return []


def _holds(field: str, terms: frozenset[str]) -> Q:
    """The field holds any of the terms (a group of words: all of them)."""
    either = Q()
    for term in sorted(terms):
        group = Q()
        for word in term.split():
            group &= Q(**{f"{field}__icontains": word})
        either |= group
    return either


def text_match(q: str) -> tuple[Q, Any]:
    """Opportunities holding any thing the worker asked for, read by the course search's analyser
    (learning.search.analyse_query: the lexicon's slang, English and brand words, its stemmer
    exceptions and stop words: "ngelas" and "welding" find "Juru Las", "pengelasan" finds "las"), and
    how well each answers: per concept 2 when the title holds it, 1 when only the description does.
    Small, so it can become a full-text index like the courses' when the number of posts asks for one."""
    analysed = learning_search.analyse_query(q, vocabulary=_EveryWord())
    condition = Q(pk__in=[])
    relevance: Any = Value(0)
    for concept in analysed.searchable:
        in_title, in_text = _holds("title", concept.terms), _holds("description", concept.terms)
        condition |= in_title | in_text
        relevance += Case(When(in_title, then=Value(2)), When(in_text, then=Value(1)), default=Value(0))
    return condition, relevance


@dataclass
class OpportunityFilters:
    q: str = ""
    kind: str = ""
    regency: str = ""
    province: str = ""
    remote: bool = False
    page: int = 1


def search_opportunities(f: OpportunityFilters) -> Page:
    """One page of open opportunities: with words, those answering most of them first, then newest."""
    qs = open_opportunities()
    order = ["-published_at", "-id"]
    if f.q.strip():
        condition, relevance = text_match(f.q)
        qs = qs.filter(condition).annotate(relevance=relevance)
        order.insert(0, "-relevance")
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.regency:
        qs = qs.filter(regency_id=f.regency)
    elif f.province:
        qs = qs.filter(province_id=f.province)
    if f.remote:
        qs = qs.filter(remote=True)
    qs = _with_related(qs).order_by(*order)
    return Paginator(qs, PAGE_SIZE).get_page(f.page)  # type: ignore[misc]


def opportunity_for(viewer: Viewer, opportunity_id: int) -> Opportunity:
    """A published opportunity to anyone; any other to its company's staff and platform admins."""
    found = _with_related(Opportunity.objects.filter(pk=opportunity_id)).first()
    if found is None:
        raise errors.OpportunityNotFound()
    if found.status == Opportunity.Status.PUBLISHED:
        return found
    if is_staff_of(viewer, found.employer):
        return found
    raise errors.OpportunityNotFound()


def opportunity_for_staff(viewer: Viewer, opportunity_id: int) -> Opportunity:
    found = _with_related(Opportunity.objects.filter(pk=opportunity_id)).first()
    if found is None:
        raise errors.OpportunityNotFound()
    if not is_staff_of(viewer, found.employer):
        raise errors.NotEmployerStaff()
    return found


# --- the employer's pages: access from few rows, one statement per list (issue 13, fifth pass) -----------

# At most this many posts and applicants a page (the newest posts; the applicants in the order they
# applied, then `after=` the last one shown): a page costs the same however many there are.
POSTS_SHOWN = 100
APPLICANTS_SHOWN = 100


def _access_rows(viewer: Viewer, first_sql: str, first_params: list[Any]) -> tuple[tuple[Any, ...] | None, set[str]]:
    """One statement: the row `first_sql` reads (its second column the employer's id, its third the
    employer's kind, its fourth the employer's path) and the viewer's officer or admin memberships
    (their organisations' codes), to decide in Python whether the viewer is staff of the employer as
    `is_staff_of` does: an officer or admin there or above, or a platform admin."""
    mine = ""
    params = list(first_params)
    if viewer.is_authenticated and not viewer.is_staff:
        m, o = Membership._meta.db_table, Organization._meta.db_table
        arm = "SELECT 'm', NULL, m.role, org.code, NULL, NULL, NULL, NULL"
        on = "org.id = m.organization_id WHERE m.user_id = %s AND m.role IN (%s, %s)"
        mine = f" UNION ALL {arm} FROM {m} m INNER JOIN {o} org ON {on}"  # tables from the models
        params += [viewer.pk, *(str(r) for r in org_selectors.OFFICER_ROLES)]
    with prepared_cursor() as cursor:  # texts made once per shape: planned once per connection
        cursor.execute(first_sql + mine, params)
        rows = cursor.fetchall()
    found = next((r for r in rows if r[0] == "t"), None)
    return found, {r[3] for r in rows if r[0] == "m"}


def _is_staff(viewer: Viewer, kind: str, path: str, offices: set[str]) -> bool:
    """is_staff_of, from the rows read: a company's officer or admin, there or above; a platform admin."""
    if kind != Organization.Kind.COMPANY or not viewer.is_authenticated:
        return False
    if viewer.is_staff:
        return True
    return any(c in offices for c in path.split("/") if c)


def _employer_sql() -> str:
    o = Organization._meta.db_table
    arm = "SELECT 't', o.id, o.kind, o.path, o.code, o.name, NULL, NULL"
    return f"{arm} FROM {o} o WHERE o.code = %s"  # the table from the model, the code a parameter


def staff_employer(viewer: Viewer, code: str) -> Organization:
    """employer_for_staff in one statement: the company and the viewer's offices."""
    found, roles = _access_rows(viewer, _employer_sql(), [code])
    if found is None or found[2] != Organization.Kind.COMPANY:
        raise errors.EmployerNotFound()
    if not _is_staff(viewer, found[2], found[3], roles):
        raise errors.NotEmployerStaff()
    return Organization(id=found[1], kind=found[2], path=found[3], code=found[4], name=found[5])


@dataclass
class StaffPost:
    """A post as its staff's applicants page shows it: the title and status, its company."""

    pk: int
    title: str
    status: str
    employer: Organization

    def get_status_display(self) -> str:
        return str(Opportunity.Status(self.status).label)


def staff_post(viewer: Viewer, opportunity_id: int) -> StaffPost:
    """opportunity_for_staff in one statement, reading only what the applicants' page shows."""
    p, o = Opportunity._meta.db_table, Organization._meta.db_table
    arm = "SELECT 't', o.id, o.kind, o.path, o.code, o.name, p.title, p.status"
    sql = f"{arm} FROM {p} p INNER JOIN {o} o ON o.id = p.employer_id WHERE p.id = %s"  # tables from the models
    found, roles = _access_rows(viewer, sql, [opportunity_id])
    if found is None:
        raise errors.OpportunityNotFound()
    if not _is_staff(viewer, found[2], found[3], roles):
        raise errors.NotEmployerStaff()
    org = Organization(id=found[1], kind=found[2], path=found[3], code=found[4], name=found[5])
    return StaffPost(opportunity_id, found[6], found[7], org)


POST_FIELDS = (
    "id",
    "title",
    "kind",
    "status",
    "review_reason",
    "closes_on",
    "reported_to_karirhub_on",
    "created_at",
    "regency__name",
    "province__name",
    "remote",
    "pay_min",
    "pay_max",
    "currency",
    "pay_basis",
    "vouched_by__name",
    "destination_country",
    "licence__valid_from",
    "licence__valid_until",
    *(stage_counter(s) for s in Application.Stage.values),
)


@dataclass
class PostRow:
    """A post as its staff's list shows it (page and API), read as values with its applications per
    stage from the post's own counters (no model instances)."""

    pk: int
    title: str
    kind: str
    status: str
    review_reason: str
    closes_on: datetime.date
    reported_to_karirhub_on: datetime.date | None
    created_at: datetime.datetime
    regency: str | None
    province: str | None
    remote: bool
    pay_min: int | None
    pay_max: int | None
    currency: str
    pay_basis: str
    vouched_by: str | None
    destination_country: str
    open: bool
    applicants: int
    hires: int
    by_stage: dict[str, int]

    def get_kind_display(self) -> str:
        return str(Opportunity.Kind(self.kind).label)

    def get_status_display(self) -> str:
        return str(Opportunity.Status(self.status).label)

    @property
    def cursor(self) -> str:
        return _cursor_of(self.created_at, self.pk)


EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def _cursor_of(at: datetime.datetime, pk: int) -> str:
    return f"{(at - EPOCH) // datetime.timedelta(microseconds=1)}.{pk}"


def _read_cursor(cursor: str) -> tuple[datetime.datetime, int] | None:
    """The time and id a cursor names (`<µs since 1970>.<id>`); None if it was not made here."""
    micros, _dot, pk = (cursor or "").partition(".")
    # at most 16 digits of µs (year 2286) and 18 of id (a bigint): a longer cursor was not made here
    if not (micros.isdigit() and pk.isdigit() and len(micros) <= 16 and len(pk) <= 18):
        return None
    return EPOCH + datetime.timedelta(microseconds=int(micros)), int(pk)


def _posts(employer_id: int, more: Q, limit: int) -> QuerySet[Any]:
    return (
        Opportunity.objects.filter(more, employer_id=employer_id)
        .order_by("-created_at", "-id")
        .values_list(*POST_FIELDS)[:limit]
    )


# the posts' statements, made once per process (naker.core.kept_sql): (how many, after a cursor) -> statement
_POSTS: dict[tuple[int, bool], Kept[Any]] = {}
_SAMPLE_AT = datetime.datetime(2001, 2, 3, 4, 5, 6, tzinfo=datetime.UTC)


def _keyset_statement(
    made: dict[tuple[int, bool], Kept[Any]],
    read: Callable[[int, Q, int], QuerySet[Any]],
    at_field: str,
    *,
    newest_first: bool,
    limit: int,
    after: bool,
) -> Kept[Any]:
    """A list's statement made once per process for its size and whether it starts after a cursor
    (keyset on (`at_field`, id): older than the cursor when the newest come first, else newer)."""
    found = made.get((limit, after))
    if found is None:
        if after:
            op = "lt" if newest_first else "gt"
            found = Kept(
                lambda owner, at, pk: read(
                    owner, Q(**{f"{at_field}__{op}": at}) | Q(**{at_field: at, f"id__{op}": pk}), limit
                ),
                3,
                _SAMPLE_AT,
                5,
            )
        else:
            found = Kept(lambda owner: read(owner, Q(), limit), 3)
        made[(limit, after)] = found
    return found


def _posts_statement(limit: int, after: bool) -> Kept[Any]:
    return _keyset_statement(_POSTS, _posts, "created_at", newest_first=True, limit=limit, after=after)


_STAGES = tuple(Application.Stage.values)
_COUNTED = len(POST_FIELDS) - len(_STAGES)


def posts_of(viewer: Viewer, code: str, after: str = "") -> tuple[Organization, list[PostRow]]:
    """The company's newest POSTS_SHOWN posts (after the one `after` names, a cursor), each with its
    applicants per stage (staff only): the access in one statement, the posts with their counts in
    another, made once per process, on the index `opportunity_employer_newest`. The counts are the
    post's own counters (`Opportunity.applicants_<stage>`), so a page costs the same however many
    applications its posts have."""
    org = staff_employer(viewer, code)
    return org, newest_posts(org, after)


def newest_posts(org: Organization, after: str = "") -> list[PostRow]:
    """posts_of for a company whose staff the viewer was found to be (staff_employer)."""
    cursor = _read_cursor(after)
    if cursor is None:
        found = _posts_statement(POSTS_SHOWN, False).rows(org.pk)
    else:
        found = _posts_statement(POSTS_SHOWN, True).rows(org.pk, *cursor)
    day = today()
    withdrawn, hired, abroad = Application.Stage.WITHDRAWN, Application.Stage.HIRED, Opportunity.Kind.ABROAD
    rows = []
    for r in found:
        by_stage = {s: n for s, n in zip(_STAGES, r[_COUNTED:], strict=True) if n}
        open_now = r[3] == Opportunity.Status.PUBLISHED and r[5] >= day
        if open_now and r[2] == abroad:
            open_now = r[17] is not None and r[17] <= day <= r[18]
        rows.append(
            PostRow(
                pk=r[0],
                title=r[1],
                kind=r[2],
                status=r[3],
                review_reason=r[4],
                closes_on=r[5],
                reported_to_karirhub_on=r[6],
                created_at=r[7],
                regency=r[8],
                province=r[9],
                remote=r[10],
                pay_min=r[11],
                pay_max=r[12],
                currency=r[13],
                pay_basis=r[14],
                vouched_by=r[15],
                destination_country=r[16],
                open=open_now,
                applicants=sum(n for s, n in by_stage.items() if s != withdrawn),
                hires=by_stage.get(hired, 0),
                by_stage=by_stage,
            )
        )
    return rows


def pending_review(viewer: Viewer) -> QuerySet[Opportunity]:
    """Posts waiting for the platform admin's review, oldest first."""
    if not is_platform_admin(viewer):
        raise errors.NotPlatformAdmin()
    return _with_related(Opportunity.objects.filter(status=Opportunity.Status.PENDING)).order_by("created_at", "id")


def open_flags(viewer: Viewer) -> QuerySet[PosterFlag]:
    if not is_platform_admin(viewer):
        raise errors.NotPlatformAdmin()
    return (
        PosterFlag.objects.filter(resolved_at__isnull=True)
        .select_related("employer", "union", "opportunity", "flagged_by")
        .order_by("created_at", "id")
    )


def flag_counts(employer_ids: list[int]) -> dict[int, int]:
    return dict(
        PosterFlag.objects.filter(employer_id__in=employer_ids, resolved_at__isnull=True)
        .values("employer_id")
        .annotate(n=Count("id"))
        .values_list("employer_id", "n")
    )


def commitment_of(opportunity: Opportunity) -> TrainingCommitment | None:
    return (
        TrainingCommitment.objects.filter(opportunity=opportunity)
        .select_related("sponsored_course", "sponsored_course__provider")
        .prefetch_related("courses", "courses__provider")
        .first()
    )


def auto_apply_requested(viewer: Viewer, commitment: TrainingCommitment | None) -> bool:
    if commitment is None or not viewer.is_authenticated:
        return False
    return AutoApplyRequest.objects.filter(commitment=commitment, worker_id=viewer.pk).exists()


def commitments_for_course(course_id: int) -> list[TrainingCommitment]:
    """Open opportunities' commitments whose path holds the course (shown on the course page)."""
    return list(
        TrainingCommitment.objects.filter(courses__id=course_id, opportunity__in=open_opportunities())
        .select_related("opportunity", "opportunity__employer")
        .order_by("interview_by", "id")[:5]
    )


COURSE_NOTICES_SECONDS = 60


def course_notices(event: Any) -> list[dict[str, str]]:
    """Subscriber of learning's CourseNoticesRequested: the train-to-hire offers on a course page.
    The same for everyone who opens the course: kept a minute per course and language (issue 13)."""
    key = f"naker:jobs:course-notices:{event.course_id}:{translation.get_language()}"
    found = cache.get(key)
    if found is None:
        found = _course_notices(event.course_id)
        cache.set(key, found, COURSE_NOTICES_SECONDS)
    return list(found)


def _course_notices(course_id: int) -> list[dict[str, str]]:
    notices = []
    for c in commitments_for_course(course_id):
        text = _(
            "%(employer)s will interview everyone who completes this training path by %(date)s for “%(title)s”."
        ) % {
            "employer": c.opportunity.employer.name,
            "date": c.interview_by.strftime("%d/%m/%Y"),
            "title": c.opportunity.title,
        }
        notices.append({"text": text, "url": f"/lowongan/{c.opportunity_id}/"})
    return notices


# --- applications -----------------------------------------------------------------------------------


def _steps() -> Prefetch[Any]:
    return Prefetch("steps", queryset=ApplicationStep.objects.order_by("at", "id"))


def applications_of(viewer: Viewer) -> QuerySet[Application]:
    """The worker's own applications, newest first, with each step and its date."""
    if not viewer.is_authenticated:
        return Application.objects.none()
    return (
        Application.objects.filter(worker_id=viewer.pk)
        .select_related("opportunity", "opportunity__employer", "opportunity__regency")
        .prefetch_related(_steps())
        .order_by("-applied_at", "-id")
    )


@dataclass(frozen=True)
class ApplicationCard:
    """One of the worker's applications as their list shows it. A new step always comes with a new
    stage and `changed_at`, in the same transaction (services._step): the card names its steps."""

    id: int
    opportunity_id: int
    title: str
    employer: str
    stage: str
    source: str
    changed_at: datetime.datetime


CARD_FIELDS = (
    "id",
    "opportunity_id",
    "opportunity__title",
    "opportunity__employer__name",
    "stage",
    "source",
    "stage_changed_at",
)


def application_cards(viewer: Viewer) -> list[ApplicationCard]:
    """The worker's own applications, newest first, as plain values (one query)."""
    if not viewer.is_authenticated:
        return []
    return [ApplicationCard(*row) for row in _CARDS.rows(viewer.pk)]


def _cards(worker_id: int) -> QuerySet[Application]:
    return Application.objects.filter(worker_id=worker_id).order_by("-applied_at", "-id").values_list(*CARD_FIELDS)  # type: ignore[return-value]


# made once per process (naker.core.kept_sql)
_CARDS: Kept[Application] = Kept(_cards, 2_000_000_043)


def steps_of(application_ids: list[int]) -> dict[int, list[tuple[str, datetime.datetime]]]:
    """(stage, when) of each application's steps, in order."""
    found: dict[int, list[tuple[str, datetime.datetime]]] = {}
    rows = ApplicationStep.objects.filter(application_id__in=application_ids).order_by("at", "id")
    for application_id, stage, at in rows.values_list("application_id", "stage", "at"):
        found.setdefault(application_id, []).append((stage, at))
    return found


def application_of_worker(viewer: Viewer, opportunity: Opportunity) -> Application | None:
    if not viewer.is_authenticated:
        return None
    return Application.objects.filter(worker_id=viewer.pk, opportunity=opportunity).first()


@dataclass
class ApplicantRow:
    """An applicant as the post's staff see them, read as values (no model instances)."""

    pk: int
    name: str
    phone: str | None
    email: str | None
    has_profile: bool
    regency: str | None
    education: str
    stage: str
    source: str
    message: str
    applied_at: datetime.datetime
    worker_id: int
    credential_ids: list[str]
    certificates: list[dict[str, str]] = field(default_factory=list)
    steps: list[dict[str, Any]] = field(default_factory=list)

    def get_stage_display(self) -> str:
        return str(Application.Stage(self.stage).label)

    def get_source_display(self) -> str:
        return str(Application.Source(self.source).label)

    def get_education_display(self) -> str:
        return str(WorkerProfile.Education(self.education).label) if self.education else ""

    @property
    def cursor(self) -> str:
        return _cursor_of(self.applied_at, self.pk)


APPLICANT_FIELDS = (
    "id",
    "worker__full_name",
    "worker__phone",
    "worker__email",
    "worker__worker__user_id",
    "worker__worker__regency__name",
    "worker__worker__education",
    "stage",
    "source",
    "message",
    "applied_at",
    "worker_id",
    "credential_ids",
)


def _applications_listed(opportunity_id: int, more: Q) -> QuerySet[Application]:
    """The post's applications its staff see (never withdrawn ones, never erased accounts), in the
    order they applied."""
    return (
        Application.objects.filter(more, opportunity_id=opportunity_id, worker__erased_at__isnull=True)
        .exclude(stage=Application.Stage.WITHDRAWN)
        .order_by("applied_at", "id")
    )


def _applicants(opportunity_id: int, more: Q, limit: int) -> QuerySet[Any]:
    return _applications_listed(opportunity_id, more).values_list(*APPLICANT_FIELDS)[:limit]


STEP_FIELDS = ("application_id", "stage", "at", "note")


def _applicants_steps(opportunity_id: int, more: Q, limit: int) -> QuerySet[Any]:
    """The steps of the applications `_applicants` reads with the same arguments (that page, as a
    subquery on the same index), in order."""
    page = _applications_listed(opportunity_id, more).values("id")[:limit]
    return ApplicationStep.objects.filter(application_id__in=page).order_by("at", "id").values_list(*STEP_FIELDS)


# the applicants' statements and their steps', made once per process (naker.core.kept_sql):
# (how many, after a cursor) -> statement
_APPLICANTS: dict[tuple[int, bool], Kept[Any]] = {}
_APPLICANTS_STEPS: dict[tuple[int, bool], Kept[Any]] = {}


def _applicants_statement(limit: int, after: bool, *, steps: bool = False) -> Kept[Any]:
    made, read = (_APPLICANTS_STEPS, _applicants_steps) if steps else (_APPLICANTS, _applicants)
    return _keyset_statement(made, read, "applied_at", newest_first=False, limit=limit, after=after)


def _applicant_rows(
    found: Iterable[tuple[Any, ...]], steps: Iterable[tuple[Any, ...]] | None = None
) -> list[ApplicantRow]:
    """The rows read (APPLICANT_FIELDS), with the certificates each worker chose to show and, when
    `steps` are given (STEP_FIELDS, in order), each application's steps."""
    rows = [
        ApplicantRow(
            pk=r[0],
            name=r[1],
            phone=r[2],
            email=r[3],
            has_profile=r[4] is not None,
            regency=r[5],
            education=r[6] or "",
            stage=r[7],
            source=r[8],
            message=r[9],
            applied_at=r[10],
            worker_id=r[11],
            credential_ids=list(r[12] or []),
        )
        for r in found
    ]
    _with_certificates(rows)
    if steps is not None and rows:
        by_application: dict[int, list[dict[str, Any]]] = {}
        for application_id, stage, at, note in steps:
            by_application.setdefault(application_id, []).append({"stage": stage, "at": at, "note": note})
        for r in rows:
            r.steps = by_application.get(r.pk, [])
    return rows


def _with_certificates(rows: list[ApplicantRow]) -> None:
    """The certificates each worker chose to show with their application (title, issuer, verify
    page), newest first: only the worker's own, never one revoked since; one query for every row, none
    when no one chose any."""
    wanted = {str(c) for r in rows for c in r.credential_ids}
    if not wanted:
        return
    by_worker = {r.worker_id: r for r in rows}
    for public_id, holder_id, title, issuer in (
        Credential.objects.filter(holder_id__in=list(by_worker), public_id__in=list(wanted), revoked_at__isnull=True)
        .order_by("-issued_at", "-id")
        .values_list("public_id", "holder_id", "title", "issuer_name")
    ):
        row = by_worker[holder_id]
        if str(public_id) in {str(c) for c in row.credential_ids}:
            row.certificates.append(
                {"id": str(public_id), "title": title, "issuer": issuer, "url": f"/verify/{public_id}"}
            )


def applicants_for(
    viewer: Viewer, opportunity_id: int, after: str = "", *, steps: bool = False
) -> tuple[StaffPost, list[ApplicantRow]]:
    """An opportunity's applicants (never withdrawn ones, never erased accounts), at most
    APPLICANTS_SHOWN from `after` (a cursor) in the order they applied: its staff only."""
    post = staff_post(viewer, opportunity_id)
    args = (opportunity_id, *(_read_cursor(after) or ()))
    found = list(_applicants_statement(APPLICANTS_SHOWN, len(args) > 1).rows(*args))
    if not steps or not found:
        return post, _applicant_rows(found)
    return post, _applicant_rows(found, _applicants_statement(APPLICANTS_SHOWN, len(args) > 1, steps=True).rows(*args))


def applicant(viewer: Viewer, application_id: int) -> ApplicantRow:
    """One applicant of a post, as its staff see them."""
    found = application_for_staff(viewer, application_id)
    steps = ApplicationStep.objects.filter(application_id=application_id).order_by("at", "id")
    rows = _applicant_rows(_applicants(found.opportunity_id, Q(pk=application_id), 1), steps.values_list(*STEP_FIELDS))
    if not rows:
        raise Application.DoesNotExist()
    return rows[0]


def flag(flag_id: int) -> PosterFlag | None:
    return PosterFlag.objects.select_related("employer", "union", "opportunity").filter(pk=flag_id).first()


def application_for_staff(viewer: Viewer, application_id: int) -> Application:
    found = (
        Application.objects.filter(pk=application_id, worker__erased_at__isnull=True)
        .select_related("opportunity", "opportunity__employer", "worker")
        .first()
    )
    if found is None:
        raise errors.ApplicationNotFound()
    if not is_staff_of(viewer, found.opportunity.employer):
        raise errors.NotEmployerStaff()
    return found


def application_of(viewer: Viewer, application_id: int) -> Application:
    """The worker's own application; anyone else's is not found."""
    found = applications_of(viewer).filter(pk=application_id).first()
    if found is None:
        raise errors.ApplicationNotFound()
    return found


def own_credentials(viewer: Viewer) -> list[tuple[str, str]]:
    """(public id, title) of the worker's certificates in force, to choose from when applying."""
    return [
        (str(c.public_id), c.title) for c in credential_selectors.credentials_of(viewer).filter(revoked_at__isnull=True)
    ]


# --- the employer's dashboard ------------------------------------------------------------------------


@dataclass
class EmployerDashboard:
    employer: Organization
    posts_by_status: dict[str, int]
    applicants_by_stage: dict[str, int]
    median_days_to_hire: float | None
    hires: int
    hires_by_course: list[tuple[str, int]]


# The dashboard's figures read every post, application and placement of the company: they are kept
# under the company's generation (any save or delete of one of its posts, applications or placements,
# apps.py) and the erasures' (an erased account's applications leave the figures), per language (the
# "no course" label). Another process sees a change within BOARD_SECONDS with the local-memory cache.
BOARD_ERASURES = fragments.Generation("jobs:board:erasures")
BOARD_SECONDS = 60


def board_generation(employer_id: int) -> fragments.Generation:
    return fragments.Generation(f"jobs:board:{employer_id}")


def posts_page_key(org: Organization) -> str:
    """The key of a company's posts page as its staff see it (the dashboard and the newest posts, with a
    mark for the CSRF field): the company's generation and the erasures' (every save or delete of its
    posts, applications, placements: the rows' statuses, review reasons, Karirhub dates and counts per
    stage move only with those), the language (labels, month names) and the day (kept across midnight,
    a post's closing would not show)."""
    return fragments.key(
        "naker:jobs:posts",
        org.pk,
        org.code,
        board_generation(org.pk).current(),
        BOARD_ERASURES.current(),
        translation.get_language(),
        today(),
    )


def employer_dashboard(viewer: Viewer, code: str) -> EmployerDashboard:
    return board_of(staff_employer(viewer, code))


def board_of(org: Organization) -> EmployerDashboard:
    """The dashboard of a company whose staff the viewer was found to be (staff_employer)."""
    key = fragments.key(
        "naker:jobs:board",
        org.pk,
        board_generation(org.pk).current(),
        BOARD_ERASURES.current(),
        translation.get_language(),
    )
    kept = cache.get(key)
    if kept is None:
        kept = _board(org)
        cache.set(key, kept, BOARD_SECONDS)
    kept.employer = org
    return kept


def _board(org: Organization) -> EmployerDashboard:
    posts = dict(
        Opportunity.objects.filter(employer=org).values("status").annotate(n=Count("id")).values_list("status", "n")
    )
    stages = dict(
        Application.objects.filter(opportunity__employer=org, worker__erased_at__isnull=True)
        .values("stage")
        .annotate(n=Count("id"))
        .values_list("stage", "n")
    )
    placements = Placement.objects.filter(employer=org)
    durations = [
        (p.hired_at - p.application.applied_at).total_seconds() / 86400
        for p in placements.select_related("application")
        if p.application is not None
    ]
    by_course = Counter(
        title or _("No course on the platform") for title in placements.values_list("source_course__title", flat=True)
    )
    return EmployerDashboard(
        employer=org,
        posts_by_status={s: posts.get(s, 0) for s in Opportunity.Status.values},
        applicants_by_stage={s: stages.get(s, 0) for s in Application.Stage.values},
        median_days_to_hire=round(statistics.median(durations), 1) if durations else None,
        hires=placements.count(),
        hires_by_course=by_course.most_common(),
    )


# --- Karirhub report (Perpres 57/2023) ----------------------------------------------------------------

# The fields Perpres 57/2023 on the duty to report vacancies asks of each report (Pasal 5: the
# employer's identity; the job's name and number of workers needed; how long the vacancy stands; the
# job's information: age, sex, education, skills or competence, work experience, pay, the work
# location and other information; Pasal 6: report when the vacancy is filled), in the Indonesian
# words of the SIAPkerja/Karirhub vacancy form. See docs/decisions/0014-jobs.md.
KARIRHUB_COLUMNS = [
    "Nama Pemberi Kerja",
    "Sektor (KBLI)",
    "Domisili Pemberi Kerja",
    "Nomor Lowongan",
    "Nama Jabatan",
    "Jenis Lowongan",
    "Jenis Hubungan Kerja",
    "Jumlah Kebutuhan",
    "Tanggal Dibuka",
    "Tanggal Ditutup",
    "Batas Usia",
    "Jenis Kelamin",
    "Pendidikan Minimal",
    "Keterampilan / Kompetensi Wajib",
    "Keterampilan Tambahan",
    "Pengalaman Kerja (tahun)",
    "Upah Minimal",
    "Upah Maksimal",
    "Mata Uang",
    "Satuan Upah",
    "Lokasi Kerja (Kabupaten/Kota)",
    "Provinsi",
    "Kerja Jarak Jauh",
    "Negara Tujuan",
    "Nomor SIP3MI",
    "Deskripsi Pekerjaan",
    "Status Lowongan",
    "Jumlah Terisi",
    "Dilaporkan ke Karirhub",
]

_KIND_ID = {"job": "Pekerjaan", "apprenticeship": "Pemagangan", "side_gig": "Kerja Lepas", "abroad": "Luar Negeri"}
_EMPLOYMENT_ID = {"full_time": "Penuh Waktu", "part_time": "Paruh Waktu", "contract": "Kontrak (PKWT)"}
_PAY_BASIS_ID = {"month": "per bulan", "piece": "per satuan", "project": "per proyek"}
_EDUCATION_ID = {
    "": "Tidak dibatasi",
    "none": "Tidak dibatasi",
    "sd": "SD",
    "smp": "SMP",
    "sma": "SMA/MA",
    "smk": "SMK",
    "diploma": "Diploma (D1-D3)",
    "bachelor": "Sarjana (D4/S1)",
    "postgraduate": "Pascasarjana (S2/S3)",
}


def _status_id(o: Opportunity, hires: int, today: datetime.date) -> str:
    if hires >= o.openings:
        return "Terisi"
    if o.status == Opportunity.Status.PUBLISHED and o.closes_on >= today:
        return "Dibuka"
    if o.status == Opportunity.Status.PENDING:
        return "Menunggu tinjauan"
    if o.status == Opportunity.Status.REJECTED:
        return "Ditolak"
    return "Ditutup"


def karirhub_rows(viewer: Viewer, code: str) -> tuple[Organization, list[list[Any]]]:
    """Every post of the company as one row of the Karirhub vacancy report, header first (all of them:
    not the posts page's newest POSTS_SHOWN; the company read whole, its sector and domicile are in
    the report)."""
    org = employer_for_staff(viewer, code)
    posts = _with_related(Opportunity.objects.filter(employer_id=org.pk)).order_by("-created_at", "-id")
    day = today()
    place = ", ".join(p for p in [getattr(org.regency, "name", ""), getattr(org.province, "name", "")] if p)
    rows: list[list[Any]] = [list(KARIRHUB_COLUMNS)]
    for o in posts:
        skills = list(o.skills.all())
        hires = o.applicants_hired
        rows.append(
            [
                org.name,
                f"{org.sector_id} {org.sector.name_id}" if org.sector else "",
                place,
                o.pk,
                o.title,
                _KIND_ID.get(o.kind, o.kind),
                _EMPLOYMENT_ID.get(o.employment, ""),
                o.openings,
                o.published_at.date().isoformat() if o.published_at else "",
                o.closes_on.isoformat(),
                "Tidak dibatasi",
                "Laki-laki / Perempuan",
                _EDUCATION_ID.get(o.education, o.education),
                "; ".join(s.skill.name_id for s in skills if s.required),
                "; ".join(s.skill.name_id for s in skills if not s.required),
                o.experience_years,
                o.pay_min if o.pay_min is not None else "",
                o.pay_max if o.pay_max is not None else "",
                o.currency,
                _PAY_BASIS_ID.get(o.pay_basis, o.pay_basis),
                o.regency.name if o.regency else "",
                o.province.name if o.province else "",
                "Ya" if o.remote else "Tidak",
                country_name(o.destination_country) if o.destination_country else "",
                o.licence.number if o.licence else "",
                o.description[:1000],
                _status_id(o, hires, day),
                hires,
                o.reported_to_karirhub_on.isoformat() if o.reported_to_karirhub_on else "Belum",
            ]
        )
    return org, rows


# --- what unions and chambers see --------------------------------------------------------------------


@dataclass
class PlacementScope:
    key: str
    name: str
    organization: Organization | None = None
    province: str = ""
    regency: str = ""


def placement_scopes(viewer: Viewer) -> list[PlacementScope]:
    """The scopes whose placements the viewer may count: their unions (and below), their chambers'
    regions; the nation for platform admins and Kadin Indonesia."""
    found: list[PlacementScope] = []
    if is_platform_admin(viewer):
        found.append(PlacementScope("nation", _("Indonesia")))
    for org in org_selectors.managed_by(viewer):
        if org.kind == Organization.Kind.UNION:
            found.append(PlacementScope(f"organization:{org.code}", org.name, organization=org))
        elif org.kind == Organization.Kind.CHAMBER:
            if org.level == Organization.Level.NATIONAL:
                found.append(PlacementScope("nation", _("Indonesia")))
            elif org.level == Organization.Level.PROVINCE and org.province_id:
                found.append(PlacementScope(f"province:{org.province_id}", org.name, province=org.province_id))
            elif org.level == Organization.Level.REGENCY and org.regency_id:
                found.append(PlacementScope(f"regency:{org.regency_id}", org.name, regency=org.regency_id))
    unique: dict[str, PlacementScope] = {}
    for s in found:
        unique.setdefault(s.key, s)
    return list(unique.values())


def _scope_filters(scope: PlacementScope) -> tuple[Q, Q]:
    """(placements, applications) in the scope."""
    if scope.organization is not None:
        members = org_selectors.member_ids_of_subtree(scope.organization)
        return Q(union__path__startswith=scope.organization.path), Q(worker_id__in=members)
    if scope.regency:
        return Q(regency_id=scope.regency), Q(worker__worker__regency_id=scope.regency)
    if scope.province:
        return Q(province_id=scope.province), Q(worker__worker__province_id=scope.province)
    return Q(), Q()


Cell = tuple[str, int | None]


@dataclass
class PlacementReport:
    scope: PlacementScope
    scopes: list[PlacementScope]
    totals: dict[str, int | None]
    applications_by_region: list[Cell] = field(default_factory=list)
    placements_by_region: list[Cell] = field(default_factory=list)
    applications_by_kind: list[Cell] = field(default_factory=list)
    placements_by_kind: list[Cell] = field(default_factory=list)
    placements_by_sector: list[Cell] = field(default_factory=list)
    opportunities: list[Cell] = field(default_factory=list)
    abroad: list[Cell] = field(default_factory=list)


def _cells(counts: dict[str, int]) -> list[Cell]:
    return [(label, disclosure.shown(n)) for label, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def placement_report(viewer: Viewer, key: str | None = None) -> PlacementReport:
    """Applications and placements in one of the viewer's scopes, by region, kind and sector, the
    opportunities people were placed in and, abroad, by destination and agency. Every count goes
    through `naker.core.disclosure` (under 5 hidden, others rounded to 5)."""
    scopes = placement_scopes(viewer)
    if not scopes:
        raise errors.OutsideScope()
    scope = next((s for s in scopes if s.key == key), None) if key else scopes[0]
    if scope is None:
        raise errors.OutsideScope(_("This report is outside what you may see."))
    placement_q, application_q = _scope_filters(scope)
    placements = Placement.objects.filter(placement_q)
    applications = Application.objects.filter(application_q).exclude(stage=Application.Stage.WITHDRAWN)
    by_province = scope.regency == "" and scope.province == ""
    if by_province:
        names = {p.code: p.name for p in region_selectors.provinces()}
        app_region, pl_region = "worker__worker__province_id", "province_id"
    else:
        names = {}
        app_region, pl_region = "worker__worker__regency_id", "regency_id"

    def grouped(qs: QuerySet[Any], column: str, label: Any = None) -> dict[str, int]:
        out: dict[str, int] = {}
        for value, n in qs.values_list(column).annotate(n=Count("id")).order_by().values_list(column, "n"):
            name = label(value) if label else (value or _("Not stated"))
            out[str(name)] = out.get(str(name), 0) + n
        return out

    if not names:
        regency_codes = set(applications.values_list(app_region, flat=True)) | set(
            placements.values_list(pl_region, flat=True)
        )
        for code in regency_codes:
            found = region_selectors.regency(code) if code else None
            names[code] = found.name if found else code
    kinds = dict(Opportunity.Kind.choices)
    return PlacementReport(
        scope=scope,
        scopes=scopes,
        totals={
            "applications": disclosure.shown(applications.count()),
            "placements": disclosure.shown(placements.count()),
        },
        applications_by_region=_cells(grouped(applications, app_region, lambda c: names.get(c, _("Not stated")))),
        placements_by_region=_cells(grouped(placements, pl_region, lambda c: names.get(c, _("Not stated")))),
        applications_by_kind=_cells(grouped(applications, "opportunity__kind", lambda k: kinds.get(k, k))),
        placements_by_kind=_cells(grouped(placements, "kind", lambda k: kinds.get(k, k))),
        placements_by_sector=_cells(grouped(placements, "sector__name_id")),
        opportunities=_cells(
            {
                f"{title} · {employer_name}": n
                for title, employer_name, n in placements.values_list("opportunity__title", "employer__name")
                .annotate(n=Count("id"))
                .order_by()
                .values_list("opportunity__title", "employer__name", "n")
            }
        ),
        abroad=_cells(
            {
                f"{country_name(country)} · {agency}": n
                for country, agency, n in placements.filter(kind=Opportunity.Kind.ABROAD)
                .values_list("destination_country", "employer__name")
                .annotate(n=Count("id"))
                .order_by()
                .values_list("destination_country", "employer__name", "n")
            }
        ),
    )


# --- what insights reads ------------------------------------------------------------------------------


def placements_since(after_id: int) -> tuple[list[dict[str, Any]], int]:
    """New placements (id above `after_id`) by day, province, regency and the union's code; with the
    highest id read (the insights refresh keeps it as its watermark)."""
    top = Placement.objects.filter(pk__gt=after_id).aggregate(m=Max("pk"))["m"] or after_id
    rows = list(
        Placement.objects.filter(pk__gt=after_id, pk__lte=top)
        .annotate(day=TruncDate("hired_at"))
        .values("day", "province_id", "regency_id", "union__code")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return rows, top


# --- a person's own data ------------------------------------------------------------------------------


def personal_jobs_data(user_id: int) -> dict[str, Any]:
    applications = (
        Application.objects.filter(worker_id=user_id)
        .select_related("opportunity", "opportunity__employer")
        .prefetch_related(_steps())
        .order_by("applied_at", "id")
    )
    return {
        "applications": [
            {
                "opportunity": a.opportunity.title,
                "employer": a.opportunity.employer.name,
                "stage": a.stage,
                "source": a.source,
                "message": a.message,
                "certificates": list(a.credential_ids),
                "applied_at": a.applied_at.isoformat(),
                "steps": [{"stage": s.stage, "at": s.at.isoformat(), "note": s.note} for s in a.steps.all()],
            }
            for a in applications
        ],
        "auto_apply": [
            {"opportunity": r.commitment.opportunity.title, "asked_at": r.created_at.isoformat()}
            for r in AutoApplyRequest.objects.filter(worker_id=user_id).select_related("commitment__opportunity")
        ],
        "placements": [
            {"opportunity": p.opportunity.title, "employer": p.employer.name, "hired_at": p.hired_at.isoformat()}
            for p in Placement.objects.filter(worker_id=user_id).select_related("opportunity", "employer")
        ],
    }


def export_section(event: Any) -> tuple[str, dict[str, Any]]:
    """Subscriber of accounts' PersonalDataRequested: this app's part of the person's export."""
    return "jobs", personal_jobs_data(event.user.pk)
