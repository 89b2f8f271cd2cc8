from django.utils.translation import gettext_lazy as _

from naker.core.errors import Conflict, Forbidden, InvalidInput, NotFound


class CourseNotFound(NotFound):
    code = "course_not_found"
    default_message = _("No published course has this code.")


class LessonNotFound(NotFound):
    code = "lesson_not_found"
    default_message = _("This lesson is not part of a course you are enrolled in.")


class NotProviderStaff(Forbidden):
    code = "not_provider_staff"
    default_message = _("Only the provider's staff can change its courses.")


class NotPlatformAdmin(Forbidden):
    code = "not_platform_admin"
    default_message = _("Only a platform administrator reviews courses.")


class PackageInvalid(InvalidInput):
    code = "package_invalid"


class CourseInvalid(InvalidInput):
    code = "course_invalid"


class ReviewInvalid(InvalidInput):
    code = "review_invalid"


class WrongStatus(Conflict):
    code = "wrong_status"


class NotEnrolled(Forbidden):
    code = "not_enrolled"
    default_message = _("Enrol in the course first.")


class EnrolmentNotFound(NotFound):
    code = "enrolment_not_found"
    default_message = _("You are not following this course.")


class AttemptsUsedUp(Conflict):
    code = "attempts_used_up"


class QuizEmpty(InvalidInput):
    code = "quiz_empty"
    default_message = _(
        "Choose an answer to at least one question before sending. Nothing was counted: you still have this attempt."
    )


class QuizOnly(InvalidInput):
    code = "quiz_only"


class NotAWorker(Forbidden):
    code = "not_a_worker"
    default_message = _("Only workers registered with a NIK can enrol.")


class SessionNotFound(NotFound):
    code = "session_not_found"
    default_message = _("No class has this number.")


class InvalidAttendanceCode(InvalidInput):
    code = "invalid_attendance_code"


class NotSessionStaff(Forbidden):
    code = "not_session_staff"
    default_message = _("Only the class's trainer, its provider's staff and its co-hosts' officers may do this.")


class AttemptNotFound(NotFound):
    code = "attempt_not_found"
    default_message = _("This quiz attempt is not one of yours.")


class CoHostRequestNotFound(NotFound):
    code = "co_host_request_not_found"
    default_message = _("This class does not wait for this organisation's answer.")


class NotOfficerOfNamedCoHost(Forbidden):
    code = "not_officer_of_named_co_host"
    default_message = _("Only officers of the organisation named as co-host accept or decline.")
