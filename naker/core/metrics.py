"""Prometheus metrics (prometheus-client), without personal data: labels are route patterns, methods,
status codes, task and queue names, never a path, a query string or a person.

- `naker_http_request_duration_seconds{route,method}` (histogram) and
  `naker_http_requests_total{route,method,status}`: every request, observed by
  naker.core.jsonlog.RequestLogMiddleware beside its log line;
- `naker_http_request_db_seconds{route}` (histogram): the time a request spent in the database;
- read when scraped: the task queue's depth, its failed tasks and the tasks waiting in the database
  outbox (RQ), and what each app adds with `register_collector()` (the member imports' progress).

In the production layout every process writes its samples into PROMETHEUS_MULTIPROC_DIR and
`/metrics` adds them up (prometheus-client's multiprocess mode); elsewhere (`make run`, tests) each
process counts its own. `/metrics` answers only on loopback without a forwarding proxy in between,
or to `Authorization: Bearer <NAKER_METRICS_TOKEN>` where that is set; nginx lets only loopback
through (deploy/nginx/naker-site.conf).
"""

from __future__ import annotations

import hmac
import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from prometheus_client.registry import Collector

logger = logging.getLogger(__name__)

LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
REQUEST_SECONDS = Histogram(
    "naker_http_request_duration_seconds",
    "Time to answer a request, by route pattern",
    ["route", "method"],
    buckets=LATENCY_BUCKETS,
)
REQUESTS = Counter(
    "naker_http_requests", "Requests answered, by route pattern and status", ["route", "method", "status"]
)
DB_SECONDS = Histogram(
    "naker_http_request_db_seconds",
    "Time a request spent waiting on the database, by route pattern",
    ["route"],
    buckets=LATENCY_BUCKETS,
)

# (name, help, labels) -> rows of (label values, value); each app adds its own in AppConfig.ready()
Sample = tuple[tuple[str, ...], float]
_COLLECTORS: list[tuple[str, str, tuple[str, ...], Callable[[], Iterable[Sample]]]] = []


def register_collector(name: str, doc: str, labels: tuple[str, ...], read: Callable[[], Iterable[Sample]]) -> None:
    """Adds a gauge read when /metrics is scraped (a query, kept cheap: it runs on every scrape)."""
    _COLLECTORS[:] = [c for c in _COLLECTORS if c[0] != name]
    _COLLECTORS.append((name, doc, labels, read))


@contextmanager
def database_timer() -> Iterator[list[float]]:
    """Adds up the time the default connection spends executing queries inside the block."""
    spent = [0.0]

    def timed(execute: Any, sql: Any, params: Any, many: Any, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent[0] += time.perf_counter() - started

    with connection.execute_wrapper(timed):
        yield spent


def observe_request(*, route: str, method: str, status: int, seconds: float, db_seconds: float) -> None:
    try:
        REQUEST_SECONDS.labels(route, method).observe(seconds)
        REQUESTS.labels(route, method, str(status)).inc()
        DB_SECONDS.labels(route).observe(db_seconds)
    except Exception:  # metrics never break a request
        logger.warning("metrics: a request could not be counted", exc_info=True)


def _queue_samples() -> Iterator[Metric]:
    # Imported here: this module is imported while logging is configured (jsonlog's formatter), before
    # the apps are loaded, and task_outbox imports django-tasks-db's models.
    from naker.core import task_outbox

    depth = GaugeMetricFamily("naker_task_queue_depth", "Tasks waiting in a queue", labels=["queue"])
    failed = GaugeMetricFamily("naker_task_failed", "Failed tasks kept for a look (and a retry)", labels=["queue"])
    outbox = GaugeMetricFamily("naker_task_outbox", "Tasks waiting in the database while Redis was away")
    backend = settings.TASKS["default"]["BACKEND"]
    try:
        if backend in settings.RQ_BACKENDS:
            import django_rq

            for name in settings.RQ_QUEUES:
                queue = django_rq.get_queue(name)
                depth.add_metric([name], len(queue))
                failed.add_metric([name], queue.failed_job_registry.count)
            outbox.add_metric([], task_outbox.waiting())
        elif backend == "django_tasks_db.DatabaseBackend":
            from django_tasks_db.models import DBTaskResult

            depth.add_metric(["default"], DBTaskResult.objects.ready().count())
            failed.add_metric(["default"], DBTaskResult.objects.failed().count())
    except Exception:  # a queue that does not answer is left out of this scrape
        logger.warning("metrics: the task queue could not be read", exc_info=True)
    yield from (depth, failed, outbox)


class ScrapeCollector(Collector):
    """What is read at scrape time: the task queues and the apps' own gauges."""

    def collect(self) -> Iterator[Metric]:
        yield from _queue_samples()
        for name, doc, labels, read in list(_COLLECTORS):
            family = GaugeMetricFamily(name, doc, labels=list(labels))
            try:
                for values, value in read():
                    family.add_metric(list(values), value)
            except Exception:  # a failing gauge is left out of this scrape
                logger.warning("metrics: %s could not be read", name, exc_info=True)
                continue
            yield family


def exposition() -> bytes:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    else:
        registry = CollectorRegistry()
        for collector in (REQUEST_SECONDS, REQUESTS, DB_SECONDS):
            registry.register(collector)
    registry.register(ScrapeCollector())
    return generate_latest(registry)


LOOPBACK = ("127.0.0.1", "::1")


def may_scrape(request: HttpRequest) -> bool:
    token = getattr(settings, "NAKER_METRICS_TOKEN", "")
    if token:
        given = request.headers.get("Authorization", "")
        return hmac.compare_digest(given.encode(), f"Bearer {token}".encode())
    # Loopback, straight or through nginx's /metrics location (which forwards no client address).
    return request.META.get("REMOTE_ADDR") in LOOPBACK and "HTTP_X_FORWARDED_FOR" not in request.META


def metrics_view(request: HttpRequest) -> HttpResponse:
    if not may_scrape(request):
        return HttpResponse(status=404)
    return HttpResponse(exposition(), content_type=CONTENT_TYPE_LATEST)
