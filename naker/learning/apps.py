from typing import Any

from django.apps import AppConfig, apps
from django.db.models.signals import m2m_changed, post_delete, post_save

from naker.accounts.events import AccountErased, PersonalDataRequested
from naker.core import events


def _forget_catalogue(sender: Any, **kwargs: Any) -> None:
    """What the catalogue and the course pages keep is made again (naker.learning.catalogue)."""
    # imported here: apps.py loads before the app registry is ready, and catalogue reads models
    from naker.learning import catalogue

    catalogue.forget()


# What the catalogue, the course pages and the lesson pages show: a course (title, price, ...), its
# versions (which is published), outline, skills, classes (the province filter), and organisations
# (a provider's name).
CATALOGUE_MODELS = (
    "learning.Course",
    "learning.CourseVersion",
    "learning.Module",
    "learning.Lesson",
    "learning.OfflineSession",
    "organizations.Organization",
)


class LearningConfig(AppConfig):
    name = "naker.learning"
    label = "learning"

    def ready(self) -> None:
        # Imported here, not at the top: selectors load models, which only exist once apps are ready.
        from naker.learning import selectors, services

        def learning_section(event: PersonalDataRequested) -> tuple[str, object]:
            return "learning", selectors.personal_learning_data(event.user)

        events.subscribe(PersonalDataRequested, learning_section)
        events.subscribe(AccountErased, services.forget_learner)
        for label in CATALOGUE_MODELS:
            model = apps.get_model(label)
            uid = f"naker.learning.forget_catalogue.{label}"
            post_save.connect(_forget_catalogue, sender=model, dispatch_uid=uid)
            post_delete.connect(_forget_catalogue, sender=model, dispatch_uid=uid + ".d")
        skills = apps.get_model("learning.Course").skills.through
        m2m_changed.connect(_forget_catalogue, sender=skills, dispatch_uid="naker.learning.forget_catalogue.skills")
