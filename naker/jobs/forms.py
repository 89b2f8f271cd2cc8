"""Page forms of the jobs app. They check the form of what is typed; the rules are the services'."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from naker.core.validation import validate_sane_date
from naker.jobs import selectors, services
from naker.jobs.models import Application, Opportunity

EDUCATION_CHOICES = [
    ("", _("Not required")),
    ("sd", _("Primary school (SD)")),
    ("smp", _("Junior secondary (SMP)")),
    ("sma", _("Senior secondary (SMA/MA)")),
    ("smk", _("Vocational secondary (SMK)")),
    ("diploma", _("Diploma (D1–D3)")),
    ("bachelor", _("Bachelor (D4/S1)")),
]


class DateInput(forms.DateInput):
    input_type = "date"


def _codes(text: str) -> list[str]:
    return [c.strip() for c in (text or "").replace("\n", ",").split(",") if c.strip()]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("What work are you looking for?"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *Opportunity.Kind.choices])
    regency = forms.CharField(label=_("Regency or city code"), required=False, max_length=8)


class OpportunityForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Opportunity.Kind.choices)
    employment = forms.ChoiceField(
        label=_("Employment (jobs)"), required=False, choices=[("", "—"), *Opportunity.Employment.choices]
    )
    title = forms.CharField(label=_("Title"), max_length=160)
    description = forms.CharField(label=_("Description"), max_length=8000, widget=forms.Textarea(attrs={"rows": 5}))
    required_skills = forms.CharField(
        label=_("Required skills (codes, separated by commas)"), max_length=1000, help_text=_("For example: NK-LAS-01")
    )
    nice_skills = forms.CharField(label=_("Nice-to-have skills (codes)"), max_length=1000, required=False)
    regency_code = forms.CharField(
        label=_("Regency or city code"), max_length=8, required=False, help_text=_("For example: 32.75 (Kota Bekasi)")
    )
    remote = forms.BooleanField(label=_("Remote work"), required=False)
    education = forms.ChoiceField(label=_("Minimum education"), choices=EDUCATION_CHOICES, required=False)
    experience_years = forms.IntegerField(label=_("Years of experience"), min_value=0, max_value=60, initial=0)
    openings = forms.IntegerField(label=_("Openings"), min_value=1, max_value=100_000, initial=1)
    pay_min = forms.IntegerField(label=_("Pay from"), min_value=0, required=False)
    pay_max = forms.IntegerField(label=_("Pay up to"), min_value=0, required=False)
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="IDR")
    pay_basis = forms.ChoiceField(
        label=_("Pay basis"), choices=[("", "—"), *Opportunity.PayBasis.choices], required=False
    )
    closes_on = forms.DateField(label=_("Closing date"), widget=DateInput, validators=[validate_sane_date])
    preferred_courses = forms.CharField(label=_("Preferred course certificates (course codes)"), required=False)
    preferred_scheme_codes = forms.CharField(label=_("Preferred BNSP schemes (codes)"), required=False)
    destination_country = forms.ChoiceField(
        label=_("Destination country (work abroad)"),
        required=False,
        choices=[("", "—"), *((code, name) for code, (name, _c) in selectors.DESTINATIONS.items())],
    )
    language_requirement = forms.CharField(label=_("Language requirement"), max_length=200, required=False)
    placement_costs = forms.CharField(
        label=_("Placement costs and who pays them"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    @classmethod
    def initial_of(cls, o: Opportunity) -> dict[str, Any]:
        skills = list(o.skills.all())
        return {
            "kind": o.kind,
            "employment": o.employment,
            "title": o.title,
            "description": o.description,
            "required_skills": ", ".join(s.skill_id for s in skills if s.required),
            "nice_skills": ", ".join(s.skill_id for s in skills if not s.required),
            "regency_code": o.regency_id or "",
            "remote": o.remote,
            "education": o.education,
            "experience_years": o.experience_years,
            "openings": o.openings,
            "pay_min": o.pay_min,
            "pay_max": o.pay_max,
            "currency": o.currency,
            "pay_basis": o.pay_basis,
            "closes_on": o.closes_on,
            "preferred_courses": ", ".join(c.code for c in o.preferred_courses.all()),
            "preferred_scheme_codes": ", ".join(o.preferred_scheme_codes or []),
            "destination_country": o.destination_country,
            "language_requirement": o.language_requirement,
            "placement_costs": o.placement_costs,
        }

    def data_for_service(self) -> services.OpportunityData:
        d = self.cleaned_data
        skills = [services.SkillWanted(code=c, required=True) for c in _codes(d["required_skills"])]
        skills += [services.SkillWanted(code=c, required=False) for c in _codes(d["nice_skills"])]
        return services.OpportunityData(
            kind=d["kind"],
            title=d["title"],
            description=d["description"],
            closes_on=d["closes_on"],
            regency_code=d["regency_code"].strip(),
            remote=d["remote"],
            employment=d["employment"],
            education=d["education"],
            experience_years=d["experience_years"] or 0,
            openings=d["openings"] or 1,
            pay_min=d["pay_min"],
            pay_max=d["pay_max"],
            currency=(d["currency"] or "IDR").upper(),
            pay_basis=d["pay_basis"],
            destination_country=d["destination_country"],
            language_requirement=d["language_requirement"],
            placement_costs=d["placement_costs"],
            worker_costs_idr=0 if d["kind"] == Opportunity.Kind.ABROAD else None,
            skills=skills,
            preferred_courses=_codes(d["preferred_courses"]),
            preferred_scheme_codes=_codes(d["preferred_scheme_codes"]),
        )


# The service names a skill's mistake "skills.<n>.code": on the page it belongs to the skills fields.
SERVICE_FIELDS = {"skills": "required_skills"}


def field_of(name: str) -> str:
    if name.startswith("skills"):
        return "required_skills"
    return SERVICE_FIELDS.get(name, name)


class ApplyForm(forms.Form):
    credential_ids = forms.MultipleChoiceField(
        label=_("Certificates to show the employer"), required=False, widget=forms.CheckboxSelectMultiple
    )
    message = forms.CharField(
        label=_("A short message (optional)"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, credentials: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["credential_ids"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = credentials


class StageForm(forms.Form):
    stage = forms.ChoiceField(
        choices=[(s, s) for s in Application.Stage.values if s not in (Application.Stage.APPLIED, "withdrawn")]
    )
    note = forms.CharField(max_length=500, required=False)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=[("publish", _("Publish")), ("reject", _("Reject"))])
    reason = forms.CharField(label=_("Reason (the employer reads it)"), max_length=500, required=False)


class ResolveForm(forms.Form):
    resolution = forms.CharField(label=_("What was found and done"), max_length=500)


class LicenceForm(forms.Form):
    employer_code = forms.SlugField(label=_("Agency code"), max_length=64)
    number = forms.CharField(label=_("SIP3MI licence number"), max_length=64)
    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput, validators=[validate_sane_date])
    valid_until = forms.DateField(label=_("Valid until"), widget=DateInput, validators=[validate_sane_date])


class FlagForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong with this poster?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )


class CommitmentForm(forms.Form):
    course_codes = forms.CharField(label=_("Courses of the path (codes, separated by commas)"), max_length=1000)
    interview_by = forms.DateField(
        label=_("We interview everyone who completes the path by"), widget=DateInput, validators=[validate_sane_date]
    )
    sponsored_course_code = forms.CharField(label=_("Sponsored course (code, optional)"), max_length=80, required=False)
    sponsored_seats = forms.IntegerField(label=_("Sponsored seats"), min_value=0, max_value=100_000, initial=0)

    def codes(self) -> list[str]:
        return _codes(self.cleaned_data["course_codes"])
