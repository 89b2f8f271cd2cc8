"""Bytes and requests of the worker pages, as a phone on a slow line pays for them (issue 12, item 4).

Run by `make bench` (bench/child.py step `pages`), or alone: `bench/run.py --only pages`.

Static files are collected first (hashed names, pre-compressed), as `make run` and the production
layout serve them. For each page, a first visit with an empty browser cache fetches the HTML, its
stylesheets, scripts and images and the favicon, each with `Accept-Encoding: gzip`; a second visit
fetches again only what the first answers did not allow the browser to keep (no `max-age`, or 0).
Bytes are the compressed bodies plus the response headers as sent. Budget (DESIGN.md §6): first
visit < 20 KB, second visit = the HTML alone.
"""

from __future__ import annotations

import re
import tempfile
from typing import Any

BUDGET_FIRST_VISIT = 20 * 1024
ASSET = re.compile(r'<(?:link[^>]+rel="(?:stylesheet|icon)"[^>]*href|script[^>]+src|img[^>]+src)="([^"]+)"')


def _cacheable(response: Any) -> bool:
    control = response.get("Cache-Control", "")
    found = re.search(r"max-age=(\d+)", control)
    return bool(found and int(found.group(1)) > 0 and "no-cache" not in control and "no-store" not in control)


def _size(response: Any) -> int:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    headers = sum(len(k) + len(v) + 4 for k, v in response.items()) + len("HTTP/1.1 200 OK\r\n\r\n")
    return len(body) + headers


def _visit(client: Any, url: str, cache: dict[str, bool]) -> tuple[int, int, list[str]]:
    """One visit: (bytes, requests, the assets fetched). `cache` holds what the browser kept."""
    gzip = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}
    response = client.get(url, **gzip)
    assert response.status_code == 200, (url, response.status_code)
    import gzip as gz

    raw = b"".join(response.streaming_content) if response.streaming else response.content
    html = (gz.decompress(raw) if response.get("Content-Encoding") == "gzip" else raw).decode()
    total, requests, fetched = _size(response), 1, []
    assets = [*dict.fromkeys(ASSET.findall(html)), "/favicon.ico"]
    for asset in assets:
        if not asset.startswith("/") or cache.get(asset):
            continue
        answer = client.get(asset, **gzip)
        assert answer.status_code == 200, (url, asset, answer.status_code)
        total += _size(answer)
        requests += 1
        fetched.append(asset)
        cache[asset] = _cacheable(answer)
    return total, requests, fetched


def measure() -> dict[str, Any]:
    from django.core.management import call_command
    from django.test import Client, override_settings

    from naker.accounts.models import User
    from naker.learning.models import Enrolment, Lesson

    with tempfile.TemporaryDirectory() as root, override_settings(STATIC_ROOT=root, WHITENOISE_USE_FINDERS=False):
        call_command("collectstatic", interactive=False, verbosity=0, ignore_patterns=["admin", "ninja"])
        enrolment = Enrolment.objects.filter(user__worker__isnull=False).select_related("user", "course").first()
        assert enrolment is not None, "seed_demo first: no worker with an enrolment"
        lesson = Lesson.objects.filter(module__version=enrolment.version, kind="text").order_by("pk").first()
        pages = {
            "home": ("/", None),
            "catalogue": ("/kursus/", None),
            "search results": ("/kursus/?q=las", None),
            "course": (f"/kursus/{enrolment.course.code}/", None),
            "register": ("/akun/daftar/", None),
            "log in": ("/akun/masuk/", None),
            "my learning": ("/belajar/", enrolment.user),
            "lesson": (f"/belajar/pelajaran/{lesson.pk}/" if lesson else "/belajar/", enrolment.user),
            "my certificates": ("/sertifikat/", enrolment.user),
            "my account": ("/akun/saya/", enrolment.user),
        }
        results: dict[str, Any] = {}
        for name, (url, user) in pages.items():
            client = Client()
            if user is not None:
                client.force_login(User.objects.get(pk=user.pk))
            cache: dict[str, bool] = {}
            first_bytes, first_requests, assets = _visit(client, url, cache)
            second_bytes, second_requests, again = _visit(client, url, cache)
            results[name] = {
                "url": url,
                "first_bytes": first_bytes,
                "first_requests": first_requests,
                "second_bytes": second_bytes,
                "second_requests": second_requests,
                "assets": assets,
                "refetched": again,
                "within_budget": first_bytes < BUDGET_FIRST_VISIT and second_requests == 1,
            }
        return results


def report(results: dict[str, Any]) -> None:
    print(f"  worker pages (compressed; budget: first visit < {BUDGET_FIRST_VISIT // 1024} KB, second = HTML alone)")
    for name, r in results.items():
        verdict = "ok" if r["within_budget"] else "OVER BUDGET"
        print(
            f"  {name:<18} first {r['first_bytes'] / 1024:6.1f} KB in {r['first_requests']} requests   "
            f"second {r['second_bytes'] / 1024:5.1f} KB in {r['second_requests']}   {verdict}"
        )
