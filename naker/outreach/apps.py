from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "naker.outreach"
    label = "outreach"
