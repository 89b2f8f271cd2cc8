"""Reads of matching, each taking the viewer first: a worker's skill profile and preferences, their
ranked opportunities, an opportunity's ranked consenting candidates (its employer's staff only), the
learning path that closes a gap, and invitations to apply.

Both ranked lists are served by the inverted indexes (docs/decisions/0015-matching.md): the worker's
skills → OpportunitySkill rows of open opportunities, an opportunity's skills → WorkerSkill rows of
consenting workers. One grouped query over those rows keeps the SHORTLIST best by matched evidence;
only those are scored exactly (ranking.fit), and only the page shown gets names, reasons and paths.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Case, Count, FloatField, Q, QuerySet, Sum, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from naker.accounts import selectors as account_selectors
from naker.core import fragments
from naker.core.kept_sql import Kept
from naker.credentials.certification import selectors as certification_selectors
from naker.jobs import selectors as jobs_selectors
from naker.jobs.matching import errors, paths, ranking
from naker.jobs.models import Application, JobInvitation, JobPreference, Opportunity, OpportunitySkill, WorkerSkill
from naker.learning import selectors as learning_selectors
from naker.organizations import selectors as org_selectors
from naker.regions import selectors as region_selectors
from naker.skills import selectors as skill_selectors

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from naker.accounts.events import PersonalDataRequested
    from naker.accounts.models import User
    from naker.learning.selectors import CourseOffer
    from naker.skills.models import Skill

    Viewer = User | AnonymousUser

SHORTLIST = 300  # rows scored exactly per ranked list
MATCHES = 20
CANDIDATES = 50
SOURCE_ORDER = [WorkerSkill.Source.COMPETENCY, WorkerSkill.Source.COURSE, WorkerSkill.Source.DECLARED]


def worker_of(viewer: Viewer) -> User:
    """The viewer, if they are a worker (someone with a worker profile)."""
    if not viewer.is_authenticated or account_selectors.worker_profile(viewer) is None:
        raise errors.NotAWorker()
    return viewer


def schemes_covering(skill_ids: Iterable[str]) -> list[dict[str, str]]:
    """The BNSP certification schemes whose units include these skills (code, name, lsp, url)."""
    return certification_selectors.schemes_covering(skill_ids)


# --- skill profile and preferences ------------------------------------------------------------------


@dataclass
class EvidenceItem:
    source: str
    source_label: str
    label: str  # where it came from, in words
    since: datetime.datetime


@dataclass
class SkillLine:
    code: str
    name: str
    best: str
    proven: bool
    verified: bool
    evidence: list[EvidenceItem]


def _source_words(source: str, label: str) -> str:
    if source == WorkerSkill.Source.COMPETENCY:
        return _("Competency certificate: %(what)s") % {"what": label}
    if source == WorkerSkill.Source.COURSE:
        return _("Completed course: %(what)s") % {"what": label}
    return _("Declared by you")


def skill_profile(viewer: Viewer) -> list[SkillLine]:
    """The worker's skills, strongest evidence first, each with where it came from."""
    worker = worker_of(viewer)
    rows = list(
        WorkerSkill.objects.filter(worker=worker)
        .select_related("skill")
        .order_by("skill__name_id", "skill_id", "since", "id")
    )
    lines: dict[str, SkillLine] = {}
    for row in rows:
        line = lines.get(row.skill_id)
        if line is None:
            line = lines[row.skill_id] = SkillLine(row.skill_id, row.skill.name, row.source, False, False, [])
        line.best = ranking.stronger(line.best, row.source)
        line.evidence.append(
            EvidenceItem(row.source, row.source_label, _source_words(row.source, row.source_label), row.since)
        )
    for line in lines.values():
        line.proven = line.best in ranking.PROVEN
        line.verified = line.best == ranking.COMPETENCY
        line.evidence.sort(key=lambda e: SOURCE_ORDER.index(e.source))  # type: ignore[arg-type]
    return sorted(lines.values(), key=lambda s: (-ranking.STRENGTH[s.best], s.name))


def preferences_of(viewer: Viewer) -> JobPreference:
    """The worker's preferences (unsaved defaults when they have set none: not findable)."""
    worker = worker_of(viewer)
    found = JobPreference.objects.filter(worker=worker).prefetch_related("regencies").first()
    return found or JobPreference(worker=worker)


def preference_regencies(pref: JobPreference) -> list[Any]:
    return list(pref.regencies.all()) if pref.pk else []


# --- shared pieces ----------------------------------------------------------------------------------


@dataclass
class Filters:
    region: str = ""  # a province ("32") or regency ("32.16") code
    kind: str = ""
    verified_only: bool = False


def _seeker(worker_id: int, skills: dict[str, str], pref: Wanted | None, profile: Any) -> ranking.Seeker:
    return ranking.Seeker(
        id=worker_id,
        skills=skills,
        regency_id=getattr(profile, "regency_id", "") or "",
        province_id=getattr(profile, "province_id", "") or "",
        kinds=frozenset(pref.kinds if pref else ()),
        regencies=frozenset(pref.regencies) if pref else frozenset(),
        relocate=bool(pref and pref.relocate),
        abroad=bool(pref and pref.abroad),
        remote=bool(pref and pref.remote),
    )


def _post(o: Opportunity, skills: list[tuple[str, bool]]) -> ranking.Post:
    return ranking.Post(
        id=o.pk,
        kind=o.kind,
        closes_on=o.closes_on,
        skills=skills,
        regency_id=o.regency_id or "",
        province_id=o.province_id or (o.regency_id or "").split(".")[0],
        remote=o.remote,
        pay_min=o.pay_min,
        pay_max=o.pay_max,
        currency=o.currency,
        pay_basis=o.pay_basis,
    )


def _words(offer: CourseOffer) -> ranking.CourseWords:
    return ranking.CourseWords(offer.title, offer.provider, offer.hours, offer.price_idr, offer.skill_ids)


@dataclass
class CourseStep:
    """A course of a learning path, with the missing skills it teaches."""

    code: str
    title: str
    provider: str
    hours: Any
    price_idr: int
    mode: str
    teaches: list[str]  # skill names
    near: str = ""  # "regency" / "province" when a class is near the worker (asked for)

    @property
    def free(self) -> bool:
        return self.price_idr == 0


def _steps(path: paths.Path, missing: Iterable[str], names: dict[str, str], near: dict[int, str]) -> list[CourseStep]:
    wanted = set(missing)
    return [
        CourseStep(
            o.code,
            getattr(o, "title", o.code),
            getattr(o, "provider", ""),
            o.hours,
            o.price_idr,
            o.mode,
            [names.get(c, c) for c in sorted(o.skill_ids & wanted)],
            near.get(o.id, ""),
        )
        for o in path.courses
    ]


def _names(codes: Iterable[str]) -> dict[str, str]:
    return {code: s.name for code, s in skill_selectors.skills_by_code(set(codes)).items()}


POST_FIELDS = (
    "pk",
    "kind",
    "closes_on",
    "regency_id",
    "province_id",
    "remote",
    "pay_min",
    "pay_max",
    "currency",
    "pay_basis",
)


def _open_posts(ids: Iterable[int]) -> dict[int, ranking.Post]:
    """The shortlist as plain values (no model instances: only the page shown is loaded whole)."""
    today = timezone.localdate()
    rows = Opportunity.objects.filter(pk__in=list(ids), status=Opportunity.Status.PUBLISHED, closes_on__gte=today)
    posts = {
        pk: ranking.Post(
            id=pk,
            kind=kind,
            closes_on=closes_on,
            skills=[],
            regency_id=regency or "",
            province_id=province or (regency or "").split(".")[0],
            remote=remote,
            pay_min=pay_min,
            pay_max=pay_max,
            currency=currency,
            pay_basis=pay_basis,
        )
        for pk, kind, closes_on, regency, province, remote, pay_min, pay_max, currency, pay_basis in rows.values_list(
            *POST_FIELDS
        )
    }
    skill_rows = OpportunitySkill.objects.filter(opportunity_id__in=list(posts)).order_by("-required", "skill_id")
    for opp_id, code, required in skill_rows.values_list("opportunity_id", "skill_id", "required"):
        posts[opp_id].skills.append((code, required))
    return posts


def _region_q(prefix: str, region: str) -> Q:
    if "." in region:
        return Q(**{f"{prefix}regency_id": region})
    return Q(**{f"{prefix}province_id": region}) | Q(**{f"{prefix}regency__province_id": region})


# --- a worker's matches -----------------------------------------------------------------------------


@dataclass
class Match:
    opportunity: Opportunity
    fit: ranking.Fit
    missing: list[tuple[str, str]]  # (code, name)
    reasons: list[str]
    path: list[CourseStep]


@dataclass
class Matches:
    items: list[Match] = field(default_factory=list)
    objecting: bool = False  # the worker objects to automated matching: nothing is ranked
    has_skills: bool = True


def _evidence(worker_ids: Iterable[int], codes: Iterable[str] | None = None) -> dict[int, dict[str, str]]:
    rows = WorkerSkill.objects.filter(worker_id__in=list(worker_ids))
    if codes is not None:
        rows = rows.filter(skill_id__in=list(codes))
    found: dict[int, dict[str, str]] = {}
    for worker_id, code, source in rows.values_list("worker_id", "skill_id", "source"):
        mine = found.setdefault(worker_id, {})
        mine[code] = ranking.stronger(mine.get(code), source)
    return found


@dataclass(frozen=True)
class Wanted:
    """A worker's job preferences as matching reads them."""

    automated_matching: bool
    kinds: tuple[str, ...]
    regencies: tuple[str, ...]
    relocate: bool
    abroad: bool
    remote: bool


def _preference_rows(worker_id: int) -> QuerySet[JobPreference]:
    return JobPreference.objects.filter(worker_id=worker_id).values_list(  # type: ignore[return-value]
        "automated_matching", "kinds", "willing_to_relocate", "abroad", "remote", "regencies"
    )


def _skill_rows(worker_id: int) -> QuerySet[WorkerSkill]:
    return WorkerSkill.objects.filter(worker_id=worker_id).values_list("skill_id", "source")  # type: ignore[return-value]


# the two reads of a worker's own part of every match question, made once per process (naker.core.kept_sql)
_PREFERENCE_ROWS: Kept[JobPreference] = Kept(_preference_rows, 2_000_000_053)
_SKILL_ROWS: Kept[WorkerSkill] = Kept(_skill_rows, 2_000_000_059)


def _own_evidence(worker_id: int) -> dict[str, str]:
    """`_evidence([worker_id])[worker_id]`: one worker's strongest source per skill, one kept statement."""
    mine: dict[str, str] = {}
    for code, source in _SKILL_ROWS.rows(worker_id):
        mine[code] = ranking.stronger(mine.get(code), source)
    return mine


def _wanted(worker_id: int) -> Wanted | None:
    """One query: the preferences joined to their regencies (a row per regency)."""
    rows = list(_PREFERENCE_ROWS.rows(worker_id))
    if not rows:
        return None
    automated, kinds, relocate, abroad, remote, _r = rows[0]
    regencies = tuple(sorted(r[5] for r in rows if r[5]))
    return Wanted(automated, tuple(sorted(kinds or ())), regencies, relocate, abroad, remote)


@dataclass(frozen=True)
class MatchQuestion:
    """What a worker's matches are built from. Their own part (skills, preferences, home) is read on
    every request, two small queries, so that a change shows at once in every process; the shared
    part (open opportunities, courses) is the generation of the opportunities in `key`."""

    worker: User
    filters: Filters
    limit: int
    pref: Wanted | None
    skills: dict[str, str]
    key: str


def match_question(viewer: Viewer, filters: Filters | None = None, *, limit: int = MATCHES) -> MatchQuestion:
    worker = worker_of(viewer)
    f = filters or Filters()
    pref = _wanted(worker.pk)
    skills = _own_evidence(worker.pk)
    profile = worker.worker
    # the worker's id in the prefix: one person's matches are never kept under a key anyone else asks
    key = jobs_selectors.shared_key(
        f"matches:{worker.pk}", f, limit, sorted(skills.items()), profile.regency_id, profile.province_id, pref
    )
    return MatchQuestion(worker, f, limit, pref, skills, key)


def matches_for(
    viewer: Viewer, filters: Filters | None = None, *, limit: int = MATCHES, question: MatchQuestion | None = None
) -> Matches:
    """The open opportunities that fit the worker best, each explained, with the path to its gap.
    Kept under the question's key (issue 13): ranking reads the skill index, scores up to SHORTLIST
    posts and finds the courses of each gap, the most expensive part of "Jobs for me"."""
    q = question or match_question(viewer, filters, limit=limit)
    return fragments.remember(q.key, jobs_selectors.SHARED_SECONDS, lambda: _matches(q))


# what a match shows of its opportunity (the page's card, the API's brief)
MATCH_FIELDS = (
    "title",
    "kind",
    "remote",
    "pay_min",
    "pay_max",
    "currency",
    "closes_on",
    "employer__name",
    "regency__name",
)


def _matches(q: MatchQuestion) -> Matches:
    worker, f, pref, skills, limit = q.worker, q.filters, q.pref, q.skills, q.limit
    if pref is not None and not pref.automated_matching:
        return Matches(objecting=True)
    usable = {c: s for c, s in skills.items() if not f.verified_only or s == ranking.COMPETENCY}
    if not usable:
        return Matches(has_skills=bool(skills))
    by_source: dict[str, list[str]] = {}
    for code, source in usable.items():
        by_source.setdefault(source, []).append(code)
    weight = Case(
        *[When(skill_id__in=codes, then=Value(ranking.WEIGHT[s])) for s, codes in by_source.items()],
        default=Value(0.0),
        output_field=FloatField(),
    ) * Case(When(required=True, then=Value(1.0)), default=Value(0.2), output_field=FloatField())
    rows = OpportunitySkill.objects.filter(skill_id__in=list(usable), is_open=True, closes_on__gte=timezone.localdate())
    if f.kind:
        rows = rows.filter(opportunity__kind=f.kind)
    if f.region:
        rows = rows.filter(_region_q("opportunity__", f.region))
    shortlist = list(
        rows.values("opportunity_id")
        .annotate(w=Sum(weight))
        .order_by("-w", "opportunity_id")
        .values_list("opportunity_id", flat=True)[:SHORTLIST]
    )
    posts = _open_posts(shortlist)
    seeker = _seeker(worker.pk, skills, pref, worker.worker)
    today = timezone.localdate()
    scored = []
    for post in posts.values():
        scored.append((ranking.order_key(fit := ranking.fit(seeker, post, today=today), post), fit, post))
    scored.sort(key=lambda t: t[0])
    top = scored[:limit]
    whole = (
        Opportunity.objects.select_related("employer", "regency")
        .only(*MATCH_FIELDS)
        .in_bulk([p.id for _k, _f, p in top])
    )
    missing_all = {c for _k, fit, _p in top for c in fit.missing}
    names = _names({c for _k, _f, p in top for c, _r in p.skills})
    offers = learning_selectors.courses_teaching(missing_all)
    items = []
    for _key, fit, post in top:
        o = whole[post.id]
        path = paths.cheapest_path(fit.missing, offers)
        items.append(
            Match(
                opportunity=o,
                fit=fit,
                missing=[(c, names.get(c, c)) for c in fit.missing],
                reasons=ranking.reasons(fit, names, [_words(c) for c in path.courses]),  # type: ignore[arg-type]
                path=_steps(path, fit.missing, names, {}),
            )
        )
    return Matches(items=items)


# --- an opportunity's candidates (its employer's staff) ---------------------------------------------


def _is_employer_staff(viewer: Viewer, employer_id: int) -> bool:
    return viewer.is_authenticated and org_selectors.managed_by(viewer).filter(pk=employer_id).exists()


def opportunity_for_staff(viewer: Viewer, opportunity_id: int) -> Opportunity:
    """The opportunity, for its employer's staff (officers and admins of the company)."""
    if not viewer.is_authenticated:
        raise errors.NotEmployerStaff()
    opp = Opportunity.objects.select_related("employer", "regency").filter(pk=opportunity_id).first()
    if opp is None:
        raise errors.OpportunityNotFound()
    if not _is_employer_staff(viewer, opp.employer_id):
        raise errors.NotEmployerStaff()
    return opp


@dataclass
class Contact:
    name: str
    phone: str
    email: str


@dataclass
class Candidate:
    worker_id: int
    label: str
    fit: ranking.Fit
    regency: str
    skills: list[tuple[str, str, str]]  # (code, name, strongest source) of the opportunity's skills
    missing: list[tuple[str, str]]
    reasons: list[str]
    path: list[CourseStep]
    contact: Contact | None  # only once the worker applied or accepted an invitation
    unions: list[str] | None  # only when the worker chose to show them
    invitation: str  # "", or the invitation's status
    applied: bool


@dataclass
class Candidates:
    opportunity: Opportunity
    items: list[Candidate]


def candidates_for(
    viewer: Viewer, opportunity_id: int, filters: Filters | None = None, *, limit: int = CANDIDATES
) -> Candidates:
    """The consenting workers (findable, not objecting to automated matching) who fit best, ranked
    and explained as their matches are. Contact details only of those who applied or accepted an
    invitation; union membership only of those who chose to show it."""
    opp = opportunity_for_staff(viewer, opportunity_id)
    f = filters or Filters()
    post_skills = [
        (c, r)
        for c, r in OpportunitySkill.objects.filter(opportunity=opp)
        .order_by("-required", "skill_id")
        .values_list("skill_id", "required")
    ]
    codes = [c for c, _r in post_skills]
    required = [c for c, r in post_skills if r] or codes
    if not codes:
        return Candidates(opp, [])
    rows = WorkerSkill.objects.filter(skill_id__in=codes, findable=True)
    if f.verified_only:
        rows = rows.filter(source=WorkerSkill.Source.COMPETENCY)
    if f.region:
        rows = rows.filter(
            worker_id__in=account_selectors.workers().filter(_region_q("worker__", f.region)).values("pk")
        )
    proven = [WorkerSkill.Source.COMPETENCY, WorkerSkill.Source.COURSE]
    shortlist = list(
        rows.values("worker_id")
        .annotate(
            proven=Count("skill_id", distinct=True, filter=Q(skill_id__in=required, source__in=proven)),
            verified=Count("skill_id", distinct=True, filter=Q(source=WorkerSkill.Source.COMPETENCY)),
            any=Count("skill_id", distinct=True),
        )
        .order_by("-proven", "-verified", "-any", "worker_id")
        .values_list("worker_id", flat=True)[:SHORTLIST]
    )
    pref_rows = JobPreference.objects.filter(worker_id__in=shortlist, findable=True, automated_matching=True)
    prefs = {
        row[0]: row
        for row in pref_rows.values_list("worker_id", "kinds", "willing_to_relocate", "abroad", "remote", "show_union")
    }
    wanted: dict[int, set[str]] = {}
    chosen = JobPreference.regencies.through.objects.filter(jobpreference__worker_id__in=list(prefs))
    for worker_id, regency in chosen.values_list("jobpreference__worker_id", "regency_id"):
        wanted.setdefault(worker_id, set()).add(regency)
    homes = {
        pk: (regency, province)
        for pk, regency, province in account_selectors.workers()
        .filter(pk__in=list(prefs))
        .values_list("pk", "worker__regency_id", "worker__province_id")
    }
    evidence = _evidence(homes, codes if not f.verified_only else None)
    if f.verified_only:
        evidence = {w: {c: s for c, s in e.items() if c in set(codes)} for w, e in evidence.items()}
    post = _post(opp, post_skills)
    today = timezone.localdate()
    scored = []
    for worker_id, (regency, province) in homes.items():
        _w, kinds, relocate, abroad, remote, _show = prefs[worker_id]
        if f.kind and kinds and f.kind not in kinds:
            continue
        seeker = ranking.Seeker(
            id=worker_id,
            skills=evidence.get(worker_id, {}),
            regency_id=regency,
            province_id=province,
            kinds=frozenset(kinds or ()),
            regencies=frozenset(wanted.get(worker_id, ())),
            relocate=relocate,
            abroad=abroad,
            remote=remote,
        )
        fit = ranking.fit(seeker, post, today=today)
        scored.append(((-fit.score, -fit.required_covered, worker_id), fit, worker_id))
    scored.sort(key=lambda t: t[0])
    top = scored[:limit]
    shown = [w for _k, _f, w in top]
    people = account_selectors.workers().select_related("worker__regency").in_bulk(shown)
    names = _names(codes)
    offers = learning_selectors.courses_teaching({c for _k, fit, _p in top for c in fit.missing})
    applied = set(
        Application.objects.filter(opportunity=opp, worker_id__in=shown)
        .exclude(stage=Application.Stage.WITHDRAWN)
        .values_list("worker_id", flat=True)
    )
    invited = dict(
        JobInvitation.objects.filter(opportunity=opp, worker_id__in=shown).values_list("worker_id", "status")
    )
    union_shown = [w for w in shown if prefs[w][5]]
    unions = org_selectors.union_names_of(union_shown) if union_shown else {}
    items = []
    for _key, fit, worker_id in top:
        person = people.get(worker_id)
        if person is None:  # erased meanwhile
            continue
        path = paths.cheapest_path(fit.missing, offers)
        theirs = evidence.get(person.pk, {})
        items.append(
            Candidate(
                worker_id=person.pk,
                label=_("Candidate %(number)s") % {"number": person.pk},
                fit=fit,
                regency=person.worker.regency.name,
                skills=[(c, names.get(c, c), theirs[c]) for c in codes if c in theirs],
                missing=[(c, names.get(c, c)) for c in fit.missing],
                reasons=ranking.reasons(fit, names, [_words(c) for c in path.courses], employer=True),  # type: ignore[arg-type]
                path=_steps(path, fit.missing, names, {}),
                contact=Contact(person.full_name, person.phone or "", person.email or "")
                if person.pk in applied
                else None,
                unions=unions.get(person.pk, []) if prefs[person.pk][5] else None,
                invitation=invited.get(person.pk, ""),
                applied=person.pk in applied,
            )
        )
    return Candidates(opp, items)


def is_candidate(worker_id: int, opportunity: Opportunity) -> bool:
    """Whether the worker may be invited: findable, not objecting, with one of the opportunity's skills."""
    codes = OpportunitySkill.objects.filter(opportunity=opportunity).values("skill_id")
    return (
        JobPreference.objects.filter(worker_id=worker_id, findable=True, automated_matching=True).exists()
        and WorkerSkill.objects.filter(worker_id=worker_id, skill_id__in=codes, findable=True).exists()
        and account_selectors.workers().filter(pk=worker_id).exists()
    )


# --- learning paths ---------------------------------------------------------------------------------


@dataclass
class LearningPath:
    title: str
    missing: list[tuple[str, str]]  # (code, name)
    steps: list[CourseStep]
    untaught: list[tuple[str, str]]
    hours: Any
    price_idr: int
    explanation: str
    schemes: list[dict[str, str]]
    opportunity: Opportunity | None = None


def _explain(path: paths.Path, missing: list[str], near: bool) -> str:
    if not missing:
        return _("You already have every skill asked for.")
    if not path.courses:
        return _("No published course teaches these skills yet.")
    said = _(
        "The fewest hours of learning that teach every missing skill a course teaches: %(n)s courses, %(hours)s hours."
    ) % {"n": len(path.courses), "hours": ranking.hours_text(path.hours)}
    if near:
        said += " " + _("Classes near you are preferred; online courses count as near.")
    return said


def _path_for(worker: User, title: str, wanted: list[tuple[str, bool]], *, near: bool) -> LearningPath:
    skills = _own_evidence(worker.pk)
    required = [c for c, r in wanted if r] or [c for c, _r in wanted]
    missing = [c for c in required if skills.get(c) not in ranking.PROVEN]
    names = _names(c for c, _r in wanted)
    offers = learning_selectors.courses_teaching(missing)
    near_map: dict[int, str] = {}
    if near and offers:
        person = account_selectors.profile_of(worker).worker
        near_map = learning_selectors.courses_with_classes_near(
            [o.id for o in offers if o.mode in paths.IN_CLASS],
            regency_id=person.regency_id,
            province_id=person.province_id,
        )
    path = paths.cheapest_path(missing, offers, near=near_map if near else None)
    explanation = _explain(path, missing, near)
    if path.untaught:
        explanation += " " + _("No course teaches %(skills)s yet.") % {
            "skills": ranking.and_list(names.get(c, c) for c in sorted(path.untaught))
        }
    return LearningPath(
        title=title,
        missing=[(c, names.get(c, c)) for c in missing],
        steps=_steps(path, missing, names, near_map),
        untaught=[(c, names.get(c, c)) for c in sorted(path.untaught)],
        hours=path.hours,
        price_idr=path.price_idr,
        explanation=explanation,
        schemes=schemes_covering(missing),
    )


def open_opportunity(opportunity_id: int) -> Opportunity:
    """A published opportunity anyone may see (closed ones too: a worker may keep learning for it)."""
    opp = (
        Opportunity.objects.select_related("employer", "regency")
        .filter(pk=opportunity_id, status__in=[Opportunity.Status.PUBLISHED, Opportunity.Status.CLOSED])
        .first()
    )
    if opp is None:
        raise errors.OpportunityNotFound()
    return opp


def learning_path_for_opportunity(viewer: Viewer, opportunity_id: int, *, near: bool = False) -> LearningPath:
    """The worker's missing required skills for this opportunity and the cheapest courses that teach them."""
    worker = worker_of(viewer)
    opp = open_opportunity(opportunity_id)
    wanted = list(
        OpportunitySkill.objects.filter(opportunity=opp)
        .order_by("-required", "skill_id")
        .values_list("skill_id", "required")
    )
    found = _path_for(worker, opp.title, wanted, near=near)
    found.opportunity = opp
    return found


def occupation_skills(code: str) -> tuple[str, list[str]]:
    """An occupation (KBJI major group) and the skills its published courses teach: what the platform
    knows that the occupation asks for."""
    occupation = skill_selectors.occupation(code)
    if occupation is None:
        raise errors.OccupationNotFound()
    return occupation.name, learning_selectors.occupation_skill_ids(code)


def learning_path_for_occupation(viewer: Viewer, code: str, *, near: bool = False) -> LearningPath:
    worker = worker_of(viewer)
    name, skills = occupation_skills(code)
    return _path_for(worker, name, [(c, True) for c in skills], near=near)


# --- invitations ------------------------------------------------------------------------------------


def invitations_of(viewer: Viewer) -> QuerySet[JobInvitation]:
    """The worker's invitations to apply, newest first."""
    worker = worker_of(viewer)
    return (
        JobInvitation.objects.filter(worker=worker)
        .select_related("opportunity", "opportunity__employer", "opportunity__regency")
        .order_by("-created_at", "-id")
    )


def invitation_of(viewer: Viewer, invitation_id: int) -> JobInvitation:
    found = invitations_of(viewer).filter(pk=invitation_id).first()
    if found is None:
        raise errors.InvitationNotFound()
    return found


# --- the taxonomy and reference checks ---------------------------------------------------------------


def skill_named(code: str) -> Skill:
    found = skill_selectors.skills_by_code([code]).get(code)
    if found is None:
        msg = _("Unknown skill code: %(code)s.") % {"code": code}
        raise errors.SkillUnknown(msg, field_errors={"code": msg})
    return found


def regencies_named(codes: Iterable[str]) -> list[Any]:
    wanted = list(dict.fromkeys(codes))
    found = {r.pk: r for r in region_selectors.regencies().filter(code__in=wanted)}
    unknown = [c for c in wanted if c not in found]
    if unknown:
        msg = _("Unknown regency or city code: %(codes)s.") % {"codes": ", ".join(unknown)}
        raise errors.RegencyUnknown(msg, field_errors={"regency_codes": msg})
    return [found[c] for c in wanted]


# --- the worker's data export ---------------------------------------------------------------------


def personal_matching_data(user_id: int) -> dict[str, Any]:
    """The worker's skill evidence, preferences and invitations, for their data export."""
    pref = JobPreference.objects.filter(worker_id=user_id).prefetch_related("regencies").first()
    return {
        "skills": [
            {"skill": s.skill_id, "source": s.source, "from": s.source_label, "since": s.since.isoformat()}
            for s in WorkerSkill.objects.filter(worker_id=user_id).order_by("skill_id", "source")
        ],
        "job_preferences": None
        if pref is None
        else {
            "kinds": pref.kinds,
            "regencies": [r.pk for r in pref.regencies.all()],
            "willing_to_relocate": pref.willing_to_relocate,
            "abroad": pref.abroad,
            "remote": pref.remote,
            "findable": pref.findable,
            "automated_matching": pref.automated_matching,
            "show_union": pref.show_union,
        },
        "invitations": [
            {"opportunity": i.opportunity_id, "status": i.status, "at": i.created_at.isoformat()}
            for i in JobInvitation.objects.filter(worker_id=user_id).order_by("created_at")
        ],
    }


def export_section(event: PersonalDataRequested) -> tuple[str, dict[str, Any]]:
    """Subscriber of PersonalDataRequested: matching's part of the person's data export."""
    return "jobs_matching", personal_matching_data(event.user.pk)
