"""Mutation testing of the modules where a silent slip hurts people: does the suite notice a change?

    .venv/bin/python bench/mutation.py [TARGET ...] [--show-survivors] [--sample=K] [--only=N,...]
                                       [--without=TEST_FILE,...]
    make mutation MUTATION_ARGS="ranking paths"     # some targets only

TARGET is one of nik phone cells matching (regions) search openbadges verify ranking paths (jobs'
matching); none means all. --sample=K runs every K-th mutant only (an estimate); --only=N,... the
mutants numbered N (as --show-survivors prints them); --without leaves test files out (a score before
them). One mutant at a time (MUTATION_JOBS=2 runs two on SQLite). A file
bench/results/mutation-TARGET.json.progress gets a line per mutant as it ends, to follow a long run.

For each module below, every mutant (one small change: an operator, a comparison, a number, a
string, a boolean, an argument dropped, a value replaced by None) is applied in a forked copy of
one pytest process whose tests have already run once unmutated, and that module's tests run again
(fastest first, stopping at the first failure): those that ran the mutant's function unmutated (the
module's functools caches emptied before each, so a cached function counts for every test using it),
all of them for a mutant outside any function or in one the module calls as it is imported. A
mutant is *killed* when a test fails, *survives* otherwise. Mutants listed in
bench/mutation_equivalents.txt change nothing a person could notice; they are left out of the score,
with the reason written there. SQLite (the logic mutated is the same on PostgreSQL; the search's
survivors run again on PostgreSQL when DATABASE_URL names one: it has an engine per database).
Needs os.fork (Linux, macOS). Run times on two shared cores (load average 5-25): nik, phone,
cells, matching 6-15 minutes each (load 12-17); ranking, paths, openbadges, verify 10-25 minutes
each; search many hours (each of its tests publishes a catalogue of courses first; with
MUTATION_JOBS=2, 157 of its ~950 mutants took 70 minutes at a load of 10-17, about 6 a minute went
at a load of 4-5): use --sample or --only.

The same file is the pytest plugin (`-p bench.mutation`) that does the work inside pytest.
"""

from __future__ import annotations

import ast
import copy
import importlib
import json
import os
import signal
import subprocess
import sys
import time
import types
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EQUIVALENTS = ROOT / "bench" / "mutation_equivalents.txt"
# module → the tests that exercise it (browser and contract tests left out: slow, and they add no
# assertion on these functions that the tests below do not make).
TARGETS: dict[str, tuple[str, list[str]]] = {
    "nik": ("naker.accounts.nik", ["tests/accounts/test_nik.py", "tests/outreach/test_member_import.py"]),
    "phone": ("naker.accounts.phone", ["tests/accounts/test_phone.py", "tests/outreach/test_member_import.py"]),
    "cells": (
        "naker.outreach.member_import.cells",
        ["tests/outreach/test_cells.py", "tests/outreach/test_member_import.py"],
    ),
    "matching": (
        "naker.regions.matching",
        ["tests/regions/test_matching.py", "tests/outreach/test_member_import.py"],
    ),
    "search": (
        "naker.learning.search",
        [
            "tests/learning/test_search.py",
            "tests/learning/test_search_workers.py",
            "tests/learning/test_search_scale.py",
            "tests/learning/test_search_edges.py",
            "tests/jobs/test_search.py",
        ],
    ),
    # Credential verification: the signature, algorithm, key and claims of a VC-JWT and the status list's
    # bits (openbadges), then the platform's own record and dates (verify_token).
    "openbadges": (
        "naker.credentials.openbadges",
        [
            "tests/credentials/test_check.py",
            "tests/credentials/test_verify.py",
            "tests/credentials/test_open_badges.py",
            "tests/credentials/test_revoke.py",
        ],
    ),
    "verify": (
        "naker.credentials.selectors",
        [
            "tests/credentials/test_verify_answers.py",
            "tests/credentials/test_verify.py",
            "tests/credentials/test_revoke.py",
        ],
    ),
    # Job matching: the score, its order and its reasons (ranking), and the cheapest learning path (paths).
    "ranking": (
        "naker.jobs.matching.ranking",
        [
            "tests/jobs/matching/test_ranking.py",
            "tests/jobs/matching/test_matches.py",
            "tests/jobs/matching/test_candidates.py",
        ],
    ),
    "paths": (
        "naker.jobs.matching.paths",
        ["tests/jobs/matching/test_paths.py", "tests/jobs/matching/test_learning_paths.py"],
    ),
}
# Targets that are part of a module: only these functions are mutated.
FUNCTIONS: dict[str, list[str]] = {
    "verify": ["reason_text", "_invalid", "verify_token", "status_list"],
}
POSTGRES_TOO = {"search"}
# Seconds for one test under a mutant: a mutant that loops forever counts as killed (and is named). The
# limit is 30 s plus 10 times what the test took unmutated, at most TIMEOUT.
TIMEOUT = 900


# --- making mutants ----------------------------------------------------------------------------

SWAP_CMP = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
}
SWAP_BIN = {
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.Mult: ast.Div,
    ast.Div: ast.Mult,
    ast.FloorDiv: ast.Div,
    ast.Mod: ast.Div,
    ast.BitOr: ast.BitAnd,
    ast.BitAnd: ast.BitOr,
}


def _skip_nodes(tree: ast.Module) -> set[int]:
    """ids of nodes never mutated: docstrings, annotations, decorators, `if TYPE_CHECKING` blocks."""
    skip: set[int] = set()

    def all_of(node: ast.AST | None) -> None:
        if node is not None:
            skip.update(id(n) for n in ast.walk(node))

    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                all_of(body[0])
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            for decorator in node.decorator_list:
                all_of(decorator)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            all_of(node.returns)
            for arg in (*node.args.args, *node.args.kwonlyargs, *node.args.posonlyargs):
                all_of(arg.annotation)
        if isinstance(node, ast.AnnAssign):
            all_of(node.annotation)
        if isinstance(node, ast.ImportFrom | ast.Import):
            all_of(node)
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            all_of(node)
        if isinstance(node, ast.JoinedStr):
            all_of(node)
    return skip


def _mutations_of(node: ast.AST) -> list[tuple[str, Any]]:
    """(description, function that mutates a copy of node in place) for each mutant of this node."""
    out: list[tuple[str, Any]] = []
    if isinstance(node, ast.Compare):
        for i, op in enumerate(node.ops):
            if type(op) in SWAP_CMP:
                new = SWAP_CMP[type(op)]

                def f(n: ast.Compare, i: int = i, new: type = new) -> None:
                    n.ops[i] = new()

                out.append((f"{type(op).__name__} -> {new.__name__}", f))
    elif isinstance(node, ast.BinOp) and type(node.op) in SWAP_BIN:
        new = SWAP_BIN[type(node.op)]
        out.append((f"{type(node.op).__name__} -> {new.__name__}", lambda n, new=new: setattr(n, "op", new())))
    elif isinstance(node, ast.AugAssign) and type(node.op) in SWAP_BIN:
        new = SWAP_BIN[type(node.op)]
        out.append((f"{type(node.op).__name__}= -> {new.__name__}=", lambda n, new=new: setattr(n, "op", new())))
    elif isinstance(node, ast.BoolOp):
        new = ast.Or if isinstance(node.op, ast.And) else ast.And
        out.append((f"{type(node.op).__name__} -> {new.__name__}", lambda n, new=new: setattr(n, "op", new())))
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not | ast.USub):
        out.append((f"drop {type(node.op).__name__}", "unwrap"))
    elif isinstance(node, ast.Constant):
        value = node.value
        if isinstance(value, bool):
            out.append((f"{value} -> {not value}", lambda n: setattr(n, "value", not n.value)))
        elif isinstance(value, int | float):
            out.append((f"{value!r} -> {value + 1!r}", lambda n: setattr(n, "value", n.value + 1)))
        elif isinstance(value, str):
            out.append((f"{value[:30]!r} -> 'XX…XX'", lambda n: setattr(n, "value", "XX" + n.value + "XX")))
    elif isinstance(node, ast.Assign | ast.AugAssign) and not isinstance(node.value, ast.Constant):
        out.append(("value -> None", lambda n: setattr(n, "value", ast.Constant(None))))
    elif isinstance(node, ast.Return) and node.value is not None and not isinstance(node.value, ast.Constant):
        out.append(("return -> None", lambda n: setattr(n, "value", ast.Constant(None))))
    elif isinstance(node, ast.Break):
        out.append(("break -> continue", "continue"))
    elif isinstance(node, ast.Continue):
        out.append(("continue -> break", "break"))
    if isinstance(node, ast.Call):
        for i in range(len(node.args)):
            if not isinstance(node.args[i], ast.Starred):
                out.append((f"drop argument {i + 1}", lambda n, i=i: n.args.pop(i)))
        for i, kw in enumerate(node.keywords):
            if kw.arg is not None:
                out.append((f"drop {kw.arg}=", lambda n, i=i: n.keywords.pop(i)))
    return out


class _Apply(ast.NodeTransformer):
    def __init__(self, target: int, how: Any):
        self.target, self.how, self.counter = target, how, -1

    def generic_visit(self, node: ast.AST) -> Any:
        return super().generic_visit(node)

    def visit(self, node: ast.AST) -> Any:
        self.counter += 1
        if self.counter == self.target:
            if self.how == "unwrap":
                return node.operand  # type: ignore[attr-defined]
            if self.how in ("continue", "break"):
                return ast.copy_location(ast.Continue() if self.how == "continue" else ast.Break(), node)
            self.how(node)
            return node
        return self.generic_visit(node)


def mutants(source: str) -> list[dict[str, Any]]:
    """Every mutant of a module: line, the line's text, description and the mutated source."""
    tree = ast.parse(source)
    lines = source.splitlines()
    skip = _skip_nodes(tree)
    found = []
    order = list(_preorder(tree))
    for index, node in enumerate(order):
        if id(node) in skip or not hasattr(node, "lineno"):
            continue
        line = lines[node.lineno - 1]
        if "pragma: no mutate" in line:
            continue
        for description, how in _mutations_of(node):
            mutated = copy.deepcopy(tree)
            _Apply(index, how).visit(mutated)
            ast.fix_missing_locations(mutated)
            found.append(
                {
                    "line": node.lineno,
                    "text": line.strip(),
                    "mutation": description,
                    "source": ast.unparse(mutated),
                }
            )
    # The same change twice on one line ("2000 + yy if 2000 + yy <= …") is told apart by its place: #1, #2.
    seen: dict[tuple[str, str], int] = {}
    for m in found:
        seen[(m["text"], m["mutation"])] = seen.get((m["text"], m["mutation"]), 0) + 1
    place: dict[tuple[str, str], int] = {}
    for m in found:
        key = (m["text"], m["mutation"])
        if seen[key] > 1:
            place[key] = place.get(key, 0) + 1
            m["mutation"] += f" #{place[key]}"
    return found


def _preorder(node: ast.AST) -> Any:
    """Nodes in the order NodeTransformer.visit meets them."""
    yield node
    for _field, value in ast.iter_fields(node):
        if isinstance(value, list):
            for item in value:
                if isinstance(item, ast.AST):
                    yield from _preorder(item)
        elif isinstance(value, ast.AST):
            yield from _preorder(value)


# --- putting a mutant into the running process --------------------------------------------------


def _swap_function(old: Any, new: Any) -> None:
    while hasattr(old, "__wrapped__"):
        old.cache_clear() if hasattr(old, "cache_clear") else None
        old, new = old.__wrapped__, new.__wrapped__
    old.__code__ = new.__code__
    old.__defaults__ = new.__defaults__
    old.__kwdefaults__ = new.__kwdefaults__


def apply_mutant(module: types.ModuleType, source: str) -> None:
    """Runs the mutated source and moves its function bodies and constants into the live module, so
    every reference already taken (`from module import f`, classes in `except`) sees the mutant."""
    namespace: dict[str, Any] = {"__name__": module.__name__, "__file__": module.__file__}
    exec(compile(source, module.__file__ or "<mutant>", "exec"), namespace)  # noqa: S102 - our own mutant
    for name, new in namespace.items():
        if name.startswith("__"):
            continue
        old = module.__dict__.get(name)
        if isinstance(new, types.FunctionType) or hasattr(new, "__wrapped__"):
            if old is not None and getattr(old, "__module__", None) == module.__name__:
                _swap_function(old, new)
        elif isinstance(new, type):
            if isinstance(old, type) and old.__module__ == module.__name__:
                for attr, value in vars(new).items():
                    before = vars(old).get(attr)
                    if isinstance(value, types.FunctionType) and isinstance(before, types.FunctionType):
                        _swap_function(before, value)
                    elif isinstance(value, property) and isinstance(before, property):
                        _swap_function(before.fget, value.fget)
        elif isinstance(new, types.ModuleType):
            continue
        elif not hasattr(new, "acquire"):  # a lock made anew is not a mutant
            try:
                same = type(old) is type(new) and bool(old == new)
            except Exception:  # noqa: BLE001
                same = False
            if not same:
                module.__dict__[name] = new


# --- the pytest plugin -------------------------------------------------------------------------


def pytest_configure(config: Any) -> None:
    # The same examples every run, none remembered between mutants, no deadline a fork might miss.
    from hypothesis import settings

    settings.register_profile("mutation", database=None, derandomize=True, deadline=None)
    settings.load_profile("mutation")


def pytest_runtestloop(session: Any) -> bool:
    from _pytest.runner import runtestprotocol

    module = importlib.import_module(os.environ["MUTATION_MODULE"])
    items = list(session.items)

    def run(item: Any, nextitem: Any) -> tuple[bool, float]:
        start = time.perf_counter()
        reports = runtestprotocol(item, nextitem=nextitem, log=False)
        return not any(r.failed for r in reports), time.perf_counter() - start

    filename = module.__file__ or ""
    reached: dict[str, set[int]] = {}  # test → first lines of the module's code objects it ran
    durations = {}
    caches = _caches(module)
    for i, item in enumerate(items):
        lines: set[int] = set()
        # A cached function (lru_cache, cache) runs only in the first test that calls it: emptied
        # before each test, it is seen as reached by every test that uses it, and its mutants run them.
        for cached in caches:
            cached.cache_clear()

        def profile(frame: Any, event: str, _arg: Any, lines: set[int] = lines) -> None:
            if event == "call" and frame.f_code.co_filename == filename:
                lines.add(frame.f_code.co_firstlineno)

        sys.setprofile(profile)
        try:
            ok, took = run(item, items[i + 1] if i + 1 < len(items) else items[0])
        finally:
            sys.setprofile(None)
        if not ok:
            print(f"\nmutation: {item.nodeid} fails without any mutant; fix it first", file=sys.stderr)
            session.testsfailed = 1
            return True
        durations[item.nodeid] = took
        reached[item.nodeid] = lines
    items.sort(key=lambda it: durations[it.nodeid])
    source = Path(filename).read_text()
    every = mutants(source)
    only = json.loads(os.environ.get("MUTATION_ONLY", "null"))
    spans = _function_spans(source)
    # A target may name the functions it is about (the rest of its module is someone else's target).
    functions = json.loads(os.environ.get("MUTATION_FUNCTIONS", "null"))
    wanted = [(lo, hi) for name, lo, hi in spans if functions is None or name in functions]
    chosen = [
        i
        for i in range(len(every))
        if (only is None or i in only) and (functions is None or any(lo <= every[i]["line"] <= hi for lo, hi in wanted))
    ]
    # --sample=K: every K-th mutant, spread over the module (an estimate for a module too slow to run whole).
    if only is None:
        chosen = chosen[:: max(1, int(os.environ.get("MUTATION_SAMPLE", "1")))]
    postgres = connection_vendor() == "postgresql"
    # One mutant at a time unless asked (MUTATION_JOBS, SQLite only): the machine is often shared, and
    # concurrent PostgreSQL tests would wait on each other's rows.
    jobs = 1 if postgres else max(1, int(os.environ.get("MUTATION_JOBS", "1")))

    at_import = _called_at_import(source)

    def tests_for(line: int) -> list[Any]:
        """The tests that ran the top-level function or method around this line (all, outside any, or
        in a function the module calls as it is imported: no test's profile sees that call)."""
        span = next((s for s in spans if s[1] <= line <= s[2]), None)
        if span is None or span[0] in at_import:
            return items
        return [it for it in items if any(span[1] <= first <= span[2] for first in reached[it.nodeid])]

    running: dict[int, int] = {}  # pid → mutant index
    killed: dict[int, bool] = {}
    started = time.perf_counter()
    out = Path(os.environ["MUTATION_RESULTS"])
    progress = Path(f"{out}.progress")  # a line per mutant as it ends, to follow a long run
    progress.write_text("")

    def reap() -> None:
        pid, status = os.wait()
        index = running.pop(pid)
        killed[index] = not (os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0)
        if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGALRM:
            timed_out.add(index)
        with progress.open("a") as f:
            m = every[index]
            f.write(
                json.dumps(
                    {
                        "index": index,
                        "line": m["line"],
                        "text": m["text"],
                        "mutation": m["mutation"],
                        "killed": killed[index],
                        "done": len(killed),
                        "of": len(chosen),
                    }
                )
                + "\n"
            )

    unreached: set[int] = set()
    timed_out: set[int] = set()
    for index in chosen:
        selected = tests_for(every[index]["line"])
        if not selected:
            unreached.add(index)
            killed[index] = False
            continue
        while len(running) >= jobs:
            reap()
        pid = os.fork()
        if pid == 0:  # the child: mutate, run until the first failure
            code = 0
            try:
                signal.alarm(TIMEOUT)
                if postgres:
                    _own_connections()
                apply_mutant(module, every[index]["source"])
                for i, item in enumerate(selected):
                    signal.alarm(min(TIMEOUT, int(30 + 10 * durations[item.nodeid])))
                    ok, _took = run(item, selected[i + 1] if i + 1 < len(selected) else None)
                    if not ok:
                        code = 1
                        break
            except BaseException:  # noqa: BLE001 - a mutant that breaks the module is killed
                code = 1
            finally:
                os._exit(code)
        running[pid] = index
    while running:
        reap()
    results = [
        {
            "index": i,
            **{k: every[i][k] for k in ("line", "text", "mutation")},
            "killed": killed[i],
            "unreached": i in unreached,
            "timeout": i in timed_out,
        }
        for i in chosen
    ]
    progress.unlink(missing_ok=True)
    out.write_text(json.dumps({"seconds": time.perf_counter() - started, "mutants": results}, indent=1))
    return True


def _caches(module: types.ModuleType) -> list[Any]:
    """The functools caches of a module's functions and of its classes' methods."""
    found = []
    for value in vars(module).values():
        inner = vars(value).values() if isinstance(value, type) and value.__module__ == module.__name__ else []
        for f in (value, *inner):
            if hasattr(f, "cache_clear") and getattr(f, "__module__", None) == module.__name__:
                found.append(f)
    return found


def _called_at_import(source: str) -> set[str]:
    """Names of the module's functions called while it is imported (`WORTH = [_place(m) ...]` at module
    level or in a class body), and of the module's functions these call in turn. A mutant there changes
    what the module holds (apply_mutant runs the mutated module), so every test of the module may see it."""
    tree = ast.parse(source)
    bodies = {fn.name: fn for fn in tree.body if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef)}

    def calls(nodes: list[ast.stmt]) -> set[str]:
        """Names called in these statements, not inside the functions they define."""
        names: set[str] = set()
        for node in nodes:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            if isinstance(node, ast.ClassDef):
                names |= calls(node.body)
                continue
            for n in ast.walk(node):
                if isinstance(n, ast.Call) and isinstance(n.func, ast.Name):
                    names.add(n.func.id)
        return names

    todo, found = calls(tree.body) & bodies.keys(), set[str]()
    while todo:
        name = todo.pop()
        found.add(name)
        todo |= (calls(bodies[name].body) & bodies.keys()) - found
    return found


def _function_spans(source: str) -> list[tuple[str, int, int]]:
    """(name, first line with decorators, last line) of each top-level function and method."""
    spans = []
    for node in ast.parse(source).body:
        inner = node.body if isinstance(node, ast.ClassDef) else [node]
        for fn in inner:
            if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
                first = min([fn.lineno, *(d.lineno for d in fn.decorator_list)])
                spans.append((fn.name, first, fn.end_lineno or fn.lineno))
    return spans


def connection_vendor() -> str:
    from django.db import connection

    return connection.vendor


_kept: list[Any] = []


def _own_connections() -> None:
    """A forked child opens its own PostgreSQL connections and never touches (or closes) the parent's."""
    from django.db import connections

    for conn in connections.all(initialized_only=True):
        _kept.append(conn.connection)
        conn.connection = None


# --- the driver --------------------------------------------------------------------------------


def equivalents() -> dict[tuple[str, str, str], str]:
    """`module | line text | mutation | reason` lines → {(module, text, mutation): reason}."""
    known = {}
    if EQUIVALENTS.exists():
        for line in EQUIVALENTS.read_text().splitlines():
            if line.strip() and not line.startswith("#"):
                # A "|" inside the line's text is written "\\|".
                module, text, mutation, reason = (part.strip().replace("\\|", "|") for part in line.split(" | ", 3))
                known[(module, text, mutation)] = reason
    return known


def _run(
    module: str,
    tests: list[str],
    out: Path,
    *,
    database: str | None,
    only: list[int] | None,
    functions: list[str] | None = None,
) -> Any:
    env = {
        **os.environ,
        "MUTATION_MODULE": module,
        "MUTATION_RESULTS": str(out),
        "MUTATION_ONLY": json.dumps(only),
        "MUTATION_FUNCTIONS": json.dumps(functions),
    }
    env.pop("DATABASE_URL", None)
    if database:
        env["DATABASE_URL"] = database
    done = subprocess.run(  # noqa: S603 - our own interpreter and test paths
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "bench.mutation", *tests],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0 or not out.exists():
        print(done.stdout[-3000:], done.stderr[-3000:])
        return None
    data = json.loads(out.read_text())
    out.unlink()
    return data


def main(argv: list[str]) -> int:
    show = "--show-survivors" in argv
    sample = next((int(a.split("=", 1)[1]) for a in argv if a.startswith("--sample=")), 1)
    # --only=3,17: these mutants alone (the numbers --show-survivors prints), to check a new test quickly
    only = next(([int(i) for i in a.split("=", 1)[1].split(",")] for a in argv if a.startswith("--only=")), None)
    os.environ["MUTATION_SAMPLE"] = str(sample)
    names = [a for a in argv if not a.startswith("--")] or list(TARGETS)
    unknown = [n for n in names if n not in TARGETS]
    if unknown:
        print(f"unknown target {', '.join(unknown)}; the targets are {', '.join(TARGETS)}")
        return 2
    known = equivalents()
    results_dir = ROOT / "bench" / "results"
    results_dir.mkdir(parents=True, exist_ok=True)
    rows = []
    failed = False
    for name in names:
        module, tests = TARGETS[name]
        # --without=FILE,...: leave tests out (a score "before" a new test file, for comparison)
        without = next((a.split("=", 1)[1].split(",") for a in argv if a.startswith("--without=")), [])
        tests = [t for t in tests if (ROOT / t).exists() and t not in without]
        started = time.perf_counter()
        functions = FUNCTIONS.get(name)
        data = _run(module, tests, results_dir / f"mutation-{name}.json", database=None, only=only, functions=functions)
        if data is None:
            return 1
        postgres = os.environ.get("DATABASE_URL", "")
        if name in POSTGRES_TOO and postgres.startswith("postgres"):
            # What the SQLite run left alive, again on PostgreSQL (the search has an engine per database).
            alive = [m["index"] for m in data["mutants"] if not m["killed"]]
            again = _run(
                module,
                tests,
                results_dir / f"mutation-{name}-pg.json",
                database=postgres,
                only=alive,
                functions=functions,
            )
            if again is None:
                return 1
            for m in again["mutants"]:
                if m["killed"]:
                    next(x for x in data["mutants"] if x["index"] == m["index"])["killed"] = True
        elif name in POSTGRES_TOO:
            print(f"  {name}: SQLite only (set DATABASE_URL=postgres://… to run its survivors on PostgreSQL too)")
        short = name  # the equivalents file names the target
        all_mutants = data["mutants"]
        killed = sum(m["killed"] for m in all_mutants)
        equivalent = [m for m in all_mutants if (short, m["text"], m["mutation"]) in known]
        counted = [m for m in all_mutants if (short, m["text"], m["mutation"]) not in known]
        killed_counted = sum(m["killed"] for m in counted)
        score = 100 * killed_counted / len(counted) if counted else 100.0
        failed |= score < 90
        unreached = sum(bool(m.get("unreached")) for m in all_mutants)
        seconds = time.perf_counter() - started
        rows.append((name, module, len(all_mutants), killed, unreached, len(equivalent), score, seconds))
        if show:
            for m in counted:
                if not m["killed"]:
                    where = " (no test runs it)" if m.get("unreached") else ""
                    print(f"  survived{where} {short}:{m['line']} #{m['index']}  {m['mutation']:<28}  {m['text']}")
            for m in all_mutants:
                if m.get("timeout"):
                    print(f"  killed by the time limit only: {short}:{m['line']} {m['mutation']}  {m['text']}")
            for m in equivalent:
                if m["killed"]:
                    print(f"  listed as equivalent but killed: {short}:{m['line']} {m['mutation']}  {m['text']}")
    head = ("target", "module", "mutants", "killed", "unrun", "equiv.", "score", "time")
    print("{:<10} {:<28} {:>7} {:>6} {:>5} {:>6} {:>5} {:>5}".format(*head))
    for name, module, total, killed, unreached, equivalent, score, seconds in rows:
        counts = f"{total:>7} {killed:>6} {unreached:>5} {equivalent:>6}"
        print(f"{name:<10} {module:<28} {counts} {score:>4.0f}% {seconds:>4.0f}s")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"load average at the end: {load:.1f} on {os.cpu_count()} cores")
    print("unrun: in a function no test runs (counted as survivors); score = killed / (mutants - equiv.)")
    if sample > 1:
        print(f"a sample: every {sample}th mutant of each target")
    print("goal: ≥ 90 % per module")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
