"""What the member import does when the apps below announce something (subscribed in apps.py)."""

from __future__ import annotations

from naker.accounts.events import AccountErased
from naker.outreach.member_import import services


def delete_refused_rows_of_erased(event: AccountErased) -> None:
    """An erased person's NIK and number must not live on in a refused rows' file."""
    services.forget_erased_account(user_id=event.user.pk)
