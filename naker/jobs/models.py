"""Opportunities (job, apprenticeship, side gig, work abroad), applications and placements, and what
matching needs: each worker's skill profile with its evidence, their job preferences, and the two
inverted indexes (skill → open opportunities, skill → findable workers) that keep ranking off a
full scan.

Other apps' tables are named by string (DESIGN.md §3): the employer is an organisation of kind
`company`, skills are the taxonomy's (`skills.Skill`, SKKNI units included), courses are learning's.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AgencyLicence(models.Model):
    """A placement agency's (P3MI) licence to place workers abroad (SIP3MI), recorded by a platform
    admin. Work-abroad posts are taken only while it is valid: a guard against illegal recruitment."""

    agency = models.OneToOneField("organizations.Organization", on_delete=models.CASCADE, related_name="agency_licence")
    number = models.CharField(_("SIP3MI licence number"), max_length=64)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    def is_valid_on(self, day: object) -> bool:
        return self.valid_from <= day <= self.valid_until  # type: ignore[operator]


class Opportunity(models.Model):
    class Kind(models.TextChoices):
        JOB = "job", _("Job")
        APPRENTICESHIP = "apprenticeship", _("Apprenticeship (magang)")
        SIDE_GIG = "side_gig", _("Side gig")
        ABROAD = "abroad", _("Work abroad")

    class Employment(models.TextChoices):
        FULL_TIME = "full_time", _("Full-time")
        PART_TIME = "part_time", _("Part-time")
        CONTRACT = "contract", _("Contract")

    class PayBasis(models.TextChoices):
        MONTH = "month", _("per month")
        PIECE = "piece", _("per piece")
        PROJECT = "project", _("per project")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Rejected")
        CLOSED = "closed", _("Closed")

    employer = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="opportunities")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    employment = models.CharField(_("employment"), max_length=12, choices=Employment.choices, blank=True)
    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(_("description"), max_length=8000)
    regency = models.ForeignKey("regions.Regency", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    province = models.ForeignKey("regions.Province", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    remote = models.BooleanField(_("remote"), default=False)
    education = models.CharField(_("minimum education"), max_length=16, blank=True)
    experience_years = models.PositiveSmallIntegerField(_("years of experience"), default=0)
    openings = models.PositiveIntegerField(_("openings"), default=1, validators=[MinValueValidator(1)])
    pay_min = models.BigIntegerField(_("pay from"), null=True, blank=True)
    pay_max = models.BigIntegerField(_("pay up to"), null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="IDR")
    pay_basis = models.CharField(_("pay basis"), max_length=8, choices=PayBasis.choices, default=PayBasis.MONTH)
    closes_on = models.DateField(_("closing date"))
    # work abroad
    destination_country = models.CharField(_("destination country"), max_length=2, blank=True)  # ISO 3166-1 alpha-2
    language_requirement = models.CharField(_("language requirement"), max_length=200, blank=True)
    placement_costs = models.TextField(_("placement costs"), max_length=2000, blank=True)
    worker_costs_idr = models.BigIntegerField(_("costs paid by the worker (IDR)"), null=True, blank=True)
    licence = models.ForeignKey(AgencyLicence, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # preferred certificates: courses here, BNSP schemes by code (credentials owns the schemes)
    preferred_courses = models.ManyToManyField("learning.Course", blank=True, related_name="+")
    preferred_scheme_codes = models.JSONField(default=list, blank=True)

    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    review_reason = models.CharField(max_length=500, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    # a regional Kadin chapter vouching for its member company's post (shown as a mark)
    vouched_by = models.ForeignKey(
        "organizations.Organization", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    vouched_at = models.DateTimeField(null=True, blank=True)
    # Perpres 57/2023: vacancies are to be reported to SIAPkerja/Karirhub
    reported_to_karirhub_on = models.DateField(null=True, blank=True)
    # The post's applications per stage (accounts erased leave them: their applications are deleted),
    # kept by jobs.services in the transaction that makes or moves an application and by the
    # application's deletion (apps.py), so that the staff's posts page reads them instead of counting
    # every application of every post it shows (issue 13). Not editable: no form writes them; the
    # services save a whole post only after locking its row (`_opportunity_locked`), so a save never
    # puts back an older count. `db_default` for rows written by SQL (bench generators).
    applicants_applied = models.PositiveIntegerField(default=0, db_default=0, editable=False)
    applicants_shortlisted = models.PositiveIntegerField(default=0, db_default=0, editable=False)
    applicants_interview = models.PositiveIntegerField(default=0, db_default=0, editable=False)
    applicants_offered = models.PositiveIntegerField(default=0, db_default=0, editable=False)
    applicants_hired = models.PositiveIntegerField(default=0, db_default=0, editable=False)
    applicants_not_selected = models.PositiveIntegerField(default=0, db_default=0, editable=False)
    applicants_withdrawn = models.PositiveIntegerField(default=0, db_default=0, editable=False)

    class Meta:
        indexes = [
            models.Index(fields=["status", "closes_on"], name="opportunity_open"),
            models.Index(fields=["employer", "status"], name="opportunity_employer"),
            # the staff's posts page: the newest POSTS_SHOWN of a company (selectors.posts_of)
            models.Index(fields=["employer", "-created_at", "-id"], name="opportunity_employer_newest"),
            models.Index(fields=["regency", "status"], name="opportunity_regency"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pay_min__isnull=True)
                | models.Q(pay_max__isnull=True)
                | models.Q(pay_min__lte=models.F("pay_max")),
                name="opportunity_pay_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class OpportunitySkill(models.Model):
    """A skill an opportunity asks for. With `is_open` and `closes_on` copied from the opportunity it is
    also the inverted index skill → open opportunities (kept current by the jobs services)."""

    class Level(models.IntegerChoices):
        BASIC = 1, _("Basic")
        INTERMEDIATE = 2, _("Intermediate")
        ADVANCED = 3, _("Advanced")

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="skills")
    skill = models.ForeignKey("skills.Skill", on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(choices=Level.choices, default=Level.BASIC)
    required = models.BooleanField(default=True)
    is_open = models.BooleanField(default=False)
    closes_on = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["opportunity", "skill"], name="opportunity_skill_once")]
        indexes = [models.Index(fields=["skill", "is_open", "closes_on"], name="skill_to_open_opportunities")]


class TrainingCommitment(models.Model):
    """Train to hire: "we will interview everyone who completes this path by <date>", optionally
    sponsoring seats of a priced course."""

    opportunity = models.OneToOneField(Opportunity, on_delete=models.CASCADE, related_name="commitment")
    courses = models.ManyToManyField("learning.Course", related_name="+")
    interview_by = models.DateField(_("interview everyone who completes by"))
    sponsored_course = models.ForeignKey(
        "learning.Course", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sponsored_seats = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)


class AutoApplyRequest(models.Model):
    """A worker asked to be applied for automatically when they complete a commitment's path."""

    commitment = models.ForeignKey(TrainingCommitment, on_delete=models.CASCADE, related_name="auto_apply")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["commitment", "worker"], name="auto_apply_once")]


class Application(models.Model):
    class Stage(models.TextChoices):
        APPLIED = "applied", _("Applied")
        SHORTLISTED = "shortlisted", _("Shortlisted")
        INTERVIEW = "interview", _("Interview")
        OFFERED = "offered", _("Offered")
        HIRED = "hired", _("Hired")
        NOT_SELECTED = "not_selected", _("Not selected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Source(models.TextChoices):
        DIRECT = "direct", _("Applied directly")
        INVITATION = "invitation", _("Invited by the employer")
        TRAIN_TO_HIRE = "train_to_hire", _("Completed the training path")

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="applications")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="job_applications")
    stage = models.CharField(max_length=16, choices=Stage.choices, default=Stage.APPLIED)
    source = models.CharField(max_length=16, choices=Source.choices, default=Source.DIRECT)
    message = models.TextField(max_length=2000, blank=True)
    credential_ids = models.JSONField(default=list, blank=True)  # certificates the worker chose to show
    applied_at = models.DateTimeField(default=timezone.now)
    stage_changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["opportunity", "worker"], name="application_once")]
        indexes = [
            models.Index(fields=["opportunity", "stage"], name="application_stage"),
            # a post's applicants in the order they applied, from a cursor (selectors.applicants_for)
            models.Index(fields=["opportunity", "applied_at", "id"], name="application_in_order"),
            models.Index(fields=["worker", "applied_at"], name="application_worker"),
        ]


class ApplicationStep(models.Model):
    """Each stage an application reached, with its date: what the worker sees."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="steps")
    stage = models.CharField(max_length=16, choices=Application.Stage.choices)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["at", "id"]


class Placement(models.Model):
    """A hire: the evidence that training leads to work. Kept without the worker's identity after an
    erasure (worker set null) so that the counts stay right."""

    application = models.OneToOneField(Application, null=True, on_delete=models.SET_NULL, related_name="placement")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="placements")
    employer = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=Opportunity.Kind.choices)
    regency = models.ForeignKey("regions.Regency", null=True, on_delete=models.PROTECT, related_name="+")
    province = models.ForeignKey("regions.Province", null=True, on_delete=models.PROTECT, related_name="+")
    sector = models.ForeignKey("skills.Sector", null=True, on_delete=models.SET_NULL, related_name="+")
    union = models.ForeignKey("organizations.Organization", null=True, on_delete=models.SET_NULL, related_name="+")
    source_course = models.ForeignKey("learning.Course", null=True, on_delete=models.SET_NULL, related_name="+")
    destination_country = models.CharField(max_length=2, blank=True)
    hired_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["hired_at"], name="placement_hired_at")]


class PosterFlag(models.Model):
    """A union officer's report that a poster is abusive or fake: hides nothing by itself, puts the
    poster in the admin's review queue with the reason."""

    employer = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    opportunity = models.ForeignKey(Opportunity, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    flagged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    union = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    reason = models.TextField(max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.CharField(max_length=500, blank=True)


class WorkerSkill(models.Model):
    """One piece of evidence for a worker's skill. Competency certificate units weigh most (verified by
    an LSP), completed courses next, skills the worker declares least; a declared skill never counts
    as proven. With `findable` copied from the preferences it is also the inverted index skill →
    consenting workers."""

    class Source(models.TextChoices):
        COMPETENCY = "competency", _("Competency certificate")
        COURSE = "course", _("Completed course")
        DECLARED = "declared", _("Declared by the worker")

    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    skill = models.ForeignKey("skills.Skill", on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=12, choices=Source.choices)
    source_id = models.BigIntegerField(null=True, blank=True)  # the certificate or course that proves it
    source_label = models.CharField(max_length=200, blank=True)
    level = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1), MaxValueValidator(3)])
    findable = models.BooleanField(default=False)
    since = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["worker", "skill", "source", "source_id"], name="worker_skill_evidence_once"
            ),
        ]
        indexes = [
            models.Index(fields=["skill", "findable"], name="skill_to_findable_workers"),
            models.Index(fields=["worker", "skill"], name="worker_skills"),
        ]


class JobPreference(models.Model):
    """What a worker looks for, and whether employers may find them (off by default). A worker who
    objects to automated matching (UU PDP) is never ranked, and can still browse and apply."""

    worker = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="job_preference")
    kinds = models.JSONField(default=list, blank=True)
    regencies = models.ManyToManyField("regions.Regency", blank=True, related_name="+")
    willing_to_relocate = models.BooleanField(default=False)
    abroad = models.BooleanField(default=False)
    remote = models.BooleanField(default=False)
    findable = models.BooleanField(default=False)
    automated_matching = models.BooleanField(default=True)
    show_union = models.BooleanField(default=False)
    # Applying on completion is asked per opportunity (AutoApplyRequest on its train-to-hire
    # commitment), not as a preference: one flag for "any opportunity" was never read, and was removed.
    updated_at = models.DateTimeField(default=timezone.now)


class JobInvitation(models.Model):
    """An employer's invitation to a consenting candidate to apply for an opportunity. The worker
    accepts (which makes the application, source `invitation`) or declines; until then the employer
    sees no contact details."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the worker")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="invitations")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    message = models.TextField(max_length=1000, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    application = models.ForeignKey(Application, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["opportunity", "worker"], name="job_invitation_once")]
        indexes = [models.Index(fields=["worker", "status"], name="job_invitation_worker")]


def stage_counter(stage: str) -> str:
    """The post's field that counts its applications at this stage (`Opportunity.applicants_<stage>`)."""
    return f"applicants_{stage}"
