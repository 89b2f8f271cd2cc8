from django.apps import AppConfig


class SkillsConfig(AppConfig):
    name = "naker.skills"
    label = "skills"
