from django.apps import AppConfig

from naker.accounts.events import (
    AccountErased,
    PersonalDataRequested,
    RegistrationSubmitted,
    UnionNamed,
    WorkerRegistered,
)
from naker.core import events


class OrganizationsConfig(AppConfig):
    name = "naker.organizations"
    label = "organizations"

    def ready(self) -> None:
        # Imported here, not at the top: services load models, which only exist once apps are ready.
        from naker.organizations import services

        events.subscribe(RegistrationSubmitted, services.check_registration_union)
        events.subscribe(WorkerRegistered, services.join_union_on_registration)
        events.subscribe(UnionNamed, services.union_meant)
        events.subscribe(AccountErased, services.forget_on_erasure)
        events.subscribe(PersonalDataRequested, services.memberships_for_export)
