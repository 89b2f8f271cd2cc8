from django.apps import AppConfig

from naker.accounts.events import AccountErased, PersonalDataRequested
from naker.core.events import subscribe
from naker.credentials.events import CompetencyCertified, CompetencyWithdrawn
from naker.learning.events import CourseCompleted, CourseNoticesRequested


class JobsConfig(AppConfig):
    name = "naker.jobs"
    label = "jobs"

    def ready(self) -> None:
        # Imported here: models (reached through services, selectors and periodic's run records) load
        # only once apps are ready.
        from naker.core import periodic
        from naker.jobs import selectors, services
        from naker.jobs.matching import selectors as matching_selectors
        from naker.jobs.matching import services as matching

        subscribe(CourseCompleted, services.on_course_completed)
        subscribe(CourseNoticesRequested, selectors.course_notices)
        subscribe(AccountErased, services.forget_worker)
        subscribe(PersonalDataRequested, selectors.export_section)
        periodic.register(
            "jobs.expire_opportunities",
            func="naker.jobs.services.expire_opportunities",
            cron="5 0 * * *",
            description="Opportunities past their closing date leave the skill index",
        )

        # skill profiles from evidence: a completed course's skills become the worker's
        subscribe(CourseCompleted, matching.on_course_completed)
        subscribe(AccountErased, matching.forget_worker)
        subscribe(PersonalDataRequested, matching_selectors.export_section)
        # ... and a competency certificate's units its verified ones, until it is revoked or expires
        subscribe(CompetencyCertified, matching.on_competency_certified)
        subscribe(CompetencyWithdrawn, matching.on_competency_withdrawn)
