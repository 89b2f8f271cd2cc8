from django.apps import AppConfig

from naker.accounts.events import AccountErased, PersonalDataRequested
from naker.core import events


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
