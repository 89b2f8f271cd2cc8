from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "naker.regions"
    label = "regions"
