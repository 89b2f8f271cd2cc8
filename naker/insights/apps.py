from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


def _forget_offices(sender: Any, instance: Any, **kwargs: Any) -> None:
    """The dashboards and target pages keep each viewer's organisations (`selectors.viewing`): a
    membership changes one person's, an organisation (its kind, level, region, place in the tree)
    everyone's."""
    # imported here: apps.py loads before the app registry is ready, and selectors import models
    from naker.insights import selectors

    selectors.forget_offices(instance.user_id if sender.__name__ == "Membership" else None)


def _forget_targets(sender: Any, instance: Any, **kwargs: Any) -> None:
    """The target pages keep the target's row (`selectors.viewing`): any target saved or deleted."""
    # imported here: apps.py loads before the app registry is ready, and selectors import models
    from naker.insights import selectors

    selectors.forget_targets()


class InsightsConfig(AppConfig):
    name = "naker.insights"
    label = "insights"

    def ready(self) -> None:
        # Imported here: both selectors modules import models, which load after this module.
        from naker.insights import selectors
        from naker.organizations import selectors as org_selectors

        # The member lists of large organisations show an estimate from the aggregates.
        org_selectors.register_people_estimate("insights", selectors.people_estimate)
        for sender in ("organizations.Membership", "organizations.Organization"):
            uid = f"naker.insights.forget_offices.{sender}"
            post_save.connect(_forget_offices, sender=sender, dispatch_uid=uid)
            post_delete.connect(_forget_offices, sender=sender, dispatch_uid=f"{uid}.d")
        target = self.get_model("AdoptionTarget")
        post_save.connect(_forget_targets, sender=target, dispatch_uid="naker.insights.forget_targets")
        post_delete.connect(_forget_targets, sender=target, dispatch_uid="naker.insights.forget_targets.d")
