"""`plainnet init`: make a folder a vault without touching anything already there."""
from __future__ import annotations

from datetime import date
from importlib import resources
from pathlib import Path

CONFIG = """\
# plainnet settings. Every setting is optional: a commented line shows an example value and,
# in parentheses, the default you get while it stays commented. Remove the leading "# " to use it.
# An unknown or misspelt setting is an error, never ignored. All settings: docs/settings.md.
# Top-level settings must stand before the first [table] line.

# default_cadence = "3m"          # stay in touch with every contact this often (off: only contacts with a cadence:)
# card_stack_days = 30            # a contact met this long ago with no next step is an unprocessed card (14)
# homework_days = 7               # planned meetings this far ahead need offer/need for each attendee (14)
# agenda_days = 14                # how far ahead `plainnet agenda` looks for follow-ups (7)
# wpm = 130                       # speaking rate, words per minute, for the pitch length check (150)
# pitch_seconds = 60              # the time slot of a pitch, in seconds (30)
# sentence_words = 20             # words in one sentence of a pitch before pitch-sentence speaks up (25)
# one_sided_ratio = 2             # one-sided: you gave less than got / this (3)
# one_sided_min_got = 5           # one-sided: only once you got at least this many things (3)
# templates = "_templates"        # where `plainnet new` finds note templates, not indexed ("templates")
# ignore = [".obsidian", ".git", ".plainnet", ".trash", "node_modules", "Archive"]   # folders never read
# my_emails = ["you@example.com"]   # your own addresses: calendar import leaves you out of attendees ([])

# Turn a check off, change its severity or a threshold ('plainnet check --list-rules' lists them):
# rules.pitch-jargon.enabled = false
# rules.one-sided.severity = "warning"
# rules.card-stack.days = 30

# Extend or trim the word lists the checks use:
# wordlists.extend.jargon = ["paradigm shift"]
# wordlists.remove.jargon = ["solutions"]

# Which folder holds which kind of note (a note's own `type:` wins); the kinds are
# contact, event, group and pitch. These are the defaults.
[folders]
people = "contact"
events = "event"
groups = "group"
"""

PITCH = """\
---
type: pitch
audience:
problem:
result:
ask:
seconds: 30
---

I help (who, specifically) with (the problem they have) so that (the result they get).
A great introduction for me is (a specific person or role you would like to meet).
"""


def init_vault(directory: str | Path) -> list[str]:
    """Create what is missing and say what was done; never overwrites an existing file."""
    root = Path(directory)
    root.mkdir(parents=True, exist_ok=True)
    done = []

    def create(rel: str, text: str) -> None:
        path = root / rel
        if path.exists():
            done.append(f"kept {rel} (already there)")
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "x", encoding="utf-8", newline="") as f:
            f.write(text)
        done.append(f"created {rel}")

    create("plainnet.toml", CONFIG)
    for name in ("contact", "event", "group", "pitch"):
        create(f"templates/{name}.md", resources.files("plainnet").joinpath("templates", f"{name}.md").read_text("utf-8"))
    gitignore = root / ".gitignore"
    if gitignore.exists():
        text = gitignore.read_text(encoding="utf-8")
        if ".plainnet" not in text:
            with open(gitignore, "a", encoding="utf-8", newline="") as f:
                f.write(("" if text.endswith("\n") or not text else "\n") + ".plainnet/\n")
            done.append("added .plainnet/ to .gitignore")
        else:
            done.append("kept .gitignore (already ignores .plainnet/)")
    else:
        create(".gitignore", "# plainnet's index is a cache: never commit it\n.plainnet/\n")
    create("pitch.md", PITCH)
    for folder in ("people", "events", "groups"):
        (root / folder).mkdir(exist_ok=True)
    done.append(f"vault ready at {root.resolve()} ({date.today().isoformat()}); next: plainnet new contact \"Jane Doe\"")
    return done
