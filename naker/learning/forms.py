"""Page forms for learning. Rules live in services and package checks; these only shape input."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from naker.core.validation import INT32_MAX
from naker.learning.models import Course, Lesson, Module, Question
from naker.regions.selectors import province_choices, regencies
from naker.skills import selectors as skill_selectors

BLANK = [("", "—")]


def _set_choices(form: forms.Form, name: str, choices: list[Any]) -> None:
    """Choices read when the form is made (from the database), not when the module is imported."""
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


def _sector_choices() -> list[tuple[str, str]]:
    return BLANK + skill_selectors.sector_choices()


def _province_choices() -> list[tuple[str, str]]:
    return BLANK + province_choices()


class SearchForm(forms.Form):
    q = forms.CharField(label=_("What do you want to learn?"), required=False, max_length=200)
    theme = forms.ChoiceField(label=_("Theme"), choices=BLANK + list(Course.Theme.choices), required=False)
    track = forms.ChoiceField(label=_("Goal"), choices=BLANK + list(Course.Track.choices), required=False)
    level = forms.ChoiceField(label=_("Level"), choices=BLANK + list(Course.Level.choices), required=False)
    mode = forms.ChoiceField(label=_("How"), choices=BLANK + list(Course.Mode.choices), required=False)
    # Choices read from the (cached) reference data when asked for, not when the form is made: the
    # catalogue's filters are a kept fragment, so most pages never render them (issue 13: copying
    # and normalising ~60 choices was a third of the catalogue's time once the results were kept).
    sector = forms.ChoiceField(label=_("Sector"), required=False, choices=_sector_choices)
    province = forms.ChoiceField(label=_("Class in province"), required=False, choices=_province_choices)
    max_hours = forms.DecimalField(
        label=_("At most hours"), required=False, min_value=1, max_digits=6, decimal_places=1
    )
    free = forms.BooleanField(label=_("Free only"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort"),
        required=False,
        choices=[
            ("", _("Best match")),
            ("newest", _("Newest")),
            ("popular", _("Most learners")),
            ("shortest", _("Shortest")),
            ("title", _("Title")),
        ],
    )


class CourseForm(forms.Form):
    code = forms.SlugField(label=_("Short code (for the address)"), max_length=80)
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    theme = forms.ChoiceField(label=_("Theme"), choices=Course.Theme.choices)
    track = forms.ChoiceField(label=_("Goal"), choices=Course.Track.choices)
    level = forms.ChoiceField(label=_("Level"), choices=Course.Level.choices)
    mode = forms.ChoiceField(label=_("How"), choices=Course.Mode.choices)
    language = forms.ChoiceField(label=_("Language"), choices=[("id", "Bahasa Indonesia"), ("en", "English")])
    estimated_hours = forms.DecimalField(label=_("Estimated hours"), min_value=0.5, max_digits=6, decimal_places=1)
    price_idr = forms.IntegerField(label=_("Price (IDR, 0 = free)"), min_value=0, max_value=INT32_MAX, initial=0)
    sector = forms.ChoiceField(label=_("Sector (KBLI)"), required=False)
    skills = forms.MultipleChoiceField(label=_("Skills taught"), required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "sector", BLANK + [(s.code, s.label) for s in skill_selectors.sectors()])
        _set_choices(self, "skills", [(s.code, s.name) for s in skill_selectors.skills()])


class ModuleForm(forms.Form):
    title = forms.CharField(label=_("Module title"), max_length=200)


def _media_field() -> forms.FileField:
    return forms.FileField(
        label=_("Image or recording (optional)"),
        help_text=_(
            "An image (JPEG, PNG or WebP, at most 1 MB) is shown above the text. "
            "An audio lesson needs its recording (MP3, M4A, OGG, WebM or WAV, at most 20 MB)."
        ),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,audio/*"}),
    )


def _image_alt_field() -> forms.CharField:
    return forms.CharField(
        label=_("What the image shows (read out to people who cannot see it)"), max_length=200, required=False
    )


class LessonForm(forms.Form):
    module = forms.TypedChoiceField(label=_("Module"), coerce=int)
    kind = forms.ChoiceField(label=_("Kind"), choices=Lesson.Kind.choices)
    title = forms.CharField(label=_("Lesson title"), max_length=200)
    body = forms.CharField(
        label=_("Text (or the video's text alternative, or the recording's transcript)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    upload = _media_field()
    image_alt = _image_alt_field()
    media_url = forms.URLField(label=_("Video or file address"), required=False, assume_scheme="https")
    media_size_bytes = forms.IntegerField(label=_("Video or file size (bytes)"), required=False, min_value=1)
    minutes = forms.IntegerField(label=_("Minutes"), min_value=1, max_value=600, initial=10)

    def __init__(self, *args: Any, modules: list[Module] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "module", [(m.pk, m.title) for m in modules or []])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("kind") == Lesson.Kind.AUDIO:
            if not cleaned.get("upload") and not cleaned.get("media_url"):
                self.add_error("upload", _("Upload the recording."))
            if not cleaned.get("body"):
                self.add_error("body", _("Write the transcript: what the recording says, for those who cannot listen."))
        return cleaned


class QuestionForm(forms.Form):
    lesson = forms.TypedChoiceField(label=_("Quiz"), coerce=int)
    kind = forms.ChoiceField(label=_("Kind"), choices=Question.Kind.choices)
    text = forms.CharField(label=_("Question"), widget=forms.Textarea(attrs={"rows": 2}))
    choices = forms.CharField(
        label=_("Choices, one per line; start the right ones with *"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, quizzes: list[Lesson] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "lesson", [(q.pk, q.title) for q in quizzes or []])

    def parsed_choices(self) -> list[dict[str, Any]]:
        lines = [ln.strip() for ln in self.cleaned_data["choices"].splitlines() if ln.strip()]
        return [{"text": ln.lstrip("*").strip(), "correct": ln.startswith("*")} for ln in lines]


class LessonEditForm(forms.Form):
    """Changes to one lesson of the draft (its kind and place stay)."""

    title = forms.CharField(label=_("Lesson title"), max_length=200)
    body = forms.CharField(
        label=_("Text (or the video's text alternative, or the recording's transcript)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    upload = _media_field()
    image_alt = _image_alt_field()
    media_url = forms.URLField(label=_("Video or file address"), required=False, assume_scheme="https")
    media_size_bytes = forms.IntegerField(label=_("Video or file size (bytes)"), required=False, min_value=1)
    minutes = forms.IntegerField(label=_("Minutes"), min_value=1, max_value=600)

    @classmethod
    def of(cls, lesson: Lesson, data: Any = None, files: Any = None) -> LessonEditForm:
        fields = ("title", "body", "media_url", "media_size_bytes", "image_alt", "minutes")
        initial = {k: getattr(lesson, k) for k in fields}
        return cls(data, files, prefix=f"e{lesson.pk}", initial=initial)


class ClassForm(forms.Form):
    """A class for an offline or hybrid course; times are the venue's local time."""

    starts_at = forms.DateTimeField(
        label=_("Starts (venue's local time)"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    ends_at = forms.DateTimeField(
        label=_("Ends (venue's local time)"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    venue = forms.CharField(label=_("Venue (name and street)"), max_length=200)
    regency_code = forms.ChoiceField(label=_("Regency or city of the venue"))
    capacity = forms.IntegerField(label=_("Seats"), min_value=1, max_value=10_000, initial=20)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        grouped: dict[str, list[tuple[str, str]]] = {}
        for r in regencies():
            grouped.setdefault(r.province.name, []).append((r.code, r.name))
        _set_choices(self, "regency_code", [*BLANK, *grouped.items()])


class AttendanceForm(forms.Form):
    code = forms.CharField(label=_("Attendance code (scan the worker's QR code)"), max_length=500)


class ReviewForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the provider"),
        help_text=_("Needed when you send the course back: say what to change."),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
