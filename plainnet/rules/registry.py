"""The rule registry: every rule `plainnet check` knows, with its severity, thresholds and source.

This is the one place a rule is described. The checks look their defaults up here, the config
layer validates `[rules.<id>]` tables against it, and `plainnet check --explain RULE` /
`--list-rules` print from it. The `quotes` are verbatim sentences (or parts of sentences) from the
two articles plainnet's advice comes from, "Why your Networking is not Delivering Results" and
"10 Signs That You're Doing Networking Wrong" (after Ivan Misner), curly quotes and all.

Default severities:
- **error**: the vault itself is broken in a way that loses information (`data-yaml`, `data-date`).
- **warning**: a concrete problem with a concrete fix: the pitch checks, promises and follow-ups,
  homework, objectives, contacts nobody followed up, mailing-listing without consent, links.
- **info**: advice about habits that have good exceptions (pitch-sentence, one-sided,
  only-known-people, social-only-followup, group-*, pitch-meeting, stay-in-touch).
Only errors make `check` exit 1 unless `--fail-on warning`.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from plainnet.notes.findings import SEVERITIES

WHY_NOT_DELIVERING = "“Why your Networking is not Delivering Results”"
TEN_SIGNS = "“10 Signs That You're Doing Networking Wrong” (after Ivan Misner)"

SILENCE = (
    "Silence it for one note with `<!-- plainnet-disable {id} -->` in the body or "
    "`plainnet_ignore: [{id}]` in the front matter; for one run with `--ignore {id}`; for the "
    "whole vault with `[rules.{id}]` `enabled = false` (or another `severity`) in plainnet.toml."
)


@dataclass(frozen=True)
class Rule:
    """One check. `thresholds` are the defaults a vault overrides under `[rules.<id>]`."""

    id: str
    severity: str
    summary: str
    explanation: str
    source: str
    quotes: tuple[str, ...] = ()
    thresholds: dict = field(default_factory=dict)
    applies_to: tuple[str, ...] = ()  # note types; empty means every note (data-* rules)

    def __post_init__(self):
        if self.severity not in SEVERITIES:
            raise ValueError(f"{self.id}: severity {self.severity!r} not in {SEVERITIES}")


def _r(id, severity, summary, explanation, source, quotes=(), thresholds=None, applies_to=()):
    return Rule(
        id=id,
        severity=severity,
        summary=summary,
        explanation=" ".join(explanation.split()),
        source=source,
        quotes=tuple(quotes),
        thresholds=dict(thresholds or {}),
        applies_to=tuple(applies_to),
    )


_PITCH = ("pitch", "event")

_ALL: list[Rule] = [
    # --- the pitch statement -------------------------------------------------------------------
    _r(
        "pitch-length", "warning",
        "the pitch takes longer to say than its time slot",
        """Counts the spoken words of the statement (Markdown, links and comments removed) and
        estimates the time at `wpm` words per minute. Fires when it is over the slot: the note's
        `seconds:` or the `seconds` threshold (30 s at 150 wpm is 75 words). The finding points at
        the word where the slot runs out and says how many words to cut. Why: a statement is for
        people to act on, and nobody acts on what they stopped listening to.""",
        f"{WHY_NOT_DELIVERING}, mistake 2 (homework), quoting Forbes; ~150 words/min is a usual speaking rate",
        ["without putting them to sleep"],
        {"seconds": 30, "wpm": 150},
        _PITCH,
    ),
    _r(
        "pitch-who", "warning",
        "the pitch does not say whom you help",
        """Reads the pitch into slots (`plainnet pitch` shows them) and fires when the audience
        slot is missing: no `audience:` / `ideal_client:` and no kind of person or organisation
        named as whom you help in the text ("I help …", "… for independent architects", "If you
        run a restaurant", "Dentists call me when …"). Your employer ("head of sales for
        Northwind") is not an audience, and the message says so. A generic audience ("I help
        businesses") is pitch-vague-client instead. Why: listeners can only refer you if they can
        picture the person who needs you.""",
        f"{WHY_NOT_DELIVERING}, mistake 2 (homework)",
        ["gives people enough information to act on your behalf"],
        {},
        _PITCH,
    ),
    _r(
        "pitch-problem", "warning",
        "the pitch names no problem solved and no result delivered",
        """Fires when no problem or result belongs to the client: no `problem:` / `result:`, and
        no clause in the text that attaches a pain or a change to the client (they, you, their …,
        "so that …", "without …", "instead of …", the audience's own "who …" clause, a measured
        change). The speaker's biography ("I won two awards") does not count; an outcome anyone
        could promise ("grow", "succeed", the `vague_outcomes` list) is reported as vague, with the
        words read. Why: a title and a service do not tell anyone they need you; a problem they
        recognise does. Not reported when pitch-title-only is.""",
        f"{TEN_SIGNS}, sign 10",
        ["You assume, from that information they’ll be able to figure out that they need your services."],
        {},
        _PITCH,
    ),
    _r(
        "pitch-ask", "warning",
        "the pitch has no ask: what a good referral or introduction looks like",
        """Looks for `ask:` or, where it is empty, an ask in the text ("a great introduction for me
        is …", "a good referral for me is …", "if you know anyone who …", "I'd love to meet …";
        the list is `ask_patterns`). Why: the weekly BNI presentation ends with a specific ask
        because people who want to help you need to know what to listen for.""",
        f"{TEN_SIGNS}, sign 7; the BNI weekly-presentation structure",
        ["You’re wondering why you’re not getting any business referrals."],
        {},
        _PITCH,
    ),
    _r(
        "pitch-vague-client", "warning",
        "the ideal client or the ask is \"anyone\", \"everyone\", \"anyone with money\"…",
        """Fires when the audience or the person asked for is a catch-all, wherever it stands: a
        generic head ("people", "businesses", "companies", "anyone", "everyone") that nothing
        narrows by trade, size, place, stage or situation. Needing what you sell ("businesses that
        need an accountant"), wanting money or success ("anyone who wants more clients") and
        catch-alls ("of all sizes", "across the UK", "a wide range of"; the `vague_clients` list)
        do not narrow; "anyone who runs a dental practice" does. Checks `audience:`,
        `ideal_client:` and `ask:` too. Why: Misner's "specific is terrific": nobody can think of
        "anyone".""",
        f"{TEN_SIGNS}, sign 8; Misner, “specific is terrific”",
        ["You state “anyone who has the money to hire me” when asked who your ideal client is."],
        {},
        _PITCH,
    ),
    _r(
        "pitch-title-only", "warning",
        "the introduction is only \"I'm a <title> at <company>\"",
        """Fires when only the speaker slot is filled ("I'm a … at …", "I'm in insurance", "I'm the
        co-founder of X", "Mike from PrintWorks", a headline) or a bare list of services, and the
        pitch names neither an audience nor a problem or result. It replaces pitch-who and
        pitch-problem for that note, since the fix is the same. Why: what you do and where you
        work leaves the listener to work out who needs you, and they will not.""",
        f"{TEN_SIGNS}, sign 10",
        ["You introduce yourself by telling others what you do and where you work."],
        {},
        _PITCH,
    ),
    _r(
        "pitch-jargon", "warning",
        "buzzwords a listener cannot act on",
        """Finds the entries of the `jargon` list (synergy, leverage, best-in-class, end-to-end,
        solutions, platform, scalable, AI-powered, data-driven, add value, …) in the statement,
        one finding per sentence. Unexplained abbreviations are pitch-acronym. "Solutions" is jargon;
        "I solve …" is not. Why: a prepared statement must give people something to act on, and a
        buzzword gives them nothing to repeat. Trim or extend the list in `[wordlists]`.""",
        f"{WHY_NOT_DELIVERING}, mistake 2 (homework)",
        ["a prepared statement that gives people enough information to act on your behalf"],
        {},
        _PITCH,
    ),
    _r(
        "pitch-acronym", "info",
        "an abbreviation the pitch does not spell out",
        """Finds words in capitals ("CRM", "B2B", "SaaS", "FP&A") that the pitch never spells
        out, beyond the short list everyone knows (`known_acronyms`: UK, CEO, VAT, NHS …). An
        abbreviation followed by its words in brackets, or right after them ("customer
        relationship management (CRM)"), is spelled out. Kept apart from pitch-jargon so you can
        turn it off when your listeners share your trade's abbreviations. Why: a listener who
        does not know the letters cannot repeat them to the person who needs you.""",
        f"{WHY_NOT_DELIVERING}, mistake 2 (homework)",
        ["a prepared statement that gives people enough information to act on your behalf"],
        {},
        _PITCH,
    ),
    _r(
        "pitch-unfinished", "warning",
        "the pitch still holds template placeholders",
        """Fires on a pitch whose text or `audience`/`problem`/`result`/`ask` still holds a
        placeholder: a lone `…` or `...` where words belong, `<your audience>`-style brackets,
        TODO, TBD or FIXME; the pitch `init` writes ("I help … who struggle with …") is one. Why:
        an unfinished pitch is not ready to say, whatever else it gets right.""",
        f"{WHY_NOT_DELIVERING}, mistake 2 (homework)",
        ["a prepared statement that gives people enough information to act on your behalf"],
        {},
        _PITCH,
    ),
    _r(
        "pitch-sentence", "info",
        "a sentence too long to say in one breath",
        """Counts the words of each sentence of the statement and fires above `max_words` (25
        words fire at 26). Sentences end at . ! ? …, at blank lines, headings and list items;
        abbreviations such as "e.g." and "Dr." do not end one. Why: plain-language guidance (GOV.UK
        content design) keeps sentences to about 25 words, and a spoken sentence longer than a
        breath loses the listener.""",
        "plain-language guidance (GOV.UK content design: keep sentences to about 25 words)",
        [],
        {"max_words": 25},
        _PITCH,
    ),
    # --- habits -----------------------------------------------------------------------------------
    _r(
        "event-no-objectives", "warning",
        "an event with no objectives",
        """Fires on an event note with no `objectives:` (or an empty list). Why: time spent
        networking needs a purpose you can check afterwards.""",
        f"{WHY_NOT_DELIVERING}, mistake 1",
        ["If you have no networking objectives then it is unlikely that you will achieve anything."],
        {"min_objectives": 1},
        ("event",),
    ),
    _r(
        "meeting-no-homework", "warning",
        "a planned meeting whose attendees lack `offer` or `need`",
        """Fires on a planned event within the next `days` days for each attendee whose contact
        note lacks `offer:` (what you can do for them) or `need:` (what you hope they can do for
        you). Why: preparing both is the homework before a meeting.""",
        f"{WHY_NOT_DELIVERING}, mistake 2",
        ["you can clearly articulate what you can offer them and or what it is that you need from them."],
        {"days": 14},
        ("event", "contact"),
    ),
    _r(
        "followup-overdue", "warning",
        "an open follow-up past its due date",
        """Fires on every open follow-up (a `follow_ups:` entry not done, or an open task with 📅 or
        [due:: …]) whose due date is before today. Why: a promise kept late is still better than
        one forgotten.""",
        f"{WHY_NOT_DELIVERING}, mistake 3",
        ["Always ensure that you do what you said you would do, when you said you would do it."],
        {"grace_days": 0},
        ("contact", "event", "group", "pitch"),
    ),
    _r(
        "promise-untracked", "warning",
        "a promise (\"I'll call you\", \"send me your resume\") with no dated follow-up",
        """Finds promise phrases (the `promise_phrases` list: "I'll call you", "we must catch up",
        "send me your resume", "I'll send…") in a contact or event note that has no open, dated
        follow-up, and open tasks with no due date in an event note (undated promises). Why: a
        promise nobody scheduled is the one that does not happen.""",
        f"{WHY_NOT_DELIVERING}, mistake 3",
        ["“We must catch up soon”. “You must send me over your resume”. “I’ll call you”.",
         "These are fine sentiments, but worthless if nothing actually happens next."],
        {},
        ("contact", "event"),
    ),
    _r(
        "one-sided", "info",
        "a contact where you got much more than you gave",
        """Counts the `gave:` and `got:` entries of a contact and fires when got ≥ `min_got` and
        gave < got / `ratio`. Why: networking lasts when it works both ways; give before you
        ask again.""",
        f"{WHY_NOT_DELIVERING}, mistake 4",
        ["Networking is only ever successful when it works both ways.",
         "forget about what you can get and focus on what you can provide"],
        {"min_got": 3, "ratio": 3},
        ("contact",),
    ),
    _r(
        "only-known-people", "info",
        "a past event where you met nobody new",
        """Fires on a past event whose attendees you had all met before it (no contact first met
        there). Why: the benefit is in meeting people you do not know yet; sitting with friends
        and co-workers feels good and changes nothing.""",
        f"{WHY_NOT_DELIVERING}, mistake 5; {TEN_SIGNS}, signs 3-4",
        ["IT can be much harder to break into the unfamiliar and meet and greet new people but this is often where the most benefit can be found.",
         "You attend a weekly networking lunch and make sure to sit next to someone you know so you’ll have something to talk about."],
        {"min_new_people": 1},
        ("event",),
    ),
    _r(
        "card-stack", "warning",
        "a contact met long ago with no interaction, follow-up or meeting since",
        """Fires on a contact first met more than `days` days ago with no interaction since, no
        open follow-up and no planned meeting. Why: a stack of cards nobody follows up is
        clutter; decide on a next step or let the contact go.""",
        f"{TEN_SIGNS}, sign 1",
        ["You have a stack of business cards you’ve collected in your car…on your dresser…on your desk…in your purse…with no idea what to do with them."],
        {"days": 14},
        ("contact",),
    ),
    _r(
        "list-without-consent", "warning",
        "`mailing_list: true` without `consent`",
        """Fires on a contact on your mailing list with no record of when and how they agreed.
        Why: a card is not permission, and mailing people who did not ask is a quick way to lose
        them (and, in many countries, against the law).""",
        f"{TEN_SIGNS}, sign 2",
        ["You’ve added everyone you’ve met to your email list. After all, their email address was on their card so they must want to hear from you."],
        {},
        ("contact",),
    ),
    _r(
        "social-only-followup", "info",
        "the only open follow-ups are friend or connection requests",
        """Fires on a contact or event whose open follow-ups are all friend, connection or follow
        requests (the `friend_request_phrases` list). Why: a connection request is not a next
        step; plan a conversation.""",
        f"{TEN_SIGNS}, sign 5",
        ["You spend your evening finding individuals you met at today’s networking event on Facebook and sending them friend requests."],
        {},
        ("contact", "event"),
    ),
    _r(
        "group-no-purpose", "info",
        "a group with no purpose, or joined because friends are there",
        """Fires on a group note with no `purpose:`/`objectives:`, or whose `why_joined:` is only
        that friends are there or that it is fun. Why: a group costs hours every month; know what
        you want from it.""",
        f"{TEN_SIGNS}, sign 6",
        ["You’re primary reason to join a new networking group is because your friends are there and it sounds like fun."],
        {},
        ("group",),
    ),
    _r(
        "group-lapsed", "info",
        "a group attended at most once since joining, or not for a long time",
        """Fires on a group attended at most once since `joined:`, or not for longer than `factor`
        times its `meets:` interval. Why: referrals come from being known, and one meeting a month
        ago is not being known.""",
        f"{TEN_SIGNS}, sign 7",
        ["After all, you attended one meeting a month ago and told people about your business."],
        {"min_attended": 2, "factor": 2},
        ("group",),
    ),
    _r(
        "pitch-meeting", "info",
        "a one-to-one whose objective is to pitch, sell or try out a pitch",
        """Fires on a coffee, lunch or call whose objectives are to pitch or sell. Why: a
        one-to-one is for learning about the other person and how to help each other; people
        notice when they have been invited to a sales pitch.""",
        f"{TEN_SIGNS}, sign 9",
        ["You invite someone to meet for coffee so you can try out your new sales pitch."],
        {},
        ("event",),
    ),
    _r(
        "stay-in-touch", "info",
        "a contact whose last contact is older than its cadence",
        """Fires on a contact whose last contact (from `last_contact:`, events, the ledger and
        the log) is longer ago than its `cadence:` (or the vault's default cadence). Why:
        relationships fade without care; the agenda lists these too.""",
        f"{WHY_NOT_DELIVERING}, mistake 3 (nurture every relationship)",
        ["You need to work hard to ensure that you continue to build and nurture every relationship."],
        {},
        ("contact",),
    ),
    # --- data -------------------------------------------------------------------------------------
    _r(
        "data-yaml", "error",
        "invalid front matter",
        """The front matter does not parse as YAML (or is not a mapping). plainnet reads the rest
        of the note as body text and the rest of the vault normally. Why: a field nobody can read
        is a field silently lost.""",
        "plainnet's vault format (docs/format.md): bad input is reported with its file and line, never a crash",
    ),
    _r(
        "data-date", "error",
        "a date field that is not an ISO date",
        """A date field (`date`, `last_contact`, `met`, `joined`, `due`, 📅 …) that is not
        `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM`. Why: a follow-up with an unreadable date never
        becomes due.""",
        "plainnet's vault format (docs/format.md, Dates)",
    ),
    _r(
        "data-cadence", "error",
        "a cadence or `meets:` interval plainnet cannot read",
        """A contact's `cadence:` or a group's `meets:` that is not an interval plainnet reads:
        `2w`, `30d`, `3m`, `1y`, `3 months`, `6 weeks`, `every 2 weeks`, `every month`, `weekly`,
        `fortnightly`, `monthly`, `quarterly`, `half-yearly`, `yearly`, `annually`, or `never`
        (months are 30 days). "biweekly" and "bimonthly" are refused as ambiguous. Why: an
        unreadable cadence would silently turn stay-in-touch off for that contact.""",
        "the vault format: a value plainnet cannot use is reported at its line, never ignored",
    ),
    _r(
        "data-value", "warning",
        "a field plainnet reads holds a value it cannot use",
        """An event's `status:` that is not planned, done or cancelled; a `kind:` no check knows
        (coffee, lunch, call, meeting, conference, meetup, workshop…); a pitch's `seconds:` that is
        not a number above 0; a contact's `mailing_list:` that is not yes or no; a follow-up's
        `done:` that is not true, false or a date; a `type:` that looks like a misspelt note type
        (`contacts`). The message says how plainnet reads it meanwhile. Why: a value read as a
        default without a word is a reminder lost.""",
        "the vault format: a value plainnet cannot use is reported at its line, never ignored",
    ),
    _r(
        "data-link", "warning",
        "a link to no note or file",
        """A wikilink or Markdown link, in the body or in front matter, that resolves to no note,
        title, alias or file. Why: introductions and attendees are followed through links.""",
        "plainnet's vault format (docs/format.md, Links)",
    ),
    _r(
        "data-link-unquoted", "warning",
        "an unquoted [[link]] in front matter",
        """An unquoted `[[Jane Doe]]` in front matter: YAML reads it as a nested list. plainnet still
        understands it, but Obsidian does not show it as a link; quote it: `"[[Jane Doe]]"`.""",
        "plainnet's vault format (docs/format.md, Links): Obsidian wants front-matter links quoted",
    ),
    _r(
        "data-duplicate", "warning",
        "two notes for one person",
        """Two contact notes with the same email, or the same name or alias. Why: history split
        over two notes gives wrong last-contact dates and duplicate reminders; merge them.""",
        "plainnet's vault format (docs/format.md); plainnet import dedupes by email and name",
    ),
    _r(
        "data-file", "warning",
        "a file plainnet could not read, or would not follow",
        """A note that is not valid UTF-8 (read with replacement characters), larger than 16 MiB,
        unreadable (permissions), or a symlink that leads outside the vault (never followed, so a
        vault cannot make plainnet read /etc/passwd). Why: the rest of the vault keeps working, and
        you learn which file to fix.""",
        "plainnet's promise: never a crash or a silent skip for a file it cannot read",
    ),
]

RULES: dict[str, Rule] = {r.id: r for r in _ALL}

#: flat plainnet.toml keys (config.DEFAULTS) that set a rule threshold
FLAT_THRESHOLDS: dict[str, tuple[str, str]] = {
    "wpm": ("pitch-length", "wpm"),
    "pitch_seconds": ("pitch-length", "seconds"),
    "seconds": ("pitch-length", "seconds"),
    "sentence_words": ("pitch-sentence", "max_words"),
    "max_words": ("pitch-sentence", "max_words"),
    "card_stack_days": ("card-stack", "days"),
    "homework_days": ("meeting-no-homework", "days"),
    "one_sided_ratio": ("one-sided", "ratio"),
    "one_sided_min_got": ("one-sided", "min_got"),
}


def get_rule(rule_id: str) -> Rule:
    """The rule, or KeyError whose message suggests the nearest ids."""
    try:
        return RULES[rule_id]
    except KeyError:
        import difflib

        near = difflib.get_close_matches(rule_id, RULES, n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(near)}?" if near else f"; known rules: {', '.join(RULES)}"
        raise KeyError(f"unknown rule {rule_id!r}{hint}") from None


def _get(cfg, key, default=None):
    if cfg is None:
        return default
    if isinstance(cfg, Mapping) or hasattr(cfg, "get"):
        try:
            return cfg.get(key, default)
        except Exception:  # a Config-like object whose get() is stricter
            return default
    return default


def _rule_table(config, rule_id: str) -> dict:
    """`config["rules"][rule_id]`, falling back to `config[rule_id]`; {} when absent."""
    for table in (_get(_get(config, "rules"), rule_id), _get(config, rule_id)):
        if isinstance(table, Mapping):
            return dict(table)
    return {}


def thresholds(rule_id: str, config=None) -> dict:
    """A rule's thresholds: its defaults, then the flat plainnet.toml keys (`wpm`, `pitch_seconds`,
    `sentence_words`, `card_stack_days`…), then `[rules.<id>]`. `config` is a plain dict (e.g.
    `Config.data`), a `Config`, or None."""
    rule = get_rule(rule_id)
    out = dict(rule.thresholds)
    for key, (rid, name) in FLAT_THRESHOLDS.items():
        if rid == rule_id:
            value = _get(config, key)
            if value is not None and not isinstance(value, bool):
                out[name] = value
    for key, value in _rule_table(config, rule_id).items():
        if key not in ("enabled", "severity"):
            out[key] = value
    return out


def severity(rule_id: str, config=None) -> str:
    """The rule's severity: `[rules.<id>] severity`, else `config["severity"][id]`, else the default.
    An invalid configured value raises ValueError (the config layer reports it as exit 2)."""
    rule = get_rule(rule_id)
    value = _rule_table(config, rule_id).get("severity")
    if value is None:
        value = _get(_get(config, "severity"), rule_id)
    if value is None:
        return rule.severity
    if value not in SEVERITIES:
        raise ValueError(f"[rules.{rule_id}] severity must be one of {', '.join(SEVERITIES)}, got {value!r}")
    return value


def enabled(rule_id: str, config=None) -> bool:
    """False only when the vault says `[rules.<id>] enabled = false`."""
    return _rule_table(config, rule_id).get("enabled", True) is not False


_DISABLE = re.compile(r"<!--\s*plainnet-disable\b([^>]*?)-->", re.IGNORECASE)


def silenced(front_matter: Mapping | None, body: str = "") -> set[str]:
    """Rule ids silenced in one note: `plainnet_ignore: [RULE, …]` (a list or a comma/space
    separated string) and `<!-- plainnet-disable RULE[, RULE…] -->` comments anywhere in the body.
    A bare `<!-- plainnet-disable -->` or the id `all` silences every rule: the result is {"all"}."""
    out: set[str] = set()
    value = (front_matter or {}).get("plainnet_ignore") if isinstance(front_matter, Mapping) else None
    items = value if isinstance(value, (list, tuple)) else [value] if value else []
    for item in items:
        if isinstance(item, str):
            out.update(x for x in re.split(r"[\s,]+", item) if x)
    for m in _DISABLE.finditer(body or ""):
        ids = [x for x in re.split(r"[\s,]+", m.group(1)) if x]
        out.update(ids or ["all"])
    return {"all"} if "all" in out else out


def explain(rule_id: str) -> str:
    """The text `plainnet check --explain RULE` prints: what, why (source and quotes), how to
    silence, default severity and thresholds. KeyError (with suggestions) for an unknown id."""
    import textwrap

    rule = get_rule(rule_id)
    width = 88
    out = [f"{rule.id} ({rule.severity}): {rule.summary}", ""]
    out += textwrap.wrap(rule.explanation, width, break_on_hyphens=False)
    out.append("")
    out += textwrap.wrap(f"Source: {rule.source}", width, subsequent_indent="  ")
    for q in rule.quotes:
        out += textwrap.wrap(f"“{q}”" if not q.startswith("“") else q, width,
                             initial_indent="  > ", subsequent_indent="  > ")
    out.append("")
    if rule.thresholds:
        th = ", ".join(f"{k} = {v}" for k, v in rule.thresholds.items())
        out += textwrap.wrap(f"Default thresholds: {th} (set them under [rules.{rule.id}]).", width)
    if rule.applies_to:
        out.append(f"Applies to: {', '.join(rule.applies_to)} notes.")
    out += textwrap.wrap(SILENCE.format(id=rule.id), width, break_on_hyphens=False)
    return "\n".join(out) + "\n"


def rule_table_markdown() -> str:
    """The README's rule table, generated from the registry so the two cannot drift."""
    rows = ["| rule | default | threshold | what | source |", "|---|---|---|---|---|"]
    for r in RULES.values():
        th = ", ".join(f"`{k}={v}`" for k, v in r.thresholds.items()) or ""
        rows.append(f"| `{r.id}` | {r.severity} | {th} | {r.summary.replace('|', '/')} | {r.source} |")
    return "\n".join(rows) + "\n"
