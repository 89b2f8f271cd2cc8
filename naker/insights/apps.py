from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "naker.insights"
    label = "insights"

    def ready(self) -> None:
        # Imported here: both selectors modules import models, which load after this module.
        from naker.insights import selectors
        from naker.organizations import selectors as org_selectors

        # The member lists of large organisations show an estimate from the aggregates.
        org_selectors.register_people_estimate("insights", selectors.people_estimate)
