"""Deploy check (`manage.py check --deploy`): a production platform without a signing key cannot
issue certificates (completions still stand; see services.on_course_completed)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register


@register(deploy=True)
def signing_key_configured(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    if getattr(settings, "PRODUCTION", False) and not getattr(settings, "NAKER_SIGNING_KEY_PEM", "").strip():
        return [
            Error(
                "NAKER_SIGNING_KEY_PEM is empty: certificates cannot be signed.",
                hint="Set it to a PEM private key (RSA 2048 or more); keep retired keys after it.",
                id="credentials.E001",
            )
        ]
    return []
