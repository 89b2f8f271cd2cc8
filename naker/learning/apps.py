from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "naker.learning"
    label = "learning"
