from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "naker.organizations"
    label = "organizations"
