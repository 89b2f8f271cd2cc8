from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save

from naker.accounts.events import (
    AccountErased,
    PersonalDataRequested,
    RegistrationSubmitted,
    UnionNamed,
    WorkerRegistered,
)
from naker.core import events, versions


def _forget_menu(sender: Any, instance: Any, **kwargs: Any) -> None:
    """The page menu lists the person's organisations by name (naker.core.layout): a membership
    changes one person's menu, an organisation everyone's."""
    # imported here: apps.py loads before the app registry is ready, and layout reads models
    from naker.core.layout import forget_menu

    forget_menu(instance.user_id if sender.__name__ == "Membership" else None)


def _forget_trees(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A union's member list keeps the ids of each organisation's tree (selectors.tree_ids): any
    organisation saved or deleted makes a new version of every tree."""
    # imported here: apps.py loads before the app registry is ready, and selectors read models
    from naker.organizations.selectors import TREE_VERSION

    versions.bump(TREE_VERSION)


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
        for model in ("Membership", "Organization"):
            sender = self.get_model(model)
            post_save.connect(_forget_menu, sender=sender, dispatch_uid=f"naker.organizations.forget_menu.{model}")
            post_delete.connect(_forget_menu, sender=sender, dispatch_uid=f"naker.organizations.forget_menu.d.{model}")
        organization = self.get_model("Organization")
        post_save.connect(_forget_trees, sender=organization, dispatch_uid="naker.organizations.forget_trees")
        post_delete.connect(_forget_trees, sender=organization, dispatch_uid="naker.organizations.forget_trees.d")
