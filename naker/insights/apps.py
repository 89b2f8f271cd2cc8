from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "naker.insights"
    label = "insights"
