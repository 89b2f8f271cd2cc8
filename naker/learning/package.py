"""The course package: one JSON document with a course, its modules, lessons, quizzes and skills,
so that a partner platform can sync its catalogue. Checked whole: every problem is listed with
where it is, and nothing is written unless there is none. The format is in docs/course-package.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from naker.core.validation import NUL_MESSAGE, has_nul
from naker.learning.models import Course, Lesson, Question, course_code_valid

COURSE_FIELDS = {
    "code",
    "title",
    "summary",
    "language",
    "level",
    "track",
    "theme",
    "sector",
    "occupation",
    "skills",
    "estimated_hours",
    "price_idr",
    "mode",
    "modules",
}
REQUIRED = ("code", "title", "summary", "theme", "estimated_hours", "modules")
# Positions are small integers (at most 32,767): no list of a package comes near that.
MAX_ITEMS = 1000
MAX_CHOICES = 26
MEDIA_URL_MAX_LENGTH = Lesson._meta.get_field("media_url").max_length or 200
OWN_MEDIA_PREFIX = "/media/"
# Lesson images and recordings uploaded to the platform (naker.learning.media).
PUBLIC_MEDIA_PREFIX = "/media/public/"
# Kinds of lesson that play or download a file: its address and its size are required.
MEDIA_KINDS = (Lesson.Kind.VIDEO, Lesson.Kind.FILE, Lesson.Kind.AUDIO)


@dataclass
class Problems:
    items: list[tuple[str, str]] = field(default_factory=list)

    def add(self, where: str, message: str) -> None:
        self.items.append((where, message))


def _choice(value: Any, choices: Any, where: str, problems: Problems, default: str | None = None) -> str:
    if value is None and default is not None:
        return default
    if value not in choices.values:
        problems.add(where, _("must be one of: %(options)s") % {"options": ", ".join(choices.values)})
    return str(value)


def _text(
    data: dict[str, Any], key: str, where: str, problems: Problems, *, required: bool = True, max_length: int = 200
) -> str:
    value = data.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            problems.add(f"{where}.{key}" if where else key, _("is required"))
        return ""
    if not isinstance(value, str):
        problems.add(f"{where}.{key}" if where else key, _("must be text"))
        return ""
    if len(value) > max_length:
        problems.add(f"{where}.{key}" if where else key, _("is longer than %(n)d characters") % {"n": max_length})
    if has_nul(value):
        problems.add(f"{where}.{key}" if where else key, str(NUL_MESSAGE))
    return value.strip()


def _list(value: Any, where: str, problems: Problems, *, most: int = MAX_ITEMS) -> list[Any]:
    """The items of a list of the package, refusing more than a column of positions holds."""
    if isinstance(value, list) and len(value) > most:
        problems.add(where, _("has more than %(n)d items") % {"n": most})
        return []
    return value if isinstance(value, list) else []


def _media_url(lesson: dict[str, Any], where: str, problems: Problems, *, required: bool) -> str:
    """A lesson's video or file: an https address, or a file of the platform's own /media/."""
    url = _text(lesson, "media_url", where, problems, required=required, max_length=MEDIA_URL_MAX_LENGTH)
    if url and not media_url_allowed(url):
        problems.add(f"{where}.media_url", _("must be an https:// address (or a /media/ file of this site)"))
    return url


def media_url_allowed(url: str) -> bool:
    if url.startswith(OWN_MEDIA_PREFIX):
        return ".." not in url and "\\" not in url and not url.startswith(OWN_MEDIA_PREFIX + "/")
    try:
        URLValidator(schemes=["https"])(url)
    except ValidationError:
        return False
    return True


def _code(package: dict[str, Any], problems: Problems) -> str:
    """The course's code, lowercased; it names the course in addresses, so it has the slug form."""
    code = _text(package, "code", "", problems, max_length=80).lower()
    if code and not has_nul(code) and not course_code_valid(code):
        problems.add("code", _("may hold only letters, digits and hyphens (-)"))
    return code


def _number(value: Any, where: str, problems: Problems, *, minimum: int = 0, maximum: int = 10**9) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not minimum <= value <= maximum:
        problems.add(where, _("must be a whole number from %(lo)d to %(hi)d") % {"lo": minimum, "hi": maximum})
        return minimum
    return value


def check_question(q: Any, where: str, problems: Problems) -> dict[str, Any]:
    if not isinstance(q, dict):
        problems.add(where, _("must be an object"))
        return {}
    kind = _choice(q.get("kind"), Question.Kind, f"{where}.kind", problems)
    text = _text(q, "text", where, problems, max_length=2000)
    choices = q.get("choices")
    if not isinstance(choices, list) or len(choices) < 2:
        problems.add(f"{where}.choices", _("needs at least two choices"))
        return {"kind": kind, "text": text, "choices": []}
    clean: list[dict[str, Any]] = []
    for i, c in enumerate(_list(choices, f"{where}.choices", problems, most=MAX_CHOICES)):
        cw = f"{where}.choices[{i}]"
        if not isinstance(c, dict):
            problems.add(cw, _("must be an object"))
            continue
        clean.append({"text": _text(c, "text", cw, problems, max_length=300), "correct": c.get("correct") is True})
    right = sum(c["correct"] for c in clean)
    if right == 0:
        problems.add(f"{where}.choices", _("no choice is marked correct"))
    elif kind in (Question.Kind.SINGLE, Question.Kind.TRUE_FALSE) and right > 1:
        problems.add(f"{where}.choices", _("only one choice may be correct for this kind of question"))
    if kind == Question.Kind.TRUE_FALSE and len(clean) != 2:
        problems.add(f"{where}.choices", _("a true/false question has exactly two choices"))
    return {"kind": kind, "text": text, "choices": clean}


def check_lesson(lesson: Any, where: str, problems: Problems, *, require_questions: bool = True) -> dict[str, Any]:
    if not isinstance(lesson, dict):
        problems.add(where, _("must be an object"))
        return {}
    kind = _choice(lesson.get("kind"), Lesson.Kind, f"{where}.kind", problems)
    out: dict[str, Any] = {
        "kind": kind,
        "title": _text(lesson, "title", where, problems),
        "body": _text(lesson, "body", where, problems, required=kind == Lesson.Kind.TEXT, max_length=100_000),
        "media_url": _media_url(lesson, where, problems, required=kind in MEDIA_KINDS),
        "minutes": _number(lesson.get("minutes", 10), f"{where}.minutes", problems, minimum=1, maximum=600),
    }
    if kind in MEDIA_KINDS:
        out["media_size_bytes"] = _number(
            lesson.get("media_size_bytes"), f"{where}.media_size_bytes", problems, minimum=1
        )
    if kind == Lesson.Kind.VIDEO and not out["body"]:
        problems.add(f"{where}.body", _("a video needs a text alternative"))
    if kind == Lesson.Kind.AUDIO and not out["body"]:
        problems.add(f"{where}.body", _("a recording needs its transcript"))
    image_url = _text(lesson, "image_url", where, problems, required=False)
    if image_url:
        if not image_url.startswith(PUBLIC_MEDIA_PREFIX) or not media_url_allowed(image_url):
            problems.add(f"{where}.image_url", _("must be an image uploaded to this site"))
        out["image_url"] = image_url
        out["image_size_bytes"] = _number(
            lesson.get("image_size_bytes"), f"{where}.image_size_bytes", problems, minimum=1
        )
        out["image_alt"] = _text(lesson, "image_alt", where, problems, required=True)
    if kind == Lesson.Kind.QUIZ:
        out["pass_mark"] = _number(lesson.get("pass_mark", 70), f"{where}.pass_mark", problems, minimum=1, maximum=100)
        out["max_attempts"] = _number(
            lesson.get("max_attempts", 3), f"{where}.max_attempts", problems, minimum=1, maximum=20
        )
        out["retry_wait_minutes"] = _number(
            lesson.get("retry_wait_minutes", 60), f"{where}.retry_wait_minutes", problems, maximum=10080
        )
        questions = lesson.get("questions") or []
        if isinstance(questions, list):
            questions = _list(questions, f"{where}.questions", problems)
        if not isinstance(questions, list) or (require_questions and not questions):
            problems.add(f"{where}.questions", _("a quiz needs at least one question"))
            questions = []
        out["questions"] = [check_question(q, f"{where}.questions[{i}]", problems) for i, q in enumerate(questions)]
    return out


def _check_modules(modules: Any, problems: Problems) -> list[dict[str, Any]]:
    if not isinstance(modules, list) or not modules:
        problems.add("modules", _("a course needs at least one module"))
        return []
    out = []
    for m, module in enumerate(_list(modules, "modules", problems)):
        where = f"modules[{m}]"
        if not isinstance(module, dict):
            problems.add(where, _("must be an object"))
            continue
        lessons = module.get("lessons")
        if not isinstance(lessons, list) or not lessons:
            problems.add(f"{where}.lessons", _("a module needs at least one lesson"))
            lessons = []
        out.append(
            {
                "title": _text(module, "title", where, problems),
                "lessons": [
                    check_lesson(le, f"{where}.lessons[{i}]", problems)
                    for i, le in enumerate(_list(lessons, f"{where}.lessons", problems))
                ],
            }
        )
    return out


def check_package(
    package: Any, *, known_skills: set[str], known_sectors: set[str], known_occupations: set[str]
) -> tuple[dict[str, Any], Problems]:
    """The package, cleaned, and every problem in it."""
    problems = Problems()
    if not isinstance(package, dict):
        problems.add("", _("the package must be a JSON object"))
        return {}, problems
    for unknown in sorted(set(package) - COURSE_FIELDS):
        problems.add(unknown, _("is not a field of the package"))
    for key in REQUIRED:
        if key not in package:
            problems.add(key, _("is required"))
    clean: dict[str, Any] = {
        "code": _code(package, problems),
        "title": _text(package, "title", "", problems),
        "summary": _text(package, "summary", "", problems, max_length=5000),
        "language": _choice(
            package.get("language"), type("L", (), {"values": ["id", "en"]}), "language", problems, "id"
        ),
        "level": _choice(package.get("level"), Course.Level, "level", problems, Course.Level.BEGINNER),
        "track": _choice(package.get("track"), Course.Track, "track", problems, Course.Track.UPSKILLING),
        "theme": _choice(package.get("theme"), Course.Theme, "theme", problems),
        "mode": _choice(package.get("mode"), Course.Mode, "mode", problems, Course.Mode.ONLINE),
        "price_idr": _number(package.get("price_idr", 0), "price_idr", problems, maximum=100_000_000),
    }
    try:
        hours = Decimal(str(package.get("estimated_hours")))
        if not 0 < hours <= 10000:
            raise InvalidOperation
        clean["estimated_hours"] = hours
    except (InvalidOperation, ValueError):
        problems.add("estimated_hours", _("must be a number of hours above 0"))
    for key, known in (("sector", known_sectors), ("occupation", known_occupations)):
        value = package.get(key)
        if value is not None and str(value) not in known:
            problems.add(key, _("unknown code %(code)s") % {"code": value})
        clean[key] = str(value) if value is not None else None
    skills = package.get("skills", [])
    if not isinstance(skills, list):
        problems.add("skills", _("must be a list of skill codes"))
        skills = []
    for i, code in enumerate(_list(skills, "skills", problems)):
        if str(code) not in known_skills:
            problems.add(f"skills[{i}]", _("unknown skill code %(code)s") % {"code": code})
    clean["skills"] = [str(c) for c in skills]
    clean["modules"] = _check_modules(package.get("modules"), problems)
    return clean, problems
