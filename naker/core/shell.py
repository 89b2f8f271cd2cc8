"""What every page's layout adds around its content, made cheaply (issue 13, fifth pass).

- `csrf_token(request)`: the request's masked CSRF token, masked once per request and the same in
  every form of the response (Django's `{% csrf_token %}` masks once per render; a page with a kept
  fragment rendered a second mask apart). The context processor `csrf` hands the templates that
  one token, so the layout, the page's forms and kept fragments (`naker.core.fragments.with_csrf`)
  all carry it; `CsrfViewMiddleware` still sets and checks the cookie as before.
- `kept_include(name, **args)`: `{% kept_include %}`, a template that shows the same to everyone (for
  its arguments and the language) rendered once per process.
- `logout_form(request)`, `footer(request)`: the layout's logout form and footer (language switcher)
  from parts made once per process, language, URL configuration and script prefix (a URL's reversal
  and a translation are the same for those), with the request's own token and path put in.
"""

from __future__ import annotations

import functools
import os
from html import escape
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, get_token
from django.template.loader import get_template
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.translation import gettext

_TOKEN = "_naker_csrf_token"  # noqa: S105 (an attribute name)
_ALLOWED = set(CSRF_ALLOWED_CHARS)


def csrf_token(request: HttpRequest) -> str:
    """The request's masked CSRF token: one per request and secret (`get_token` masks anew on each
    call; a login rotates the secret, which makes a new one)."""
    secret = request.META.get("CSRF_COOKIE")
    found = getattr(request, _TOKEN, None)
    if found is None or found[0] != secret or secret is None:
        if secret is None and "CSRF_COOKIE" not in request.META:
            secret = _new_secret(request)
        token = _masked(request, secret) if secret is not None and _is_secret(secret) else get_token(request)
        setattr(request, _TOKEN, (request.META.get("CSRF_COOKIE"), token))
        return token
    return str(found[1])


def _is_secret(secret: str | None) -> bool:
    return secret is not None and len(secret) == CSRF_SECRET_LENGTH and not set(secret) - _ALLOWED


def _draw() -> list[int]:
    """CSRF_SECRET_LENGTH indexes into CSRF_ALLOWED_CHARS, each uniform, from the system's random source
    (as Django draws a secret or a mask), from one `os.urandom` call instead of one per character."""
    found: list[int] = []
    size = len(CSRF_ALLOWED_CHARS)
    below = 256 - 256 % size  # bytes from `below` up are dropped, so that each character is equally likely
    while len(found) < CSRF_SECRET_LENGTH:
        found.extend(b % size for b in os.urandom(CSRF_SECRET_LENGTH + 8) if b < below)
    return found[:CSRF_SECRET_LENGTH]


def _new_secret(request: HttpRequest) -> str:
    """Django's `get_token` for a request without a secret (a first visit): a new secret, set as the
    cookie on the response, drawn as Django draws it (about 0.1 ms a page of a first visit)."""
    secret = "".join(CSRF_ALLOWED_CHARS[i] for i in _draw())
    request.META.update({"CSRF_COOKIE": secret, "CSRF_COOKIE_NEEDS_UPDATE": True})
    return secret


def _masked(request: HttpRequest, secret: str) -> str:
    """Django's `get_token` for a request that has its secret: the cookie renewed on the response,
    and the secret masked with a fresh random mask. The mask is drawn as Django draws it (each of
    its CSRF_SECRET_LENGTH characters uniform over CSRF_ALLOWED_CHARS, from the system's random
    source), from one `os.urandom` call instead of one per character (about 0.1 ms a page)."""
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    mask = _draw()
    size = len(CSRF_ALLOWED_CHARS)
    index = CSRF_ALLOWED_CHARS.index
    cipher = "".join(CSRF_ALLOWED_CHARS[(index(c) + m) % size] for c, m in zip(secret, mask, strict=True))
    return "".join(CSRF_ALLOWED_CHARS[m] for m in mask) + cipher


def csrf_input(request: HttpRequest) -> SafeString:
    # the token is a mask of letters and digits only; escaped all the same
    return mark_safe(f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(csrf_token(request))}">')  # noqa: S308


def csrf(request: HttpRequest) -> dict[str, Any]:
    """Context processor (after Django's built-in one, which it replaces): the request's one token."""
    return {"csrf_token": SimpleLazyObject(lambda: csrf_token(request))}


@functools.cache
def _parts(language: str, urlconf: Any, prefix: str) -> tuple[str, str, str, str]:
    """The logout form before its token and after it, the footer before its token and after its
    path, for this language and URLs (made once: a reversal and a translation are the same for them)."""
    options = "".join(
        f'<option value="{escape(code)}"{" selected" if code == language else ""}>{escape(str(name))}</option>'
        for code, name in settings.LANGUAGES
    )
    return (
        f'<form method="post" action="{escape(reverse("accounts:logout"))}" class="inline">',
        f'<button class="link">{escape(gettext("Log out"))}</button></form>',
        f'<footer><form action="{escape(reverse("set_language"))}" method="post" class="inline">',
        f'<label for="lang">{escape(gettext("Language"))}</label><select name="language" id="lang">{options}'
        f"</select><button>{escape(gettext('Change'))}</button></form>"
        f'<p class="small">{escape(gettext("Times are shown in WIB (Asia/Jakarta)."))}</p></footer>',
    )


def _now() -> tuple[str, str, str, str]:
    return _parts(translation.get_language(), get_urlconf(), get_script_prefix())


def logout_form(request: HttpRequest | None) -> SafeString:
    start, end, _s, _e = _now()
    token = csrf_input(request) if request is not None else ""
    return mark_safe(f"{start}{token}{end}")  # noqa: S308 (escaped above)


def footer(request: HttpRequest | None) -> SafeString:
    """The language switcher (its `next`: the request's path) and the time zone note."""
    _s, _e, start, end = _now()
    token, path = (csrf_input(request), escape(request.get_full_path())) if request is not None else ("", "")
    return mark_safe(f'{start}{token}<input name="next" type="hidden" value="{path}">{end}')  # noqa: S308


@functools.lru_cache(maxsize=256)
def _included(name: str, args: tuple[tuple[str, Any, bool], ...], *where: Any) -> SafeString:
    """`name` rendered with `args`; `where` (language, URL configuration, script prefix) keys it."""
    return mark_safe(get_template(name).render({k: v for k, v, _safe in args}))  # noqa: S308 (rendered by the engine)


def kept_include(name: str, **args: Any) -> SafeString:
    """A template that shows the same to everyone for its arguments (text, no context: no request, no
    user), the language and the URLs (its translations, `{% url %}`s and `{% static %}` files, which the
    manifest fixes for the process): rendered once per process for them, as `{% include %}` renders it
    with those arguments (issue 13: the offline script's and "Listen"'s labels were a tenth of the
    lesson page). Rendered on each call where templates are reloaded (DEBUG)."""
    # text marked safe is shown as it is, other text escaped: never one kept for the other
    pairs = tuple(sorted((k, v, isinstance(v, SafeData)) for k, v in args.items()))
    if settings.DEBUG:
        return _included.__wrapped__(name, pairs, "", None, "")
    return _included(name, pairs, translation.get_language(), get_urlconf(), get_script_prefix())


@receiver(setting_changed)
def _forget(*, setting: str, **kwargs: Any) -> None:
    if setting in {"LANGUAGES", "ROOT_URLCONF", "LANGUAGE_CODE", "LOCALE_PATHS"}:
        _parts.cache_clear()
    _included.cache_clear()  # static files' storage, templates, ...: any setting may change what they show
