from django.apps import AppConfig

from naker.accounts.events import AccountErased, PersonalDataRequested
from naker.core.events import subscribe
from naker.learning.events import CourseCompleted


class JobsConfig(AppConfig):
    name = "naker.jobs"
    label = "jobs"

    def ready(self) -> None:
        # Imported here: models (reached through services and selectors) load only once apps are ready.
        from naker.jobs.matching import selectors as matching_selectors
        from naker.jobs.matching import services as matching

        # skill profiles from evidence: a completed course's skills become the worker's
        subscribe(CourseCompleted, matching.on_course_completed)
        subscribe(AccountErased, matching.forget_worker)
        subscribe(PersonalDataRequested, matching_selectors.export_section)
