"""Stable error codes of privacy operations."""

from naker.core.errors import Conflict, DomainError, InvalidInput


class PrivacyRequestInvalid(InvalidInput):
    code = "privacy_request_invalid"


class TooManyOpenRequests(DomainError):
    code = "too_many_open_requests"
    status = 429


class AlreadyAnswered(Conflict):
    code = "already_answered"


class NikTaken(Conflict):
    code = "nik_taken"


class BreachInvalid(InvalidInput):
    code = "breach_invalid"


class NoticeAlreadySent(Conflict):
    code = "notice_already_sent"
