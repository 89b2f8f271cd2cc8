from django.apps import AppConfig

from naker.accounts.events import AccountErased, PersonalDataRequested
from naker.core.events import subscribe
from naker.learning.events import CourseCompleted, CourseNoticesRequested


class JobsConfig(AppConfig):
    name = "naker.jobs"
    label = "jobs"

    def ready(self) -> None:
        # Imported here: models (reached through services, selectors and periodic's run records) load
        # only once apps are ready.
        from naker.core import periodic
        from naker.jobs import selectors, services

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
