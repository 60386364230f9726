#!/usr/bin/env python3
"""Deterministic generator of a realistic plainnet vault for benchmarks.

    python benchmarks/generate.py DIR --n 10000 [--seed 0]

``generate(root, n, seed=0)`` writes ``n`` Markdown notes under ``root``:

- ~60% contacts in ``people/``, ~25% events in ``events/``, ~3% groups in
  ``groups/``, one ``pitch.md``, and the rest plain notes in ``notes/``;
- front matter as in SPEC section 1 (contacts: name, aliases, company, role,
  email, tags, met, last_contact, cadence, offer, need, gave/got ledgers,
  follow_ups; events: date, kind, group, objectives, quoted attendee links,
  status; groups: purpose, joined, meets; the pitch: audience, problem, ...);
- bodies of 200-800 words with ``[[wikilinks]]`` (plain, ``|alias``,
  ``#heading`` and ``folder/`` forms, and a few that resolve to no note),
  ``## Log`` sections of ``- YYYY-MM-DD: ...`` lines, and tasks in the
  Obsidian Tasks (``📅``, ``✅``) and Dataview (``[due:: ]``) styles;
- an empty-but-commented ``plainnet.toml``.

The output depends only on ``n`` and ``seed``: one ``random.Random(seed)``,
no clock, no set iteration, so two runs write byte-identical files (file
modification times of course differ). Dates are spread around a fixed
"today" of 2026-11-15 (``ANCHOR``), so a benchmark run with
``--today 2026-11-15`` sees overdue, upcoming and stay-in-touch items.
"""
from __future__ import annotations

import argparse
import datetime as _dt
import json
import random
import re
import sys
from pathlib import Path

ANCHOR = _dt.date(2026, 11, 15)  # the "today" the dates are spread around
FIRST_DAY = _dt.date(2024, 1, 1)
LAST_DAY = _dt.date(2027, 3, 31)

FIRST_NAMES = """
Aaliyah Aaron Abigail Adam Adele Aditi Adrian Agnes Ahmed Aisha Alan Alba Alejandro Alex Alice
Amara Amelia Amir Ana Anders Andrea Andrew Anika Anna Antoine Arjun Astrid Ava Ayumi Beatriz Ben
Bianca Bjorn Bruno Camila Carla Carlos Caroline Catherine Chen Chiara Chloe Chris Claire Clara
Daniel Dara David Deepa Diego Dmitri Elena Eli Elif Elise Emil Emily Emma Erik Ethan Eva Fatima
Felix Fernando Fiona Francesca Freya Gabriel Grace Greta Hana Hannah Hassan Helen Henrik Hugo Ian
Ida Imani Ines Ingrid Isaac Isabel Ivan Jack Jacob Jae James Jana Jane Javier Jin Joao Johan John
Jonas Jorge Julia Julian Kai Karim Kate Keiko Kenji Khalid Kofi Lara Laura Leila Leo Liam Lina
Linnea Lucas Lucia Luis Maja Malik Manon Marco Maria Mark Marta Mateo Maya Mehmet Mia Miguel Mina
Nadia Naomi Nathan Nikhil Nina Noah Nora Olga Oliver Olivia Omar Oscar Paolo Paula Pedro Petra
Priya Rafael Rahul Ravi Rebecca Rosa Ruth Sam Samira Santiago Sara Sean Sofia Sophie Stefan Sunil
Tariq Tessa Theo Thomas Tomas Uma Valentina Victor Wei Xavier Yara Yasmin Yuki Yusuf Zara Zoe
""".split()

LAST_NAMES = """
Abbott Adeyemi Ahmed Alvarez Andersen Ansari Arnold Bailey Baker Banerjee Barros Becker Bell
Bergstrom Bianchi Bishop Brandt Brooks Brown Byrne Campbell Carter Castro Chang Chen Clarke Cohen
Collins Costa Cruz Dalton Das Davies Dekker Delgado Diaz Dubois Duncan Edwards Eriksson Evans
Fernandes Fischer Fitzgerald Fleming Fontaine Ford Fraser Garcia Gill Gomez Gonzalez Graham Grant
Gray Gupta Haddad Hall Hansen Harris Hayes Heller Hernandez Hill Hoffmann Holm Horvat Hughes Ibrahim
Ivanova Jackson Jansen Jensen Johnson Jones Kahn Kapoor Keller Kelly Kim Klein Koch Kowalski Kumar
Larsen Laurent Lee Lehmann Lewis Lindqvist Lopez Lund Mahmoud Martin Martinez Meyer Miller Mitchell
Moreau Morgan Muller Murphy Nakamura Navarro Nguyen Nielsen Novak Nowak Obi Okafor Olsen Ortiz Park
Patel Perez Petrov Pham Popescu Price Quinn Rahman Ramirez Reed Reyes Richter Rivera Roberts Rossi
Russo Sato Schmidt Schneider Scott Shah Silva Singh Smith Sousa Stewart Suzuki Tan Taylor Thomas
Torres Turner Vargas Vasquez Visser Wagner Walker Wang Watanabe Weber White Williams Wilson Wong
Wright Yamamoto Yilmaz Young Zhang Zimmermann
""".split()

COMPANY_A = """
Acme Apex Arcadia Atlas Beacon Blue Bright Cedar Cobalt Copper Crescent Delta Ember Evergreen Falcon
Fjord Granite Harbor Helix Horizon Indigo Juniper Keystone Lantern Linden Lumen Maple Meridian Nimbus
North Oak Orbit Pioneer Quarry Redwood Ridge River Sable Signal Silver Spruce Summit Tidal Vertex
Willow Zenith
""".split()
COMPANY_B = """
Analytics Advisory Bakery Bank Biotech Builders Capital Consulting Design Dynamics Energy Foods
Health Insurance Labs Law Logistics Media Partners Realty Robotics Software Studio Systems Travel
Ventures
""".split()

ROLES = [
    "Founder", "CEO", "CFO", "CTO", "Head of Sales", "Head of Data", "Product Manager",
    "Engineering Manager", "Account Executive", "Recruiter", "Partner", "Accountant",
    "Architect", "Designer", "Marketing Lead", "Operations Director", "Investor",
    "Office Manager", "Consultant", "Professor", "Student", "Journalist", "Nurse",
    "Realtor", "Lawyer", "Financial Planner", "Chef", "Photographer",
]

TAGS = [
    "fintech", "healthcare", "design", "hiring", "investor", "mentor", "client", "prospect",
    "supplier", "friend", "alumni", "chamber", "bni", "conference", "local", "remote",
    "london", "berlin", "nyc", "lisbon", "referral-partner", "speaker", "podcast", "ai",
]

CADENCES = ["2w", "30d", "1m", "6w", "3m", "90d", "6m", "1y"]
EVENT_KINDS = [
    "coffee", "coffee", "coffee", "lunch", "call", "call", "breakfast", "meetup",
    "conference", "dinner", "workshop",
]
ONE_TO_ONE = ("coffee", "lunch", "call", "dinner")
GROUP_KINDS = [
    "Chamber of Commerce", "BNI Chapter", "Founders Circle", "Women in Tech", "Toastmasters",
    "Rotary Club", "Product Guild", "Data Meetup", "Design Collective", "Alumni Association",
    "Angel Network", "Startup Breakfast", "Marketing Club", "Coworking Community",
]
CITIES = [
    "Downtown", "Riverside", "Northside", "Harbour", "Old Town", "Westend", "Eastgate",
    "Lisbon", "Berlin", "London", "Brooklyn", "Austin", "Porto", "Leeds", "Lyon", "Oslo",
    "Denver", "Dublin", "Utrecht", "Valencia",
]
TOPICS = [
    "pricing", "hiring", "fundraising", "partnerships", "referrals", "positioning", "onboarding",
    "churn", "the roadmap", "a rebrand", "the conference", "grant applications", "a podcast",
    "public speaking", "mentoring", "the board meeting", "a joint webinar", "office space",
    "supplier contracts", "case studies", "the newsletter", "cash flow", "a product launch",
]
OFFERS = [
    "Intro to my accountant", "Feedback on their pitch deck", "Share our hiring checklist",
    "Connect them with the Chamber president", "Review their pricing page",
    "Invite them to speak at the meetup", "Send the grant template", "Refer design clients",
    "Lend the conference badge", "Introduce to two angel investors",
]
NEEDS = [
    "Intro to a CFO at a mid-size logistics firm", "Advice on SaaS pricing",
    "A referral to a commercial landlord", "Feedback on the new offer",
    "Warm intro to the hospital procurement team", "A speaking slot at their meetup",
    "Names of good bookkeepers", "Beta users for the scheduling tool",
]
WHATS = [
    "Send the proposal", "Share the slides", "Intro to {person}", "Ask about the open role",
    "Book a follow-up coffee", "Send my resume", "Review the contract draft",
    "Forward the event invite", "Thank-you note", "Send the case study", "Check in after launch",
    "Recommend a bookkeeper", "Share the article on {topic}", "Call about {topic}",
]
FILLER = """
about after again also always another around asked back because been before being best better
between both brought build business came can client clients come company could customer customers
day deal decided did different does doing done during each early enough even every experience
few find first following found friends from future gave getting give given going good great group
growth had happy has have help helped her here him his how idea ideas important interested into
just keep kind knew know large last later learned less like little long look looking lot made
make making many market maybe meeting met might month months more most much need needs never new
next nice now offer often once only open other our out over own part people perhaps plan plans
point possible pretty problem process product project quite rather real really recently right said
same says see seemed seems should show since small some someone something soon still story such
suggested sure team teams than that their them then there these they thing things think this
those though thought through time today together told too took tried trying two under until
useful very want wanted was week weeks well went were what when where which while who why will
with work worked working would year years yet
""".split()
VERBS = ["mentioned", "suggested", "asked about", "is working on", "complained about",
         "is excited about", "wants help with", "recommended", "is hiring for", "struggles with"]

_PLAIN_OK = re.compile(r"[A-Za-z][A-Za-z0-9 .,'&()/+-]*")
_YAML_WORDS = {"yes", "no", "true", "false", "on", "off", "null", "y", "n", "~"}


def _q(s: str) -> str:
    """A YAML scalar for string ``s``: plain where YAML reads it back as this string."""
    if _PLAIN_OK.fullmatch(s) and s.lower() not in _YAML_WORDS and not s.endswith((" ", ".")):
        return s
    return json.dumps(s, ensure_ascii=False)  # a JSON string is a valid YAML double-quoted one


def _link(title: str) -> str:
    return f'"[[{title}]]"'


class _Plan:
    """Titles and relationships of every note, decided before any text is written."""

    def __init__(self, n: int, rng: random.Random):
        self.rng = rng
        n_rest = max(n - 1, 0)  # pitch.md is one note
        self.n_groups = max(1, round(n * 0.03)) if n_rest >= 4 else 0
        self.n_events = round(n * 0.25) if n_rest >= 4 else 0
        self.n_contacts = round(n * 0.60) if n_rest >= 4 else n_rest
        self.n_notes = n_rest - self.n_groups - self.n_events - self.n_contacts
        if self.n_notes < 0:  # tiny n: trim contacts
            self.n_contacts += self.n_notes
            self.n_notes = 0
        taken: dict[str, None] = {}  # lower-cased titles and aliases in use

        def unique(title: str) -> str:
            base, k = title, 2
            while title.lower() in taken:
                title = f"{base} {k}"
                k += 1
            taken[title.lower()] = None
            return title

        self.contacts: list[dict] = []
        for i in range(self.n_contacts):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            name = f"{first} {last}"
            if name.lower() in taken:
                name = f"{first} {rng.choice('ABCDEFGHJKLMNPRSTVW')}. {last}"
            name = unique(name)
            company = f"{rng.choice(COMPANY_A)} {rng.choice(COMPANY_B)}"
            self.contacts.append({
                "title": name, "first": first, "last": last, "company": company,
                "events": [], "aliases": [],
            })
        # aliases come after all titles so that no alias shadows a later title
        for c in self.contacts:
            if rng.random() < 0.4:
                alias = f"{c['first']} {c['last'][0]}."
                if alias.lower() not in taken:
                    taken[alias.lower()] = None
                    c["aliases"].append(alias)
            if rng.random() < 0.1:
                alias = c["first"][:3] + " " + c["last"]
                if alias.lower() not in taken:
                    taken[alias.lower()] = None
                    c["aliases"].append(alias)

        self.groups: list[dict] = []
        for i in range(self.n_groups):
            title = unique(f"{rng.choice(CITIES)} {rng.choice(GROUP_KINDS)}")
            self.groups.append({"title": title, "events": []})

        span = (LAST_DAY - FIRST_DAY).days
        self.events: list[dict] = []
        for i in range(self.n_events):
            day = FIRST_DAY + _dt.timedelta(days=rng.randrange(span))
            kind = rng.choice(EVENT_KINDS)
            group = None
            if kind in ONE_TO_ONE or not self.contacts:
                k = 1 if rng.random() < 0.85 else 2
            else:
                k = rng.randint(2, 8)
                if self.groups and rng.random() < 0.7:
                    group = rng.choice(self.groups)
            k = min(k, len(self.contacts))
            attendees = rng.sample(self.contacts, k) if k else []
            if kind in ONE_TO_ONE and attendees:
                label = f"{kind.capitalize()} with {attendees[0]['title']}"
            elif group is not None:
                label = f"{group['title']} {kind}"
            else:
                label = f"{rng.choice(CITIES)} {kind}"
            title = unique(f"{day.isoformat()} {label}")
            ev = {"title": title, "date": day, "kind": kind, "group": group, "attendees": attendees}
            self.events.append(ev)
            for a in attendees:
                a["events"].append(ev)
            if group is not None:
                group["events"].append(ev)

        self.notes: list[dict] = []
        for i in range(self.n_notes):
            topic = rng.choice(TOPICS)
            kind = rng.choice(["Ideas on", "Reading notes on", "Thoughts about", "Draft on",
                               "Checklist for", "Meeting prep for"])
            self.notes.append({"title": unique(f"{kind} {topic} {i + 1:04d}")})

        self.folder = {}
        for folder, items in (("people/", self.contacts), ("events/", self.events),
                              ("groups/", self.groups), ("notes/", self.notes)):
            for x in items:
                self.folder[x["title"]] = folder
        # link targets for bodies: mostly people, some events/groups/notes
        self.all_titles = (
            [c["title"] for c in self.contacts] * 3
            + [e["title"] for e in self.events]
            + [g["title"] for g in self.groups] * 2
            + [x["title"] for x in self.notes]
        )


def _date(rng: random.Random, lo: _dt.date = FIRST_DAY, hi: _dt.date = LAST_DAY) -> _dt.date:
    span = (hi - lo).days
    return lo + _dt.timedelta(days=rng.randrange(max(span, 1)))


class _Writer:
    def __init__(self, plan: _Plan, rng: random.Random):
        self.p = plan
        self.rng = rng

    # ---- text pieces -------------------------------------------------------------
    def link(self, title: str | None = None) -> str:
        rng = self.rng
        if title is None:
            if rng.random() < 0.02 or not self.p.all_titles:
                # Obsidian vaults are full of links to notes not written yet
                return f"[[{rng.choice(FIRST_NAMES)} from {rng.choice(CITIES)}]]"
            title = rng.choice(self.p.all_titles)
        r = rng.random()
        if r < 0.70:
            return f"[[{title}]]"
        if r < 0.82:
            return f"[[{title}|{title.split()[0]}]]"
        if r < 0.92:
            return f"[[{title}#Log]]"
        return f"[[{self.p.folder[title]}{title}]]"

    def words(self, k: int) -> str:
        return " ".join(self.rng.choices(FILLER, k=k))

    def sentence(self) -> str:
        rng = self.rng
        r = rng.random()
        if r < 0.25:
            s = f"{self.link()} {rng.choice(VERBS)} {rng.choice(TOPICS)} and {self.words(rng.randint(4, 14))}"
        elif r < 0.35:
            s = f"Talked with {self.link()} and {self.link()} about {rng.choice(TOPICS)}, {self.words(rng.randint(3, 10))}"
        else:
            s = self.words(rng.randint(6, 22))
        return s[0].upper() + s[1:] + "."

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(2, 6)))

    def what(self) -> str:
        rng = self.rng
        w = rng.choice(WHATS)
        if "{person}" in w:
            w = w.format(person=rng.choice(self.p.contacts)["title"] if self.p.contacts else "Sam")
        elif "{topic}" in w:
            w = w.format(topic=rng.choice(TOPICS))
        return w

    def task(self) -> str:
        rng = self.rng
        what = self.what()
        if rng.random() < 0.3:
            what += f" for {self.link()}"
        r = rng.random()
        due = _date(rng, _dt.date(2026, 6, 1), _dt.date(2027, 3, 1)).isoformat()
        if r < 0.35:
            return f"- [ ] {what} 📅 {due}"
        if r < 0.50:
            return f"- [ ] {what} [due:: {due}]"
        if r < 0.72:
            done = _date(rng, _dt.date(2026, 1, 1), ANCHOR).isoformat()
            return f"- [x] {what} ✅ {done}"
        if r < 0.80:
            return f"- [x] {what}"
        if r < 0.84:
            return f"- [-] {what} ❌ {due}"
        if r < 0.90:
            return f"- [ ] {what} ⏳ {due}"
        return f"- [ ] {what}"

    def log_lines(self, k: int, events: list[dict]) -> list[str]:
        rng = self.rng
        days = sorted((_date(rng, _dt.date(2025, 1, 1), ANCHOR) for _ in range(k)), reverse=True)
        out = []
        for d in days:
            r = rng.random()
            if r < 0.3 and events:
                body = f"saw them at {self.link(rng.choice(events)['title'])}, {self.words(rng.randint(3, 9))}"
            elif r < 0.6:
                body = f"{rng.choice(['emailed', 'called', 'had coffee', 'messaged', 'met'])} about {rng.choice(TOPICS)}; {self.words(rng.randint(3, 9))}"
            else:
                body = self.words(rng.randint(5, 14))
            out.append(f"- {d.isoformat()}: {body}")
        return out

    def fill(self, parts: list[str], target_words: int) -> None:
        """Append paragraphs (some under headings) until the body reaches ``target_words``."""
        rng = self.rng
        count = sum(len(x.split()) for x in parts)
        headings = ["## Notes", "## Background", "## Ideas", "## Context", "## Open questions"]
        while count < target_words:
            if rng.random() < 0.15:
                h = rng.choice(headings)
                parts.append(h)
                count += 2
            para = self.paragraph()
            parts.append(para)
            count += len(para.split())

    # ---- notes -------------------------------------------------------------------
    def contact(self, c: dict) -> str:
        rng = self.rng
        fm = []
        if rng.random() < 0.7:
            fm.append("type: contact")
        fm.append(f"name: {_q(c['title'])}")
        if c["aliases"]:
            fm.append("aliases:")
            fm += [f"  - {_q(a)}" for a in c["aliases"]]
        fm.append(f"company: {_q(c['company'])}")
        fm.append(f"role: {_q(rng.choice(ROLES))}")
        slug = re.sub(r"[^a-z]+", "-", c["company"].lower()).strip("-")
        local = re.sub(r"[^a-z]+", ".", c["title"].lower()).strip(".")
        fm.append(f"email: {local}@{slug}.example")
        if rng.random() < 0.3:
            fm.append(f'phone: "+1 555 {rng.randrange(10000):04d}"')
        tags = rng.sample(TAGS, rng.randint(0, 3))
        if tags:
            fm.append("tags:")
            fm += [f"  - {t}" for t in tags]
        evs = sorted(c["events"], key=lambda e: e["date"])
        past = [e for e in evs if e["date"] < ANCHOR]
        if past and rng.random() < 0.75:
            fm.append(f"met: {_link(past[0]['title'])}")
        else:
            fm.append(f"met: {_date(rng, FIRST_DAY, ANCHOR).isoformat()}")
        if rng.random() < 0.2 and self.p.contacts:
            fm.append(f"introduced_by: {_link(rng.choice(self.p.contacts)['title'])}")
        if rng.random() < 0.8:
            fm.append(f"last_contact: {_date(rng, _dt.date(2025, 6, 1), ANCHOR).isoformat()}")
        if rng.random() < 0.85:
            fm.append(f"cadence: {rng.choice(CADENCES)}")
        if rng.random() < 0.7:
            fm.append(f"offer: {_q(rng.choice(OFFERS))}")
        if rng.random() < 0.7:
            fm.append(f"need: {_q(rng.choice(NEEDS))}")
        for key in ("gave", "got"):
            k = rng.choice([0, 0, 1, 1, 2, 3, 4])
            if k:
                fm.append(f"{key}:")
                for _ in range(k):
                    if rng.random() < 0.15:
                        fm.append(f"  - {_q(self.what())}")
                    else:
                        fm.append(f"  - date: {_date(rng, _dt.date(2025, 1, 1), ANCHOR).isoformat()}")
                        fm.append(f"    what: {_q(self.what())}")
        if rng.random() < 0.15:
            fm.append("mailing_list: true")
            if rng.random() < 0.7:
                fm.append(f"consent: {_q('signed up at ' + rng.choice(CITIES) + ' meetup')}")
        k = rng.choice([0, 0, 0, 1, 1, 2])
        if k:
            fm.append("follow_ups:")
            for _ in range(k):
                fm.append(f"  - due: {_date(rng, _dt.date(2026, 6, 1), _dt.date(2027, 3, 1)).isoformat()}")
                fm.append(f"    what: {_q(self.what())}")
                fm.append(f"    done: {'true' if rng.random() < 0.3 else 'false'}")

        target = rng.randint(200, 800)
        parts = []
        if rng.random() < 0.3:
            parts.append(f"# {c['title']}")
        parts.append(f"{c['first']} is {rng.choice(ROLES).lower()} at {c['company']}. " + self.paragraph())
        log = self.log_lines(rng.randint(0, 8), evs)
        if log:
            parts.append("## Log\n" + "\n".join(log))
        tasks = [self.task() for _ in range(rng.choice([0, 1, 1, 2, 3, 5]))]
        if tasks:
            parts.append("## Follow-ups\n" + "\n".join(tasks))
        self.fill(parts, target)
        return _note(fm, parts)

    def event(self, e: dict) -> str:
        rng = self.rng
        fm = []
        if rng.random() < 0.8:
            fm.append("type: event")
        if rng.random() < 0.2:
            fm.append(f"date: {e['date'].isoformat()}T{rng.choice(['08:00', '12:30', '18:30', '09:15'])}")
        else:
            fm.append(f"date: {e['date'].isoformat()}")
        fm.append(f"kind: {e['kind']}")
        if e["group"] is not None:
            fm.append(f"group: {_link(e['group']['title'])}")
        k = rng.choice([0, 1, 1, 2, 2, 3])
        if k:
            fm.append("objectives:")
            for _ in range(k):
                fm.append(f"  - {_q(rng.choice(['Meet', 'Learn about', 'Ask about', 'Follow up on', 'Find a partner for']) + ' ' + rng.choice(TOPICS))}")
        if e["attendees"]:
            fm.append("attendees:")
            for a in e["attendees"]:
                r = rng.random()
                if r < 0.8 or not a["aliases"]:
                    t = a["title"] if r < 0.9 else f"people/{a['title']}"
                else:
                    t = a["aliases"][0]
                fm.append(f"  - {_link(t)}")
        if rng.random() < 0.1:
            fm.append('pitch: "[[pitch]]"')
        fm.append(f"status: {'done' if e['date'] < ANCHOR else 'planned'}")

        target = rng.randint(200, 800)
        parts = []
        if e["date"] < ANCHOR:
            parts.append("## Notes\n" + self.paragraph())
            tasks = [self.task() for _ in range(rng.choice([0, 1, 2, 3]))]
            if rng.random() < 0.2:
                tasks.append(f"- [ ] {self.what()}")  # an undated promise
            if tasks:
                parts.append("## Promises\n" + "\n".join(tasks))
        else:
            parts.append("## Prep\n" + self.paragraph())
            parts.append("## Questions\n" + "\n".join(f"- {self.words(rng.randint(4, 10))}?"
                                                     for _ in range(rng.randint(1, 4))))
        self.fill(parts, target)
        return _note(fm, parts)

    def group(self, g: dict) -> str:
        rng = self.rng
        fm = []
        if rng.random() < 0.8:
            fm.append("type: group")
        if rng.random() < 0.85:
            fm.append(f"purpose: {_q('Meet ' + rng.choice(ROLES).lower() + 's interested in ' + rng.choice(TOPICS))}")
        fm.append(f"joined: {_date(rng, FIRST_DAY, _dt.date(2026, 6, 1)).isoformat()}")
        fm.append(f"meets: {rng.choice(['1w', '2w', '1m', '3m'])}")
        if rng.random() < 0.5:
            fm.append(f"why_joined: {_q(rng.choice(['Referrals from local businesses', 'Practise my pitch', 'Find clients in ' + rng.choice(TAGS), 'A friend invited me']))}")
        tags = rng.sample(TAGS, rng.randint(0, 2))
        if tags:
            fm.append("tags:")
            fm += [f"  - {t}" for t in tags]
        target = rng.randint(200, 800)
        parts = ["## About\n" + self.paragraph()]
        evs = sorted(g["events"], key=lambda e: e["date"])[-30:]
        if evs:
            parts.append("## Meetings\n" + "\n".join(f"- [[{e['title']}]]" for e in evs))
        self.fill(parts, target)
        return _note(fm, parts)

    def plain(self, x: dict) -> str:
        rng = self.rng
        fm = []
        r = rng.random()
        if r < 0.5:
            fm.append(f"created: {_date(rng, FIRST_DAY, ANCHOR).isoformat()}")
            tags = rng.sample(TAGS, rng.randint(1, 3))
            fm.append("tags:")
            fm += [f"  - {t}" for t in tags]
        target = rng.randint(200, 800)
        parts = [self.paragraph()]
        if rng.random() < 0.3:
            parts.append(f"Related: #{rng.choice(TAGS)} #{rng.choice(TAGS)}")
        if rng.random() < 0.08:
            # links and tasks inside code are not links or tasks (SPEC section 1)
            parts.append("```markdown\n- [ ] not a task 📅 2026-01-01\nsee [[Not A Link]]\n```")
        tasks = [self.task() for _ in range(rng.choice([0, 0, 1, 2, 4]))]
        if tasks:
            parts.append("\n".join(tasks))
        self.fill(parts, target)
        return _note(fm, parts) if fm else "\n\n".join(parts) + "\n"

    def pitch(self) -> str:
        fm = [
            "type: pitch",
            "audience: Owners of family-run bakeries and cafés with 5 to 50 staff",
            "ideal_client: A café owner who spends more than a day a week on rotas and payroll",
            "problem: Scheduling and payroll eat the owner's weekends",
            "result: Rotas and payroll done in an hour a week",
            "ask: An introduction to the owner of a bakery with two or more shops",
            "seconds: 30",
        ]
        body = [
            "I help owners of family-run bakeries and cafés get their weekends back. Most of them "
            "spend a whole day a week on rotas and payroll. We set up a simple scheduling system "
            "that brings that down to an hour. A great introduction for me is the owner of a bakery "
            "with two or more shops who is tired of doing payroll on Sunday night.",
        ]
        return _note(fm, body)


def _note(fm: list[str], parts: list[str]) -> str:
    return "---\n" + "\n".join(fm) + "\n---\n" + "\n\n".join(parts) + "\n"


def _safe_filename(title: str) -> str:
    return title.replace("/", "-").replace("\\", "-").replace(":", "-") + ".md"


def iter_notes(n: int, seed: int = 0):
    """Yield ``(relative path, text)`` for every note, deterministically."""
    rng = random.Random(seed)
    plan = _Plan(n, rng)
    w = _Writer(plan, rng)
    if n >= 1:
        yield "pitch.md", w.pitch()
    for c in plan.contacts:
        yield "people/" + _safe_filename(c["title"]), w.contact(c)
    for e in plan.events:
        yield "events/" + _safe_filename(e["title"]), w.event(e)
    for g in plan.groups:
        yield "groups/" + _safe_filename(g["title"]), w.group(g)
    for x in plan.notes:
        yield "notes/" + _safe_filename(x["title"]), w.plain(x)


TOML = "# plainnet settings: every key has a default, so an empty file is a valid vault marker.\n"


def generate(root, n: int, seed: int = 0) -> Path:
    """Write a vault of ``n`` notes under ``root`` (created if missing); return the root."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    (root / "plainnet.toml").write_text(TOML, encoding="utf-8")
    made: dict[str, None] = {}
    for rel, text in iter_notes(n, seed):
        d = rel.rpartition("/")[0]
        if d and d not in made:
            (root / d).mkdir(parents=True, exist_ok=True)
            made[d] = None
        with open(root / rel, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
    return root


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dir", help="folder to write the vault into (created if missing)")
    ap.add_argument("--n", type=int, default=10_000, help="number of notes (default 10000)")
    ap.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = ap.parse_args(argv)
    if args.n < 1:
        ap.error("--n must be at least 1")
    root = generate(args.dir, args.n, args.seed)
    print(f"wrote {args.n} notes to {root}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
