"""`make bench`'s page table at two sizes (bench/run_speed.py): issue 13 wants each page's p95 at
1,000,000 workers within 1.5x its p95 at 10,000. The comparison is read from the result files, so a
run at one size is compared with an earlier run at the other, and a page beyond the bound is flagged."""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import common  # bench/common.py
import run_speed  # bench/run_speed.py


def _result(workers, members_p95, *, file_name):
    rows = [
        {"name": "floor (bare view)", "group": "floor", "p50_ms": 2.0, "p95_ms": 3.0, "x_floor": 1.0, "bound": None},
        {"name": "home", "group": "worker", "p50_ms": 8.0, "p95_ms": 10.0, "x_floor": 4.0, "bound": 5, "within": True},
        {
            "name": "members branch",
            "group": "members",
            "p50_ms": 12.0,
            "p95_ms": members_p95,
            "x_floor": 6.0,
            "bound": 10,
            "within": True,
            "queries": 9,
            "inproc_ms": 8.0,
            "sql_ms": 2.0,
        },
    ]
    result = {
        "database": "sqlite",
        "workers": workers,
        "enrolments": 5 * workers,
        "pages": {"tool": "wrk", "rows": rows},
    }
    (run_speed.RESULTS / file_name).write_text(json.dumps(result))


def test_sizes_are_read_as_written_in_short_or_in_full():
    assert common.worker_sizes("10000,1000000") == [10_000, 1_000_000]
    assert common.worker_sizes("10k, 1m") == [10_000, 1_000_000]
    assert common.worker_sizes("100_000") == [100_000]
    assert [common.size_label(n) for n in (10_000, 1_000_000, 12_345)] == ["10k", "1m", "12345"]


def test_a_page_whose_p95_grows_beyond_one_and_a_half_times_is_flagged(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(run_speed, "RESULTS", tmp_path)
    _result(10_000, 20.0, file_name="sqlite-pages-10000-workers.json")
    # an earlier run's file name (before the page table had its own) is still read
    _result(1_000_000, 31.0, file_name="sqlite-1000000-workers.json")

    run_speed.compare_sizes("sqlite", [])

    out = capsys.readouterr().out
    lines = {line.split("  ")[1].strip(): line for line in out.splitlines() if line.startswith("  ")}
    assert "p95 OVER" in lines["members branch"] and "1.55" in lines["members branch"]
    assert "OVER" not in lines["home"] and "1.00" in lines["home"]
    assert "p95 beyond 1.5x: members branch" in out


def test_nothing_is_compared_with_a_single_size(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(run_speed, "RESULTS", tmp_path)
    _result(10_000, 20.0, file_name="sqlite-pages-10000-workers.json")
    run_speed.compare_sizes("sqlite", [10_000, 1_000_000])
    assert capsys.readouterr().out == ""
