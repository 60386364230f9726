#!/usr/bin/env python3
"""plainnet benchmark: the CLI against floors measured in the same run.

    python benchmarks/bench.py                 # N = 10,000
    python benchmarks/bench.py --large         # N = 100,000 (adds nothing but size)
    python benchmarks/bench.py --n 2000 --runs 3 --json out.json

Every measurement is a fresh subprocess of this interpreter (``sys.executable``),
so start-up is always included, for the floors as for plainnet:

- floor (a): Python start-up plus ``os.stat`` of every ``.md`` file;
- floor (b): reading every file and parsing its front matter with
  ``yaml.CSafeLoader``;
- cold index: ``plainnet index`` after deleting ``.plainnet/``, against (b);
- each command on the unchanged vault (``index``, which is the sync every
  command starts with and prints one line; ``ls``; ``agenda --json`` and
  ``check --format json``), against (a);
- each command after one note changed (a line appended before every run),
  against the same command on the unchanged vault;
- peak RSS of a cold index and the absolute times of ``index`` and ``ls``
  (targets set for N = 100,000);
- ``watch --json`` latency, burst and memory, once the CLI has ``watch``.

Medians and minima of ``--runs`` runs (default 5) after one untimed warm-up.
The vault is generated once per (N, seed, generator version) into
``benchmarks/out/`` (``--out``); notes the benchmark edits are backed up first
and restored at the end (and at the start of the next run, should one die).
Exit status 0 whatever the results, unless ``--strict`` and a target missed.
"""
from __future__ import annotations

import argparse
import contextlib
import fcntl
import hashlib
import json
import os
import platform
import queue
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import generate  # noqa: E402  (benchmarks/generate.py)

TODAY = generate.ANCHOR.isoformat()

FLOOR_A = r"""
import os, sys
def walk(d):
    n = 0
    with os.scandir(d) as it:
        for e in it:
            if e.name.startswith("."):
                continue
            if e.is_dir(follow_symlinks=False):
                n += walk(e.path)
            elif e.name.endswith(".md"):
                os.stat(e.path)
                n += 1
    return n
print(walk(sys.argv[1]))
"""

FLOOR_B = r"""
import os, sys, yaml
L = yaml.CSafeLoader
def walk(d):
    with os.scandir(d) as it:
        for e in it:
            if e.name.startswith("."):
                continue
            if e.is_dir(follow_symlinks=False):
                yield from walk(e.path)
            elif e.name.endswith(".md"):
                yield e.path
n = bad = 0
for p in walk(sys.argv[1]):
    with open(p, "rb") as f:
        text = f.read().decode("utf-8", "replace").lstrip("\ufeff")
    n += 1
    if text.startswith("---"):
        end = text.find("\n---", 3)
        if end != -1:
            try:
                yaml.load(text[text.find("\n") + 1:end + 1], Loader=L)
            except yaml.YAMLError:
                bad += 1
print(n, bad)
"""

# Runs a command, waits, prints the children's peak RSS (KiB) on stderr's last line.
RSS_WRAPPER = r"""
import resource, subprocess, sys
rc = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL)
print("MAXRSS_KB", resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)
sys.exit(rc)
"""


# --------------------------------------------------------------------------------------
# the vault, cached and restored


def generator_version() -> str:
    return hashlib.sha1((HERE / "generate.py").read_bytes()).hexdigest()[:10]


def ensure_vault(out: Path, n: int, seed: int) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    vault = out / f"vault-n{n}-s{seed}-g{generator_version()}"
    if vault.is_dir():
        return vault
    tmp = out / f".tmp-{vault.name}-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    t = time.perf_counter()
    print(f"generating {n} notes (seed {seed}) into {vault} ...", file=sys.stderr, flush=True)
    generate.generate(tmp, n, seed)
    try:
        os.rename(tmp, vault)
    except OSError:  # someone else finished first
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"  done in {time.perf_counter() - t:.1f} s", file=sys.stderr, flush=True)
    return vault


class Edits:
    """Back up each note before its first edit; put every one back on restore()."""

    def __init__(self, vault: Path):
        self.vault = vault
        self.backup = vault.parent / (vault.name + ".backup")
        self.saved: dict[str, None] = {}

    def _key(self, rel: str) -> Path:
        return self.backup / (hashlib.sha1(rel.encode()).hexdigest() + ".md")

    def append(self, rel: str, line: str) -> None:
        if rel not in self.saved:
            self.backup.mkdir(exist_ok=True)
            k = self._key(rel)
            if not k.exists():
                shutil.copyfile(self.vault / rel, k)
                with open(self.backup / "index.txt", "a", encoding="utf-8") as f:
                    f.write(rel + "\n")
            self.saved[rel] = None
        with open(self.vault / rel, "a", encoding="utf-8", newline="\n") as f:
            f.write(line + "\n")

    def restore(self) -> int:
        idx = self.backup / "index.txt"
        if not idx.exists():
            shutil.rmtree(self.backup, ignore_errors=True)
            return 0
        k = 0
        for rel in idx.read_text(encoding="utf-8").splitlines():
            src = self._key(rel)
            if src.exists():
                shutil.copyfile(src, self.vault / rel)
                k += 1
        shutil.rmtree(self.backup, ignore_errors=True)
        self.saved.clear()
        return k


def notes_of(vault: Path, folder: str, k: int) -> list[str]:
    names = sorted(os.listdir(vault / folder))[:k]
    return [f"{folder}/{x}" for x in names]


# --------------------------------------------------------------------------------------
# the CLI


class CLI:
    def __init__(self, python: str, vault: Path, today: str):
        self.python = python
        self.vault = vault
        self.env = dict(os.environ)
        self.env.pop("PLAINNET_VAULT", None)
        self.env.update(PLAINNET_TODAY=today, NO_COLOR="1", COLUMNS="120", PYTHONUNBUFFERED="1")
        # as installed for a user: bytecode is cached (pip compiles it). A shell that sets
        # PYTHONDONTWRITEBYTECODE would otherwise make every run recompile plainnet and click.
        self.env.pop("PYTHONDONTWRITEBYTECODE", None)
        self.available = False
        self.why = ""
        self.commands: dict[str, str] = {}  # name -> its --help text
        self.global_opts = []
        h = self._help([])
        if h is None:
            return
        self.available = True
        if "--today" in h:
            self.global_opts = ["--today", today]
        in_cmds = False
        for line in h.splitlines():
            if re.match(r"^\S.*:\s*$", line):
                in_cmds = line.strip().lower().startswith("commands")
                continue
            m = re.match(r"^  (\w[\w-]*)", line)
            if in_cmds and m:
                self.commands[m.group(1)] = ""
        for c in list(self.commands):
            self.commands[c] = self._help([c]) or ""

    def _help(self, sub: list[str]) -> str | None:
        try:
            r = subprocess.run([self.python, "-m", "plainnet", *sub, "--help"], env=self.env,
                               capture_output=True, text=True, timeout=60)
        except (OSError, subprocess.TimeoutExpired) as e:
            self.why = str(e)
            return None
        if r.returncode != 0:
            tail = (r.stderr.strip().splitlines() or ["?"])[-1]
            self.why = f"`python -m plainnet --help` failed: {tail}"
            return None
        return r.stdout

    def has(self, cmd: str, *opts: str) -> bool:
        return cmd in self.commands and all(o in self.commands[cmd] for o in opts)

    def argv(self, *args: str) -> list[str]:
        return [self.python, "-m", "plainnet", "--vault", str(self.vault), *self.global_opts, *args]


class Failed(Exception):
    pass


CPU_LOG: list[float] = []  # user + system seconds of each run_timed child (and its children)


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run_timed(argv: list[str], env: dict | None = None, ok=(0,)) -> float:
    c = _children_cpu()
    t = time.perf_counter()
    r = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    dt = time.perf_counter() - t
    CPU_LOG.append(_children_cpu() - c)
    if r.returncode not in ok:
        tail = r.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
        raise Failed(f"exit {r.returncode}: " + " | ".join(tail))
    return dt


def measure(fn, runs: int, warmup: int = 1) -> tuple[list[float], list[float]]:
    """(wall seconds, CPU seconds) of ``runs`` calls of ``fn`` after ``warmup`` untimed ones."""
    for _ in range(warmup):
        fn()
    walls, cpus = [], []
    for _ in range(runs):
        walls.append(fn())
        cpus.append(CPU_LOG[-1])
    return walls, cpus


# --------------------------------------------------------------------------------------
# memory


def _children(pid: int) -> list[int]:
    out = []
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat", "rb") as f:
                    s = f.read()
                ppid = int(s[s.rindex(b")") + 2:].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            if ppid == pid:
                out.append(int(d))
    return out


def rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_rss_kb(pid: int) -> int:
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += rss_kb(p)
        todo += _children(p)
    return total


def peak_rss_mb(argv: list[str], env: dict) -> tuple[float, float]:
    """(peak RSS of the largest single process, peak sampled sum over the process tree), MB."""
    p = subprocess.Popen([sys.executable, "-c", RSS_WRAPPER, *argv], env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    tree_peak = 0
    err_chunks: list[bytes] = []
    t = threading.Thread(target=lambda: err_chunks.append(p.stderr.read()), daemon=True)
    t.start()
    while p.poll() is None:
        kids = _children(p.pid)  # the wrapper itself is not counted
        tree_peak = max(tree_peak, sum(tree_rss_kb(k) for k in kids))
        time.sleep(0.05)
    t.join(5)
    err = b"".join(err_chunks).decode("utf-8", "replace")
    m = re.search(r"MAXRSS_KB (\d+)", err)
    if p.returncode != 0 or not m:
        raise Failed(f"exit {p.returncode}: " + " | ".join(err.strip().splitlines()[-3:]))
    return int(m.group(1)) / 1024, tree_peak / 1024


# --------------------------------------------------------------------------------------
# watch


class Watcher:
    def __init__(self, argv: list[str], env: dict):
        self.p = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  stdin=subprocess.DEVNULL, text=True, encoding="utf-8",
                                  errors="replace", bufsize=1)
        self.q: queue.Queue = queue.Queue()
        self.err: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=lambda: self.err.extend(self.p.stderr), daemon=True).start()

    def _read(self) -> None:
        for line in self.p.stdout:
            self.q.put((time.perf_counter(), line))
        self.q.put((time.perf_counter(), None))

    def next(self, deadline: float):
        """(arrival time, parsed JSON object) of the next line, or None at the deadline/EOF."""
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                return None
            try:
                t, line = self.q.get(timeout=left)
            except queue.Empty:
                return None
            if line is None:
                return None
            line = line.strip()
            if not line:
                continue
            try:
                obj = json.loads(line)
            except ValueError:
                continue
            if isinstance(obj, dict):
                return t, obj

    def drain(self) -> None:
        with contextlib.suppress(queue.Empty):
            while True:
                self.q.get_nowait()

    def stop(self) -> None:
        if self.p.poll() is None:
            self.p.send_signal(signal.SIGTERM)
            try:
                self.p.wait(5)
            except subprocess.TimeoutExpired:
                self.p.kill()
                self.p.wait()

    def why(self) -> str:
        return " | ".join(x.strip() for x in self.err[-3:]) or f"exit {self.p.poll()}"


def _changed(obj: dict) -> list[str]:
    ch = obj.get("changed") or []
    return [str(x).replace("\\", "/") for x in ch] if isinstance(ch, list) else []


def _matches(changed: list[str], rel: str) -> bool:
    return any(c == rel or c.endswith("/" + rel) for c in changed)


def bench_watch(cli: CLI, edits: Edits, args, results: dict) -> None:
    vault = cli.vault
    w = Watcher(cli.argv("watch", "--json"), cli.env)
    try:
        first = w.next(time.perf_counter() + args.watch_start_timeout)
        if first is None:
            raise Failed("no first JSON line: " + w.why())
        # 1) latency of single saves
        targets = notes_of(vault, "people", args.watch_saves)
        lat = []
        for i, rel in enumerate(targets):
            time.sleep(0.3)  # a person does not save twice within the debounce window
            w.drain()
            t0 = time.perf_counter()
            edits.append(rel, f"- {TODAY}: watch latency edit {i}")
            deadline = t0 + 10
            while True:
                got = w.next(deadline)
                if got is None:
                    lat.append(float("inf"))
                    break
                if _matches(_changed(got[1]), rel):
                    lat.append(got[0] - t0)
                    break
        results["watch_latency"] = lat
        # 2) a burst of files changed at once (a git checkout), absorbed in one refresh
        time.sleep(0.5)
        w.drain()
        burst = notes_of(vault, "people", args.watch_burst)
        t0 = time.perf_counter()
        for rel in burst:
            edits.append(rel, f"- {TODAY}: burst edit")
        want = set(burst)
        refreshes, t_done = 0, None
        deadline = t0 + 60
        while want:
            got = w.next(deadline)
            if got is None:
                break
            ch = _changed(got[1])
            if ch:
                refreshes += 1
            for c in ch:
                want.discard(c)
            if not want:
                t_done = got[0] - t0
        results["watch_burst"] = {"files": len(burst), "seconds": t_done, "refreshes": refreshes,
                                  "missing": len(want)}
        # 3) memory over many saves, each waited for
        time.sleep(0.5)
        w.drain()
        rss0 = rss_kb(w.p.pid)
        rel = notes_of(vault, "events", 1)[0]
        done, t_start = 0, time.perf_counter()
        for i in range(args.watch_rss_saves):
            if time.perf_counter() - t_start > args.watch_rss_budget:
                break
            w.drain()
            t0 = time.perf_counter()
            edits.append(rel, f"- [ ] memory edit {i}")
            while True:
                got = w.next(t0 + 10)
                if got is None or _matches(_changed(got[1]), rel):
                    break
            if got is None:
                break
            done += 1
        rss1 = rss_kb(w.p.pid)
        results["watch_rss"] = {"saves": done, "start_mb": rss0 / 1024, "end_mb": rss1 / 1024}
    finally:
        w.stop()


# --------------------------------------------------------------------------------------
# the table


def fmt_s(x: float | None) -> str:
    if x is None:
        return "n/a"
    if x == float("inf"):
        return "timeout"
    return f"{x:.3f} s"


def pct(xs: list[float], q: float) -> float:
    s = sorted(xs)
    k = max(0, min(len(s) - 1, int(round(q * (len(s) - 1)))))
    return s[k]


class Table:
    def __init__(self):
        self.rows: list[dict] = []
        self.notes: list[str] = []

    def add(self, name, median="n/a", mn="", base="", ratio="", target="", result="n/a", **data):
        xs = data.get("samples")
        if xs:
            data["median_s"], data["min_s"] = statistics.median(xs), min(xs)
        cpu = data.get("cpu_samples")
        if cpu:
            data["cpu_median_s"] = statistics.median(cpu)
        self.rows.append(dict(name=name, median=median, min=mn, cpu=fmt_s(data["cpu_median_s"]) if cpu else "",
                              base=base, ratio=ratio, target=target, result=result, data=data))

    def na(self, name, target, why):
        self.add(name, target=target, result="n/a", why=why)
        if why and why not in self.notes:
            self.notes.append(why)

    def render(self) -> str:
        head = ["measurement", "median", "min", "CPU", "compared with", "ratio", "target", "result"]
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        for r in self.rows:
            cells = [r["name"], r["median"], r["min"], r["cpu"], r["base"], r["ratio"], r["target"], r["result"]]
            lines.append("| " + " | ".join(str(c) for c in cells) + " |")
        return "\n".join(lines)


def scale_note(n: int) -> str:
    return "" if n == 100_000 else " (set for N=100,000)"


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


COMMANDS = [  # label, argv after the global options, what --help must show, accepted exits, x floor (a)
    ("index", ["index"], ("index",), (0,), 2.0),  # the sync every command starts with, and no output
    ("ls", ["ls"], ("ls",), (0,), 2.0),
    ("agenda --json", ["agenda", "--json"], ("agenda", "--json"), (0,), 1.5),
    ("agenda --section overdue --json", ["agenda", "--section", "overdue", "--json"], ("agenda", "--section"),
     (0,), 1.5),
    ("check --format json", ["check", "--format", "json"], ("check", "--format"), (0, 1), 3.0),
]
#: measured once more with replayed answers off: what the command costs when it runs in full, and
#: what one changed note is compared with (a changed vault always runs the command in full)
FULL = tuple(label for label, *_ in COMMANDS)
#: the first run of these after a cold index (building every kept result)
FIRST = (("agenda --json", ["agenda", "--json"], (0,)), ("check --format json", ["check", "--format", "json"], (0, 1)))


def changed_target(n: int) -> float:
    """One changed note may cost this much more than the unchanged vault (seconds)."""
    return 0.025 if n <= 10_000 else 0.100


def collect(args, n: int, runs: int, vault: Path, cli: CLI, edits: Edits) -> dict:
    """Run every measurement; returns samples (lists of seconds) or the reason one is missing."""
    py, env = sys.executable, cli.env
    res: dict = {"why": {}, "load": [], "cpu": {}}
    why = res["why"]

    def log(msg):
        res["load"].append(os.getloadavg()[0])
        print(msg, file=sys.stderr, flush=True)

    def timed(key, fn):
        walls, cpus = measure(fn, runs, args.warmup)
        res.setdefault(key, []).extend(walls)
        res["cpu"].setdefault(key, []).extend(cpus)

    def floors():
        log("floor (a): start-up + stat ...")
        timed("floor_a", lambda: run_timed([py, "-c", FLOOR_A, str(vault)], env))
        log("floor (b): read + CSafeLoader ...")
        timed("floor_b", lambda: run_timed([py, "-c", FLOOR_B, str(vault)], env))

    floors()

    ok_index = cli.available and "index" in cli.commands
    if not ok_index:
        why["cold"] = cli.why or "no `index` command yet"
    else:
        def cold():
            shutil.rmtree(vault / ".plainnet", ignore_errors=True)
            return run_timed(cli.argv("index"), env)
        log("cold index ...")
        try:
            timed("cold", cold)
        except Failed as e:
            why["cold"] = f"ERROR: `index` {e}"
        if cli.has("index", "--only-index"):  # the index alone, without the kept agenda and findings
            def cold_only():
                shutil.rmtree(vault / ".plainnet", ignore_errors=True)
                return run_timed(cli.argv("index", "--only-index"), env)
            log("cold index, --only-index ...")
            with contextlib.suppress(Failed):
                timed("cold only", cold_only)
        with contextlib.suppress(Failed):
            run_timed(cli.argv("index"), env)  # leave a current index for what follows

    edit_target = notes_of(vault, "people", 1)[0] if (vault / "people").is_dir() else "pitch.md"
    k = [0]
    for label, sub, need, ok, _factor in COMMANDS:
        if not cli.available or not cli.has(need[0], *need[1:]):
            why[f"unchanged {label}"] = why[f"changed {label}"] = cli.why or f"no `{label}` in the CLI yet"
            continue
        log(f"unchanged vault: {label} ...")
        try:
            timed(f"unchanged {label}", lambda: run_timed(cli.argv(*sub), env, ok))
            if label in FULL:
                log(f"unchanged vault, replayed answers off: {label} ...")
                timed(f"full {label}", lambda: run_timed(cli.argv(*sub), {**env, "PLAINNET_NO_REPLAY": "1"}, ok))
        except Failed as e:
            why[f"unchanged {label}"] = why[f"changed {label}"] = f"ERROR: `{label}` {e}"
            continue

        def changed(sub=sub, ok=ok):
            k[0] += 1
            edits.append(edit_target, f"- {TODAY}: benchmark edit {k[0]}")
            return run_timed(cli.argv(*sub), env, ok)
        log(f"one note changed: {label} ...")
        try:
            timed(f"changed {label}", changed)
        except Failed as e:
            why[f"changed {label}"] = f"ERROR: `{label}` after an edit: {e}"

    if ok_index:
        for label, sub, ok in FIRST:
            def first(sub=sub, ok=ok):
                shutil.rmtree(vault / ".plainnet", ignore_errors=True)
                run_timed(cli.argv("index"), env)
                return run_timed(cli.argv(*sub), env, ok)
            log(f"first {label} after a cold index ...")
            try:
                walls, cpus = measure(first, runs, 0)
                res[f"first {label}"], res["cpu"][f"first {label}"] = walls, cpus
                shutil.rmtree(vault / ".plainnet", ignore_errors=True)
                run_timed(cli.argv("index"), env)
                single, tree = peak_rss_mb(cli.argv(*sub), env)
                res[f"first {label} rss"] = max(single, tree)
            except Failed as e:
                why[f"first {label}"] = f"ERROR: `{label}` after a cold index {e}"
        log("peak RSS of a cold index ...")
        shutil.rmtree(vault / ".plainnet", ignore_errors=True)
        try:
            single, tree = peak_rss_mb(cli.argv("index"), env)
            res["peak_rss_mb"] = {"largest_process": single, "process_tree": tree}
        except Failed as e:
            why["rss"] = f"ERROR: `index` under the RSS probe {e}"
        with contextlib.suppress(Failed):
            run_timed(cli.argv("index"), env)
    else:
        why["rss"] = why["cold"]

    if args.no_watch:
        why["watch"] = "--no-watch"
    elif not cli.has("watch", "--json"):
        why["watch"] = cli.why or "no `watch --json` in the CLI yet"
    else:
        log("watch ...")
        try:
            bench_watch(cli, edits, args, res)
        except Failed as e:
            why["watch"] = f"ERROR: `watch --json` {e}"

    # the machine's load drifts (2 cores, shared with others): measure the floors again, pool both
    floors()
    res["load"].append(os.getloadavg()[0])
    return res


def build_table(args, n: int, res: dict) -> Table:
    t = Table()
    why = res["why"]
    fa, fb = res["floor_a"], res["floor_b"]
    a, b = statistics.median(fa), statistics.median(fb)
    cpu = res["cpu"]
    t.add("floor (a): start-up + stat every .md", fmt_s(a), fmt_s(min(fa)), "", "", "", "", samples=fa,
          cpu_samples=cpu.get("floor_a"))
    t.add("floor (b): read + CSafeLoader front matter", fmt_s(b), fmt_s(min(fb)), "", "", "", "", samples=fb,
          cpu_samples=cpu.get("floor_b"))

    def missing(name, target, key):
        w = why.get(key, "")
        if w.startswith("ERROR"):
            t.add(name, target=target, result="ERROR", why=w)
            if w not in t.notes:
                t.notes.append(w)
        else:
            t.na(name, target, w)

    def disagree(name, by_median, by_min):
        if by_median != by_min:
            t.notes.append(f"{name}: {verdict(by_median)} by medians but {verdict(by_min)} by minima; "
                           "the machine's load varied during the run (see the load averages above), "
                           "run it again on a quieter machine")

    name, target = "cold index (`index`, no `.plainnet/`)", "<= 2x"
    if "cold" in res:
        xs = res["cold"]
        m = statistics.median(xs)
        rm = min(xs) / min(fb)
        t.add(name, fmt_s(m), fmt_s(min(xs)), "floor (b)", f"{m / b:.2f}x (min {rm:.2f}x)", target,
              verdict(m <= 2 * b), samples=xs, ratio_value=m / b, ratio_of_mins=rm, cpu_samples=cpu.get("cold"))
        disagree(name, m <= 2 * b, rm <= 2)
        if cpu.get("cold") and cpu.get("floor_b"):
            per = statistics.median(cpu["cold"]) / n * 1000
            t.notes.append(f"cold index: {per:.2f} ms CPU per note (workers included), floor (b) "
                           f"{statistics.median(cpu['floor_b']) / n * 1000:.2f} ms")
    else:
        missing(name, target, "cold")
    if "cold only" in res:
        xs = res["cold only"]
        m = statistics.median(xs)
        t.add("cold index without the agenda and checks (`index --only-index`)", fmt_s(m), fmt_s(min(xs)),
              "floor (b)", f"{m / b:.2f}x (min {min(xs) / min(fb):.2f}x)", "", "", samples=xs,
              ratio_value=m / b, cpu_samples=cpu.get("cold only"))

    for label, _sub, _need, _ok, factor in COMMANDS:
        name, target, key = f"unchanged vault: `{label}`", f"<= {factor:g}x", f"unchanged {label}"
        if key in res:
            xs = res[key]
            m = statistics.median(xs)
            rm = min(xs) / min(fa)
            t.add(name, fmt_s(m), fmt_s(min(xs)), "floor (a)", f"{m / a:.2f}x (min {rm:.2f}x)", target,
                  verdict(m <= factor * a), samples=xs, ratio_value=m / a, ratio_of_mins=rm, cpu_samples=cpu.get(key))
            disagree(name, m <= factor * a, rm <= factor)
        else:
            missing(name, target, key)
        if f"full {label}" in res:
            xs = res[f"full {label}"]
            m = statistics.median(xs)
            t.add(f"unchanged vault, replayed answers off: `{label}`", fmt_s(m), fmt_s(min(xs)), "floor (a)",
                  f"{m / a:.2f}x (min {min(xs) / min(fa):.2f}x)", "", "", samples=xs, cpu_samples=cpu.get(f"full {label}"))
    limit = changed_target(n)
    for label, _sub, _need, _ok, _factor in COMMANDS:
        base = f"full {label}" if f"full {label}" in res else f"unchanged {label}"
        name, target, key = f"one note changed: `{label}`", f"<= +{limit * 1000:.0f} ms", f"changed {label}"
        if key in res:
            xs = res[key]
            m = statistics.median(xs)
            d = m - statistics.median(res[base])
            dm = min(xs) - min(res[base])
            extra = ""
            if cpu.get(key) and cpu.get(base):
                extra = f", CPU {1000 * (statistics.median(cpu[key]) - statistics.median(cpu[base])):+.0f} ms"
            t.add(name, fmt_s(m), fmt_s(min(xs)), f"unchanged `{label}`" + (", run in full" if base.startswith("full") else ""),
                  f"{d * 1000:+.0f} ms (min {dm * 1000:+.0f} ms{extra})", target,
                  verdict(d <= limit), samples=xs, delta_s=d, delta_of_mins_s=dm, cpu_samples=cpu.get(key))
            disagree(name, d <= limit, dm <= limit)
        else:
            missing(name, target, key)
    for label, _sub, _ok in FIRST:
        name, key = f"first `{label}` after a cold index (peak RSS)", f"first {label}"
        target = "<= 3 s, <= 300 MB" + scale_note(n)
        if key in res:
            xs, rss = res[key], res.get(f"{key} rss", 0)
            m = statistics.median(xs)
            t.add(name, fmt_s(m), fmt_s(min(xs)), "", f"{rss:.0f} MB", target, verdict(m <= 3 and rss <= 300),
                  samples=xs, cpu_samples=cpu.get(key), rss_mb=rss)
        else:
            missing(name, target, key)

    scale = "" if n == 100_000 else " (target set for N=100,000)"
    name, target = f"peak RSS, cold index{scale}", "< 500 MB"
    if "peak_rss_mb" in res:
        r = res["peak_rss_mb"]
        peak = max(r["largest_process"], r["process_tree"])
        t.add(name, f"{peak:.0f} MB", "", "", "", target, verdict(peak < 500), **r)
    else:
        missing(name, target, "rss")
    for label in ("index", "ls"):  # the sync alone, and a command that prints every note
        name, target = f"unchanged vault: `{label}`, absolute{scale}", "< 1.0 s"
        if f"unchanged {label}" in res:
            m = statistics.median(res[f"unchanged {label}"])
            t.add(name, fmt_s(m), "", "", "", target, verdict(m < 1.0), median_s=m)
        else:
            missing(name, target, f"unchanged {label}")

    wrows = [
        ("watch: save -> JSON line, median", "< 200 ms"),
        ("watch: save -> JSON line, p95", "< 500 ms"),
        (f"watch: burst of {args.watch_burst} files", "1 refresh, <= 3 s"),
        (f"watch: RSS growth over {args.watch_rss_saves} saves", "<= 10 MB"),
    ]
    if "watch_latency" not in res:
        for name, target in wrows:
            missing(name, target, "watch")
        return t
    lat = res["watch_latency"]
    med, p95 = statistics.median(lat), pct(lat, 0.95)
    t.add(wrows[0][0], fmt_s(med), fmt_s(min(lat)), "", f"{len(lat)} saves", wrows[0][1], verdict(med < 0.2),
          samples=lat)
    t.add(wrows[1][0], fmt_s(p95), "", "", "", wrows[1][1], verdict(p95 < 0.5), p95_s=p95)
    bu = res["watch_burst"]
    ok_b = bu["seconds"] is not None and bu["seconds"] <= 3 and bu["refreshes"] == 1
    shown = fmt_s(bu["seconds"]) if bu["seconds"] is not None else f"{bu['missing']} never reported"
    t.add(wrows[2][0], shown, "", "", f"{bu['refreshes']} refresh(es)", wrows[2][1], verdict(ok_b), **bu)
    r = res["watch_rss"]
    growth = r["end_mb"] - r["start_mb"]
    name = wrows[3][0]
    if r["saves"] < args.watch_rss_saves:
        name = f"watch: RSS growth over {r['saves']} saves (of {args.watch_rss_saves}: time budget)"
    t.add(name, f"{growth:+.1f} MB", "", f"{r['start_mb']:.0f} MB at start", "", wrows[3][1],
          verdict(growth <= 10 and r["saves"] > 0), **r)
    return t


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, help="number of notes (default 10000, or 100000 with --large)")
    ap.add_argument("--large", action="store_true", help="N = 100,000")
    ap.add_argument("--runs", type=int, default=5, help="timed runs per measurement (default 5)")
    ap.add_argument("--warmup", type=int, default=1, help="untimed runs before each measurement (default 1)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", metavar="OUT", help="also write the numbers as JSON to OUT")
    ap.add_argument("--out", default=str(HERE / "out"), help="cache folder for generated vaults")
    ap.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    ap.add_argument("--no-watch", action="store_true", help="skip the watch measurements")
    ap.add_argument("--watch-saves", type=int, default=20, help="single saves timed (default 20)")
    ap.add_argument("--watch-burst", type=int, default=1000, help="files in the burst (default 1000)")
    ap.add_argument("--watch-rss-saves", type=int, default=1000,
                    help="saves over which memory growth is measured (default 1000)")
    ap.add_argument("--watch-rss-budget", type=float, default=600.0,
                    help="seconds at most for those saves (default 600)")
    ap.add_argument("--watch-start-timeout", type=float, default=300.0)
    args = ap.parse_args(argv)
    n = args.n or (100_000 if args.large else 10_000)
    runs = max(1, args.runs)
    if n < 10:
        ap.error("--n must be at least 10")

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    lock = open(out / f"bench-n{n}-s{args.seed}.lock", "w")
    fcntl.flock(lock, fcntl.LOCK_EX)  # two benchmarks on one cached vault would edit each other's notes

    vault = ensure_vault(out, n, args.seed)
    edits = Edits(vault)
    if edits.restore():
        print("restored notes left edited by an interrupted run", file=sys.stderr)
    cli = CLI(sys.executable, vault, TODAY)
    try:
        res = collect(args, n, runs, vault, cli, edits)
    finally:
        k = edits.restore()
        if k:
            print(f"restored {k} edited note(s)", file=sys.stderr)
    t = build_table(args, n, res)

    print(f"plainnet benchmark: N = {n:,} notes (seed {args.seed}), {runs} runs + {args.warmup} warm-up each "
          f"(floors: {2 * runs}, before and after), Python {platform.python_version()}, "
          f"{os.cpu_count()} CPUs, --today {TODAY}")
    ld = res["load"]
    busy = max(ld) > (os.cpu_count() or 1) + 1  # the benchmark itself keeps about one CPU busy
    print(f"1-minute load average during the run: {min(ld):.1f} to {max(ld):.1f} "
          f"({'LOADED: other work shared the CPUs' if busy else 'quiet enough'})")
    print("Wall-clock seconds of whole subprocesses (start-up included); CPU = median user+system "
          "seconds of the process and its children, steadier than wall time when the machine is shared.")
    print()
    print(t.render())
    notes = [x for x in t.notes if x]
    if notes:
        print()
        for x in notes:
            print(f"- {x}")
    if args.json:
        data = {"n": n, "seed": args.seed, "runs": runs, "python": platform.python_version(),
                "cpus": os.cpu_count(), "vault": str(vault), "today": TODAY,
                "commands": sorted(cli.commands), "rows": t.rows, "samples": res, "notes": notes}
        Path(args.json).write_text(json.dumps(data, indent=2, default=str) + "\n", encoding="utf-8")
    missed = any(r["result"] in ("MISS", "ERROR") for r in t.rows)
    return 1 if (args.strict and missed) else 0


if __name__ == "__main__":
    sys.exit(main())
