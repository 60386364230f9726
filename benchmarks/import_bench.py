#!/usr/bin/env python3
"""plainnet import benchmark: a generated stack of N business cards (default 10,000) as one vCard.

    python benchmarks/import_bench.py                # N = 10,000, target: under 60 s
    python benchmarks/import_bench.py --n 2000 --keep /tmp/bench-vault

Each run is a fresh subprocess of this interpreter (start-up included):

1. `plainnet import --tag bench --met 2026-11-01 cards.vcf` into a new empty vault;
2. `plainnet index`: the sync of the N new notes that the next command would pay for once;
3. the same import again: every card must match ("0 new, 0 merged") and no file may change
   (checked by hashing every file).

The cards are deterministic (seeded): vCard 3.0 and 2.1 (quoted-printable), folded lines, unicode
names, several EMAIL/TEL/ADR, ORG, TITLE, NOTE, URL, BDAY, and about 3% duplicates (the same email in
another case, or the same name with a new address) that must merge instead of making new notes.
"""
from __future__ import annotations

import argparse
import hashlib
import quopri
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FIRST = ["Jane", "John", "Ana", "José", "Zoë", "Æsop", "Priya", "Mei", "Olu", "Søren", "François", "Chloé",
         "Ahmed", "Lena", "Marta", "Yuki", "Ivan", "Noor", "Tomás", "Grace", "太郎", "Björk", "Łukasz", "Dmitri"]
LAST = ["Doe", "García", "Fontaine", "Raman", "Chen", "Adeyemi", "Kierkegaard", "Müller", "O'Brien", "Nakamura",
        "Novak", "Haddad", "Fischer", "Silva", "Kowalski", "山田", "Ng", "Dubois", "Smith-Jones", "Ivanova"]
ORGS = ["Acme Ltd", "Northwind Traders", "Globex", "Initech", "Umbrella, Inc.", "Raman, Iyer & Co", "Lumen Pay",
        "Soylent", "Hooli", "Vandelay Industries", "Stark Industries", "Wayne Enterprises", "Cyberdyne"]
TITLES = ["Head of Sales", "CTO", "Partner", "Director, Operations", "Engineer", "Founder", "Accountant",
          "Product Manager", "Designer", "Recruiter"]


def fold(line: str) -> str:
    data = line.encode("utf-8")
    out, start, limit = [], 0, 75
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:
            end -= 1
        out.append(data[start:end].decode("utf-8"))
        start, limit = end, 74
    return "\r\n ".join(out) + "\r\n"


def esc(text: str) -> str:
    return text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


def card_text(i: int, rng: random.Random, people: list) -> tuple[str, str]:
    """(vCard text, email) of card i; a few repeat an earlier person."""
    if people and rng.random() < 0.03:
        first, last, email = people[rng.randrange(len(people))]
        if rng.random() < 0.5:
            email = email.upper()  # the same address in another case
        else:
            email = f"{first.lower()}.{i}@second.example"  # same name, new address
    else:
        first, last = rng.choice(FIRST), rng.choice(LAST)
        email = f"{first.lower()}.{last.lower().replace(' ', '')}.{i}@example.org"
        people.append((first, f"{last} {i}", email))
        last = f"{last} {i}"
    org, title = rng.choice(ORGS), rng.choice(TITLES)
    if rng.random() < 0.2:  # vCard 2.1 with quoted-printable UTF-8 names
        qp = quopri.encodestring(f"{first} {last}".encode("utf-8")).decode("ascii")
        lines = ["BEGIN:VCARD", "VERSION:2.1", f"FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:{qp}",
                 f"N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:{quopri.encodestring(last.encode()).decode()};"
                 f"{quopri.encodestring(first.encode()).decode()};;;",
                 f"EMAIL;INTERNET;PREF:{email}", f"TEL;CELL:+1 555 {i:07d}", f"ORG:{esc(org)}",
                 f"TITLE:{esc(title)}", "END:VCARD"]
        return "".join(ln + "\r\n" for ln in lines), email
    lines = ["BEGIN:VCARD", "VERSION:3.0", f"FN:{esc(first)} {esc(last)}", f"N:{esc(last)};{esc(first)};;;",
             f"EMAIL;TYPE=INTERNET,WORK,pref:{email}"]
    if rng.random() < 0.3:
        lines.append(f"EMAIL;TYPE=INTERNET,HOME:{first.lower()}{i}@home.example")
    lines.append(f"TEL;TYPE=CELL:+44 20 {i:04d} {rng.randrange(10000):04d}")
    if rng.random() < 0.4:
        lines.append(f"TEL;TYPE=WORK,VOICE:({rng.randrange(100, 999)}) 555-{rng.randrange(10000):04d}")
    lines += [f"ORG:{esc(org)};Sales", f"TITLE:{esc(title)}"]
    if rng.random() < 0.3:
        lines.append(f"ADR;TYPE=WORK:;;{rng.randrange(1, 200)} Main Street;Springfield;IL;62701;USA")
    if rng.random() < 0.3:
        lines.append(f"URL:https://www.linkedin.com/in/{first.lower()}-{i}")
    if rng.random() < 0.2:
        lines.append(f"BDAY:19{rng.randrange(50, 99)}-0{rng.randrange(1, 9)}-1{rng.randrange(0, 9)}")
    if rng.random() < 0.15:
        lines.append("NOTE:" + esc(f"Met at the booth; wants the case study.\nAsk about {org}. " * 2))
    if rng.random() < 0.05:
        lines.append("PHOTO;ENCODING=b;TYPE=JPEG:" + "A" * 300)  # binary: never written into notes
    lines.append("END:VCARD")
    return "".join(fold(ln) for ln in lines), email


def generate(path: Path, n: int, seed: int = 0) -> int:
    rng = random.Random(seed)
    people: list = []
    with open(path, "w", encoding="utf-8", newline="") as f:
        for i in range(n):
            f.write(card_text(i, rng, people)[0])
    return n


def snapshot(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and ".plainnet" not in p.parts}


def run(root: Path, *args: str) -> tuple[float, str]:
    cmd = [sys.executable, "-m", "plainnet", "--vault", str(root), "--today", "2026-11-25", *args]
    t0 = time.perf_counter()
    res = subprocess.run(cmd, capture_output=True, text=True)
    took = time.perf_counter() - t0
    if res.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({res.returncode}):\n{res.stderr}")
    return took, res.stdout.strip().splitlines()[-1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=10_000, help="cards (default 10,000)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--keep", metavar="DIR", help="build the vault here and keep it")
    ap.add_argument("--target", type=float, default=60.0, help="seconds the first import must stay under")
    args = ap.parse_args()

    tmp = tempfile.TemporaryDirectory(prefix="plainnet-import-bench-")
    base = Path(args.keep) if args.keep else Path(tmp.name)
    base.mkdir(parents=True, exist_ok=True)
    cards = base / "cards.vcf"
    root = base / "vault"
    if root.exists():
        sys.exit(f"{root} exists; give an empty --keep folder")
    root.mkdir()
    (root / "plainnet.toml").write_text("", encoding="utf-8")
    generate(cards, args.n, args.seed)
    size = cards.stat().st_size
    print(f"{args.n} cards, {size / 1e6:.1f} MB: {cards}")

    first, summary1 = run(root, "import", "--tag", "bench", "--met", "2026-11-01", str(cards))
    notes = len(list((root / "people").glob("*.md")))
    print(f"first import:  {first:6.1f} s  {summary1}  ({notes} notes)")
    indexing, summary_index = run(root, "index")
    print(f"index:         {indexing:6.1f} s  {summary_index}  (what the next command pays once)")
    before = snapshot(root)
    second, summary2 = run(root, "import", "--tag", "bench", "--met", "2026-11-01", str(cards))
    same = snapshot(root) == before
    print(f"second import: {second:6.1f} s  {summary2}  (files byte-identical: {same})")
    ok = first < args.target and same and summary2.startswith("0 new, 0 merged")
    print(f"target: first import under {args.target:.0f} s: {'met' if first < args.target else 'MISSED'}")
    if not args.keep:
        tmp.cleanup()
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
