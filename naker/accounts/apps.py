from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "naker.accounts"
    label = "accounts"
