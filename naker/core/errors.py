"""Domain errors shared by every app. Each app's errors.py subclasses these with stable codes.

The API and the pages turn the same error into the same message: the API through the handler in
naker.config.api, the pages by putting `field_errors` onto the form.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A use case refused. `code` is stable (clients may switch on it); `message` is for people."""

    code = "error"
    status = 400
    default_message: str | Promise = _("The request was refused.")

    def __init__(self, message: str | Promise = "", *, field_errors: Mapping[str, str | Promise] | None = None):
        self.message = str(message or self.default_message)
        self.field_errors = {k: str(v) for k, v in (field_errors or {}).items()}
        super().__init__(self.message)

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "message": self.message,
            "errors": [{"field": f, "message": m} for f, m in self.field_errors.items()],
        }


class InvalidInput(DomainError):
    code = "invalid"
    status = 422
    default_message = _("Some fields need fixing.")


class NotFound(DomainError):
    code = "not_found"
    status = 404
    default_message = _("Not found.")


class Forbidden(DomainError):
    code = "forbidden"
    status = 403
    default_message = _("You may not do this.")


class Conflict(DomainError):
    code = "conflict"
    status = 409
