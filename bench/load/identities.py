"""What the load scenario makes up: valid, unique NIKs and mobile numbers, the 10,000-row member
list, the loopback guard and each simulated person's own loopback address. No locust import here:
tests/ops/test_load_helpers.py checks these without it.

Uniqueness. A load run has a number `run` (0..89, bench/load/run.py counts it up in
var/load/run-counter); within a run each made-up person has a number `n`. The NIK is
prefix(4) + district(2) + birth day(2, +40 for women) + month(2) + year(2) + serial(4) with
district = 10 + run (seed_demo and the test factories use 01), birth date 1 Jan 1980 + n // 9999
days and serial n % 9999 + 1: one (run, n), one NIK. The phone is +62858 (Indosat), run (2 digits),
n (6 digits); seeded workers are +62859..., demo accounts +62811....
Registrations take n in [0, IMPORT_BASE), the member list n in [IMPORT_BASE, IMPORT_BASE + 10,000).
"""

from __future__ import annotations

import csv
import datetime
import io
import ipaddress
import socket
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

RUNS = 90
IMPORT_BASE = 900_000
# Real regencies and cities (code, name as a union's list would write it), spread over provinces.
REGENCIES = [
    ("31.71", "Kota Jakarta Pusat"),
    ("31.74", "Kota Jakarta Selatan"),
    ("32.16", "Kab. Bekasi"),
    ("32.75", "Kota Bekasi"),
    ("32.73", "Kota Bandung"),
    ("33.74", "Kota Semarang"),
    ("35.78", "Kota Surabaya"),
    ("12.71", "Kota Medan"),
    ("73.71", "Kota Makassar"),
    ("51.71", "Kota Denpasar"),
]
FIRST = ["Agus", "Siti", "Budi", "Dewi", "Rina", "Joko", "Wati", "Andi", "Nur", "Putu", "Yusuf", "Lestari"]
LAST = ["Santoso", "Rahayu", "Hidayat", "Wijaya", "Saputra", "Kusuma", "Nugroho", "Siregar", "Pratama"]
BORN_BASE = datetime.date(1980, 1, 1)
SEEDED_PHONE_PREFIX = "+62859"  # naker.accounts.demo.SEEDED_PHONE_PREFIX


def _check(run: int, n: int) -> None:
    if not 0 <= run < RUNS:
        raise ValueError(f"run must be 0..{RUNS - 1}")
    if not 0 <= n < 1_000_000:
        raise ValueError("n must be 0..999999")


def person(run: int, n: int) -> dict[str, str]:
    """One made-up worker: full name, NIK, phone (E.164), regency code and name, sex, birth date."""
    _check(run, n)
    code, name = REGENCIES[n % len(REGENCIES)]
    born = BORN_BASE + datetime.timedelta(days=n // 9999)
    female = n % 2 == 1
    day = born.day + (40 if female else 0)
    nik = f"{code.replace('.', '')}{10 + run:02d}{day:02d}{born:%m%y}{n % 9999 + 1:04d}"
    return {
        "full_name": f"{FIRST[n % len(FIRST)]} {LAST[(n // len(FIRST)) % len(LAST)]}",
        "nik": nik,
        "phone": f"+62858{run:02d}{n:06d}",
        "regency_code": code,
        "regency_name": name,
        "sex": "female" if female else "male",
        "birth_date": born.isoformat(),
    }


def seeded_phone(i: int) -> str:
    """The mobile number of seeded worker i (seed_demo: +62859 and eight digits; password naker-demo)."""
    return f"{SEEDED_PHONE_PREFIX}{i:08d}"


def member_rows(run: int, rows: int = 10_000) -> Iterator[list[str]]:
    """A union's member list as unions write it: Indonesian headers, local phone form, dd/mm/yyyy."""
    yield ["Nama", "NIK", "No HP / WhatsApp", "Kabupaten/Kota", "Tanggal Lahir"]
    for k in range(rows):
        p = person(run, IMPORT_BASE + k)
        born = datetime.date.fromisoformat(p["birth_date"])
        yield [p["full_name"], p["nik"], "0" + p["phone"][3:], p["regency_name"], f"{born:%d/%m/%Y}"]


def member_csv(run: int, rows: int = 10_000) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(member_rows(run, rows))
    return buffer.getvalue().encode("utf-8-sig")


def require_loopback(url: str) -> str:
    """The host of `url` if every address it names is a loopback one; otherwise ValueError.
    The load scenario never leaves this machine."""
    host = urlsplit(url).hostname
    if not host:
        raise ValueError(f"no host in {url!r}")
    try:
        addresses = {ipaddress.ip_address(host)}
    except ValueError:
        try:
            addresses = {ipaddress.ip_address(info[4][0]) for info in socket.getaddrinfo(host, None)}
        except OSError as exc:
            raise ValueError(f"{host} does not resolve: {exc}") from None
    if not addresses or not all(a.is_loopback for a in addresses):
        raise ValueError(f"refusing {host}: the load scenario runs against loopback addresses only")
    return host


def source_address(i: int) -> str:
    """Simulated person i's own address in 127.0.0.0/8 (never 127.0.0.1): on a launch day people come
    from many addresses, and the per-address limits (registrations, login throttling) count them apart."""
    i = i % (254 * 254 * 250)
    return f"127.{10 + i // (254 * 254)}.{1 + (i // 254) % 254}.{1 + i % 254}"


def queries(path: Path | None = None) -> list[str]:
    """The judged search queries (bench/search_judged/queries.psv): how workers type."""
    path = path or Path(__file__).resolve().parent.parent / "search_judged" / "queries.psv"
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) >= 2 and parts[1]:
            found.append(parts[1])
    return found
