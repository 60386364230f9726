#!/usr/bin/env python3
"""plainnet lsp latency: start-up, diagnostics after a change, completion and hover.

    python benchmarks/lsp_bench.py                # N = 10,000 notes
    python benchmarks/lsp_bench.py --n 2000 --changes 30 --json out.json

A real LSP client (pygls) starts `plainnet lsp` as a subprocess on a generated vault (made once
into benchmarks/out/ by generate.py, and indexed once before the runs), so every number includes
the protocol's JSON-RPC over stdio:

- start-up: spawn to the `initialize` answer, with an existing index (each of --starts runs);
  and spawn to the first diagnostics of an opened note (the server warms its caches first);
- diagnostics: a change to an open contact's buffer (a line appended) to the publishDiagnostics
  for that version, the server's debounce (50 ms) included; one change at a time, after the
  server has settled (--settle);
- completion: `[[` plus two letters in an event's `attendees:` and in a body;
- hover on a link (the person's card).

Targets (10,000 notes): diagnostics p95 <= 150 ms, completion p95 <= 100 ms, start-up <= 2 s.
The buffers are never saved: the vault's files are not touched.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
TODAY = "2026-11-15"
TARGETS = {"diagnostics_p95_ms": 150, "completion_p95_ms": 100, "startup_s": 2.0}


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(p / 100 * len(values)) - 1))]


def summary(ms):
    return {"n": len(ms), "p50": round(statistics.median(ms), 1), "p95": round(pct(ms, 95), 1),
            "max": round(max(ms), 1)}


class Bench:
    def __init__(self, vault: Path):
        self.vault = vault
        self.published: dict[str, tuple[int | None, float]] = {}
        self.event = asyncio.Event()

    async def start(self):
        from lsprotocol import types as T
        from pygls.lsp.client import LanguageClient

        client = LanguageClient("plainnet-bench", "1")

        @client.feature(T.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def diags(params):
            self.published[params.uri] = (params.version, time.perf_counter())
            self.event.set()

        @client.feature(T.WINDOW_SHOW_MESSAGE)
        def shown(params):
            print("server says:", params.message, file=sys.stderr)

        env = {**os.environ, "PYTHONPATH": str(REPO), "PLAINNET_TODAY": TODAY}
        t0 = time.perf_counter()
        await client.start_io(sys.executable, "-m", "plainnet", "--vault", str(self.vault), "lsp", "--no-watch",
                              env=env)
        await client.initialize_async(T.InitializeParams(capabilities=T.ClientCapabilities(),
                                                         root_uri=self.vault.as_uri()))
        t_init = time.perf_counter() - t0
        client.initialized(T.InitializedParams())
        self.client = client
        return t0, t_init

    async def wait_version(self, uri, version, timeout=30.0):
        end = time.perf_counter() + timeout
        while time.perf_counter() < end:
            got = self.published.get(uri)
            if got and got[0] == version:
                return got[1]
            self.event.clear()
            try:
                await asyncio.wait_for(self.event.wait(), 0.5)
            except asyncio.TimeoutError:
                pass
        raise TimeoutError(f"no diagnostics for version {version} of {uri}")

    async def stop(self):
        await self.client.shutdown_async(None)
        self.client.exit(None)
        await self.client.stop()


def pick(vault: Path, folder: str, want=None) -> Path:
    for p in sorted((vault / folder).glob("*.md")):
        if want is None or want(p.read_text(encoding="utf-8")):
            return p
    raise SystemExit(f"no note in {folder}/")


async def run(vault: Path, starts: int, changes: int, completions: int, settle: float = 3.0) -> dict:
    from lsprotocol import types as T

    contact = pick(vault, "people", lambda t: "## Log" in t)
    event = pick(vault, "events", lambda t: "attendees:" in t)
    results: dict = {}

    startup, first = [], []
    for _ in range(starts):
        b = Bench(vault)
        t0, t_init = await b.start()
        uri = contact.as_uri()
        b.client.text_document_did_open(T.DidOpenTextDocumentParams(T.TextDocumentItem(
            uri=uri, language_id="markdown", version=1, text=contact.read_text(encoding="utf-8"))))
        t_first = await b.wait_version(uri, 1) - t0
        startup.append(t_init)
        first.append(t_first)
        await b.stop()
    results["startup_s"] = {"initialize_max": round(max(startup), 2), "initialize_median": round(statistics.median(startup), 2),
                            "first_diagnostics_median": round(statistics.median(first), 2),
                            "first_diagnostics_max": round(max(first), 2)}

    b = Bench(vault)
    await b.start()
    text = contact.read_text(encoding="utf-8")
    uri = contact.as_uri()
    b.client.text_document_did_open(T.DidOpenTextDocumentParams(T.TextDocumentItem(
        uri=uri, language_id="markdown", version=1, text=text)))
    await b.wait_version(uri, 1)
    await asyncio.sleep(settle)  # (the server finishes warming up: every contact's last contact)
    lines = text.count("\n")
    diag_ms = []
    for v in range(2, changes + 2):
        new = f"- {TODAY}: note {v} about [[Nobody {v}]]\n"
        t = time.perf_counter()
        b.client.text_document_did_change(T.DidChangeTextDocumentParams(
            T.VersionedTextDocumentIdentifier(uri=uri, version=v),
            [T.TextDocumentContentChangePartial(range=T.Range(T.Position(lines, 0), T.Position(lines, 0)), text=new)]))
        lines += 1
        done = await b.wait_version(uri, v)
        diag_ms.append((done - t) * 1000)
    results["diagnostics_ms"] = summary(diag_ms)

    etext = event.read_text(encoding="utf-8")
    euri = event.as_uri()
    b.client.text_document_did_open(T.DidOpenTextDocumentParams(T.TextDocumentItem(
        uri=euri, language_id="markdown", version=1, text=etext + "\nAsk [[\n")))
    await b.wait_version(euri, 1)
    elines = etext.split("\n")
    att = next(i for i, ln in enumerate(elines) if ln.startswith("attendees:"))
    body_line = len(elines)
    comp_fm, comp_body, counts = [], [], []
    letters = "abcdefghijklmnoprstw"
    version = 1
    for i in range(completions):
        prefix = letters[i % len(letters)] + letters[(i * 7) % len(letters)]
        version += 1
        new_fm = list(elines)
        new_fm.insert(att + 1, f'  - "[[{prefix}')
        body = "\n".join(new_fm) + f"\nAsk [[{prefix}\n"
        b.client.text_document_did_change(T.DidChangeTextDocumentParams(
            T.VersionedTextDocumentIdentifier(uri=euri, version=version),
            [T.TextDocumentContentChangeWholeDocument(text=body)]))
        for line, col, out in ((att + 1, 7 + len(prefix), comp_fm), (body_line + 1, 6 + len(prefix), comp_body)):
            t = time.perf_counter()
            got = await b.client.text_document_completion_async(T.CompletionParams(
                T.TextDocumentIdentifier(euri), T.Position(line, col)))
            out.append((time.perf_counter() - t) * 1000)
            counts.append(len(got.items) if got else 0)
    results["completion_attendees_ms"] = summary(comp_fm)
    results["completion_body_ms"] = summary(comp_body)
    results["completion_items_median"] = statistics.median(counts)

    hover_ms = []
    link_line = next(i for i, ln in enumerate(elines) if "[[" in ln and i > att)
    col = elines[link_line].index("[[") + 3
    for _ in range(20):
        t = time.perf_counter()
        await b.client.text_document_hover_async(T.HoverParams(T.TextDocumentIdentifier(euri), T.Position(link_line, col)))
        hover_ms.append((time.perf_counter() - t) * 1000)
    results["hover_ms"] = summary(hover_ms)
    await b.stop()
    results["targets"] = {
        "diagnostics_p95_ms<=150": results["diagnostics_ms"]["p95"] <= TARGETS["diagnostics_p95_ms"],
        "completion_p95_ms<=100": max(results["completion_attendees_ms"]["p95"],
                                      results["completion_body_ms"]["p95"]) <= TARGETS["completion_p95_ms"],
        "startup_s<=2": results["startup_s"]["initialize_max"] <= TARGETS["startup_s"],
    }
    return results


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=10_000, help="number of notes (default 10000)")
    ap.add_argument("--seed", type=int, default=0, help="generator seed (default 0)")
    ap.add_argument("--out", type=Path, default=HERE / "out", help="where generated vaults are kept")
    ap.add_argument("--vault", type=Path, help="benchmark this vault instead of a generated one")
    ap.add_argument("--starts", type=int, default=3, help="start-up runs (default 3)")
    ap.add_argument("--changes", type=int, default=60, help="buffer changes timed (default 60)")
    ap.add_argument("--completions", type=int, default=40, help="completion requests of each kind (default 40)")
    ap.add_argument("--settle", type=float, default=3.0,
                    help="seconds to let the server finish warming up before timing changes (default 3)")
    ap.add_argument("--json", type=Path, help="also write the results to this file")
    args = ap.parse_args(argv)
    if args.vault:
        vault = args.vault.resolve()
    else:
        from bench import ensure_vault

        vault = ensure_vault(args.out, args.n, args.seed)
    env = {**os.environ, "PYTHONPATH": str(REPO), "PLAINNET_TODAY": TODAY}
    subprocess.run([sys.executable, "-m", "plainnet", "--vault", str(vault), "check", "--format", "json"],
                   env=env, stdout=subprocess.DEVNULL, check=False)  # an existing index, findings kept
    results = asyncio.run(run(vault, args.starts, args.changes, args.completions, args.settle))
    results["load_average"] = os.getloadavg()[0]
    results["notes"] = sum(1 for _ in vault.rglob("*.md"))
    text = json.dumps(results, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
