from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "naker.core"
    label = "core"
