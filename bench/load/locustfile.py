"""Launch-day load on Kadin for Naker (issue 14, item 3): locust scenario, loopback only.

Run by bench/load/run.py (`make load`), which steps the number of users; by hand:

    LOAD_RUN=3 LOAD_SEEDED=100000 .venv/bin/locust -f bench/load/locustfile.py --headless \
        -H https://127.0.0.1:8643 -u 20 -r 5 -t 60s

Who comes (weights): newcomers who register through the API and start learning (2), seeded workers
who log in (page login with CSRF, and a token) and search, read course pages and mark lessons done
(5), officers who open their dashboards (admin: nation, a province, a regency; union; chamber) (1),
and with LOAD_IMPORT_ROWS > 0 one union officer who uploads a member list of that many rows through
the import pages, confirms the columns and polls the progress page until the import is done (the
step then ends). Each person connects from their own loopback address (identities.source_address).

Request names are the request kinds of the report: "register", "login page", "token", "search",
"search page", "course page", "course", "enrol", "lesson done", "dashboard <scope>", "import upload",
"import confirm", "import poll", and the event "import 10000 rows" (upload to done).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import sys
import time
from pathlib import Path
from typing import Any

import gevent
import urllib3
from locust import HttpUser, between, constant, events, task
from requests.adapters import HTTPAdapter

sys.path.insert(0, str(Path(__file__).resolve().parent))
import identities  # bench/load/identities.py, beside this file

urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)  # loopback's self-signed certificate

RUN = int(os.environ.get("LOAD_RUN", "0"))
SEEDED = int(os.environ.get("LOAD_SEEDED", "300"))
IMPORT_ROWS = int(os.environ.get("LOAD_IMPORT_ROWS", "0"))
IMPORT_ORG = os.environ.get("LOAD_IMPORT_ORG", "ksbsi-dki")
PASSWORD = "naker-demo"  # demo and seeded accounts (naker.accounts.demo.DEMO_PASSWORD)
NEW_PASSWORD = "Load-test-sandi-2026"
QUERIES = identities.queries()
COURSES: list[str] = []
STARTED = [time.monotonic()]  # when the test started
_people = itertools.count()
_newcomers = itertools.count()
_officers = itertools.count()
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@events.init.add_listener
def _guard(environment: Any, **_kw: Any) -> None:
    host = environment.host or ""
    identities.require_loopback(host)  # raises: never against anything but this machine


STATUS: dict[str, dict[str, int]] = {}  # request kind -> status (or "exception") -> count
SHED_WITHOUT_RETRY_AFTER: dict[str, int] = {}  # 503s that did not say when to come back


# Once a session (Argon2 by design, ADR 0010) or the import's own steps: reported, but the saturation
# point is judged on what people do all session long (BROWSE_TIMES).
SESSION_KINDS = {"register", "token", "login page", "import page", "import upload", "import mapping", "import confirm"}
BROWSE_TIMES: list[float] = []


@events.request.add_listener
def _count_status(name: str, response: Any = None, exception: Any = None, response_time: float = 0, **_kw: Any) -> None:
    if response is None and exception is None:  # the import's own event (upload to done)
        return
    if name not in SESSION_KINDS:
        BROWSE_TIMES.append(response_time)
    code = str(getattr(response, "status_code", None) or "exception")
    if code == "0":  # requests could not connect, or timed out
        code = "exception"
    counts = STATUS.setdefault(name, {})
    counts[code] = counts.get(code, 0) + 1
    if code == "503" and not response.headers.get("Retry-After"):
        SHED_WITHOUT_RETRY_AFTER[name] = SHED_WITHOUT_RETRY_AFTER.get(name, 0) + 1


@events.quitting.add_listener
def _write_status(environment: Any, **_kw: Any) -> None:
    target = os.environ.get("LOAD_STATUS_FILE")
    if target:
        times = sorted(BROWSE_TIMES)
        browse = {
            "requests": len(times),
            **{f"p{q}": times[min(len(times) - 1, int(len(times) * q / 100))] if times else 0 for q in (50, 95, 99)},
        }
        Path(target).write_text(
            json.dumps({"status": STATUS, "503_without_retry_after": SHED_WITHOUT_RETRY_AFTER, "browse": browse})
        )


@events.test_start.add_listener
def _courses(environment: Any, **_kw: Any) -> None:
    """The published course codes, from the public API (the scenario reads what the site offers)."""
    import requests

    STARTED[0] = time.monotonic()
    COURSES.clear()
    for page in range(1, 4):
        r = requests.get(f"{environment.host}/api/v1/courses", params={"page": page}, verify=False, timeout=30)  # noqa: S501 (loopback, self-signed)
        if r.status_code != 200:
            break
        COURSES.extend(item["code"] for item in r.json()["items"])
        if page >= r.json()["pages"]:
            break
    if not COURSES:
        raise RuntimeError("no published courses: seed the demo data first")


class FromAddress(HTTPAdapter):
    """Connects from one loopback source address."""

    def __init__(self, address: str, **kwargs: Any) -> None:
        self._source = (address, 0)
        super().__init__(**kwargs)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["source_address"] = self._source
        super().init_poolmanager(*args, **kwargs)


class Person(HttpUser):
    abstract = True
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.client.verify = False
        adapter = FromAddress(identities.source_address(next(_people)))
        self.client.mount("https://", adapter)
        self.client.mount("http://", adapter)
        self.token = ""
        self.enrolled: dict[str, list[int]] = {}

    # --- logging in
    def page_login(self, login: str, password: str) -> bool:
        r = self.client.get("/akun/masuk/", name="login page")
        found = CSRF_INPUT.search(r.text or "")
        if not found:
            return False
        with self.client.post(
            "/akun/masuk/",
            data={"csrfmiddlewaretoken": found.group(1), "username": login, "password": password},
            headers={"Referer": f"{self.host}/akun/masuk/"},
            name="login page",
            allow_redirects=False,
            catch_response=True,
        ) as r:
            if r.status_code != 302:
                r.failure(f"login refused ({r.status_code})")
                return False
        return True

    def token_login(self, login: str, password: str) -> None:
        r = self.client.post("/api/v1/auth/token", json={"login": login, "password": password}, name="token")
        if r.status_code == 200:
            self.token = r.json()["token"]

    def api(self, method: str, path: str, name: str, **kwargs: Any) -> Any:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        return self.client.request(method, f"/api/v1{path}", name=name, headers=headers, **kwargs)

    # --- what workers do
    def search(self) -> None:
        self.api("GET", "/courses", "search", params={"q": random.choice(QUERIES)})

    def search_page(self) -> None:
        self.client.get("/kursus/", params={"q": random.choice(QUERIES)}, name="search page")

    def course_page(self) -> None:
        self.client.get(f"/kursus/{random.choice(COURSES)}/", name="course page")

    def learn(self) -> None:
        """Enrol in a course (once), then mark its next lesson done (quizzes are left for the quiz)."""
        if not self.token:
            return
        if not self.enrolled or (random.random() < 0.2 and len(self.enrolled) < 3):
            code = random.choice(COURSES)
            if code not in self.enrolled:
                r = self.api("GET", f"/courses/{code}", "course")
                if r.status_code != 200:
                    return
                lessons = [le["id"] for m in r.json()["outline"] for le in m["lessons"] if le["kind"] != "quiz"]
                if self.api("POST", f"/courses/{code}/enrolment", "enrol").status_code != 201:
                    return
                self.enrolled[code] = lessons
        code = random.choice(list(self.enrolled))
        if self.enrolled[code]:
            self.api("POST", f"/lessons/{self.enrolled[code].pop(0)}/done", "lesson done")


class Newcomer(Person):
    """Registers through the API with a new NIK and phone, takes a token, and starts learning."""

    weight = 2

    def on_start(self) -> None:
        super().on_start()
        who = identities.person(RUN, next(_newcomers))
        body = {
            "full_name": who["full_name"],
            "phone": who["phone"],
            "password": NEW_PASSWORD,
            "nik": who["nik"],
            "regency_code": who["regency_code"],
            "consent": True,
            "education": "smk",
            "employment_status": "looking",
        }
        with self.client.post("/api/v1/auth/register", json=body, name="register", catch_response=True) as r:
            if r.status_code != 201:
                r.failure(f"register {r.status_code}")
                return
        self.token_login(who["phone"], NEW_PASSWORD)

    @task(3)
    def t_search(self) -> None:
        self.search()

    @task(2)
    def t_course(self) -> None:
        self.course_page()

    @task(3)
    def t_learn(self) -> None:
        self.learn()


class Returning(Person):
    """A seeded worker: logs in on the page (session) and through the API (token), then browses and learns."""

    weight = 5

    def on_start(self) -> None:
        super().on_start()
        login = identities.seeded_phone(random.randrange(max(SEEDED, 1)))
        self.page_login(login, PASSWORD)
        self.token_login(login, PASSWORD)

    @task(3)
    def t_search_page(self) -> None:
        self.search_page()

    @task(2)
    def t_search(self) -> None:
        self.search()

    @task(3)
    def t_course(self) -> None:
        self.course_page()

    @task(3)
    def t_learn(self) -> None:
        self.learn()

    @task(1)
    def t_my_learning(self) -> None:
        self.client.get("/belajar/", name="my learning page")


# (login, scopes they open): every scope the demo officers oversee.
OFFICERS = [
    ("admin@demo.naker.id", ["nation", "province:32", "regency:32.75"]),
    ("serikat@demo.naker.id", ["organization:ksbsi-dki"]),
    ("kadin@demo.naker.id", [""]),
]


class Officer(Person):
    """An officer of the platform, a union or a chamber: logs in on the page, opens their dashboards."""

    weight = 1
    wait_time = between(2, 5)

    def on_start(self) -> None:
        super().on_start()
        self.login, self.scopes = OFFICERS[next(_officers) % len(OFFICERS)]  # every scope in every step
        self.page_login(self.login, PASSWORD)

    @task
    def t_dashboard(self) -> None:
        scope = random.choice(self.scopes)
        kind = scope.split(":")[0] if scope else "chamber"
        self.client.get("/dasbor/", params={"scope": scope} if scope else None, name=f"dashboard {kind}")


class Importer(Person):
    """The union officer's member import: upload, confirm the guessed columns, poll until done."""

    fixed_count = 1 if IMPORT_ROWS > 0 else 0
    weight = 0
    wait_time = constant(2)

    def on_start(self) -> None:
        super().on_start()
        self.progress_url = ""
        self.started = 0.0
        if IMPORT_ROWS <= 0 or not self.page_login("serikat@demo.naker.id", PASSWORD):
            return
        page = f"/organisasi/{IMPORT_ORG}/impor/"
        token = CSRF_INPUT.search(self.client.get(page, name="import page").text or "")
        if not token:
            return
        self.started = time.monotonic()
        upload = {"file": ("anggota-load.csv", identities.member_csv(RUN, IMPORT_ROWS), "text/csv")}
        r = self.client.post(
            page,
            data={"csrfmiddlewaretoken": token.group(1)},
            files=upload,
            headers={"Referer": f"{self.host}{page}"},
            name="import upload",
            allow_redirects=False,
        )
        if r.status_code != 302:
            return
        mapping_url = r.headers["Location"]
        r = self.client.get(mapping_url, name="import mapping")
        token = CSRF_INPUT.search(r.text or "")
        if not token:
            return
        # The columns as the officer confirms them (the page's guess is the same for these headers).
        columns = ["full_name", "nik", "phone", "regency", "birth_date"]
        data = {"csrfmiddlewaretoken": token.group(1), "consent_attested": "on"}
        data.update({f"col_{i}": field for i, field in enumerate(columns)})
        r = self.client.post(
            mapping_url,
            data=data,
            headers={"Referer": f"{self.host}{mapping_url}"},
            name="import confirm",
            allow_redirects=False,
        )
        if r.status_code == 302:
            self.progress_url = mapping_url

    @task
    def poll(self) -> None:
        if not self.progress_url:
            self.stop_when_done()
            return
        r = self.client.get(self.progress_url, name="import poll", headers={"HX-Request": "true"})
        status = re.search(r'<p id="status">([^<]*)</p>', r.text or "")
        counts = re.findall(r'<dd id="(created|linked|refused)">(\d+)</dd>', r.text or "")
        if "hx-trigger" not in (r.text or "") and r.status_code == 200:  # the page stops polling when done
            elapsed = time.monotonic() - self.started
            events.request.fire(
                request_type="IMPORT",
                name=f"import {IMPORT_ROWS} rows",
                response_time=elapsed * 1000,
                response_length=0,
                exception=None,
                context={},
            )
            print(
                f"import finished in {elapsed:.1f} s: {status.group(1) if status else '?'} {dict(counts)}", flush=True
            )
            self.progress_url = ""
            self.finished = True

    def stop_when_done(self) -> None:
        """With LOAD_STOP_AFTER_IMPORT=1 the step ends once the import is done and it has lasted at
        least LOAD_MIN_SECONDS (the import's step is as long as the others, or as long as the import)."""
        minimum = float(os.environ.get("LOAD_MIN_SECONDS", "0"))
        if (
            getattr(self, "finished", False)
            and os.environ.get("LOAD_STOP_AFTER_IMPORT") == "1"
            and time.monotonic() - STARTED[0] >= minimum
        ):
            # From a greenlet of its own: quit() stops every user, this one too, before it would finish.
            gevent.spawn(self.environment.runner.quit)
