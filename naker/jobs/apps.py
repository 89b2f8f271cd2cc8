from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "naker.jobs"
    label = "jobs"
