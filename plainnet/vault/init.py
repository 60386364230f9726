"""`plainnet init`: make a folder a vault without touching anything already there."""
from __future__ import annotations

from datetime import date
from importlib import resources
from pathlib import Path

CONFIG = """\
# plainnet settings. Every key is optional; these are the defaults.

# Which folder holds which kind of note (a note's own `type:` wins).
[folders]
people = "contact"
events = "event"
groups = "group"

# default_cadence = "3m"   # stay in touch with every contact at least this often
# card_stack_days = 14     # a contact met this long ago with no next step is an unprocessed card
# homework_days = 14       # planned meetings this far ahead need offer/need for each attendee
# agenda_days = 7          # how far ahead `plainnet agenda` looks for follow-ups
# wpm = 150                # speaking rate for the pitch length check
# pitch_seconds = 30       # the default slot for a pitch
# templates = "templates"  # where `plainnet new` finds note templates (not indexed)

# Turn a check off, change its severity or threshold:
# [rules.pitch-jargon]
# enabled = false
# [rules.one-sided]
# severity = "info"

# Extend or trim the word lists the checks use:
# [wordlists.extend]
# jargon = ["paradigm shift"]
# [wordlists.remove]
# jargon = ["solutions"]
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
