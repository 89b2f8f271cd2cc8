"""Text messages to a mobile number. One function, so a real SMS gateway replaces only this.

On this machine there is no SMS gateway: the message goes to Django's email backend (the console
in development, files under var/mail with `make run`), addressed to the number, the way password
reset emails do. The log line says so.
"""

from __future__ import annotations

import logging

from django.core.mail import EmailMessage

log = logging.getLogger("naker.sms")


def send_sms(*, phone: str, text: str) -> None:
    """Sends `text` to `phone` (E.164). Here: through the email backend, not a real SMS."""
    log.info("SMS to %s goes to the email backend (no SMS gateway configured)", phone[:-4] + "****")
    EmailMessage(subject=f"SMS {phone}", body=text, to=[f"{phone.lstrip('+')}@sms.invalid"]).send(fail_silently=True)
