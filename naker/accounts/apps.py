from typing import Any

from django.apps import AppConfig
from django.db import transaction
from django.db.models.signals import post_delete, post_save


def _forget_tokens(sender: Any, instance: Any, **kwargs: Any) -> None:
    """Any change to a user or to one of their tokens drops the user's cached token answers, once the
    change is committed (naker.accounts.selectors.user_for_token): a revocation, a password change,
    an erasure or a demotion from platform admin takes effect on the next call."""
    # Imported here: the app registry loads this module before the models are ready.
    from naker.accounts import selectors

    user_id = instance.pk if sender.__name__ == "User" else instance.user_id
    selectors.forget_tokens_of(user_id)
    # Again after the commit: a call served between the two from the not yet committed rows would
    # have cached the old answer.
    transaction.on_commit(lambda: selectors.forget_tokens_of(user_id))


def _forget_menu(sender: Any, instance: Any, **kwargs: Any) -> None:
    """The page menu shows whether the person is a worker and platform staff (naker.core.layout)."""
    # imported here: apps.py loads before the app registry is ready, and layout reads models
    from naker.core.layout import forget_menu

    forget_menu(instance.pk if sender.__name__ == "User" else instance.user_id)


class AccountsConfig(AppConfig):
    name = "naker.accounts"
    label = "accounts"

    def ready(self) -> None:
        # Imported here: periodic reaches core's models, which load only once apps are ready.
        from naker.core import periodic

        periodic.register(
            "accounts.privacy_overdue",
            func="naker.accounts.privacy.services.notify_overdue_requests",
            cron="*/15 * * * *",
            description="Privacy requests past their 3×24-hour due time: the platform admins are told once each",
        )
        periodic.register(
            "accounts.breach_notices",
            func="naker.accounts.privacy.services.send_pending_breach_notices",
            cron="*/10 * * * *",
            description="Data breach notices marked as sent: emailed to the people affected (catch-up)",
        )
        for model in ("User", "ApiToken"):
            sender = self.get_model(model)
            post_save.connect(_forget_tokens, sender=sender, dispatch_uid=f"naker.accounts.forget_tokens.{model}")
            post_delete.connect(_forget_tokens, sender=sender, dispatch_uid=f"naker.accounts.forget_tokens.d.{model}")
        for model in ("User", "WorkerProfile"):
            sender = self.get_model(model)
            post_save.connect(_forget_menu, sender=sender, dispatch_uid=f"naker.accounts.forget_menu.{model}")
            post_delete.connect(_forget_menu, sender=sender, dispatch_uid=f"naker.accounts.forget_menu.d.{model}")
