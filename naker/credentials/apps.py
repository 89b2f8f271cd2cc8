from django.apps import AppConfig

from naker.accounts.events import AccountErased, PersonalDataRequested
from naker.core.events import subscribe
from naker.learning.events import CourseCompleted


class CredentialsConfig(AppConfig):
    name = "naker.credentials"
    label = "credentials"

    def ready(self) -> None:
        # Imported here: models (reached through services and selectors) load only once apps are ready.
        from naker.core import periodic
        from naker.credentials import checks, selectors, services  # noqa: F401 - checks registers a system check

        subscribe(CourseCompleted, services.on_course_completed)
        subscribe(AccountErased, services.forget_holder)
        subscribe(PersonalDataRequested, selectors.export_section)
        periodic.register(
            "credentials.expiry_reminders",
            func="naker.credentials.certification.services.send_expiry_reminders",
            cron="0 8 * * *",
            description="Competency certificates: reminders 90 and 30 days before they end; expired ones withdrawn",
        )
